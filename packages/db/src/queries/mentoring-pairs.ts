import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { uuids } from './community-sql';

/**
 * Queries of the pairs of 職員サポート制度 (mentorships, sessions, private notes, surveys,
 * consultations). Every query names its region; row-level security is the backstop: another town's
 * own programme (and all that hangs off it) is hidden, private notes are seen by the two of the pair
 * only, a consultation and its messages by its participants only. Who may do what is the API's.
 */

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// ── pairs ───────────────────────────────────────────────────────────────────────────────────────

export type PairRow = {
  id: string;
  regionId: string;
  programmeId: string;
  programmeTitle: string;
  programmeKind: 'new_hire' | 'new_chief' | 'cross_town' | 'other';
  programmeScope: 'town' | 'region';
  programmeMunicipalityId: string;
  programmeStatus: 'open' | 'closed';
  nudgeAfterWeeks: number;
  escalateAfterWeeks: number;
  sessionMinutes: number;
  mentorId: string;
  mentorMunicipalityId: string;
  menteeId: string;
  menteeMunicipalityId: string;
  status: 'active' | 'ended';
  endReason: 'completed' | 'rematch' | 'withdrawn' | 'closed' | null;
  startsOn: string;
  endsOn: string;
  goals: string;
  score: number;
  reasons: unknown[];
  matchedVia: 'manual' | 'assignment';
  lastSessionOn: string | null;
  endedAt: string | null;
  createdAt: string;
  /** The earliest planned session on `today` or later (none once the pair has ended). */
  nextSession: { id: string; heldOn: string; startTime: string | null; minutes: number; place: string | null } | null;
  /** Sessions held, and their minutes. */
  sessionCount: number;
  heldMinutes: number;
};

export interface PairFilter {
  regionId: string;
  ids?: readonly string[];
  programmeId?: string;
  /** Pairs this person is in (as mentor or mentee). */
  userId?: string;
  /** For the next session: planned ones on this day or later. */
  today: string;
}

/**
 * Pairs as the reader's town sees them (RLS hides other towns' own programmes), active first, then the
 * newest start. Who may see which pair is the caller's to check.
 */
export async function getPairRows(tx: Db, f: PairFilter): Promise<PairRow[]> {
  const where: SQL[] = [sql`m.region_id = ${f.regionId}`];
  if (f.ids) where.push(sql`m.id = any(${uuids(f.ids)})`);
  if (f.programmeId) where.push(sql`m.programme_id = ${f.programmeId}`);
  if (f.userId) where.push(sql`(m.mentor_id = ${f.userId} or m.mentee_id = ${f.userId})`);
  return tx.execute<PairRow>(sql`
    select m.id, m.region_id as "regionId", m.programme_id as "programmeId", p.title as "programmeTitle", p.kind as "programmeKind",
      p.scope as "programmeScope", p.municipality_id as "programmeMunicipalityId", p.status as "programmeStatus",
      p.nudge_after_weeks as "nudgeAfterWeeks", p.escalate_after_weeks as "escalateAfterWeeks", p.session_minutes as "sessionMinutes",
      m.mentor_id as "mentorId", m.mentor_municipality_id as "mentorMunicipalityId",
      m.mentee_id as "menteeId", m.mentee_municipality_id as "menteeMunicipalityId",
      m.status, m.end_reason as "endReason", m.starts_on::text as "startsOn", m.ends_on::text as "endsOn", m.goals, m.score,
      m.reasons, m.matched_via as "matchedVia", m.last_session_on::text as "lastSessionOn",
      ${iso(sql`m.ended_at`)} as "endedAt", ${iso(sql`m.created_at`)} as "createdAt",
      (select json_build_object('id', s.id, 'heldOn', s.held_on::text, 'startTime', s.start_time, 'minutes', s.minutes, 'place', s.place)
         from mentoring_sessions s
         where s.mentorship_id = m.id and m.status = 'active' and s.status = 'planned' and s.held_on >= ${f.today}::date
         order by s.held_on, s.start_time nulls last, s.created_at limit 1) as "nextSession",
      (select count(*) from mentoring_sessions s where s.mentorship_id = m.id and s.status = 'held')::int as "sessionCount",
      (select coalesce(sum(s.minutes), 0) from mentoring_sessions s where s.mentorship_id = m.id and s.status = 'held')::int as "heldMinutes"
    from mentorships m
    join mentoring_programmes p on p.region_id = m.region_id and p.id = m.programme_id
    where ${sql.join(where, sql` and `)}
    order by (m.status = 'active') desc, m.starts_on desc, m.created_at desc, m.id`);
}

