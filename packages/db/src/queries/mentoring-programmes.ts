import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { texts, uuids } from './community-sql';

/**
 * 職員サポート制度 (mentoring): programmes, their participants and the pairs matching writes.
 * Region-owned rows: every query names the region, and row-level security hides other regions and
 * another town's own (scope 'town') programmes with everything hanging off them. People of other
 * towns are read through the SECURITY DEFINER functions of migration 0007 (`mentoring_people_facts`,
 * `mentoring_eligible_people`). Dates come back as 'YYYY-MM-DD' text, timestamps as ISO 8601 text.
 */

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type MentoringKind = 'new_hire' | 'new_chief' | 'cross_town' | 'other';
export type MenteeRule = 'hired_in_year' | 'chief_in_year' | 'anyone';
export type DepartmentPreference = 'near' | 'far' | 'any';
export type TownPreference = 'own' | 'other' | 'any';
export type MentoringRole = 'mentor' | 'mentee';

export type ProgrammeRow = {
  id: string;
  regionId: string;
  municipalityId: string;
  municipalityName: string;
  scope: 'town' | 'region';
  kind: MentoringKind;
  fiscalYear: number;
  title: string;
  goals: string;
  menteeRule: MenteeRule;
  mentorMinYears: number;
  departmentPreference: DepartmentPreference;
  startsOn: string;
  endsOn: string;
  nudgeAfterWeeks: number;
  escalateAfterWeeks: number;
  sessionMinutes: number;
  status: 'open' | 'closed';
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
  /** The reader runs it (yui_admin_mentoring_programmes()). */
  isAdmin: boolean;
  mentors: number;
  mentorPlaces: number;
  mentees: number;
  activePairs: number;
  unmatched: number;
  /** The reader's active entries. */
  myRoles: MentoringRole[];
  /** Has the reader ever had an entry (active or withdrawn)? */
  everJoined: boolean;
  /** Does the programme's rule admit the reader as a mentee ('anyone': yes)? */
  menteeEligible: boolean;
  /** The reader's hire date (years of service for joining as a mentor). */
  myHireDate: string | null;
};

/** Columns of `p` (mentoring_programmes) decorated for the reader. */
const programmeColumns = (userId: string) => sql`
  p.id, p.region_id as "regionId", p.municipality_id as "municipalityId", m.name as "municipalityName", p.scope, p.kind,
  p.fiscal_year as "fiscalYear", p.title, p.goals, p.mentee_rule as "menteeRule", p.mentor_min_years as "mentorMinYears",
  p.department_preference as "departmentPreference", p.starts_on::text as "startsOn", p.ends_on::text as "endsOn",
  p.nudge_after_weeks as "nudgeAfterWeeks", p.escalate_after_weeks as "escalateAfterWeeks", p.session_minutes as "sessionMinutes",
  p.status, p.created_by as "createdBy", ${iso(sql`p.created_at`)} as "createdAt",
  case when p.closed_at is null then null else ${iso(sql`p.closed_at`)} end as "closedAt",
  p.id in (select yui_admin_mentoring_programmes()) as "isAdmin",
  coalesce(c.mentors, 0)::int as mentors, coalesce(c.mentor_places, 0)::int as "mentorPlaces", coalesce(c.mentees, 0)::int as mentees,
  (select count(*) from mentorships s where s.programme_id = p.id and s.status = 'active')::int as "activePairs",
  (select count(*) from mentoring_participants x
    where x.programme_id = p.id and x.role = 'mentee' and x.status = 'active'
      and not exists (select 1 from mentorships s where s.programme_id = p.id and s.mentee_id = x.user_id and s.status = 'active'))::int as unmatched,
  coalesce((select array_agg(x.role order by x.role) from mentoring_participants x
    where x.programme_id = p.id and x.user_id = ${userId} and x.status = 'active'), '{}')::text[] as "myRoles",
  exists (select 1 from mentoring_participants x where x.programme_id = p.id and x.user_id = ${userId}) as "everJoined",
  (p.mentee_rule = 'anyone' or exists (
    select 1 from users u
    where u.id = ${userId} and u.active and (p.scope = 'region' or u.municipality_id = p.municipality_id)
      and mentoring_rule_admits(p.mentee_rule, make_date(p.fiscal_year, 4, 1), make_date(p.fiscal_year + 1, 3, 31),
                                u.hire_date, u."position", u.position_since))) as "menteeEligible",
  (select u.hire_date::text from users u where u.id = ${userId}) as "myHireDate"`;

