import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { uuids } from './community-sql';

/**
 * Queries of the 職員サポート制度 job of the worker (mentoring.keepalive): the pairs of the open
 * programmes one town runs (`mentoring_programmes.municipality_id` — for a cross-town programme, the
 * coordinator's town). A cross-town pair whose mentor and mentee work in other towns still lives
 * with the programme's town: RLS shows it there because the programme is visible there, and the
 * mentorships policy lets that town's context (no person) update it.
 *
 * They run inside the job's tenant and still name the town and region: each town's job touches only
 * the pairs of the programmes it runs. Every change is a guarded UPDATE … RETURNING (the stamp or the
 * status is still empty / active): a second run, or a second worker at the same moment, waits for the
 * first one's row locks, then finds the rows changed and returns nothing.
 *
 * Japan dates are 'YYYY-MM-DD'.
 */

type Town = { tenantId: string; regionId: string };

/** The pairs of the town's open programmes (alias m) joined to their programme (alias p). */
const townPairs = ({ tenantId, regionId }: Town) => sql`
  from mentoring_programmes p
  where p.id = m.programme_id and p.region_id = ${regionId} and m.region_id = ${regionId}
    and p.municipality_id = ${tenantId} and p.status = 'open'`;

export type KeepalivePair = {
  id: string;
  programmeId: string;
  programmeTitle: string;
  mentorId: string;
  menteeId: string;
};

const pairCols = sql`m.id, m.programme_id as "programmeId", p.title as "programmeTitle", m.mentor_id as "mentorId", m.mentee_id as "menteeId"`;

export type SurveyCandidate = KeepalivePair & {
  startsOn: string;
  endsOn: string;
  midNotified: boolean;
  endNotified: boolean;
};

/** Active pairs of the town's open programmes with a survey reminder still to send (which is due is the domain's). */
export async function listSurveyCandidates(tx: Db, town: Town): Promise<SurveyCandidate[]> {
  return tx.execute<SurveyCandidate>(sql`
    select ${pairCols}, m.starts_on::text as "startsOn", m.ends_on::text as "endsOn",
      m.mid_survey_notified_at is not null as "midNotified", m.end_survey_notified_at is not null as "endNotified"
    from mentorships m join mentoring_programmes p on p.id = m.programme_id
    where p.region_id = ${town.regionId} and m.region_id = ${town.regionId} and p.municipality_id = ${town.tenantId} and p.status = 'open'
      and m.status = 'active' and (m.mid_survey_notified_at is null or m.end_survey_notified_at is null)
    order by m.id`);
}

/**
 * Stamps the survey reminder of `stage` on these pairs, once: only pairs still active, of the town's
 * open programmes, whose stamp is still empty. Returns the pairs stamped (the ones to tell).
 */
export async function stampSurveyReminders(
  tx: Db, town: Town & { stage: 'mid' | 'end'; ids: string[] },
): Promise<KeepalivePair[]> {
  if (!town.ids.length) return [];
  const col = sql.identifier(town.stage === 'mid' ? 'mid_survey_notified_at' : 'end_survey_notified_at');
  return tx.execute<KeepalivePair>(sql`
    update mentorships m set ${col} = now(), updated_at = now()
    ${townPairs(town)}
      and m.id = any(${uuids(town.ids)}) and m.status = 'active' and m.${col} is null
    returning ${pairCols}`);
}

/**
 * Active pairs whose period is over (ends_on before `today`) end as 'completed'. Returns the pairs
 * ended (each once).
 */
export async function endMentorshipsPastEnd(tx: Db, town: Town & { today: string }): Promise<KeepalivePair[]> {
  return tx.execute<KeepalivePair>(sql`
    update mentorships m set status = 'ended', end_reason = 'completed', ended_at = now(), updated_at = now()
    ${townPairs(town)}
      and m.status = 'active' and m.ends_on < ${town.today}::date
    returning ${pairCols}`);
}

/**
 * Active pairs with no session held for the programme's nudge weeks — counted from the last session
 * held, or from the start when there is none yet (as the domain's pairHealth: quiet from whole weeks
 * ≥ nudge weeks) — and not nudged since: stamps nudged_at. Logging a held session clears the stamp,
 * so a pair that goes quiet again is nudged again. `weeks`: whole weeks without a session.
 */
