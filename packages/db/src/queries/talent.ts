import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { texts, uuids } from './community-sql';

/**
 * Queries of the talent registry (人材), direct requests (人材宛依頼) and the person profile.
 *
 * Every query names its region and filters by it. Row-level security is the backstop: an opted-out
 * profile is invisible to everyone but its owner, a direct request only to the two towns concerned,
 * applications of another town's town-only call are hidden. Queries still say `active` themselves so
 * the owner's own inactive row never turns up in search, suggestions or matching.
 */

// ── candidates for calls (used by the help-calls module) ─────────────────────────────────────────


/**
 * Registered and still on the staff: someone an admin deactivated drops out of search, suggestions
 * and matching at once (as the RLS policy of talent_profiles says too).
 */
const findable = sql`t.active and t.user_id not in (select yui_inactive_region_people())`;

export type TalentCandidateRow = {
  userId: string;
  municipalityId: string;
  skills: string[];
  availability: string;
  /** Help given before: accepted applications + accepted direct requests the caller may see. */
  helpedCount: number;
};

export interface TalentReach {
  regionId: string;
  /** A town-only call reaches only its own town's talent; null: the whole region. */
  municipalityId: string | null;
  /** Wanted skills; matched case-insensitively. Empty: nobody. */
  skills: readonly string[];
  /** Never these people (the poster, the contact, people with a live application…). */
  excludeUserIds: readonly string[];
}

const lowered = (xs: readonly string[]) => [...new Set(xs.map((s) => s.toLowerCase()))];

/** Does `column` (a text[]) share a skill with `wanted` (already lowercased), ignoring case? */
const overlaps = (column: SQL, wanted: readonly string[]) =>
  sql`exists (select 1 from unnest(${column}) s where lower(s) = any(${texts(wanted)}))`;

/** Help given by t.user_id (accepted applications + accepted direct requests, as far as RLS shows). */
/**
 * Help counts once it has happened: its participation is recorded, or its first day has come. An
 * agreed request for next month is not help given yet.
 */
const begun = (alias: string) =>
  sql`(${sql.raw(alias)}.participated_minutes is not null or ${sql.raw(alias)}.first_date <= (now() at time zone 'Asia/Tokyo')::date)`;

const helpedCountOf = (regionId: string) => sql`(
    (select count(*) from help_applications a
      where a.region_id = ${regionId} and a.user_id = t.user_id and a.status = 'accepted' and ${begun('a')})
  + (select count(*) from help_direct_requests d
      where d.region_id = ${regionId} and d.talent_user_id = t.user_id and d.status = 'accepted' and ${begun('d')}))::int`;

/**
 * Active talent in reach sharing at least one wanted skill — the input of `rankTalent` for a call's
 * suggestions. At most 1000 rows (ranking keeps the best 20 anyway).
 */
export async function findTalentCandidates(tx: Db, { regionId, municipalityId, skills, excludeUserIds }: TalentReach): Promise<TalentCandidateRow[]> {
  const wanted = lowered(skills);
  if (!wanted.length) return [];
  return tx.execute<TalentCandidateRow>(sql`
    select t.user_id as "userId", t.municipality_id as "municipalityId", t.skills, t.availability,
      ${helpedCountOf(regionId)} as "helpedCount"
    from talent_profiles t
    where t.region_id = ${regionId} and ${findable}
      ${municipalityId ? sql`and t.municipality_id = ${municipalityId}` : sql``}
      and not (t.user_id = any(${uuids(excludeUserIds)}))
      and ${overlaps(sql`t.skills`, wanted)}
    order by t.user_id
    limit 1000`);
}

/**
 * Active talent who asked to hear of calls for one of these skills (notify_skills overlap, ignoring
 * case) — the recipients of `help.call_matched`. Stable order (user id), at most `limit`.
 */
export async function findMatchingTalent(
  tx: Db, { regionId, municipalityId, skills, excludeUserIds, limit }: TalentReach & { limit: number },
): Promise<Array<{ userId: string; municipalityId: string }>> {
  const wanted = lowered(skills);
  if (!wanted.length || limit <= 0) return [];
  return tx.execute<{ userId: string; municipalityId: string }>(sql`
    select t.user_id as "userId", t.municipality_id as "municipalityId"
    from talent_profiles t
    where t.region_id = ${regionId} and ${findable}
      ${municipalityId ? sql`and t.municipality_id = ${municipalityId}` : sql``}
      and not (t.user_id = any(${uuids(excludeUserIds)}))
      and ${overlaps(sql`t.notify_skills`, wanted)}
    order by t.user_id
    limit ${limit}`);
}

