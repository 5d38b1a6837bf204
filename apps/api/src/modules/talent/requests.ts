import type { z } from 'zod';
import {
  helpDirectStatusLabels, type DirectRequest, type DirectRequestCreate, type directRequestAnswer, type helpParticipation,
} from '@yui/contracts';
import type { Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import {
  activeDepartmentOf, departmentOfUser, findDirectByKey, getDirectRequest, getTalent, insertDirectRequest, listDirectRequests,
  updateDirectRequest, type DirectRow, type DirectStatus,
} from '@yui/db/queries/talent';
import { getTimeRequests, type TimeRequestRow } from '@yui/db/queries/time';
import { todayInJapan } from '@yui/domain';
import { conflict, forbidden, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { personRefs } from '../communities/access';
import { cancelRequest, withdrawRequest } from '../time/actions';
import { refusalError, requestTime } from '../time/request-time';
import { directView, type TalentActor } from './view';

/**
 * 人材宛依頼: a department asks one registered person directly.
 *
 *   sent ──answer accept (files the talent's 20% request)──▶ pending_time ──time approved──▶ accepted (成立)
 *     │                                                          │  time declined ▶ time_declined
 *     └─answer decline▶ declined                                 └─ withdrawn / cancelled / revoked time ▶ withdrawn
 *   the requester withdraws while sent / pending_time / accepted ▶ withdrawn
 *
 * Only the two people concerned see a request: RLS already limits it to their two towns, and the
 * rest of those towns get 404 here too. Every change locks the request row (FOR UPDATE) first and
 * checks its status under the lock. Changes of the talent's time arrive through the time module's
 * ref hook (`timeHook`, registered for 'help_direct_request') in the same transaction as the decision.
 * Lock order is always time request → direct request: the talent's own withdrawal goes through the
 * time module first and lets the hook change the request, exactly like a manager's decision.
 */

const REF_TYPE = 'help_direct_request';

const statusParams = (s: DirectStatus, issue: 'already_decided' | 'request_not_withdrawable' = 'already_decided'): FieldIssue => ({
  issue,
  params: { statusJa: helpDirectStatusLabels[s]?.ja ?? s, statusEn: helpDirectStatusLabels[s]?.en ?? s },
});

async function timeStatuses(tx: Db, actor: TalentActor, rows: DirectRow[]): Promise<Map<string, TimeRequestRow['status']>> {
  // Only the talent's own 20% requests, read in their own town (the requester's town cannot see them).
  const ids = rows.filter((r) => r.talentUserId === actor.userId && r.timeRequestId).map((r) => r.timeRequestId!);
  if (!ids.length) return new Map();
  const found = await getTimeRequests(tx, { tenantId: actor.tenantId, ids });
  return new Map(found.map((t) => [t.id, t.status]));
}

async function views(tx: Db, actor: TalentActor, rows: DirectRow[]): Promise<DirectRequest[]> {
  const [people, time] = await Promise.all([
    personRefs(tx, rows.flatMap((r) => [r.requestedBy, r.talentUserId])),
    timeStatuses(tx, actor, rows),
  ]);
  const today = todayInJapan();
  return rows.map((r) => directView(r, { viewerId: actor.userId, today, people, time }));
}

/** The request if the actor is one of its two people, else 404 (also for the rest of their towns). */
async function partyRow(tx: Db, actor: TalentActor, id: string, lock = false): Promise<DirectRow> {
  const r = await getDirectRequest(tx, { regionId: actor.regionId, id, lock });
  if (!r || (r.requestedBy !== actor.userId && r.talentUserId !== actor.userId)) throw notFound();
  return r;
}

export async function readDirect(tx: Db, actor: TalentActor, id: string): Promise<DirectRequest> {
  return (await views(tx, actor, [await partyRow(tx, actor, id)]))[0]!;
}

export async function listDirect(tx: Db, actor: TalentActor, box: 'received' | 'sent') {
  const rows = await listDirectRequests(tx, { regionId: actor.regionId, userId: actor.userId, box, limit: 200 });
  return { items: await views(tx, actor, rows) };
}

/**
 * Sends a request to an active talent of the region (not oneself), on behalf of the requester's own
 * department or another active department of their town. A repeated idempotency key returns the
 * first request (created: false).
 */
export async function createDirect(
  tx: Db, actor: TalentActor, talentUserId: string, body: DirectRequestCreate,
): Promise<{ created: boolean; request: DirectRequest }> {
  const people = await personRefs(tx, [talentUserId, actor.userId]);
  const target = people.get(talentUserId);
  const me = people.get(actor.userId);
  if (!target || !me) throw notFound();
  if (body.idempotencyKey) {
    const earlier = await findDirectByKey(tx, { requestedBy: actor.userId, key: body.idempotencyKey });
    if (earlier) return { created: false, request: await readDirect(tx, actor, earlier) };
  }
  if (talentUserId === actor.userId) throw invalid({ talent: 'own_request' });
  const talent = await getTalent(tx, { regionId: actor.regionId, userId: talentUserId });
  if (!talent?.active) throw invalid({ talent: 'not_talent' });

  const fields: Record<string, FieldIssue> = {};
  const today = todayInJapan();
  if (body.workStart < today) fields.workStart = 'date_in_past';
  if (body.workEnd < body.workStart) fields.workEnd = 'before_start';
  let departmentId = body.departmentId;
  if (!departmentId) {
    departmentId = (await departmentOfUser(tx, { municipalityId: actor.tenantId, userId: actor.userId })) ?? undefined;
    if (!departmentId) fields.departmentId = 'required';
  }
  const dept = departmentId ? await activeDepartmentOf(tx, { municipalityId: actor.tenantId, departmentId }) : null;
  if (departmentId && !dept) fields.departmentId = 'unknown_department';
  if (Object.keys(fields).length || !dept) throw invalid(fields);

  const id = await insertDirectRequest(tx, {
    regionId: actor.regionId,
    municipalityId: actor.tenantId,
    departmentId: dept.id,
    requestedBy: actor.userId,
    talentUserId,
    talentMunicipalityId: talent.municipalityId,
    title: body.title,
    body: body.body,
    category: body.category,
    workStart: body.workStart,
    workEnd: body.workEnd,
    hoursNote: body.hoursNote ?? null,
    minutesPerDay: body.minutesPerDay,
    place: body.place ?? null,
    idempotencyKey: body.idempotencyKey ?? null,
  });
  if (!id) {
    // A concurrent double submit won the key: its request stands.
    const first = await findDirectByKey(tx, { requestedBy: actor.userId, key: body.idempotencyKey! });
    return { created: false, request: await readDirect(tx, actor, first!) };
  }
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'help.direct_requested', actorId: actor.userId,
    payload: { requestId: id, title: body.title, recipientIds: [talentUserId], fromName: me.name, departmentName: dept.name },
  });
  return { created: true, request: await readDirect(tx, actor, id) };
}

