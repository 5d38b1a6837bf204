import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInJapan } from '@yui/domain';
import { createTestDatabase, newMunicipality, newRegion, newUser, type TestDatabase } from '@yui/db/testing';
import { startWorkerApp, type WorkerApp } from '../src/app';
import {
  COMMUNITY_DIGEST_CRON, COMMUNITY_EVENT_REMINDERS_CRON, COMMUNITY_FILES_CLEANUP_CRON, communityDigestSchedulerId, communityEventRemindersSchedulerId,
  communityFilesCleanupSchedulerId, createCommunityScheduler,
} from '../src/schedulers/community';
import { dropRedisPrefix, readMailbox, removeDir, tempDir, testConfig, testLog, waitFor } from './helpers';

/**
 * The community jobs' schedule end to end, on both queue backends: worker start registers
 * `community.digest:<town>` (07:30), `community.event_reminders:<town>` (12:00) and
 * `community.files_cleanup:<town>` (03:00) for every
 * municipality, a second worker changes nothing, and ticks of the schedule run the jobs — once per
 * person and day however often they fire. Its own database: a schedule firing every second runs
 * the jobs for every town in it.
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
  for (const name of ['本宮市', '大玉村']) await newMunicipality(db.owner, regionId, { name });
});

afterAll(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const p of redisPrefixes) await dropRedisPrefix(process.env.REDIS_URL, p);
  await db?.drop();
  if (mailbox) await removeDir(mailbox);
});

const pgConfig = () => testConfig(db, { REDIS_URL: undefined, QUEUE_DATABASE_URL: db.appUrl, YUI_MAILBOX_DIR: mailbox });
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
const expectedIds = async () => (await municipalityIds()).flatMap((id) => [communityDigestSchedulerId(id), communityEventRemindersSchedulerId(id), communityFilesCleanupSchedulerId(id)]).sort();
/** Hours and minutes in Japan of an epoch-ms instant. */
const jstTime = (ms: number) => {
  const d = new Date(ms + 9 * 3_600_000);
  return [d.getUTCHours(), d.getUTCMinutes()];
};

/** A town whose staff member has a post waiting for the digest and an event tomorrow. */
async function townWithDigestAndEvent() {
  const m = await newMunicipality(db.owner, regionId, { name: '三春町' });
  const person = await newUser(db.owner, m.id, { name: '三春 花子' });
  const author = await newUser(db.owner, m.id, { name: '投稿 者' });
  const [c] = await db.owner<{ id: string }[]>`
    insert into communities (region_id, name, category, created_by, created_by_municipality_id)
    values (${regionId}, ${`勉強会${m.id.slice(0, 8)}`}, 'learning', ${author.id}, ${m.id}) returning id`;
  for (const u of [person, author]) {
    await db.owner`insert into community_members (region_id, community_id, user_id, municipality_id, notify, joined_at)
                   values (${regionId}, ${c!.id}, ${u.id}, ${m.id}, ${u === person ? 'digest' : 'mute'}, now())`;
  }
  await db.owner`insert into community_posts (region_id, community_id, author_id, author_municipality_id, title, body, body_html, excerpt)
                 values (${regionId}, ${c!.id}, ${author.id}, ${m.id}, 'はじめまして', '本文', '<p>本文</p>', '本文')`;
  const startsAt = new Date(`${addDays(todayInJapan(), 1)}T10:00:00+09:00`);
  const [e] = await db.owner<{ id: string }[]>`
    insert into community_events (region_id, community_id, title, starts_at, ends_at, place, created_by, created_by_municipality_id)
    values (${regionId}, ${c!.id}, '明日の勉強会', ${startsAt}, ${new Date(startsAt.getTime() + 3_600_000)}, '会議室', ${author.id}, ${m.id}) returning id`;
  await db.owner`insert into community_event_registrations (region_id, community_id, event_id, user_id, municipality_id, status)
                 values (${regionId}, ${c!.id}, ${e!.id}, ${person.id}, ${m.id}, 'registered')`;
  return { m, person, eventId: e!.id };
}
const reminders = (eventId: string) =>
  db.owner<{ id: string }[]>`select id from outbox_events where type = 'community.event_reminder' and payload->>'eventId' = ${eventId}`;
const digestsTo = async (email: string) =>
  (await readMailbox(mailbox)).filter((m) => m.to.includes(email) && m.headers['x-yui-notification']?.startsWith('community-digest:'));

/** Every second, for both jobs: ticks run them; each sends once however often it fires. */
async function fireEverySecond(app: WorkerApp, town: Awaited<ReturnType<typeof townWithDigestAndEvent>>, completedRuns: () => Promise<number>) {
  const fast = createCommunityScheduler({ sql: app.sql, queue: app.queue, log: testLog, digestPattern: '* * * * * *', eventRemindersPattern: '* * * * * *' });
  const n = (await municipalityIds()).length;
  // The files cleanup keeps its own pattern: unchanged.
  expect(await fast.syncOnce()).toEqual({ upserted: 2 * n, unchanged: n, removed: 0 });
  await waitFor('reminder emitted', async () => (await reminders(town.eventId)).length > 0);
  await waitFor('digest mailed', async () => (await digestsTo(town.person.email)).length > 0);
  const before = await completedRuns();
  await waitFor('three more runs', async () => (await completedRuns()) >= before + 3);
  expect(await reminders(town.eventId)).toHaveLength(1);
  expect(await digestsTo(town.person.email)).toHaveLength(1);
  await fast.stop();
}

