import type { Budget, TimePolicy, TimeRequest } from '@yui/contracts';
import { timeRequestStatusLabels } from '@yui/contracts';
import type { PolicyRow, TimeRequestRow } from '@yui/db/queries/time';
import {
  computeBudget, countedMinutes, formatMinutes, periodOf, transition,
  type CountedDay, type RequestProblem, type TimePolicyRules, type TimeRequestAction, type TimeRequestStatus, type TransitionRefusal,
} from '@yui/domain';
import { AppError, conflict, type FieldIssue } from '../../lib/errors';

/** Who acts, in which town (the HTTP routes pass the token's claims; other features their own actor). */
export interface TimeActor {
  tenantId: string;
  userId: string;
  regionId?: string;
}

export const rulesOf = (p: Pick<PolicyRow, 'capPercent' | 'period' | 'leadDays' | 'maxMinutesPerDay'>): TimePolicyRules => ({
  capPercent: p.capPercent, period: p.period, leadDays: p.leadDays, maxMinutesPerDay: p.maxMinutesPerDay,
});

/** The dates to read counted days for, so that the week and the month containing `date` are both covered. */
export function spanAround(date: string): { from: string; to: string } {
  const w = periodOf(date, 'week');
  const m = periodOf(date, 'month');
  return { from: w.start < m.start ? w.start : m.start, to: w.end > m.end ? w.end : m.end };
}

/** The budget as the API shows it: the domain's numbers plus what is still waiting for a decision. */
export function budgetView(rules: TimePolicyRules, weeklyMinutes: number, date: string, days: CountedDay[]): Budget {
  const b = computeBudget(rules, weeklyMinutes, date, days);
  const pending = days
    .filter((d) => d.status === 'submitted' && d.date >= b.period.start && d.date <= b.period.end)
    .reduce((s, d) => s + countedMinutes(d), 0);
  return {
    period: { kind: rules.period, ...b.period },
    baseMinutes: b.baseMinutes,
    capMinutes: b.capMinutes,
    usedMinutes: b.usedMinutes,
    pendingMinutes: pending,
    remainingMinutes: b.remainingMinutes,
    usedPercent: b.usedPercent,
    capPercent: rules.capPercent,
  };
}

export function policyView(p: PolicyRow): TimePolicy {
  return {
    id: p.id, version: p.version, capPercent: p.capPercent, period: p.period, leadDays: p.leadDays,
    maxMinutesPerDay: p.maxMinutesPerDay, reminderWorkingDays: p.reminderWorkingDays, actualsReminderDays: p.actualsReminderDays,
    note: p.note, createdAt: new Date(p.createdAt).toISOString(), createdByName: p.createdByName,
  };
}

/**
 * What the reader may do with a request now. `canDecide`: the reader decides for the request's
 * department (never for their own request).
 */
export function canOf(r: Pick<TimeRequestRow, 'requesterId' | 'status' | 'firstDate'>, reader: { userId: string; canDecide: boolean }, today: string): TimeRequest['can'] {
  const mine = r.requesterId === reader.userId;
  const may = (action: TimeRequestAction, actor: 'requester' | 'approver') =>
    (actor === 'requester' ? mine : reader.canDecide && !mine) && transition(action, r.status, actor, r.firstDate, today).ok;
  return {
    edit: may('edit', 'requester'),
    submit: may('submit', 'requester'),
    withdraw: may('withdraw', 'requester'),
    cancel: may('cancel', 'requester'),
    recordActuals: may('record_actuals', 'requester'),
    // Declining and returning stay possible after the date; approving then answers 409 with the reason.
    decide: may('decline', 'approver'),
    revoke: may('revoke', 'approver'),
  };
}

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

