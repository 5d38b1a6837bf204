import { drizzle } from 'drizzle-orm/postgres-js';
import type { ReservedSql } from 'postgres';
import { preparing, type Db, type Sql } from './client';

/** Who is acting, and in which tenant. Set once per request or job, transaction-local. */
export interface TenantContext {
  tenantId: string;
  regionId: string;
  userId?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function literal(value: string | null | undefined, what: string): string {
  if (value == null || value === '') return "''";
  if (!UUID.test(value)) throw new Error(`tenant context: ${what} is not a uuid`);
  return `'${value}'`;
}

/**
 * Runs `fn` in one transaction whose first message both opens it and sets the tenant context
 * (`set_config(…, true)`, transaction-local, so a pooled connection never carries one tenant's
 * context into the next request). BEGIN and the settings travel as one simple-protocol message: the
 * context costs no extra round trip. Only validated uuids are inlined, never user text.
 */
export async function withTenant<T>(client: Sql, ctx: TenantContext, fn: (tx: Db) => Promise<T>): Promise<T> {
  const head =
    `begin; select set_config('app.tenant_id', ${literal(ctx.tenantId, 'tenantId')}, true), ` +
    `set_config('app.region_id', ${literal(ctx.regionId, 'regionId')}, true), ` +
    `set_config('app.user_id', ${literal(ctx.userId, 'userId')}, true)`;
  const conn = await client.reserve();
  try {
    await conn.unsafe(head).simple();
    const result = await fn(drizzle(withSavepoints(conn, client)));
    // A statement that failed inside fn aborts the transaction even when fn caught its error; COMMIT
    // then rolls back without an error. Never report a write as done that was not.
    const done = await conn.unsafe('commit');
    if (done.command !== 'COMMIT') throw new Error('withTenant: the transaction was rolled back because a statement in it failed');
    return result;
  } catch (err) {
    // Never hand a connection back inside an open or aborted transaction.
    await conn.unsafe('rollback').catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

/**
 * The handle fn gets. drizzle's `tx.transaction()` would send a second BEGIN on the reserved
 * connection; here it (and any deeper one) becomes a savepoint of the one transaction, so it keeps
 * the tenant context and an error inside undoes only its own part.
 */
function withSavepoints(conn: ReservedSql, pool: Sql): Sql {
  const handle = preparing(conn, pool);
  let seq = 0;
  const savepoint = async <T>(fn: (s: Sql) => Promise<T>): Promise<T> => {
    const name = `yui_sp_${++seq}`;
    await conn.unsafe(`savepoint ${name}`);
    try {
      const result = await fn(handle);
      await conn.unsafe(`release savepoint ${name}`);
      return result;
    } catch (err) {
      await conn.unsafe(`rollback to savepoint ${name}`).catch(() => {});
      throw err;
    }
  };
  return Object.assign(handle, { begin: savepoint, savepoint });
}