describe("community schedules on BullMQ's PostgreSQL backend", () => {
  it('registers the three schedulers per municipality at worker start; a second worker changes nothing', async () => {
    const first = await start(pgConfig());
    expect(first.queue.kind).toBe('postgres');
    const rows = () => db.owner<{ scheduler_id: string; pattern: string; tz: string; next_run_ms: string; template_data: unknown }[]>`
      select scheduler_id, pattern, tz, next_run_ms::text, template_data from bullmq.scheduler
      where scheduler_id like 'community.%' order by scheduler_id`;
    const registered = await rows();
    expect(registered.map((r) => r.scheduler_id)).toEqual(await expectedIds());
    for (const r of registered) {
      const [name, tenantId] = r.scheduler_id.split(':');
      expect(r).toMatchObject({ tz: 'Asia/Tokyo', template_data: { tenantId } });
      if (name === 'community.digest') {
        expect(r.pattern).toBe(COMMUNITY_DIGEST_CRON);
        expect(jstTime(Number(r.next_run_ms))).toEqual([7, 30]);
      } else if (name === 'community.event_reminders') {
        expect(r.pattern).toBe(COMMUNITY_EVENT_REMINDERS_CRON);
        expect(jstTime(Number(r.next_run_ms))).toEqual([12, 0]);
      } else {
        expect(name).toBe('community.files_cleanup');
        expect(r.pattern).toBe(COMMUNITY_FILES_CLEANUP_CRON);
        expect(jstTime(Number(r.next_run_ms))).toEqual([3, 0]);
      }
      expect(Number(r.next_run_ms) - Date.now()).toBeLessThanOrEqual(86_400_000);
    }

    const second = await start(pgConfig());
    expect(await second.communityScheduler.syncOnce()).toEqual({ upserted: 0, unchanged: registered.length, removed: 0 });
    expect(await rows()).toEqual(registered);
    await stop(second);
    await stop(first);
  });

  it('ticks run the digest and the reminders: once each however often they fire', async () => {
    const town = await townWithDigestAndEvent();
    const app = await start(pgConfig());
    await fireEverySecond(app, town, async () =>
      (await db.owner<{ n: number }[]>`select count(*)::int as n from bullmq.job
        where name = 'community.digest' and state = 'completed' and data->>'tenantId' = ${town.m.id}`)[0]!.n);
    await stop(app);
  });
});

describe('community schedules on Redis', () => {
  it('registers at worker start, and ticks run the jobs once', async () => {
    const town = await townWithDigestAndEvent();
    const config = testConfig(db, { YUI_MAILBOX_DIR: mailbox });
    redisPrefixes.push(config.YUI_QUEUE_PREFIX);
    const app = await start(config);
    expect(app.queue.kind).toBe('redis');
    const ours = (await app.queue.listSchedulers()).filter((s) => s.key.startsWith('community.'));
    expect(ours.map((s) => s.key).sort()).toEqual(await expectedIds());
    expect(await app.queue.getScheduler(communityDigestSchedulerId(town.m.id)))
      .toMatchObject({ name: 'community.digest', pattern: COMMUNITY_DIGEST_CRON, tz: 'Asia/Tokyo', template: { data: { tenantId: town.m.id } } });
    expect(await app.queue.getScheduler(communityEventRemindersSchedulerId(town.m.id)))
      .toMatchObject({ name: 'community.event_reminders', pattern: COMMUNITY_EVENT_REMINDERS_CRON, tz: 'Asia/Tokyo', template: { data: { tenantId: town.m.id } } });
    expect(await app.queue.getScheduler(communityFilesCleanupSchedulerId(town.m.id)))
      .toMatchObject({ name: 'community.files_cleanup', pattern: COMMUNITY_FILES_CLEANUP_CRON, tz: 'Asia/Tokyo', template: { data: { tenantId: town.m.id } } });
    expect(await app.communityScheduler.syncOnce()).toMatchObject({ upserted: 0, removed: 0 });

    // A town that is gone loses its schedulers on the next sync.
    await app.queue.upsertScheduler(communityDigestSchedulerId('00000000-0000-4000-8000-000000000000'), { pattern: COMMUNITY_DIGEST_CRON, tz: 'Asia/Tokyo' },
      { name: 'community.digest', data: { tenantId: '00000000-0000-4000-8000-000000000000' } });
    expect(await app.communityScheduler.syncOnce()).toMatchObject({ upserted: 0, removed: 1 });

    await fireEverySecond(app, town, async () => (await app.queue.getScheduler(communityDigestSchedulerId(town.m.id)))?.iterationCount ?? 0);
    await stop(app);
  });
});
