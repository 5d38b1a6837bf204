import { timeReportLabels, type Locale, type ReportRow, type TimeReport } from '@yui/contracts';
import { toCsv, type CsvCell } from '@yui/domain';

/** Minutes as decimal hours for Excel: 465 → 7.75, 480 → 8, 20 → 0.33. */
export const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
/** 0–1 as a percentage with one decimal: 2/3 → 66.7; empty without a decision. */
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

type Figures = Omit<ReportRow, 'key' | 'label' | 'labelKana'>;

/**
 * The report as Excel opens it: UTF-8 with BOM, CRLF, one header row in the reader's language, one
 * row per group and a totals row last. Hours as decimals (7.75), not h:mm: they add up in Excel.
 * Cells that look like formulas are guarded by toCsv.
 */
export function timeReportCsv(report: TimeReport, lang: Locale): string {
  const w = timeReportLabels[lang];
  const person = report.groupBy === 'person';
  const first = person ? [w.name, w.nameKana] : [report.groupBy === 'department' ? w.department : w.activity];
  const header = [
    ...first, ...w.months, ...w.quarters, ...w.halves, w.totalHours,
    w.requests, w.approved, w.declined, w.approvalRate, w.medianHoursToDecision,
  ];
  const numbers = (f: Figures): CsvCell[] => [
    ...f.months.map(hours), ...f.quarters.map(hours), ...f.halves.map(hours), hours(f.totalMinutes),
    f.requests, f.approved, f.declined, percent(f.approvalRate), f.medianHoursToDecision,
  ];
  return toCsv([
    header,
    ...report.rows.map((r) => [...(person ? [r.label, r.labelKana] : [r.label]), ...numbers(r)]),
    [...(person ? [w.total, null] : [w.total]), ...numbers(report.totals)],
  ], { bom: true });
}

/** 20%ルール_令和7年度_所属別.csv / 20% rule_FY2025_by department.csv, and an ASCII name for old clients. */
export function timeReportFileName(report: TimeReport, lang: Locale): { name: string; ascii: string } {
  const w = timeReportLabels[lang];
  return {
    name: `${w.title}_${report.fiscalYearLabel}_${w.groupBy[report.groupBy]}.csv`,
    ascii: `time-report_FY${report.fiscalYear}_${report.groupBy}.csv`,
  };
}

