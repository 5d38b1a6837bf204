import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, UnrecoverableError } from 'bullmq';
import { eq } from 'drizzle-orm';
import { outboxEvents, withTenant, type Sql } from '@yui/db';
import { newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { type WorkerApp } from '../src/app';
import { DeliverOutboxEvent } from '../src/processors/outbox/deliver';
import { appPool, emitAs, readMailbox, testLog, waitFor, startWorkerTest, type WorkerTest } from './helpers';

let w: WorkerTest;
let db: TestDatabase;
let app: WorkerApp;
let api: Sql;
let mailbox: string;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
let inspect: Queue;

beforeAll(async () => {
  // No relay here: B's event stays pending, so only the forged job could ever touch it.
  w = await startWorkerTest({ startRelay: false });
  ({ db, app, mailbox, inspect } = w);
  fx = await newTenancyFixture(db.owner);
  api = appPool(db);
});

afterAll(async () => {
  await api?.end();
  await w?.close();
});

describe('tenancy', () => {
  it('a job for tenant A cannot reach tenant B\'s event: it fails for good and creates nothing', async () => {
    const bob = await newUser(db.owner, fx.b.id);
    const bEvent = await emitAs(api, fx.b, 'staff.welcomed', { userId: bob.id });

    // The job is well-formed; only the tenant is wrong.
    await app.queue.add('outbox.deliver', { tenantId: fx.a.id, eventId: bEvent }, { jobId: `forged-${bEvent}`, attempts: 5, backoff: { type: 'fixed', delay: 50 } });
    await waitFor('forged job to fail', async () => (await inspect.getJob(`forged-${bEvent}`))?.isFailed());
    const job = (await inspect.getJob(`forged-${bEvent}`))!;
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe(`outbox event ${bEvent} not found`);

    // The same through the processor directly: "not found", and not retryable.
    const deliver = new DeliverOutboxEvent({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL });
    const run = deliver.process({ id: 'direct', name: 'outbox.deliver', data: { tenantId: fx.a.id, eventId: bEvent }, attemptsMade: 0 });
    await expect(run).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(run).rejects.toThrow('not found');

    expect(await db.owner`select id from notifications where event_id = ${bEvent}`).toHaveLength(0);
    expect(await db.owner`select id from notifications where user_id = ${bob.id}`).toHaveLength(0);
    const [row] = await db.owner`select relayed_at, processed_at from outbox_events where id = ${bEvent}`;
    expect(row).toEqual({ relayed_at: null, processed_at: null });
    expect((await readMailbox(mailbox)).filter((m) => m.to.includes(bob.email))).toHaveLength(0);

    // Row-level security is the backstop under the query's own tenant filter.
    const seen = await withTenant(api, { tenantId: fx.a.id, regionId: fx.a.regionId }, (tx) =>
      tx.select({ id: outboxEvents.id }).from(outboxEvents).where(eq(outboxEvents.id, bEvent)));
    expect(seen).toEqual([]);

    // B's own event is untouched by all this, and is delivered in B when relayed.
    await app.relay.runOnce();
    await waitFor('B\'s event delivered', async () =>
      (await db.owner`select processed_at from outbox_events where id = ${bEvent}`)[0]?.processed_at);
    expect(await db.owner`select municipality_id, user_id from notifications where event_id = ${bEvent}`)
      .toEqual([{ municipality_id: fx.b.id, user_id: bob.id }]);
  });
});
