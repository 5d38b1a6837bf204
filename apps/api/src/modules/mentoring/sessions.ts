import type { MentoringSession, SessionCreate, SessionUpdate, TimeRequestStatusName } from '@yui/contracts';
import { mentoringSessionStatusLabels } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  getSession, insertNote, insertSession, LIVE_TIME_STATUSES, recordHeld, sessionByKey, setSessionTimeRequest, updateSession, type SessionRow,
} from '@yui/db/queries/mentoring-pairs';
import { emitEvent } from '@yui/db/queries/outbox';
import { getRegionPeople, type RegionPerson } from '@yui/db/queries/region-people';
import { getTimeRequests } from '@yui/db/queries/time';
import { todayInJapan } from '@yui/domain';
import { conflict, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { cancelRequest, withdrawRequest } from '../time/actions';
import { refusalError, requestTime } from '../time/request-time';
import type { MentoringActor } from './access';
import { activeOr409, pairMemberAccess, type PairAccess, type PairSide } from './pairs';

/**
 * The session log of a pair: planned sessions (the next one; the other is told) and held ones (they
 * keep the pair alive: last_session_on, and the nudge / admins' notice start over). Only the two of
 * the pair write; an admin reads.
 *
 * 20% time: each of the two files their own request, in their own town, for a planned session
 * (`fileTime` when planning, or POST …/time later). The time module's hook (time-hook.ts) mirrors each
 * request's status onto the session. Cancelling a planned session takes back the canceller's own
 * request (withdrawn while pending, cancelled once approved); the other's may be in another town,
 * which this transaction cannot touch: `mentoring.session_cancelled` names them, and the worker
 * releases it in their town and tells them (as when a pair ends: pair-end.ts). While a request
 * stands, a session is recorded as held on its day and within its minutes (timeStillFits).
 *
 * Dates lie within the pair's period (`outside_pair_period`).
 */

export const SESSION_REF = 'mentoring_session';
/** A request still standing (waiting, or approved): filing again is a 409. */
const LIVE_TIME = LIVE_TIME_STATUSES;

const asTimeStatus = (s: string | null): TimeRequestStatusName | null => (s as TimeRequestStatusName | null) ?? null;

/** A session as one of the pair (`side`) or an admin (null: no request of theirs) reads it. */
export function sessionView(s: SessionRow, people: Map<string, RegionPerson>, side: PairSide | null): MentoringSession {
  const myTimeRequestId = side === 'mentor' ? s.mentorTimeRequestId : side === 'mentee' ? s.menteeTimeRequestId : null;
  return {
    id: s.id,
    status: s.status,
    heldOn: s.heldOn,
    startTime: s.startTime,
    minutes: s.minutes,
    topic: s.topic,
    place: s.place,
    loggedBy: { id: s.loggedBy, name: people.get(s.loggedBy)?.name ?? '' },
    mentorTime: asTimeStatus(s.mentorTimeStatus),
    menteeTime: asTimeStatus(s.menteeTimeStatus),
    myTimeRequestId,
    createdAt: s.createdAt,
  };
}

/**
 * A session's day lies in the pair's period: a held one counts for the pair (and the report's 年度),
 * and a planned one far beyond the end would keep the pair "planned" (and unnudged) for ever.
 */
function withinPeriod(a: PairAccess, heldOn: string): void {
  const { startsOn, endsOn } = a.pair;
  if (heldOn < startsOn || heldOn > endsOn) {
    throw invalid({ heldOn: { issue: 'outside_pair_period', params: { startsOn, endsOn } } });
  }
}

/**
 * Logging a held session: an active pair, or one that ended because its period was over ('completed'),
 * whose last session (on its final day, say) was not logged in time — within its period, as always.
 * Pairs ended otherwise (rematch, withdrawn, closed) take no more sessions.
 */
function activeOrCompleted(a: PairAccess): void {
  if (a.pair.status === 'ended' && a.pair.endReason === 'completed') return;
  activeOr409(a);
}

const statusIssue = (status: SessionRow['status']): FieldIssue => ({
  issue: 'session_wrong_status',
  params: { statusJa: mentoringSessionStatusLabels[status]?.ja ?? status, statusEn: mentoringSessionStatusLabels[status]?.en ?? status },
});

async function readSession(tx: Db, actor: MentoringActor, a: PairAccess, id: string): Promise<MentoringSession> {
  const s = await getSession(tx, { regionId: actor.regionId, mentorshipId: a.pair.id, id });
  if (!s) throw notFound();
  const people = await getRegionPeople(tx, [s.loggedBy]);
  return sessionView(s, people, a.side);
}

/**
 * Files the writer's own 20% request for a planned session, in the caller's transaction: refused by
 * the time rules → the 400 is thrown and nothing of the transaction stays (the session either).
 */
async function fileTime(tx: Db, actor: MentoringActor, a: PairAccess & { side: PairSide }, s: SessionRow): Promise<void> {
  const current = a.side === 'mentor' ? s.mentorTimeRequestId : s.menteeTimeRequestId;
  const status = a.side === 'mentor' ? s.mentorTimeStatus : s.menteeTimeStatus;
  if (current && status && LIVE_TIME.includes(status)) throw conflict({ time: 'time_already_filed' });
  // A second filing after a declined / withdrawn one needs its own key (the first key returns the first request).
  const key = current ? `mentoring-session:${s.id}:${current}` : `mentoring-session:${s.id}`;
  const result = await requestTime(tx, actor, {
    activity: 'mentoring',
    ref: { type: SESSION_REF, id: s.id, title: a.pair.programmeTitle },
    days: [{ date: s.heldOn, minutes: s.minutes }],
    purpose: `職員サポート制度「${a.pair.programmeTitle}」の面談${s.topic ? `（${s.topic}）` : ''}`.slice(0, 1000),
    idempotencyKey: key,
  });
  if (!result.ok) throw refusalError(result.refusal);
  await setSessionTimeRequest(tx, { id: s.id, side: a.side, requestId: result.request.id, status: result.request.status });
}

/** Logs a held session or plans the next one. `created: false`: the same idempotency key again. */
export async function createSession(
  tx: Db, actor: MentoringActor, pairId: string, body: SessionCreate,
): Promise<{ created: boolean; session: MentoringSession }> {
  const a = await pairMemberAccess(tx, actor, pairId, { lock: true });
  if (body.idempotencyKey) {
    const existing = await sessionByKey(tx, { mentorshipId: pairId, loggedBy: actor.userId, key: body.idempotencyKey });
    if (existing) return { created: false, session: await readSession(tx, actor, a, existing) };
  }
  if (body.status === 'held') activeOrCompleted(a);
  else activeOr409(a);
  const today = todayInJapan();
  if (body.status === 'planned' && body.heldOn < today) throw invalid({ heldOn: 'session_in_past' });
  if (body.status === 'held' && body.heldOn > today) throw invalid({ heldOn: 'session_in_future' });
  if (body.status === 'held' && body.fileTime) throw invalid({ fileTime: 'time_for_planned' });
  withinPeriod(a, body.heldOn);

  const id = await insertSession(tx, {
    regionId: actor.regionId, programmeId: a.pair.programmeId, mentorshipId: pairId, status: body.status, heldOn: body.heldOn,
    startTime: body.startTime ?? null, minutes: body.minutes, topic: body.topic, place: body.place ?? null,
    loggedBy: actor.userId, idempotencyKey: body.idempotencyKey ?? null,
  });
  // The key is the writer's across pairs: one already used for another pair's session.
  if (!id) throw conflict({ session: 'duplicate' });
  if (body.note) await addSessionNote(tx, actor, a, id, body.note);

  if (body.status === 'held') {
    await recordHeld(tx, pairId, body.heldOn);
  } else {
    const other = a.side === 'mentor' ? a.pair.menteeId : a.pair.mentorId;
    const byName = (await getRegionPeople(tx, [actor.userId])).get(actor.userId)?.name ?? '';
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'mentoring.session_planned', actorId: actor.userId,
      payload: {
        mentorshipId: pairId, programmeTitle: a.pair.programmeTitle, recipientIds: [other], byName, heldOn: body.heldOn,
        startTime: body.startTime ?? null,
      },
    });
    if (body.fileTime) {
      const s = await getSession(tx, { regionId: actor.regionId, mentorshipId: pairId, id, lock: true });
      await fileTime(tx, actor, a, s!);
    }
  }
  return { created: true, session: await readSession(tx, actor, a, id) };
}

