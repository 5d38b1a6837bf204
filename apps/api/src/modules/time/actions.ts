import type { z } from 'zod';
import type { Locale, TimeRequest, actualsBody, bulkDecisionResult, timeRequestUpdate } from '@yui/contracts';
import type { Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import {
  canDecideFor, getApprovers, lockTimeRequests, getCurrentPolicy, getRequestDays, getUserName, insertHistory, lockRequester, lockTimeRequest, replaceDays,
  setActuals, updateTimeRequest, type LockedRequest, type RequestChange,
} from '@yui/db/queries/time';
import {
  actualsExceedApproved, checkRequest, todayInJapan, transition, type TimeRequestAction, type TimeRequestStatus,
} from '@yui/domain';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors';
import { errorText } from './messages';
import { emitSubmitted, judge, lockMe, readRequest, refusalError } from './request-time';
import { problemFields, refusedTransition, rulesOf, type TimeActor } from './view';
import { timeRefChanged, timeRefsBatch } from './ref-hooks';

/**
 * Everything that changes a request after it exists. Each runs in the caller's transaction: the status
 * change, its time_request_history row and its outbox event commit together or not at all. Each locks
 * the request row first (FOR UPDATE), so two managers deciding at once, or a decision racing a
 * withdrawal, are applied one after the other and the second sees the first's status.
 */

type Role = 'requester' | 'approver';

/**
 * How the actor stands to a request: its requester, or someone who decides for its department (a
 * draft has no approver yet). Null: it is not theirs to see, and the answer is 404.
 */
async function roleOf(tx: Db, actor: TimeActor, r: LockedRequest, today: string): Promise<Role | null> {
  if (r.requesterId === actor.userId) return 'requester';
  if (r.submittedAt && (await canDecideFor(tx, { tenantId: actor.tenantId, userId: actor.userId, departmentId: r.departmentId, requesterId: r.requesterId, today }))) {
    return 'approver';
  }
  return null;
}

/** Loads and locks the request, checks the actor's role and that `action` may happen now. */
async function begin(tx: Db, actor: TimeActor, id: string, action: TimeRequestAction, as: Role, today: string) {
  const r = await lockTimeRequest(tx, { tenantId: actor.tenantId, id });
  if (!r) throw notFound();
  const role = await roleOf(tx, actor, r, today);
  if (!role) throw notFound();
  if (role !== as) {
    // They can see it, but this step is the other party's: the requester cannot approve their own time.
    throw as === 'approver' ? new AppError(403, 'forbidden', { decision: 'not_approver' }) : forbidden();
  }
  const t = transition(action, r.status, as, r.firstDate, today);
  if (!t.ok) throw refusedTransition(action, r.status, t.reason);
  return { r, to: t.to };
}

/**
 * Moves the request from `from` to `to` (with whatever else `change` sets) and writes the step's
 * history row.
 */
async function move(
  tx: Db, actor: TimeActor, id: string, action: TimeRequestAction, from: TimeRequestStatus, to: TimeRequestStatus,
  extra: { change?: RequestChange; comment?: string | null } = {},
): Promise<void> {
  await updateTimeRequest(tx, { tenantId: actor.tenantId, id, change: { status: to, ...extra.change } });
  await insertHistory(tx, { tenantId: actor.tenantId, requestId: id, actorId: actor.userId, action, fromStatus: from, toStatus: to, comment: extra.comment });
}

const refOf = (r: LockedRequest) => (r.refType && r.refId ? { type: r.refType, id: r.refId } : null);

async function nameOf(tx: Db, actor: TimeActor): Promise<string> {
  return (await getUserName(tx, { tenantId: actor.tenantId, userId: actor.userId })) ?? '';
}

// ── the requester ───────────────────────────────────────────────────────────────────────────────

/** Edits a draft or a returned request. Days are checked field by field; the budget on submission. */
export async function editRequest(tx: Db, actor: TimeActor, id: string, patch: z.infer<typeof timeRequestUpdate>): Promise<TimeRequest> {
  const today = todayInJapan();
  const me = await lockMe(tx, actor);
  const { r } = await begin(tx, actor, id, 'edit', 'requester', today);
  if (patch.days) {
    const policy = await getCurrentPolicy(tx, { tenantId: actor.tenantId });
    const rules = rulesOf(policy!);
    const problems = checkRequest(rules, me.weeklyMinutes, patch.days, [], today).filter((p) => p.issue !== 'over_budget');
    if (problems.length) throw invalid(problemFields(problems, rules));
    await replaceDays(tx, { tenantId: actor.tenantId, requestId: id, requesterId: me.id, days: patch.days });
  }
  if (patch.activityKind || patch.purpose) {
    await updateTimeRequest(tx, { tenantId: actor.tenantId, id, change: { activityKind: patch.activityKind, purpose: patch.purpose } });
  }
  if (patch.days || patch.activityKind || patch.purpose) {
    await insertHistory(tx, { tenantId: actor.tenantId, requestId: id, actorId: actor.userId, action: 'edit', fromStatus: r.status, toStatus: r.status });
  }
  return readRequest(tx, actor, id, { canDecide: false, today });
}

/**
 * Submits a draft, or resubmits a returned request: judged afresh by the policy in force now (and that
 * version is recorded), with the requester locked before the budget is summed, as on creation.
 */
export async function submitRequest(tx: Db, actor: TimeActor, id: string): Promise<TimeRequest> {
  const today = todayInJapan();
  const me = await lockMe(tx, actor);
  const { r } = await begin(tx, actor, id, 'submit', 'requester', today);
  const days = (await getRequestDays(tx, { tenantId: actor.tenantId, requestId: id })).map((d) => ({ date: d.date, minutes: d.plannedMinutes }));
  const judged = await judge(tx, actor.tenantId, me, days, { submit: true, today, excludeRequestId: id });
  if (!judged.ok) throw refusalError(judged.refusal);
  const { verdict } = judged;
  await move(tx, actor, id, 'submit', r.status, 'submitted', {
    change: {
      policyId: verdict.policy.id, departmentId: me.departmentId, approverId: verdict.managers[0]!.id,
      submittedAt: 'now', decidedBy: null, decidedAt: null, decisionComment: null,
    },
  });
  await emitSubmitted(tx, actor, { requestId: id, ref: refOf(r), verdict, me, days });
  return readRequest(tx, actor, id, { canDecide: false, today });
}

/**
 * Takes back a draft, a pending or a returned request (before any decision to approve). Withdrawing a
 * pending one tells its approvers, and a feature that filed it (by its ref), in the same transaction.
 */
export async function withdrawRequest(tx: Db, actor: TimeActor, id: string): Promise<TimeRequest> {
  const today = todayInJapan();
  const { r, to } = await begin(tx, actor, id, 'withdraw', 'requester', today);
  await move(tx, actor, id, 'withdraw', r.status, to);
  await timeRefChanged(tx, { requestId: id, ref: refOf(r), requesterId: r.requesterId, action: 'withdraw', from: r.status, to, actor });
  // Only a pending request has someone waiting on it: a draft was never sent to an approver, and a
  // returned one lies with the requester (its approver already decided to send it back).
  if (r.status === 'submitted') {
    const approverIds = await pendingApprovers(tx, actor.tenantId, r, today);
    // Nobody left to tell (the managers and the stored approver are gone): the event needs at least one
    // recipient, and the withdrawal itself must not fail for that — history still records it.
    if (approverIds.length) {
      await emitEvent(tx, {
        tenantId: actor.tenantId, type: 'time_request.withdrawn', actorId: actor.userId,
        payload: { requestId: id, ref: refOf(r), approverIds, requesterName: await nameOf(tx, actor) },
      });
    }
  }
  return readRequest(tx, actor, id, { canDecide: false, today });
}

/**
 * Who waits on a pending request: the approvers as on submission (the managers for the request's
 * department, plus their deputies active today); if none resolve now, the approver stored at submission.
 */
async function pendingApprovers(tx: Db, tenantId: string, r: LockedRequest, today: string): Promise<string[]> {
  const { managers, deputyIds } = await getApprovers(tx, { tenantId, departmentId: r.departmentId, requesterId: r.requesterId, today });
  const ids = [...new Set([...managers.map((m) => m.id), ...deputyIds])];
  if (ids.length) return ids;
  return r.approverId ? [r.approverId] : [];
}

/** Cancels approved time before its first date; the approver is told. */
export async function cancelRequest(tx: Db, actor: TimeActor, id: string): Promise<TimeRequest> {
  const today = todayInJapan();
  const { r, to } = await begin(tx, actor, id, 'cancel', 'requester', today);
  await move(tx, actor, id, 'cancel', r.status, to);
  await timeRefChanged(tx, { requestId: id, ref: refOf(r), requesterId: r.requesterId, action: 'cancel', from: r.status, to, actor });
  const approverIds = [...new Set([r.decidedById, r.approverId].filter((x): x is string => !!x))];
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'time_request.cancelled', actorId: actor.userId,
    payload: { requestId: id, ref: refOf(r), approverIds, requesterName: await nameOf(tx, actor) },
  });
  return readRequest(tx, actor, id, { canDecide: false, today });
}

