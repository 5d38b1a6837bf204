import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createTestDatabase, newDepartment, newTenancyFixture, newUser, type TestDatabase } from '../src/testing/index';
import { createClient, withTenant } from '../src/index';

/**
 * Walks every table in `public`. A table is either global reference data on an explicit list, or
 * tenant-owned (it has municipality_id) and then must hide other towns' rows and refuse writes
 * into them. A table added later without a policy fails here.
 */
const GLOBAL_TABLES = new Set(['regions', 'municipalities']);

let db: TestDatabase;
let app: postgres.Sql;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = createClient(db.appUrl, { max: 4 });
  fx = await newTenancyFixture(db.owner);
  // Give every tenant-owned table at least one row in both towns.
  for (const town of [fx.a, fx.b]) {
    const dept = await newDepartment(db.owner, town.id);
    const user = await newUser(db.owner, town.id, { departmentId: dept.id, roles: [{ role: 'manager', departmentId: dept.id }] });
    await db.owner`insert into refresh_tokens (municipality_id, user_id, family_id, token_hash, expires_at)
                   values (${town.id}, ${user.id}, gen_random_uuid(), ${`h-${user.id}`}, now() + interval '1 day')`;
    const [ev] = await db.owner`insert into outbox_events (municipality_id, type, payload) values (${town.id}, 'staff.welcomed', ${db.owner.json({ userId: user.id })}) returning id`;
    await db.owner`insert into notifications (municipality_id, user_id, event_id, kind) values (${town.id}, ${user.id}, ${ev!.id}, 'staff.welcomed')`;
    // The 20% rule: a request with a day and a history step, and a delegation.
    const deputy = await newUser(db.owner, town.id, { departmentId: dept.id });
    const [tr] = await db.owner`insert into time_requests (municipality_id, requester_id, department_id, activity_kind, purpose, status, first_date, last_date, planned_minutes)
      values (${town.id}, ${deputy.id}, ${dept.id}, 'community', 'テスト', 'submitted', '2030-01-07', '2030-01-07', 60) returning id`;
    await db.owner`insert into time_request_days (municipality_id, request_id, requester_id, work_date, planned_minutes) values (${town.id}, ${tr!.id}, ${deputy.id}, '2030-01-07', 60)`;
    await db.owner`insert into time_request_history (municipality_id, request_id, actor_id, action) values (${town.id}, ${tr!.id}, ${deputy.id}, 'submitted')`;
    await db.owner`insert into approval_delegations (municipality_id, manager_id, deputy_id, starts_on, ends_on) values (${town.id}, ${user.id}, ${deputy.id}, '2030-01-01', '2030-01-31')`;
  }
});
afterAll(async () => {
  await app?.end();
  await db?.drop();
});

async function publicTables() {
  return db.owner<{ table_name: string; has_tenant: boolean; rls: boolean; forced: boolean }[]>`
    select c.relname as table_name,
           exists (select 1 from information_schema.columns k
                   where k.table_schema = 'public' and k.table_name = c.relname and k.column_name = 'municipality_id') as has_tenant,
           c.relrowsecurity as rls, c.relforcerowsecurity as forced
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by 1`;
}

