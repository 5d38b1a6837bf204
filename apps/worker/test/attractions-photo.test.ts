import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import exifr from 'exifr';
import sharp from 'sharp';
import type { Sql } from '@yui/db';
import type { TestDatabase } from '@yui/db/testing';
import { ProcessAttractionPhoto, type PhotoResult } from '../src/processors/attractions/photo';
import { SweepAttractions } from '../src/processors/attractions/sweep';
import { photoJobId } from '../src/outbox/event-jobs';
import { appPool, emitAs, waitFor } from './helpers';
import { insertPhoto, insertPost, runnable, startAttractionsTest, type AttractionsTest } from './attractions-setup';

/**
 * 地域の魅力 photos in the worker (sharp, real storage in a folder, real queue): the published
 * versions carry no location and no metadata at all unless the author keeps the location on purpose;
 * sizes as promised, upright; a job of an older seq changes nothing; what cannot be read fails at
 * once; the relay queues the job for attraction.photo_uploaded and the sweep for a photo left waiting.
 */

/** 1600×1200 JPEG with GPS 37.442 N, 140.490 E. */
const fixture = readFileSync(new URL('../../../tests/fixtures/sakura-gps.jpg', import.meta.url));

let t: AttractionsTest;
let db: TestDatabase;
let app: Sql;

beforeAll(async () => {
  t = await startAttractionsTest();
  db = t.db;
  app = appPool(db);
});

afterAll(async () => {
  await app?.end();
  await t?.close();
});

type PhotoRow = {
  status: string; width: number | null; height: number | null; had_location: boolean | null; process_error: string | null;
  variants: Record<string, { key: string; width: number; height: number; bytes: number }>;
};
const photoOf = async (id: string) =>
  (await db.owner<PhotoRow[]>`select status, width, height, had_location, process_error, variants from attraction_photos where id = ${id}`)[0]!;

