import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { texts, uuids } from './community-sql';

/**
 * 職場応援: calls for help (募集) and their applications (応募). Region-owned rows: every query names
 * the region, and row-level security hides other regions and the town-only calls of other towns (and
 * their applications). Departments and people of other towns are read through the SECURITY DEFINER
 * functions of migrations 0005/0006 (`region_department`, `region_people`, `region_people_cards`).
 * Dates come back as 'YYYY-MM-DD' text, timestamps as ISO 8601 text.
 */

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type HelpCategory = 'planning' | 'operations' | 'busy_season' | 'learning' | 'other';
export type HelpCallStatus = 'open' | 'closed' | 'finished' | 'cancelled';
export type HelpReach = 'town' | 'region';
export type HelpApplicationStatus = 'pending_time' | 'applied' | 'accepted' | 'declined' | 'withdrawn' | 'time_declined' | 'cancelled';

/** Applications still in play: they block a second application and are told of a cancellation. */
export const LIVE_APPLICATION: readonly HelpApplicationStatus[] = ['pending_time', 'applied', 'accepted'];

/** A call as read: what was written (CallWrite, below) and what the database keeps. */
export type HelpCallRow = Omit<CallWrite, 'search'> & {
  id: string;
  regionId: string;
  municipalityId: string;
  municipalityName: string;
  departmentId: string;
  departmentName: string | null;
  departmentPath: string | null;
  status: HelpCallStatus;
  cancelReason: string | null;
  appliedCount: number;
  acceptedCount: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The reader's application status, if any. */
  myStatus: HelpApplicationStatus | null;
};

/** Columns of `c` (help_calls) decorated for the reader `userId`. */
const callColumns = (userId: string) => sql`
  c.id, c.region_id as "regionId", c.municipality_id as "municipalityId", m.name as "municipalityName",
  c.department_id as "departmentId", d.name as "departmentName", d.path as "departmentPath",
  c.title, c.category, c.summary, c.headcount, c.published_on::text as "publishedOn", c.deadline::text as deadline,
  c.work_start::text as "workStart", c.work_end::text as "workEnd", c.hours_note as "hoursNote", c.minutes_per_day as "minutesPerDay",
  c.place, c.skills, c.contact_id as "contactId", c.contact_note as "contactNote", c.reach, c.status, c.cancel_reason as "cancelReason",
  c.applied_count as "appliedCount", c.accepted_count as "acceptedCount", c.created_by as "createdBy",
  ${iso(sql`c.created_at`)} as "createdAt", ${iso(sql`c.updated_at`)} as "updatedAt",
  (select a.status from help_applications a where a.call_id = c.id and a.user_id = ${userId}) as "myStatus"`;

/**
 * The town and department names: municipalities are public reference data; the department may be
 * another town's (departments are town-owned), so it is read through region_department().
 */
const callJoins = sql`
  join municipalities m on m.id = c.municipality_id
  left join lateral region_department(c.department_id) d on true`;

/**
 * A town-only call (reach 'town') is its own town's: the queries say so too, not only the RLS policy
 * (which hides it from other towns all the same).
 */
const inReach = (tenantId: string) => sql`(c.reach = 'region' or c.municipality_id = ${tenantId})`;

/** One call as `userId` sees it, or null when it is not visible (another region, another town's town-only call). */
export async function getCall(tx: Db, f: { regionId: string; tenantId: string; callId: string; userId: string }): Promise<HelpCallRow | null> {
  const rows = await tx.execute<HelpCallRow>(sql`
    select ${callColumns(f.userId)} from help_calls c ${callJoins}
    where c.region_id = ${f.regionId} and c.id = ${f.callId} and ${inReach(f.tenantId)}`);
  return rows[0] ?? null;
}

export type LockedCall = {
  id: string;
  municipalityId: string;
  departmentId: string;
  title: string;
  status: HelpCallStatus;
  reach: HelpReach;
  headcount: number;
  appliedCount: number;
  acceptedCount: number;
  publishedOn: string;
  deadline: string;
  workStart: string;
  workEnd: string;
  minutesPerDay: number;
  skills: string[];
  contactId: string;
  createdBy: string;
};

