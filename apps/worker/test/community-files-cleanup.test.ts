import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { newMunicipality, newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { LocalStorage } from '@yui/storage';
import type { WorkerApp } from '../src/app';
import type { ProcessorDeps } from '../src/processors/base';
import {
  CleanUpCommunityFiles, FILES_CLEANUP_BATCH, type CommunityFilesCleanupResult,
} from '../src/processors/communities/files-cleanup';
import { removeDir, startWorkerTest, tempDir, testLog, waitFor, type WorkerTest } from './helpers';

/**
 * community.files_cleanup against a real database (as yui_app, in the town's context without a
 * person) and real files in a temporary folder: old orphans of the town go from disk and table;
 * fresh ones, attached ones and other towns' stay; a second run finds nothing.
 */

let w: WorkerTest;
let db: TestDatabase;
let app: WorkerApp;
let dir: string;
let storage: LocalStorage;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
type Person = Awaited<ReturnType<typeof newUser>>;
let staffA: Person;
let staffA2: Person;
let staffB: Person;
let openCommunity: string;
let inviteCommunity: string;

beforeAll(async () => {
  dir = await tempDir('files');
  storage = new LocalStorage(path.join(dir, 'files'));
  w = await startWorkerTest({ startScheduler: false, storage });
  ({ db, app } = w);
  fx = await newTenancyFixture(db.owner);
  staffA = await newUser(db.owner, fx.a.id, { name: '郡山 一郎' });
  staffA2 = await newUser(db.owner, fx.a.id, { name: '郡山 二郎' });
  staffB = await newUser(db.owner, fx.b.id, { name: '三春 花子' });
  openCommunity = await insertCommunity('open', staffA, [staffA, staffB]);
  // Invite-only, created by town B's person: town A sees it (without a person) only because its staff is a member.
  inviteCommunity = await insertCommunity('invite', staffB, [staffA, staffB]);
});

afterAll(async () => {
  await w?.close();
  if (dir) await removeDir(dir);
});

async function insertCommunity(visibility: 'open' | 'invite', createdBy: Person, members: Person[]): Promise<string> {
  const [row] = await db.owner<{ id: string }[]>`
    insert into communities (region_id, name, category, visibility, created_by, created_by_municipality_id)
    values (${fx.region.id}, ${`添付テスト${randomUUID().slice(0, 6)}`}, 'learning', ${visibility}, ${createdBy.id}, ${createdBy.municipalityId})
    returning id`;
  for (const u of members) {
    await db.owner`insert into community_members (region_id, community_id, user_id, municipality_id, status, notify, joined_at)
                   values (${fx.region.id}, ${row!.id}, ${u.id}, ${u.municipalityId}, 'active', 'all', now())`;
  }
  return row!.id;
}

async function insertPost(communityId: string, author: Person): Promise<string> {
  const [row] = await db.owner<{ id: string }[]>`
    insert into community_posts (region_id, community_id, author_id, author_municipality_id, title, body, body_html, excerpt)
    values (${fx.region.id}, ${communityId}, ${author.id}, ${author.municipalityId}, '資料です', '本文', '<p>本文</p>', '本文')
    returning id`;
  return row!.id;
}

async function insertEvent(communityId: string, by: Person): Promise<string> {
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const [row] = await db.owner<{ id: string }[]>`
    insert into community_events (region_id, community_id, title, starts_at, ends_at, place, created_by, created_by_municipality_id)
    values (${fx.region.id}, ${communityId}, '勉強会', ${startsAt}, ${new Date(startsAt.getTime() + 3_600_000)}, '会議室', ${by.id}, ${by.municipalityId})
    returning id`;
  return row!.id;
}

interface TestFile { id: string; key: string; file: string }

/** An upload `hoursAgo` old, its bytes on disk unless `stored` is false, as the API writes it. */
async function upload(
  communityId: string, by: Person, o: { hoursAgo: number; postId?: string; eventId?: string; stored?: boolean },
): Promise<TestFile> {
  const id = randomUUID();
  const key = `${fx.region.id}/2025/04/${id}`;
  if (o.stored ?? true) await storage.put(key, Buffer.from(`bytes of ${id}`), { contentType: 'text/plain; charset=utf-8' });
  await db.owner`
    insert into community_files (id, region_id, community_id, post_id, event_id, uploaded_by, uploader_municipality_id,
                                 filename, content_type, size_bytes, storage_key, created_at)
    values (${id}, ${fx.region.id}, ${communityId}, ${o.postId ?? null}, ${o.eventId ?? null}, ${by.id}, ${by.municipalityId},
            '資料.txt', 'text/plain; charset=utf-8', 20, ${key}, now() - make_interval(hours => ${o.hoursAgo}))`;
  return { id, key, file: path.join(storage.dir, ...key.split('/')) };
}

const rowExists = async (f: TestFile) => (await db.owner`select 1 from community_files where id = ${f.id}`).length === 1;
/** On disk and in the table. */
const kept = async (f: TestFile) => existsSync(f.file) && (await rowExists(f));
const gone = async (f: TestFile) => !existsSync(f.file) && !(await rowExists(f));

const deps = (now?: () => Date): ProcessorDeps => ({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL, now });
const cleanUp = (tenantId: string, now?: () => Date) =>
  new CleanUpCommunityFiles(deps(now)).process({ id: `test-${randomUUID()}`, name: 'community.files_cleanup', data: { tenantId }, attemptsMade: 0 }) as Promise<CommunityFilesCleanupResult>;

describe('community.files_cleanup', () => {
  it('uses the storage the worker was given', () => {
    expect(app.storage).toBe(storage);
  });

  it("removes the town's orphans older than a day, from disk and table; leaves the rest; a second run finds nothing", async () => {
    const postId = await insertPost(openCommunity, staffA);
    const eventId = await insertEvent(openCommunity, staffA);
    const oldOrphan = await upload(openCommunity, staffA, { hoursAgo: 25 });
    const oldOrphanOfColleague = await upload(openCommunity, staffA2, { hoursAgo: 24 * 40 });
    const oldOrphanInvite = await upload(inviteCommunity, staffA, { hoursAgo: 30 });
    const bytesAlreadyGone = await upload(openCommunity, staffA, { hoursAgo: 48, stored: false });
    const fresh = await upload(openCommunity, staffA, { hoursAgo: 2 });
    const onPost = await upload(openCommunity, staffA, { hoursAgo: 72, postId });
    const onEvent = await upload(openCommunity, staffA, { hoursAgo: 72, eventId });
    const otherTown = await upload(openCommunity, staffB, { hoursAgo: 72 });
    const otherTownInvite = await upload(inviteCommunity, staffB, { hoursAgo: 72 });

    expect(await cleanUp(fx.a.id)).toEqual({ found: 4, deleted: 4, skipped: 0, failed: 0, more: false });
    for (const f of [oldOrphan, oldOrphanOfColleague, oldOrphanInvite, bytesAlreadyGone]) expect(await gone(f)).toBe(true);
    for (const f of [fresh, onPost, onEvent, otherTown, otherTownInvite]) expect(await kept(f)).toBe(true);

    // Again: nothing left to do, nothing else touched.
    expect(await cleanUp(fx.a.id)).toEqual({ found: 0, deleted: 0, skipped: 0, failed: 0, more: false });
    for (const f of [fresh, onPost, onEvent, otherTown, otherTownInvite]) expect(await kept(f)).toBe(true);

    // Town B's own run, through the queue and its registered processor, removes B's orphans only.
    await app.queue.add('community.files_cleanup', { tenantId: fx.b.id });
    await waitFor("town B's orphans removed", async () => (await gone(otherTown)) && (await gone(otherTownInvite)));
    for (const f of [fresh, onPost, onEvent]) expect(await kept(f)).toBe(true);

    // A day later (the job's clock), the fresh upload is old enough too.
    expect(await cleanUp(fx.a.id, () => new Date(Date.now() + 23 * 3_600_000))).toMatchObject({ found: 1, deleted: 1 });
    expect(await gone(fresh)).toBe(true);
    expect(await kept(onPost)).toBe(true);
  });

  it('removes an attachment its event let go of, once it is old', async () => {
    const eventId = await insertEvent(openCommunity, staffA);
    const file = await upload(openCommunity, staffA, { hoursAgo: 48, eventId });
    expect(await cleanUp(fx.a.id)).toMatchObject({ found: 0 });
    await db.owner`update community_files set event_id = null where id = ${file.id}`;
    expect(await cleanUp(fx.a.id)).toMatchObject({ found: 1, deleted: 1 });
    expect(await gone(file)).toBe(true);
  });

  it(`takes at most ${FILES_CLEANUP_BATCH} per run, the oldest first; the next run takes the rest`, async () => {
    const town = await newMunicipality(db.owner, fx.region.id, { name: '大玉村' });
    const person = await newUser(db.owner, town.id);
    const community = await insertCommunity('open', person, [person]);
    const newest = await upload(community, person, { hoursAgo: 25 });
    // Rows only: their bytes were never stored, which the cleanup takes in its stride.
    await db.owner`
      insert into community_files (region_id, community_id, uploaded_by, uploader_municipality_id, filename, content_type, size_bytes, storage_key, created_at)
      select ${fx.region.id}, ${community}, ${person.id}, ${town.id}, 'a.txt', 'text/plain', 1, ${`${fx.region.id}/2025/03/`} || gen_random_uuid(),
             now() - interval '3 days' - make_interval(mins => i)
      from generate_series(1, ${FILES_CLEANUP_BATCH}) as i`;
    expect(await cleanUp(town.id)).toEqual({ found: FILES_CLEANUP_BATCH, deleted: FILES_CLEANUP_BATCH, skipped: 0, failed: 0, more: true });
    expect(await kept(newest)).toBe(true);
    expect(await cleanUp(town.id)).toEqual({ found: 1, deleted: 1, skipped: 0, failed: 0, more: false });
    expect(await gone(newest)).toBe(true);
  });
});