export type PairLock = {
  id: string;
  programmeId: string;
  mentorId: string;
  menteeId: string;
  status: 'active' | 'ended';
  startsOn: string;
  endsOn: string;
};

/** One pair's row, locked (every change of a pair and its session log goes through here first). */
export async function lockPair(tx: Db, f: { regionId: string; id: string }): Promise<PairLock | null> {
  const [row] = await tx.execute<PairLock>(sql`
    select id, programme_id as "programmeId", mentor_id as "mentorId", mentee_id as "menteeId", status,
      starts_on::text as "startsOn", ends_on::text as "endsOn"
    from mentorships where region_id = ${f.regionId} and id = ${f.id} for update`);
  return row ?? null;
}

export async function updatePairGoals(tx: Db, id: string, goals: string): Promise<void> {
  await tx.execute(sql`update mentorships set goals = ${goals}, updated_at = now() where id = ${id}`);
}

/** Ends an active pair; false when it had already ended. */
export async function endPair(tx: Db, id: string, reason: 'completed' | 'rematch' | 'withdrawn' | 'closed'): Promise<boolean> {
  const rows = await tx.execute(sql`
    update mentorships set status = 'ended', end_reason = ${reason}, ended_at = now(), updated_at = now()
    where id = ${id} and status = 'active' returning id`);
  return rows.length > 0;
}

/** A held session keeps the pair alive: the latest one counts and the nudge / admins' notice start over. */
export async function recordHeld(tx: Db, id: string, heldOn: string): Promise<void> {
  await tx.execute(sql`
    update mentorships set last_session_on = greatest(last_session_on, ${heldOn}::date), nudged_at = null, escalated_at = null,
      updated_at = now()
    where id = ${id}`);
}

/** The mentee asked for a new match: their entry remembers why and never offers this mentor again. */
export async function markRematch(tx: Db, f: { programmeId: string; menteeId: string; mentorId: string; reason: string }): Promise<void> {
  await tx.execute(sql`
    update mentoring_participants set rematch_requested_at = now(), rematch_reason = ${f.reason},
      excluded_mentor_ids = case when ${f.mentorId}::uuid = any(excluded_mentor_ids) then excluded_mentor_ids
                                 else array_append(excluded_mentor_ids, ${f.mentorId}::uuid) end,
      updated_at = now()
    where programme_id = ${f.programmeId} and user_id = ${f.menteeId} and role = 'mentee'`);
}

/**
 * Who runs a programme: the 自治体管理者 of its town (town programme; read in that town, which is the
 * reader's own) or the region's coordinators (cross-town programme).
 */
export async function programmeAdminIds(tx: Db, p: { scope: 'town' | 'region'; municipalityId: string }): Promise<string[]> {
  const rows = p.scope === 'region'
    ? await tx.execute<{ id: string }>(sql`select id from region_coordinators() order by id`)
    : await tx.execute<{ id: string }>(sql`
        select distinct u.id from role_grants g join users u on u.municipality_id = g.municipality_id and u.id = g.user_id and u.active
        where g.municipality_id = ${p.municipalityId} and g.role = 'municipality_admin' order by u.id`);
  return rows.map((r) => r.id);
}

// ── sessions ────────────────────────────────────────────────────────────────────────────────────