/**
 * Locks the call row (FOR UPDATE): applications, decisions, counts and the call's own changes of one
 * call happen one after the other, so accepted_count never passes headcount. Read anything else in
 * later statements (READ COMMITTED: they see what the transaction before this one committed).
 */
export async function lockCall(tx: Db, f: { regionId: string; tenantId: string; callId: string }): Promise<LockedCall | null> {
  const rows = await tx.execute<LockedCall>(sql`
    select id, municipality_id as "municipalityId", department_id as "departmentId", title, status, reach, headcount,
      applied_count as "appliedCount", accepted_count as "acceptedCount", published_on::text as "publishedOn",
      deadline::text as deadline, work_start::text as "workStart", work_end::text as "workEnd", minutes_per_day as "minutesPerDay",
      skills, contact_id as "contactId", created_by as "createdBy"
    from help_calls c where c.region_id = ${f.regionId} and c.id = ${f.callId} and ${inReach(f.tenantId)}
    for update`);
  return rows[0] ?? null;
}

/**
 * Is `userId` (of `tenantId`, active) an admin of that town or a manager of the department? Only
 * meaningful for a call of their own town: role grants are town-owned. Asked of the database, not the token.
 */
export async function isCallOfficial(tx: Db, f: { tenantId: string; userId: string; departmentId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from users u
    join role_grants g on g.municipality_id = u.municipality_id and g.user_id = u.id
    where u.municipality_id = ${f.tenantId} and u.id = ${f.userId} and u.active
      and (g.role = 'municipality_admin' or (g.role = 'manager' and g.department_id = ${f.departmentId}))
    limit 1`);
  return rows.length > 0;
}

/** The actor's own department, if any (the default 依頼所属). */
export async function ownDepartmentOf(tx: Db, f: { tenantId: string; userId: string }): Promise<string | null> {
  const rows = await tx.execute<{ departmentId: string | null }>(sql`
    select u.department_id as "departmentId" from users u
    join departments d on d.id = u.department_id and d.municipality_id = u.municipality_id and d.active
    where u.municipality_id = ${f.tenantId} and u.id = ${f.userId} and u.active`);
  return rows[0]?.departmentId ?? null;
}

/** An active department of the town? */
export async function isActiveDepartment(tx: Db, f: { tenantId: string; departmentId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from departments where municipality_id = ${f.tenantId} and id = ${f.departmentId} and active`);
  return rows.length > 0;
}

/** An active member of staff of the town? (募集担当者 must be one.) */
export async function isActiveStaff(tx: Db, f: { tenantId: string; userId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`select 1 from users where municipality_id = ${f.tenantId} and id = ${f.userId} and active`);
  return rows.length > 0;
}

export interface CallWrite {
  title: string;
  category: HelpCategory;
  summary: string;
  headcount: number;
  publishedOn: string;
  deadline: string;
  workStart: string;
  workEnd: string;
  hoursNote: string | null;
  minutesPerDay: number;
  place: string | null;
  skills: string[];
  contactId: string;
  contactNote: string | null;
  reach: HelpReach;
  /** tsvector literal (toTsvectorLiteral). */
  search: string;
}

/**
 * Inserts a call; with an idempotency key already used by this creator it inserts nothing and
 * returns the first call's id with created false.
 */
