import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInJapan, workingDaysSince } from '@yui/domain';
import { createTestDatabase, newDepartment, newMunicipality, newRegion, newUser, type TestDatabase } from '@yui/db/testing';
import { startWorkerApp, type WorkerApp } from '../src/app';
import { timeRemindersSchedulerId } from '../src/schedulers/time-reminders';
import { dropRedisPrefix, removeDir, tempDir, testConfig, testLog, waitFor } from './helpers';

/**
 * The schedule end to end, on both queue backends: worker start registers one job scheduler per
 * municipality, a second worker changes nothing, and a tick of the schedule runs the reminders.
 * Its own database: a schedule firing every second runs the job for every town in it.
 */

let db: TestDatabase;
let mailbox: string;
let regionId: string;
const apps: WorkerApp[] = [];
const redisPrefixes: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  mailbox = await tempDir('mail');
  regionId = (await newRegion(db.owner)).id;
  for (const name of ['本宮市', '大玉村', '三春町']) await newMunicipality(db.owner, regionId, { name });
});

afterAll(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const p of redisPrefixes) await dropRedisPrefix(process.env.REDIS_URL, p);
  await db?.drop();
  if (mailbox) await removeDir(mailbox);
});

const pgConfig = (over: Record<string, string | undefined> = {}) =>
  testConfig(db, { REDIS_URL: undefined, QUEUE_DATABASE_URL: db.appUrl, YUI_MAILBOX_DIR: mailbox, ...over });
async function start(config: ReturnType<typeof testConfig>): Promise<WorkerApp> {
  const app = await startWorkerApp(config, { log: testLog });
  apps.push(app);
  return app;
}
async function stop(app: WorkerApp) {
  apps.splice(apps.indexOf(app), 1);
  await app.close();
}

const municipalityIds = async () => (await db.owner<{ id: string }[]>`select id from municipalities order by id`).map((r) => r.id);

/** A town with a 課長 and a request pending three working days. */
async function townWithPendingRequest() {
  const m = await newMunicipality(db.owner, regionId, { name: '田村市' });
  const ka = await newDepartment(db.owner, m.id, { name: '企画課' });
  const manager = await newUser(db.owner, m.id, { departmentId: ka.id, roles: [{ role: 'manager', departmentId: ka.id }] });
  const staff = await newUser(db.owner, m.id, { departmentId: ka.id, name: '職員 太郎' });
  const today = todayInJapan();
  let submitted = addDays(today, -1);
  while (workingDaysSince(submitted, today) < 3) submitted = addDays(submitted, -1);
  const [r] = await db.owner<{ id: string }[]>`
    insert into time_requests (municipality_id, requester_id, department_id, activity_kind, purpose, status, first_date, last_date, planned_minutes, submitted_at)
    values (${m.id}, ${staff.id}, ${ka.id}, 'community', '勉強会', 'submitted', ${addDays(today, 7)}, ${addDays(today, 7)}, 120, ${new Date(`${submitted}T10:00:00+09:00`)})
    returning id`;
  return { m, manager, requestId: r!.id };
}
const reminders = (requestId: string) =>
  db.owner<{ id: string; payload: { approverIds: string[] } }[]>`
    select id, payload from outbox_events where type = 'time_request.pending_reminder' and payload->>'requestId' = ${requestId}`;