async function addSessionNote(tx: Db, actor: MentoringActor, a: PairAccess, sessionId: string, body: string): Promise<void> {
  await insertNote(tx, {
    regionId: actor.regionId, mentorshipId: a.pair.id, sessionId, mentorId: a.pair.mentorId, menteeId: a.pair.menteeId,
    authorId: actor.userId, body,
  });
}

/**
 * A planned session was held (date, minutes, topic as they turned out), or is cancelled. Cancelling
 * takes back the canceller's own 20% request: withdrawn while pending, cancelled once approved (the
 * time rules refuse cancelling once its day has come). The other's standing request is released by
 * the worker in their own town (mentoring.session_cancelled), which tells them.
 */
export async function changeSession(tx: Db, actor: MentoringActor, pairId: string, sessionId: string, body: SessionUpdate): Promise<MentoringSession> {
  const a = await pairMemberAccess(tx, actor, pairId, { lock: true });
  const s = await getSession(tx, { regionId: actor.regionId, mentorshipId: pairId, id: sessionId, lock: true });
  if (!s) throw notFound();
  if (s.status !== 'planned') throw conflict({ session: statusIssue(s.status) });
  const today = todayInJapan();
  if (body.status === 'held') {
    activeOrCompleted(a);
    const heldOn = body.heldOn ?? s.heldOn;
    if (heldOn > today) throw invalid({ heldOn: 'session_in_future' });
    withinPeriod(a, heldOn);
    timeStillFits(s, heldOn, body.minutes);
    await updateSession(tx, sessionId, { status: 'held', heldOn, minutes: body.minutes, topic: body.topic });
    if (body.note) await addSessionNote(tx, actor, a, sessionId, body.note);
    await recordHeld(tx, pairId, heldOn);
  } else {
    await updateSession(tx, sessionId, { status: 'cancelled' });
    const mine = a.side === 'mentor' ? s.mentorTimeRequestId : s.menteeTimeRequestId;
    if (mine) {
      const [time] = await getTimeRequests(tx, { tenantId: actor.tenantId, ids: [mine] });
      if (time && (time.status === 'submitted' || time.status === 'returned' || time.status === 'draft')) {
        await withdrawRequest(tx, actor, time.id);
      } else if (time?.status === 'approved') {
        await cancelRequest(tx, actor, time.id);
      }
    }
    // The other's request lives in their own town: the worker releases it there and tells them.
    const otherSide = a.side === 'mentor' ? 'mentee' : 'mentor';
    if (liveTime(otherSide === 'mentor' ? s.mentorTimeStatus : s.menteeTimeStatus)) {
      await emitEvent(tx, {
        tenantId: actor.tenantId, type: 'mentoring.session_cancelled', actorId: actor.userId,
        payload: {
          mentorshipId: pairId, programmeTitle: a.pair.programmeTitle, recipientIds: [otherSide === 'mentor' ? a.pair.mentorId : a.pair.menteeId],
          sessionId, heldOn: s.heldOn, reason: 'cancelled',
        },
      });
    }
  }
  return readSession(tx, actor, a, sessionId);
}

