import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Parser from 'rss-parser';
import ICAL from 'ical.js';
import { addDays, todayInJapan } from '@yui/domain';
import { newRegion } from '@yui/db/testing';
import { useTestApi } from './helpers';
import { attractionCast, insertPhoto, insertPost, markPhotoReady, type AttractionCast } from './attraction-fixtures';
import { viewCounterOf } from '../src/modules/attractions/view-counter';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';

// 地域の魅力, the public side (no sign-in): the region page (filters, cursor pages), a post, a
// collection, photos, and the feeds — read with real parsers (rss-parser for RSS and Atom, JSON Feed
// by its fields, ical.js for iCalendar), with ETags and 304. Only published posts exist there: a
// draft, an approved, a scheduled or a taken-down post of town A is 404 and absent from every feed.
// Views are counted per post and day and written by the view counter's flush.

const dir = mkdtempSync(path.join(tmpdir(), 'yui-attractions-public-'));
const t = useTestApi({ YUI_FILES_DIR: dir, YUI_PUBLIC_URL: 'https://yui.example.jp' });
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let k: AttractionCast;
const p = {} as Record<'event' | 'spot' | 'food' | 'draft' | 'approved' | 'scheduled' | 'unpublished' | 'other', { id: string }>;
let photoId = '';
let hiddenPhotoId = '';
let collectionId = '';
let draftCollectionId = '';
const today = todayInJapan();
const hour = 3600_000;

beforeAll(async () => {
  k = await attractionCast(t);
  const ago = (h: number) => new Date(Date.now() - h * hour);
  p.event = await insertPost(t, {
    town: k.townB, author: k.staffB1, status: 'published', category: 'event', title: '三春滝桜まつり', body: '樹齢千年の紅枝垂桜。\n\n夜はライトアップ。',
    eventStartsOn: today, eventEndsOn: addDays(today, 10), tags: ['桜', 'ライトアップ'], publishedAt: ago(1),
  });
  p.spot = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'published', title: '開成山公園', tags: ['桜'], publishedAt: ago(2) });
  p.food = await insertPost(t, { town: k.townC, author: k.staffC1, status: 'published', category: 'food', title: '田村の地酒 & <肴>', publishedAt: ago(3) });
  p.draft = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'draft', title: '下書きの投稿' });
  p.approved = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'approved', title: '承認済みの投稿' });
  p.scheduled = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'scheduled', title: '予約済みの投稿', publishAt: new Date(Date.now() + 24 * hour) });
  p.unpublished = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'unpublished', title: '停止した投稿', publishedAt: ago(5) });
  // A published post of another region: never on R's pages.
  p.other = await insertPost(t, { town: k.otherTown, author: k.outsider, status: 'published', title: '他県の投稿' });

  photoId = (await insertPhoto(t, p.event.id, { rights: true })).id;
  await markPhotoReady(t, photoId, { rights: true });
  hiddenPhotoId = (await insertPhoto(t, p.approved.id, { rights: true })).id;
  await markPhotoReady(t, hiddenPhotoId, { rights: true });

  const made = await k.call(k.coordinator, 'POST', '/api/attractions/collections', {
    title: '春の桜めぐり', description: '三春から郡山へ', items: [{ postId: p.event.id, note: '朝いちばんに' }, { postId: p.approved.id }, { postId: p.spot.id }],
  });
  collectionId = made.body.id;
  await k.call(k.coordinator, 'PATCH', `/api/attractions/collections/${collectionId}`, { status: 'published' });
  draftCollectionId = (await k.call(k.coordinator, 'POST', '/api/attractions/collections', { title: '下書きの特集', items: [{ postId: p.spot.id }] })).body.id;
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const base = () => `/api/attractions/public/${k.region.slug}`;
const published = () => [p.event.id, p.spot.id, p.food.id];
const hidden = () => [p.draft.id, p.approved.id, p.scheduled.id, p.unpublished.id, p.other.id];

