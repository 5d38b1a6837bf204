import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { uuids } from './community-sql';

/**
 * データ保管庫: the yearly figures of 職場応援. What the reader may see is what is counted: row-level
 * security hides another town's town-only calls and their applications, so every town's staff see
 * the region's figures plus their own town's town-only calls. Direct requests are private to the two
 * towns concerned; the region's counts of them come from help_direct_request_counts() (numbers only).
 * Dates are Japan dates (`from`/`to` inclusive, the 年度).
 */

type CallStatus = 'open' | 'closed' | 'finished' | 'cancelled';

export type ReportCallRow = {
  id: string;
  publishedOn: string;
  title: string;
  municipalityId: string;
  municipalityName: string;
  departmentId: string;
  headcount: number;
  status: CallStatus;
  /** Applications that counted (time approved) at some point — withdrawn later or not. */
  applications: number;
  accepted: number;
};

/** Every call published in the period, oldest first, with its counted and accepted applications. */
export async function getReportCalls(
  tx: Db, { regionId, tenantId, from, to }: { regionId: string; tenantId: string; from: string; to: string },
): Promise<ReportCallRow[]> {
  return tx.execute<ReportCallRow>(sql`
    select c.id, c.published_on::text as "publishedOn", c.title, c.municipality_id as "municipalityId", m.name as "municipalityName",
      c.department_id as "departmentId", c.headcount, c.status,
      coalesce(a.applications, 0)::int as applications, coalesce(a.accepted, 0)::int as accepted
    from help_calls c
    join municipalities m on m.id = c.municipality_id
    left join (
      select call_id, count(*) filter (where counted_at is not null) as applications,
             count(*) filter (where status = 'accepted') as accepted
      from help_applications where region_id = ${regionId} group by call_id
    ) a on a.call_id = c.id
    where c.region_id = ${regionId} and c.published_on between ${from}::date and ${to}::date
      and (c.reach = 'region' or c.municipality_id = ${tenantId})
    order by c.published_on, c.created_at, c.id`);
}

export type ReportHelperRow = {
  userId: string;
  count: number;
  /** Minutes taken part where recorded, else the minutes planned with the 20% request. */
  minutes: number;
  thanks: number;
};

/** People accepted for calls published in the period: how often, how long, how many thank-yous. */
export async function getReportHelpers(
  tx: Db, { regionId, tenantId, from, to }: { regionId: string; tenantId: string; from: string; to: string },
): Promise<ReportHelperRow[]> {
  return tx.execute<ReportHelperRow>(sql`
    select a.user_id as "userId", count(*)::int as count,
      coalesce(sum(coalesce(a.participated_minutes, a.planned_minutes)), 0)::int as minutes,
      count(*) filter (where a.thanks is not null)::int as thanks
    from help_applications a
    join help_calls c on c.id = a.call_id and c.region_id = a.region_id
    where a.region_id = ${regionId} and a.status = 'accepted'
      and c.published_on between ${from}::date and ${to}::date
      and (c.reach = 'region' or c.municipality_id = ${tenantId})
    group by a.user_id
    order by count desc, minutes desc, a.user_id`);
}

/** Talent registered (opted in) now, and those of them who opted in during the period. */
export async function getTalentCounts(
  tx: Db, { regionId, from, to }: { regionId: string; from: string; to: string },
): Promise<{ active: number; new: number }> {
  const rows = await tx.execute<{ active: number; new: number }>(sql`
    select count(*)::int as active,
      count(*) filter (where (opted_in_at at time zone 'Asia/Tokyo')::date between ${from}::date and ${to}::date)::int as new
    from talent_profiles where region_id = ${regionId} and active`);
  return rows[0] ?? { active: 0, new: 0 };
}

export type DirectCountRow = { municipalityId: string; departmentId: string; month: string; status: string; n: number };

/** Direct requests of the whole region made in the period, counted by requesting department, month and status. */
export async function getDirectRequestCounts(tx: Db, { from, to }: { from: string; to: string }): Promise<DirectCountRow[]> {
  return tx.execute<DirectCountRow>(sql`
    select municipality_id as "municipalityId", department_id as "departmentId", month, status, n
    from help_direct_request_counts(${from}::date, ${to}::date)`);
}

/**
 * Names and paths (部 > 課 > 係) of departments of the region, by id. Departments turned off since
 * are not in region_department(); the caller's own town still reads their name from `departments`.
 */
export async function getDepartmentNames(tx: Db, ids: readonly string[]): Promise<Map<string, { name: string; path: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.execute<{ id: string; name: string | null; path: string | null }>(sql`
    select x.id, coalesce(r.name, d.name) as name, r.path
    from unnest(${uuids([...new Set(ids)])}) as x(id)
    left join lateral region_department(x.id) r on true
    left join departments d on d.id = x.id
    `);
  return new Map(rows.filter((r) => r.name !== null).map((r) => [r.id, { name: r.name!, path: r.path }]));
}
