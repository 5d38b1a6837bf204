import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAME } from '@yui/contracts';
import type { Sql } from '@yui/db';
import { createTestDatabase, newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { startWorkerApp, type WorkerApp } from '../src/app';
import { appPool, emitAs, readMailbox, removeDir, tempDir, testConfig, testLog, waitFor } from './helpers';

/** scripts/lib/services.mjs is plain JS; only what this test uses is typed here. */
interface Services {
  freePort(): Promise<number>;
  startRedis(o: { dir: string; port: number }): Promise<{ url: string; pidfile: string; stop(): Promise<boolean> }>;
}
const servicesPath = fileURLToPath(new URL('../../../scripts/lib/services.mjs', import.meta.url));

let services: Services;
let db: TestDatabase;
let app: WorkerApp;
let api: Sql;
let mailbox: string;
let redisDir: string;
let port: number;
let redis: Awaited<ReturnType<Services['startRedis']>> | undefined;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;

beforeAll(async () => {
  services = (await import(/* @vite-ignore */ servicesPath)) as Services;
  db = await createTestDatabase();
  mailbox = await tempDir('mail');
  redisDir = await tempDir('redis');
  port = await services.freePort();
  // This test's own Redis, so it can be stopped and started again without touching the suite's.
  redis = await services.startRedis({ dir: redisDir, port });
  fx = await newTenancyFixture(db.owner);
  api = appPool(db);
  app = await startWorkerApp(testConfig(db, { REDIS_URL: redis.url, YUI_MAILBOX_DIR: mailbox }), { log: testLog, startRelay: false });
});

afterAll(async () => {
  await app?.close();
  await api?.end();
  await redis?.stop();
  await db?.drop();
  if (mailbox) await removeDir(mailbox);
  if (redisDir) await removeDir(redisDir);
});

const eventRow = async (id: string) =>
  (await db.owner<{ relayed_at: Date | null; processed_at: Date | null; attempts: number; last_error: string | null }[]>`
    select relayed_at, processed_at, attempts, last_error from outbox_events where id = ${id}`)[0]!;
const notificationsOf = (id: string) => db.owner`select id from notifications where event_id = ${id}`;

describe('queue outage', () => {
  it('keeps an event written while Redis is down pending, and delivers it once Redis is back — once', async () => {
    const u = await newUser(db.owner, fx.a.id);
    await redis!.stop();
    redis = undefined;

    const eventId = await emitAs(api, fx.a, 'staff.welcomed', { userId: u.id });
    const down = await app.relay.runOnce();
    expect(down).toMatchObject({ relayed: 0, failed: 1 });
    const pending = await eventRow(eventId);
    expect(pending.relayed_at).toBeNull();
    expect(pending.attempts).toBeGreaterThanOrEqual(1);
    expect(pending.last_error).toBeTruthy();
    expect(await notificationsOf(eventId)).toHaveLength(0);
    expect(await readMailbox(mailbox)).toHaveLength(0);

    redis = await services.startRedis({ dir: redisDir, port });
    // The clients reconnect on their own; rounds keep the event pending until one gets through.
    await waitFor('the relay to get through', async () => {
      await app.relay.runOnce();
      return (await eventRow(eventId)).relayed_at;
    });
    expect(await app.relay.runOnce()).toEqual({ relayed: 0, failed: 0, skipped: 0 });

    await waitFor('delivery', async () => (await eventRow(eventId)).processed_at);
    expect(await notificationsOf(eventId)).toHaveLength(1);

    // A relay that died after adding the job but before stamping the event: the next add is a no-op.
    await db.owner`update outbox_events set relayed_at = null where id = ${eventId}`;
    expect(await app.relay.runOnce()).toMatchObject({ relayed: 1 });
    expect(await app.relay.runOnce()).toMatchObject({ relayed: 0 });
    const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
    const inspect = new Queue(QUEUE_NAME, { connection: conn, prefix: app.config.YUI_QUEUE_PREFIX });
    try {
      const counts = await inspect.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
      expect(counts.completed).toBe(1);
    } finally {
      await inspect.close();
      conn.disconnect();
    }

    const mails = await readMailbox(mailbox);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toContain(u.email);
    expect(await notificationsOf(eventId)).toHaveLength(1);
    const row = await eventRow(eventId);
    expect(row.relayed_at).toBeInstanceOf(Date);
    expect(row.attempts).toBeGreaterThanOrEqual(2);
  });
});
