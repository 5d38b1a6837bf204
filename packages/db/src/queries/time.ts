import { inArray, sql, type SQL } from 'drizzle-orm';
import { COUNTING_STATUSES, type PlannedDay } from '@yui/domain';
import type { Db } from '../client';

/**
 * Queries of the 20% rule (20%ルール): policies, delegations, requests and the budget sums. Every one
 * names its tenant and filters by it; RLS is the backstop. Dates travel as 'YYYY-MM-DD' text (never a
 * JS Date: a date has no time zone), numeric columns as float8.
 */

export const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

/** The request `r` counts against the budget: its status is one of the domain's COUNTING_STATUSES. */
const counted = inArray(sql`r.status`, [...COUNTING_STATUSES]);

// ── policy ──────────────────────────────────────────────────────────────────────────────────────

export type PolicyRow = {
  id: string;
  version: number;
  capPercent: number;
  period: 'week' | 'month';
  leadDays: number;
  maxMinutesPerDay: number;
  reminderWorkingDays: number;
  actualsReminderDays: number;
  note: string | null;
  createdAt: Date;
  createdByName: string | null;
};

const policyColumns = sql`p.id, p.version, p.cap_percent::float8 as "capPercent", p.period, p.lead_days as "leadDays",
  p.max_minutes_per_day as "maxMinutesPerDay", p.reminder_working_days as "reminderWorkingDays",
  p.actuals_reminder_days as "actualsReminderDays", p.note, p.created_at as "createdAt"`;

/** Every version of the town's policy, newest first (a handful: admins change it rarely). */
export async function getPolicies(tx: Db, { tenantId }: { tenantId: string }): Promise<PolicyRow[]> {
  return tx.execute<PolicyRow>(sql`
    select ${policyColumns}, u.name as "createdByName"
    from time_policies p
    left join users u on u.municipality_id = p.municipality_id and u.id = p.created_by
    where p.municipality_id = ${tenantId}
    order by p.version desc`);
}

/** The id of the version in force now: the town's highest (a scalar subquery; null when it has none). */
const currentPolicyId = (tenantId: string) =>
  sql`(select id from time_policies where municipality_id = ${tenantId} order by version desc limit 1)`;

/** The version in force now. */
export async function getCurrentPolicy(tx: Db, { tenantId }: { tenantId: string }): Promise<PolicyRow | null> {
  const rows = await tx.execute<PolicyRow>(sql`
    select ${policyColumns}, null as "createdByName" from time_policies p
    where p.municipality_id = ${tenantId} and p.id = ${currentPolicyId(tenantId)}`);
  return rows[0] ?? null;
}

export interface PolicyWrite {
  capPercent: number;
  period: 'week' | 'month';
  leadDays: number;
  maxMinutesPerDay: number;
  reminderWorkingDays: number;
  actualsReminderDays: number;
  note: string | null;
}

/**
 * Inserts the next version. Two admins saving at once would both read version n and collide on n+1:
 * a transaction-scoped advisory lock per town serialises them, and the insert (a new statement, so a
 * new snapshot under READ COMMITTED) reads the version the other one committed.
 */