describe('row-level security on every table', () => {
  it('every table is known global data or tenant-owned, and has RLS enabled', async () => {
    const tables = await publicTables();
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) {
      expect(t.rls, `${t.table_name} has row-level security`).toBe(true);
      if (!GLOBAL_TABLES.has(t.table_name)) expect(t.has_tenant, `${t.table_name} has municipality_id`).toBe(true);
    }
  });

  it("town A's context sees no row of town B in any table, and cannot write one", async () => {
    const tables = (await publicTables()).filter((t) => t.has_tenant);
    for (const { table_name } of tables) {
      const [{ b }] = (await db.owner.unsafe(`select count(*)::int as b from ${table_name} where municipality_id = $1`, [fx.b.id])) as unknown as [{ b: number }];
      expect(b, `fixture has B rows in ${table_name}`).toBeGreaterThan(0);

      const seen = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) =>
        tx.execute(`select municipality_id from ${table_name}` as never),
      ) as unknown as { municipality_id: string }[];
      expect(seen.length, `A sees its own rows in ${table_name}`).toBeGreaterThan(0);
      expect(seen.every((r) => r.municipality_id === fx.a.id), `A sees only A in ${table_name}`).toBe(true);

      // Updating B's rows: invisible, so nothing changes.
      const updated = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) =>
        tx.execute(`update ${table_name} set municipality_id = municipality_id where municipality_id = '${fx.b.id}' returning 1` as never),
      ) as unknown as unknown[];
      expect(updated.length, `A updates no B row in ${table_name}`).toBe(0);
      const deleted = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) =>
        tx.execute(`delete from ${table_name} where municipality_id = '${fx.b.id}' returning 1` as never),
      ) as unknown as unknown[];
      expect(deleted.length, `A deletes no B row in ${table_name}`).toBe(0);

      // Inserting a row for B (copying one of A's rows, re-labelled): refused by the policy.
      const cols = (await db.owner<{ column_name: string }[]>`
        select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table_name}
          and column_name not in ('id') and is_generated = 'NEVER'`).map((c) => c.column_name);
      const list = cols.map((c) => `"${c}"`).join(', ');
      const select = cols.map((c) => (c === 'municipality_id' ? `'${fx.b.id}'::uuid` : `"${c}"`)).join(', ');
      const err = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) =>
        tx.execute(`insert into ${table_name} (${list}) select ${select} from ${table_name} limit 1` as never),
      ).then(() => null, (e: Error & { cause?: Error }) => e.cause ?? e);
      expect(err?.message, `A cannot insert a B row into ${table_name}`).toMatch(/row-level security/);
    }
  });

  it('without a tenant context nothing tenant-owned is visible', async () => {
    const tables = (await publicTables()).filter((t) => t.has_tenant);
    for (const { table_name } of tables) {
      const rows = await app.unsafe(`select 1 from ${table_name}`);
      expect(rows.length, table_name).toBe(0);
    }
  });

  it('the application role neither owns tables nor bypasses RLS', async () => {
    const [role] = await app`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await app`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                            where n.nspname = 'public' and pg_get_userbyid(c.relowner) = current_user`;
    expect(owned).toEqual([]);
    await expect(app`alter table users disable row level security`).rejects.toThrow();
  });
});

describe('tenant context', () => {
  it('is transaction-local: a pooled connection never carries it into the next transaction', async () => {
    const one = createClient(db.appUrl, { max: 1 });
    try {
      await withTenant(one, { tenantId: fx.a.id, regionId: fx.region.id }, async (tx) => {
        await tx.execute('select 1' as never);
      });
      const [after] = await one`select current_setting('app.tenant_id', true) as t`;
      expect(after!.t ?? '').toBe('');
      const users = await one`select id from users`;
      expect(users).toEqual([]);
    } finally {
      await one.end();
    }
  });

  it('rolls back on error and the connection is usable afterwards', async () => {
    const one = createClient(db.appUrl, { max: 1 });
    try {
      await expect(withTenant(one, { tenantId: fx.a.id, regionId: fx.region.id }, async (tx) => {
        await tx.execute(`update users set position = 'X' where municipality_id = '${fx.a.id}'` as never);
        throw new Error('boom');
      })).rejects.toThrow('boom');
      const [{ n }] = (await db.owner`select count(*)::int as n from users where position = 'X'`) as unknown as [{ n: number }];
      expect(n).toBe(0);
      const ok = await withTenant(one, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) => tx.execute('select 1 as x' as never));
      expect(ok).toHaveLength(1);
    } finally {
      await one.end();
    }
  });

  it('does not report success when the transaction was rolled back (an error caught inside fn)', async () => {
    const [alice] = (await db.owner`select id from users where municipality_id = ${fx.a.id} limit 1`) as unknown as [{ id: string }];
    const outcome = await withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, async (tx) => {
      await tx.execute(sql`update users set position = 'lost' where id = ${alice.id}`);
      // A failed statement aborts the transaction even if its error is caught; COMMIT then rolls back.
      await tx.execute(sql`select 1 / 0`).catch(() => {});
      return 'ok';
    }).then((v) => v, (e: Error) => e);
    const [row] = (await db.owner`select position from users where id = ${alice.id}`) as unknown as [{ position: string | null }];
    expect(row.position).not.toBe('lost');
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/rolled back/);
    // The connection is clean for the next one.
    await expect(withTenant(app, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) => tx.execute(sql`select 1`))).resolves.toHaveLength(1);
  });

  it('runs a nested tx.transaction() as a savepoint, inside the tenant context and the outer transaction', async () => {
    const [alice] = (await db.owner`select id from users where municipality_id = ${fx.a.id} limit 1`) as unknown as [{ id: string }];
    const ctx = { tenantId: fx.a.id, regionId: fx.region.id };
    // The inner part fails: only it is undone, the outer work commits.
    const seen = await withTenant(app, ctx, async (tx) => {
      await tx.execute(sql`update users set position = 'outer' where id = ${alice.id}`);
      await tx.transaction(async (inner) => {
        await inner.execute(sql`update users set introduction = 'inner' where id = ${alice.id}`);
        throw new Error('inner fails');
      }).catch(() => {});
      return tx.transaction(async (inner) => inner.execute(sql`select current_setting('app.tenant_id', true) as t`));
    });
    expect(seen[0]).toEqual({ t: fx.a.id });
    let [row] = (await db.owner`select position, introduction from users where id = ${alice.id}`) as unknown as [{ position: string; introduction: string | null }];
    expect(row).toMatchObject({ position: 'outer' });
    expect(row.introduction).not.toBe('inner');
    // The outer transaction fails after a nested one succeeded: nothing of either is left.
    await expect(withTenant(app, ctx, async (tx) => {
      await tx.transaction((inner) => inner.execute(sql`update users set position = 'nested' where id = ${alice.id}`));
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');
    [row] = (await db.owner`select position, introduction from users where id = ${alice.id}`) as unknown as [{ position: string; introduction: string | null }];
    expect(row.position).toBe('outer');
  });

  it('refuses a context that is not a uuid (never inlines text)', async () => {
    await expect(withTenant(app, { tenantId: "x'; drop table users; --", regionId: fx.region.id }, async () => 1)).rejects.toThrow(/uuid/);
  });
});