// ── the registry ─────────────────────────────────────────────────────────────────────────────────

export type TalentRow = {
  userId: string;
  municipalityId: string;
  active: boolean;
  skills: string[];
  notifySkills: string[];
  introduction: string;
  availability: string;
  optedInAt: Date;
  optedOutAt: Date | null;
  updatedAt: Date;
};

const talentColumns = sql`t.user_id as "userId", t.municipality_id as "municipalityId", t.active, t.skills,
  t.notify_skills as "notifySkills", t.introduction, t.availability, t.opted_in_at as "optedInAt",
  t.opted_out_at as "optedOutAt", t.updated_at as "updatedAt"`;

/** One person's entry, or null. RLS shows an inactive (opted-out) entry to its owner only. */
export async function getTalent(tx: Db, { regionId, userId }: { regionId: string; userId: string }): Promise<TalentRow | null> {
  const [row] = await tx.execute<TalentRow>(sql`
    select ${talentColumns} from talent_profiles t where t.region_id = ${regionId} and t.user_id = ${userId}`);
  return row ?? null;
}

export interface TalentWrite {
  regionId: string;
  userId: string;
  municipalityId: string;
  skills: readonly string[];
  notifySkills: readonly string[];
  introduction: string;
  availability: string;
  /** tsvector literal (toTsvectorLiteral) of name, ふりがな, skills, introduction. */
  search: string;
}

/**
 * Opts in (or updates the entry). Coming back after opting out starts a new opted_in_at (the
 * figures count registrations by it); an update of an active entry keeps it.
 */
export async function upsertTalent(tx: Db, w: TalentWrite): Promise<TalentRow> {
  const [row] = await tx.execute<TalentRow>(sql`
    insert into talent_profiles as t (region_id, user_id, municipality_id, active, skills, notify_skills, introduction, availability, search)
    values (${w.regionId}, ${w.userId}, ${w.municipalityId}, true, ${texts(w.skills)}, ${texts(w.notifySkills)},
            ${w.introduction}, ${w.availability}, ${w.search}::tsvector)
    on conflict (region_id, user_id) do update set
      municipality_id = excluded.municipality_id, skills = excluded.skills, notify_skills = excluded.notify_skills,
      introduction = excluded.introduction, availability = excluded.availability, search = excluded.search,
      opted_in_at = case when t.active then t.opted_in_at else now() end,
      active = true, opted_out_at = null, updated_at = now()
    returning ${talentColumns}`);
  return row!;
}

/** Opts out: from this statement on, search, suggestions and matching leave them out. Null: never registered. */
export async function optOutTalent(tx: Db, { regionId, userId }: { regionId: string; userId: string }): Promise<TalentRow | null> {
  const [row] = await tx.execute<TalentRow>(sql`
    update talent_profiles t set active = false,
      opted_out_at = case when t.active then now() else t.opted_out_at end, updated_at = now()
    where t.region_id = ${regionId} and t.user_id = ${userId}
    returning ${talentColumns}`);
  return row ?? null;
}

export type TalentSearchRow = TalentRow & { helpedCount: number; thanksCount: number; sortKey: string };

export interface TalentSearch {
  regionId: string;
  /** Exact tag, ignoring case. */
  skill?: string;
  municipalityId?: string;
  /** tsquery literal (toTsqueryLiteral) over name, ふりがな, skills, introduction. */
  tsquery?: string | null;
  /** Newest registration first: (opted_in_at, user_id) below the cursor. */
  after?: { at: string; id: string } | null;
  limit: number;
}

/** Thanks received (calls + direct requests, as far as the reader may see them). */
const thanksCountOf = (regionId: string) => sql`(
    (select count(*) from help_applications a
      where a.region_id = ${regionId} and a.user_id = t.user_id and a.status = 'accepted' and a.thanks is not null)
  + (select count(*) from help_direct_requests d
      where d.region_id = ${regionId} and d.talent_user_id = t.user_id and d.status = 'accepted' and d.thanks is not null))::int`;

