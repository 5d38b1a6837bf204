import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '@yui/db/testing';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';

export interface TestApi {
  app: FastifyInstance;
  db: TestDatabase;
  /** Signs in and returns the Authorization header. */
  login(email: string, password: string): Promise<{ authorization: string; cookie: string }>;
}

/** A real app on its own cloned database, talking to real PostgreSQL (and Redis when configured). */
export function useTestApi(env: Record<string, string> = {}): TestApi {
  const ctx = {} as TestApi;
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_APP_URL: ctx.db.appUrl,
      YUI_JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      YUI_LOGIN_RATE_MAX: '1000',
      DB_POOL_MAX: '4',
      ...env,
    });
    ctx.app = await buildApp(config, { logger: !!process.env.YUI_TEST_LOG });
    await ctx.app.ready();
    ctx.login = async (email, password) => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
      const rt = res.cookies.find((c) => c.name === 'yui_rt')!;
      return { authorization: `Bearer ${res.json().accessToken}`, cookie: `yui_rt=${rt.value}` };
    };
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.db?.drop();
  });
  return ctx;
}
