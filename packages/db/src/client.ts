import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema/index';

export type Schema = typeof schema;
/**
 * A transaction handle for the query builder. Built per request without the relational schema
 * (building that costs ~80 µs a time); queries use the SQL-like builder, not `db.query.*`.
 */
export type Db = PostgresJsDatabase;
export type Sql = postgres.Sql;

export interface ClientOptions {
  max?: number;
  /** Shown in pg_stat_activity, so an operator can tell the API from the worker. */
  applicationName?: string;
}

/** A pool for the application role. Every tenant query goes through withTenant() on it. */
export function createClient(url: string, opts: ClientOptions = {}): Sql {
  return postgres(url, {
    max: opts.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: opts.applicationName ?? 'yui' },
  });
}

/** A query builder on the pool itself (no tenant context): for owner-side tools and references. */
export function createDb(client: Sql): Db {
  return drizzle(preparing(client, client));
}

/**
 * What drizzle sees of a connection. drizzle sends its queries unprepared, so PostgreSQL would parse
 * and plan the same statement on every request; here every query is a named prepared statement,
 * cached per connection by postgres.js (the bench measured /api/me at ~2× the requests per second and
 * a third of the PostgreSQL CPU). drizzle also reads the driver's parser options, which a reserved
 * connection shares with its pool.
 */
export function preparing(conn: Pick<Sql, 'unsafe'> & Partial<Pick<Sql, 'begin'>>, pool: Sql): Sql {
  return {
    options: pool.options,
    unsafe: (query: string, params?: unknown[], opts?: object) => conn.unsafe(query, params as never, { ...opts, prepare: true }),
    begin: conn.begin?.bind(conn),
  } as unknown as Sql;
}

export { schema };