export async function insertPolicyVersion(
  tx: Db, { tenantId, policy, createdBy }: { tenantId: string; policy: PolicyWrite; createdBy: string },
): Promise<{ id: string; version: number }> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('yui.time_policy:' || ${tenantId}, 0))`);
  const rows = await tx.execute<{ id: string; version: number }>(sql`
    insert into time_policies (municipality_id, version, cap_percent, period, lead_days, max_minutes_per_day,
                               reminder_working_days, actuals_reminder_days, note, created_by)
    select ${tenantId}, coalesce(max(version), 0) + 1, ${policy.capPercent}, ${policy.period}, ${policy.leadDays},
           ${policy.maxMinutesPerDay}, ${policy.reminderWorkingDays}, ${policy.actualsReminderDays}, ${policy.note}, ${createdBy}
    from time_policies where municipality_id = ${tenantId}
    returning id, version`);
  return rows[0]!;
}

// ── delegations (代理承認) ───────────────────────────────────────────────────────────────────────

export type DelegationRow = {
  id: string;
  managerId: string;
  managerName: string;
  deputyId: string;
  deputyName: string;
  startsOn: string;
  endsOn: string;
  reason: string | null;
};

/**
 * Delegations that have not ended by `today`, by start date. `involving`: only those where this person
 * is the manager or the deputy (an admin sees the whole town).
 */
export async function getDelegations(
  tx: Db, { tenantId, today, involving, ids }: { tenantId: string; today: string; involving?: string; ids?: string[] },
): Promise<DelegationRow[]> {
  return tx.execute<DelegationRow>(sql`
    select a.id, a.manager_id as "managerId", m.name as "managerName", a.deputy_id as "deputyId", d.name as "deputyName",
           a.starts_on::text as "startsOn", a.ends_on::text as "endsOn", a.reason
    from approval_delegations a
    join users m on m.municipality_id = a.municipality_id and m.id = a.manager_id
    join users d on d.municipality_id = a.municipality_id and d.id = a.deputy_id
    where a.municipality_id = ${tenantId}
      ${ids ? sql`and a.id in (select value::uuid from jsonb_array_elements_text(${json(ids)}))` : sql`and a.ends_on >= ${today}::date`}
      ${involving ? sql`and (a.manager_id = ${involving} or a.deputy_id = ${involving})` : sql``}
    order by a.starts_on, m.name_kana, a.id`);
}

export async function insertDelegation(
  tx: Db,
  d: { tenantId: string; managerId: string; deputyId: string; startsOn: string; endsOn: string; reason: string | null; createdBy: string },
): Promise<string> {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into approval_delegations (municipality_id, manager_id, deputy_id, starts_on, ends_on, reason, created_by)
    values (${d.tenantId}, ${d.managerId}, ${d.deputyId}, ${d.startsOn}::date, ${d.endsOn}::date, ${d.reason}, ${d.createdBy})
    returning id`);
  return rows[0]!.id;
}

/** Deletes a delegation; `managerId` limits it to that manager's own. Whether one was deleted. */
export async function deleteDelegation(
  tx: Db, { tenantId, id, managerId }: { tenantId: string; id: string; managerId?: string },
): Promise<boolean> {
  const rows = await tx.execute(sql`
    delete from approval_delegations
    where municipality_id = ${tenantId} and id = ${id} ${managerId ? sql`and manager_id = ${managerId}` : sql``}
    returning id`);
  return rows.length > 0;
}

