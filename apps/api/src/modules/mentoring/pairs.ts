import type { HealthBoard, MatchReason, Mentorship, MentorshipSummary, PairHealth } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  endPair, getPairRows, listConsultations, listNotes, listSessions, lockPair, markRematch, mySurveys, programmeAdminIds, updatePairGoals,
  type PairRow,
} from '@yui/db/queries/mentoring-pairs';
import { emitEvent } from '@yui/db/queries/outbox';
import { getRegionPeople } from '@yui/db/queries/region-people';
import { lockOwnEntries } from '@yui/db/queries/mentoring-programmes';
import { surveysDue, todayInJapan } from '@yui/domain';
import { AppError, conflict, notFound } from '../../lib/errors';
import { adminProgrammeOr403, findProgramme, type MentoringActor, type ProgrammeAccessRow } from './access';
import { readPairSummaries, summaryOf } from './pair-view';
import { noteView } from './notes';
import { afterPairsEnded } from './pair-end';
import { sessionView } from './sessions';

/**
 * A pair (mentorship): who sees it, its page, goals, a rematch request, ending it.
 *
 * Seen by its two people and by the programme's admins (who get neither the private notes nor the
 * surveys); anyone else — a colleague of the same town included — and another region / another town's
 * own programme: 404. Visible but not theirs to do (an admin logging a session, the mentor asking for a
 * rematch): 403 with the issue.
 */

export type PairSide = 'mentor' | 'mentee';

export interface PairAccess {
  pair: PairRow;
  programme: ProgrammeAccessRow;
  /** The reader's side of the pair; null: an admin of the programme who is not in it. */
  side: PairSide | null;
  isAdmin: boolean;
}

/** 403 with the issue under `field` (visible, but not the reader's to do). */
export const refused = (field: string, issue: string) => new AppError(403, 'forbidden', { [field]: issue });

/**
 * The pair as the reader may see it (404 otherwise). `lock` locks the pair's row first (every change of
 * a pair, its sessions and its time goes through that lock).
 */
export async function pairAccess(tx: Db, actor: MentoringActor, id: string, opts: { lock?: boolean } = {}): Promise<PairAccess> {
  if (opts.lock && !(await lockPair(tx, { regionId: actor.regionId, id }))) throw notFound();
  const [pair] = await getPairRows(tx, { regionId: actor.regionId, ids: [id], today: todayInJapan() });
  if (!pair) throw notFound();
  const programme = await findProgramme(tx, actor, pair.programmeId);
  if (!programme) throw notFound();
  const side: PairSide | null = actor.userId === pair.mentorId ? 'mentor' : actor.userId === pair.menteeId ? 'mentee' : null;
  if (!side && !programme.isAdmin) throw notFound();
  return { pair, programme, side, isAdmin: programme.isAdmin };
}

/** The two of the pair only: an admin gets 403 (`not_in_pair`); everyone else already got 404. */
export async function pairMemberAccess(tx: Db, actor: MentoringActor, id: string, opts: { lock?: boolean } = {}): Promise<PairAccess & { side: PairSide }> {
  const a = await pairAccess(tx, actor, id, opts);
  if (!a.side) throw refused('mentorship', 'not_in_pair');
  return a as PairAccess & { side: PairSide };
}

/** The two of the pair only, and nobody else may learn more (private notes): an admin too gets 404. */
export async function pairPrivateAccess(tx: Db, actor: MentoringActor, id: string, opts: { lock?: boolean } = {}): Promise<PairAccess & { side: PairSide }> {
  const a = await pairAccess(tx, actor, id, opts);
  if (!a.side) throw notFound();
  return a as PairAccess & { side: PairSide };
}

export const activeOr409 = (a: PairAccess): void => {
  if (a.pair.status !== 'active') throw conflict({ mentorship: 'pair_ended' });
};

/** My pairs, as mentor or mentee, active first. */
export async function listMyPairs(tx: Db, actor: MentoringActor): Promise<{ items: MentorshipSummary[] }> {
  return { items: await readPairSummaries(tx, actor, { userId: actor.userId }) };
}

/** All pairs of a programme with their health, and how many are in each state (the programme's admins). */
export async function healthBoard(tx: Db, actor: MentoringActor, programmeId: string): Promise<HealthBoard> {
  await adminProgrammeOr403(tx, actor, programmeId);
  const items = await readPairSummaries(tx, actor, { programmeId });
  const counts: Record<PairHealth, number> = { new: 0, good: 0, quiet: 0, stalled: 0, ended: 0 };
  for (const p of items) counts[p.health]++;
  return { items, counts };
}

