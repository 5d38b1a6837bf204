import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@yui/db/testing';
import { todayInJapan } from '@yui/domain';
import { LocalStorage } from '@yui/storage';
import { seedDemo } from '../src/seed';

// 地域の魅力 as `npm start` seeds it: every status for the screens and the browser tests (manager.miharu
// has a post to review), the publication log and view counts behind the public page and the figures,
// and the pictures stored where the worker will find them — with the rows and events an upload leaves.

let db: TestDatabase;
let dir: string;
let files: LocalStorage;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'yui-seed-attractions-'));
  files = new LocalStorage(dir);
  await seedDemo(db.ownerUrl, { files });
});
afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const today = todayInJapan();

describe('demo 地域の魅力', () => {
  it('makes manager.<town> the 審査担当 of every town', async () => {
    const rows = await db.owner<{ handle: string; same: boolean }[]>`
      select split_part(u.email, '@', 1) as handle, g.municipality_id = u.municipality_id as same
      from role_grants g join users u on u.id = g.user_id where g.role = 'attraction_reviewer' order by 1`;
    expect(rows.map((r) => r.handle)).toEqual(
      ['manager.inawashiro', 'manager.koriyama', 'manager.miharu', 'manager.motomiya', 'manager.sukagawa', 'manager.tamura'],
    );
    expect(rows.every((r) => r.same)).toBe(true);
  });

  it('has posts of all six towns in every status and every category', async () => {
    const posts = await db.owner<{ status: string; category: string; slug: string }[]>`
      select p.status, p.category, m.slug from attraction_posts p join municipalities m on m.id = p.municipality_id`;
    expect(new Set(posts.map((p) => p.status))).toEqual(new Set(['draft', 'in_review', 'returned', 'rejected', 'approved', 'scheduled', 'published', 'unpublished']));
    expect(new Set(posts.map((p) => p.category))).toEqual(new Set(['spot', 'event', 'food', 'experience', 'product', 'other']));
    expect(new Set(posts.map((p) => p.slug)).size).toBe(6);
    expect(posts.filter((p) => p.status === 'published').length).toBeGreaterThanOrEqual(5);
    expect(posts.filter((p) => p.status === 'approved').length).toBeGreaterThanOrEqual(2);
  });

  it("puts a 三春町 post in manager.miharu's 審査待ち (not his own), a returned one with its comment, and staff.miharu's draft", async () => {
    const rows = await db.owner<{ status: string; author: string; slug: string; comment: string | null; history: string[] }[]>`
      select p.status, split_part(u.email, '@', 1) as author, m.slug, p.review_comment as comment,
             array(select r.action from attraction_reviews r where r.post_id = p.id order by r.created_at) as history
      from attraction_posts p join users u on u.id = p.author_id join municipalities m on m.id = p.municipality_id`;
    const inReview = rows.filter((r) => r.status === 'in_review' && r.slug === 'miharu');
    expect(inReview.length).toBeGreaterThan(0);
    expect(inReview.every((r) => r.author !== 'manager.miharu' && r.history.join() === 'submitted')).toBe(true);
    const returned = rows.find((r) => r.status === 'returned')!;
    expect(returned.comment).toBeTruthy();
    expect(returned.history).toEqual(['submitted', 'returned']);
    expect(rows.find((r) => r.status === 'draft')).toMatchObject({ author: 'staff.miharu', history: [] });
  });

  it('schedules one post for tomorrow 10:00 in Japan, with the event the relay turns into the publishing job', async () => {
    const [p] = await db.owner<{ id: string; publish_at: Date; seq: number; by: string }[]>`
      select p.id, p.publish_at, p.schedule_seq as seq, split_part(u.email, '@', 1) as by
      from attraction_posts p join users u on u.id = p.scheduled_by where p.status = 'scheduled'`;
    const tomorrow = new Date(Date.parse(`${today}T10:00:00+09:00`) + 86_400_000);
    expect(p!.publish_at.toISOString()).toBe(tomorrow.toISOString());
    expect(p).toMatchObject({ seq: 1, by: 'coordinator' });
    const events = await db.owner`select payload from outbox_events where type = 'attraction.scheduled' and payload->>'postId' = ${p!.id}`;
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ seq: 1, publishAt: expect.stringMatching(/T10:00:00\+09:00$/) });
  });

  it('logs the publishing of every published post (the region page, delivered) and counts views in the past', async () => {
    const missing = await db.owner`
      select p.id from attraction_posts p where p.status in ('published', 'unpublished')
        and not exists (select 1 from attraction_publications x where x.post_id = p.id and x.channel_id is null
                        and x.action = 'publish' and x.status = 'delivered' and x.delivered_at = p.published_at)`;
    expect(missing).toEqual([]);
    const [unpub] = await db.owner<{ actions: string[] }[]>`
      select array(select x.action from attraction_publications x where x.post_id = p.id order by x.schedule_seq) as actions
      from attraction_posts p where p.status = 'unpublished'`;
    expect(unpub!.actions).toEqual(['publish', 'unpublish']);
    const [v] = await db.owner<{ posts: number; days: number; future: number; stray: number }[]>`
      select count(distinct v.post_id)::int as posts, count(distinct v.day)::int as days,
             count(*) filter (where v.day >= ${today}::date)::int as future,
             count(*) filter (where p.status <> 'published' or v.day < (p.published_at at time zone 'Asia/Tokyo')::date)::int as stray
      from attraction_views v join attraction_posts p on p.id = v.post_id`;
    expect(v!.posts).toBeGreaterThanOrEqual(5);
    expect(v!.days).toBeGreaterThan(20);
    expect(v!.future).toBe(0);
    expect(v!.stray).toBe(0);
  });

  it('stores a picture for the photo rows and leaves them to the worker, with one upload event each', async () => {
    const photos = await db.owner<{ id: string; original_key: string; byte_size: number; status: string; post_id: string; rights: boolean }[]>`
      select id, original_key, byte_size, status, post_id, (photographer <> '' and people <> 'not_asked' and may_publish) as rights from attraction_photos`;
    expect(photos.length).toBeGreaterThan(10);
    const [region] = await db.owner<{ id: string }[]>`select id from regions where slug = 'koriyama'`;
    for (const ph of photos) {
      expect(ph.original_key).toBe(`attractions/${region!.id}/${ph.id}/original`);
      expect(ph.status).toBe('processing');
      const stored = await files.get(ph.original_key);
      expect(stored?.size, ph.original_key).toBe(ph.byte_size);
    }
    const first = await files.get(photos[0]!.original_key);
    const head = Buffer.isBuffer(first!.body) ? first!.body : await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      (first!.body as NodeJS.ReadableStream).on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    });
    expect(head.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Only the draft's photo still misses its 権利確認.
    const pending = await db.owner<{ status: string }[]>`
      select p.status from attraction_photos ph join attraction_posts p on p.id = ph.post_id
      where not (ph.photographer <> '' and ph.people <> 'not_asked' and ph.may_publish)`;
    expect(pending.map((p) => p.status)).toEqual(['draft']);
    const events = await db.owner<{ photo: string; seq: number; town: boolean }[]>`
      select e.payload->>'photoId' as photo, (e.payload->>'seq')::int as seq, e.municipality_id = ph.municipality_id as town
      from outbox_events e join attraction_photos ph on ph.id = (e.payload->>'photoId')::uuid where e.type = 'attraction.photo_uploaded'`;
    expect(events.map((e) => e.photo).sort()).toEqual(photos.map((p) => p.id).sort());
    expect(events.every((e) => e.seq === 1 && e.town)).toBe(true);
  });

  it('has the published spring collection with the two sakura posts, a draft one, and two relays switched off', async () => {
    const cols = await db.owner<{ title: string; status: string; posts: string[] }[]>`
      select c.title, c.status, array(select p.title from attraction_collection_items i join attraction_posts p on p.id = i.post_id
                                      where i.collection_id = c.id order by i.position) as posts
      from attraction_collections c order by c.status desc`;
    expect(cols[0]).toEqual({ title: '春の桜めぐり — 三春町・郡山市', status: 'published', posts: ['三春滝桜', '開成山公園の桜'] });
    expect(cols.some((c) => c.status === 'draft')).toBe(true);
    const channels = await db.owner<{ name: string; kind: string; active: boolean; url: string }[]>`select name, kind, active, url from attraction_channels order by kind desc`;
    expect(channels.map((c) => [c.name, c.kind, c.active])).toEqual([['X（広域圏公式）', 'x', false], ['Instagram（広域圏公式）', 'instagram', false]]);
    expect(channels.every((c) => c.url.startsWith('https://relay.example.invalid/'))).toBe(true);
  });

  it('keeps the rules the API keeps: pooled posts were approved, reviewers never review their own post, events are ordered', async () => {
    const bad = await db.owner`
      select p.id from attraction_posts p
      where (p.status in ('approved', 'scheduled', 'published', 'unpublished') and (p.approved_at is null or p.reviewed_by is null))
         or p.reviewed_by = p.author_id
         or (p.category = 'event' and p.event_starts_on is null)
         or (p.status = 'published' and p.published_at > now())`;
    expect(bad).toEqual([]);
  });

  it('adds nothing when run again', async () => {
    const count = async () => (await db.owner<{ n: number }[]>`
      select (select count(*) from attraction_posts) + (select count(*) from attraction_photos) + (select count(*) from attraction_views)
           + (select count(*) from attraction_publications) + (select count(*) from attraction_collections) + (select count(*) from attraction_channels)
           + (select count(*) from role_grants where role = 'attraction_reviewer') + (select count(*) from outbox_events) as n`)[0]!.n;
    const before = await count();
    const again = await seedDemo(db.ownerUrl, { files });
    expect(again.seeded).toBe(false);
    expect(await count()).toBe(before);
  });
});