export type SessionRow = {
  id: string;
  mentorshipId: string;
  status: 'planned' | 'held' | 'cancelled';
  heldOn: string;
  startTime: string | null;
  minutes: number;
  topic: string;
  place: string | null;
  loggedBy: string;
  mentorTimeRequestId: string | null;
  mentorTimeStatus: string | null;
  menteeTimeRequestId: string | null;
  menteeTimeStatus: string | null;
  createdAt: string;
};

const sessionCols = sql`s.id, s.mentorship_id as "mentorshipId", s.status, s.held_on::text as "heldOn", s.start_time as "startTime",
  s.minutes, s.topic, s.place, s.logged_by as "loggedBy", s.mentor_time_request_id as "mentorTimeRequestId",
  s.mentor_time_status as "mentorTimeStatus", s.mentee_time_request_id as "menteeTimeRequestId",
  s.mentee_time_status as "menteeTimeStatus", ${iso(sql`s.created_at`)} as "createdAt"`;

/** A pair's sessions, the newest date first. */
export async function listSessions(tx: Db, f: { regionId: string; mentorshipId: string }): Promise<SessionRow[]> {
  return tx.execute<SessionRow>(sql`
    select ${sessionCols} from mentoring_sessions s
    where s.region_id = ${f.regionId} and s.mentorship_id = ${f.mentorshipId}
    order by s.held_on desc, s.created_at desc`);
}

export async function getSession(tx: Db, f: { regionId: string; mentorshipId: string; id: string; lock?: boolean }): Promise<SessionRow | null> {
  const [row] = await tx.execute<SessionRow>(sql`
    select ${sessionCols} from mentoring_sessions s
    where s.region_id = ${f.regionId} and s.mentorship_id = ${f.mentorshipId} and s.id = ${f.id}
    ${f.lock ? sql`for update` : sql``}`);
  return row ?? null;
}

/** A session by the writer's idempotency key (a retried submit). */
export async function sessionByKey(tx: Db, f: { mentorshipId: string; loggedBy: string; key: string }): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    select id from mentoring_sessions where logged_by = ${f.loggedBy} and idempotency_key = ${f.key} and mentorship_id = ${f.mentorshipId}`);
  return row?.id ?? null;
}

export interface NewSession {
  regionId: string;
  programmeId: string;
  mentorshipId: string;
  status: 'planned' | 'held';
  heldOn: string;
  startTime: string | null;
  minutes: number;
  topic: string;
  place: string | null;
  loggedBy: string;
  idempotencyKey: string | null;
}

/** Inserts a session; null when the writer's idempotency key is already used (the first one stands). */
export async function insertSession(tx: Db, s: NewSession): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, start_time, minutes, topic, place,
                                    logged_by, idempotency_key)
    values (${s.regionId}, ${s.programmeId}, ${s.mentorshipId}, ${s.status}, ${s.heldOn}, ${s.startTime}, ${s.minutes}, ${s.topic},
            ${s.place}, ${s.loggedBy}, ${s.idempotencyKey})
    on conflict (logged_by, idempotency_key) do nothing
    returning id`);
  return row?.id ?? null;
}

export async function updateSession(
  tx: Db, id: string, p: { status: 'held' | 'cancelled'; heldOn?: string; minutes?: number; topic?: string },
): Promise<void> {
  await tx.execute(sql`
    update mentoring_sessions set status = ${p.status},
      held_on = coalesce(${p.heldOn ?? null}::date, held_on), minutes = coalesce(${p.minutes ?? null}::int, minutes),
      topic = coalesce(${p.topic ?? null}::text, topic), updated_at = now()
    where id = ${id}`);
}

/** A 20% request still standing (draft, waiting, returned, approved): it counts against its person's budget. */
export const LIVE_TIME_STATUSES: readonly string[] = ['draft', 'submitted', 'returned', 'approved'];

export type CancelledSession = {
  id: string;
  mentorshipId: string;
  programmeTitle: string;
  heldOn: string;
  mentorId: string;
  menteeId: string;
  /** The people of the pair whose 20% request for the session is still standing (as mirrored on it). */
  liveTimeIds: string[];
};

