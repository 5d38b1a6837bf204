import { beforeAll, describe, expect, it } from 'vitest';
import { newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';
import { communityCast, insertCommunity, type CastUser, type CommunityCast } from './community-fixtures';

const t = useTestApi();
let cast: CommunityCast;
/** Open community: managerA runs it; staffA (every notice) and staffB are members. */
let open: { id: string; name: string };
/** Invite-only: managerA and staffA. */
let secret: { id: string; name: string };
/** Join on approval: managerB and staffB. */
let approval: { id: string; name: string };

/** A weekday at least `days` ahead, as a Japan-time date (YYYY-MM-DD). */
function weekdayAhead(days: number): string {
  const d = new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const jst = (date: string, hhmm: string) => `${date}T${hhmm}:00+09:00`;

let seq = 0;
function eventBody(over: Record<string, unknown> = {}) {
  const date = weekdayAhead(14);
  return {
    title: `まなびあい+ 観光データ勉強会 ${++seq}`,
    description: '**観光**の統計を読み解きます。\n\n持ち物: ノートPC',
    kind: 'study', format: 'offline', place: '郡山市役所 第1会議室',
    startsAt: jst(date, '18:30'), endsAt: jst(date, '20:00'), capacity: null,
    ...over,
  };
}

async function createEvent(over: Record<string, unknown> = {}, community = open, who: CastUser = cast.managerA) {
  const res = await cast.call(who, 'POST', `/api/communities/${community.id}/events`, eventBody(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; title: string; startsAt: string; endsAt: string };
}

const outbox = (type: string, eventId: string) =>
  t.db.owner<{ payload: { recipientIds: string[]; title: string }; actor_id: string | null }[]>`
    select payload, actor_id from outbox_events where type = ${type} and payload->>'eventId' = ${eventId} order by created_at`;

beforeAll(async () => {
  cast = await communityCast(t);
  const o = t.db.owner;
  open = await insertCommunity(o, { regionId: cast.region.id, createdBy: cast.coordinator, name: '観光データ研究会' },
    [[cast.managerA, 'manager'], [cast.staffA], [cast.staffB]]);
  await o`update community_members set notify = 'all' where community_id = ${open.id} and user_id in (${cast.staffA.id}, ${cast.managerA.id})`;
  secret = await insertCommunity(o, { regionId: cast.region.id, createdBy: cast.managerA, visibility: 'invite', name: '内緒の会' },
    [[cast.managerA, 'manager'], [cast.staffA]]);
  approval = await insertCommunity(o, { regionId: cast.region.id, createdBy: cast.coordinator, visibility: 'approval', name: '承認制の会' },
    [[cast.managerB, 'manager'], [cast.staffB]]);
});

describe('creating events', () => {
  it('lets a manager create one; members who want every notice are told (not the creator)', async () => {
    const res = await cast.call(cast.managerA, 'POST', `/api/communities/${open.id}/events`, eventBody({ capacity: 30 }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      communityId: open.id, communityName: '観光データ研究会', status: 'scheduled', capacity: 30, registeredCount: 0, waitlistCount: 0,
      myStatus: null, place: '郡山市役所 第1会議室', materials: [], can: { manage: true, register: true },
      createdBy: { id: cast.managerA.id, name: '課長 一郎' },
    });
    expect(res.body.descriptionHtml).toContain('<strong>観光</strong>');
    const [e] = await outbox('community.event_created', res.body.id);
    expect(e!.payload.recipientIds).toEqual([cast.staffA.id]);
    expect(e!.actor_id).toBe(cast.managerA.id);
    const [row] = await t.db.owner`select search::text as s from community_events where id = ${res.body.id}`;
    expect(row!.s).toContain("'観光'");
  });

  it('makes one event per idempotency key', async () => {
    const body = eventBody({ idempotencyKey: 'form-load-0001' });
    const first = await cast.call(cast.managerA, 'POST', `/api/communities/${open.id}/events`, body);
    const again = await cast.call(cast.managerA, 'POST', `/api/communities/${open.id}/events`, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const [n] = await t.db.owner`select count(*)::int as n from community_events where title = ${body.title}`;
    expect(n!.n).toBe(1);
    expect(await outbox('community.event_created', first.body.id)).toHaveLength(1);
  });

  it('is for managers only', async () => {
    expect((await cast.call(cast.staffA, 'POST', `/api/communities/${open.id}/events`, eventBody())).status).toBe(403);
    expect((await cast.call(cast.coordinator, 'POST', `/api/communities/${open.id}/events`, eventBody())).status).toBe(403);
  });

  it('names the fields it refuses, in Japanese and English', async () => {
    const date = weekdayAhead(10);
    const bad = eventBody({ startsAt: jst(date, '15:00'), endsAt: jst(date, '14:00'), format: 'hybrid', place: null, onlineUrl: null });
    const ja = await cast.call(cast.managerA, 'POST', `/api/communities/${open.id}/events`, bad);
    expect(ja.status).toBe(400);
    expect(ja.body.error.fields).toEqual({
      endsAt: '終了日時: 開始より後にしてください',
      onlineUrl: 'オンラインのURL: オンライン開催にはURLが必要です',
      place: '場所: 会場での開催には場所が必要です',
    });
    const en = await cast.call(cast.managerA, 'POST', `/api/communities/${open.id}/events`, bad, 'en');
    expect(en.body.error.fields).toEqual({
      endsAt: 'Ends must be after the start',
      onlineUrl: 'Online link is required for an online event',
      place: 'Place is required for an event in person',
    });
    const online = await cast.call(cast.managerA, 'POST', `/api/communities/${open.id}/events`, eventBody({ format: 'online', place: null, onlineUrl: 'javascript:alert(1)' }));
    expect(online.status).toBe(400);
    expect(Object.keys(online.body.error.fields)).toEqual(['onlineUrl']);
  });
});

describe('reading events', () => {
  it('shows the online link only to people with a place and to managers', async () => {
    const e = await createEvent({ format: 'hybrid', onlineUrl: 'https://meet.example.jp/abc', capacity: 1 });
    const before = await cast.call(cast.staffA, 'GET', `/api/events/${e.id}`);
    expect(before.body.onlineUrl).toBeNull();
    expect((await cast.call(cast.managerA, 'GET', `/api/events/${e.id}`)).body.onlineUrl).toBe('https://meet.example.jp/abc');
    await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, {});
    const waiting = await cast.call(cast.staffB, 'POST', `/api/events/${e.id}/registrations`, {});
    expect(waiting.body.status).toBe('waitlisted');
    expect(waiting.body.event.onlineUrl).toBeNull();
    const mine = await cast.call(cast.staffA, 'GET', `/api/events/${e.id}`);
    expect(mine.body).toMatchObject({ myStatus: 'registered', onlineUrl: 'https://meet.example.jp/abc', can: { register: false } });
  });

  it('lists upcoming events of readable communities with my status, page by page', async () => {
    const a = await createEvent({ startsAt: jst(weekdayAhead(40), '10:00'), endsAt: jst(weekdayAhead(40), '11:00') });
    const b = await createEvent({ startsAt: jst(weekdayAhead(41), '10:00'), endsAt: jst(weekdayAhead(41), '11:00') }, approval, cast.managerB);
    const s = await createEvent({}, secret);
    await cast.call(cast.staffB, 'POST', `/api/events/${a.id}/registrations`, {});

    const ids = async (who: CastUser, query: string) => {
      const seen: Array<{ id: string; myStatus: string | null }> = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: Array<{ id: string; myStatus: string | null }>; nextCursor: string | null } } =
          await cast.call(who, 'GET', `/api/events?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const staffB = await ids(cast.staffB, 'when=upcoming');
    expect(staffB.map((x) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(staffB.map((x) => x.id)).not.toContain(s.id);
    expect(new Set(staffB.map((x) => x.id)).size).toBe(staffB.length);
    expect(staffB.find((x) => x.id === a.id)!.myStatus).toBe('registered');
    // staffA2 is in no community: reads the open one, not the approval one.
    const a2 = (await ids(cast.staffA2, 'when=upcoming')).map((x) => x.id);
    expect(a2).toContain(a.id);
    expect(a2).not.toContain(b.id);
    expect((await ids(cast.staffB, 'when=mine')).map((x) => x.id)).toContain(a.id);
    expect((await ids(cast.staffA2, 'when=mine'))).toEqual([]);
    const starts = staffB.map((x) => x.id);
    expect(starts.indexOf(a.id)).toBeLessThan(starts.indexOf(b.id));
    // Of one community: readers only.
    expect((await cast.call(cast.staffA2, 'GET', `/api/events?communityId=${approval.id}`)).status).toBe(403);
    expect((await cast.call(cast.staffB, 'GET', `/api/events?communityId=${secret.id}`)).status).toBe(404);
  });

  it('lists past events, latest first', async () => {
    const [row] = await t.db.owner`
      insert into community_events (region_id, community_id, title, starts_at, ends_at, place, created_by, created_by_municipality_id)
      values (${cast.region.id}, ${open.id}, '先月の勉強会', now() - interval '30 days', now() - interval '30 days' + interval '1 hour', '会議室',
              ${cast.managerA.id}, ${cast.managerA.municipalityId}) returning id`;
    const past = await cast.call(cast.staffA2, 'GET', `/api/events?when=past&communityId=${open.id}`);
    expect(past.body.items.map((x: { id: string }) => x.id)).toContain(row!.id);
    const up = await cast.call(cast.staffA2, 'GET', `/api/events?when=upcoming&communityId=${open.id}`);
    expect(up.body.items.map((x: { id: string }) => x.id)).not.toContain(row!.id);
    const reg = await cast.call(cast.staffA, 'POST', `/api/events/${row!.id}/registrations`, {});
    expect(reg.status).toBe(409);
    expect(reg.body.error.fields).toEqual({ event: 'イベント: 終了したイベントです' });
  });
});

describe('registration and the waitlist', () => {
  it('waitlists the third of three for two places, and moves them up when someone cancels', async () => {
    const e = await createEvent({ capacity: 2 });
    const r1 = await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, {});
    const r2 = await cast.call(cast.staffA2, 'POST', `/api/events/${e.id}/registrations`, {}); // open: no membership needed
    const r3 = await cast.call(cast.staffB, 'POST', `/api/events/${e.id}/registrations`, {});
    expect([r1.status, r2.status, r3.status]).toEqual([201, 201, 201]);
    expect([r1.body.status, r2.body.status, r3.body.status]).toEqual(['registered', 'registered', 'waitlisted']);
    expect(r3.body).toMatchObject({ waitlistPosition: 1, event: { registeredCount: 2, waitlistCount: 1, myStatus: 'waitlisted', myWaitlistPosition: 1 } });
    const [m] = await t.db.owner`select count(*)::int as n from community_members where community_id = ${open.id} and user_id = ${cast.staffA2.id}`;
    expect(m!.n).toBe(0);

    const list = await cast.call(cast.managerA, 'GET', `/api/events/${e.id}/registrations`);
    expect(list.body.items.map((x: { person: { id: string }; status: string; waitlistPosition: number | null }) => [x.person.id, x.status, x.waitlistPosition]))
      .toEqual([[cast.staffA.id, 'registered', null], [cast.staffA2.id, 'registered', null], [cast.staffB.id, 'waitlisted', 1]]);
    expect(list.body.items[2].person).toMatchObject({ municipalityName: 'B町', departmentName: '企画課' });

    const gone = await cast.call(cast.staffA, 'DELETE', `/api/events/${e.id}/registrations/me`);
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ status: 'cancelled', event: { registeredCount: 2, waitlistCount: 0, myStatus: null } });
    const now = await cast.call(cast.staffB, 'GET', `/api/events/${e.id}`);
    expect(now.body).toMatchObject({ myStatus: 'registered', myWaitlistPosition: null });
    const [promoted] = await outbox('community.event_promoted', e.id);
    expect(promoted!.payload).toMatchObject({ recipientIds: [cast.staffB.id], title: e.title, communityName: '観光データ研究会' });
    const [row] = await t.db.owner`select registered_count, waitlist_count from community_events where id = ${e.id}`;
    expect(row).toEqual({ registered_count: 2, waitlist_count: 0 });

    // Back again: at the end of the queue.
    const back = await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, {});
    expect(back).toMatchObject({ status: 201, body: { status: 'waitlisted', waitlistPosition: 1 } });
  });

  it('answers a second registration with the first (200)', async () => {
    const e = await createEvent({ capacity: 5 });
    const first = await cast.call(cast.staffB, 'POST', `/api/events/${e.id}/registrations`, {});
    const again = await cast.call(cast.staffB, 'POST', `/api/events/${e.id}/registrations`, {});
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'registered', event: { registeredCount: 1 } });
    const [n] = await t.db.owner`select count(*)::int as n from community_event_registrations where event_id = ${e.id}`;
    expect(n!.n).toBe(1);
  });

  it('gives exactly five places to twenty people registering at once, and queues the rest in order', async () => {
    const e = await createEvent({ capacity: 5 });
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      newUser(t.db.owner, i % 2 ? cast.a.id : cast.b.id, { departmentId: i % 2 ? cast.deptA.id : cast.deptB.id, name: `参加者 ${i}` })));
    // Sign in first, so the registrations themselves race.
    await Promise.all(people.map((p) => cast.call(p, 'GET', `/api/events/${e.id}`)));
    const results = await Promise.all(people.map((p) => cast.call(p, 'POST', `/api/events/${e.id}/registrations`, {})));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(results.filter((r) => r.body.status === 'registered')).toHaveLength(5);
    const positions = results.filter((r) => r.body.status === 'waitlisted').map((r) => r.body.waitlistPosition).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));

    const rows = await t.db.owner<{ user_id: string; status: string }[]>`
      select user_id, status from community_event_registrations where event_id = ${e.id} order by queued_at, id`;
    expect(rows.filter((r) => r.status === 'registered')).toHaveLength(5);
    // Whoever got in took the lock before everyone on the waitlist, and the waitlist is in lock order.
    expect(rows.slice(0, 5).every((r) => r.status === 'registered')).toBe(true);
    const byUser = new Map(results.map((r, i) => [people[i]!.id, r.body.waitlistPosition]));
    expect(rows.slice(5).map((r) => byUser.get(r.user_id))).toEqual(positions);
    const [ev] = await t.db.owner`select registered_count, waitlist_count from community_events where id = ${e.id}`;
    expect(ev).toEqual({ registered_count: 5, waitlist_count: 15 });

    // Two places free up: the first two in line move up.
    const leaving = rows.slice(0, 2).map((r) => people.find((p) => p.id === r.user_id)!);
    await Promise.all(leaving.map((p) => cast.call(p, 'DELETE', `/api/events/${e.id}/registrations/me`)));
    const after = await t.db.owner<{ user_id: string; status: string }[]>`
      select user_id, status from community_event_registrations where event_id = ${e.id} and status = 'registered'`;
    expect(new Set(after.map((r) => r.user_id))).toEqual(new Set([...rows.slice(2, 7).map((r) => r.user_id)]));
  });

  it('moves the waitlist up when the capacity is raised, and refuses a capacity below the people registered', async () => {
    const e = await createEvent({ capacity: 1 });
    await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, {});
    await cast.call(cast.staffA2, 'POST', `/api/events/${e.id}/registrations`, {});
    await cast.call(cast.staffB, 'POST', `/api/events/${e.id}/registrations`, {});
    const up = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { capacity: 2 });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ capacity: 2, registeredCount: 2, waitlistCount: 1 });
    expect((await outbox('community.event_promoted', e.id))[0]!.payload.recipientIds).toEqual([cast.staffA2.id]);
    const down = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { capacity: 1 });
    expect(down.status).toBe(400);
    expect(down.body.error.fields).toEqual({ capacity: '定員: 登録済みの人数（2人）より少なくはできません' });
    const downEn = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { capacity: 1 }, 'en');
    expect(downEn.body.error.fields).toEqual({ capacity: 'Capacity cannot be below the 2 people already registered' });
    const unlimited = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { capacity: null });
    expect(unlimited.body).toMatchObject({ capacity: null, registeredCount: 3, waitlistCount: 0 });
  });

  it('refuses registering for a cancelled event, and tells everyone registered or waitlisted of the cancellation', async () => {
    const e = await createEvent({ capacity: 1 });
    await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, {});
    await cast.call(cast.staffB, 'POST', `/api/events/${e.id}/registrations`, {});
    expect((await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/cancel`)).status).toBe(403);
    const c = await cast.call(cast.managerA, 'POST', `/api/events/${e.id}/cancel`);
    expect(c.status).toBe(200);
    expect(c.body.status).toBe('cancelled');
    const [told] = await outbox('community.event_cancelled', e.id);
    expect(told!.payload.recipientIds).toEqual([cast.staffA.id, cast.staffB.id]);
    const late = await cast.call(cast.staffA2, 'POST', `/api/events/${e.id}/registrations`, {}, 'en');
    expect(late.status).toBe(409);
    expect(late.body.error.fields).toEqual({ event: 'Event has been cancelled' });
    const [row] = await t.db.owner`select sequence from community_events where id = ${e.id}`;
    expect(row!.sequence).toBe(1);
  });

  it('is for members in approval and invite-only communities', async () => {
    const e = await createEvent({}, approval, cast.managerB);
    expect((await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, {})).status).toBe(403);
    expect((await cast.call(cast.staffA, 'GET', `/api/events/${e.id}`)).status).toBe(403);
    expect((await cast.call(cast.staffB, 'POST', `/api/events/${e.id}/registrations`, {})).status).toBe(201);
  });
});

