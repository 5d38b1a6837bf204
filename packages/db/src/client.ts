import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema/index';

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
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

export function createDb(client: Sql): Db {
  return drizzle(client, { schema });
}

export { schema };
