// Helpers of the 20%ルール screens, used on both sides: type-only imports from @yui/contracts keep
// zod out of the browser bundle. All dates are 'YYYY-MM-DD' in Japan time.
import type { ActivityKind, Budget, Locale, Me, TimeRequestStatusName } from '@yui/contracts';
import type { MessageKey, Translate } from './i18n';

export const activityKinds: readonly ActivityKind[] = ['community', 'event', 'help_call', 'mentoring', 'handover', 'other'];
export const statuses: readonly TimeRequestStatusName[] = [
  'draft', 'submitted', 'approved', 'declined', 'returned', 'withdrawn', 'cancelled', 'revoked',
];

export const kindKey = (k: ActivityKind) => `time.kind.${k}` as MessageKey;
export const statusKey = (s: TimeRequestStatusName) => `time.status.${s}` as MessageKey;

export function isActivityKind(v: unknown): v is ActivityKind {
  return typeof v === 'string' && (activityKinds as readonly string[]).includes(v);
}
export function isStatus(v: unknown): v is TimeRequestStatusName {
  return typeof v === 'string' && (statuses as readonly string[]).includes(v);
}

// ---------- who sees what ----------

const has = (user: Pick<Me, 'roles'>, role: string) => user.roles.some((g) => g.role === role);
export const isManager = (user: Pick<Me, 'roles'>) => has(user, 'manager');
export const isAdmin = (user: Pick<Me, 'roles'>) => has(user, 'municipality_admin');
/** 集計: municipality admins see the town, managers their departments. */
export const canSeeReports = (user: Pick<Me, 'roles'>) => isManager(user) || isAdmin(user);

// ---------- hours ----------

/** 180 → 「3時間」, 90 → 「1時間30分」, 45 → 「45分」; "3h", "1h 30m", "45m". Negative keeps its sign. */
export function formatMinutes(total: number, lang: Locale): string {
  const sign = total < 0 ? '−' : '';
  const abs = Math.abs(Math.round(total));
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  if (lang === 'en') return sign + (h && m ? `${h}h ${m}m` : m ? `${m}m` : `${h}h`);
  return sign + (h && m ? `${h}時間${m}分` : m ? `${m}分` : `${h}時間`);
}

/** Hours with at most one decimal, for dense tables: 90 → "1.5", 180 → "3", 0 → "0". */
export function decimalHours(minutes: number, lang: Locale): string {
  return (Math.round(minutes / 6) / 10).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 });
}

/** Quarter-hour steps offered in the hour and minute selects. */
export const MINUTE_STEPS = [0, 15, 30, 45] as const;
export function hourSteps(maxMinutesPerDay: number): number[] {
  return Array.from({ length: Math.floor(maxMinutesPerDay / 60) + 1 }, (_, i) => i);
}

// ---------- dates ----------

const DAY = 86_400_000;
const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(v: unknown): v is string {
  return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
}