export async function nudgeQuietMentorships(tx: Db, town: Town & { today: string }): Promise<Array<KeepalivePair & { weeks: number }>> {
  return tx.execute<KeepalivePair & { weeks: number }>(sql`
    update mentorships m set nudged_at = now(), updated_at = now()
    ${townPairs(town)}
      and m.status = 'active' and m.nudged_at is null
      -- a pair that has its next session planned is alive
      and not exists (select 1 from mentoring_sessions s
        where s.mentorship_id = m.id and s.status = 'planned' and s.held_on >= ${town.today}::date)
      and coalesce(m.last_session_on, m.starts_on) <= ${town.today}::date - p.nudge_after_weeks * 7
    returning ${pairCols}, ((${town.today}::date - coalesce(m.last_session_on, m.starts_on)) / 7)::int as weeks`);
}

export type StalledMentorship = KeepalivePair & { scope: 'town' | 'region'; escalateAfterWeeks: number };

/**
 * The same for the escalation weeks: stamps escalated_at (the programme's admins are told once per
 * pair; cleared by the next session held). Returns the pairs stamped, with their programme's scope.
 */
export async function escalateStalledMentorships(tx: Db, town: Town & { today: string }): Promise<StalledMentorship[]> {
  return tx.execute<StalledMentorship>(sql`
    update mentorships m set escalated_at = now(), updated_at = now()
    ${townPairs(town)}
      and m.status = 'active' and m.escalated_at is null
      -- a pair that has its next session planned is alive
      and not exists (select 1 from mentoring_sessions s
        where s.mentorship_id = m.id and s.status = 'planned' and s.held_on >= ${town.today}::date)
      and coalesce(m.last_session_on, m.starts_on) <= ${town.today}::date - p.escalate_after_weeks * 7
    returning ${pairCols}, p.scope, p.escalate_after_weeks as "escalateAfterWeeks"`);
}

/**
 * Who runs a programme and hears that its pairs have stalled: for a town programme the active
 * 自治体管理者 of the town (the job's tenant), for a cross-town one the region's coordinators (whatever
 * their town, through the SECURITY DEFINER region_coordinators()).
 */
export async function listProgrammeAdmins(tx: Db, f: { tenantId: string; scope: 'town' | 'region' }): Promise<string[]> {
  const rows = f.scope === 'region'
    ? await tx.execute<{ id: string }>(sql`select id from region_coordinators() order by id`)
    : await tx.execute<{ id: string }>(sql`
        select distinct u.id from role_grants g
        join users u on u.municipality_id = g.municipality_id and u.id = g.user_id and u.active
        where g.municipality_id = ${f.tenantId} and g.role = 'municipality_admin'
        order by u.id`);
  return rows.map((r) => r.id);
}

/**
 * Serialises the keepalive steps of one town (transaction-scoped): two runs at once then change —
 * and announce — each pair once and send one stalled notice per programme, not two partial ones.
 */
export async function lockMentoringKeepalive(tx: Db, { tenantId }: { tenantId: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('yui.mentoring_keepalive:' || ${tenantId}, 0))`);
}

// ── 20% time of cancelled sessions (outbox.deliver of mentoring.session_cancelled) ──────────────

export type ReleasableSessionTime = {
  id: string;
  requesterId: string;
  status: 'draft' | 'submitted' | 'returned' | 'approved';
  firstDate: string;
};

/**
 * The town's still-standing 20% requests of these people for one mentoring session, locked FOR UPDATE
 * in id order (as every bulk change of the time module) — only while the session really is cancelled,
 * as the requesters' town sees it (a stray or stale event releases nothing). Run inside the
 * requesters' town: their requests are its own rows (RLS), and the session is visible there (it is
 * one of their pair's). A request changed meanwhile is re-read after the lock (READ COMMITTED).
 */
export async function lockReleasableSessionTime(
  tx: Db, f: { tenantId: string; sessionId: string; userIds: readonly string[] },
): Promise<ReleasableSessionTime[]> {
  if (!f.userIds.length) return [];
  return tx.execute<ReleasableSessionTime>(sql`
    select r.id, r.requester_id as "requesterId", r.status, r.first_date::text as "firstDate"
    from time_requests r
    where r.municipality_id = ${f.tenantId} and r.ref_type = 'mentoring_session' and r.ref_id = ${f.sessionId}
      and r.requester_id = any(${uuids(f.userIds)}) and r.status in ('draft', 'submitted', 'returned', 'approved')
      and exists (select 1 from mentoring_sessions s where s.id = r.ref_id and s.status = 'cancelled')
    order by r.id
    for update of r`);
}
