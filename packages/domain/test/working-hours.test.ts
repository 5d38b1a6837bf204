import { describe, expect, it } from 'vitest';
import { workingMinutesOverlap } from '../src/working-hours';

/** A Japan-time instant: jst('2026-11-17 14:00'). */
const jst = (s: string) => new Date(`${s.replace(' ', 'T')}:00+09:00`);
const overlap = (a: string, b: string, opts?: Parameters<typeof workingMinutesOverlap>[2]) =>
  workingMinutesOverlap(jst(a), jst(b), opts);

// 2026-11-17 is a Tuesday; 2026-11-21 a Saturday.
describe('workingMinutesOverlap', () => {
  it('is zero for an evening event', () => {
    expect(overlap('2026-11-17 18:00', '2026-11-17 20:00')).toEqual({ minutes: 0, days: [] });
    expect(overlap('2026-11-17 17:15', '2026-11-17 19:00').minutes).toBe(0); // the end of the day is exclusive
  });
  it('counts an afternoon on a Tuesday', () => {
    expect(overlap('2026-11-17 14:00', '2026-11-17 16:00')).toEqual({ minutes: 120, days: [{ date: '2026-11-17', minutes: 120 }] });
  });
  it('leaves out the lunch hour', () => {
    expect(overlap('2026-11-17 11:30', '2026-11-17 13:30').minutes).toBe(60);
    expect(overlap('2026-11-17 11:30', '2026-11-17 13:30', { lunch: null }).minutes).toBe(120);
    expect(overlap('2026-11-17 12:00', '2026-11-17 13:00').minutes).toBe(0);
  });
  it('clips to the working day', () => {
    expect(overlap('2026-11-17 07:00', '2026-11-17 09:00').minutes).toBe(30);
    expect(overlap('2026-11-17 17:00', '2026-11-17 18:00').minutes).toBe(15);
    expect(overlap('2026-11-17 00:00', '2026-11-18 00:00').minutes).toBe(465); // 7h45m
  });
  it('is zero on a Saturday and a Sunday', () => {
    expect(overlap('2026-11-21 10:00', '2026-11-21 15:00').minutes).toBe(0);
    expect(overlap('2026-11-21 09:00', '2026-11-23 08:30').minutes).toBe(0); // until Monday's start
  });
  it('spans several days, skipping the weekend', () => {
    // Friday 15:00 → Monday 10:00: 2h15m on Friday, 1h30m on Monday.
    expect(overlap('2026-11-20 15:00', '2026-11-23 10:00')).toEqual({
      minutes: 225, days: [{ date: '2026-11-20', minutes: 135 }, { date: '2026-11-23', minutes: 90 }],
    });
    // An overnight study camp, Tue 13:00 → Wed 12:00.
    expect(overlap('2026-11-17 13:00', '2026-11-18 12:00').days).toEqual([
      { date: '2026-11-17', minutes: 255 }, { date: '2026-11-18', minutes: 210 },
    ]);
  });
  it('uses Japan time, not the clock of the server', () => {
    // 2026-11-16T23:30Z is Tuesday 08:30 in Japan but still Monday in UTC.
    expect(workingMinutesOverlap(new Date('2026-11-16T23:30:00Z'), new Date('2026-11-17T00:30:00Z')).days)
      .toEqual([{ date: '2026-11-17', minutes: 60 }]);
  });
  it('takes other hours, and refuses nonsense', () => {
    expect(overlap('2026-11-17 08:00', '2026-11-17 18:00', { dayStart: '09:00', dayEnd: '17:00', lunch: ['12:15', '13:00'] }).minutes).toBe(435);
    expect(overlap('2026-11-17 16:00', '2026-11-17 15:00').minutes).toBe(0);
    expect(() => overlap('2026-11-17 14:00', '2026-11-17 15:00', { dayStart: '8:30' })).toThrow(RangeError);
    expect(() => overlap('2026-11-17 14:00', '2026-11-17 15:00', { dayStart: '18:00' })).toThrow(RangeError);
    expect(() => workingMinutesOverlap(new Date('x'), new Date())).toThrow(RangeError);
  });
  it('drops seconds rather than round them up', () => {
    expect(workingMinutesOverlap(jst('2026-11-17 14:00'), new Date(jst('2026-11-17 14:30').getTime() + 59_000)).minutes).toBe(30);
  });
});