const utc = (d: string) => new Date(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Today in Japan (UTC+9, no daylight saving), whatever the server's zone. */
export function todayInJapan(now: Date = new Date()): string {
  return iso(now.getTime() + 9 * 3_600_000);
}

export function addDays(date: string, n: number): string {
  return iso(utc(date).getTime() + n * DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return utc(date).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

const enDate = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const enDateShort = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const enMonth = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const enMonthShort = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });

/** 「2026年11月24日（火）」 / "Tue, 24 Nov 2026"; short leaves out the year. */
export function formatDate(date: string, lang: Locale, short = false): string {
  if (!isIsoDate(date)) return date;
  const d = utc(date);
  if (lang === 'en') return (short ? enDateShort : enDate).format(d);
  const md = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${WEEKDAYS_JA[d.getUTCDay()]}）`;
  return short ? md : `${d.getUTCFullYear()}年${md}`;
}

/** 「2026年11月」 / "November 2026" for 'YYYY-MM'. */
export function formatMonth(month: string, lang: Locale): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return lang === 'en' ? enMonth.format(new Date(Date.UTC(y, m - 1, 1))) : `${y}年${m}月`;
}

/** 「4月」 / "Apr" for a month number 1–12. */
export function monthName(m: number, lang: Locale): string {
  return lang === 'en' ? enMonthShort.format(new Date(Date.UTC(2000, m - 1, 1))) : `${m}月`;
}

/** Weekday headers of the calendar, Monday first (a budget week runs Monday–Sunday). */
export function weekdayNames(lang: Locale): { short: string; long: string }[] {
  const long = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { weekday: 'long', timeZone: 'UTC' });
  const short = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const d = new Date(Date.UTC(2024, 0, 1 + i));
    return { short: short.format(d), long: long.format(d) };
  });
}

export function isMonth(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(v) && Number(v.slice(0, 4)) >= 2000 && Number(v.slice(0, 4)) <= 2100;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  return { from, to: addDays(`${addMonths(month, 1)}-01`, -1) };
}

/** The month's days as weeks of seven, Monday first; days outside the month are null. */
export function monthGrid(month: string): (string | null)[][] {
  const { from, to } = monthRange(month);
  const lead = (dayOfWeek(from) + 6) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = from; d <= to; d = addDays(d, 1)) cells.push(d);
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

// ---------- 年度 ----------

/** 年度 runs April–March and is named by the year it starts in. */
export function fiscalYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

/** The 年度 offered in the select: next year down to 2019 (at most nine). */
export function yearChoices(currentFy: number): number[] {
  return Array.from({ length: Math.max(1, currentFy - 2019 + 2) }, (_, i) => currentFy + 1 - i).slice(0, 9);
}

/** 令和8年度 / FY2026 (令和 began in fiscal 2019: 令和元年度). */
export function fiscalYearLabel(fy: number, lang: Locale): string {
  if (lang === 'en') return `FY${fy}`;
  if (fy >= 2019) return `令和${fy === 2019 ? '元' : fy - 2018}年度`;
  return `${fy}年度`;
}

/** Fiscal month i (0 = April) as a calendar month number. */
export const fiscalMonth = (i: number) => ((i + 3) % 12) + 1;

// ---------- the budget ----------

/**
 * What the budget's period is called: 「今月」 / "this month" when it is the current one,
 * otherwise 「2026年12月」 / 「11月24日からの週」.
 */
export function periodName(b: Pick<Budget, 'period'>, t: Translate, lang: Locale, today = todayInJapan()): string {
  const current = b.period.start <= today && today <= b.period.end;
  if (b.period.kind === 'month') {
    return current ? t('time.period.thisMonth') : t('time.period.month', { month: formatMonth(b.period.start.slice(0, 7), lang) });
  }
  return current ? t('time.period.thisWeek') : t('time.period.week', { start: formatDate(b.period.start, lang, true) });
}

export interface BudgetParts {
  approved: number;
  pending: number;
  remaining: number;
  over: number;
  /** Widths of the meter's parts in percent of the cap (together at most 100). */
  approvedWidth: number;
  pendingWidth: number;
}

export function budgetParts(b: Budget): BudgetParts {
  const pending = Math.max(0, b.pendingMinutes);
  const approved = Math.max(0, b.usedMinutes - pending);
  const scale = Math.max(b.capMinutes, b.usedMinutes, 1);
  const pct = (n: number) => Math.round((n / scale) * 1000) / 10;
  return {
    approved,
    pending,
    remaining: Math.max(0, b.remainingMinutes),
    over: Math.max(0, -b.remainingMinutes),
    approvedWidth: pct(approved),
    pendingWidth: pct(pending),
  };
}

/** 12.5 → 「12.5」, 20 → 「20」: percentages as people write them. */
export function formatPercent(n: number, lang: Locale): string {
  return n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 });
}

// ---------- the request form ----------

export interface DayRow {
  date: string;
  hours: string;
  minutes: string;
}

export interface RequestFormValues {
  activityKind: string;
  purpose: string;
  days: DayRow[];
  refType: string;
  refId: string;
  refTitle: string;
}

export const emptyRow = (): DayRow => ({ date: '', hours: '', minutes: '0' });

export function rowFromMinutes(date: string, total: number): DayRow {
  return { date, hours: String(Math.floor(total / 60)), minutes: String(total % 60) };
}

/** The inputs of a form row and of the API's field names (`days.0.date`). */
export const dayFieldId = (i: number, part: 'date' | 'minutes') => `day-${i}-${part === 'date' ? 'date' : 'hours'}`;

/** 「11月24日（火）ほか2日」: the dates of a request in a few words (the year only when it is not this one). */
export function datesSummary(days: { date: string }[], t: Translate, lang: Locale, today = todayInJapan()): string {
  if (!days.length) return '';
  const firstDate = [...days].map((d) => d.date).sort()[0]!;
  const first = formatDate(firstDate, lang, firstDate.slice(0, 4) === today.slice(0, 4));
  return days.length === 1 ? first : t('time.datesMore', { first, n: days.length - 1 });
}

// ---------- history ----------

const HISTORY: Record<string, string> = {
  submit: 'submitted', submitted: 'submitted', resubmit: 'submitted', resubmitted: 'submitted',
  approve: 'approved', approved: 'approved',
  decline: 'declined', declined: 'declined',
  return: 'returned', returned: 'returned',
  withdraw: 'withdrawn', withdrawn: 'withdrawn',
  cancel: 'cancelled', cancelled: 'cancelled', canceled: 'cancelled',
  revoke: 'revoked', revoked: 'revoked',
  edit: 'edited', edited: 'edited', update: 'edited', updated: 'edited',
  record_actuals: 'actuals', actuals: 'actuals', actuals_recorded: 'actuals',
};

/** What a history entry says happened: 「申請しました」「承認しました」… */
export function historyKey(action: string, toStatus: TimeRequestStatusName | null): MessageKey {
  const a = action.toLowerCase();
  if (a === 'create' || a === 'created') return toStatus === 'submitted' ? 'time.history.submitted' : 'time.history.created';
  const known = HISTORY[a];
  if (known) return `time.history.${known}` as MessageKey;
  return toStatus ? (`time.history.${HISTORY[toStatus] ?? 'changed'}` as MessageKey) : 'time.history.changed';
}

// ---------- reports ----------

export const groupBys = ['department', 'person', 'activity'] as const;
export type GroupBy = (typeof groupBys)[number];

/** `?fy=2026&groupBy=person` as the report's choices; the current 年度 and 所属別 by default. */
export function reportParams(url: URL, today = todayInJapan()): { fy: number; groupBy: GroupBy; currentFy: number } {
  const currentFy = fiscalYearOf(today);
  const fyParam = Number(url.searchParams.get('fy'));
  const fy = Number.isInteger(fyParam) && fyParam >= 2019 && fyParam <= currentFy + 1 ? fyParam : currentFy;
  const g = url.searchParams.get('groupBy');
  const groupBy = (groupBys as readonly string[]).includes(g ?? '') ? (g as GroupBy) : 'department';
  return { fy, groupBy, currentFy };
}

/** A round step for a chart's axis: about `ticks` lines up to `max`. */
export function niceStep(max: number, ticks = 4): number {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
}
