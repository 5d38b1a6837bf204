import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { escapeText, foldLine, formatJapanDate, formatUtc, toICalendar, type IcsEvent } from '../src/ics';

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
/** RFC 5545 3.1: a CRLF followed by a space or tab is removed when reading. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');

const LONG = '郡山市観光協会と三春町の職員が合同で、滝桜の撮影スポットと回遊ルートを検討します。'.repeat(4) + '🌸 最後に絵文字。';

const event: IcsEvent = {
  uid: 'event-0f1e2d3c@yui.example',
  start: new Date('2026-11-20T05:00:00Z'), // 14:00 JST
  end: new Date('2026-11-20T07:00:00Z'),
  summary: '観光DX勉強会; 第3回, 郡山',
  description: `${LONG}\n2行目: C:\\temp`,
  location: 'ビッグパレットふくしま 2F, 会議室A',
  url: 'https://yui.example/communities/kanko/events/3?a=1,2',
  status: 'CONFIRMED',
  updatedAt: new Date('2026-11-01T00:00:00Z'),
  sequence: 2,
};

describe('text and lines', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a,b;c\\d\r\ne\nf\rg')).toBe('a\\,b\\;c\\\\d\\ne\\nf\\ng');
    expect(escapeText('tab\tok, bell\u0007 gone')).toBe('tab\tok\\, bell gone');
  });
  it('folds at 75 octets without splitting a character, and unfolds back', () => {
    const line = `DESCRIPTION:${escapeText(LONG)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(1);
    for (const p of physical) {
      expect(utf8(p)).toBeLessThanOrEqual(75);
      expect(p).not.toContain('\uFFFD');
      expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p); // whole characters only
    }
    expect(physical.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(unfold(folded)).toBe(line);
  });
  it('leaves a short line alone and folds ASCII at exactly 75', () => {
    expect(foldLine('SUMMARY:短い')).toBe('SUMMARY:短い');
    const folded = foldLine('X'.repeat(160)).split('\r\n');
    expect(folded.map((p) => p.length)).toEqual([75, 75, 12]); // 75 + (1 + 74) + (1 + 11)
  });
  it('writes UTC times and refuses invalid ones', () => {
    expect(formatUtc(new Date('2026-11-20T05:00:00.123Z'))).toBe('20261120T050000Z');
    expect(() => formatUtc(new Date('nope'))).toThrow(RangeError);
  });
});

describe('toICalendar', () => {
  const ics = toICalendar({ name: 'コミュニティ: 観光DX', events: [event] });

  it('has the calendar headers and CRLF line endings only', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Yui//Communities//JA\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(ics).split('\r\n');
    for (const l of ['CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:コミュニティ: 観光DX', 'X-WR-TIMEZONE:Asia/Tokyo',
      'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261120T050000Z',
      'DTEND:20261120T070000Z', 'SUMMARY:観光DX勉強会\\; 第3回\\, 郡山', 'STATUS:CONFIRMED', 'SEQUENCE:2',
      'URL:https://yui.example/communities/kanko/events/3?a=1,2']) {
      expect(lines).toContain(l);
    }
  });
  it('keeps every physical line within 75 octets', () => {
    for (const p of ics.split('\r\n')) expect(utf8(p)).toBeLessThanOrEqual(75);
  });
  it('uses the refresh interval given, and the start as stamp when never updated', () => {
    const other = toICalendar({ name: 'x', refreshHours: 6, events: [{ ...event, updatedAt: undefined, description: null, location: '' }] });
    expect(other).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\nX-PUBLISHED-TTL:PT6H\r\n');
    expect(other).toContain('DTSTAMP:20261120T050000Z');
    expect(other).not.toMatch(/DESCRIPTION|LOCATION|LAST-MODIFIED/);
  });
  it('refuses an event that ends before it starts', () => {
    expect(() => toICalendar({ name: 'x', events: [{ ...event, end: new Date('2026-11-20T04:00:00Z') }] })).toThrow(RangeError);
  });

  it('reads back with ical.js, Japanese text and all', () => {
    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('コミュニティ: 観光DX');
    const vevents = cal.getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(1);
    const e = new ICAL.Event(vevents[0]!);
    expect(e.uid).toBe(event.uid);
    expect(e.summary).toBe(event.summary);
    expect(e.description).toBe(event.description);
    expect(e.location).toBe(event.location);
    expect(e.startDate.toJSDate().toISOString()).toBe(event.start.toISOString());
    expect(e.endDate.toJSDate().toISOString()).toBe(event.end.toISOString());
    expect(e.sequence).toBe(2);
    expect(vevents[0]!.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevents[0]!.getFirstPropertyValue('url')).toBe(event.url);
  });
  it('reads back a cancelled event and several events', () => {
    const many = toICalendar({ name: 'x', events: [event, { ...event, uid: 'b@yui', status: 'CANCELLED', summary: '中止: 花見' }] });
    const vevents = new ICAL.Component(ICAL.parse(many)).getAllSubcomponents('vevent');
    expect(vevents.map((v) => [v.getFirstPropertyValue('uid'), v.getFirstPropertyValue('status')])).toEqual([
      [event.uid, 'CONFIRMED'], ['b@yui', 'CANCELLED'],
    ]);
    expect(new ICAL.Event(vevents[1]!).summary).toBe('中止: 花見');
  });
});

describe('all-day events', () => {
  // An attraction's event: days in Japan, the last day inclusive.
  const festival: IcsEvent = {
    uid: 'attraction-0f1e2d3c@yui.example',
    start: new Date('2026-04-01T00:00:00+09:00'),
    end: new Date('2026-04-20T00:00:00+09:00'),
    summary: '三春滝桜まつり; 夜桜, ライトアップ',
    url: 'https://yui.example/visit/koriyama/0f1e2d3c',
    allDay: true,
    updatedAt: new Date('2026-03-01T00:00:00Z'),
  };

  it('writes dates, the end the day after the last day', () => {
    const lines = unfold(toICalendar({ name: '郡山の魅力', events: [festival] })).split('\r\n');
    expect(lines).toContain('DTSTART;VALUE=DATE:20260401');
    expect(lines).toContain('DTEND;VALUE=DATE:20260421');
    expect(lines).toContain('SUMMARY:三春滝桜まつり\\; 夜桜\\, ライトアップ');
  });

  it('takes the day in Japan, whatever the time of day given', () => {
    // 2026-04-01 00:30 in Japan is still 31 March in UTC; 23:30 in Japan is the same day.
    const ics = toICalendar({ name: 'x', events: [{ ...festival, start: new Date('2026-03-31T15:30:00Z'), end: new Date('2026-04-01T14:30:00Z') }] });
    expect(ics).toContain('DTSTART;VALUE=DATE:20260401\r\nDTEND;VALUE=DATE:20260402\r\n');
    // The end may be earlier in the day than the start: only the days count.
    expect(() => toICalendar({ name: 'x', events: [{ ...festival, start: new Date('2026-04-01T20:00:00+09:00'), end: new Date('2026-04-01T08:00:00+09:00') }] })).not.toThrow();
    expect(() => toICalendar({ name: 'x', events: [{ ...festival, end: new Date('2026-03-31T12:00:00+09:00') }] })).toThrow(RangeError);
    expect(formatJapanDate(new Date('2026-12-31T15:00:00Z'))).toBe('20270101');
    expect(formatJapanDate(new Date('2026-02-28T03:00:00Z'), 1)).toBe('20260301');
  });

  it('leaves timed events as they were', () => {
    const ics = toICalendar({ name: 'x', events: [{ ...event, allDay: false }] });
    expect(ics).toBe(toICalendar({ name: 'x', events: [event] }));
    expect(ics).toContain('DTSTART:20261120T050000Z\r\nDTEND:20261120T070000Z\r\n');
  });

  it('reads back with ical.js as dates', () => {
    const cal = new ICAL.Component(ICAL.parse(toICalendar({ name: '郡山の魅力', events: [festival, event] })));
    const [allDay, timed] = cal.getAllSubcomponents('vevent');
    const e = new ICAL.Event(allDay!);
    expect(e.uid).toBe(festival.uid);
    expect(e.summary).toBe('三春滝桜まつり; 夜桜, ライトアップ');
    expect(allDay!.getFirstProperty('dtstart')!.type).toBe('date');
    expect(e.startDate.isDate).toBe(true);
    expect(e.startDate.toString()).toBe('2026-04-01');
    expect(e.endDate.isDate).toBe(true);
    expect(e.endDate.toString()).toBe('2026-04-21');
    expect(e.duration.days).toBe(20);
    expect(new ICAL.Event(timed!).startDate.isDate).toBe(false);
  });
});