const programmeJoins = sql`
  join municipalities m on m.id = p.municipality_id
  left join lateral (
    select count(*) filter (where x.role = 'mentor') as mentors,
           sum(x.capacity) filter (where x.role = 'mentor') as mentor_places,
           count(*) filter (where x.role = 'mentee') as mentees
    from mentoring_participants x where x.programme_id = p.id and x.status = 'active'
  ) c on true`;

/** What the reader's town may see: the region's cross-town programmes and its own town programmes. */
const visibleTo = (regionId: string, tenantId: string) => sql`p.region_id = ${regionId} and (p.scope = 'region' or p.municipality_id = ${tenantId})`;

export async function getProgrammeRow(
  tx: Db, f: { regionId: string; tenantId: string; userId: string; id: string },
): Promise<ProgrammeRow | null> {
  const rows = await tx.execute<ProgrammeRow>(sql`
    select ${programmeColumns(f.userId)} from mentoring_programmes p ${programmeJoins}
    where p.id = ${f.id} and ${visibleTo(f.regionId, f.tenantId)}`);
  return rows[0] ?? null;
}

/** Programmes the reader's town may see, newest 年度 first; which of them a reader is shown is the caller's. */
export async function listProgrammeRows(
  tx: Db, f: { regionId: string; tenantId: string; userId: string; fiscalYear?: number; status?: 'open' | 'closed' },
): Promise<ProgrammeRow[]> {
  return tx.execute<ProgrammeRow>(sql`
    select ${programmeColumns(f.userId)} from mentoring_programmes p ${programmeJoins}
    where ${visibleTo(f.regionId, f.tenantId)}
      ${f.fiscalYear ? sql`and p.fiscal_year = ${f.fiscalYear}` : sql``}
      ${f.status ? sql`and p.status = ${f.status}` : sql``}
    order by p.fiscal_year desc, p.status, p.created_at desc, p.id`);
}

export type ProgrammeWrite = {
  title: string;
  goals: string;
  menteeRule: MenteeRule;
  mentorMinYears: number;
  departmentPreference: DepartmentPreference;
  startsOn: string;
  endsOn: string;
  nudgeAfterWeeks: number;
  escalateAfterWeeks: number;
  sessionMinutes: number;
};

/** The programme made earlier with this idempotency key by this person, if any. */
export async function programmeIdByKey(tx: Db, f: { regionId: string; createdBy: string; key: string }): Promise<string | null> {
  const rows = await tx.execute<{ id: string }>(sql`
    select id from mentoring_programmes where region_id = ${f.regionId} and created_by = ${f.createdBy} and idempotency_key = ${f.key}`);
  return rows[0]?.id ?? null;
}

