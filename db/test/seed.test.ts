import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '@node-rs/argon2';
import { createTestDatabase, type TestDatabase } from '@yui/db/testing';
import { toSixDigit } from '@yui/domain';
import { seedDemo, listDemoAccounts } from '../src/seed';
import { migrate } from '../src/migrate';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('demo seed', () => {
  it('seeds the Koriyama-area region with real names and codes, once', async () => {
    const first = await seedDemo(db.ownerUrl);
    expect(first.seeded).toBe(true);
    const again = await seedDemo(db.ownerUrl);
    expect(again.seeded).toBe(false);
    const towns = await db.owner`select m.name, m.code, r.name as region from municipalities m join regions r on r.id = m.region_id order by m.code`;
    expect(towns.map((t) => `${t.name} ${t.code}`)).toEqual([
      '郡山市 07203', '須賀川市 07207', '田村市 07211', '本宮市 07214', '猪苗代町 07408', '三春町 07521',
    ]);
    expect(new Set(towns.map((t) => t.region))).toEqual(new Set(['こおりやま広域圏']));
    expect(toSixDigit('07203')).toBe('072036');
  });

  it('gives every town about 20 staff with kana and a manager per 課', async () => {
    const perTown = await db.owner`select m.slug, count(u.*)::int as n, bool_and(u.name_kana ~ '^[ぁ-んー ]+$') as kana
      from municipalities m join users u on u.municipality_id = m.id group by m.slug`;
    for (const t of perTown) {
      expect(t.n).toBeGreaterThanOrEqual(20);
      expect(t.kana, t.slug).toBe(true);
    }
  });

  it('makes manager.<town> head the department of staff.<town> and staff2.<town>', async () => {
    const rows = await db.owner`
      select m.slug, d.name as dept,
             (select u2.department_id from users u2 where u2.email = 'staff.' || m.slug || '@demo.yui.example') as staff_dept,
             (select u3.department_id from users u3 where u3.email = 'staff2.' || m.slug || '@demo.yui.example') as staff2_dept,
             g.department_id as managed
      from municipalities m
      join users u on u.email = 'manager.' || m.slug || '@demo.yui.example'
      join role_grants g on g.user_id = u.id and g.role = 'manager'
      join departments d on d.id = g.department_id`;
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      expect(r.staff_dept, r.slug).toBe(r.managed);
      expect(r.staff2_dept, r.slug).toBe(r.managed);
    }
    const bySlug = Object.fromEntries(rows.map((r) => [r.slug, r.dept]));
    expect(bySlug.koriyama).toBe('観光政策課');
    expect(bySlug.miharu).toBe('観光政策課');
  });

  it('lets every listed demo account sign in with yui-demo, with the right role', async () => {
    const accounts = listDemoAccounts();
    expect(accounts).toHaveLength(25);
    const rows = await db.owner`select u.email, u.password_hash, array_agg(g.role::text) as roles
      from users u join role_grants g on g.user_id = u.id where u.email = any(${accounts.map((a) => a.email)}) group by u.email, u.password_hash`;
    expect(rows).toHaveLength(25);
    expect(await verify(rows[0]!.password_hash, 'yui-demo')).toBe(true);
    const roles = Object.fromEntries(rows.map((r) => [r.email, r.roles as string[]]));
    expect(roles['admin.koriyama@demo.yui.example']).toContain('municipality_admin');
    expect(roles['coordinator@demo.yui.example']).toContain('regional_coordinator');
    expect(roles['staff.koriyama@demo.yui.example']).toEqual(['staff']);
  });

  it('queues a welcome event for each demo account', async () => {
    const [{ n }] = (await db.owner`select count(*)::int as n from outbox_events where type = 'staff.welcomed'`) as unknown as [{ n: number }];
    expect(n).toBe(25);
  });

  it('migrating again is a no-op', async () => {
    await expect(migrate(db.ownerUrl)).resolves.toBeUndefined();
  });
});
