import type { Db } from '@yui/db';
import { getReportViewer, getTimeReportFigures, type ReportFigures } from '@yui/db/queries/time-reports';
import {
  activityKind, activityKindLabels, timeReportLabels,
  type ActivityKind, type Locale, type ReportGroupBy, type ReportQuery, type ReportRow, type TimeReport,
} from '@yui/contracts';
import { addDays, compareKana, fiscalYearLabel, fiscalYearOf, fiscalYearRange, todayInJapan } from '@yui/domain';
import { forbidden } from '../../lib/errors';

export interface Actor {
  tenantId: string;
  userId: string;
}

type Figures = Omit<ReportRow, 'key' | 'label' | 'labelKana'>;

/** The 年度 of today in Japan: on March 31 it is still last year's. */
export function currentFiscalYear(now = new Date()): number {
  return fiscalYearOf(new Date(`${todayInJapan(now)}T00:00:00Z`));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Months (April first) to quarters, halves and the total; counts to the approval rate. */
function figures(months: number[], counts: { requests: number; approved: number; declined: number; medianSeconds: number | null }): Figures {
  const decided = counts.approved + counts.declined;
  return {
    months,
    quarters: [0, 1, 2, 3].map((q) => sum(months.slice(q * 3, q * 3 + 3))),
    halves: [0, 1].map((h) => sum(months.slice(h * 6, h * 6 + 6))),
    totalMinutes: sum(months),
    requests: counts.requests,
    approved: counts.approved,
    declined: counts.declined,
    approvalRate: decided ? counts.approved / decided : null,
    // Hours with one decimal: a decision within the day reads as e.g. 3.5.
    medianHoursToDecision: counts.medianSeconds === null ? null : Math.round(counts.medianSeconds / 360) / 10,
  };
}

function monthsOf(f: ReportFigures): number[] {
  const months = Array<number>(12).fill(0);
  for (const [m, minutes] of f.months) months[m] = minutes;
  return months;
}

const isEmpty = (r: Figures) => r.totalMinutes === 0 && r.requests === 0 && r.approved === 0 && r.declined === 0;

/** Tree order (部 > 課 > 係): at each level the town's sort order, then 五十音順; a parent before its children. */
function compareDepartmentPaths(a: ReportFigures['path'], b: ReportFigures['path']): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0; // 'none' (no department) last
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const c = x.sort - y.sort || compareKana(x.kana, y.kana) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
    if (c) return c;
  }
  return a.length - b.length;
}

const byKey = (a: { key: string | null }, b: { key: string | null }) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0);

function rowsOf(groupBy: ReportGroupBy, groups: ReportFigures[], lang: Locale): ReportRow[] {
  const words = timeReportLabels[lang];
  if (groupBy === 'activity') {
    // All six kinds, always in the same order: the chart's legend and colours stay put.
    const byKind = new Map(groups.map((g) => [g.key as ActivityKind, g]));
    return activityKind.options.map((kind) => {
      const g = byKind.get(kind);
      const f = g ? figures(monthsOf(g), g) : figures(Array<number>(12).fill(0), { requests: 0, approved: 0, declined: 0, medianSeconds: null });
      return { key: kind, label: activityKindLabels[kind][lang], labelKana: null, ...f };
    });
  }
  const sorted = [...groups].sort(
    groupBy === 'department'
      ? (a, b) => compareDepartmentPaths(a.path, b.path) || byKey(a, b)
      : (a, b) => compareKana(a.nameKana ?? '', b.nameKana ?? '') || (a.name ?? '').localeCompare(b.name ?? '', 'ja') || byKey(a, b),
  );
  return sorted
    .map((g) => {
      const f = figures(monthsOf(g), g);
      if (groupBy === 'person') return { key: g.key!, label: g.name ?? '', labelKana: g.nameKana, ...f };
      const label = g.path ? g.path.map((p) => p.name).join(' > ') : words.noDepartment;
      return { key: g.key!, label, labelKana: g.path ? g.nameKana : null, ...f };
    })
    .filter((r) => !isEmpty(r));
}

/**
 * The 年度 report for an admin (the whole town) or a manager (the departments they head and all
 * below them: rows and totals alike). Anyone else: 403.
 */
export async function buildTimeReport(tx: Db, actor: Actor, q: ReportQuery, lang: Locale): Promise<TimeReport> {
  const viewer = await getReportViewer(tx, actor);
  if (!viewer.admin && !viewer.managed.length) throw forbidden();
  const fy = q.fy ?? currentFiscalYear();
  const { start, end } = fiscalYearRange(fy);
  const all = await getTimeReportFigures(tx, {
    tenantId: actor.tenantId,
    groupBy: q.groupBy,
    start,
    end,
    // The year's instants in Japan time: a request submitted at 08:00 JST on April 1 is this year's.
    from: `${start}T00:00:00+09:00`,
    to: `${addDays(end, 1)}T00:00:00+09:00`,
    departmentIds: viewer.admin ? null : viewer.managed.map((d) => d.id),
  });
  const groups = all.filter((g) => !g.isTotal);
  const total = all.find((g) => g.isTotal);
  const totalMonths = Array<number>(12).fill(0);
  for (const g of groups) monthsOf(g).forEach((m, i) => (totalMonths[i]! += m));
  const totals = figures(totalMonths, total ?? { requests: 0, approved: 0, declined: 0, medianSeconds: null });
  return {
    fiscalYear: fy,
    fiscalYearLabel: fiscalYearLabel(fy, lang),
    groupBy: q.groupBy,
    scope: viewer.admin ? { kind: 'town', departments: [] } : { kind: 'departments', departments: viewer.managed },
    rows: rowsOf(q.groupBy, groups, lang),
    totals,
    approvalRate: totals.approvalRate,
    medianHoursToDecision: totals.medianHoursToDecision,
  };
}