describe('editing, materials and attendance', () => {
  it('keeps fields left out, raises SEQUENCE on a change of time or place, and renders the materials note', async () => {
    const e = await createEvent({ capacity: 10 });
    const [before] = await t.db.owner`select sequence from community_events where id = ${e.id}`;
    const title = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { title: '題名だけ変更' });
    expect(title.body).toMatchObject({ title: '題名だけ変更', capacity: 10, place: '郡山市役所 第1会議室', kind: 'study' });
    expect(title.body.description).toContain('観光');
    const [same] = await t.db.owner`select sequence from community_events where id = ${e.id}`;
    expect(same!.sequence).toBe(before!.sequence);
    const moved = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { place: '須賀川市役所 大会議室', materialsNote: '当日の**スライド**です' });
    expect(moved.body).toMatchObject({ place: '須賀川市役所 大会議室', materialsNote: '当日の**スライド**です' });
    expect(moved.body.materialsNoteHtml).toContain('<strong>スライド</strong>');
    const [after] = await t.db.owner`select sequence from community_events where id = ${e.id}`;
    expect(after!.sequence).toBe(before!.sequence + 1);
    const bad = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { endsAt: jst(weekdayAhead(1), '09:00') });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['endsAt']);
    expect((await cast.call(cast.staffA, 'PATCH', `/api/events/${e.id}`, { title: 'x' })).status).toBe(403);
  });

  it('reminds again after a change of the start: reminder_sent_at is cleared for the moved event only', async () => {
    const day = weekdayAhead(14);
    const e = await createEvent({ startsAt: jst(day, '18:30'), endsAt: jst(day, '20:00') });
    const other = await createEvent();
    for (const ev of [e, other]) {
      for (const who of [cast.staffA, cast.staffB]) expect((await cast.call(who, 'POST', `/api/events/${ev.id}/registrations`, {})).status).toBe(201);
    }
    const o = t.db.owner;
    await o`update community_event_registrations set reminder_sent_at = now() where event_id in (${e.id}, ${other.id})`;
    const reminded = async (eventId: string) =>
      (await o`select reminder_sent_at is not null as sent from community_event_registrations where event_id = ${eventId} order by user_id`).map((r) => r.sent);

    // Nothing about the start changes: the reminder already sent stands.
    expect((await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { title: '題名を変更', endsAt: jst(day, '20:30') })).status).toBe(200);
    expect(await reminded(e.id)).toEqual([true, true]);
    // Moved to another day: everyone registered is reminded again the day before the new date.
    const date = weekdayAhead(21);
    const moved = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { startsAt: jst(date, '18:30'), endsAt: jst(date, '20:00') });
    expect(moved.status).toBe(200);
    expect(await reminded(e.id)).toEqual([false, false]);
    expect(await reminded(other.id)).toEqual([true, true]);
  });

  it('attaches files of the same community as materials, and refuses others', async () => {
    const e = await createEvent();
    const file = async (communityId: string, by: CastUser = cast.managerA) => {
      const [f] = await t.db.owner`
        insert into community_files (region_id, community_id, uploaded_by, uploader_municipality_id, filename, content_type, size_bytes, storage_key)
        values (${cast.region.id}, ${communityId}, ${by.id}, ${by.municipalityId}, '資料.pdf', 'application/pdf', 1234,
                ${`test/${Math.random().toString(36).slice(2)}`}) returning id`;
      return f!.id as string;
    };
    const mine = await file(open.id);
    const other = await file(secret.id);
    const ok = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { materialIds: [mine] });
    expect(ok.status).toBe(200);
    expect(ok.body.materials).toEqual([{ id: mine, filename: '資料.pdf', contentType: 'application/pdf', sizeBytes: 1234, inline: false, url: `/api/files/${mine}` }]);
    expect((await cast.call(cast.staffA2, 'GET', `/api/events/${e.id}`)).body.materials).toHaveLength(1);
    const no = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { materialIds: [mine, other] });
    expect(no.status).toBe(400);
    expect(no.body.error.fields).toEqual({ materialIds: '資料: ファイルが見つかりません' });
    // Someone else's upload, not yet attached, is theirs alone.
    const theirs = await file(open.id, cast.staffA);
    const notMine = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { materialIds: [mine, theirs] });
    expect(notMine.status).toBe(400);
    const [still] = await t.db.owner`select event_id from community_files where id = ${theirs}`;
    expect(still!.event_id).toBeNull();
    const none = await cast.call(cast.managerA, 'PATCH', `/api/events/${e.id}`, { materialIds: [] });
    expect(none.body.materials).toEqual([]);
  });

  it('records attendance of registered people only', async () => {
    const e = await createEvent({ capacity: 1 });
    await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, {});
    await cast.call(cast.staffB, 'POST', `/api/events/${e.id}/registrations`, {});
    const ok = await cast.call(cast.managerA, 'PUT', `/api/events/${e.id}/attendance`, { items: [{ userId: cast.staffA.id, attended: true }] });
    expect(ok.status).toBe(200);
    expect(ok.body.items.find((x: { person: { id: string } }) => x.person.id === cast.staffA.id).attended).toBe(true);
    const no = await cast.call(cast.managerA, 'PUT', `/api/events/${e.id}/attendance`, {
      items: [{ userId: cast.staffA.id, attended: false }, { userId: cast.staffB.id, attended: true }],
    });
    expect(no.status).toBe(400);
    expect(no.body.error.fields).toEqual({ 'items.1.userId': '職員: このイベントに参加登録していません' });
    const [row] = await t.db.owner`select attended from community_event_registrations where event_id = ${e.id} and user_id = ${cast.staffA.id}`;
    expect(row!.attended).toBe(true);
    expect((await cast.call(cast.staffA, 'GET', `/api/events/${e.id}/registrations`)).status).toBe(403);
  });
});

