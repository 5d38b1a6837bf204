import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import exifr from 'exifr';
import sharp from 'sharp';
import { renderNotification } from '@yui/contracts';
import { deliverJob, jobsForEvent, photoJob, publishJob } from '../src/outbox/event-jobs';
import { exifHasGps } from '../src/processors/attractions/exif-gps';
import { sign, verify } from '../src/processors/attractions/signature';
import { deliveryFor, japanTimeText } from '../src/processors/outbox/deliver';

/**
 * 地域の魅力 in the worker, the parts without a database: which jobs an outbox event implies (ids,
 * towns, delays), the relay signature, reading GPS presence out of EXIF, and who hears of each
 * attraction.* event.
 */

const fixture = readFileSync(new URL('../../../tests/fixtures/sakura-gps.jpg', import.meta.url));

describe('jobsForEvent: the jobs an outbox event implies besides its notifications', () => {
  const townA = randomUUID();
  const townB = randomUUID();
  const postId = randomUUID();
  const photoId = randomUUID();
  const author = randomUUID();
  const now = new Date('2025-04-01T00:00:00Z');

  it('queues the photo job for the uploading town, one id per photo and seq', () => {
    const [job, ...rest] = jobsForEvent({
      id: randomUUID(), tenantId: townA, type: 'attraction.photo_uploaded', payload: { postId, photoId, seq: 3, recipientIds: [] },
    }, now);
    expect(rest).toEqual([]);
    expect(job).toMatchObject({
      name: 'attractions.photo', data: { tenantId: townA, photoId, seq: 3 },
      opts: { jobId: `attractions.photo:${photoId}:3`, attempts: 3 },
    });
  });

  it('queues publishing for the post\'s town (not the coordinator\'s), delayed until publishAt', () => {
    const scheduled = (publishAt: string, seq = 2) => jobsForEvent({
      id: randomUUID(), tenantId: townB, type: 'attraction.scheduled',
      payload: { postId, title: '三春滝桜', recipientIds: [author], postTownId: townA, publishAt, seq },
    }, now);
    const [later] = scheduled('2025-04-01T09:00:00+09:00');
    expect(later).toMatchObject({
      name: 'attractions.publish', data: { tenantId: townA, postId, seq: 2, action: 'publish' },
      opts: { jobId: `attractions.publish:${postId}:2` },
    });
    expect(later!.opts.delay ?? 0).toBe(0);
    const [inAnHour] = scheduled('2025-04-01T10:00:00+09:00', 3);
    expect(inAnHour!.opts).toMatchObject({ jobId: `attractions.publish:${postId}:3`, delay: 3_600_000 });
    // "Now" (a moment ago) goes out at once.
    const [past] = scheduled('2025-03-31T23:58:00Z', 4);
    expect(past!.opts.delay ?? 0).toBe(0);
  });

  it('queues the take-down at once, for the post\'s town, under its own id', () => {
    const [job] = jobsForEvent({
      id: randomUUID(), tenantId: townB, type: 'attraction.unpublished',
      payload: { postId, title: '三春滝桜', recipientIds: [author], postTownId: townA, seq: 5, reason: '' },
    }, now);
    expect(job).toMatchObject({
      name: 'attractions.publish', data: { tenantId: townA, postId, seq: 5, action: 'unpublish' },
      opts: { jobId: `attractions.unpublish:${postId}:5` },
    });
    expect(job!.opts.delay ?? 0).toBe(0);
  });

  it('implies nothing for other events, nor for a payload outside its contract', () => {
    expect(jobsForEvent({ id: randomUUID(), tenantId: townA, type: 'attraction.published', payload: { postId, title: 't', recipientIds: [author], url: 'u' } }, now)).toEqual([]);
    expect(jobsForEvent({ id: randomUUID(), tenantId: townA, type: 'staff.welcomed', payload: { userId: author } }, now)).toEqual([]);
    expect(jobsForEvent({ id: randomUUID(), tenantId: townA, type: 'attraction.scheduled', payload: { postId } }, now)).toEqual([]);
  });

  it('gives every job an id BullMQ accepts (a colon only as three parts) and deliveries the publication id', () => {
    const ids = [photoJob(townA, photoId, 1), publishJob(townA, postId, 1, 'publish'), publishJob(townA, postId, 1, 'unpublish')].map((j) => j.opts.jobId!);
    for (const id of ids) expect(id.split(':')).toHaveLength(3);
    const pub = randomUUID();
    expect(deliverJob(townA, pub, { attempts: 6, backoffMs: 10_000 }).opts).toMatchObject({
      jobId: pub, attempts: 6, backoff: { type: 'exponential', delay: 10_000 },
    });
  });
});