/**
 * The talent answers. Accepting files their 20% request for the chosen days (within the request's
 * dates) in this same transaction: refused time (over budget, too soon, no approver) leaves the
 * request untouched ('sent') and answers 400 with the time module's field errors.
 */
export async function answerDirect(tx: Db, actor: TalentActor, id: string, body: z.infer<typeof directRequestAnswer>): Promise<DirectRequest> {
  const r = await partyRow(tx, actor, id, true);
  // The requester sees the request, but the answer is the talent's.
  if (r.talentUserId !== actor.userId) throw forbidden();
  if (r.status !== 'sent') throw conflict({ answer: statusParams(r.status) });
  const talentName = (await personRefs(tx, [actor.userId])).get(actor.userId)?.name ?? '';
  const note = body.note ?? null;

  if (body.answer === 'decline') {
    await updateDirectRequest(tx, id, { status: 'declined', responseNote: note, responded: true });
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'help.direct_answered', actorId: actor.userId,
      payload: { requestId: id, title: r.title, recipientIds: [r.requestedBy], talentName, accepted: false, note },
    });
    return readDirect(tx, actor, id);
  }

  if (!body.days?.length) throw invalid({ days: 'days_required' });
  const fields: Record<string, FieldIssue> = {};
  body.days.forEach((d, i) => {
    if (d.date < r.workStart || d.date > r.workEnd) fields[`days.${i}.date`] = 'date_outside_work';
  });
  if (Object.keys(fields).length) throw invalid(fields);
  const result = await requestTime(tx, actor, {
    activity: 'help_call',
    ref: { type: REF_TYPE, id, title: r.title },
    days: body.days,
    purpose: r.title,
    idempotencyKey: `${REF_TYPE}:${id}:${r.attempt}`,
  });
  if (!result.ok) throw refusalError(result.refusal);
  const days = [...body.days].sort((a, b) => (a.date < b.date ? -1 : 1));
  await updateDirectRequest(tx, id, {
    status: 'pending_time', responseNote: note, responded: true, timeRequestId: result.request.id,
    plannedMinutes: days.reduce((s, d) => s + d.minutes, 0), firstDate: days[0]!.date,
  });
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'help.direct_answered', actorId: actor.userId,
    payload: { requestId: id, title: r.title, recipientIds: [r.requestedBy], talentName, accepted: true, note },
  });
  return readDirect(tx, actor, id);
}

