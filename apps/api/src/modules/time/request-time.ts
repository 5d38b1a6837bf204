/**
 * The one way a time request comes into being — the HTTP route and other features (calls for help,
 * events, mentoring) alike. See README.md in this folder.
 */
import type { ActivityKind, TimeRequest } from '@yui/contracts';
import type { Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import {
  findByIdempotencyKey, getApprovers, getCountedDays, getCurrentPolicy, getTimeRequests, insertHistory, insertTimeRequest,
  lockRequester, type PolicyRow, type RequesterRow,
} from '@yui/db/queries/time';
import { checkRequest, periodOf, todayInJapan, type PlannedDay } from '@yui/domain';
import { AppError, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { problemFields, requestView, rulesOf, type TimeActor } from './view';

export type { TimeActor } from './view';

export interface TimeRef {
  /** What kind of thing the time is for: 'help_call', 'event', 'mentorship', … */
  type: string;
  id: string;
  /** Shown beside the request (the call's or event's title at the time of filing). */
  title?: string | null;
}

export interface RequestTimeInput {
  activity: ActivityKind;
  ref: TimeRef | null;
  days: PlannedDay[];
  purpose: string;
  /** The same key again (a retried job, a double click) returns the first request instead of a second. */
  idempotencyKey?: string | null;
  /** false keeps it as a draft (the form's "save"); features filing on someone's behalf leave it true. */
  submit?: boolean;
}

/** Why the time was not requested. `fields` are field errors for an HTTP answer (refusalError). */
export type TimeRefusal =
  | {
    reason: 'over_budget';
    period: { start: string; end: string };
    remainingMinutes: number;
    requestedMinutes: number;
    fields: Record<string, FieldIssue>;
  }
  /** A date in the past or too soon, zero or too many minutes, a date twice… */
  | { reason: 'invalid'; fields: Record<string, FieldIssue> }
  /** Nobody manages the requester's department (or any above it). */
  | { reason: 'no_approver'; fields: Record<string, FieldIssue> };

export type RequestTimeResult =
  | { ok: true; created: boolean; request: TimeRequest }
  | { ok: false; refusal: TimeRefusal };

/** A refusal as the HTTP error (400 with the fields named). */
export const refusalError = (r: TimeRefusal): AppError => invalid(r.fields);

/** Locks the actor's own row before anything is judged (see lockRequester); someone who has left: 404. */
export async function lockMe(tx: Db, actor: TimeActor): Promise<RequesterRow> {
  const me = await lockRequester(tx, { tenantId: actor.tenantId, userId: actor.userId });
  if (!me?.active) throw notFound();
  return me;
}

export interface Verdict {
  policy: PolicyRow;
  managers: Array<{ id: string; name: string }>;
  /** Managers and their deputies active today: who is told. */
  approverIds: string[];
}

/**
 * Judges days for `me` (whose row the caller has locked) against the policy in force now and, when
 * submitting, the budget and who approves. `excludeRequestId`: the request being resubmitted (its own
 * days do not count against it).
 */
export async function judge(
  tx: Db, tenantId: string, me: RequesterRow, days: PlannedDay[],
  opts: { submit: boolean; today: string; excludeRequestId?: string },
): Promise<{ ok: true; verdict: Verdict } | { ok: false; refusal: TimeRefusal }> {
  const policy = await getCurrentPolicy(tx, { tenantId });
  if (!policy) throw new Error(`municipality ${tenantId} has no time policy`);
  const rules = rulesOf(policy);
  let existing: Awaited<ReturnType<typeof getCountedDays>> = [];
  if (opts.submit && days.length) {
    const periods = days.map((d) => periodOf(d.date, rules.period));
    existing = await getCountedDays(tx, {
      tenantId,
      windows: [{ requesterId: me.id, from: periods.map((p) => p.start).sort()[0]!, to: periods.map((p) => p.end).sort().at(-1)! }],
      excludeRequestId: opts.excludeRequestId,
    });
  }
  // A draft does not count against the budget (it is checked again on submission).
  const problems = checkRequest(rules, me.weeklyMinutes, days, existing, opts.today)
    .filter((p) => opts.submit || p.issue !== 'over_budget');
  if (problems.length) {
    const fields = problemFields(problems, rules);
    const over = problems.find((p) => p.issue === 'over_budget');
    if (over && 'period' in over && problems.every((p) => p.issue === 'over_budget')) {
      return {
        ok: false,
        refusal: { reason: 'over_budget', period: over.period, remainingMinutes: over.remainingMinutes, requestedMinutes: over.requestedMinutes, fields },
      };
    }
    return { ok: false, refusal: { reason: 'invalid', fields } };
  }
  if (!opts.submit) return { ok: true, verdict: { policy, managers: [], approverIds: [] } };
  const { managers, deputyIds } = await getApprovers(tx, { tenantId, departmentId: me.departmentId, requesterId: me.id, today: opts.today });
  if (!managers.length) return { ok: false, refusal: { reason: 'no_approver', fields: { approver: 'no_approver' } } };
  return { ok: true, verdict: { policy, managers, approverIds: [...new Set([...managers.map((m) => m.id), ...deputyIds])] } };
}

/** Tells the approvers (and the deputies standing in for them) that a request waits for them. */
export async function emitSubmitted(
  tx: Db, actor: TimeActor,
  s: { requestId: string; ref: { type: string; id: string } | null; verdict: Verdict; me: RequesterRow; days: PlannedDay[] },
): Promise<void> {
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'time_request.submitted', actorId: actor.userId,
    payload: {
      requestId: s.requestId, ref: s.ref, approverIds: s.verdict.approverIds, requesterName: s.me.name,
      minutes: s.days.reduce((sum, d) => sum + d.minutes, 0), firstDate: s.days.map((d) => d.date).sort()[0]!,
    },
  });
}