/** Whether this person is an active 所属長 of some department of the town right now. */
export async function isActiveManager(tx: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from users u
    join role_grants g on g.municipality_id = u.municipality_id and g.user_id = u.id and g.role = 'manager'
    where u.municipality_id = ${tenantId} and u.id = ${userId} and u.active
    limit 1`);
  return rows.length > 0;
}

/** An active member of staff of the town (null for another town's or one who left). */
export async function getActiveStaff(
  tx: Db, { tenantId, userId }: { tenantId: string; userId: string },
): Promise<{ id: string; name: string } | null> {
  const rows = await tx.execute<{ id: string; name: string }>(sql`
    select id, name from users where municipality_id = ${tenantId} and id = ${userId} and active`);
  return rows[0] ?? null;
}

// ── who decides ─────────────────────────────────────────────────────────────────────────────────

/**
 * The departments whose requests this person may decide on `today`, as the CTEs `heads` and `scope`
 * (to follow a `with recursive`): every department they head as 所属長, every department headed by a
 * manager whose active deputy they are, and every department below those (a 部長 decides for the 課
 * and 係 under the 部). `scope.via` is the manager a row comes from when it comes through a
 * delegation (null for their own grants): a deputy stands in for that manager, who may never decide
 * their own request, so neither may the deputy on the manager's behalf. Only an active person decides
 * (an access token outlives a deactivation by minutes).
 */
function decisionScope(tenantId: string, userId: string, today: string): SQL {
  return sql`heads as (
      select g.department_id as id, null::uuid as via from role_grants g
      join users me on me.municipality_id = g.municipality_id and me.id = g.user_id and me.active
      where g.municipality_id = ${tenantId} and g.role = 'manager' and g.user_id = ${userId}
      union
      select g.department_id, a.manager_id from approval_delegations a
      join users me on me.municipality_id = a.municipality_id and me.id = a.deputy_id and me.active
      join role_grants g on g.municipality_id = a.municipality_id and g.user_id = a.manager_id and g.role = 'manager'
      join users m on m.municipality_id = a.municipality_id and m.id = a.manager_id and m.active
      where a.municipality_id = ${tenantId} and a.deputy_id = ${userId} and ${today}::date between a.starts_on and a.ends_on
    ), scope as (
      select id, via from heads
      union
      select c.id, s.via from departments c join scope s on c.parent_id = s.id where c.municipality_id = ${tenantId}
    )`;
}

/** Whether the request (its department and requester) is in `scope` for someone other than its requester. */
const inScope = (userId: string, departmentId: SQL, requesterId: SQL) => sql`${requesterId} <> ${userId}
  and exists (select 1 from scope s where s.id = ${departmentId} and s.via is distinct from ${requesterId})`;

/** Whether this person may decide a request of `requesterId` filed in `departmentId` (never their own). */
export async function canDecideFor(
  tx: Db,
  { tenantId, userId, departmentId, requesterId, today }: {
    tenantId: string; userId: string; departmentId: string | null; requesterId: string; today: string;
  },
): Promise<boolean> {
  if (!departmentId) return false;
  const rows = await tx.execute(sql`
    with recursive ${decisionScope(tenantId, userId, today)}
    select 1 where ${inScope(userId, sql`${departmentId}::uuid`, sql`${requesterId}::uuid`)}`);
  return rows.length > 0;
}

/**
 * Who approves a request of `requesterId` made in `departmentId`: the 所属長 of that department, or of
 * the nearest department above it with a manager other than the requester (a 課長's own request goes to
 * the 部長). Several managers of the same department all count. Plus their deputies active `today`, who
 * are told too. Empty when nobody can approve.
 */
export async function getApprovers(
  tx: Db, { tenantId, departmentId, requesterId, today }: { tenantId: string; departmentId: string | null; requesterId: string; today: string },
): Promise<{ managers: Array<{ id: string; name: string }>; deputyIds: string[] }> {
  if (!departmentId) return { managers: [], deputyIds: [] };
  const managers = await tx.execute<{ id: string; name: string; depth: number }>(sql`
    with recursive up as (
      select id, parent_id, 0 as depth from departments where municipality_id = ${tenantId} and id = ${departmentId}
      union all
      select p.id, p.parent_id, up.depth + 1 from departments p join up on p.id = up.parent_id
      where p.municipality_id = ${tenantId} and up.depth < 20
    ), candidates as (
      select u.id, u.name, u.name_kana, up.depth from up
      join role_grants g on g.municipality_id = ${tenantId} and g.department_id = up.id and g.role = 'manager'
      join users u on u.municipality_id = ${tenantId} and u.id = g.user_id and u.active
      where u.id <> ${requesterId}
    )
    select distinct id, name, name_kana, depth from candidates
    where depth = (select min(depth) from candidates)
    order by name_kana, id`);
  if (!managers.length) return { managers: [], deputyIds: [] };
  const deputies = await tx.execute<{ id: string }>(sql`
    select distinct a.deputy_id as id from approval_delegations a
    join users d on d.municipality_id = a.municipality_id and d.id = a.deputy_id and d.active
    where a.municipality_id = ${tenantId}
      and a.manager_id in (select value::uuid from jsonb_array_elements_text(${json(managers.map((m) => m.id))}))
      and ${today}::date between a.starts_on and a.ends_on
      and a.deputy_id <> ${requesterId}`);
  return { managers: managers.map(({ id, name }) => ({ id, name })), deputyIds: deputies.map((d) => d.id) };
}

// ── the requester ───────────────────────────────────────────────────────────────────────────────

export type RequesterRow = {
  id: string;
  name: string;
  weeklyMinutes: number;
  departmentId: string | null;
  active: boolean;
};

/**
 * Locks the requester's row for the rest of the transaction. Every change that can add to a person's
 * counted time takes this lock before it sums the budget, so two requests of one person are checked
 * one after the other and can never together exceed the cap. FOR NO KEY UPDATE rather than FOR UPDATE:
 * it conflicts with itself just the same, but not with the KEY SHARE locks that inserting rows which
 * reference the person take (their notifications, say), so those do not wait for a budget check.
 */
export async function lockRequester(tx: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<RequesterRow | null> {
  const rows = await tx.execute<RequesterRow>(sql`
    select id, name, weekly_minutes as "weeklyMinutes", department_id as "departmentId", active
    from users where municipality_id = ${tenantId} and id = ${userId}
    for no key update`);
  return rows[0] ?? null;
}

// ── budget sums ─────────────────────────────────────────────────────────────────────────────────

export type CountedDayRow = {
  requesterId: string;
  requestId: string;
  date: string;
  plannedMinutes: number;
  actualMinutes: number | null;
  status: 'submitted' | 'approved';
};

/**
 * The counted days (of submitted and approved requests) of several people, each in their own date
 * window, in one statement: the inbox shows every requester's budget beside their request.
 */
export async function getCountedDays(
  tx: Db,
  { tenantId, windows, excludeRequestId }: {
    tenantId: string; windows: Array<{ requesterId: string; from: string; to: string }>; excludeRequestId?: string;
  },
): Promise<CountedDayRow[]> {
  if (!windows.length) return [];
  // One window per person (the span of theirs): overlapping windows would count a day twice.
  const merged = new Map<string, { requester_id: string; date_from: string; date_to: string }>();
  for (const w of windows) {
    const m = merged.get(w.requesterId);
    if (!m) merged.set(w.requesterId, { requester_id: w.requesterId, date_from: w.from, date_to: w.to });
    else {
      if (w.from < m.date_from) m.date_from = w.from;
      if (w.to > m.date_to) m.date_to = w.to;
    }
  }
  return tx.execute<CountedDayRow>(sql`
    select d.requester_id as "requesterId", d.request_id as "requestId", d.work_date::text as date,
           d.planned_minutes as "plannedMinutes", d.actual_minutes as "actualMinutes", r.status
    from jsonb_to_recordset(${json([...merged.values()])}) as w(requester_id uuid, date_from date, date_to date)
    join time_request_days d on d.municipality_id = ${tenantId} and d.requester_id = w.requester_id
                             and d.work_date between w.date_from and w.date_to
    join time_requests r on r.municipality_id = ${tenantId} and r.id = d.request_id
    where ${counted}
      ${excludeRequestId ? sql`and r.id <> ${excludeRequestId}` : sql``}`);
}

export type BudgetInputs = {
  weeklyMinutes: number;
  policy: Omit<PolicyRow, 'createdByName' | 'createdAt'>;
  days: Array<Omit<CountedDayRow, 'requesterId' | 'requestId'>>;
};

/**
 * Everything "my budget" needs in one statement: the person's weekly minutes, the policy in force and
 * their counted days between `from` and `to` (a span covering both the week and the month of the date,
 * since which one applies depends on the policy read in the same statement).
 */
export async function getBudgetInputs(
  tx: Db, { tenantId, userId, from, to }: { tenantId: string; userId: string; from: string; to: string },
): Promise<BudgetInputs | null> {
  const rows = await tx.execute<BudgetInputs>(sql`
    select u.weekly_minutes as "weeklyMinutes",
      (select json_build_object('id', p.id, 'version', p.version, 'capPercent', p.cap_percent::float8, 'period', p.period,
                                'leadDays', p.lead_days, 'maxMinutesPerDay', p.max_minutes_per_day,
                                'reminderWorkingDays', p.reminder_working_days, 'actualsReminderDays', p.actuals_reminder_days, 'note', p.note)
       from time_policies p where p.municipality_id = ${tenantId} and p.id = ${currentPolicyId(tenantId)}) as policy,
      coalesce((
        select json_agg(json_build_object('date', d.work_date, 'plannedMinutes', d.planned_minutes,
                                          'actualMinutes', d.actual_minutes, 'status', r.status))
        from time_request_days d
        join time_requests r on r.municipality_id = ${tenantId} and r.id = d.request_id
        where d.municipality_id = ${tenantId} and d.requester_id = u.id
          and d.work_date between ${from}::date and ${to}::date and ${counted}
      ), '[]'::json) as days
    from users u
    where u.municipality_id = ${tenantId} and u.id = ${userId}`);
  return rows[0] ?? null;
}

// ── requests ────────────────────────────────────────────────────────────────────────────────────

export type TimeRequestRow = {
  id: string;
  requesterId: string;
  requesterName: string;
  requesterKana: string;
  departmentId: string | null;
  departmentName: string | null;
  weeklyMinutes: number;
  activityKind: 'community' | 'event' | 'help_call' | 'mentoring' | 'handover' | 'other';
  refType: string | null;
  refId: string | null;
  refTitle: string | null;
  purpose: string;
  status: 'draft' | 'submitted' | 'approved' | 'declined' | 'returned' | 'withdrawn' | 'cancelled' | 'revoked';
  firstDate: string;
  lastDate: string;
  plannedMinutes: number;
  actualMinutes: number | null;
  actualsExceed: boolean;
  approverId: string | null;
  approverName: string | null;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  submittedAt: Date | null;
  policyId: string | null;
  /** The version the request was submitted under; null for a draft. */
  policyVersion: number | null;
  /** The rules that judge it: its own version, or (a draft) the one in force now. */
  rules: { capPercent: number; period: 'week' | 'month'; leadDays: number; maxMinutesPerDay: number };
  days: Array<{ date: string; plannedMinutes: number; actualMinutes: number | null }>;
  createdAt: Date;
  /** created_at / submitted_at as PostgreSQL wrote them (microseconds), for cursors. */
  createdAtText: string;
  submittedAtText: string | null;
};

export interface RequestFilter {
  tenantId: string;
  ids?: string[];
  requesterId?: string;
  status?: string;
  /** Keyset on (created_at, id) descending: rows older than this. */
  before?: { at: string; id: string } | null;
  /** Pending requests this person may decide (not their own), oldest first. */
  decidableBy?: { userId: string; today: string; after?: { at: string; id: string } | null };
  ref?: { type: string; id: string };
  limit?: number;
}

/**
 * Requests with everything the API shows of them — requester, department, approver, decider, days,
 * the rules that judge them — in one statement, whatever the filter.
 */
export async function getTimeRequests(tx: Db, f: RequestFilter): Promise<TimeRequestRow[]> {
  const t = f.tenantId;
  const where: SQL[] = [sql`r.municipality_id = ${t}`];
  if (f.ids) where.push(sql`r.id in (select value::uuid from jsonb_array_elements_text(${json(f.ids)}))`);
  if (f.requesterId) where.push(sql`r.requester_id = ${f.requesterId}`);
  if (f.status) where.push(sql`r.status = ${f.status}`);
  if (f.ref) where.push(sql`r.ref_type = ${f.ref.type} and r.ref_id = ${f.ref.id}`);
  if (f.before) where.push(sql`(r.created_at, r.id) < (${f.before.at}::timestamptz, ${f.before.id}::uuid)`);
  let order = sql`r.created_at desc, r.id desc`;
  let scope = sql``;
  if (f.decidableBy) {
    const d = f.decidableBy;
    scope = sql`recursive ${decisionScope(t, d.userId, d.today)},`;
    where.push(sql`r.status = 'submitted'`);
    where.push(inScope(d.userId, sql`r.department_id`, sql`r.requester_id`));
    if (d.after) where.push(sql`(r.submitted_at, r.id) > (${d.after.at}::timestamptz, ${d.after.id}::uuid)`);
    order = sql`r.submitted_at, r.id`;
  }
  // The page is chosen first (a few dozen rows at most), then dressed one row at a time by primary
  // key (lateral and scalar subqueries): no hash join over the town's whole staff, and a plan that is
  // cheap to make (planning dominated this statement with ordinary joins).
  return tx.execute<TimeRequestRow>(sql`
    with ${scope} page as materialized (
      select r.* from time_requests r
      where ${sql.join(where, sql` and `)}
      order by ${order}
      ${f.limit ? sql`limit ${f.limit}` : sql``}
    )
    select r.id, r.requester_id as "requesterId", u.name as "requesterName", u.name_kana as "requesterKana",
           r.department_id as "departmentId",
           (select name from departments where municipality_id = ${t} and id = coalesce(r.department_id, u.department_id)) as "departmentName",
           u.weekly_minutes as "weeklyMinutes",
           r.activity_kind as "activityKind", r.ref_type as "refType", r.ref_id as "refId", r.ref_title as "refTitle",
           r.purpose, r.status, r.first_date::text as "firstDate", r.last_date::text as "lastDate",
           r.planned_minutes as "plannedMinutes", r.actual_minutes as "actualMinutes", r.actuals_exceed as "actualsExceed",
           r.approver_id as "approverId", (select name from users where municipality_id = ${t} and id = r.approver_id) as "approverName",
           r.decided_by as "decidedById", (select name from users where municipality_id = ${t} and id = r.decided_by) as "decidedByName",
           r.decided_at as "decidedAt", r.decision_comment as "decisionComment", r.submitted_at as "submittedAt",
           r.policy_id as "policyId", case when r.policy_id is null then null else p.version end as "policyVersion",
           json_build_object('capPercent', p.cap_percent::float8, 'period', p.period, 'leadDays', p.lead_days,
                             'maxMinutesPerDay', p.max_minutes_per_day) as rules,
           coalesce((
             select json_agg(json_build_object('date', y.work_date, 'plannedMinutes', y.planned_minutes, 'actualMinutes', y.actual_minutes)
                             order by y.work_date)
             from time_request_days y where y.municipality_id = ${t} and y.request_id = r.id
           ), '[]'::json) as days,
           r.created_at as "createdAt", to_json(r.created_at) #>> '{}' as "createdAtText",
           to_json(r.submitted_at) #>> '{}' as "submittedAtText"
    from page r
    cross join lateral (
      select name, name_kana, weekly_minutes, department_id from users where municipality_id = ${t} and id = r.requester_id
    ) u
    -- its own version, or (a draft) the one in force now
    cross join lateral (
      select version, cap_percent, period, lead_days, max_minutes_per_day from time_policies
      where municipality_id = ${t} and id = coalesce(r.policy_id, ${currentPolicyId(t)})
    ) p
    order by ${order}`);
}

export type LockedRequest = {
  id: string;
  requesterId: string;
  departmentId: string | null;
  status: TimeRequestRow['status'];
  firstDate: string;
  plannedMinutes: number;
  approverId: string | null;
  decidedById: string | null;
  submittedAt: Date | null;
  refType: string | null;
  refId: string | null;
};

/** Locks one request of the town for the rest of the transaction (null: not in this town). */
export async function lockTimeRequest(tx: Db, { tenantId, id }: { tenantId: string; id: string }): Promise<LockedRequest | null> {
  const rows = await tx.execute<LockedRequest>(sql`
    select id, requester_id as "requesterId", department_id as "departmentId", status, first_date::text as "firstDate",
           planned_minutes as "plannedMinutes", approver_id as "approverId", decided_by as "decidedById",
           submitted_at as "submittedAt", ref_type as "refType", ref_id as "refId"
    from time_requests where municipality_id = ${tenantId} and id = ${id}
    for update`);
  return rows[0] ?? null;
}

/**
 * Locks many requests (FOR UPDATE) in id order, before any of them is decided: a bulk decision then
 * holds all its rows before a feature's hook (time ref hooks) locks anything of its own, the same
 * order as every single change (request first), so the two never wait on each other in a cycle.
 */
export async function lockTimeRequests(
  tx: Db, { tenantId, ids }: { tenantId: string; ids: string[] },
): Promise<Array<{ id: string; ref: { type: string; id: string } | null }>> {
  if (!ids.length) return [];
  const rows = await tx.execute<{ id: string; refType: string | null; refId: string | null }>(sql`
    select id, ref_type as "refType", ref_id as "refId" from time_requests
    where municipality_id = ${tenantId} and id = any(${sql.param([...ids])}::uuid[])
    order by id for update`);
  return rows.map((r) => ({ id: r.id, ref: r.refType && r.refId ? { type: r.refType, id: r.refId } : null }));
}

export async function getRequestDays(
  tx: Db, { tenantId, requestId }: { tenantId: string; requestId: string },
): Promise<Array<{ date: string; plannedMinutes: number; actualMinutes: number | null }>> {
  return tx.execute(sql`
    select work_date::text as date, planned_minutes as "plannedMinutes", actual_minutes as "actualMinutes"
    from time_request_days where municipality_id = ${tenantId} and request_id = ${requestId}
    order by work_date`);
}

export async function findByIdempotencyKey(
  tx: Db, { tenantId, requesterId, key }: { tenantId: string; requesterId: string; key: string },
): Promise<string | null> {
  const rows = await tx.execute<{ id: string }>(sql`
    select id from time_requests where municipality_id = ${tenantId} and requester_id = ${requesterId} and idempotency_key = ${key}`);
  return rows[0]?.id ?? null;
}

export interface RequestInsert {
  tenantId: string;
  requesterId: string;
  departmentId: string | null;
  policyId: string | null;
  activityKind: string;
  ref: { type: string; id: string; title: string | null } | null;
  purpose: string;
  status: 'draft' | 'submitted';
  days: PlannedDay[];
  approverId: string | null;
  idempotencyKey: string | null;
}

/** What a request's columns say of its days: the first and last date and the planned total. */
function spanOf(days: PlannedDay[]): { first: string; last: string; planned: number } {
  const dates = days.map((d) => d.date).sort();
  return { first: dates[0]!, last: dates.at(-1)!, planned: days.reduce((s, d) => s + d.minutes, 0) };
}

type RequestDays = { tenantId: string; requestId: string; requesterId: string; days: PlannedDay[] };

async function insertDays(tx: Db, { tenantId, requestId, requesterId, days }: RequestDays): Promise<void> {
  await tx.execute(sql`
    insert into time_request_days (municipality_id, request_id, requester_id, work_date, planned_minutes)
    select ${tenantId}, ${requestId}, ${requesterId}, v.date, v.minutes
    from jsonb_to_recordset(${json(days)}) as v(date date, minutes int)`);
}

/** A request and its days. Null when the same idempotency key won a race (the caller reads that one). */
export async function insertTimeRequest(tx: Db, r: RequestInsert): Promise<string | null> {
  const span = spanOf(r.days);
  const rows = await tx.execute<{ id: string }>(sql`
    insert into time_requests (municipality_id, requester_id, department_id, policy_id, activity_kind, ref_type, ref_id, ref_title,
                               purpose, status, first_date, last_date, planned_minutes, approver_id, submitted_at, idempotency_key)
    values (${r.tenantId}, ${r.requesterId}, ${r.departmentId}, ${r.policyId}, ${r.activityKind}, ${r.ref?.type ?? null},
            ${r.ref?.id ?? null}, ${r.ref?.title ?? null}, ${r.purpose}, ${r.status}, ${span.first}::date, ${span.last}::date,
            ${span.planned}, ${r.approverId}, ${r.status === 'submitted' ? sql`now()` : sql`null`}, ${r.idempotencyKey})
    on conflict (municipality_id, requester_id, idempotency_key) do nothing
    returning id`);
  const id = rows[0]?.id;
  if (!id) return null;
  await insertDays(tx, { tenantId: r.tenantId, requestId: id, requesterId: r.requesterId, days: r.days });
  return id;
}

/** Replaces a request's planned days (its actuals go with them: they are recorded after approval only). */
export async function replaceDays(tx: Db, d: RequestDays): Promise<void> {
  const { tenantId, requestId } = d;
  await tx.execute(sql`delete from time_request_days where municipality_id = ${tenantId} and request_id = ${requestId}`);
  await insertDays(tx, d);
  const span = spanOf(d.days);
  await tx.execute(sql`
    update time_requests set first_date = ${span.first}::date, last_date = ${span.last}::date,
                             planned_minutes = ${span.planned}, updated_at = now()
    where municipality_id = ${tenantId} and id = ${requestId}`);
}

export type RequestChange = Partial<{
  status: TimeRequestRow['status'];
  activityKind: string;
  purpose: string;
  departmentId: string | null;
  policyId: string | null;
  approverId: string | null;
  /** 'now' stamps the transaction time; null clears. */
  submittedAt: 'now' | null;
  decidedBy: string | null;
  decidedAt: 'now' | null;
  decisionComment: string | null;
}>;

const COLUMNS: Record<keyof RequestChange, string> = {
  status: 'status', activityKind: 'activity_kind', purpose: 'purpose', departmentId: 'department_id', policyId: 'policy_id',
  approverId: 'approver_id', submittedAt: 'submitted_at', decidedBy: 'decided_by', decidedAt: 'decided_at',
  decisionComment: 'decision_comment',
};

export async function updateTimeRequest(tx: Db, { tenantId, id, change }: { tenantId: string; id: string; change: RequestChange }): Promise<void> {
  const sets: SQL[] = [sql`updated_at = now()`];
  for (const [k, v] of Object.entries(change) as Array<[keyof RequestChange, unknown]>) {
    if (v === undefined) continue;
    const stamp = (k === 'submittedAt' || k === 'decidedAt') && v === 'now';
    sets.push(sql`${sql.identifier(COLUMNS[k])} = ${stamp ? sql`now()` : sql`${v}`}`);
  }
  await tx.execute(sql`update time_requests set ${sql.join(sets, sql`, `)} where municipality_id = ${tenantId} and id = ${id}`);
}

/** Records actual minutes per day and the request's totals (actual sum, whether it exceeds the plan). */
export async function setActuals(
  tx: Db,
  { tenantId, requestId, days, actualMinutes, actualsExceed }: {
    tenantId: string; requestId: string; days: Array<{ date: string; minutes: number }>; actualMinutes: number | null; actualsExceed: boolean;
  },
): Promise<void> {
  await tx.execute(sql`
    update time_request_days d set actual_minutes = v.minutes
    from jsonb_to_recordset(${json(days)}) as v(date date, minutes int)
    where d.municipality_id = ${tenantId} and d.request_id = ${requestId} and d.work_date = v.date`);
  await tx.execute(sql`
    update time_requests set actual_minutes = ${actualMinutes}, actuals_exceed = ${actualsExceed}, updated_at = now()
    where municipality_id = ${tenantId} and id = ${requestId}`);
}

export async function insertHistory(
  tx: Db,
  h: { tenantId: string; requestId: string; actorId: string | null; action: string; fromStatus: string | null; toStatus: string | null; comment?: string | null },
): Promise<void> {
  await tx.execute(sql`
    insert into time_request_history (municipality_id, request_id, actor_id, action, from_status, to_status, comment)
    values (${h.tenantId}, ${h.requestId}, ${h.actorId}, ${h.action}, ${h.fromStatus}, ${h.toStatus}, ${h.comment ?? null})`);
}

export type HistoryRow = {
  action: string;
  fromStatus: TimeRequestRow['status'] | null;
  toStatus: TimeRequestRow['status'] | null;
  actorName: string | null;
  comment: string | null;
  at: Date;
};

export async function getHistory(tx: Db, { tenantId, requestId }: { tenantId: string; requestId: string }): Promise<HistoryRow[]> {
  return tx.execute<HistoryRow>(sql`
    select h.action, h.from_status as "fromStatus", h.to_status as "toStatus", u.name as "actorName", h.comment, h.at
    from time_request_history h
    left join users u on u.municipality_id = h.municipality_id and u.id = h.actor_id
    where h.municipality_id = ${tenantId} and h.request_id = ${requestId}
    order by h.at, h.id`);
}

export type CalendarRow = {
  date: string;
  minutes: number;
  requestId: string;
  activityKind: TimeRequestRow['activityKind'];
  purpose: string;
  status: 'submitted' | 'approved';
};

/** A person's approved and pending days between two dates (actual minutes where recorded). */
export async function getCalendar(
  tx: Db, { tenantId, userId, from, to }: { tenantId: string; userId: string; from: string; to: string },
): Promise<CalendarRow[]> {
  return tx.execute<CalendarRow>(sql`
    select d.work_date::text as date, coalesce(d.actual_minutes, d.planned_minutes) as minutes, r.id as "requestId",
           r.activity_kind as "activityKind", r.purpose, r.status
    from time_request_days d
    join time_requests r on r.municipality_id = ${tenantId} and r.id = d.request_id
    where d.municipality_id = ${tenantId} and d.requester_id = ${userId}
      and d.work_date between ${from}::date and ${to}::date and ${counted}
    order by d.work_date, r.created_at, r.id`);
}

export async function getUserName(tx: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<string | null> {
  const rows = await tx.execute<{ name: string }>(sql`select name from users where municipality_id = ${tenantId} and id = ${userId}`);
  return rows[0]?.name ?? null;
}