/** Inserts a programme; null when the idempotency key was taken meanwhile (a double submit). */
export async function insertProgramme(
  tx: Db,
  f: ProgrammeWrite & {
    regionId: string; municipalityId: string; scope: 'town' | 'region'; kind: MentoringKind; fiscalYear: number; createdBy: string;
    idempotencyKey: string | null;
  },
): Promise<string | null> {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into mentoring_programmes (region_id, municipality_id, scope, kind, fiscal_year, title, goals, mentee_rule, mentor_min_years,
      department_preference, starts_on, ends_on, nudge_after_weeks, escalate_after_weeks, session_minutes, created_by, idempotency_key)
    values (${f.regionId}, ${f.municipalityId}, ${f.scope}, ${f.kind}, ${f.fiscalYear}, ${f.title}, ${f.goals}, ${f.menteeRule},
      ${f.mentorMinYears}, ${f.departmentPreference}, ${f.startsOn}::date, ${f.endsOn}::date, ${f.nudgeAfterWeeks},
      ${f.escalateAfterWeeks}, ${f.sessionMinutes}, ${f.createdBy}, ${f.idempotencyKey})
    on conflict (created_by, idempotency_key) do nothing
    returning id`);
  return rows[0]?.id ?? null;
}

export async function updateProgrammeRow(tx: Db, id: string, f: ProgrammeWrite): Promise<void> {
  await tx.execute(sql`
    update mentoring_programmes set title = ${f.title}, goals = ${f.goals}, mentee_rule = ${f.menteeRule},
      mentor_min_years = ${f.mentorMinYears}, department_preference = ${f.departmentPreference}, starts_on = ${f.startsOn}::date,
      ends_on = ${f.endsOn}::date, nudge_after_weeks = ${f.nudgeAfterWeeks}, escalate_after_weeks = ${f.escalateAfterWeeks},
      session_minutes = ${f.sessionMinutes}, updated_at = now()
    where id = ${id}`);
}

/** Closes an open programme (a guarded UPDATE: closing twice changes nothing); true when it closed now. */
export async function closeProgrammeRow(tx: Db, id: string): Promise<boolean> {
  const rows = await tx.execute(sql`
    update mentoring_programmes set status = 'closed', closed_at = now(), updated_at = now()
    where id = ${id} and status = 'open' returning id`);
  return rows.length > 0;
}

// ── participants ────────────────────────────────────────────────────────────────────────────────

export type ParticipantRow = {
  id: string;
  programmeId: string;
  userId: string;
  municipalityId: string;
  role: MentoringRole;
  status: 'active' | 'withdrawn';
  capacity: number;
  skills: string[];
  yearsOfService: number;
  townPreference: TownPreference;
  note: string;
  excludedMentorIds: string[];
  rematchRequestedAt: string | null;
  rematchReason: string | null;
  addedBy: string;
  createdAt: string;
  /** Mentor: active pairs as mentor. Mentee: 1 when they have an active pair. */
  activePairs: number;
};

const participantColumns = sql`
  x.id, x.programme_id as "programmeId", x.user_id as "userId", x.municipality_id as "municipalityId", x.role, x.status, x.capacity,
  x.skills, x.years_of_service as "yearsOfService", x.town_preference as "townPreference", x.note,
  x.excluded_mentor_ids::text[] as "excludedMentorIds",
  case when x.rematch_requested_at is null then null else ${iso(sql`x.rematch_requested_at`)} end as "rematchRequestedAt",
  x.rematch_reason as "rematchReason", x.added_by as "addedBy", ${iso(sql`x.created_at`)} as "createdAt",
  (case when x.role = 'mentor'
    then (select count(*) from mentorships s
          where s.region_id = x.region_id and s.mentor_id = x.user_id and s.status = 'active' and s.programme_id = x.programme_id)
    else (select count(*) from mentorships s
          where s.region_id = x.region_id and s.mentee_id = x.user_id and s.status = 'active' and s.programme_id = x.programme_id)
   end)::int as "activePairs"`;

/** Entries of a programme, mentors first, in the order they came. */
export async function listParticipantRows(
  tx: Db, f: { regionId: string; programmeId: string; role?: MentoringRole; status?: 'active' | 'withdrawn'; userIds?: string[] },
): Promise<ParticipantRow[]> {
  return tx.execute<ParticipantRow>(sql`
    select ${participantColumns} from mentoring_participants x
    where x.region_id = ${f.regionId} and x.programme_id = ${f.programmeId}
      ${f.role ? sql`and x.role = ${f.role}` : sql``}
      ${f.status ? sql`and x.status = ${f.status}` : sql``}
      ${f.userIds ? sql`and x.user_id = any(${uuids(f.userIds)})` : sql``}
    order by x.role, x.created_at, x.id`);
}

/** One person's entries in a programme (at most one per role). */
export async function participantRowsOf(tx: Db, f: { regionId: string; programmeId: string; userId: string }): Promise<ParticipantRow[]> {
  return listParticipantRows(tx, { regionId: f.regionId, programmeId: f.programmeId, userIds: [f.userId] });
}

export async function participantRowById(tx: Db, f: { regionId: string; id: string }): Promise<ParticipantRow | null> {
  const rows = await tx.execute<ParticipantRow>(sql`
    select ${participantColumns} from mentoring_participants x where x.region_id = ${f.regionId} and x.id = ${f.id}`);
  return rows[0] ?? null;
}

export type ParticipantWrite = {
  capacity: number;
  skills: string[];
  yearsOfService: number;
  townPreference: TownPreference;
  note: string;
};

/** A new entry; null when the person already has one in that role (unique per programme, person, role). */
export async function insertParticipantRow(
  tx: Db,
  f: ParticipantWrite & { regionId: string; programmeId: string; userId: string; municipalityId: string; role: MentoringRole; addedBy: string },
): Promise<string | null> {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into mentoring_participants (region_id, programme_id, user_id, municipality_id, role, capacity, skills, years_of_service,
      town_preference, note, added_by)
    values (${f.regionId}, ${f.programmeId}, ${f.userId}, ${f.municipalityId}, ${f.role}, ${f.capacity}, ${texts(f.skills)},
      ${f.yearsOfService}, ${f.townPreference}, ${f.note}, ${f.addedBy})
    on conflict (programme_id, user_id, role) do nothing
    returning id`);
  return rows[0]?.id ?? null;
}