/**
 * A pair ended: its planned sessions on `from` or later are cancelled (the earlier ones stay as they
 * are: their day is over, and a 'completed' pair may still record them as held). Only ended pairs'
 * sessions are touched. Returns the sessions cancelled, each once (a second call finds none).
 */
export async function cancelPlannedSessionsOfEnded(
  tx: Db, f: { regionId: string; mentorshipIds: readonly string[]; from: string },
): Promise<CancelledSession[]> {
  if (!f.mentorshipIds.length) return [];
  return tx.execute<CancelledSession>(sql`
    with cancelled as (
      update mentoring_sessions s set status = 'cancelled', updated_at = now()
      from mentorships m
      where m.region_id = ${f.regionId} and m.id = any(${uuids(f.mentorshipIds)}) and m.status = 'ended'
        and s.region_id = m.region_id and s.mentorship_id = m.id and s.status = 'planned' and s.held_on >= ${f.from}::date
      returning s.id, s.mentorship_id, s.programme_id, s.held_on, m.mentor_id, m.mentee_id, s.mentor_time_status, s.mentee_time_status
    )
    select c.id, c.mentorship_id as "mentorshipId", p.title as "programmeTitle", c.held_on::text as "heldOn",
      c.mentor_id as "mentorId", c.mentee_id as "menteeId",
      array_remove(array[
        case when c.mentor_time_status = any(${sql.param([...LIVE_TIME_STATUSES])}::text[]) then c.mentor_id end,
        case when c.mentee_time_status = any(${sql.param([...LIVE_TIME_STATUSES])}::text[]) then c.mentee_id end
      ], null) as "liveTimeIds"
    from cancelled c join mentoring_programmes p on p.id = c.programme_id
    order by c.held_on, c.id`);
}

/** Stores one side's 20% request on the session (when filed). */
export async function setSessionTimeRequest(tx: Db, f: { id: string; side: 'mentor' | 'mentee'; requestId: string; status: string }): Promise<void> {
  await tx.execute(f.side === 'mentor'
    ? sql`update mentoring_sessions set mentor_time_request_id = ${f.requestId}, mentor_time_status = ${f.status}, updated_at = now() where id = ${f.id}`
    : sql`update mentoring_sessions set mentee_time_request_id = ${f.requestId}, mentee_time_status = ${f.status}, updated_at = now() where id = ${f.id}`);
}

/**
 * Mirrors a 20% request's new status onto the session, on whichever side filed that request (the
 * time hook). Returns whether a row changed; a request no longer the side's current one changes nothing.
 */
export async function mirrorSessionTime(tx: Db, f: { sessionId: string; requestId: string; status: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    update mentoring_sessions set
      mentor_time_status = case when mentor_time_request_id = ${f.requestId} then ${f.status} else mentor_time_status end,
      mentee_time_status = case when mentee_time_request_id = ${f.requestId} then ${f.status} else mentee_time_status end,
      updated_at = now()
    where id = ${f.sessionId} and ${f.requestId}::uuid in (mentor_time_request_id, mentee_time_request_id)
    returning id`);
  return rows.length > 0;
}

// ── private notes ───────────────────────────────────────────────────────────────────────────────

export type NoteRow = { id: string; sessionId: string | null; authorId: string; body: string; createdAt: string };

/** A pair's private notes, oldest first (RLS: only the two of the pair get any row). */
export async function listNotes(tx: Db, f: { regionId: string; mentorshipId: string }): Promise<NoteRow[]> {
  return tx.execute<NoteRow>(sql`
    select n.id, n.session_id as "sessionId", n.author_id as "authorId", n.body, ${iso(sql`n.created_at`)} as "createdAt"
    from mentoring_notes n where n.region_id = ${f.regionId} and n.mentorship_id = ${f.mentorshipId}
    order by n.created_at, n.id`);
}

export async function insertNote(
  tx: Db, n: { regionId: string; mentorshipId: string; sessionId: string | null; mentorId: string; menteeId: string; authorId: string; body: string },
): Promise<string> {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into mentoring_notes (region_id, mentorship_id, session_id, mentor_id, mentee_id, author_id, body)
    values (${n.regionId}, ${n.mentorshipId}, ${n.sessionId}, ${n.mentorId}, ${n.menteeId}, ${n.authorId}, ${n.body})
    returning id`);
  return row!.id;
}