describe('time.reminders schedule on BullMQ\'s PostgreSQL backend', () => {
  it('registers one scheduler per municipality at worker start; a second worker changes nothing', async () => {
    const ids = await municipalityIds();
    const first = await start(pgConfig());
    expect(first.queue.kind).toBe('postgres');
    const rows = () => db.owner<{ scheduler_id: string; pattern: string; tz: string; next_run_ms: string; template_data: unknown }[]>`
      select scheduler_id, pattern, tz, next_run_ms::text, template_data from bullmq.scheduler where scheduler_id like 'time.reminders:%' order by scheduler_id`;
    const registered = await rows();
    expect(registered.map((r) => r.scheduler_id)).toEqual(ids.map(timeRemindersSchedulerId).sort());
    for (const r of registered) {
      expect(r).toMatchObject({ pattern: '0 9 * * 1-5', tz: 'Asia/Tokyo', template_data: { tenantId: r.scheduler_id.split(':')[1] } });
      const jst = new Date(Number(r.next_run_ms) + 9 * 3_600_000);
      expect([jst.getUTCHours(), jst.getUTCMinutes(), jst.getUTCSeconds()]).toEqual([9, 0, 0]);
      expect([0, 6]).not.toContain(jst.getUTCDay());
    }
    const pendingJobs = () => db.owner<{ id: string }[]>`
      select id from bullmq.job where name = 'time.reminders' and state in ('delayed', 'waiting') order by id`;
    const jobsBefore = await pendingJobs();
    expect(jobsBefore).toHaveLength(ids.length);

    // A second worker process on the same queue: its start-up sync finds everything in place.
    const second = await start(pgConfig());
    expect(await second.reminderScheduler.syncOnce()).toEqual({ upserted: 0, unchanged: ids.length, removed: 0 });
    expect(await rows()).toEqual(registered);
    expect(await pendingJobs()).toEqual(jobsBefore);
    await stop(second);
    await stop(first);
  });

  it('a tick of the schedule runs the reminders: one reminder however often it fires', async () => {
    const { m, manager, requestId } = await townWithPendingRequest();
    // Every second: the worker's start-up sync rewrites every scheduler to the new pattern.
    const app = await start(pgConfig({ YUI_REMINDER_CRON: '* * * * * *' }));
    expect(await db.owner`select distinct pattern from bullmq.scheduler where scheduler_id like 'time.reminders:%'`).toEqual([{ pattern: '* * * * * *' }]);
    await waitFor('reminder emitted', async () => (await reminders(requestId)).length > 0);
    const [event] = await reminders(requestId);
    expect(event!.payload.approverIds).toEqual([manager.id]);
    // Let it fire a few more times: the request was stamped, so nothing more goes out.
    await waitFor('three completed runs', async () =>
      (await db.owner<{ n: number }[]>`select count(*)::int as n from bullmq.job
        where name = 'time.reminders' and state = 'completed' and data->>'tenantId' = ${m.id}`)[0]!.n >= 3);
    expect(await reminders(requestId)).toHaveLength(1);
    await waitFor('reminder delivered', async () =>
      (await db.owner`select processed_at from outbox_events where id = ${event!.id}`)[0]?.processed_at);
    expect(await db.owner`select user_id from notifications where event_id = ${event!.id}`).toEqual([{ user_id: manager.id }]);
    await stop(app);
  });
});

describe('time.reminders schedule on Redis', () => {
  it('registers at worker start and a tick runs the reminders', async () => {
    const { m, manager, requestId } = await townWithPendingRequest();
    const config = testConfig(db, { YUI_MAILBOX_DIR: mailbox, YUI_REMINDER_CRON: '* * * * * *' });
    redisPrefixes.push(config.YUI_QUEUE_PREFIX);
    const app = await start(config);
    expect(app.queue.kind).toBe('redis');
    const ours = (await app.queue.listSchedulers()).filter((s) => s.key.startsWith('time.reminders:'));
    expect(ours.map((s) => s.key).sort()).toEqual((await municipalityIds()).map(timeRemindersSchedulerId).sort());
    expect(await app.queue.getScheduler(timeRemindersSchedulerId(m.id))).toMatchObject({ pattern: '* * * * * *', tz: 'Asia/Tokyo', template: { data: { tenantId: m.id } } });

    await waitFor('reminder emitted', async () => (await reminders(requestId)).length > 0);
    // Let it fire a few more times: the request was stamped, so nothing more goes out.
    await waitFor('three runs', async () => ((await app.queue.getScheduler(timeRemindersSchedulerId(m.id)))?.iterationCount ?? 0) >= 4);
    const events = await reminders(requestId);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload.approverIds).toEqual([manager.id]);
    expect(await app.reminderScheduler.syncOnce()).toMatchObject({ upserted: 0, removed: 0 });
    await stop(app);
  });
});