const read = async (key: string): Promise<Buffer | null> => {
  const f = await t.storage.get(key);
  if (!f) return null;
  if (Buffer.isBuffer(f.body)) return f.body;
  const chunks: Buffer[] = [];
  for await (const c of f.body as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
};

/** A post of town A with one photo whose original is in the storage. */
async function photoWith(bytes: Buffer, over: { keepLocation?: boolean; seq?: number } = {}) {
  const postId = await insertPost(db, { town: t.fx.a, author: t.author, status: 'draft', publishAt: null });
  const photo = await insertPhoto(db, { town: t.fx.a, postId, by: t.author, ...over });
  await t.storage.put(photo.originalKey, bytes, { contentType: 'image/jpeg' });
  return { postId, ...photo };
}

const runPhoto = (photoId: string, seq: number, tenantId = t.fx.a.id, attemptsMade = 0): Promise<PhotoResult> =>
  new ProcessAttractionPhoto(t.deps()).process(runnable('attractions.photo', { tenantId, photoId, seq }, attemptsMade));

describe('attractions.photo', () => {
  it('makes clean JPEG versions of the sizes promised, through the relay, and records that the original had a location', async () => {
    const { id, postId } = await photoWith(fixture);
    const event = await emitAs(app, t.fx.a, 'attraction.photo_uploaded', { postId, photoId: id, seq: 1, recipientIds: [] });
    const row = await waitFor('photo ready', async () => {
      const r = await photoOf(id);
      return r.status === 'ready' && r;
    });
    expect(await t.inspect.getJob(`attractions.photo:${id}:1`)).toBeTruthy();
    expect(row).toMatchObject({ width: 1600, height: 1200, had_location: true, process_error: null });

    const sizes = { large: [1600, 1200], medium: [800, 600], thumb: [400, 300], card: [1200, 630] } as const;
    expect(Object.keys(row.variants).sort()).toEqual(Object.keys(sizes).sort());
    for (const [name, [w, h]] of Object.entries(sizes)) {
      const v = row.variants[name]!;
      expect(v).toMatchObject({ key: `attractions/${t.fx.region.id}/${id}/1-${name}`, width: w, height: h });
      const bytes = (await read(v.key))!;
      expect(bytes.length).toBe(v.bytes);
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', w, h]);
      // No location, and no metadata at all: no EXIF block, no XMP, no IPTC.
      expect(await exifr.gps(bytes)).toBeUndefined();
      expect(await exifr.parse(bytes)).toBeUndefined();
      expect([meta.exif, meta.xmp, meta.iptc]).toEqual([undefined, undefined, undefined]);
    }
    // The original stays as uploaded (private; the worker never changes it).
    expect((await read(`attractions/${t.fx.region.id}/${id}/original`))!.equals(fixture)).toBe(true);
    expect((await db.owner`select processed_at from outbox_events where id = ${event}`)[0]).toBeTruthy();
  });

  it('keeps the location when the author chose to, and drops the versions of the earlier choice', async () => {
    const { id } = await photoWith(fixture);
    expect((await runPhoto(id, 1)).status).toBe('ready');
    const first = await photoOf(id);

    // The author ticks 「位置情報を残す」: the API bumps the seq and the relay queues seq 2.
    await db.owner`update attraction_photos set keep_location = true, process_seq = 2, status = 'processing' where id = ${id}`;
    expect((await runPhoto(id, 2)).status).toBe('ready');
    const kept = await photoOf(id);
    expect(kept).toMatchObject({ status: 'ready', had_location: true });
    expect(kept.variants.large!.key).toBe(`attractions/${t.fx.region.id}/${id}/2-large`);
    const large = (await read(kept.variants.large!.key))!;
    expect(await exifr.gps(large)).toMatchObject({ latitude: expect.closeTo(37.442, 3), longitude: expect.closeTo(140.49, 2) });
    expect((await sharp(large).metadata()).orientation ?? 1).toBe(1);
    // The earlier versions are gone from the storage.
    for (const v of Object.values(first.variants)) expect(await read(v.key)).toBeNull();

    // The job of the earlier choice, run late: nothing changes.
    expect(await runPhoto(id, 1)).toEqual({ status: 'skipped', reason: 'stale' });
    expect((await photoOf(id)).variants).toEqual(kept.variants);
    expect(await read(kept.variants.large!.key)).not.toBeNull();
  });

  it('turns a sideways photo upright and records the upright size', async () => {
    const sideways = await sharp(fixture).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const { id } = await photoWith(sideways);
    await runPhoto(id, 1);
    const row = await photoOf(id);
    expect(row).toMatchObject({ status: 'ready', width: 1200, height: 1600 });
    expect(row.variants.large).toMatchObject({ width: 1200, height: 1600 });
    expect(row.variants.thumb).toMatchObject({ width: 300, height: 400 });
    expect(row.variants.card).toMatchObject({ width: 1200, height: 630 });
    expect((await sharp((await read(row.variants.large!.key))!).metadata()).orientation).toBeUndefined();
  });

  it('takes a small PNG without a location, never enlarging it (the share card excepted)', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 200, g: 80, b: 120, alpha: 0.5 } } }).png().toBuffer();
    const { id } = await photoWith(png);
    await runPhoto(id, 1);
    const row = await photoOf(id);
    expect(row).toMatchObject({ status: 'ready', width: 300, height: 200, had_location: false });
    expect([row.variants.large, row.variants.medium, row.variants.thumb].map((v) => [v!.width, v!.height])).toEqual([[300, 200], [300, 200], [300, 200]]);
    expect(row.variants.card).toMatchObject({ width: 1200, height: 630 });
    expect((await sharp((await read(row.variants.thumb!.key))!).metadata()).format).toBe('jpeg');
  });

  it('fails a file that is not an image at once, for good, with the reason', async () => {
    const { id } = await photoWith(Buffer.from('%PDF-1.7 this is not a photo'));
    await expect(runPhoto(id, 1)).rejects.toMatchObject({ name: 'UnrecoverableError' });
    const row = await photoOf(id);
    expect(row).toMatchObject({ status: 'failed', variants: {} });
    expect(row.process_error).toMatch(/not a readable image/);
  });

  it('does nothing for a photo that is gone or belongs to another town', async () => {
    const { id } = await photoWith(fixture);
    expect(await runPhoto(id, 1, t.fx.b.id)).toEqual({ status: 'skipped', reason: 'gone' });
    expect((await photoOf(id)).status).toBe('processing');
    expect(await runPhoto(crypto.randomUUID(), 1)).toEqual({ status: 'skipped', reason: 'gone' });
  });

  it('is queued again by the sweep when it has been processing for ten minutes', async () => {
    const { id } = await photoWith(fixture, { seq: 3 });
    const { id: recent } = await photoWith(fixture);
    await db.owner`update attraction_photos set updated_at = now() - interval '11 minutes' where id = ${id}`;
    const r = await new SweepAttractions(t.deps()).process(runnable('attractions.sweep', { tenantId: t.fx.a.id }));
    expect(r.photos).toEqual([id]);
    await waitFor('swept photo ready', async () => (await photoOf(id)).status === 'ready');
    expect((await photoOf(id)).variants.large!.key).toMatch(/\/3-large$/);
    expect((await photoOf(recent)).status).toBe('processing');
  });

  it('is queued again by the sweep when its job failed in BullMQ with the photo still processing', async () => {
    const { id } = await photoWith(fixture, { seq: 2 });
    await db.owner`update attraction_photos set updated_at = now() - interval '11 minutes' where id = ${id}`;
    // A job of this id that failed without marking the photo (the database away on its last try;
    // here a payload it refuses at once): adding the id again would be a no-op for days.
    await t.inspect.add('attractions.photo', { tenantId: t.fx.a.id, photoId: 'not-a-uuid', seq: 2 }, { jobId: photoJobId(id, 2), attempts: 1 });
    await waitFor('job failed', async () => (await t.inspect.getJobState(photoJobId(id, 2))) === 'failed');

    const r = await new SweepAttractions(t.deps()).process(runnable('attractions.sweep', { tenantId: t.fx.a.id }));
    expect(r.photos).toContain(id);
    await waitFor('swept photo ready', async () => (await photoOf(id)).status === 'ready');
    expect((await photoOf(id)).variants.large!.key).toMatch(/\/2-large$/);
  });
});