describe('the 20% rule', () => {
  it('files a request for a weekday 14:00–16:00 event with the registration, and withdraws it on cancelling', async () => {
    const date = weekdayAhead(14);
    const e = await createEvent({ startsAt: jst(date, '14:00'), endsAt: jst(date, '16:00') });
    const offer = await cast.call(cast.staffA, 'GET', `/api/events/${e.id}`);
    expect(offer.body.timeRequestOffer).toEqual({ minutes: 120, days: [{ date, minutes: 120 }], timeRequestId: null });

    const res = await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, { fileTimeRequest: true });
    expect(res.status).toBe(201);
    expect(res.body.timeRequestId).toBeTruthy();
    expect(res.body.event.timeRequestOffer.timeRequestId).toBe(res.body.timeRequestId);
    const [req] = await t.db.owner`
      select status, ref_type, ref_id, ref_title, planned_minutes, activity_kind, purpose, requester_id, municipality_id, approver_id
      from time_requests where id = ${res.body.timeRequestId}`;
    expect(req).toMatchObject({
      status: 'submitted', ref_type: 'community_event', ref_id: e.id, ref_title: e.title, planned_minutes: 120, activity_kind: 'event',
      purpose: `「${e.title}」への参加（観光データ研究会）`, requester_id: cast.staffA.id, municipality_id: cast.a.id, approver_id: cast.managerA.id,
    });
    const [days] = await t.db.owner`select to_char(work_date, 'YYYY-MM-DD') as d, planned_minutes from time_request_days where request_id = ${res.body.timeRequestId}`;
    expect(days).toEqual({ d: date, planned_minutes: 120 });

    // Asking again files nothing new.
    const again = await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, { fileTimeRequest: true });
    expect(again).toMatchObject({ status: 200, body: { timeRequestId: res.body.timeRequestId } });
    const [n] = await t.db.owner`select count(*)::int as n from time_requests where ref_id = ${e.id}`;
    expect(n!.n).toBe(1);

    const gone = await cast.call(cast.staffA, 'DELETE', `/api/events/${e.id}/registrations/me`);
    expect(gone.body.timeRequestId).toBeNull();
    const [w] = await t.db.owner`select status from time_requests where id = ${res.body.timeRequestId}`;
    expect(w!.status).toBe('withdrawn');

    // Registering again files a new one.
    const back = await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, { fileTimeRequest: true, purpose: '観光統計の勉強' });
    expect(back.status).toBe(201);
    expect(back.body.timeRequestId).not.toBe(res.body.timeRequestId);
    const [p] = await t.db.owner`select purpose, status from time_requests where id = ${back.body.timeRequestId}`;
    expect(p).toEqual({ purpose: '観光統計の勉強', status: 'submitted' });
  });

  it('offers nothing for an evening event, and refuses to file for one', async () => {
    const e = await createEvent(); // 18:30–20:00
    expect((await cast.call(cast.staffA, 'GET', `/api/events/${e.id}`)).body.timeRequestOffer).toBeNull();
    const res = await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, { fileTimeRequest: true });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ fileTimeRequest: '20%ルールの申請: 勤務時間内の時間がありません' });
    const en = await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, { fileTimeRequest: true }, 'en');
    expect(en.body.error.fields).toEqual({ fileTimeRequest: '20% time request has no time in working hours' });
    const [n] = await t.db.owner`select count(*)::int as n from community_event_registrations where event_id = ${e.id}`;
    expect(n!.n).toBe(0);
  });

  it('registers nothing when the request is refused (over budget)', async () => {
    const date = weekdayAhead(14);
    const e = await createEvent({ startsAt: jst(date, '09:00'), endsAt: jst(date, '12:00') });
    const short = await newUser(t.db.owner, cast.a.id, { departmentId: cast.deptA.id, name: '短時間 勤務' });
    await t.db.owner`update users set weekly_minutes = 60 where id = ${short.id}`;
    const res = await cast.call(short, 'POST', `/api/events/${e.id}/registrations`, { fileTimeRequest: true });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields).length).toBeGreaterThan(0);
    const [n] = await t.db.owner`select count(*)::int as n from community_event_registrations where event_id = ${e.id}`;
    expect(n!.n).toBe(0);
    const [tr] = await t.db.owner`select count(*)::int as n from time_requests where requester_id = ${short.id}`;
    expect(tr!.n).toBe(0);
    // Without the request, the registration goes through.
    expect((await cast.call(short, 'POST', `/api/events/${e.id}/registrations`, {})).status).toBe(201);
  });
});