/** The registry: active talent of the region, newest registration first, keyset pages. */
export async function searchTalent(tx: Db, f: TalentSearch): Promise<TalentSearchRow[]> {
  const where: SQL[] = [sql`t.region_id = ${f.regionId}`, findable];
  if (f.skill) where.push(sql`exists (select 1 from unnest(t.skills) s where lower(s) = lower(${f.skill}))`);
  if (f.municipalityId) where.push(sql`t.municipality_id = ${f.municipalityId}`);
  if (f.tsquery) where.push(sql`t.search @@ ${f.tsquery}::tsquery`);
  if (f.after) where.push(sql`(t.opted_in_at, t.user_id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`);
  return tx.execute<TalentSearchRow>(sql`
    select ${talentColumns}, ${helpedCountOf(f.regionId)} as "helpedCount", ${thanksCountOf(f.regionId)} as "thanksCount",
      to_json(t.opted_in_at) #>> '{}' as "sortKey"
    from talent_profiles t
    where ${sql.join(where, sql` and `)}
    order by t.opted_in_at desc, t.user_id desc
    limit ${f.limit}`);
}

/** Skills registered by active talent of the region, most common first (spelling as most often written). */
export async function popularSkills(tx: Db, { regionId, limit }: { regionId: string; limit: number }): Promise<Array<{ skill: string; count: number }>> {
  return tx.execute<{ skill: string; count: number }>(sql`
    select mode() within group (order by s) as skill, count(*)::int as count
    from talent_profiles t, unnest(t.skills) s
    where t.region_id = ${regionId} and ${findable}
    group by lower(s)
    order by count(*) desc, lower(s)
    limit ${limit}`);
}

// ── help given (the person profile) ──────────────────────────────────────────────────────────────

export type HelpGivenRow = {
  kind: 'call' | 'direct';
  id: string;
  title: string;
  municipalityId: string;
  townName: string;
  departmentId: string;
  departmentName: string | null;
  departmentPath: string | null;
  date: string | null;
  minutes: number | null;
  thanks: string | null;
  thankedAt: Date | null;
};

/**
 * Help a person gave: calls they were accepted for (`id` is the call's) and direct requests that
 * were agreed (`id` is the request's) — a recorded 0 minutes (did not come) is left out. Only what
 * the reader may see: RLS hides town-only calls of other towns and direct requests between two
 * other towns. Department names come through region_department() (departments are town-owned).
 */
export async function helpGivenBy(
  tx: Db, { regionId, tenantId, userId, limit }: { regionId: string; tenantId: string; userId: string; limit: number },
): Promise<HelpGivenRow[]> {
  return tx.execute<HelpGivenRow>(sql`
    select g.kind, g.id, g.title, g.municipality_id as "municipalityId", m.name as "townName",
      g.department_id as "departmentId", d.name as "departmentName", d.path as "departmentPath",
      to_char(g.date, 'YYYY-MM-DD') as date, g.minutes, g.thanks, g.thanked_at as "thankedAt"
    from (
      select 'call' as kind, c.id, c.title, c.municipality_id, c.department_id, coalesce(a.first_date, c.work_start) as date,
        a.participated_minutes as minutes, a.thanks, a.thanked_at
      from help_applications a join help_calls c on c.region_id = a.region_id and c.id = a.call_id
      where a.region_id = ${regionId} and a.user_id = ${userId} and a.status = 'accepted' and ${begun('a')}
        and (c.reach = 'region' or c.municipality_id = ${tenantId})
        and coalesce(a.participated_minutes, 1) > 0
      union all
      select 'direct', r.id, r.title, r.municipality_id, r.department_id, coalesce(r.first_date, r.work_start),
        r.participated_minutes, r.thanks, r.thanked_at
      from help_direct_requests r
      where r.region_id = ${regionId} and r.talent_user_id = ${userId} and r.status = 'accepted' and ${begun('r')}
        and (r.municipality_id = ${tenantId} or r.talent_municipality_id = ${tenantId})
        and coalesce(r.participated_minutes, 1) > 0
    ) g
    join municipalities m on m.id = g.municipality_id
    left join lateral region_department(g.department_id) d on true
    order by g.date desc nulls last, g.id
    limit ${limit}`);
}

/** Help given and thanks received by these people (talent cards, suggestions), as far as the reader may see. */
export async function helpCounts(
  tx: Db, { regionId, userIds }: { regionId: string; userIds: readonly string[] },
): Promise<Map<string, { helped: number; thanks: number }>> {
  if (!userIds.length) return new Map();
  const rows = await tx.execute<{ userId: string; helped: number; thanks: number }>(sql`
    select t.user_id as "userId", ${helpedCountOf(regionId)} as helped, ${thanksCountOf(regionId)} as thanks
    from unnest(${uuids(userIds)}) as t(user_id)`);
  return new Map(rows.map((r) => [r.userId, { helped: r.helped, thanks: r.thanks }]));
}

