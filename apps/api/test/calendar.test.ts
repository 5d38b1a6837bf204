import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { useTestApi } from './helpers';
import { communityCast, insertCommunity, type CommunityCast } from './community-fixtures';

const t = useTestApi({ YUI_PUBLIC_URL: 'https://yui.example.jp' });
let cast: CommunityCast;
let open: { id: string; name: string };

function weekdayAhead(days: number): string {
  const d = new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const jst = (date: string, hhmm: string) => `${date}T${hhmm}:00+09:00`;

async function createEvent(over: Record<string, unknown>) {
  const date = weekdayAhead(10);
  const res = await cast.call(cast.managerA, 'POST', `/api/communities/${open.id}/events`, {
    title: '観光データ勉強会', description: '観光統計の読み方、RESAS の使い方。\n持ち物; ノートPC, 名刺',
    format: 'offline', place: '郡山市役所 第1会議室', startsAt: jst(date, '14:00'), endsAt: jst(date, '16:00'), ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; title: string; startsAt: string; endsAt: string };
}

/** The calendar's events by UID, read with a real iCalendar parser. */
function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return {
    name: cal.getFirstPropertyValue('x-wr-calname'),
    events: new Map(cal.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return [e.uid, {
        summary: e.summary, start: e.startDate.toJSDate(), end: e.endDate.toJSDate(), location: e.location, description: e.description,
        status: v.getFirstPropertyValue('status'), sequence: e.sequence, url: v.getFirstPropertyValue('url'),
      }];
    })),
  };
}

/** The calendar client: no Authorization header. */
const fetchFeed = (url: string) => t.app.inject({ method: 'GET', url: new URL(url).pathname });

beforeAll(async () => {
  cast = await communityCast(t);
  open = await insertCommunity(t.db.owner, { regionId: cast.region.id, createdBy: cast.coordinator, name: '観光データ研究会' },
    [[cast.managerA, 'manager'], [cast.staffA], [cast.staffB]]);
});

describe('one event as .ics', () => {
  it('downloads with the Japanese title as file name and parses with the right summary, times and text', async () => {
    const e = await createEvent({ title: '観光データ勉強会: 第1回 / 入門' });
    const res = await cast.call(cast.staffA, 'GET', `/api/events/${e.id}/ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="event-${e.id}.ics"; filename*=UTF-8''${encodeURIComponent('観光データ勉強会_ 第1回 _ 入門.ics')}`,
    );
    const cal = parse(res.raw.body);
    const ev = cal.events.get(`${e.id}@yui`)!;
    expect(ev).toMatchObject({
      summary: '観光データ勉強会: 第1回 / 入門', location: '郡山市役所 第1会議室', status: 'CONFIRMED', sequence: 0,
      url: `https://yui.example.jp/communities/events/${e.id}`,
    });
    expect(ev.start.getTime()).toBe(new Date(e.startsAt).getTime());
    expect(ev.end.getTime()).toBe(new Date(e.endsAt).getTime());
    expect(ev.description).toContain('観光統計の読み方、RESAS の使い方。\n持ち物; ノートPC, 名刺');
    expect(ev.description).toContain('観光データ研究会');
  });

  it('keeps the online link out unless the reader has a place', async () => {
    const e = await createEvent({ format: 'hybrid', onlineUrl: 'https://meet.example.jp/xyz' });
    const before = parse((await cast.call(cast.staffB, 'GET', `/api/events/${e.id}/ics`)).raw.body).events.get(`${e.id}@yui`)!;
    expect(before.location).toBe('郡山市役所 第1会議室 / オンライン');
    await cast.call(cast.staffB, 'POST', `/api/events/${e.id}/registrations`, {});
    const after = parse((await cast.call(cast.staffB, 'GET', `/api/events/${e.id}/ics`)).raw.body).events.get(`${e.id}@yui`)!;
    expect(after.location).toBe('郡山市役所 第1会議室 / https://meet.example.jp/xyz');
  });

  it('is not there for staff of another region', async () => {
    const e = await createEvent({});
    expect((await cast.call(cast.outsiderC, 'GET', `/api/events/${e.id}/ics`)).status).toBe(404);
  });
});