export async function insertCall(
  tx: Db, c: CallWrite & { regionId: string; municipalityId: string; departmentId: string; createdBy: string; idempotencyKey: string | null },
): Promise<{ id: string; created: boolean }> {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into help_calls (region_id, municipality_id, department_id, title, category, summary, headcount, published_on, deadline,
                            work_start, work_end, hours_note, minutes_per_day, place, skills, contact_id, contact_note, reach,
                            created_by, idempotency_key, search)
    values (${c.regionId}, ${c.municipalityId}, ${c.departmentId}, ${c.title}, ${c.category}, ${c.summary}, ${c.headcount},
            ${c.publishedOn}::date, ${c.deadline}::date, ${c.workStart}::date, ${c.workEnd}::date, ${c.hoursNote}, ${c.minutesPerDay},
            ${c.place}, ${texts(c.skills)}, ${c.contactId}, ${c.contactNote}, ${c.reach}, ${c.createdBy}, ${c.idempotencyKey},
            ${c.search}::tsvector)
    on conflict (created_by, idempotency_key) do nothing
    returning id`);
  if (rows[0]) return { id: rows[0].id, created: true };
  const first = await tx.execute<{ id: string }>(sql`
    select id from help_calls where region_id = ${c.regionId} and created_by = ${c.createdBy} and idempotency_key = ${c.idempotencyKey}`);
  return { id: first[0]!.id, created: false };
}

/** Writes the fields given (a full CallWrite subset), bumping updated_at. */
export async function updateCall(tx: Db, f: { regionId: string; callId: string; set: Partial<CallWrite> }): Promise<void> {
  const s = f.set;
  const cols: SQL[] = [sql`updated_at = now()`];
  const col = (name: string, v: unknown, cast = '') => cols.push(sql`${sql.identifier(name)} = ${v}${sql.raw(cast)}`);
  if (s.title !== undefined) col('title', s.title);
  if (s.category !== undefined) col('category', s.category);
  if (s.summary !== undefined) col('summary', s.summary);
  if (s.headcount !== undefined) col('headcount', s.headcount);
  if (s.deadline !== undefined) col('deadline', s.deadline, '::date');
  if (s.workStart !== undefined) col('work_start', s.workStart, '::date');
  if (s.workEnd !== undefined) col('work_end', s.workEnd, '::date');
  if (s.hoursNote !== undefined) col('hours_note', s.hoursNote);
  if (s.minutesPerDay !== undefined) col('minutes_per_day', s.minutesPerDay);
  if (s.place !== undefined) col('place', s.place);
  if (s.skills !== undefined) cols.push(sql`skills = ${texts(s.skills)}`);
  if (s.contactId !== undefined) col('contact_id', s.contactId);
  if (s.contactNote !== undefined) col('contact_note', s.contactNote);
  if (s.reach !== undefined) col('reach', s.reach);
  if (s.search !== undefined) col('search', s.search, '::tsvector');
  await tx.execute(sql`update help_calls set ${sql.join(cols, sql`, `)} where region_id = ${f.regionId} and id = ${f.callId}`);
}

/** The call's status with its timestamp (closed_at, finished_at, cancelled_at + reason). */
export async function setCallStatus(
  tx: Db, f: { regionId: string; callId: string; status: 'closed' | 'finished' | 'cancelled'; reason?: string | null },
): Promise<void> {
  const at = { closed: sql`closed_at = now()`, finished: sql`finished_at = now()`, cancelled: sql`cancelled_at = now(), cancel_reason = ${f.reason ?? null}` }[f.status];
  await tx.execute(sql`
    update help_calls set status = ${f.status}, ${at}, updated_at = now() where region_id = ${f.regionId} and id = ${f.callId}`);
}

/** Adds to the counts (applied: time approved; accepted: the poster said yes). The call row must be locked. */
export async function bumpCallCounts(tx: Db, f: { callId: string; applied: number; accepted: number }): Promise<void> {
  await tx.execute(sql`
    update help_calls set applied_count = greatest(applied_count + ${f.applied}, 0),
      accepted_count = greatest(accepted_count + ${f.accepted}, 0), updated_at = now()
    where id = ${f.callId}`);
}

export interface CallListFilter {
  regionId: string;
  /** The reader's town: its town-only calls are listed, other towns' are not. */
  tenantId: string;
  userId: string;
  status: HelpCallStatus | 'all';
  category?: HelpCategory;
  townId?: string;
  departmentId?: string;
  /** An exact tag, ignoring case. */
  skill?: string;
  /** tsquery literal (toTsqueryLiteral). */
  tsquery?: string | null;
  mine?: 'posted' | 'applied';
  after?: { at: string; id: string } | null;
  limit: number;
}

/**
 * A page of calls, newest published first (keyset on published_on, id). The page is cut before the
 * department names are looked up (one region_department() call per row shown, not per row matched).
 */
export async function listCalls(tx: Db, f: CallListFilter): Promise<HelpCallRow[]> {
  const where: SQL[] = [sql`c.region_id = ${f.regionId}`, inReach(f.tenantId)];
  if (f.status !== 'all') where.push(sql`c.status = ${f.status}`);
  if (f.category) where.push(sql`c.category = ${f.category}`);
  if (f.townId) where.push(sql`c.municipality_id = ${f.townId}`);
  if (f.departmentId) where.push(sql`c.department_id = ${f.departmentId}`);
  if (f.skill) where.push(sql`exists (select 1 from unnest(c.skills) s where lower(s) = lower(${f.skill}))`);
  if (f.tsquery) where.push(sql`c.search @@ ${f.tsquery}::tsquery`);
  if (f.mine === 'posted') where.push(sql`(c.created_by = ${f.userId} or c.contact_id = ${f.userId})`);
  if (f.mine === 'applied') where.push(sql`exists (select 1 from help_applications a where a.call_id = c.id and a.user_id = ${f.userId})`);
  if (f.after) where.push(sql`(c.published_on, c.id) < (${f.after.at}::date, ${f.after.id}::uuid)`);
  return tx.execute<HelpCallRow>(sql`
    with page as (
      select c.* from help_calls c where ${sql.join(where, sql` and `)}
      order by c.published_on desc, c.id desc limit ${f.limit}
    )
    select ${callColumns(f.userId)} from page c ${callJoins}
    order by c.published_on desc, c.id desc`);
}

/** Open calls of one department (a department page lists them). */
export async function openCallsOfDepartment(tx: Db, f: { regionId: string; tenantId: string; departmentId: string; userId: string; limit?: number }): Promise<HelpCallRow[]> {
  return listCalls(tx, { regionId: f.regionId, tenantId: f.tenantId, userId: f.userId, status: 'open', departmentId: f.departmentId, limit: f.limit ?? 50 });
}

// ── applications ────────────────────────────────────────────────────────────────────────────────

export type ApplicationRow = {
  id: string;
  regionId: string;
  callId: string;
  userId: string;
  municipalityId: string;
  status: HelpApplicationStatus;
  message: string | null;
  timeRequestId: string | null;
  attempt: number;
  plannedMinutes: number;
  firstDate: string | null;
  countedAt: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  withdrawnAt: string | null;
  participatedMinutes: number | null;
  thanks: string | null;
  thankedAt: string | null;
  createdAt: string;
  /** The applicant's 20% request status — only when it is of the reader's own town (RLS), else null. */
  timeStatus: string | null;
};

const applicationColumns = sql`
  a.id, a.region_id as "regionId", a.call_id as "callId", a.user_id as "userId", a.municipality_id as "municipalityId", a.status,
  a.message, a.time_request_id as "timeRequestId", a.attempt, a.planned_minutes as "plannedMinutes", a.first_date::text as "firstDate",
  ${iso(sql`a.counted_at`)} as "countedAt", ${iso(sql`a.decided_at`)} as "decidedAt", a.decision_note as "decisionNote",
  ${iso(sql`a.withdrawn_at`)} as "withdrawnAt", a.participated_minutes as "participatedMinutes", a.thanks,
  ${iso(sql`a.thanked_at`)} as "thankedAt", ${iso(sql`a.created_at`)} as "createdAt",
  (select tr.status from time_requests tr where tr.id = a.time_request_id and tr.municipality_id = a.municipality_id) as "timeStatus"`;

/** One application of a call, by id or by applicant; FOR UPDATE with lock. */
export async function getApplication(
  tx: Db, f: { regionId: string; callId: string; id?: string; userId?: string; lock?: boolean },
): Promise<ApplicationRow | null> {
  const by = f.id ? sql`a.id = ${f.id}` : sql`a.user_id = ${f.userId!}`;
  const rows = await tx.execute<ApplicationRow>(sql`
    select ${applicationColumns} from help_applications a
    where a.region_id = ${f.regionId} and a.call_id = ${f.callId} and ${by}
    ${f.lock ? sql`for update of a` : sql``}`);
  return rows[0] ?? null;
}

/** The call of an application (the time hook knows the application only). */
export async function callOfApplication(tx: Db, applicationId: string): Promise<{ regionId: string; callId: string } | null> {
  const rows = await tx.execute<{ regionId: string; callId: string }>(sql`
    select region_id as "regionId", call_id as "callId" from help_applications where id = ${applicationId}`);
  return rows[0] ?? null;
}

/**
 * A new application (pending_time), or a fresh attempt at an earlier withdrawn / time-declined one
 * (attempt + 1, everything of the earlier attempt cleared). Returns the row's id and attempt.
 */
export async function upsertApplication(
  tx: Db, a: { regionId: string; callId: string; userId: string; municipalityId: string; message: string | null },
): Promise<{ id: string; attempt: number }> {
  const rows = await tx.execute<{ id: string; attempt: number }>(sql`
    insert into help_applications (region_id, call_id, user_id, municipality_id, status, message)
    values (${a.regionId}, ${a.callId}, ${a.userId}, ${a.municipalityId}, 'pending_time', ${a.message})
    on conflict (call_id, user_id) do update set
      status = 'pending_time', message = excluded.message, attempt = help_applications.attempt + 1,
      time_request_id = null, planned_minutes = 0, first_date = null, counted_at = null, decided_at = null, decided_by = null,
      decision_note = null, withdrawn_at = null, participated_minutes = null, recorded_at = null, recorded_by = null,
      thanks = null, thanked_at = null, thanked_by = null, updated_at = now()
    returning id, attempt`);
  return rows[0]!;
}

/**
 * Locks (FOR UPDATE, in id order) the calls of these applications: a bulk time decision takes them
 * all before deciding any request, so two batches never lock the same calls in opposite orders.
 */
export async function lockCallsOfApplications(tx: Db, f: { tenantId: string; applicationIds: string[] }): Promise<void> {
  if (!f.applicationIds.length) return;
  await tx.execute(sql`
    select c.id from help_calls c
    where c.id in (select a.call_id from help_applications a where a.id = any(${uuids(f.applicationIds)}))
      and ${inReach(f.tenantId)}
    order by c.id for update of c`);
}

/** Records the 20% request filed for the application. */
export async function setApplicationTime(
  tx: Db, f: { id: string; timeRequestId: string; plannedMinutes: number; firstDate: string },
): Promise<void> {
  await tx.execute(sql`
    update help_applications set time_request_id = ${f.timeRequestId}, planned_minutes = ${f.plannedMinutes},
      first_date = ${f.firstDate}::date, updated_at = now()
    where id = ${f.id}`);
}

/**
 * Moves an application from one of `from` to `to` (a guarded UPDATE: a second call changes nothing)
 * and returns the status it had, or null when it was not in `from`.
 */
export async function moveApplication(
  tx: Db,
  f: {
    id: string; from: readonly HelpApplicationStatus[]; to: HelpApplicationStatus;
    counted?: boolean; decidedBy?: string; note?: string | null; withdrawn?: boolean;
  },
): Promise<HelpApplicationStatus | null> {
  const extra: SQL[] = [];
  if (f.counted) extra.push(sql`counted_at = now()`);
  if (f.decidedBy) extra.push(sql`decided_at = now()`, sql`decided_by = ${f.decidedBy}`, sql`decision_note = ${f.note ?? null}`);
  if (f.withdrawn) extra.push(sql`withdrawn_at = now()`);
  const rows = await tx.execute<{ before: HelpApplicationStatus }>(sql`
    update help_applications a set status = ${f.to}, updated_at = now() ${extra.length ? sql`, ${sql.join(extra, sql`, `)}` : sql``}
    from (select id, status from help_applications where id = ${f.id} for update) old
    where a.id = old.id and old.status = any(${texts(f.from)})
    returning old.status as before`);
  return rows[0]?.before ?? null;
}

/**
 * Cancels every live application of a call; returns them (applicant + application id, the ref of the
 * applicant's 20% request, which the worker releases in the applicant's own town).
 */
export async function cancelApplications(tx: Db, f: { callId: string }): Promise<Array<{ userId: string; applicationId: string }>> {
  return tx.execute<{ userId: string; applicationId: string }>(sql`
    update help_applications set status = 'cancelled', updated_at = now()
    where call_id = ${f.callId} and status = any(${texts(LIVE_APPLICATION)})
    returning user_id as "userId", id as "applicationId"`);
}

/** After the work: minutes (always) and the thank-you (undefined keeps it, null clears it; thanked_at moves when it changes). */
export async function recordParticipation(
  tx: Db, f: { id: string; minutes: number; thanks?: string | null; by: string },
): Promise<void> {
  const thanks = f.thanks === undefined ? sql``
    : f.thanks ? sql`, thanks = ${f.thanks}, thanked_at = case when thanks is distinct from ${f.thanks} then now() else thanked_at end, thanked_by = ${f.by}`
      : sql`, thanks = null, thanked_at = null, thanked_by = null`;
  await tx.execute(sql`
    update help_applications set participated_minutes = ${f.minutes}, recorded_at = now(), recorded_by = ${f.by}, updated_at = now() ${thanks}
    where id = ${f.id}`);
}

/** Every application of a call (managers), oldest first, and the count per status. */
export async function listApplications(tx: Db, f: { regionId: string; callId: string }): Promise<ApplicationRow[]> {
  return tx.execute<ApplicationRow>(sql`
    select ${applicationColumns} from help_applications a
    where a.region_id = ${f.regionId} and a.call_id = ${f.callId}
    order by a.created_at, a.id`);
}

/** Applications waiting for the applicant's manager (not yet counted). */
export async function countPending(tx: Db, f: { callId: string }): Promise<number> {
  const rows = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from help_applications where call_id = ${f.callId} and status = 'pending_time'`);
  return rows[0]?.n ?? 0;
}