// ── direct requests (人材宛依頼) ────────────────────────────────────────────────────────────────────

export type DirectStatus = 'sent' | 'pending_time' | 'accepted' | 'declined' | 'time_declined' | 'withdrawn';
export type DirectCategory = 'planning' | 'operations' | 'busy_season' | 'learning' | 'other';

/** A direct request as read: what was sent (DirectInsert, below) and how it went on. */
export type DirectRow = Omit<DirectInsert, 'idempotencyKey'> & {
  id: string;
  townName: string;
  departmentName: string | null;
  departmentPath: string | null;
  status: DirectStatus;
  responseNote: string | null;
  respondedAt: Date | null;
  timeRequestId: string | null;
  attempt: number;
  plannedMinutes: number;
  firstDate: string | null;
  confirmedAt: Date | null;
  withdrawnAt: Date | null;
  participatedMinutes: number | null;
  thanks: string | null;
  thankedAt: Date | null;
  createdAt: Date;
};

const directColumns = sql`r.id, r.region_id as "regionId", r.municipality_id as "municipalityId", m.name as "townName",
  r.department_id as "departmentId", d.name as "departmentName", d.path as "departmentPath",
  r.requested_by as "requestedBy", r.talent_user_id as "talentUserId", r.talent_municipality_id as "talentMunicipalityId",
  r.title, r.body, r.category, to_char(r.work_start, 'YYYY-MM-DD') as "workStart", to_char(r.work_end, 'YYYY-MM-DD') as "workEnd",
  r.hours_note as "hoursNote", r.minutes_per_day as "minutesPerDay", r.place, r.status, r.response_note as "responseNote",
  r.responded_at as "respondedAt", r.time_request_id as "timeRequestId", r.attempt, r.planned_minutes as "plannedMinutes",
  to_char(r.first_date, 'YYYY-MM-DD') as "firstDate", r.confirmed_at as "confirmedAt", r.withdrawn_at as "withdrawnAt",
  r.participated_minutes as "participatedMinutes", r.thanks, r.thanked_at as "thankedAt", r.created_at as "createdAt"`;

/** The request row (dressed with its town and department), locked FOR UPDATE when asked. */
async function selectDirect(tx: Db, where: SQL, lock: boolean, extra: SQL = sql``): Promise<DirectRow[]> {
  // The row is chosen (and locked) first, then dressed: FOR UPDATE cannot sit beside the lateral call.
  return tx.execute<DirectRow>(sql`
    with picked as materialized (
      select r.* from help_direct_requests r where ${where} ${extra} ${lock ? sql`for update` : sql``}
    )
    select ${directColumns}
    from picked r
    join municipalities m on m.id = r.municipality_id
    left join lateral region_department(r.department_id) d on true
    order by r.created_at desc, r.id desc`);
}

/** One request the reader's town may see (RLS: the requesting town and the talent's town only). */
export async function getDirectRequest(
  tx: Db, { regionId, id, lock = false }: { regionId?: string; id: string; lock?: boolean },
): Promise<DirectRow | null> {
  const [row] = await selectDirect(tx, sql`r.id = ${id} ${regionId ? sql`and r.region_id = ${regionId}` : sql``}`, lock);
  return row ?? null;
}

