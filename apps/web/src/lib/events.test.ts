import { describe, expect, it } from 'vitest';
import { translator } from './i18n';
import {
  capacityText,
  eventFormValues,
  figuresParams,
  figuresQuery,
  formatEventRange,
  fromLocalInput,
  hasEnded,
  hoursToAnswer,
  isFull,
  japanParts,
  offerDaysText,
  parseWhen,
  ratio,
  registrationLabel,
  seatsLeft,
  timeRequestChoice,
  toLocalInput,
} from './events';

const ja = translator('ja');
const en = translator('en');

describe('event times in Japan time', () => {
  it('reads an instant as its Japan date and time, whatever the offset it was written with', () => {
    expect(japanParts('2026-06-03T05:00:00Z')).toEqual({ date: '2026-06-03', time: '14:00' });
    expect(japanParts('2026-06-03T14:00:00+09:00')).toEqual({ date: '2026-06-03', time: '14:00' });
    // 23:30 UTC is already the next day in Japan.
    expect(japanParts('2026-06-02T23:30:00.000Z')).toEqual({ date: '2026-06-03', time: '08:30' });
  });

  it('writes a range on one day as 「2026年6月3日（水）14:00〜16:00」', () => {
    expect(formatEventRange('2026-06-03T05:00:00Z', '2026-06-03T07:00:00Z', 'ja')).toBe('2026年6月3日（水）14:00〜16:00');
    expect(formatEventRange('2026-06-03T05:00:00Z', '2026-06-03T07:00:00Z', 'en')).toBe('Wed, 3 Jun 2026, 14:00–16:00');
  });

  it('names the second day when the event runs over midnight or several days', () => {
    expect(formatEventRange('2026-06-03T14:00:00+09:00', '2026-06-04T12:00:00+09:00', 'ja')).toBe(
      '2026年6月3日（水）14:00〜6月4日（木）12:00',
    );
    expect(formatEventRange('2026-12-31T20:00:00+09:00', '2027-01-01T02:00:00+09:00', 'ja')).toBe(
      '2026年12月31日（木）20:00〜2027年1月1日（金）02:00',
    );
    expect(formatEventRange('2026-06-03T14:00:00+09:00', '2026-06-04T12:00:00+09:00', 'en')).toBe(
      'Wed, 3 Jun 2026, 14:00 – Thu, 4 Jun 2026, 12:00',
    );
  });

  it('turns a datetime-local value into an ISO string at +09:00 and back', () => {
    expect(fromLocalInput('2026-06-03T14:00')).toBe('2026-06-03T14:00:00+09:00');
    expect(fromLocalInput('2026-06-03T14:00:30')).toBe('2026-06-03T14:00:00+09:00');
    expect(toLocalInput('2026-06-03T05:00:00Z')).toBe('2026-06-03T14:00');
    expect(toLocalInput(fromLocalInput('2026-11-24T08:30'))).toBe('2026-11-24T08:30');
    expect(toLocalInput(null)).toBe('');
    expect(toLocalInput('not a date')).toBe('');
  });

  it('refuses what is not a real date and time', () => {
    for (const bad of ['', '2026-06-03', '2026-02-30T10:00', '2026-06-03T24:00', '2026-06-03T10:60', '03/06/2026 10:00', '1999-06-03T10:00']) {
      expect(fromLocalInput(bad), bad).toBeNull();
    }
  });

  it('knows whether an event has ended', () => {
    const now = new Date('2026-06-03T07:00:00Z');
    expect(hasEnded({ endsAt: '2026-06-03T16:00:00+09:00' }, now)).toBe(true);
    expect(hasEnded({ endsAt: '2026-06-03T16:01:00+09:00' }, now)).toBe(false);
  });

  it('fills the edit form from an event in Japan time', () => {
    const values = eventFormValues({
      title: '観光DX勉強会',
      description: '',
      kind: 'study',
      format: 'hybrid',
      startsAt: '2026-06-03T05:00:00.000Z',
      endsAt: '2026-06-03T07:00:00.000Z',
      place: null,
      onlineUrl: 'https://example.jp/meet',
      capacity: 20,
    });
    expect(values).toMatchObject({ startsAt: '2026-06-03T14:00', endsAt: '2026-06-03T16:00', place: '', capacity: '20', format: 'hybrid' });
    expect(eventFormValues()).toMatchObject({ kind: 'study', format: 'offline', capacity: '', startsAt: '' });
  });
});

