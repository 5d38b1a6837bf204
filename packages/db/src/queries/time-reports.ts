import { sql, type SQL } from 'drizzle-orm';
import type { ReportGroupBy } from '@yui/contracts';
import type { Db } from '../client';
import { json } from './time';

/**
 * Queries of the 20%ルール reports (年度). Both name their tenant and filter by it; RLS is the
 * backstop. A report is two statements: who is asking (and what they may see), then every group's
 * figures aggregated in one pass.
 */

export type ReportViewer = {
  /** An active 自治体管理者 right now (the token's roles may be minutes old). */
  admin: boolean;
  /** The departments the person heads as 所属長, as the database says now. */
  managed: Array<{ id: string; name: string }>;
};

/** What this person may see in reports; an inactive person may see nothing. */
export async function getReportViewer(tx: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<ReportViewer> {
  const rows = await tx.execute<ReportViewer>(sql`
    select coalesce(bool_or(g.role = 'municipality_admin'), false) as admin,
           coalesce(json_agg(json_build_object('id', d.id, 'name', d.name) order by d.sort_order, d.name_kana, d.id)
                      filter (where g.role = 'manager' and d.id is not null), '[]'::json) as managed
    from users u
    join role_grants g on g.municipality_id = u.municipality_id and g.user_id = u.id
    left join departments d on d.municipality_id = g.municipality_id and d.id = g.department_id
    where u.municipality_id = ${tenantId} and u.id = ${userId} and u.active`);
  return rows[0] ?? { admin: false, managed: [] };
}

export interface ReportFilter {
  tenantId: string;
  groupBy: ReportGroupBy;
  /** The 年度 as dates: work dates from `start` to `end`, both included. */
  start: string;
  end: string;
  /** The same year as instants (Japan midnight of `start`, and of the day after `end`), for submitted_at / decided_at. */
  from: string;
  to: string;
  /** Only requests filed in these departments and every department below them; null = the whole town. */
  departmentIds: string[] | null;
}

/** One group (or, with isTotal, all of them) of a report, before labels are put in the reader's language. */
export type ReportFigures = {
  isTotal: boolean;
  /** department: id or 'none'; person: user id; activity: the kind. null on the total. */
  key: string | null;
  /** [fiscal month 0 = April … 11 = March, minutes] for the months that have any. */
  months: Array<[number, number]>;
  requests: number;
  approved: number;
  declined: number;
  medianSeconds: number | null;
  name: string | null;
  nameKana: string | null;
  /** department only: from the top (部) down to the department itself, to label and to sort in tree order. */
  path: Array<{ name: string; kana: string; sort: number }> | null;
};

/**
 * Every group's figures in the 年度, and one total row (grouping sets), in one statement.
 * - Hours: the days of approved requests by work_date (actual where recorded, else planned), so a
 *   request over March 31 and April 1 counts in two years. Cancelled, revoked, declined and
 *   withdrawn time counts nothing.
 * - requests: submitted in the year; approved / declined and the median time to decision: decided in
 *   the year. A decision was an approval when the request is approved, or was cancelled or revoked
 *   after approval.
 * A request belongs to the department it was filed in (the requester's then, whose manager decided),
 * not the requester's department today.
 */
export async function getTimeReportFigures(tx: Db, f: ReportFilter): Promise<ReportFigures[]> {
  const t = f.tenantId;
  const key: SQL = {
    department: sql`coalesce(r.department_id::text, 'none')`,
    person: sql`r.requester_id::text`,
    activity: sql`r.activity_kind::text`,
  }[f.groupBy];
  const from = sql`${f.from}::timestamptz`;
  const to = sql`${f.to}::timestamptz`;
  const start = sql`${f.start}::date`;
  const end = sql`${f.end}::date`;

  const scope = f.departmentIds
    ? sql`scope as (
        select id from departments
        where municipality_id = ${t} and id in (select value::uuid from jsonb_array_elements_text(${json(f.departmentIds)}))
        union
        select c.id from departments c join scope s on c.parent_id = s.id where c.municipality_id = ${t}
      ),`
    : sql``;
  const inScope = f.departmentIds ? sql`and r.department_id in (select id from scope)` : sql``;

  const labels: SQL = {
    department: sql`dep.name, dep.name_kana as "nameKana", (
        with recursive up as (
          select d.id, d.parent_id, d.name, d.name_kana, d.sort_order, 0 as depth from departments d
          where d.municipality_id = ${t} and d.id = dep.id
          union all
          select p.id, p.parent_id, p.name, p.name_kana, p.sort_order, up.depth + 1 from departments p join up on p.id = up.parent_id
          where p.municipality_id = ${t} and up.depth < 10
        )
        select json_agg(json_build_object('name', name, 'kana', name_kana, 'sort', sort_order) order by depth desc) from up
      ) as path`,
    person: sql`u.name, u.name_kana as "nameKana", null::json as path`,
    activity: sql`null::text as name, null::text as "nameKana", null::json as path`,
  }[f.groupBy];
  const labelJoin: SQL = {
    department: sql`left join departments dep on dep.municipality_id = ${t} and dep.id = (case when c.k <> 'none' then c.k::uuid end)`,
    person: sql`left join users u on u.municipality_id = ${t} and u.id = c.k::uuid`,
    activity: sql``,
  }[f.groupBy];

  return tx.execute<ReportFigures>(sql`
    with recursive ${scope}
    req as (
      select r.id, r.status, ${key} as k,
             r.submitted_at >= ${from} and r.submitted_at < ${to} as submitted_in_year,
             r.submitted_at is not null and r.decided_at >= ${from} and r.decided_at < ${to}
               and r.status in ('approved', 'cancelled', 'revoked', 'declined') as decided_in_year,
             r.status in ('approved', 'cancelled', 'revoked') as was_approved,
             extract(epoch from r.decided_at - r.submitted_at)::float8 as seconds_to_decision
      from time_requests r
      where r.municipality_id = ${t} ${inScope}
        and (r.submitted_at >= ${from} and r.submitted_at < ${to}
             or r.decided_at >= ${from} and r.decided_at < ${to}
             or r.status = 'approved' and r.first_date <= ${end} and r.last_date >= ${start})
    ),
    minutes as (
      select r.k, (extract(month from d.work_date)::int + 8) % 12 as m,
             sum(coalesce(d.actual_minutes, d.planned_minutes))::int as minutes
      from time_request_days d
      join req r on r.id = d.request_id
      where d.municipality_id = ${t} and r.status = 'approved' and d.work_date between ${start} and ${end}
      group by 1, 2
    ),
    by_month as (
      select k, json_agg(json_build_array(m, minutes) order by m) as months from minutes group by k
    ),
    counts as (
      select r.k, grouping(r.k) = 1 as is_total,
             count(*) filter (where r.submitted_in_year)::int as requests,
             count(*) filter (where r.decided_in_year and r.was_approved)::int as approved,
             count(*) filter (where r.decided_in_year and r.status = 'declined')::int as declined,
             percentile_cont(0.5) within group (order by r.seconds_to_decision) filter (where r.decided_in_year) as median_seconds
      from req r
      group by grouping sets ((r.k), ())
    )
    select c.is_total as "isTotal", c.k as key, coalesce(b.months, '[]'::json) as months,
           c.requests, c.approved, c.declined, c.median_seconds as "medianSeconds", ${labels}
    from counts c
    left join by_month b on b.k = c.k
    ${labelJoin}`);
}