/** A requester's earlier request with the same idempotency key (a double submit), or null. */
export async function findDirectByKey(tx: Db, { requestedBy, key }: { requestedBy: string; key: string }): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    select id from help_direct_requests where requested_by = ${requestedBy} and idempotency_key = ${key}`);
  return row?.id ?? null;
}

/** received: asked of me; sent: asked by me. Newest first, at most `limit`. */
export async function listDirectRequests(
  tx: Db, { regionId, userId, box, limit }: { regionId: string; userId: string; box: 'received' | 'sent'; limit: number },
): Promise<DirectRow[]> {
  const who = box === 'received' ? sql`r.talent_user_id = ${userId}` : sql`r.requested_by = ${userId}`;
  return selectDirect(tx, sql`r.region_id = ${regionId} and ${who}`, false, sql`order by r.created_at desc, r.id desc limit ${limit}`);
}

export interface DirectInsert {
  regionId: string;
  municipalityId: string;
  departmentId: string;
  requestedBy: string;
  talentUserId: string;
  talentMunicipalityId: string;
  title: string;
  body: string;
  category: DirectCategory;
  workStart: string;
  workEnd: string;
  hoursNote: string | null;
  minutesPerDay: number;
  place: string | null;
  idempotencyKey: string | null;
}

/** Inserts; null when the requester's idempotency key was already used (a concurrent double submit). */
export async function insertDirectRequest(tx: Db, w: DirectInsert): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into help_direct_requests (region_id, municipality_id, department_id, requested_by, talent_user_id, talent_municipality_id,
      title, body, category, work_start, work_end, hours_note, minutes_per_day, place, idempotency_key)
    values (${w.regionId}, ${w.municipalityId}, ${w.departmentId}, ${w.requestedBy}, ${w.talentUserId}, ${w.talentMunicipalityId},
      ${w.title}, ${w.body}, ${w.category}, ${w.workStart}, ${w.workEnd}, ${w.hoursNote}, ${w.minutesPerDay}, ${w.place}, ${w.idempotencyKey})
    on conflict (requested_by, idempotency_key) do nothing
    returning id`);
  return row?.id ?? null;
}

export interface DirectChange {
  status?: DirectStatus;
  responseNote?: string | null;
  responded?: boolean;
  timeRequestId?: string | null;
  attempt?: number;
  plannedMinutes?: number;
  firstDate?: string | null;
  confirmed?: boolean;
  withdrawn?: boolean;
  participatedMinutes?: number;
  recordedBy?: string;
  thanks?: string | null;
  thankedBy?: string | null;
}

/**
 * Changes a request (the caller holds its row lock). `expect`: only when it is still in one of these
 * states — the time hooks run again when the feature itself withdraws the time, and must then do nothing.
 * Returns whether a row changed.
 */
export async function updateDirectRequest(tx: Db, id: string, c: DirectChange, expect?: readonly DirectStatus[]): Promise<boolean> {
  const set: SQL[] = [sql`updated_at = now()`];
  if (c.status !== undefined) set.push(sql`status = ${c.status}`);
  if (c.responseNote !== undefined) set.push(sql`response_note = ${c.responseNote}`);
  if (c.responded) set.push(sql`responded_at = now()`);
  if (c.timeRequestId !== undefined) set.push(sql`time_request_id = ${c.timeRequestId}`);
  if (c.attempt !== undefined) set.push(sql`attempt = ${c.attempt}`);
  if (c.plannedMinutes !== undefined) set.push(sql`planned_minutes = ${c.plannedMinutes}`);
  if (c.firstDate !== undefined) set.push(sql`first_date = ${c.firstDate}`);
  if (c.confirmed) set.push(sql`confirmed_at = now()`);
  if (c.withdrawn) set.push(sql`withdrawn_at = now()`);
  if (c.participatedMinutes !== undefined) set.push(sql`participated_minutes = ${c.participatedMinutes}, recorded_at = now(), recorded_by = ${c.recordedBy ?? null}`);
  if (c.thanks !== undefined) {
    set.push(sql`thanks = ${c.thanks}`);
    set.push(c.thanks ? sql`thanked_at = case when thanks is distinct from ${c.thanks} then now() else thanked_at end, thanked_by = ${c.thankedBy ?? null}` : sql`thanked_at = null, thanked_by = null`);
  }
  const rows = await tx.execute<{ id: string }>(sql`
    update help_direct_requests set ${sql.join(set, sql`, `)}
    where id = ${id} ${expect ? sql`and status = any(${texts(expect)})` : sql``}
    returning id`);
  return rows.length > 0;
}

/** The requester's department: an active department of their own town (RLS: departments are town-owned). */
export async function activeDepartmentOf(tx: Db, { municipalityId, departmentId }: { municipalityId: string; departmentId: string }): Promise<{ id: string; name: string } | null> {
  const [row] = await tx.execute<{ id: string; name: string }>(sql`
    select id, name from departments where municipality_id = ${municipalityId} and id = ${departmentId} and active`);
  return row ?? null;
}

/** A person's own department (their own town's row). */
export async function departmentOfUser(tx: Db, { municipalityId, userId }: { municipalityId: string; userId: string }): Promise<string | null> {
  const [row] = await tx.execute<{ departmentId: string | null }>(sql`
    select department_id as "departmentId" from users where municipality_id = ${municipalityId} and id = ${userId} and active`);
  return row?.departmentId ?? null;
}
