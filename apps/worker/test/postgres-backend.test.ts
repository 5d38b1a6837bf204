import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '@yui/db';
import { createTestDatabase, newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { startWorkerApp, type WorkerApp } from '../src/app';
import { appPool, emitAs, readMailbox, removeDir, tempDir, testConfig, testLog, waitFor } from './helpers';

let db: TestDatabase;
let app: WorkerApp;
let api: Sql;
let mailbox: string;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;

beforeAll(async () => {
  db = await createTestDatabase();
  mailbox = await tempDir('mail');
  fx = await newTenancyFixture(db.owner);
  api = appPool(db);
  // No Redis at all: BullMQ keeps its queue in schema bullmq of the same database, as yui_app.
  app = await startWorkerApp(
    testConfig(db, { REDIS_URL: undefined, QUEUE_DATABASE_URL: db.appUrl, YUI_MAILBOX_DIR: mailbox }),
    { log: testLog },
  );
});

afterAll(async () => {
  await app?.close();
  await api?.end();
  await db?.drop();
  if (mailbox) await removeDir(mailbox);
});

describe('BullMQ on PostgreSQL', () => {
  it('delivers an event through the queue in schema bullmq, once', async () => {
    expect(app.queue.kind).toBe('postgres');
    const u = await newUser(db.owner, fx.a.id, { name: '会津 一郎' });
    const eventId = await emitAs(api, fx.a, 'staff.welcomed', { userId: u.id });
    await waitFor('delivery', async () =>
      (await db.owner`select processed_at from outbox_events where id = ${eventId}`)[0]?.processed_at);

    expect(await db.owner`select user_id from notifications where event_id = ${eventId}`).toEqual([{ user_id: u.id }]);
    const mails = await readMailbox(mailbox);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Yuiへようこそ');
    expect(mails[0]!.text).toContain('会津 一郎 様');

    // The job lives in bullmq.job under the event's id; re-adding it (a relay that crashed before
    // stamping) is a no-op there too.
    // The event is stamped inside the job; BullMQ marks the job completed a moment after it returns.
    await waitFor('job completed', async () =>
      (await db.owner`select state::text from bullmq.job where id = ${eventId}`)[0]?.state === 'completed');
    await db.owner`update outbox_events set relayed_at = null where id = ${eventId}`;
    expect(await app.relay.runOnce()).toMatchObject({ relayed: 1 });
    expect(await db.owner`select count(*)::int as n from bullmq.job where id = ${eventId}`).toEqual([{ n: 1 }]);
    expect(await db.owner`select count(*)::int as n from notifications where event_id = ${eventId}`).toEqual([{ n: 1 }]);
    expect(await readMailbox(mailbox)).toHaveLength(1);
    // Nothing of the queue landed in public.
    expect(await db.owner`select table_name from information_schema.tables where table_schema = 'public' and table_name in ('job', 'meta', 'migration')`).toEqual([]);
  });
});