/** Changes an entry (and makes it active again when `reactivate`). */
export async function updateParticipantRow(tx: Db, id: string, f: ParticipantWrite & { reactivate?: boolean }): Promise<void> {
  await tx.execute(sql`
    update mentoring_participants set capacity = ${f.capacity}, skills = ${texts(f.skills)}, years_of_service = ${f.yearsOfService},
      town_preference = ${f.townPreference}, note = ${f.note}, ${f.reactivate ? sql`status = 'active',` : sql``} updated_at = now()
    where id = ${id}`);
}

export async function withdrawParticipantRow(tx: Db, id: string): Promise<void> {
  await tx.execute(sql`update mentoring_participants set status = 'withdrawn', updated_at = now() where id = ${id} and status = 'active'`);
}

export type LockedEntry = { id: string; userId: string; role: MentoringRole; municipalityId: string };

/**
 * Locks the active entries of these mentors and mentees in the programme FOR UPDATE, in one statement
 * in id order (two confirmations never wait on each other in a circle), and returns them by role and
 * user id. An entry withdrawn meanwhile is not returned: the lock re-reads the row (READ COMMITTED),
 * so `status = 'active'` holds for everything returned until we commit. Only the programme's admins
 * (and a person for their own entry) may lock entries under row-level security.
 */
export async function lockEntries(
  tx: Db, f: { regionId: string; programmeId: string; mentorIds: string[]; menteeIds: string[] },
): Promise<{ mentors: Map<string, LockedEntry>; mentees: Map<string, LockedEntry> }> {
  const rows = f.mentorIds.length + f.menteeIds.length === 0 ? [] : await tx.execute<LockedEntry>(sql`
    select x.id, x.user_id as "userId", x.role, x.municipality_id as "municipalityId"
    from mentoring_participants x
    where x.region_id = ${f.regionId} and x.programme_id = ${f.programmeId} and x.status = 'active'
      and ((x.role = 'mentor' and x.user_id = any(${uuids(f.mentorIds)})) or (x.role = 'mentee' and x.user_id = any(${uuids(f.menteeIds)})))
    order by x.id
    for update`);
  const mentors = new Map<string, LockedEntry>();
  const mentees = new Map<string, LockedEntry>();
  for (const r of rows) (r.role === 'mentor' ? mentors : mentees).set(r.userId, r);
  return { mentors, mentees };
}

/**
 * Locks the reader's own entries in the programme (both roles, active or not) FOR UPDATE in id order:
 * changing or leaving one's entry waits for a confirmation onto it, and the other way round.
 */
export async function lockOwnEntries(tx: Db, f: { regionId: string; programmeId: string; userId: string }): Promise<void> {
  await tx.execute(sql`
    select x.id from mentoring_participants x
    where x.region_id = ${f.regionId} and x.programme_id = ${f.programmeId} and x.user_id = ${f.userId}
    order by x.id
    for update`);
}

/**
 * Serialises joining (and enrolling) per programme and person until the transaction ends: one role per
 * programme cannot be kept by the unique index (programme, person, role) alone, so two joins in different
 * roles at once would both pass. An advisory lock, as the first entry may not exist yet to be locked.
 */
