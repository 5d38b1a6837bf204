import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY, actualsExceedApproved, addDays, baseMinutes, capMinutes, checkRequest, computeBudget, periodOf,
  todayInJapan, transition, weekdaysBetween, workingDaysSince, type CountedDay, type TimePolicyRules,
} from '../src/time-budget';

const month: TimePolicyRules = { ...DEFAULT_POLICY, period: 'month', leadDays: 0 };
const week: TimePolicyRules = { ...DEFAULT_POLICY, period: 'week', leadDays: 0 };
const FULL = 2325; // 38h45m

describe('periods and base', () => {
  it('weeks run Monday to Sunday, months are calendar months', () => {
    expect(periodOf('2026-11-21', 'week')).toEqual({ start: '2026-11-16', end: '2026-11-22' }); // a Saturday
    expect(periodOf('2026-11-16', 'week')).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    expect(periodOf('2026-02-10', 'month')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(periodOf('2028-02-10', 'month')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
  });
  it('20% of a 38h45m week is 7h45m (465 minutes)', () => {
    expect(capMinutes(week, baseMinutes(FULL, '2026-11-16', '2026-11-22', 'week'))).toBe(465);
  });
  it('a month is the daily share times its weekdays', () => {
    // November 2026 has 21 weekdays: 2325 / 5 × 21 = 9765 min; 20% = 1953 min.
    expect(baseMinutes(FULL, '2026-11-01', '2026-11-30', 'month')).toBe(9765);
    expect(capMinutes(month, 9765)).toBe(1953);
    // Part-time staff (31h a week) get a proportionally smaller budget.
    expect(capMinutes(month, baseMinutes(31 * 60, '2026-11-01', '2026-11-30', 'month'))).toBe(1562);
  });
});

describe('budget', () => {
  const days: CountedDay[] = [
    { date: '2026-11-05', plannedMinutes: 180, actualMinutes: null, status: 'approved' },
    { date: '2026-11-06', plannedMinutes: 120, actualMinutes: 60, status: 'approved' }, // actual replaces plan
    { date: '2026-11-10', plannedMinutes: 240, actualMinutes: null, status: 'submitted' },
    { date: '2026-11-11', plannedMinutes: 465, actualMinutes: null, status: 'declined' },
    { date: '2026-11-12', plannedMinutes: 465, actualMinutes: null, status: 'draft' },
    { date: '2026-12-01', plannedMinutes: 300, actualMinutes: null, status: 'approved' }, // other period
  ];
  it('counts approved and submitted in the period, actuals replacing plans', () => {
    const b = computeBudget(month, FULL, '2026-11-20', days);
    expect(b.usedMinutes).toBe(180 + 60 + 240);
    expect(b.capMinutes).toBe(1953);
    expect(b.remainingMinutes).toBe(1953 - 480);
    expect(b.usedPercent).toBe(4.9);
  });
});

describe('checking a request', () => {
  const today = '2026-11-20';
  it('accepts a request within the budget', () => {
    expect(checkRequest(month, FULL, [{ date: '2026-11-24', minutes: 180 }], [], today)).toEqual([]);
  });
  it('refuses a date in the past, zero or negative hours, more than a working day, odd minutes', () => {
    const p = checkRequest(month, FULL, [
      { date: '2026-11-19', minutes: 60 },
      { date: '2026-11-25', minutes: 0 },
      { date: '2026-11-26', minutes: -30 },
      { date: '2026-11-27', minutes: 480 },
      { date: '2026-11-30', minutes: 50 },
    ], [], today);
    expect(p).toEqual([
      { field: 'days.0.date', issue: 'date_in_past' },
      { field: 'days.1.minutes', issue: 'not_positive' },
      { field: 'days.2.minutes', issue: 'not_positive' },
      { field: 'days.3.minutes', issue: 'over_day_limit' },
      { field: 'days.4.minutes', issue: 'not_quarter_hour' },
    ]);
  });
  it('needs the lead time the policy asks for', () => {
    const lead = { ...month, leadDays: 3 };
    expect(checkRequest(lead, FULL, [{ date: '2026-11-22', minutes: 60 }], [], today)).toEqual([{ field: 'days.0.date', issue: 'too_late_to_file' }]);
    expect(checkRequest(lead, FULL, [{ date: '2026-11-23', minutes: 60 }], [], today)).toEqual([]);
  });
  it('refuses the same date twice and an empty request', () => {
    expect(checkRequest(month, FULL, [], [], today)).toEqual([{ field: 'days', issue: 'required' }]);
    expect(checkRequest(month, FULL, [{ date: '2026-11-24', minutes: 60 }, { date: '2026-11-24', minutes: 60 }], [], today))
      .toEqual([{ field: 'days.1.date', issue: 'duplicate_date' }]);
  });
  it('counts the day limit per person and date, across requests (counted ones only)', () => {
    const sameDay: CountedDay[] = [
      { date: '2026-11-24', plannedMinutes: 405, actualMinutes: null, status: 'approved' },
      { date: '2026-11-25', plannedMinutes: 465, actualMinutes: null, status: 'declined' },
    ];
    expect(checkRequest(month, FULL, [{ date: '2026-11-24', minutes: 60 }], sameDay, today)).toEqual([]);
    expect(checkRequest(month, FULL, [{ date: '2026-11-24', minutes: 75 }], sameDay, today))
      .toEqual([{ field: 'days.0.minutes', issue: 'over_day_limit' }]);
    expect(checkRequest(month, FULL, [{ date: '2026-11-25', minutes: 465 }], sameDay, today)).toEqual([]);
  });
  it('refuses going over the cap and says how much is left', () => {
    const used: CountedDay[] = [{ date: '2026-11-24', plannedMinutes: 1800, actualMinutes: null, status: 'approved' }];
    const p = checkRequest(month, FULL, [{ date: '2026-11-25', minutes: 180 }], used, today);
    expect(p).toEqual([{
      field: 'days', issue: 'over_budget', period: { start: '2026-11-01', end: '2026-11-30' }, remainingMinutes: 153, requestedMinutes: 180,
    }]);
    expect(checkRequest(month, FULL, [{ date: '2026-11-25', minutes: 150 }], used, today)).toEqual([]);
  });
  it('checks every period a request touches on its own', () => {
    const used: CountedDay[] = [{ date: '2026-11-24', plannedMinutes: 1950, actualMinutes: null, status: 'approved' }];
    // 60 minutes in November (3 left) fails; December is untouched and fine.
    const p = checkRequest(month, FULL, [{ date: '2026-11-30', minutes: 60 }, { date: '2026-12-01', minutes: 60 }], used, today);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ issue: 'over_budget', period: { start: '2026-11-01' }, remainingMinutes: 3 });
  });
});

