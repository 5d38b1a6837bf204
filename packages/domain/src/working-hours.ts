/**
 * How much of an event falls in working hours (勤務時間内). Someone registering for a community event
 * held in working hours is offered a 20%-rule time request for exactly those minutes; an evening or
 * weekend event needs none. Japan has no daylight saving, so Japan time is UTC+9 all year and is
 * computed with that fixed offset. National holidays are not known here (as in time-budget.ts).
 */

export interface WorkingHours {
  /** Start of the working day, Japan time; default 08:30. */
  dayStart?: string;
  /** End of the working day, Japan time; default 17:15 (a 7h45m day with the lunch hour). */
  dayEnd?: string;
  /** The unpaid lunch break, or null for none; default 12:00–13:00. */
  lunch?: [string, string] | null;
}

export interface WorkingOverlap {
  minutes: number;
  /** Japan-time weekdays that have working minutes, in order; each becomes a day of a time request. */
  days: { date: string; minutes: number }[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const JST = 9 * 3_600_000;

/** '08:30' → 510. '24:00' is allowed as the very end of a day. */
function clockMinutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const total = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || !(total <= 24 * 60)) throw new RangeError(`not a time of day: ${hhmm}`);
  return total;
}

/** The working intervals of a day in minutes after midnight: the day with the lunch break cut out. */
function workingIntervals(opts: WorkingHours): Array<[number, number]> {
  const start = clockMinutes(opts.dayStart ?? '08:30');
  const end = clockMinutes(opts.dayEnd ?? '17:15');
  if (start >= end) throw new RangeError('the working day must end after it starts');
  const lunch = opts.lunch === undefined ? ['12:00', '13:00'] : opts.lunch;
  if (!lunch) return [[start, end]];
  const [ls, le] = lunch.map(clockMinutes) as [number, number];
  if (ls >= le) throw new RangeError('the lunch break must end after it starts');
  return ([[start, Math.min(end, ls)], [Math.max(start, le), end]] as Array<[number, number]>).filter(([a, b]) => a < b);
}

/**
 * The minutes of [start, end) inside working hours, Monday to Friday in Japan time, per day.
 * Partial minutes (seconds) are dropped per day, so a request never asks for more than the event.
 */
export function workingMinutesOverlap(start: Date, end: Date, opts: WorkingHours = {}): WorkingOverlap {
  const s = start.getTime();
  const e = end.getTime();
  if (Number.isNaN(s) || Number.isNaN(e)) throw new RangeError('invalid date');
  const intervals = workingIntervals(opts);
  const days: WorkingOverlap['days'] = [];
  if (e <= s) return { minutes: 0, days };

  // Japan-time days are counted as UTC days of the shifted clock: day d runs from d*DAY − 9h (UTC).
  const firstDay = Math.floor((s + JST) / DAY);
  const lastDay = Math.floor((e - 1 + JST) / DAY);
  for (let d = firstDay; d <= lastDay; d++) {
    const dow = new Date(d * DAY).getUTCDay(); // 0 = Sunday
    if (dow === 0 || dow === 6) continue;
    const midnight = d * DAY - JST;
    let ms = 0;
    for (const [a, b] of intervals) {
      ms += Math.max(0, Math.min(e, midnight + b * MINUTE) - Math.max(s, midnight + a * MINUTE));
    }
    const minutes = Math.floor(ms / MINUTE);
    if (minutes > 0) days.push({ date: new Date(d * DAY).toISOString().slice(0, 10), minutes });
  }
  return { minutes: days.reduce((sum, d) => sum + d.minutes, 0), days };
}
