import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { todayInJapan } from '@yui/domain';
import { useTestApi } from './helpers';
import { attractionCast, insertPost, type AttractionCast } from './attraction-fixtures';
import { ViewCounter } from '../src/modules/attractions/view-counter';

// Views of the public pages are counted in each API process and written in batches: two processes
// writing the same posts at once must queue, not deadlock (their rows are locked in one order), and a
// batch that could not be written is kept for the next flush, not dropped. The race is made with a
// row lock held from a second connection until both flushes are seen waiting (no timing).

const t = useTestApi();
let k: AttractionCast;
beforeAll(async () => { k = await attractionCast(t); });

type Run = ConstructorParameters<typeof ViewCounter>[0];
const run: Run = ((ctx: Parameters<typeof t.app.withTenant>[0], fn: Parameters<typeof t.app.withTenant>[1]) => t.app.withTenant(ctx, fn)) as Run;
const quietLog = (warnings: unknown[]) => ({ ...t.app.log, warn: (o: unknown) => { warnings.push(o); } }) as unknown as FastifyBaseLogger;

async function lockWaiters(me: number, n: number) {
  for (let i = 0; i < 2000; i++) {
    const [w] = await t.db.owner<[{ n: number }]>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> ${me}`;
    if (w.n >= n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never ${n} waiting`);
}

describe('view counter', () => {
  it('two processes writing the same posts counted in opposite orders lose nothing and do not deadlock', async () => {
    const a = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'published' });
    const b = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'published' });
    const day = todayInJapan();
    for (const p of [a, b]) {
      await t.db.owner`insert into attraction_views (region_id, municipality_id, post_id, day, views)
        select region_id, municipality_id, id, ${day}::date, 1 from attraction_posts where id = ${p.id}`;
    }
    const warnings: unknown[] = [];
    const c1 = new ViewCounter(run, quietLog(warnings), 1e9);
    const c2 = new ViewCounter(run, quietLog(warnings), 1e9);
    const post = (id: string, town: { id: string }) => ({ id, regionId: k.region.id, municipalityId: town.id });
    c1.count(post(a.id, k.townA)); c1.count(post(b.id, k.townB));
    c2.count(post(b.id, k.townB)); c2.count(post(a.id, k.townA));

    let f1!: Promise<void>;
    let f2!: Promise<void>;
    await t.db.owner.begin(async (tx) => {
      const [me] = await tx<[{ pid: number }]>`select pg_backend_pid() as pid`;
      await tx`select 1 from attraction_views where post_id = ${a.id} for update`;
      f1 = c1.flush();
      await lockWaiters(me.pid, 1);
      f2 = c2.flush();
      await lockWaiters(me.pid, 2);
    });
    await Promise.all([f1, f2]);
    expect(warnings, 'no write failed (a deadlock would)').toEqual([]);
    const [{ total }] = await t.db.owner<[{ total: number }]>`
      select sum(views)::int as total from attraction_views where post_id in (${a.id}, ${b.id})`;
    expect(total).toBe(6);
  });

  it('keeps a batch that could not be written for the next flush', async () => {
    const p = await insertPost(t, { town: k.townC, author: k.staffC1, status: 'published' });
    let fail = true;
    const flaky: Run = ((ctx: never, fn: never) => {
      if (fail) { fail = false; return Promise.reject(new Error('the database is away')); }
      return (run as (c: never, f: never) => Promise<unknown>)(ctx, fn);
    }) as Run;
    const warnings: unknown[] = [];
    const c = new ViewCounter(flaky, quietLog(warnings), 1e9);
    for (let i = 0; i < 3; i++) c.count({ id: p.id, regionId: k.region.id, municipalityId: k.townC.id });
    await c.flush();
    expect(warnings).toHaveLength(1);
    expect(c.size).toBe(1);
    c.count({ id: p.id, regionId: k.region.id, municipalityId: k.townC.id });
    await c.flush();
    expect(c.size).toBe(0);
    const [{ views }] = await t.db.owner<[{ views: number }]>`select sum(views)::int as views from attraction_views where post_id = ${p.id}`;
    expect(views).toBe(4);
    await c.close();
  });
});