/** Deletes the author's own note; false when there is none (RLS: someone else's is not even seen). */
export async function deleteNote(tx: Db, f: { regionId: string; mentorshipId: string; id: string; authorId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    delete from mentoring_notes
    where region_id = ${f.regionId} and mentorship_id = ${f.mentorshipId} and id = ${f.id} and author_id = ${f.authorId}
    returning id`);
  return rows.length > 0;
}

// ── surveys ─────────────────────────────────────────────────────────────────────────────────────

export type SurveyRow = { stage: 'mid' | 'end'; satisfaction: number; usefulness: number | null; comment: string; answeredAt: string };

export async function mySurveys(tx: Db, f: { mentorshipId: string; userId: string }): Promise<SurveyRow[]> {
  return tx.execute<SurveyRow>(sql`
    select stage, satisfaction, usefulness, comment, ${iso(sql`updated_at`)} as "answeredAt"
    from mentoring_surveys where mentorship_id = ${f.mentorshipId} and user_id = ${f.userId} order by stage desc`);
}

/** One answer per person and stage: a second answer replaces the first. */
export async function upsertSurvey(tx: Db, s: {
  regionId: string; programmeId: string; mentorshipId: string; userId: string; municipalityId: string; role: 'mentor' | 'mentee';
  stage: 'mid' | 'end'; satisfaction: number; usefulness: number | null; comment: string;
}): Promise<void> {
  await tx.execute(sql`
    insert into mentoring_surveys (region_id, programme_id, mentorship_id, user_id, municipality_id, role, stage, satisfaction, usefulness, comment)
    values (${s.regionId}, ${s.programmeId}, ${s.mentorshipId}, ${s.userId}, ${s.municipalityId}, ${s.role}, ${s.stage}, ${s.satisfaction},
            ${s.usefulness}, ${s.comment})
    on conflict (mentorship_id, user_id, stage) do update set satisfaction = excluded.satisfaction, usefulness = excluded.usefulness,
      comment = excluded.comment, updated_at = now()`);
}

// ── consultations ───────────────────────────────────────────────────────────────────────────────

export type ConsultContactRow = { id: string; kind: 'manager' | 'hr'; name: string; nameKana: string; departmentName: string | null };

/** Whom the mentor may consult about the mentee: their 所属長 and their town's 人事. */
export async function consultContacts(tx: Db, menteeId: string): Promise<ConsultContactRow[]> {
  return tx.execute<ConsultContactRow>(sql`
    select id, kind, name, name_kana as "nameKana", department_name as "departmentName"
    from mentoring_consult_contacts(${menteeId}) order by kind, name_kana, id`);
}

export type ConsultationRow = {
  id: string;
  mentorshipId: string;
  menteeId: string;
  openedBy: string;
  kind: 'manager' | 'hr';
  participantIds: string[];
  subject: string;
  status: 'open' | 'closed';
  createdAt: string;
  messageCount: number;
  lastMessageAt: string;
};

const consultationCols = sql`c.id, c.mentorship_id as "mentorshipId", c.mentee_id as "menteeId", c.opened_by as "openedBy", c.kind,
  c.participant_ids as "participantIds", c.subject, c.status, ${iso(sql`c.created_at`)} as "createdAt",
  (select count(*) from mentoring_consultation_messages x where x.consultation_id = c.id)::int as "messageCount",
  ${iso(sql`coalesce((select max(x.created_at) from mentoring_consultation_messages x where x.consultation_id = c.id), c.created_at)`)}
    as "lastMessageAt"`;

/**
 * Consultations the reader takes part in (RLS: participants only), open ones and the latest message
 * first; optionally of one pair.
 */
export async function listConsultations(tx: Db, f: { regionId: string; userId: string; mentorshipId?: string; ids?: readonly string[] }): Promise<ConsultationRow[]> {
  return tx.execute<ConsultationRow>(sql`
    select ${consultationCols} from mentoring_consultations c
    where c.region_id = ${f.regionId} and ${f.userId}::uuid = any(c.participant_ids)
      ${f.mentorshipId ? sql`and c.mentorship_id = ${f.mentorshipId}` : sql``}
      ${f.ids ? sql`and c.id = any(${uuids(f.ids)})` : sql``}
    order by (c.status = 'open') desc, "lastMessageAt" desc, c.id`);
}

export async function lockConsultation(tx: Db, f: { regionId: string; userId: string; id: string }): Promise<{ id: string; status: 'open' | 'closed'; subject: string; participantIds: string[] } | null> {
  const [row] = await tx.execute<{ id: string; status: 'open' | 'closed'; subject: string; participantIds: string[] }>(sql`
    select id, status, subject, participant_ids as "participantIds" from mentoring_consultations
    where region_id = ${f.regionId} and id = ${f.id} and ${f.userId}::uuid = any(participant_ids) for update`);
  return row ?? null;
}

export async function consultationByKey(tx: Db, f: { openedBy: string; key: string }): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    select id from mentoring_consultations where opened_by = ${f.openedBy} and idempotency_key = ${f.key}`);
  return row?.id ?? null;
}

