import type { HelpReport } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  getDepartmentNames, getDirectRequestCounts, getReportCalls, getReportHelpers, getTalentCounts,
} from '@yui/db/queries/help-reports';
import { getRegionTowns } from '@yui/db/queries/region-people';
import { fiscalYearOf, fiscalYearRange, todayInJapan } from '@yui/domain';
import { personRefs } from '../communities/access';

/**
 * データ保管庫: the figures of 職場応援 for one 年度 (April–March), as seed 001's tables have them —
 * 依頼所属 with 募集 (places) and 応募 (applications), the list of calls, and who helped most.
 *
 *  - A call belongs to the 年度 of its 掲載日 (published_on); its applications and acceptances count
 *    with it (an application counts once its time was approved, even if withdrawn later: 応募 is
 *    "how many came forward", as the seed counts it).
 *  - byMonth: calls and their applications by the month the call was published (so the months add
 *    up to the totals); direct requests by the month they were made (Japan time).
 *  - helpers: people accepted for the year's calls; minutes as recorded after the work, else as
 *    planned with their 20% request. Direct requests are private to two towns, so they are counted
 *    (help_direct_request_counts) but never name anyone here.
 *  - Everyone of the region reads these figures; each reader's own town-only calls are included,
 *    other towns' are not (row-level security).
 */

export interface ReportActor {
  tenantId: string;
  regionId: string;
  userId: string;
}

/** The twelve months of the 年度 as YYYY-MM, April first. */
function monthsOf(fy: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    return `${i < 9 ? fy : fy + 1}-${String(m).padStart(2, '0')}`;
  });
}

const HELPER_RANKING = 20;
const DEPARTMENT_RANKING = 10;

export async function buildHelpReport(tx: Db, actor: ReportActor, q: { fy?: number }): Promise<HelpReport> {
  const fy = q.fy ?? fiscalYearOf(new Date(`${todayInJapan()}T00:00:00Z`));
  const { start: from, end: to } = fiscalYearRange(fy);
  const range = { regionId: actor.regionId, from, to };
  const reader = { ...range, tenantId: actor.tenantId };
  const [calls, helpers, talent, direct, towns] = await Promise.all([
    getReportCalls(tx, reader), getReportHelpers(tx, reader), getTalentCounts(tx, range),
    getDirectRequestCounts(tx, { from, to }), getRegionTowns(tx, actor.regionId),
  ]);
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  const departments = await getDepartmentNames(tx, [...calls.map((c) => c.departmentId), ...direct.map((d) => d.departmentId)]);
  const deptRef = (id: string) => ({ id, name: departments.get(id)?.name ?? '—', path: departments.get(id)?.path ?? null });
  const townRef = (id: string) => ({ id, name: townName.get(id) ?? '—' });

  // 依頼所属: calls and direct requests per department of any town.
  type Row = HelpReport['byDepartment'][number];
  const byDept = new Map<string, Row>();
  const deptRow = (municipalityId: string, departmentId: string): Row => {
    let r = byDept.get(departmentId);
    if (!r) {
      r = { town: townRef(municipalityId), department: deptRef(departmentId), calls: 0, headcount: 0, applications: 0, accepted: 0, directRequests: 0 };
      byDept.set(departmentId, r);
    }
    return r;
  };
  const months = new Map(monthsOf(fy).map((month) => [month, { month, calls: 0, applications: 0, directRequests: 0 }]));
  for (const c of calls) {
    const r = deptRow(c.municipalityId, c.departmentId);
    r.calls++;
    r.headcount += c.headcount;
    r.applications += c.applications;
    r.accepted += c.accepted;
    const m = months.get(c.publishedOn.slice(0, 7));
    if (m) {
      m.calls++;
      m.applications += c.applications;
    }
  }
  let directRequests = 0;
  let directAccepted = 0;
  for (const d of direct) {
    deptRow(d.municipalityId, d.departmentId).directRequests += d.n;
    const m = months.get(d.month);
    if (m) m.directRequests += d.n;
    directRequests += d.n;
    if (d.status === 'accepted') directAccepted += d.n;
  }
  const byDepartment = [...byDept.values()].sort((a, b) =>
    b.calls - a.calls || b.headcount - a.headcount || b.directRequests - a.directRequests
    || a.town.name.localeCompare(b.town.name, 'ja') || a.department.name.localeCompare(b.department.name, 'ja'));

  const top = helpers.slice(0, HELPER_RANKING);
  const people = await personRefs(tx, top.map((h) => h.userId));

  return {
    fiscalYear: fy,
    from,
    to,
    totals: {
      calls: calls.length,
      headcount: calls.reduce((s, c) => s + c.headcount, 0),
      applications: calls.reduce((s, c) => s + c.applications, 0),
      accepted: calls.reduce((s, c) => s + c.accepted, 0),
      talentActive: talent.active,
      talentNew: talent.new,
      directRequests,
      directAccepted,
      helpers: helpers.length,
      minutes: helpers.reduce((s, h) => s + h.minutes, 0),
    },
    byDepartment,
    byMonth: [...months.values()],
    calls: calls.map((c) => ({
      id: c.id, publishedOn: c.publishedOn, title: c.title, town: townRef(c.municipalityId), department: deptRef(c.departmentId),
      headcount: c.headcount, applications: c.applications, accepted: c.accepted, status: c.status,
    })),
    rankings: {
      departments: byDepartment.filter((d) => d.calls > 0)
        .map((d) => ({ town: d.town, department: d.department, calls: d.calls, applications: d.applications }))
        .sort((a, b) => b.applications - a.applications || b.calls - a.calls)
        .slice(0, DEPARTMENT_RANKING),
      // Someone who has left the region's people is no longer named.
      helpers: top.flatMap((h) => {
        const person = people.get(h.userId);
        return person ? [{ person, count: h.count, minutes: h.minutes, thanks: h.thanks }] : [];
      }),
    },
  };
}
