/**
 * The 20% rule (広域圏版20%ルール): staff may spend up to a cap (default 20%) of their contracted
 * working time in a budget period (week or month) on cross-town activity, with their own manager's
 * prior approval. Pure rules; all times in minutes, all dates 'YYYY-MM-DD' in Japan time.
 */

export type BudgetPeriod = 'week' | 'month';

export interface TimePolicyRules {
  capPercent: number;
  period: BudgetPeriod;
  /** A request must be filed at least this many days before its first date (0 = the same day). */
  leadDays: number;
  /** No single day may ask for more than this (a standard day is 7h45m = 465 min). */
  maxMinutesPerDay: number;
}

export const DEFAULT_POLICY: TimePolicyRules = { capPercent: 20, period: 'month', leadDays: 1, maxMinutesPerDay: 465 };

export type TimeRequestStatus =
  | 'draft' | 'submitted' | 'approved' | 'declined' | 'returned' | 'withdrawn' | 'cancelled' | 'revoked';

/** Statuses whose hours count against the budget. */
export const COUNTING_STATUSES: readonly TimeRequestStatus[] = ['submitted', 'approved'];

// ---------- dates ----------

const DAY = 86_400_000;
const parse = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a date: ${d}`);
  const t = Date.parse(`${d}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a date: ${d}`);
  return t;
};
const fmt = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Today in Japan (UTC+9, no daylight saving). */
export function todayInJapan(now: Date = new Date()): string {
  return fmt(now.getTime() + 9 * 3_600_000);
}

export function addDays(date: string, n: number): string {
  return fmt(parse(date) + n * DAY);
}

/** The budget period containing `date`: weeks run Monday–Sunday; months are calendar months. */
export function periodOf(date: string, period: BudgetPeriod): { start: string; end: string } {
  const t = parse(date);
  if (period === 'week') {
    const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
    const start = t - dow * DAY;
    return { start: fmt(start), end: fmt(start + 6 * DAY) };
  }
  const d = new Date(t);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
  return { start: fmt(start), end: fmt(end) };
}

/** Mon–Fri days in [start, end], in constant time (the inbox computes many budgets per page). */
export function weekdaysBetween(start: string, end: string): number {
  const s = parse(start);
  const days = Math.round((parse(end) - s) / DAY) + 1;
  if (days <= 0) return 0;
  const firstDow = new Date(s).getUTCDay(); // 0 = Sunday
  let n = Math.floor(days / 7) * 5;
  for (let i = 0; i < days % 7; i++) {
    const dow = (firstDow + i) % 7;
    if (dow !== 0 && dow !== 6) n++;
  }
  return n;
}

/**
 * The base: the person's contracted minutes in the period. A week is the weekly contract; a month is
 * the daily share (weekly ÷ 5) times the month's weekdays. National holidays are not subtracted.
 */
export function baseMinutes(weeklyMinutes: number, periodStart: string, periodEnd: string, period: BudgetPeriod): number {
  if (period === 'week') return weeklyMinutes;
  return Math.round((weeklyMinutes / 5) * weekdaysBetween(periodStart, periodEnd));
}

export function capMinutes(rules: Pick<TimePolicyRules, 'capPercent'>, base: number): number {
  return Math.floor((base * rules.capPercent) / 100);
}

// ---------- the budget ----------

export interface CountedDay {
  date: string;
  plannedMinutes: number;
  /** Once recorded, the actual replaces the planned minutes. */
  actualMinutes: number | null;
  status: TimeRequestStatus;
}

export const countedMinutes = (d: CountedDay) =>
  COUNTING_STATUSES.includes(d.status) ? (d.actualMinutes ?? d.plannedMinutes) : 0;

export interface Budget {
  period: { start: string; end: string };
  baseMinutes: number;
  capMinutes: number;
  usedMinutes: number;
  remainingMinutes: number;
  /** used ÷ base, as a percentage with one decimal. */
  usedPercent: number;
}

/** remaining = cap × base − (approved + submitted) in the period, recorded actuals replacing plans. */
export function computeBudget(
  rules: TimePolicyRules, weeklyMinutes: number, date: string, days: CountedDay[],
): Budget {
  const period = periodOf(date, rules.period);
  const base = baseMinutes(weeklyMinutes, period.start, period.end, rules.period);
  const cap = capMinutes(rules, base);
  const used = days.filter((d) => d.date >= period.start && d.date <= period.end).reduce((s, d) => s + countedMinutes(d), 0);
  return {
    period, baseMinutes: base, capMinutes: cap, usedMinutes: used, remainingMinutes: cap - used,
    usedPercent: base ? Math.round((used / base) * 1000) / 10 : 0,
  };
}

// ---------- checking a request ----------

export interface PlannedDay {
  date: string;
  minutes: number;
}

export type RequestProblem =
  | { field: 'days'; issue: 'required' }
  | { field: string; issue: 'date_in_past' | 'too_late_to_file' | 'not_positive' | 'over_day_limit' | 'duplicate_date' | 'not_quarter_hour' }
  | { field: 'days'; issue: 'over_budget'; period: { start: string; end: string }; remainingMinutes: number; requestedMinutes: number };

/**
 * Checks a request's days against the policy and the budget of every period it touches. `existing`
 * are the person's other counted days (this request's own days excluded). Returns every problem.
 * The day limit is the person's, not the request's: two requests for one date may not together ask
 * for more than a working day.
 */
export function checkRequest(
  rules: TimePolicyRules, weeklyMinutes: number, days: PlannedDay[], existing: CountedDay[], today: string,
): RequestProblem[] {
  const problems: RequestProblem[] = [];
  if (!days.length) return [{ field: 'days', issue: 'required' }];
  const already = new Map<string, number>();
  for (const e of existing) already.set(e.date, (already.get(e.date) ?? 0) + countedMinutes(e));
  const seen = new Set<string>();
  days.forEach((d, i) => {
    const f = `days.${i}`;
    if (seen.has(d.date)) problems.push({ field: `${f}.date`, issue: 'duplicate_date' });
    seen.add(d.date);
    if (d.date < today) problems.push({ field: `${f}.date`, issue: 'date_in_past' });
    else if (d.date < addDays(today, rules.leadDays)) problems.push({ field: `${f}.date`, issue: 'too_late_to_file' });
    if (!(d.minutes > 0)) problems.push({ field: `${f}.minutes`, issue: 'not_positive' });
    else if (d.minutes + (already.get(d.date) ?? 0) > rules.maxMinutesPerDay) problems.push({ field: `${f}.minutes`, issue: 'over_day_limit' });
    else if (d.minutes % 15 !== 0) problems.push({ field: `${f}.minutes`, issue: 'not_quarter_hour' });
  });
  if (problems.length) return problems;

  const byPeriod = new Map<string, PlannedDay[]>();
  for (const d of days) {
    const key = periodOf(d.date, rules.period).start;
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), d]);
  }
  for (const [start, ds] of [...byPeriod].sort(([a], [b]) => a.localeCompare(b))) {
    const budget = computeBudget(rules, weeklyMinutes, start, existing);
    const requested = ds.reduce((s, d) => s + d.minutes, 0);
    if (requested > budget.remainingMinutes) {
      problems.push({
        field: 'days', issue: 'over_budget', period: budget.period,
        remainingMinutes: Math.max(0, budget.remainingMinutes), requestedMinutes: requested,
      });
    }
  }
  return problems;
}

// ---------- the life of a request ----------

export type TimeRequestAction =
  | 'submit' | 'approve' | 'decline' | 'return' | 'withdraw' | 'cancel' | 'revoke' | 'edit' | 'record_actuals';

export type Actor = 'requester' | 'approver';

const transitions: Record<TimeRequestAction, { by: Actor; from: TimeRequestStatus[]; to: TimeRequestStatus | null }> = {
  submit: { by: 'requester', from: ['draft', 'returned'], to: 'submitted' },
  edit: { by: 'requester', from: ['draft', 'returned'], to: null },
  withdraw: { by: 'requester', from: ['draft', 'submitted', 'returned'], to: 'withdrawn' },
  approve: { by: 'approver', from: ['submitted'], to: 'approved' },
  decline: { by: 'approver', from: ['submitted'], to: 'declined' },
  return: { by: 'approver', from: ['submitted'], to: 'returned' },
  cancel: { by: 'requester', from: ['approved'], to: 'cancelled' },
  revoke: { by: 'approver', from: ['approved'], to: 'revoked' },
  record_actuals: { by: 'requester', from: ['approved'], to: null },
};

export type TransitionResult =
  | { ok: true; to: TimeRequestStatus }
  | { ok: false; reason: TransitionRefusal };
export type TransitionRefusal = 'wrong_actor' | 'wrong_status' | 'already_started' | 'not_yet_happened' | 'approval_too_late';

/**
 * Whether `action` may happen now. Cancelling and revoking must come before the first date (regular
 * work comes first, and the day itself is the manager's call, not a cancellation); actual hours are
 * recorded once the first date has come.
 */
export function transition(
  action: TimeRequestAction, status: TimeRequestStatus, actor: Actor, firstDate: string, today: string,
): TransitionResult {
  const t = transitions[action];
  if (t.by !== actor) return { ok: false, reason: 'wrong_actor' };
  if (!t.from.includes(status)) return { ok: false, reason: 'wrong_status' };
  if ((action === 'cancel' || action === 'revoke') && today >= firstDate) return { ok: false, reason: 'already_started' };
  // Prior approval: once the first date has passed, the manager may still decline or return, not approve.
  if (action === 'approve' && today > firstDate) return { ok: false, reason: 'approval_too_late' };
  if (action === 'record_actuals' && today < firstDate) return { ok: false, reason: 'not_yet_happened' };
  return { ok: true, to: t.to ?? status };
}

/** Actual time above what was approved is flagged for the manager. */
export function actualsExceedApproved(days: { plannedMinutes: number; actualMinutes: number | null }[]): boolean {
  const planned = days.reduce((s, d) => s + d.plannedMinutes, 0);
  const actual = days.reduce((s, d) => s + (d.actualMinutes ?? 0), 0);
  return days.every((d) => d.actualMinutes !== null) && actual > planned;
}

/** Working days (Mon–Fri) from `from` (exclusive) to `to` (inclusive): for "pending after N working days". */
export function workingDaysSince(from: string, to: string): number {
  if (to <= from) return 0;
  return weekdaysBetween(addDays(from, 1), to);
}