/** The pair's page. The pair: sessions, private notes, their surveys; an admin: sessions only. */
export async function readMentorship(tx: Db, actor: MentoringActor, id: string, access?: PairAccess): Promise<Mentorship> {
  const a = access ?? await pairAccess(tx, actor, id);
  const { pair, side } = a;
  const today = todayInJapan();
  const sessions = await listSessions(tx, { regionId: actor.regionId, mentorshipId: pair.id });
  const notes = side ? await listNotes(tx, { regionId: actor.regionId, mentorshipId: pair.id }) : [];
  const people = await getRegionPeople(tx, [pair.mentorId, pair.menteeId, ...sessions.map((s) => s.loggedBy), ...notes.map((n) => n.authorId)]);
  const active = pair.status === 'active';
  const view: Mentorship = {
    ...summaryOf(pair, people, actor, today),
    goals: pair.goals,
    reasons: pair.reasons as MatchReason[],
    matchedVia: pair.matchedVia,
    sessions: sessions.map((s) => sessionView(s, people, side)),
    can: {
      logSession: !!side && active,
      editGoals: !!side && active,
      requestRematch: side === 'mentee' && active,
      consult: side === 'mentor' && active,
      end: a.isAdmin && active,
    },
  };
  if (side) {
    view.notes = notes.map((n) => noteView(n, people, actor));
    const mine = await mySurveys(tx, { mentorshipId: pair.id, userId: actor.userId });
    view.surveys = {
      mine: mine.map((s) => ({ ...s })),
      due: surveysDue({ startsOn: pair.startsOn, endsOn: pair.endsOn, today, ended: !active }),
    };
  }
  if (side === 'mentor') {
    view.consultationCount = (await listConsultations(tx, { regionId: actor.regionId, userId: actor.userId, mentorshipId: pair.id })).length;
  }
  return view;
}

/** Goals: the pair, while active. */
export async function updateGoals(tx: Db, actor: MentoringActor, id: string, goals: string): Promise<Mentorship> {
  const a = await pairMemberAccess(tx, actor, id, { lock: true });
  activeOr409(a);
  await updatePairGoals(tx, id, goals);
  return readMentorship(tx, actor, id);
}

/**
 * The mentee asks for a new match: the pair ends ('rematch'), its sessions planned from today on are
 * cancelled (pair-end.ts: the 20% requests standing for them are released by the worker), the mentor
 * is never suggested to them again in this programme, the programme's admins are told (the reason
 * stays in the app) and so is the mentor.
 */
export async function requestRematch(tx: Db, actor: MentoringActor, id: string, reason: string): Promise<Mentorship> {
  const seen = await pairAccess(tx, actor, id);
  if (seen.side !== 'mentee') throw refused('mentorship', 'mentee_only');
  // The lock order of a confirmation (the mentee's entry, then the pair), so the two never wait on each other in a cycle.
  await lockOwnEntries(tx, { regionId: actor.regionId, programmeId: seen.pair.programmeId, userId: actor.userId });
  const a = await pairAccess(tx, actor, id, { lock: true });
  activeOr409(a);
  const { pair, programme } = a;
  await endPair(tx, id, 'rematch');
  await afterPairsEnded(tx, actor, [id], 'rematch');
  await markRematch(tx, { programmeId: pair.programmeId, menteeId: pair.menteeId, mentorId: pair.mentorId, reason });
  const base = { mentorshipId: id, programmeTitle: pair.programmeTitle };
  const adminIds = (await programmeAdminIds(tx, programme)).filter((x) => x !== actor.userId);
  if (adminIds.length) {
    const menteeName = (await getRegionPeople(tx, [pair.menteeId])).get(pair.menteeId)?.name ?? '';
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'mentoring.rematch_requested', actorId: actor.userId,
      payload: { ...base, recipientIds: adminIds, programmeId: pair.programmeId, menteeName },
    });
  }
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'mentoring.pair_ended', actorId: actor.userId,
    payload: { ...base, recipientIds: [pair.mentorId], reason: 'rematch' },
  });
  return readMentorship(tx, actor, id);
}

/** The programme's admins end a pair (completed / withdrawn); planned sessions go as on a rematch; both are told. */
export async function endMentorship(tx: Db, actor: MentoringActor, id: string, reason: 'completed' | 'withdrawn'): Promise<Mentorship> {
  const a = await pairAccess(tx, actor, id, { lock: true });
  if (!a.isAdmin) throw refused('mentorship', 'not_programme_admin');
  activeOr409(a);
  await endPair(tx, id, reason);
  await afterPairsEnded(tx, actor, [id], reason);
  const recipientIds = [a.pair.mentorId, a.pair.menteeId].filter((x) => x !== actor.userId);
  if (recipientIds.length) {
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'mentoring.pair_ended', actorId: actor.userId,
      payload: { mentorshipId: id, programmeTitle: a.pair.programmeTitle, recipientIds, reason },
    });
  }
  return readMentorship(tx, actor, id);
}