/**
 * Records the actual minutes of days that have come (they replace the planned minutes in the budget).
 * Actual time above the approved total is flagged, not refused: it has been spent.
 */
export async function recordActuals(tx: Db, actor: TimeActor, id: string, body: z.infer<typeof actualsBody>): Promise<TimeRequest> {
  const today = todayInJapan();
  // Actuals change the sums other submissions are judged by: the same lock, in the same order.
  await lockRequester(tx, { tenantId: actor.tenantId, userId: actor.userId });
  await begin(tx, actor, id, 'record_actuals', 'requester', today);
  const days = await getRequestDays(tx, { tenantId: actor.tenantId, requestId: id });
  const planned = new Set(days.map((d) => d.date));
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  body.days.forEach((d, i) => {
    const f = `days.${i}.date`;
    if (!planned.has(d.date)) fields[f] = 'not_in_request';
    else if (seen.has(d.date)) fields[f] = 'duplicate_date';
    else if (d.date > today) fields[f] = 'not_yet_happened';
    seen.add(d.date);
  });
  if (Object.keys(fields).length) throw invalid(fields);
  const given = new Map(body.days.map((d) => [d.date, d.minutes]));
  const after = days.map((d) => ({ plannedMinutes: d.plannedMinutes, actualMinutes: given.get(d.date) ?? d.actualMinutes }));
  const recorded = after.filter((d) => d.actualMinutes !== null);
  await setActuals(tx, {
    tenantId: actor.tenantId, requestId: id, days: body.days,
    actualMinutes: recorded.length ? recorded.reduce((s, d) => s + d.actualMinutes!, 0) : null,
    actualsExceed: actualsExceedApproved(after),
  });
  await insertHistory(tx, { tenantId: actor.tenantId, requestId: id, actorId: actor.userId, action: 'record_actuals', fromStatus: 'approved', toStatus: 'approved' });
  return readRequest(tx, actor, id, { canDecide: false, today });
}

