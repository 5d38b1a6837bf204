/**
 * Two connections, as in drizzle's RLS example: DATABASE_URL is the database as its owner gives it
 * (migrations and seeds run with it); the API and worker log in as `yui_app`, which owns nothing and
 * cannot bypass row-level security. DATABASE_APP_URL names that login; by default it is
 * DATABASE_URL with the user and password swapped for yui_app's.
 */
export const APP_ROLE = 'yui_app';
export const DEFAULT_APP_PASSWORD = 'yui-app-local';

export function appDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  if (env.DATABASE_APP_URL) return env.DATABASE_APP_URL;
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  return withCredentials(env.DATABASE_URL, APP_ROLE, env.YUI_APP_DB_PASSWORD ?? DEFAULT_APP_PASSWORD);
}

export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