/** People with a live application (suggestions leave them out). */
export async function liveApplicantIds(tx: Db, f: { callId: string }): Promise<string[]> {
  const rows = await tx.execute<{ userId: string }>(sql`
    select user_id as "userId" from help_applications where call_id = ${f.callId} and status = any(${texts(LIVE_APPLICATION)})`);
  return rows.map((r) => r.userId);
}

/** Has anyone of another town applied (live or counted)? Narrowing reach to the town is refused then. */
export async function hasOtherTownApplicants(tx: Db, f: { callId: string; municipalityId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from help_applications where call_id = ${f.callId} and municipality_id <> ${f.municipalityId}
      and status not in ('withdrawn', 'time_declined') limit 1`);
  return rows.length > 0;
}

/** Does anyone still take part (pending, applied or accepted)? Their 20% days lie within the call's dates. */
export async function hasLiveApplications(tx: Db, f: { callId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from help_applications where call_id = ${f.callId} and status in ('pending_time', 'applied', 'accepted') limit 1`);
  return rows.length > 0;
}

/** My applications with their calls, newest first. */
export async function myApplications(
  tx: Db, f: { regionId: string; tenantId: string; userId: string; limit: number },
): Promise<Array<{ application: ApplicationRow; call: HelpCallRow }>> {
  const apps = await tx.execute<ApplicationRow>(sql`
    select ${applicationColumns} from help_applications a
    where a.region_id = ${f.regionId} and a.user_id = ${f.userId}
    order by a.created_at desc, a.id desc limit ${f.limit}`);
  if (!apps.length) return [];
  const calls = await tx.execute<HelpCallRow>(sql`
    select ${callColumns(f.userId)} from help_calls c ${callJoins}
    where c.region_id = ${f.regionId} and c.id = any(${uuids(apps.map((a) => a.callId))}) and ${inReach(f.tenantId)}`);
  const byId = new Map(calls.map((c) => [c.id, c]));
  return apps.flatMap((a) => (byId.has(a.callId) ? [{ application: a, call: byId.get(a.callId)! }] : []));
}
