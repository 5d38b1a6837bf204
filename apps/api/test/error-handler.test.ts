import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '@yui/db/testing';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';

// The one error handler and what the database may answer: two transactions that met (a deadlock,
// a serialization failure) are a 409 conflict the reader may retry, never a 500; text the database
// cannot store is the reader's input (400), and a NUL character in any body or query text is refused
// before it gets there, naming the field. The database errors are real: a deadlock between a request
// and a second connection, errors raised by PostgreSQL itself.

let app: FastifyInstance;
let db: TestDatabase;
// A tenant context of made-up ids: the test routes touch no tenant rows, only locks and expressions.
const ctx = { tenantId: randomUUID(), regionId: randomUUID(), userId: randomUUID() };

beforeAll(async () => {
  db = await createTestDatabase();
  app = await buildApp(loadConfig({
    NODE_ENV: 'test', DATABASE_APP_URL: db.appUrl, YUI_JWT_SECRET: 'test-secret-test-secret-test-secret-0123', DB_POOL_MAX: '4',
  }), { logger: !!process.env.YUI_TEST_LOG });
  // Test-only routes, in the app's transaction (withTenant) like every feature's.
  app.post('/test/locks', async () => app.withTenant(ctx, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(61)`);
    await tx.execute(sql`select pg_advisory_xact_lock(62)`);
    return { ok: true };
  }));
  app.post('/test/raise/:state', async (req) => app.withTenant(ctx, async (tx) => {
    const state = (req.params as { state: string }).state;
    await tx.execute(sql.raw(`do $$ begin raise exception 'raised by the test' using errcode = '${state.replace(/[^0-9A-Z]/g, '')}'; end $$`));
    return { ok: true };
  }));
  app.post('/test/nul-text', async () => app.withTenant(ctx, async (tx) => tx.execute(sql`select ${'a\u0000b'}::text as t`)));
  app.post('/test/untranslatable', async () => app.withTenant(ctx, async (tx) => tx.execute(sql.raw(String.raw`select convert('\xe38182'::bytea, 'UTF8', 'LATIN1') as t`))));
  app.post('/test/echo', async (req) => ({ body: req.body ?? null }));
  app.post('/test/value', async (req) => app.withTenant(ctx, async (tx) => tx.execute(sql.raw((req.query as { q: string }).q))));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const post = (url: string, payload?: unknown, lang = 'ja') =>
  app.inject({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as object }), headers: { 'accept-language': lang } });

describe('database conflicts', () => {
  it('a deadlock is a 409 conflict, not a 500', async () => {
    // The second connection holds lock 62 until the request waits on it (seen in pg_stat_activity),
    // then asks for the request's lock 61: a cycle. Its own deadlock_timeout is long, so the request's
    // check (1s) finds the cycle first and the database aborts the request's transaction.
    const o = db.owner;
    let pending!: ReturnType<typeof post>;
    await o.begin(async (tx) => {
      await tx`set local deadlock_timeout = '60s'`;
      await tx`select pg_advisory_xact_lock(62)`;
      const [me] = await tx`select pg_backend_pid() as pid`;
      let done = false;
      pending = post('/test/locks').finally(() => { done = true; });
      for (let i = 0; ; i++) {
        const [w] = await o`select count(*)::int as n from pg_stat_activity
                            where datname = current_database() and wait_event_type = 'Lock' and pid <> ${me!.pid}`;
        if (w!.n > 0 || done) break;
        if (i > 2000) throw new Error('the request neither waited nor finished');
        await new Promise((r) => setTimeout(r, 5));
      }
      await tx`select pg_advisory_xact_lock(61)`;
    });
    const res = await pending;
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: { code: 'conflict', message: 'この操作は完了できませんでした。' } });
  });

  it('a serialization failure is a 409 conflict; other database errors stay a 500', async () => {
    const res = await post('/test/raise/40001', undefined, 'en');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ code: 'conflict', message: 'This could not be done.' });
    const other = await post('/test/raise/XX000');
    expect(other.statusCode).toBe(500);
    expect(other.json().error.code).toBe('internal');
  });
});

describe('text the database cannot store', () => {
  it('a NUL or an untranslatable character reaching the database is a 400, not a 500', async () => {
    const nul = await post('/test/nul-text');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.code).toBe('validation_failed');
    const latin = await post('/test/untranslatable');
    expect(latin.statusCode).toBe(400);
    expect(latin.json().error.code).toBe('validation_failed');
  });

  it('a date or value PostgreSQL refuses (year 0, February 30, a made-up cursor time) is a 400, not a 500', async () => {
    for (const [what, text] of [
      ['year 0', `select '0000-01-01'::date`],
      ['February 30', `select '2026-02-30'::date`],
      ['a time it cannot read', `select '1 1'::timestamptz`],
      ['a malformed uuid', `select '------------------------------------'::uuid`],
    ]) {
      const res = await post(`/test/value?q=${encodeURIComponent(text!)}`);
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.code, what).toBe('validation_failed');
    }
  });

  it('a NUL in any text of a body or a query is refused up front, naming the field', async () => {
    const deep = await post('/test/echo', { note: 'ok', items: [{ title: 'ok' }, { title: 'a\u0000b' }] });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error).toMatchObject({ code: 'validation_failed', fields: { 'items.1.title': expect.stringContaining('形式が正しくありません') } });
    const query = await app.inject({ method: 'POST', url: '/test/echo?q=x%00y', payload: { note: 'ok' } });
    expect(query.statusCode).toBe(400);
    expect(Object.keys(query.json().error.fields)).toEqual(['q']);
    // Clean text, other control characters and non-ASCII pass as they are.
    const fine = await post('/test/echo', { note: '改行\nタブ\t絵文字🙂', n: 1, ok: true, none: null });
    expect(fine.statusCode).toBe(200);
    expect(fine.json().body.note).toBe('改行\nタブ\t絵文字🙂');
  });
});