/**
 * Withdraw. The requester: while sent / pending_time / accepted; the talent is told, and the worker,
 * delivering help.direct_withdrawn in the talent's own town (which the requester cannot touch),
 * releases their 20% request (ref = this request): pending → withdrawn, approved → cancelled unless
 * its first day has come (processors/help/release-time.ts). The talent:
 * while pending_time / accepted, by withdrawing (pending) or cancelling (approved) their own 20%
 * request through the time module — its hook then marks the request withdrawn and tells the requester.
 */
export async function withdrawDirect(tx: Db, actor: TalentActor, id: string): Promise<DirectRequest> {
  const peek = await partyRow(tx, actor, id);
  if (peek.talentUserId === actor.userId && peek.requestedBy !== actor.userId) {
    if (peek.status !== 'pending_time' && peek.status !== 'accepted') throw conflict({ request: statusParams(peek.status, 'request_not_withdrawable') });
    const [time] = peek.timeRequestId ? await getTimeRequests(tx, { tenantId: actor.tenantId, ids: [peek.timeRequestId] }) : [];
    if (time && (time.status === 'submitted' || time.status === 'returned' || time.status === 'draft')) {
      await withdrawRequest(tx, actor, time.id);
    } else if (time?.status === 'approved') {
      await cancelRequest(tx, actor, time.id);
    }
    // Time already gone some other way (or the hook found nothing to do): still withdrawn.
    const r = await partyRow(tx, actor, id, true);
    if (r.status === 'pending_time' || r.status === 'accepted') {
      await updateDirectRequest(tx, id, { status: 'withdrawn', withdrawn: true }, ['pending_time', 'accepted']);
    }
    return readDirect(tx, actor, id);
  }

  const r = await partyRow(tx, actor, id, true);
  if (r.status !== 'sent' && r.status !== 'pending_time' && r.status !== 'accepted') throw conflict({ request: statusParams(r.status, 'request_not_withdrawable') });
  await updateDirectRequest(tx, id, { status: 'withdrawn', withdrawn: true });
  const fromName = (await personRefs(tx, [actor.userId])).get(actor.userId)?.name ?? '';
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'help.direct_withdrawn', actorId: actor.userId,
    payload: { requestId: id, title: r.title, recipientIds: [r.talentUserId], fromName },
  });
  return readDirect(tx, actor, id);
}

/**
 * After the work (the requester): minutes taken part (0: did not come) and a thank-you shown on the
 * talent's profile. Only an agreed request, once its first day has come. A thank-you newly written
 * (or changed) tells the talent.
 */
export async function recordDirect(tx: Db, actor: TalentActor, id: string, body: z.infer<typeof helpParticipation>): Promise<DirectRequest> {
  const r = await partyRow(tx, actor, id, true);
  // The talent sees the request, but recording the work is the requester's.
  if (r.requestedBy !== actor.userId) throw forbidden();
  if (r.status !== 'accepted') throw invalid({ minutes: 'not_accepted' });
  if (r.workStart > todayInJapan()) throw invalid({ minutes: 'not_yet_started' });
  const thanks = body.thanks?.trim() || null;
  await updateDirectRequest(tx, id, {
    participatedMinutes: body.minutes, recordedBy: actor.userId,
    ...(body.thanks !== undefined ? { thanks, thankedBy: thanks ? actor.userId : null } : {}),
  });
  if (thanks && thanks !== r.thanks) {
    const fromName = (await personRefs(tx, [actor.userId])).get(actor.userId)?.name ?? '';
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'help.direct_thanked', actorId: actor.userId,
      payload: { requestId: id, title: r.title, recipientIds: [r.talentUserId], fromName },
    });
  }
  return readDirect(tx, actor, id);
}
