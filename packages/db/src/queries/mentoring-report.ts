import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * 職員サポート制度: the figures of one programme for a 年度 (its admins read them). The pairs counted
 * are those whose period overlaps the 年度; sessions are those held (status 'held') on a day in it.
 * Survey answers are read under the surveys' policy, which lets the programme's admins see them all.
 * Dates are Japan dates ('YYYY-MM-DD', `from`/`to` inclusive).
 */

type Period = { regionId: string; programmeId: string; from: string; to: string };

/** Pairs whose period overlaps [from, to]. */
const pairsIn = (f: Period) => sql`
  select s.id from mentorships s
  where s.region_id = ${f.regionId} and s.programme_id = ${f.programmeId} and s.starts_on <= ${f.to}::date and s.ends_on >= ${f.from}::date`;

export type ReportPairRow = {
  id: string;
  mentorId: string;
  mentorMunicipalityId: string;
  menteeId: string;
  menteeMunicipalityId: string;
  status: 'active' | 'ended';
  endReason: 'completed' | 'rematch' | 'withdrawn' | 'closed' | null;
  startsOn: string;
  endsOn: string;
  lastSessionOn: string | null;
  /** Held in the period. */
  sessions: number;
  minutes: number;
  /** Average of every survey answer on the pair (both people, both stages), one decimal; null without answers. */
  satisfaction: number | null;
};

export async function getReportPairs(tx: Db, f: Period): Promise<ReportPairRow[]> {
  return tx.execute<ReportPairRow>(sql`
    select s.id, s.mentor_id as "mentorId", s.mentor_municipality_id as "mentorMunicipalityId", s.mentee_id as "menteeId",
      s.mentee_municipality_id as "menteeMunicipalityId", s.status, s.end_reason as "endReason", s.starts_on::text as "startsOn",
      s.ends_on::text as "endsOn", s.last_session_on::text as "lastSessionOn",
      coalesce(x.sessions, 0)::int as sessions, coalesce(x.minutes, 0)::int as minutes,
      (select round(avg(v.satisfaction)::numeric, 1)::float8 from mentoring_surveys v where v.mentorship_id = s.id) as satisfaction
    from mentorships s
    left join lateral (
      select count(*) as sessions, sum(e.minutes) as minutes from mentoring_sessions e
      where e.mentorship_id = s.id and e.status = 'held' and e.held_on between ${f.from}::date and ${f.to}::date
    ) x on true
    where s.id in (${pairsIn(f)})
    order by s.starts_on, s.created_at, s.id`);
}

/**
 * Sessions held per month ('YYYY-MM'), their minutes and how many pairs met. Months without any are
 * absent. Only the report's pairs' sessions, as in the pair rows: the months add up to the totals.
 */
export async function getReportMonths(tx: Db, f: Period): Promise<Array<{ month: string; sessions: number; minutes: number; pairsMet: number }>> {
  return tx.execute<{ month: string; sessions: number; minutes: number; pairsMet: number }>(sql`
    select to_char(e.held_on, 'YYYY-MM') as month, count(*)::int as sessions, coalesce(sum(e.minutes), 0)::int as minutes,
      count(distinct e.mentorship_id)::int as "pairsMet"
    from mentoring_sessions e
    where e.region_id = ${f.regionId} and e.programme_id = ${f.programmeId} and e.status = 'held'
      and e.held_on between ${f.from}::date and ${f.to}::date and e.mentorship_id in (${pairsIn(f)})
    group by 1 order by 1`);
}

/** Average satisfaction (one decimal) and the number of answers per stage, on the period's pairs. */
export async function getReportSurveys(tx: Db, f: Period): Promise<Array<{ stage: 'mid' | 'end'; average: number | null; answers: number }>> {
  return tx.execute<{ stage: 'mid' | 'end'; average: number | null; answers: number }>(sql`
    select v.stage, round(avg(v.satisfaction)::numeric, 1)::float8 as average, count(*)::int as answers
    from mentoring_surveys v
    where v.region_id = ${f.regionId} and v.programme_id = ${f.programmeId} and v.mentorship_id in (${pairsIn(f)})
    group by v.stage`);
}

/** People taking part: active entries, and those who left after having a pair in the period. */
export async function getReportPeople(tx: Db, f: Period): Promise<{ mentors: number; mentees: number }> {
  const [row] = await tx.execute<{ mentors: number; mentees: number }>(sql`
    select count(distinct x.user_id) filter (where x.role = 'mentor')::int as mentors,
           count(distinct x.user_id) filter (where x.role = 'mentee')::int as mentees
    from mentoring_participants x
    where x.region_id = ${f.regionId} and x.programme_id = ${f.programmeId}
      and (x.status = 'active' or exists (
        select 1 from mentorships s where s.id in (${pairsIn(f)})
          and (case when x.role = 'mentor' then s.mentor_id else s.mentee_id end) = x.user_id))`);
  return row ?? { mentors: 0, mentees: 0 };
}