export async function insertConsultation(tx: Db, c: {
  regionId: string; mentorshipId: string; menteeId: string; openedBy: string; kind: 'manager' | 'hr'; participantIds: string[];
  subject: string; idempotencyKey: string | null;
}): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into mentoring_consultations (region_id, mentorship_id, mentee_id, opened_by, kind, participant_ids, subject, idempotency_key)
    values (${c.regionId}, ${c.mentorshipId}, ${c.menteeId}, ${c.openedBy}, ${c.kind}, ${uuids(c.participantIds)}, ${c.subject},
            ${c.idempotencyKey})
    on conflict (opened_by, idempotency_key) do nothing
    returning id`);
  return row?.id ?? null;
}

export async function closeConsultation(tx: Db, id: string): Promise<void> {
  await tx.execute(sql`update mentoring_consultations set status = 'closed', closed_at = now(), updated_at = now() where id = ${id}`);
}

export async function touchConsultation(tx: Db, id: string): Promise<void> {
  await tx.execute(sql`update mentoring_consultations set updated_at = now() where id = ${id}`);
}

export type ConsultationMessageRow = { id: string; authorId: string; body: string; createdAt: string };

export async function listConsultationMessages(tx: Db, f: { regionId: string; consultationId: string }): Promise<ConsultationMessageRow[]> {
  return tx.execute<ConsultationMessageRow>(sql`
    select id, author_id as "authorId", body, ${iso(sql`created_at`)} as "createdAt"
    from mentoring_consultation_messages where region_id = ${f.regionId} and consultation_id = ${f.consultationId}
    order by created_at, id`);
}

/**
 * Adds a message; null when the author already used the idempotency key in this consultation. The
 * unique index is per author across consultations, so the key is stored as `<consultation id>:<key>`:
 * the same key in another consultation is another message, not a silently dropped one.
 */
export async function insertConsultationMessage(
  tx: Db, m: { regionId: string; consultationId: string; authorId: string; body: string; idempotencyKey: string | null },
): Promise<string | null> {
  const key = m.idempotencyKey === null ? null : `${m.consultationId}:${m.idempotencyKey}`;
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into mentoring_consultation_messages (region_id, consultation_id, author_id, body, idempotency_key)
    values (${m.regionId}, ${m.consultationId}, ${m.authorId}, ${m.body}, ${key})
    on conflict (author_id, idempotency_key) do nothing
    returning id`);
  return row?.id ?? null;
}
