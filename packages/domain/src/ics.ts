/**
 * iCalendar feeds (RFC 5545) of community events, for staff to subscribe to in Outlook, Google or
 * their phone, and of the region's attraction events for the public. Times are written in UTC (…Z),
 * so no VTIMEZONE is needed; X-WR-TIMEZONE only tells clients to show the calendar in Japan time.
 * All-day events are floating dates (VALUE=DATE), the days as they are in Japan.
 */

export interface IcsEvent {
  /** Stable across updates (e.g. `event-<uuid>@yui`): clients replace the event by it. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  updatedAt?: Date;
  /** Raise on every change that matters to attendees, so clients take the new version. */
  sequence?: number;
  /**
   * All day: `start` and `end` are read as days in Japan (any time of the day will do, e.g.
   * `new Date('2026-04-01T00:00:00+09:00')`), `end` being the last day of the event, inclusive (the
   * same as `start` for a one-day event). Written as DTSTART;VALUE=DATE and DTEND on the day after
   * the last, which RFC 5545 takes as exclusive.
   */
  allDay?: boolean;
}

export interface IcsCalendar {
  name: string;
  events: IcsEvent[];
  /** How often clients should fetch the feed again (RFC 7986 REFRESH-INTERVAL); 1 hour by default. */
  refreshHours?: number;
}

const CRLF = '\r\n';
/** RFC 5545 3.1: a content line is at most 75 octets, CRLF excluded. */
const MAX_LINE_OCTETS = 75;

const utf8Bytes = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/**
 * Folds a content line into physical lines of at most 75 octets (UTF-8 bytes, not characters: a
 * Japanese character is 3). A continuation line starts with a space, which counts. A character is
 * never split, so every physical line is valid UTF-8 on its own.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Bytes(ch.codePointAt(0)!);
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/**
 * A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, any line break written as
 * `\n`. Other control characters are not allowed in a content line and are dropped.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?|\n/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** A URI value is not TEXT (its commas stay as they are), but may not break the line either. */
const cleanUri = (value: string) => value.replace(/[\u0000-\u001F\u007F]/g, '');

/** `20261120T050000Z` */
export function formatUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date in calendar');
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const JAPAN_OFFSET_MS = 9 * 3600_000; // Japan has no daylight saving time

/** `20260401`: the day in Japan at that instant. */
export function formatJapanDate(date: Date, addDays = 0): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date in calendar');
  return new Date(date.getTime() + JAPAN_OFFSET_MS + addDays * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
}

function periodLines(e: IcsEvent): string[] {
  if (!e.allDay) {
    if (e.end.getTime() < e.start.getTime()) throw new RangeError(`event ${e.uid} ends before it starts`);
    return [`DTSTART:${formatUtc(e.start)}`, `DTEND:${formatUtc(e.end)}`];
  }
  const first = formatJapanDate(e.start);
  if (formatJapanDate(e.end) < first) throw new RangeError(`event ${e.uid} ends before it starts`);
  return [`DTSTART;VALUE=DATE:${first}`, `DTEND;VALUE=DATE:${formatJapanDate(e.end, 1)}`];
}

function eventLines(e: IcsEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    // DTSTAMP should be when this version was made; the feed has no clock of its own, and a stamp
    // that changes on every fetch would make clients think every event changed.
    `DTSTAMP:${formatUtc(e.updatedAt ?? e.start)}`,
    ...periodLines(e),
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.url) lines.push(`URL:${cleanUri(e.url)}`);
  lines.push(`STATUS:${e.status ?? 'CONFIRMED'}`, `SEQUENCE:${Math.max(0, Math.trunc(e.sequence ?? 0))}`);
  if (e.updatedAt) lines.push(`LAST-MODIFIED:${formatUtc(e.updatedAt)}`);
  lines.push('END:VEVENT');
  return lines;
}

/**
 * The whole feed, CRLF line endings, long lines folded. The refresh interval is given twice: RFC 7986
 * REFRESH-INTERVAL for clients that follow the standard, X-PUBLISHED-TTL for Outlook; both say the same.
 */
export function toICalendar(cal: IcsCalendar): string {
  const hours = cal.refreshHours && cal.refreshHours >= 1 ? Math.round(cal.refreshHours) : 1;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Yui//Communities//JA',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(cal.name)}`,
    'X-WR-TIMEZONE:Asia/Tokyo',
    `REFRESH-INTERVAL;VALUE=DURATION:PT${hours}H`,
    `X-PUBLISHED-TTL:PT${hours}H`,
    ...cal.events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