describe('places and registrations', () => {
  const seats = (capacity: number | null, registeredCount: number, waitlistCount = 0) => ({ capacity, registeredCount, waitlistCount });

  it('counts the places left', () => {
    expect(seatsLeft(seats(20, 17))).toBe(3);
    expect(seatsLeft(seats(2, 2, 1))).toBe(0);
    expect(seatsLeft(seats(null, 40))).toBeNull();
    expect(isFull(seats(2, 2))).toBe(true);
    expect(isFull(seats(null, 2))).toBe(false);
  });

  it('says the capacity as 「定員20名・残り3名」', () => {
    expect(capacityText(seats(20, 17), ja)).toBe('定員20名・残り3名');
    expect(capacityText(seats(2, 2), ja)).toBe('定員2名・満席');
    expect(capacityText(seats(2, 2, 1), ja)).toBe('定員2名・満席（キャンセル待ち1名）');
    expect(capacityText(seats(null, 12), ja)).toBe('定員なし・参加12名');
    expect(capacityText(seats(20, 17), en)).toBe('20 places · 3 left');
  });

  it('labels my registration 参加確定 / キャンセル待ち（N番目）', () => {
    expect(registrationLabel('registered', null, ja)).toBe('参加確定');
    expect(registrationLabel('waitlisted', 2, ja)).toBe('キャンセル待ち（2番目）');
    expect(registrationLabel('waitlisted', null, ja)).toBe('キャンセル待ち');
    expect(registrationLabel('cancelled', null, ja)).toBe('キャンセル済み');
    expect(registrationLabel('waitlisted', 1, en)).toBe('On the waitlist (no. 1)');
  });

  it('words the working time per date as 「6月3日（水）2時間」', () => {
    expect(offerDaysText([{ date: '2026-06-03', minutes: 120 }], 'ja')).toBe('6月3日（水）2時間');
    expect(offerDaysText([{ date: '2026-06-03', minutes: 120 }, { date: '2026-06-04', minutes: 90 }], 'ja')).toBe(
      '6月3日（水）2時間、6月4日（木）1時間30分',
    );
    // ICU versions differ on the comma after the weekday.
    expect(offerDaysText([{ date: '2026-06-03', minutes: 120 }], 'en')).toMatch(/^Wed,? 3 Jun: 2h$/);
  });

  it('offers the 20% rule request only for working time not yet filed', () => {
    expect(timeRequestChoice(null)).toBe('none');
    expect(timeRequestChoice({ minutes: 0, days: [], timeRequestId: null })).toBe('none');
    expect(timeRequestChoice({ minutes: 120, days: [{ date: '2026-06-03', minutes: 120 }], timeRequestId: null })).toBe('offer');
    expect(timeRequestChoice({ minutes: 120, days: [], timeRequestId: '6f1c1d2e-0000-4000-8000-000000000001' })).toBe('filed');
  });

  it('reads the list tab from the address, upcoming by default', () => {
    expect(parseWhen('past')).toBe('past');
    expect(parseWhen('mine')).toBe('mine');
    expect(parseWhen('everything')).toBe('upcoming');
    expect(parseWhen(null)).toBe('upcoming');
  });
});

describe('figures', () => {
  it('words the median time to an answer', () => {
    expect(hoursToAnswer(null, ja, 'ja')).toBe('—');
    expect(hoursToAnswer(0.4, ja, 'ja')).toBe('1時間未満');
    expect(hoursToAnswer(5.54, ja, 'ja')).toBe('5.5時間');
    expect(hoursToAnswer(60, ja, 'ja')).toBe('2.5日');
    expect(hoursToAnswer(5.54, en, 'en')).toBe('5.5 h');
  });

  it('writes ratios as percentages, a dash when there is nothing to divide by', () => {
    expect(ratio(3, 4, 'ja')).toBe('75%');
    expect(ratio(1, 3, 'ja')).toBe('33.3%');
    expect(ratio(0, 0, 'ja')).toBe('—');
  });

  it('reads the 年度 and community from the address, the current 年度 by default', () => {
    const url = (q: string) => new URL(`http://yui.test/communities/reports${q}`);
    expect(figuresParams(url(''), '2026-05-01')).toEqual({ fy: 2026, communityId: null, currentFy: 2026 });
    // January–March belong to the 年度 that began the April before.
    expect(figuresParams(url(''), '2027-03-31').fy).toBe(2026);
    expect(figuresParams(url('?fy=2024&communityId=6f1c1d2e-0000-4000-8000-000000000001'), '2026-05-01')).toEqual({
      fy: 2024,
      communityId: '6f1c1d2e-0000-4000-8000-000000000001',
      currentFy: 2026,
    });
    expect(figuresParams(url('?fy=1990&communityId=x'), '2026-05-01')).toEqual({ fy: 2026, communityId: null, currentFy: 2026 });
    expect(figuresParams(url('?fy=2030'), '2026-05-01').fy).toBe(2026);
  });

  it('writes the choices as the page and the API name them', () => {
    expect(figuresQuery({ fy: 2026, communityId: null })).toBe('fy=2026');
    expect(figuresQuery({ fy: 2026, communityId: 'abc' }, true)).toBe('fiscalYear=2026&communityId=abc');
  });
});