export async function lockPersonInProgramme(tx: Db, f: { programmeId: string; userIds: string[] }): Promise<void> {
  if (!f.userIds.length) return;
  // Taken in id order (an enrolment of many); one statement whatever the number.
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(s.k))::int from (
      select hashtextextended(${f.programmeId}::text || ':' || u.id::text, 0) as k
      from unnest(${uuids(f.userIds)}) as u(id) group by u.id order by u.id
    ) s`);
}

/** The mentees were matched again: their entries stop asking for a new match (the excluded mentors stay). */
export async function clearRematchRequests(tx: Db, f: { regionId: string; programmeId: string; menteeIds: string[] }): Promise<void> {
  if (!f.menteeIds.length) return;
  await tx.execute(sql`
    update mentoring_participants set rematch_requested_at = null, rematch_reason = null, updated_at = now()
    where region_id = ${f.regionId} and programme_id = ${f.programmeId} and role = 'mentee'
      and user_id = any(${uuids(f.menteeIds)}) and rematch_requested_at is not null`);
}

// ── people ──────────────────────────────────────────────────────────────────────────────────────

export type PersonFacts = {
  id: string;
  municipalityId: string;
  departmentId: string | null;
  departmentPath: string[];
  managedDepartmentIds: string[];
  hireDate: string | null;
  position: string | null;
  positionSince: string | null;
  active: boolean;
};

/** What matching needs to know of people of the current region (mentoring_people_facts), by id; one query. */
export async function peopleFacts(tx: Db, ids: readonly string[]): Promise<Map<string, PersonFacts>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await tx.execute<PersonFacts>(sql`
    select id, municipality_id as "municipalityId", department_id as "departmentId", department_path::text[] as "departmentPath",
      managed_department_ids::text[] as "managedDepartmentIds", hire_date::text as "hireDate", "position",
      position_since::text as "positionSince", active
    from mentoring_people_facts(${uuids(unique)})`);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Active staff of the region (one town, or every town with null) whom the rule admits in [from, to]. */
export async function eligiblePeople(
  tx: Db, f: { rule: MenteeRule; from: string; to: string; municipalityId: string | null },
): Promise<Array<{ id: string; municipalityId: string }>> {
  if (f.rule === 'anyone') return [];
  return tx.execute<{ id: string; municipalityId: string }>(sql`
    select id, municipality_id as "municipalityId"
    from mentoring_eligible_people(${f.rule}, ${f.from}::date, ${f.to}::date, ${f.municipalityId}::uuid)
    order by id`);
}

// ── pairs ───────────────────────────────────────────────────────────────────────────────────────

export type ActivePairRow = { id: string; mentorId: string; menteeId: string };

/** Active pairs of a programme (optionally of some mentees). */
export async function activePairRows(
  tx: Db, f: { regionId: string; programmeId: string; menteeIds?: string[]; mentorIds?: string[] },
): Promise<ActivePairRow[]> {
  return tx.execute<ActivePairRow>(sql`
    select id, mentor_id as "mentorId", mentee_id as "menteeId" from mentorships
    where region_id = ${f.regionId} and programme_id = ${f.programmeId} and status = 'active'
      ${f.menteeIds ? sql`and mentee_id = any(${uuids(f.menteeIds)})` : sql``}
      ${f.mentorIds ? sql`and mentor_id = any(${uuids(f.mentorIds)})` : sql``}
    order by id`);
}

/**
 * A new active pair; null when the mentee has one already (the partial unique index
 * mentorships_active_mentee_uq: a concurrent confirm waits for the other and then skips).
 */
export async function insertPairRow(
  tx: Db,
  f: {
    regionId: string; programmeId: string; mentorId: string; mentorMunicipalityId: string; menteeId: string; menteeMunicipalityId: string;
    startsOn: string; endsOn: string; goals: string; score: number; reasons: unknown; matchedVia: 'manual' | 'assignment'; matchedBy: string;
  },
): Promise<string | null> {
  const rows = await tx.execute<{ id: string }>(sql`
    insert into mentorships (region_id, programme_id, mentor_id, mentor_municipality_id, mentee_id, mentee_municipality_id,
      starts_on, ends_on, goals, score, reasons, matched_via, matched_by)
    values (${f.regionId}, ${f.programmeId}, ${f.mentorId}, ${f.mentorMunicipalityId}, ${f.menteeId}, ${f.menteeMunicipalityId},
      ${f.startsOn}::date, ${f.endsOn}::date, ${f.goals}, ${f.score}, ${JSON.stringify(f.reasons)}::jsonb, ${f.matchedVia}, ${f.matchedBy})
    on conflict (programme_id, mentee_id) where status = 'active' do nothing
    returning id`);
  return rows[0]?.id ?? null;
}

/** The latest end of the programme's active pairs ('YYYY-MM-DD'), or null when none is active. */
export async function latestActivePairEnd(tx: Db, f: { regionId: string; programmeId: string }): Promise<string | null> {
  const [row] = await tx.execute<{ endsOn: string | null }>(sql`
    select max(ends_on)::text as "endsOn" from mentorships
    where region_id = ${f.regionId} and programme_id = ${f.programmeId} and status = 'active'`);
  return row?.endsOn ?? null;
}

/**
 * Ends active pairs of a programme (all of them, or those of one person as mentor or mentee) and
 * returns them, for telling the pairs.
 */
export async function endPairRows(
  tx: Db, f: { regionId: string; programmeId: string; reason: 'withdrawn' | 'closed'; mentorId?: string; menteeId?: string },
): Promise<ActivePairRow[]> {
  return tx.execute<ActivePairRow>(sql`
    update mentorships set status = 'ended', ended_at = now(), end_reason = ${f.reason}, updated_at = now()
    where region_id = ${f.regionId} and programme_id = ${f.programmeId} and status = 'active'
      ${f.mentorId ? sql`and mentor_id = ${f.mentorId}` : sql``}
      ${f.menteeId ? sql`and mentee_id = ${f.menteeId}` : sql``}
    returning id, mentor_id as "mentorId", mentee_id as "menteeId"`);
}