/** One request as `actor` sees it; `canDecide` when they decide for its department (see actions.ts). */
export async function readRequest(tx: Db, actor: TimeActor, id: string, opts: { canDecide: boolean; today?: string } = { canDecide: false }): Promise<TimeRequest> {
  const [row] = await getTimeRequests(tx, { tenantId: actor.tenantId, ids: [id] });
  if (!row) throw notFound();
  return requestView(row, { userId: actor.userId, canDecide: opts.canDecide }, opts.today ?? todayInJapan());
}

/**
 * Files time for `actor`: checks the days against the policy in force and the budget, finds the
 * approver, and stores the request (submitted, unless `submit: false`) with its history row and the
 * 'time_request.submitted' outbox event, all in the caller's transaction `tx` (which must run in the
 * actor's tenant context). Nothing is written when it is refused.
 *
 * The requester's row is locked first, so concurrent requests of one person are judged one after the
 * other: together they never exceed the cap.
 */
export async function requestTime(tx: Db, actor: TimeActor, input: RequestTimeInput): Promise<RequestTimeResult> {
  const today = todayInJapan();
  const me = await lockMe(tx, actor);
  const key = input.idempotencyKey ?? null;
  if (key) {
    const existing = await findByIdempotencyKey(tx, { tenantId: actor.tenantId, requesterId: me.id, key });
    if (existing) return { ok: true, created: false, request: await readRequest(tx, actor, existing, { canDecide: false, today }) };
  }
  const submit = input.submit ?? true;
  const judged = await judge(tx, actor.tenantId, me, input.days, { submit, today });
  if (!judged.ok) return judged;
  const { verdict } = judged;

  const id = await insertTimeRequest(tx, {
    tenantId: actor.tenantId,
    requesterId: me.id,
    departmentId: me.departmentId,
    policyId: submit ? verdict.policy.id : null,
    activityKind: input.activity,
    ref: input.ref ? { type: input.ref.type, id: input.ref.id, title: input.ref.title ?? null } : null,
    purpose: input.purpose,
    status: submit ? 'submitted' : 'draft',
    days: input.days,
    approverId: verdict.managers[0]?.id ?? null,
    idempotencyKey: key,
  });
  if (!id) {
    // Only reachable if the requester lock were bypassed: the key's first request stands.
    const first = await findByIdempotencyKey(tx, { tenantId: actor.tenantId, requesterId: me.id, key: key! });
    return { ok: true, created: false, request: await readRequest(tx, actor, first!, { canDecide: false, today }) };
  }
  await insertHistory(tx, {
    tenantId: actor.tenantId, requestId: id, actorId: actor.userId,
    action: submit ? 'submit' : 'create', fromStatus: null, toStatus: submit ? 'submitted' : 'draft',
  });
  if (submit) {
    const ref = input.ref ? { type: input.ref.type, id: input.ref.id } : null;
    await emitSubmitted(tx, actor, { requestId: id, ref, verdict, me, days: input.days });
  }
  return { ok: true, created: true, request: await readRequest(tx, actor, id, { canDecide: false, today }) };
}

/**
 * The actor's newest request for a thing (e.g. their time for a call for help), or null: how a feature
 * shows "waiting for your manager" / "approved" next to the thing.
 */
export async function timeRequestForRef(tx: Db, actor: TimeActor, ref: { type: string; id: string }): Promise<TimeRequest | null> {
  const [row] = await getTimeRequests(tx, { tenantId: actor.tenantId, requesterId: actor.userId, ref, limit: 1 });
  return row ? requestView(row, { userId: actor.userId, canDecide: false }, todayInJapan()) : null;
}

/**
 * Every request of the town for a thing, newest first (e.g. which of the town's staff got time for an
 * event). Read-only: `can` is all false.
 */
export async function timeRequestsForRef(tx: Db, tenantId: string, ref: { type: string; id: string }): Promise<TimeRequest[]> {
  const rows = await getTimeRequests(tx, { tenantId, ref });
  return rows.map((r) => requestView(r, { userId: '', canDecide: false }, todayInJapan()));
}