describe('the life of a request', () => {
  const today = '2026-11-20';
  it('follows draft → submitted → approved / declined / returned', () => {
    expect(transition('submit', 'draft', 'requester', '2026-11-24', today)).toEqual({ ok: true, to: 'submitted' });
    expect(transition('approve', 'submitted', 'approver', '2026-11-24', today)).toEqual({ ok: true, to: 'approved' });
    expect(transition('decline', 'submitted', 'approver', '2026-11-24', today)).toEqual({ ok: true, to: 'declined' });
    expect(transition('return', 'submitted', 'approver', '2026-11-24', today)).toEqual({ ok: true, to: 'returned' });
    expect(transition('submit', 'returned', 'requester', '2026-11-24', today)).toEqual({ ok: true, to: 'submitted' });
  });
  it('refuses deciding twice, deciding a withdrawn request, and the requester approving', () => {
    expect(transition('approve', 'approved', 'approver', '2026-11-24', today)).toEqual({ ok: false, reason: 'wrong_status' });
    expect(transition('decline', 'withdrawn', 'approver', '2026-11-24', today)).toEqual({ ok: false, reason: 'wrong_status' });
    expect(transition('approve', 'submitted', 'requester', '2026-11-24', today)).toEqual({ ok: false, reason: 'wrong_actor' });
  });
  it('cancels and revokes only before the date; records actuals only after it has come', () => {
    expect(transition('cancel', 'approved', 'requester', '2026-11-24', today)).toEqual({ ok: true, to: 'cancelled' });
    expect(transition('revoke', 'approved', 'approver', '2026-11-20', today)).toEqual({ ok: false, reason: 'already_started' });
    expect(transition('record_actuals', 'approved', 'requester', '2026-11-24', today)).toEqual({ ok: false, reason: 'not_yet_happened' });
    expect(transition('record_actuals', 'approved', 'requester', '2026-11-20', today)).toEqual({ ok: true, to: 'approved' });
  });
  it('flags actual time above the approved time', () => {
    expect(actualsExceedApproved([{ plannedMinutes: 180, actualMinutes: 240 }])).toBe(true);
    expect(actualsExceedApproved([{ plannedMinutes: 180, actualMinutes: 180 }])).toBe(false);
    expect(actualsExceedApproved([{ plannedMinutes: 180, actualMinutes: null }])).toBe(false);
  });
});

describe('dates in Japan', () => {
  it('uses Japan time for today', () => {
    expect(todayInJapan(new Date('2026-11-20T15:30:00Z'))).toBe('2026-11-21');
    expect(todayInJapan(new Date('2026-11-20T14:59:00Z'))).toBe('2026-11-20');
  });
  it('counts working days for reminders', () => {
    expect(workingDaysSince('2026-11-20', '2026-11-24')).toBe(2); // Fri → Tue: Mon, Tue
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('weekdays', () => {
  it('counts Mon–Fri in any range, the same as walking day by day', () => {
    const walk = (a: string, b: string) => {
      let n = 0;
      for (let d = a; d <= b; d = addDays(d, 1)) {
        const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
        if (dow !== 0 && dow !== 6) n++;
      }
      return n;
    };
    for (const start of ['2026-11-01', '2026-11-02', '2026-11-07', '2026-12-31']) {
      for (let len = 0; len < 40; len++) {
        const end = addDays(start, len);
        expect(weekdaysBetween(start, end), `${start}..${end}`).toBe(walk(start, end));
      }
    }
    expect(weekdaysBetween('2026-11-10', '2026-11-09')).toBe(0);
  });
});

describe('prior approval', () => {
  it('approves up to the first date, never after it; declining and returning stay possible', () => {
    expect(transition('approve', 'submitted', 'approver', '2026-11-20', '2026-11-20')).toEqual({ ok: true, to: 'approved' });
    expect(transition('approve', 'submitted', 'approver', '2026-11-20', '2026-11-21')).toEqual({ ok: false, reason: 'approval_too_late' });
    expect(transition('decline', 'submitted', 'approver', '2026-11-20', '2026-11-21')).toEqual({ ok: true, to: 'declined' });
    expect(transition('return', 'submitted', 'approver', '2026-11-20', '2026-11-21')).toEqual({ ok: true, to: 'returned' });
  });
});