describe('relay signatures (X-Yui-Signature)', () => {
  const secret = 'whsec_test_0123456789';
  const body = JSON.stringify({ id: randomUUID(), text: '三春滝桜が見頃です' });
  const t = 1_743_465_600;

  it('signs t and the raw body with HMAC-SHA256, as a relay recomputes it', async () => {
    const header = sign(secret, body, t + 0.7);
    const { createHmac } = await import('node:crypto');
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`);
    expect(verify(secret, body, header, t + 10)).toBe(true);
  });

  it('refuses another body, another secret, a stale or future time, and garbage', () => {
    const header = sign(secret, body, t);
    expect(verify(secret, `${body} `, header, t)).toBe(false);
    expect(verify('other-secret', body, header, t)).toBe(false);
    expect(verify(secret, body, header, t + 301)).toBe(false);
    expect(verify(secret, body, header, t - 301)).toBe(false);
    expect(verify(secret, body, header, t + 300)).toBe(true);
    for (const bad of [undefined, '', 'v1=abc', `t=${t}`, `t=${t},v1=zz`, header.replace(/.$/, (c) => (c === '0' ? '1' : '0'))]) {
      expect(verify(secret, body, bad, t)).toBe(false);
    }
    // A relay rotating its secret may be sent several v1: any one matching will do.
    expect(verify(secret, body, `t=${t},v1=${'0'.repeat(64)},${header.split(',')[1]}`, t)).toBe(true);
  });
});

describe('exifHasGps', () => {
  it('agrees with exifr: the fixture carries a position, its cleaned and its re-tagged copies as they are', async () => {
    expect(await exifr.gps(fixture)).toMatchObject({ latitude: 37.442 });
    expect(exifHasGps((await sharp(fixture).metadata()).exif)).toBe(true);

    const stripped = await sharp(fixture).jpeg().toBuffer();
    expect(await exifr.gps(stripped)).toBeUndefined();
    expect(exifHasGps((await sharp(stripped).metadata()).exif)).toBe(false);

    // EXIF without GPS (only an orientation): no position.
    const oriented = await sharp(fixture).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const noGps = await sharp(oriented).withExif({ IFD0: { Copyright: 'Yui' } }).jpeg().toBuffer();
    expect(await exifr.gps(noGps)).toBeUndefined();
    expect(exifHasGps((await sharp(noGps).metadata()).exif)).toBe(false);

    // PNG with the EXIF kept: still found.
    const png = await sharp(fixture).keepExif().png().toBuffer();
    expect(exifHasGps((await sharp(png).metadata()).exif)).toBe(true);
  });

  it('says no to anything malformed rather than throwing', () => {
    for (const b of [undefined, null, Buffer.alloc(0), Buffer.from('Exif\0\0II*\0'), Buffer.from('Exif\0\0MM\0*\0\0\0\x08\xff\xff'), Buffer.alloc(64, 0xff)]) {
      expect(exifHasGps(b as Buffer | undefined)).toBe(false);
    }
    // A truncated copy of the real block.
    return sharp(fixture).metadata().then((m) => {
      for (let n = 0; n < m.exif!.length; n += 7) expect(() => exifHasGps(m.exif!.subarray(0, n))).not.toThrow();
    });
  });
});

describe('attraction.* notifications', () => {
  const postId = randomUUID();
  const a = randomUUID();
  const b = randomUUID();

  it('tells the town\'s reviewers of a submission and the author of a decision, in the event\'s town', () => {
    const submitted = deliveryFor('attraction.submitted', { postId, title: '三春滝桜', recipientIds: [a, b, a], authorName: '三春 花子' });
    expect(submitted).toEqual({ userIds: [a, b], kind: 'attraction.submitted', params: { title: '三春滝桜', authorName: '三春 花子' }, link: `/attractions/${postId}` });
    const reviewed = deliveryFor('attraction.reviewed', { postId, title: '三春滝桜', recipientIds: [a], decision: 'returned', reviewerName: '郡山 課長', comment: '写真の撮影者を' });
    expect(reviewed).toMatchObject({ userIds: [a], params: { decision: 'returned', comment: '写真の撮影者を' } });
    expect(reviewed.regionWide).toBeFalsy();
    expect(renderNotification(reviewed.kind, reviewed.params, 'ja').body).toContain('コメント: 写真の撮影者を');
  });

  it('reaches the author of another town for a schedule and a take-down (regionWide), with the time in Japan', () => {
    const scheduled = deliveryFor('attraction.scheduled', {
      postId, title: '三春滝桜', recipientIds: [a], postTownId: randomUUID(), publishAt: '2025-04-10T00:30:00Z', seq: 1,
    });
    expect(scheduled).toMatchObject({ userIds: [a], regionWide: true, params: { publishAtText: '2025/04/10 09:30' } });
    expect(renderNotification(scheduled.kind, scheduled.params, 'ja').body).toBe('「三春滝桜」は2025/04/10 09:30に広域圏の公開ページで公開されます。');
    const unpublished = deliveryFor('attraction.unpublished', { postId, title: '三春滝桜', recipientIds: [a], postTownId: randomUUID(), seq: 2, reason: '' });
    expect(unpublished).toMatchObject({ userIds: [a], regionWide: true, params: { reason: null } });
    expect(japanTimeText('2025-12-31T15:00:00Z')).toBe('2026/01/01 00:00');
  });

  it('tells the author of publishing with the address, and nobody of a photo upload', () => {
    const published = deliveryFor('attraction.published', { postId, title: '三春滝桜', recipientIds: [a], url: 'https://yui.example/visit/koriyama/x' });
    expect(renderNotification(published.kind, published.params, 'en').body).toContain('https://yui.example/visit/koriyama/x');
    expect(deliveryFor('attraction.photo_uploaded', { postId, photoId: randomUUID(), seq: 1, recipientIds: [] }).userIds).toEqual([]);
  });
});