describe('the region page', () => {
  it('lists published posts only, newest published first, with towns, collections and feed addresses', async () => {
    const res = await get(base());
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const body = res.json();
    expect(body.region).toMatchObject({ slug: k.region.slug, name: 'テスト広域圏' });
    expect(body.items.map((i: { id: string }) => i.id)).toEqual(published());
    expect(body.towns.map((x: { name: string }) => x.name).sort()).toEqual(['三春町', '田村市', '郡山市'].sort());
    const event = body.items[0];
    expect(event).toMatchObject({
      title: '三春滝桜まつり', category: 'event', town: { id: k.townB.id, name: '三春町' }, tags: ['桜', 'ライトアップ'],
      url: `https://yui.example.jp/visit/${k.region.slug}/${p.event.id}`, excerpt: '樹齢千年の紅枝垂桜。 夜はライトアップ。',
    });
    expect(event.cover.url).toBe(`https://yui.example.jp/api/attractions/public/${k.region.slug}/photos/${photoId}/medium?v=1`);
    expect(event.cover.alt).toBe('三春滝桜まつり');
    expect(body.feeds).toEqual({
      rss: `https://yui.example.jp/visit/${k.region.slug}/feed.xml`, atom: `https://yui.example.jp/visit/${k.region.slug}/atom.xml`,
      json: `https://yui.example.jp/visit/${k.region.slug}/feed.json`, ics: `https://yui.example.jp/visit/${k.region.slug}/events.ics`,
    });
    // The published collection, with its published posts only; the draft collection not at all.
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual([collectionId]);
    expect(body.collections[0]).toMatchObject({ count: 2, url: `https://yui.example.jp/visit/${k.region.slug}/collections/${collectionId}` });
    const text = res.body;
    for (const id of hidden()) expect(text).not.toContain(id);
  });

  it('filters by category, town and tag, and pages with a cursor', async () => {
    const ids = async (q: string) => (await get(`${base()}?${q}`)).json().items.map((i: { id: string }) => i.id);
    expect(await ids('category=food')).toEqual([p.food.id]);
    expect(await ids(`town=${k.townA.slug}`)).toEqual([p.spot.id]);
    expect(await ids(`tag=${encodeURIComponent('#桜')}`)).toEqual([p.event.id, p.spot.id]);
    expect(await ids('town=nowhere')).toEqual([]);
    const first = (await get(`${base()}?limit=2`)).json();
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([p.event.id, p.spot.id]);
    const second = (await get(`${base()}?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((i: { id: string }) => i.id)).toEqual([p.food.id]);
    expect(second.nextCursor).toBeNull();
  });

  it('is 404 for an unknown region', async () => {
    expect((await get('/api/attractions/public/no-such-region')).statusCode).toBe(404);
  });
});

describe('a post', () => {
  it('shows a published post with its photos and share card', async () => {
    const res = await get(`${base()}/posts/${p.event.id}`);
    expect(res.statusCode).toBe(200);
    const post = res.json();
    expect(post).toMatchObject({
      id: p.event.id, body: '樹齢千年の紅枝垂桜。\n\n夜はライトアップ。', region: { slug: k.region.slug, name: 'テスト広域圏' },
      eventStartsOn: today, eventEndsOn: addDays(today, 10),
    });
    expect(post.card).toEqual({ url: `https://yui.example.jp/api/attractions/public/${k.region.slug}/photos/${photoId}/card?v=1`, width: 1200, height: 630 });
    expect(post.photos).toHaveLength(1);
    expect(post.photos[0]).toMatchObject({ id: photoId, photographer: '郡山市観光課' });
    expect(Object.keys(post.photos[0].variants).sort()).toEqual(['card', 'medium', 'thumb']);
  });

  it('is 404 unless published — draft, approved, scheduled, taken down, another region\'s', async () => {
    for (const id of hidden()) {
      const res = await get(`${base()}/posts/${id}`);
      expect(res.statusCode, id).toBe(404);
    }
    // A published post asked for under another region's address.
    const other = await newRegion(t.db.owner);
    expect((await get(`/api/attractions/public/${other.slug}/posts/${p.event.id}`)).statusCode).toBe(404);
  });

  it('counts views per post and Japan day, written when the counter flushes', async () => {
    const counter = viewCounterOf(t.app)!;
    await counter.flush();
    for (let i = 0; i < 3; i++) expect((await get(`${base()}/posts/${p.spot.id}`)).statusCode).toBe(200);
    await get(`${base()}/posts/${p.food.id}`);
    await get(`${base()}/posts/${p.draft.id}`);
    await counter.flush();
    const rows = await t.db.owner<{ post_id: string; views: number; day: string; municipality_id: string }[]>`
      select post_id, views, day::text, municipality_id from attraction_views
      where post_id in (${p.spot.id}, ${p.food.id}, ${p.draft.id}) order by views desc`;
    expect(rows).toEqual([
      { post_id: p.spot.id, views: 3, day: today, municipality_id: k.townA.id },
      { post_id: p.food.id, views: 1, day: today, municipality_id: k.townC.id },
    ]);
    // The next flush adds to the day's row.
    await get(`${base()}/posts/${p.spot.id}`);
    await counter.flush();
    const [spot] = await t.db.owner<{ views: number }[]>`select views from attraction_views where post_id = ${p.spot.id} and day = ${today}`;
    expect(spot!.views).toBe(4);
  });

  it('writes the views still in memory when the app closes', async () => {
    const viewsOf = async () => (await t.db.owner<{ n: number }[]>`
      select coalesce(sum(views), 0)::int as n from attraction_views where post_id = ${p.food.id}`)[0]!.n;
    const before = await viewsOf();
    const app = await buildApp(loadConfig({
      NODE_ENV: 'test', DATABASE_APP_URL: t.db.appUrl, YUI_JWT_SECRET: 'test-secret-test-secret-test-secret-0123', DB_POOL_MAX: '2', YUI_FILES_DIR: dir,
    }), { logger: false });
    await app.ready();
    expect((await app.inject({ method: 'GET', url: `${base()}/posts/${p.food.id}` })).statusCode).toBe(200);
    expect(viewCounterOf(app)!.size).toBe(1);
    await app.close();
    expect(await viewsOf()).toBe(before + 1);
  });
});

describe('a collection', () => {
  it('shows a published collection with its published posts, in order; a draft one is 404', async () => {
    const res = await get(`${base()}/collections/${collectionId}`);
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({ title: '春の桜めぐり', description: '三春から郡山へ', region: { slug: k.region.slug } });
    expect(c.items.map((i: { note: string; post: { id: string } }) => [i.post.id, i.note])).toEqual([[p.event.id, '朝いちばんに'], [p.spot.id, '']]);
    expect((await get(`${base()}/collections/${draftCollectionId}`)).statusCode).toBe(404);
  });
});

describe('photos', () => {
  it('serves variants of published posts only', async () => {
    const res = await get(`${base()}/photos/${photoId}/card?v=1`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    // Feed readers and share cards on other sites may show it.
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect((await get(`${base()}/photos/${photoId}/large`)).statusCode).toBe(404);
    expect((await get(`${base()}/photos/${hiddenPhotoId}/card`)).statusCode).toBe(404);
  });
});

describe('feeds', () => {
  const hiddenTitles = ['下書きの投稿', '承認済みの投稿', '予約済みの投稿', '停止した投稿', '他県の投稿'];

  it('RSS 2.0 parses and holds the published posts with their addresses', async () => {
    const res = await get(`${base()}/feed.rss`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const feed = await new Parser().parseString(res.body);
    expect(feed.title).toBe('テスト広域圏の魅力');
    expect(feed.items.map((i) => i.title)).toEqual(['三春滝桜まつり', '開成山公園', '田村の地酒 & <肴>']);
    expect(feed.items[0]!.link).toBe(`https://yui.example.jp/visit/${k.region.slug}/${p.event.id}`);
    expect(feed.items[0]!.enclosure?.url).toBe(`https://yui.example.jp/api/attractions/public/${k.region.slug}/photos/${photoId}/card?v=1`);
    expect(feed.items[0]!.categories).toEqual(expect.arrayContaining(['イベント', '桜']));
    for (const title of hiddenTitles) expect(res.body).not.toContain(title);
  });

  it('Atom 1.0 parses and holds the same', async () => {
    const res = await get(`${base()}/feed.atom`);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = await new Parser().parseString(res.body);
    expect(feed.items.map((i) => i.title)).toEqual(['三春滝桜まつり', '開成山公園', '田村の地酒 & <肴>']);
    expect(feed.items[1]!.link).toBe(`https://yui.example.jp/visit/${k.region.slug}/${p.spot.id}`);
    expect(feed.items[1]!.id).toBe(`urn:uuid:${p.spot.id}`);
    for (const title of hiddenTitles) expect(res.body).not.toContain(title);
  });

  it('JSON Feed 1.1 has its fields', async () => {
    const res = await get(`${base()}/feed.json`);
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(res.body);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.home_page_url).toBe(`https://yui.example.jp/visit/${k.region.slug}`);
    expect(feed.feed_url).toBe(`https://yui.example.jp/visit/${k.region.slug}/feed.json`);
    expect(feed.items.map((i: { id: string }) => i.id)).toEqual(published());
    expect(feed.items[0]).toMatchObject({ title: '三春滝桜まつり', url: `https://yui.example.jp/visit/${k.region.slug}/${p.event.id}`, authors: [{ name: '三春町' }] });
    expect(feed.items[0].content_text).toContain('夜はライトアップ。');
    expect(Date.parse(feed.items[0].date_published)).not.toBeNaN();
    for (const title of hiddenTitles) expect(res.body).not.toContain(title);
  });

  it('iCalendar parses and holds the published events', async () => {
    const res = await get(`${base()}/events.ics`);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const cal = new ICAL.Component(ICAL.parse(res.body));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(['三春滝桜まつり']);
    const [e] = events;
    expect(e!.startDate.isDate).toBe(true);
    expect(e!.startDate.toString()).toBe(today);
    expect(e!.endDate.toString()).toBe(addDays(today, 11));
    expect(e!.component.getFirstPropertyValue('url')).toBe(`https://yui.example.jp/visit/${k.region.slug}/${p.event.id}`);
  });

  it('answer 304 to If-None-Match with their ETag', async () => {
    for (const f of ['feed.rss', 'feed.atom', 'feed.json', 'events.ics']) {
      const first = await get(`${base()}/${f}`);
      const etag = first.headers.etag as string;
      expect(etag, f).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const again = await get(`${base()}/${f}`, { 'if-none-match': etag });
      expect(again.statusCode, f).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect((await get(`${base()}/${f}`, { 'if-none-match': '"other"' })).statusCode).toBe(200);
    }
  });

  it('are 404 for an unknown region', async () => {
    expect((await get('/api/attractions/public/no-such-region/feed.rss')).statusCode).toBe(404);
  });
});
