import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as runMigrations } from 'drizzle-orm/postgres-js/migrator';
import { APP_ROLE, DEFAULT_APP_PASSWORD } from '@yui/db';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Works from src/ (tsx) and from dist/ (bundled): both sit beside migrations/. */
export const migrationsFolder = path.resolve(here, '..', 'migrations');

/**
 * Migrates as the owner. The application role is made (or its password reset) first, because the
 * policies name it and its password comes from configuration, not from a committed file.
 */
export async function migrate(ownerUrl: string, appPassword = process.env.YUI_APP_DB_PASSWORD ?? DEFAULT_APP_PASSWORD) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const pw = appPassword.replaceAll("'", "''");
    // Works for a superuser and for a managed-service owner with CREATEROLE alike: create the role
    // once, afterwards only reset its password, and refuse to go on if it can bypass RLS.
    const [existing] = await sql<{ rolsuper: boolean; rolbypassrls: boolean }[]>`
      select rolsuper, rolbypassrls from pg_roles where rolname = ${APP_ROLE}`;
    if (!existing) {
      await sql.unsafe(`CREATE ROLE ${APP_ROLE} LOGIN NOINHERIT PASSWORD '${pw}'`);
    } else {
      if (existing.rolsuper || existing.rolbypassrls) {
        throw new Error(`${APP_ROLE} must be NOSUPERUSER NOBYPASSRLS: row-level security would not hold`);
      }
      await sql.unsafe(`ALTER ROLE ${APP_ROLE} LOGIN PASSWORD '${pw}'`);
    }
    await sql.unsafe(`GRANT CONNECT ON DATABASE "${(await sql`select current_database() as db`)[0]!.db}" TO ${APP_ROLE}`);
    await runMigrations(drizzle(sql), { migrationsFolder });
    // BullMQ's PostgreSQL backend (used when REDIS_URL is not set) keeps its tables here, apart
    // from tenant data; the app role may create its tables there and nowhere else.
    await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS bullmq`);
    await sql.unsafe(`GRANT USAGE, CREATE ON SCHEMA bullmq TO ${APP_ROLE}`);
  } finally {
    await sql.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  await migrate(url);
  console.log('migrations applied');
}
