import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { jobNames } from '@yui/contracts';
import { withTenant, type Sql } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import { newDepartment, newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { type WorkerApp } from '../src/app';
import { createProcessors } from '../src/processors/index';
import { DeliverOutboxEvent } from '../src/processors/outbox/deliver';
import { queueTarget, startJobWorker } from '../src/queues';
import { appPool, emitAs, readMailbox, testConfig, testLog, waitFor, startWorkerTest, type WorkerTest } from './helpers';

let w: WorkerTest;
let db: TestDatabase;
let app: WorkerApp;
let api: Sql;
let mailbox: string;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
let inspect: Queue;

beforeAll(async () => {
  // The relay runs as in production, woken by LISTEN (polling is set far out by testConfig).
  w = await startWorkerTest();
  ({ db, app, mailbox, inspect } = w);
  fx = await newTenancyFixture(db.owner);
  api = appPool(db);
});

afterAll(async () => {
  await api?.end();
  await w?.close();
});

const mailsTo = async (email: string) => (await readMailbox(mailbox)).filter((m) => m.to.includes(email));
const notificationsOf = (eventId: string) =>
  db.owner<{ id: string; user_id: string; municipality_id: string; kind: string; params: Record<string, unknown>; link: string | null; emailed_at: Date | null }[]>`
    select id, user_id, municipality_id, kind, params, link, emailed_at from notifications where event_id = ${eventId} order by user_id`;
const eventRow = async (eventId: string) =>
  (await db.owner<{ relayed_at: Date | null; processed_at: Date | null; attempts: number; last_error: string | null }[]>`
    select relayed_at, processed_at, attempts, last_error from outbox_events where id = ${eventId}`)[0];
/** Waits for the job to reach `failed`, then reads it afresh (a copy fetched earlier may predate the failure). */
const failedJob = async (id: string) => {
  await waitFor(`job ${id} to fail`, async () => (await inspect.getJob(id))?.isFailed());
  return (await inspect.getJob(id))!;
};
const delivered = (eventId: string) => waitFor(`event ${eventId} delivered`, async () => (await eventRow(eventId))?.processed_at);

describe('delivery: outbox event → notification + e-mail', () => {
  it('turns a committed event into exactly one notification and one Japanese mail', async () => {
    const hanako = await newUser(db.owner, fx.a.id, { name: '郡山 花子' });
    const eventId = await emitAs(api, fx.a, 'staff.welcomed', { userId: hanako.id });
    await delivered(eventId);

    const rows = await notificationsOf(eventId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: hanako.id, municipality_id: fx.a.id, kind: 'staff.welcomed', link: '/profile' });
    expect(rows[0]!.emailed_at).toBeInstanceOf(Date);
    expect(await eventRow(eventId)).toMatchObject({ attempts: 1, last_error: null });

    const mails = await mailsTo(hanako.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.file).toMatch(/^\d+-u[^/]*@test\.yui\.example\.eml$/);
    expect(mail.subject).toBe('Yuiへようこそ');
    expect(mail.text).toContain('郡山 花子 様');
    expect(mail.text).toContain('広域圏の職員どうしで学び合い');
    expect(mail.text).toContain('Yuiで開く: https://yui.test.example/app/profile');
    expect(mail.headers['x-yui-notification']).toBe(rows[0]!.id);
    expect(mail.headers.from).toContain('no-reply@yui.example');
  });

  it('renders in English for a reader whose locale is en', async () => {
    const john = await newUser(db.owner, fx.a.id, { name: 'John Smith' });
    await db.owner`update users set locale = 'en' where id = ${john.id}`;
    const dept = await newDepartment(db.owner, fx.a.id, { name: '総務課' });
    const eventId = await emitAs(api, fx.a, 'role.granted', { userId: john.id, role: 'manager', departmentName: dept.name });
    await delivered(eventId);

    expect(await notificationsOf(eventId)).toMatchObject([{ user_id: john.id, kind: 'role.granted', params: { role: 'manager', departmentName: '総務課' }, link: null }]);
    const mails = await mailsTo(john.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('You have a new role');
    expect(mails[0]!.text).toContain('Hello John Smith,');
    expect(mails[0]!.text).toContain('You are now manager (総務課).');
    expect(mails[0]!.text).toContain('Open in Yui: https://yui.test.example/app/');
  });

  it('notifies only active members of the tenant among a notice\'s recipients', async () => {
    const a1 = await newUser(db.owner, fx.a.id);
    const a2 = await newUser(db.owner, fx.a.id);
    const gone = await newUser(db.owner, fx.a.id, { active: false });
    const other = await newUser(db.owner, fx.b.id);
    const eventId = await emitAs(api, fx.a, 'notice.posted', {
      userIds: [a1.id, a2.id, a2.id, gone.id, other.id], title: '防災訓練のお知らせ', body: '10月1日に実施します。', link: '/notices/42',
    });
    await delivered(eventId);

    const rows = await notificationsOf(eventId);
    expect(rows.map((r) => r.user_id).sort()).toEqual([a1.id, a2.id].sort());
    for (const u of [a1, a2]) {
      const mails = await mailsTo(u.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe('防災訓練のお知らせ');
      expect(mails[0]!.text).toContain('10月1日に実施します。');
      expect(mails[0]!.text).toContain('https://yui.test.example/app/notices/42');
    }
    expect(await mailsTo(gone.email)).toHaveLength(0);
    expect(await mailsTo(other.email)).toHaveLength(0);
  });

  it('tells the approvers, in Japanese, that a pending 20% time request was withdrawn', async () => {
    const boss = await newUser(db.owner, fx.a.id, { name: '課長 花子' });
    const requestId = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
    const eventId = await emitAs(api, fx.a, 'time_request.withdrawn', {
      requestId, ref: { type: 'help_call', id: '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a' }, approverIds: [boss.id, boss.id], requesterName: '職員 一',
    });
    await delivered(eventId);

    expect(await notificationsOf(eventId)).toMatchObject([
      { user_id: boss.id, kind: 'time_request.withdrawn', params: { requesterName: '職員 一' }, link: '/time/inbox' },
    ]);
    const mails = await mailsTo(boss.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('申請が取り下げられました');
    expect(mails[0]!.text).toContain('課長 花子 様');
    expect(mails[0]!.text).toContain('職員 一さんが20%ルールの申請を取り下げました。');
    expect(mails[0]!.text).toContain('Yuiで開く: https://yui.test.example/app/time/inbox');
  });

  it('running the job again, even concurrently with the worker, creates no second notification or mail', async () => {
    const u = await newUser(db.owner, fx.a.id);
    const eventId = await emitAs(api, fx.a, 'staff.welcomed', { userId: u.id });
    const deliver = new DeliverOutboxEvent({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL });
    const job = { id: eventId, name: 'outbox.deliver', data: { tenantId: fx.a.id, eventId }, attemptsMade: 0 };

    // Two direct runs race the worker's own run of the relayed job.
    await Promise.all([deliver.process(job), deliver.process(job)]);
    await delivered(eventId);
    await waitFor('the queued job to finish', async () => (await inspect.getJob(eventId))?.isCompleted());

    // As if processed_at had never been stamped (a crash right before it): rows and mails stay single.
    await db.owner`update outbox_events set processed_at = null where id = ${eventId}`;
    await expect(deliver.process(job)).resolves.toEqual({ notified: 0, mailed: 0 });
    expect((await eventRow(eventId))!.processed_at).toBeInstanceOf(Date);

    expect(await notificationsOf(eventId)).toHaveLength(1);
    expect(await mailsTo(u.email)).toHaveLength(1);
  });

  it('an event whose row another transaction held when the relay looked is relayed once it is free, without waiting for the poll', async () => {
    const u = await newUser(db.owner, fx.a.id);
    // Hold every pending event row (as a delivery stamping it would) while the event's NOTIFY wakes the relay.
    const held = db.owner.begin(async (tx) => {
      const eventId = await withTenant(api, { tenantId: fx.a.id, regionId: fx.a.regionId }, (t) =>
        emitEvent(t, { tenantId: fx.a.id, type: 'staff.welcomed', payload: { userId: u.id } }));
      await tx`select id from outbox_events where id = ${eventId} for update`;
      await new Promise((r) => setTimeout(r, 1_000)); // the relay's round runs meanwhile and skips the row
      return eventId;
    });
    const eventId = await held;
    // The poll is ten minutes away in these tests: only the relay's own retry can deliver it now.
    await delivered(eventId);
    expect(await mailsTo(u.email)).toHaveLength(1);
  });

  it('never delivers an event whose transaction rolled back', async () => {
    const ghost = await newUser(db.owner, fx.a.id);
    await expect(
      withTenant(api, { tenantId: fx.a.id, regionId: fx.a.regionId }, async (tx) => {
        await emitEvent(tx, { tenantId: fx.a.id, type: 'staff.welcomed', payload: { userId: ghost.id } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.owner`select id from outbox_events where payload ->> 'userId' = ${ghost.id}`).toHaveLength(0);

    // An event committed afterwards goes all the way through: the pipeline ran, and the ghost got nothing.
    const real = await newUser(db.owner, fx.a.id);
    const eventId = await emitAs(api, fx.a, 'staff.welcomed', { userId: real.id });
    await app.relay.runOnce();
    await delivered(eventId);
    expect(await mailsTo(real.email)).toHaveLength(1);
    expect(await db.owner`select id from notifications where user_id = ${ghost.id}`).toHaveLength(0);
    expect(await mailsTo(ghost.email)).toHaveLength(0);
  });
});

describe('jobs that must not be retried', () => {
  it('fails a job with a bad payload once, for good', async () => {
    const job = await inspect.add('outbox.deliver', { tenantId: 'not-a-uuid', eventId: 42 }, { attempts: 5, backoff: { type: 'fixed', delay: 50 } });
    const failed = await failedJob(job.id!);
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/invalid payload for outbox\.deliver/);
  });

  it('fails a job naming no known tenant once, for good', async () => {
    const job = await inspect.add('outbox.deliver', { tenantId: '00000000-0000-4000-8000-000000000000', eventId: '00000000-0000-4000-8000-000000000001' }, { attempts: 5, backoff: { type: 'fixed', delay: 50 } });
    const failed = await failedJob(job.id!);
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/unknown tenant/);
  });

  it('fails a job whose name has no processor once, for good', async () => {
    const job = await inspect.add('no.such.job', { tenantId: fx.a.id }, { attempts: 5, backoff: { type: 'fixed', delay: 50 } });
    const failed = await failedJob(job.id!);
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/no processor for job "no\.such\.job"/);
  });
});

describe('start-up', () => {
  it('refuses to start a worker when a job in the contracts has no processor', async () => {
    await expect(startJobWorker(queueTarget(app.config), {}, { log: testLog, concurrency: 1 }))
      .rejects.toThrow(/no processor for job\(s\) outbox\.deliver, time\.reminders, community\.digest, community\.event_reminders, community\.files_cleanup, help\.deadlines, mentoring\.keepalive, attractions\.photo, attractions\.publish, attractions\.deliver, attractions\.sweep; refusing to start/);
    // One processor short is as bad as none: a job added later would sit in the queue forever.
    const deliverOnly = { 'outbox.deliver': new DeliverOutboxEvent({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL }) };
    await expect(startJobWorker(queueTarget(app.config), deliverOnly, { log: testLog, concurrency: 1 }))
      .rejects.toThrow(/no processor for job\(s\) time\.reminders, community\.digest, community\.event_reminders, community\.files_cleanup, help\.deadlines, mentoring\.keepalive, attractions\.photo, attractions\.publish, attractions\.deliver, attractions\.sweep; refusing to start/);
  });

  it('has a processor for every job in the contracts', () => {
    const processors = createProcessors({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL });
    expect(Object.keys(processors).sort()).toEqual([...jobNames].sort());
    for (const name of jobNames) expect(processors[name].process).toBeTypeOf('function');
  });
});