describe('the personal calendar feed', () => {
  it('gives the same URL every time, serves my events without sign-in, and dies on reset', async () => {
    const first = await cast.call(cast.staffA, 'GET', '/api/calendar/feed');
    expect(first.status).toBe(200);
    expect(first.body.url).toMatch(/^https:\/\/yui\.example\.jp\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(first.body.webcalUrl).toBe(first.body.url.replace('https://', 'webcal://'));
    const second = await cast.call(cast.staffA, 'GET', '/api/calendar/feed');
    expect(second.body).toEqual(first.body);
    const [stored] = await t.db.owner`select count(*)::int as n, bool_and(token_hash !~ '[_-]') as hashed from calendar_feed_tokens where user_id = ${cast.staffA.id}`;
    expect(stored).toEqual({ n: 1, hashed: true });
    const other = await cast.call(cast.staffB, 'GET', '/api/calendar/feed');
    expect(other.body.url).not.toBe(first.body.url);

    const mine = await createEvent({ title: '郡山 まなびあい+', capacity: 1 });
    const full = await createEvent({ title: '満席の会', capacity: 1 });
    const off = await createEvent({ title: '中止になる会' });
    const notMine = await createEvent({ title: '他の人の会' });
    await cast.call(cast.staffA, 'POST', `/api/events/${mine.id}/registrations`, {});
    await cast.call(cast.staffB, 'POST', `/api/events/${full.id}/registrations`, {});
    await cast.call(cast.staffA, 'POST', `/api/events/${full.id}/registrations`, {}); // waitlisted
    await cast.call(cast.staffA, 'POST', `/api/events/${off.id}/registrations`, {});
    await cast.call(cast.staffB, 'POST', `/api/events/${notMine.id}/registrations`, {});
    expect((await cast.call(cast.managerA, 'POST', `/api/events/${off.id}/cancel`)).status).toBe(200);
    // An event that ended two months ago is no longer in the feed.
    const [old] = await t.db.owner`
      insert into community_events (region_id, community_id, title, starts_at, ends_at, place, created_by, created_by_municipality_id)
      values (${cast.region.id}, ${open.id}, '昔の会', now() - interval '60 days', now() - interval '60 days' + interval '1 hour', '会議室',
              ${cast.managerA.id}, ${cast.managerA.municipalityId}) returning id`;
    await t.db.owner`insert into community_event_registrations (region_id, community_id, event_id, user_id, municipality_id, status)
      values (${cast.region.id}, ${open.id}, ${old!.id}, ${cast.staffA.id}, ${cast.staffA.municipalityId}, 'registered')`;

    const res = await fetchFeed(first.body.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const cal = parse(res.body);
    expect(cal.name).toBe('Yui コミュニティのイベント');
    expect([...cal.events.keys()].sort()).toEqual([`${mine.id}@yui`, `${full.id}@yui`, `${off.id}@yui`].sort());
    const m = cal.events.get(`${mine.id}@yui`)!;
    expect(m).toMatchObject({ summary: '郡山 まなびあい+', status: 'CONFIRMED', location: '郡山市役所 第1会議室' });
    expect(m.start.getTime()).toBe(new Date(mine.startsAt).getTime());
    expect(m.end.getTime()).toBe(new Date(mine.endsAt).getTime());
    expect(cal.events.get(`${full.id}@yui`)).toMatchObject({ summary: '［キャンセル待ち］満席の会', status: 'TENTATIVE' });
    expect(cal.events.get(`${off.id}@yui`)).toMatchObject({ summary: '中止になる会', status: 'CANCELLED', sequence: 1 });

    // After a cancellation of my place, the event leaves the feed.
    await cast.call(cast.staffA, 'DELETE', `/api/events/${mine.id}/registrations/me`);
    expect(parse((await fetchFeed(first.body.url)).body).events.has(`${mine.id}@yui`)).toBe(false);

    const reset = await cast.call(cast.staffA, 'POST', '/api/calendar/feed/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.url).not.toBe(first.body.url);
    expect((await fetchFeed(first.body.url)).statusCode).toBe(404);
    expect((await fetchFeed(reset.body.url)).statusCode).toBe(200);
    expect((await cast.call(cast.staffA, 'GET', '/api/calendar/feed')).body).toEqual(reset.body);
  });

  it('answers 404 to unknown and malformed tokens, and shows another region nothing', async () => {
    expect((await t.app.inject({ url: `/api/calendar/${'A'.repeat(43)}.ics` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/calendar/nope.ics' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/calendar/feed' })).statusCode).toBe(401);
    const c = await cast.call(cast.outsiderC, 'GET', '/api/calendar/feed');
    expect(c.status).toBe(200);
    expect([...parse((await fetchFeed(c.body.url)).body).events.keys()]).toEqual([]);
  });

  it('stops serving a person who has been deactivated', async () => {
    const feed = await cast.call(cast.staffA2, 'GET', '/api/calendar/feed');
    expect((await fetchFeed(feed.body.url)).statusCode).toBe(200);
    await t.db.owner`update users set active = false where id = ${cast.staffA2.id}`;
    expect((await fetchFeed(feed.body.url)).statusCode).toBe(404);
  });

  it('limits how often one feed is fetched, without limiting the others', async () => {
    const a = await cast.call(cast.managerB, 'GET', '/api/calendar/feed');
    const b = await cast.call(cast.managerA, 'GET', '/api/calendar/feed');
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await fetchFeed(a.body.url)).statusCode);
    expect(codes.slice(0, 30)).toEqual(Array(30).fill(200));
    expect(codes[30]).toBe(429);
    expect((await fetchFeed(b.body.url)).statusCode).toBe(200);
  });
});
