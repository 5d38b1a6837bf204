import { beforeAll, describe, expect, it } from 'vitest';
import { newDepartment, newTenancyFixture, newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';

const t = useTestApi();
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
let alice: Awaited<ReturnType<typeof newUser>>;
let bob: Awaited<ReturnType<typeof newUser>>;
let carol: Awaited<ReturnType<typeof newUser>>; // same town as alice
let aliceAuth: string;

async function notify(municipalityId: string, userId: string, kind: string, params: object, at: string) {
  const [n] = await t.db.owner`insert into notifications (municipality_id, user_id, kind, params, created_at)
    values (${municipalityId}, ${userId}, ${kind}, ${t.db.owner.json(params as never)}, ${at}) returning id`;
  return n!.id as string;
}

beforeAll(async () => {
  fx = await newTenancyFixture(t.db.owner);
  const bu = await newDepartment(t.db.owner, fx.a.id, { kind: 'bu', name: '産業観光部' });
  const ka = await newDepartment(t.db.owner, fx.a.id, { kind: 'ka', name: '観光政策課', parentId: bu.id });
  alice = await newUser(t.db.owner, fx.a.id, { departmentId: ka.id, roles: [{ role: 'manager', departmentId: ka.id }] });
  carol = await newUser(t.db.owner, fx.a.id);
  bob = await newUser(t.db.owner, fx.b.id);
  aliceAuth = (await t.login(alice.email, alice.password)).authorization;
  for (let i = 0; i < 25; i++) {
    await notify(fx.a.id, alice.id, 'notice.posted', { title: `お知らせ${i}`, body: '本文' }, new Date(Date.UTC(2026, 3, 1, 0, i)).toISOString());
  }
});

describe('GET /api/me', () => {
  it('shows the person, their town, region, department path and roles', async () => {
    const res = await t.app.inject({ url: '/api/me', headers: { authorization: aliceAuth } });
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me.department).toEqual({ id: expect.any(String), name: '観光政策課', path: ['産業観光部', '観光政策課'] });
    expect(me.region.id).toBe(fx.region.id);
    expect(me.roles.map((r: { role: string }) => r.role).sort()).toEqual(['manager', 'staff']);
    expect(me.roles.find((r: { role: string }) => r.role === 'manager').departmentName).toBe('観光政策課');
    expect(me.unreadNotifications).toBe(25);
    expect(me).not.toHaveProperty('passwordHash');
  });

  it('changes the language preference, and refuses an unknown one naming the field', async () => {
    const ok = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { authorization: aliceAuth }, payload: { locale: 'en' } });
    expect(ok.json().locale).toBe('en');
    // 職名 is the admin's to change: a position sent here is ignored.
    const pos = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { authorization: aliceAuth }, payload: { position: '部長' } });
    expect(pos.statusCode).toBe(200);
    const [row] = await t.db.owner`select position from users where id = ${alice.id}`;
    expect(row!.position).toBeNull();
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: { authorization: aliceAuth }, payload: { locale: 'fr' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.locale).toBe('表示言語: 選択肢にない値です');
  });
});

describe('notifications', () => {
  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { statusCode: number; json(): { items: { title: string }[]; nextCursor: string | null } } = await t.app.inject({ url: `/api/notifications?limit=10${cursor ? `&cursor=${cursor}` : ''}`, headers: { authorization: aliceAuth } });
      expect(res.statusCode).toBe(200);
      const body: { items: { title: string }[]; nextCursor: string | null } = res.json();
      seen.push(...body.items.map((n: { title: string }) => n.title));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(seen[0]).toBe('お知らせ24');
    expect(seen.at(-1)).toBe('お知らせ0');
    expect(new Set(seen).size).toBe(25);
  });

  it('renders in the reader’s language', async () => {
    await notify(fx.a.id, alice.id, 'staff.welcomed', {}, new Date().toISOString());
    const ja = await t.app.inject({ url: '/api/notifications?limit=1', headers: { authorization: aliceAuth } });
    expect(ja.json().items[0].title).toBe('Yuiへようこそ');
    const en = await t.app.inject({ url: '/api/notifications?limit=1', headers: { authorization: aliceAuth, 'accept-language': 'en' } });
    expect(en.json().items[0].title).toBe('Welcome to Yui');
  });

  it('marks read; the unread count follows', async () => {
    const list = await t.app.inject({ url: '/api/notifications?limit=1', headers: { authorization: aliceAuth } });
    const id = list.json().items[0].id;
    const before = (await t.app.inject({ url: '/api/notifications/unread-count', headers: { authorization: aliceAuth } })).json().unread;
    const res = await t.app.inject({ method: 'POST', url: `/api/notifications/${id}/read`, headers: { authorization: aliceAuth } });
    expect(res.statusCode).toBe(200);
    const after = (await t.app.inject({ url: '/api/notifications/unread-count', headers: { authorization: aliceAuth } })).json().unread;
    expect(after).toBe(before - 1);
    await t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: { authorization: aliceAuth } });
    expect((await t.app.inject({ url: '/api/notifications/unread-count', headers: { authorization: aliceAuth } })).json().unread).toBe(0);
  });

  it("cannot read or mark another person's or another town's notification (404)", async () => {
    const bobs = await notify(fx.b.id, bob.id, 'staff.welcomed', {}, new Date().toISOString());
    const carols = await notify(fx.a.id, carol.id, 'staff.welcomed', {}, new Date().toISOString());
    for (const id of [bobs, carols]) {
      const res = await t.app.inject({ method: 'POST', url: `/api/notifications/${id}/read`, headers: { authorization: aliceAuth } });
      expect(res.statusCode).toBe(404);
      const [row] = await t.db.owner`select read_at from notifications where id = ${id}`;
      expect(row!.read_at).toBeNull();
    }
    const bobAuth = (await t.login(bob.email, bob.password)).authorization;
    const list = await t.app.inject({ url: '/api/notifications', headers: { authorization: bobAuth } });
    expect(list.json().items.map((n: { id: string }) => n.id)).toEqual([bobs]);
  });

  it('pages without gaps when several notifications share a millisecond (PostgreSQL keeps microseconds)', async () => {
    const dave = await newUser(t.db.owner, fx.a.id);
    const daveAuth = (await t.login(dave.email, dave.password)).authorization;
    const stamps = ['2026-05-01 00:00:00.123900+00', '2026-05-01 00:00:00.123500+00', '2026-05-01 00:00:00.123100+00'];
    for (const at of stamps) {
      await t.db.owner`insert into notifications (municipality_id, user_id, kind, params, created_at)
        values (${fx.a.id}, ${dave.id}, 'notice.posted', ${t.db.owner.json({ title: at, body: '本文' })}, ${at}::text::timestamptz)`;
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.app.inject({ url: `/api/notifications?limit=1${cursor ? `&cursor=${cursor}` : ''}`, headers: { authorization: daveAuth } });
      expect(res.statusCode).toBe(200);
      const body: { items: { title: string }[]; nextCursor: string | null } = res.json();
      seen.push(...body.items.map((n) => n.title));
      cursor = body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(stamps);
  });

  it('refuses a malformed cursor with a field error', async () => {
    const res = await t.app.inject({ url: '/api/notifications?cursor=garbage', headers: { authorization: aliceAuth } });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['cursor']);
  });
});