export function requestView(r: TimeRequestRow, reader: { userId: string; canDecide: boolean }, today: string): TimeRequest {
  return {
    id: r.id,
    requester: { id: r.requesterId, name: r.requesterName, nameKana: r.requesterKana, departmentName: r.departmentName },
    activityKind: r.activityKind,
    ref: r.refType && r.refId ? { type: r.refType, id: r.refId, title: r.refTitle } : null,
    purpose: r.purpose,
    status: r.status,
    days: r.days,
    plannedMinutes: r.plannedMinutes,
    actualMinutes: r.actualMinutes,
    actualsExceed: r.actualsExceed,
    approver: r.approverId && r.approverName ? { id: r.approverId, name: r.approverName } : null,
    decidedBy: r.decidedById && r.decidedByName ? { id: r.decidedById, name: r.decidedByName } : null,
    decidedAt: iso(r.decidedAt),
    decisionComment: r.decisionComment,
    submittedAt: iso(r.submittedAt),
    policyVersion: r.policyVersion,
    createdAt: iso(r.createdAt)!,
    can: canOf(r, reader, today),
  };
}

// ---------- problems as field errors ----------

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A budget period in words: 2026年5月 / May 2026, or the week's dates. */
export function periodWords(p: { start: string; end: string }, kind: 'week' | 'month'): { ja: string; en: string } {
  const [y, m, d] = p.start.split('-').map(Number) as [number, number, number];
  if (kind === 'month') return { ja: `${y}年${m}月`, en: `${MONTHS_EN[m - 1]} ${y}` };
  const [, m2, d2] = p.end.split('-').map(Number) as [number, number, number];
  return { ja: `${m}月${d}日〜${m2}月${d2}日の週`, en: `the week of ${p.start}` };
}

const both = (name: string, v: { ja: string; en: string }) => ({ [`${name}Ja`]: v.ja, [`${name}En`]: v.en });
const minutes = (n: number) => ({ ja: formatMinutes(n, 'ja'), en: formatMinutes(n, 'en') });

/**
 * The domain's problems as field errors the error handler renders in the reader's language. Values
 * that read differently per language (hours, months) travel once per language.
 */
export function problemFields(problems: RequestProblem[], rules: TimePolicyRules): Record<string, FieldIssue> {
  const fields: Record<string, FieldIssue> = {};
  for (const p of problems) {
    if (fields[p.field]) continue;
    if (p.issue === 'over_budget' && 'period' in p) {
      fields[p.field] = {
        issue: 'over_budget_left',
        params: {
          ...both('period', periodWords(p.period, rules.period)),
          ...both('remaining', minutes(p.remainingMinutes)),
          ...both('requested', minutes(p.requestedMinutes)),
        },
      };
    } else if (p.issue === 'too_late_to_file') {
      fields[p.field] = { issue: p.issue, params: { leadDays: rules.leadDays } };
    } else if (p.issue === 'over_day_limit') {
      fields[p.field] = { issue: 'over_day_max', params: both('max', minutes(rules.maxMinutesPerDay)) };
    } else {
      fields[p.field] = p.issue;
    }
  }
  return fields;
}

const DECISIONS: TimeRequestAction[] = ['approve', 'decline', 'return'];
const DECIDED: TimeRequestStatus[] = ['approved', 'declined', 'returned', 'cancelled', 'revoked'];

/** Why an action cannot happen now, as a 409 naming what stands in the way. */
export function refusedTransition(
  action: TimeRequestAction, status: TimeRequestStatus, reason: TransitionRefusal,
): AppError {
  if (reason === 'already_started') return conflict({ firstDate: 'already_started' });
  if (reason === 'approval_too_late') return conflict({ firstDate: 'approval_too_late' });
  if (reason === 'not_yet_happened') return conflict({ firstDate: 'not_yet_happened' });
  const label = timeRequestStatusLabels[status] ?? { ja: status, en: status };
  const issue = DECISIONS.includes(action) && DECIDED.includes(status) ? 'already_decided' : 'wrong_status';
  return conflict({ status: { issue, params: both('status', label) } });
}
