// The bench's own reference server (a child process, so autocannon in the bench process does not share
// its event loop). For every reference query in endpoints.ts it serves:
//   GET /ref/bare/<name>?u=<user id>          the query on an owner pool: no auth, no RLS, no transaction
//   GET /ref/owner-tenant/<name>?u=<user id>  the same through withTenant() on the owner pool
//                                             (transaction + context; the owner bypasses RLS)
//   GET /ref/app-tenant/<name>?u=<user id>    the same through withTenant() on the yui_app pool
//                                             (transaction + context + RLS: what the product's routes run)
// All three prepare their statements, as the product does (packages/db createDb / withTenant).
// The user's tenant and region come from the users file the bench wrote, never from the request.
// Plain Fastify, no logger, no schemas: the floor under the product's routes.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { createClient, createDb, withTenant } from '@yui/db';
import { references } from './endpoints';
import type { BenchUser } from './region';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const max = Number(process.env.BENCH_POOL_MAX ?? 10);
const ownerSql = createClient(env('BENCH_OWNER_URL'), { max, applicationName: 'yui-bench-ref' });
const appSql = createClient(env('BENCH_APP_URL'), { max, applicationName: 'yui-bench-ref' });
const ownerDb = createDb(ownerSql);
const users = new Map<string, BenchUser>(
  (JSON.parse(readFileSync(env('BENCH_USERS_FILE'), 'utf8')) as BenchUser[]).map((u) => [u.id, u]),
);

const app = Fastify({ logger: false });
const who = (q: unknown) => users.get((q as { u?: string }).u ?? '');
const ctxOf = (u: BenchUser) => ({ tenantId: u.tenantId, regionId: u.regionId, userId: u.id });

app.get('/ref/health', async () => ({ status: 'ok' }));
for (const [name, ref] of Object.entries(references)) {
  app.get(`/ref/bare/${name}`, async (req, reply) => {
    const u = who(req.query);
    return u ? ref.run(ownerDb, u) : reply.code(404).send({ error: 'unknown user' });
  });
  if (!ref.context) continue;
  app.get(`/ref/owner-tenant/${name}`, async (req, reply) => {
    const u = who(req.query);
    return u ? withTenant(ownerSql, ctxOf(u), (tx) => ref.run(tx, u)) : reply.code(404).send({ error: 'unknown user' });
  });
  app.get(`/ref/app-tenant/${name}`, async (req, reply) => {
    const u = who(req.query);
    return u ? withTenant(appSql, ctxOf(u), (tx) => ref.run(tx, u)) : reply.code(404).send({ error: 'unknown user' });
  });
}

const close = async () => {
  await app.close();
  await Promise.all([ownerSql.end({ timeout: 2 }), appSql.end({ timeout: 2 })]);
  process.exit(0);
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
await app.listen({ port: Number(env('PORT')), host: '127.0.0.1' });
