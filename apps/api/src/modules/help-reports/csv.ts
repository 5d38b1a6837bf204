import { helpCallStatusLabels, helpReportLabels, type HelpReport, type Locale } from '@yui/contracts';
import { fiscalYearLabel, toCsv, type CsvCell } from '@yui/domain';
import { hours } from '../time-reports/csv';

/** Headers the shared labels do not have (the helper ranking). */
const extra: Record<Locale, { name: string; count: string; thanks: string; summary: string; ranking: string; callList: string; byDepartment: string }> = {
  ja: { name: '氏名', count: '応援回数', thanks: 'ありがとう', summary: '概要', ranking: '応援した職員（上位）', callList: '依頼・募集一覧', byDepartment: '依頼・募集一覧（所属別）' },
  en: { name: 'Name', count: 'Times helped', thanks: 'Thank-yous', summary: 'Summary', ranking: 'Top helpers', callList: 'Calls for help', byDepartment: 'Calls by department' },
};

/**
 * The figures as Excel opens them (UTF-8 with BOM, CRLF): the 年度 and its totals, then the table
 * per 依頼所属 (as seed 001's 「所属別」: 募集 and 応募 per department, with 合計), the list of calls
 * (依頼・募集一覧), and the helper ranking — each section under its own title, a blank row between.
 * Hours as decimals (7.75) so that they add up; cells that look like formulas are guarded by toCsv.
 */
export function helpReportCsv(r: HelpReport, lang: Locale): string {
  const w = helpReportLabels[lang];
  const x = extra[lang];
  const t = r.totals;
  const rows: CsvCell[][] = [
    [w.fiscalYear, fiscalYearLabel(r.fiscalYear, lang), r.from, r.to],
    [],
    [x.summary],
    [w.calls, w.headcount, w.applications, w.accepted, w.directRequests, w.talentActive, w.talentNew, w.helpers, w.hours],
    [t.calls, t.headcount, t.applications, t.accepted, t.directRequests, t.talentActive, t.talentNew, t.helpers, hours(t.minutes)],
    [],
    [x.byDepartment],
    [w.town, w.department, w.calls, w.headcount, w.applications, w.accepted, w.directRequests],
    ...r.byDepartment.map((d) => [d.town.name, d.department.name, d.calls, d.headcount, d.applications, d.accepted, d.directRequests]),
    [w.total, null, t.calls, t.headcount, t.applications, t.accepted, t.directRequests],
    [],
    [x.callList],
    [w.publishedOn, w.title, w.town, w.department, w.headcount, w.applications, w.accepted, w.status],
    ...r.calls.map((c) => [
      c.publishedOn, c.title, c.town.name, c.department.name, c.headcount, c.applications, c.accepted, helpCallStatusLabels[c.status]![lang],
    ]),
    [w.total, null, null, null, t.headcount, t.applications, t.accepted, null],
    [],
    [x.ranking],
    [x.name, w.town, w.department, x.count, w.hours, x.thanks],
    ...r.rankings.helpers.map((h) => [h.person.name, h.person.municipalityName, h.person.departmentName, h.count, hours(h.minutes), h.thanks]),
  ];
  return toCsv(rows, { bom: true });
}

/** 職場応援_令和8年度.csv / help_FY2026.csv, and an ASCII name for old clients. */
export function helpReportFileName(r: HelpReport, lang: Locale): { name: string; ascii: string } {
  return {
    name: lang === 'ja' ? `職場応援_${fiscalYearLabel(r.fiscalYear, 'ja')}.csv` : `help_${fiscalYearLabel(r.fiscalYear, 'en')}.csv`,
    ascii: `help-report_FY${r.fiscalYear}.csv`,
  };
}
