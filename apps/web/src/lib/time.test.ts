import { describe, expect, it } from 'vitest';
import { translator } from './i18n';
import {
  budgetParts,
  datesSummary,
  fiscalYearLabel,
  fiscalYearOf,
  formatDate,
  formatMinutes,
  historyKey,
  monthGrid,
  niceStep,
  periodName,
  reportParams,
  todayInJapan,
} from './time';

const budget = (over: Partial<Parameters<typeof budgetParts>[0]> = {}) => ({
  period: { kind: 'month' as const, start: '2026-11-01', end: '2026-11-30' },
  baseMinutes: 9765,
  capMinutes: 1953,
  usedMinutes: 240,
  pendingMinutes: 180,
  remainingMinutes: 1713,
  usedPercent: 2.5,
  capPercent: 20,
  ...over,
});

describe('hours and dates as people read them', () => {
  it('writes hours like 3時間 / 1時間30分 / 3h / 1h 30m', () => {
    expect(formatMinutes(180, 'ja')).toBe('3時間');
    expect(formatMinutes(90, 'ja')).toBe('1時間30分');
    expect(formatMinutes(45, 'ja')).toBe('45分');
    expect(formatMinutes(0, 'ja')).toBe('0時間');
    expect(formatMinutes(1713, 'ja')).toBe('28時間33分');
    expect(formatMinutes(180, 'en')).toBe('3h');
    expect(formatMinutes(90, 'en')).toBe('1h 30m');
  });

  it('writes dates with the day of the week', () => {
    expect(formatDate('2026-11-24', 'ja')).toBe('2026年11月24日（火）');
    expect(formatDate('2026-11-24', 'ja', true)).toBe('11月24日（火）');
    expect(formatDate('2026-11-24', 'en')).toBe('Tue, 24 Nov 2026');
  });

  it('takes today in Japan time, whatever the server’s zone', () => {
    expect(todayInJapan(new Date('2026-11-21T15:30:00Z'))).toBe('2026-11-22');
    expect(todayInJapan(new Date('2026-11-21T14:59:00Z'))).toBe('2026-11-21');
  });

  it('summarises the dates of a request', () => {
    const t = translator('ja');
    expect(datesSummary([{ date: '2026-11-24' }], t, 'ja', '2026-11-01')).toBe('11月24日（火）');
    expect(datesSummary([{ date: '2026-12-02' }, { date: '2026-11-24' }], t, 'ja', '2026-11-01')).toBe('11月24日（火）ほか1日');
    expect(datesSummary([{ date: '2027-01-05' }], t, 'ja', '2026-11-01')).toBe('2027年1月5日（火）');
  });
});

describe('the calendar', () => {
  it('lays a month out Monday first, padded to whole weeks', () => {
    const weeks = monthGrid('2026-11');
    expect(weeks).toHaveLength(6);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
    expect(weeks[5]![0]).toBe('2026-11-30');
    expect(weeks.flat().filter(Boolean)).toHaveLength(30);
  });
});

describe('年度', () => {
  it('starts in April and is named in 令和', () => {
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
    expect(fiscalYearOf('2027-03-31')).toBe(2026);
    expect(fiscalYearLabel(2026, 'ja')).toBe('令和8年度');
    expect(fiscalYearLabel(2019, 'ja')).toBe('令和元年度');
    expect(fiscalYearLabel(2026, 'en')).toBe('FY2026');
  });

  it('reads the report choices from the address, with safe defaults', () => {
    expect(reportParams(new URL('http://x/time/reports'), '2026-11-22')).toEqual({ fy: 2026, groupBy: 'department', currentFy: 2026 });
    expect(reportParams(new URL('http://x/?fy=2025&groupBy=person'), '2026-11-22')).toMatchObject({ fy: 2025, groupBy: 'person' });
    expect(reportParams(new URL('http://x/?fy=1999&groupBy=drop'), '2026-02-01')).toMatchObject({ fy: 2025, groupBy: 'department' });
  });

  it('picks round steps for the chart axis', () => {
    expect(niceStep(42)).toBe(20);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0)).toBe(1);
  });
});

describe('the budget meter', () => {
  it('splits used time into approved and pending, scaled to the cap', () => {
    const p = budgetParts(budget());
    expect(p).toMatchObject({ approved: 60, pending: 180, remaining: 1713, over: 0 });
    expect(p.approvedWidth + p.pendingWidth).toBeCloseTo((240 / 1953) * 100, 0);
  });

  it('shows time over the cap (e.g. after the cap was lowered) without a negative remainder', () => {
    const p = budgetParts(budget({ usedMinutes: 2000, pendingMinutes: 0, remainingMinutes: -47 }));
    expect(p).toMatchObject({ remaining: 0, over: 47, approvedWidth: 100 });
  });

  it('names the period: this month, or the month itself', () => {
    const t = translator('ja');
    expect(periodName(budget(), t, 'ja', '2026-11-22')).toBe('今月');
    expect(periodName(budget(), t, 'ja', '2026-10-22')).toBe('2026年11月');
    expect(periodName(budget({ period: { kind: 'week', start: '2026-11-23', end: '2026-11-29' } }), t, 'ja', '2026-11-22')).toBe(
      '11月23日（月）からの週',
    );
    expect(t('time.budget.left', { period: periodName(budget(), t, 'ja', '2026-11-22') })).toBe('今月の残り');
  });
});

describe('history', () => {
  it('says what happened in words', () => {
    expect(historyKey('create', 'draft')).toBe('time.history.created');
    expect(historyKey('submit', 'submitted')).toBe('time.history.submitted');
    expect(historyKey('record_actuals', null)).toBe('time.history.actuals');
    expect(historyKey('something_new', 'approved')).toBe('time.history.approved');
    expect(historyKey('something_new', null)).toBe('time.history.changed');
  });
});