const liveTime = (status: string | null): boolean => !!status && LIVE_TIME.includes(status);

/**
 * While either side's 20% request for the session stands, what is recorded as held stays inside
 * it: the same day, and no more minutes than were filed (fewer is fine — the approved time was not
 * all used, and each records the actual minutes in the 20% screens). Moving the day or adding time
 * would leave an approval standing for a day or an amount nobody asked for; the other side's request
 * may be in another town, out of this transaction's reach, so it is refused rather than rewritten.
 * To record it otherwise, the requests are withdrawn first.
 */
function timeStillFits(s: SessionRow, heldOn: string, minutes: number | undefined): void {
  if (!liveTime(s.mentorTimeStatus) && !liveTime(s.menteeTimeStatus)) return;
  const fields: Record<string, FieldIssue> = {};
  if (heldOn !== s.heldOn) fields.heldOn = 'time_filed_for_date';
  if (minutes !== undefined && minutes > s.minutes) fields.minutes = { issue: 'time_filed_minutes', params: { minutes: s.minutes } };
  if (Object.keys(fields).length) throw invalid(fields);
}

/** Files my 20% request for a planned session of the pair (later than planning it). */
export async function fileSessionTime(tx: Db, actor: MentoringActor, pairId: string, sessionId: string): Promise<MentoringSession> {
  const a = await pairMemberAccess(tx, actor, pairId, { lock: true });
  activeOr409(a);
  const s = await getSession(tx, { regionId: actor.regionId, mentorshipId: pairId, id: sessionId, lock: true });
  if (!s) throw notFound();
  if (s.status !== 'planned') throw conflict({ session: statusIssue(s.status) });
  await fileTime(tx, actor, a, s);
  return readSession(tx, actor, a, sessionId);
}
