import { drizzle } from 'drizzle-orm/postgres-js';
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
    const result = await fn(drizzle(preparing(conn, client)));
    await conn.unsafe('commit');
    return result;
  } catch (err) {
    // Never hand a connection back inside an open or aborted transaction.
    await conn.unsafe('rollback').catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

/** No tenant at all: only tables readable by everyone (regions, municipalities) answer. */
export async function withoutTenant<T>(client: Sql, fn: (tx: Db) => Promise<T>): Promise<T> {
  return client.begin((tx) => fn(drizzle(tx as unknown as Sql))) as Promise<T>;
}