describe('who sees what', () => {
  it('answers 404 to staff of another region on every event route', async () => {
    const e = await createEvent({ capacity: 3 });
    await cast.call(cast.staffA, 'POST', `/api/events/${e.id}/registrations`, {});
    const c = cast.outsiderC;
    const tries: Array<[Parameters<typeof cast.call>[1], string, unknown?]> = [
      ['GET', `/api/events/${e.id}`],
      ['PATCH', `/api/events/${e.id}`, { title: '乗っ取り' }],
      ['POST', `/api/events/${e.id}/cancel`],
      ['POST', `/api/events/${e.id}/registrations`, {}],
      ['DELETE', `/api/events/${e.id}/registrations/me`],
      ['GET', `/api/events/${e.id}/registrations`],
      ['PUT', `/api/events/${e.id}/attendance`, { items: [{ userId: cast.staffA.id, attended: true }] }],
      ['GET', `/api/events/${e.id}/ics`],
      ['POST', `/api/communities/${open.id}/events`, eventBody()],
      ['GET', `/api/events?communityId=${open.id}`],
    ];
    for (const [method, url, body] of tries) {
      const res = await cast.call(c, method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    const list = await cast.call(c, 'GET', '/api/events?when=upcoming&limit=100');
    expect(list.body.items).toEqual([]);
    const [row] = await t.db.owner`select title, status, registered_count from community_events where id = ${e.id}`;
    expect(row).toEqual({ title: e.title, status: 'scheduled', registered_count: 1 });
  });

  it('hides events of an invite-only community from non-members of the same region', async () => {
    const e = await createEvent({}, secret);
    expect((await cast.call(cast.staffA, 'GET', `/api/events/${e.id}`)).status).toBe(200);
    for (const [method, url, body] of [
      ['GET', `/api/events/${e.id}`], ['GET', `/api/events/${e.id}/ics`], ['POST', `/api/events/${e.id}/registrations`, {}],
      ['GET', `/api/events/${e.id}/registrations`], ['PATCH', `/api/events/${e.id}`, { title: 'x' }],
    ] as const) {
      expect((await cast.call(cast.staffB, method, url, body)).status, `${method} ${url}`).toBe(404);
      expect((await cast.call(cast.coordinator, method, url, body)).status, `${method} ${url} (coordinator)`).toBe(404);
    }
    const list = await cast.call(cast.staffB, 'GET', '/api/events?limit=100');
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(e.id);
  });
});