// ── the approver ────────────────────────────────────────────────────────────────────────────────

export interface DecisionInput {
  decision: 'approve' | 'decline' | 'return';
  comment: string | null;
}

const EVENT = { approve: 'time_request.approved', decline: 'time_request.declined', return: 'time_request.returned' } as const;

/** The requester needs to know why a request was declined or returned. */
function checkDecision(d: DecisionInput) {
  if (d.decision !== 'approve' && !d.comment) throw invalid({ comment: 'comment_required' });
}

/** Decides one request: the status, its history row and its event. Reads nothing back. */
async function applyDecision(tx: Db, actor: TimeActor, id: string, d: DecisionInput, today: string, deciderName: string): Promise<void> {
  const { r, to } = await begin(tx, actor, id, d.decision, 'approver', today);
  const comment = d.comment || null;
  await move(tx, actor, id, d.decision, r.status, to, { change: { decidedBy: actor.userId, decidedAt: 'now', decisionComment: comment }, comment });
  await timeRefChanged(tx, { requestId: id, ref: refOf(r), requesterId: r.requesterId, action: d.decision, from: r.status, to, actor });
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: EVENT[d.decision], actorId: actor.userId,
    payload: { requestId: id, ref: refOf(r), requesterId: r.requesterId, deciderName, comment },
  });
}

/** Approves, declines or returns a pending request; the requester is told (and a feature that filed it, by its ref). */
export async function decide(tx: Db, actor: TimeActor, id: string, d: DecisionInput): Promise<TimeRequest> {
  checkDecision(d);
  const today = todayInJapan();
  await applyDecision(tx, actor, id, d, today, await nameOf(tx, actor));
  return readRequest(tx, actor, id, { canDecide: true, today });
}

/**
 * Decides many pending requests the same way. Each is decided on its own (a savepoint each): one that
 * cannot be decided — gone, not the actor's, already decided — is reported, the others stand. Ids are
 * taken in sorted order, so two bulk decisions never wait on each other's rows in a cycle. Nothing is
 * read back: the answer lists ids only.
 */
export async function decideMany(
  tx: Db, actor: TimeActor, ids: string[], d: DecisionInput, lang: Locale,
): Promise<z.infer<typeof bulkDecisionResult>> {
  checkDecision(d);
  const today = todayInJapan();
  const deciderName = await nameOf(tx, actor);
  const decided: string[] = [];
  const failed: Array<{ id: string; code: string; message: string }> = [];
  const sorted = [...new Set(ids)].sort();
  // All rows first, in id order: a hook of one request (an application locking its call for help)
  // must not come between the locks of two requests of the same batch.
  const locked = await lockTimeRequests(tx, { tenantId: actor.tenantId, ids: sorted });
  // …and what their hooks will lock (an application's call), in one fixed order too.
  await timeRefsBatch(tx, locked.map((r) => r.ref), actor);
  for (const id of sorted) {
    try {
      await tx.transaction((sp) => applyDecision(sp, actor, id, d, today, deciderName));
      decided.push(id);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      failed.push({ id, code: err.code, message: errorText(err, lang) });
    }
  }
  return { decided, failed };
}

/** Withdraws an approval before the first date (regular work comes first), with a reason for the requester. */
export async function revoke(tx: Db, actor: TimeActor, id: string, reason: string): Promise<TimeRequest> {
  const today = todayInJapan();
  const { r, to } = await begin(tx, actor, id, 'revoke', 'approver', today);
  // decided_* keep the approval (time-to-decision figures); the revocation and its reason are history.
  await move(tx, actor, id, 'revoke', r.status, to, { comment: reason });
  await timeRefChanged(tx, { requestId: id, ref: refOf(r), requesterId: r.requesterId, action: 'revoke', from: r.status, to, actor });
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'time_request.revoked', actorId: actor.userId,
    payload: { requestId: id, ref: refOf(r), requesterId: r.requesterId, deciderName: await nameOf(tx, actor), reason },
  });
  return readRequest(tx, actor, id, { canDecide: true, today });
}
