import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookBody } from '@yui/contracts';
import type { Sql } from '@yui/db';
import { composeSocialText } from '@yui/domain/social';
import type { TestDatabase } from '@yui/db/testing';
import { DeliverPublication } from '../src/processors/attractions/deliver';
import { PublishAttraction, type PublishResult } from '../src/processors/attractions/publish';
import { verify } from '../src/processors/attractions/signature';
import { SweepAttractions } from '../src/processors/attractions/sweep';
import { ATTRACTIONS_SWEEP_CRON, attractionsSweepSchedulerId, createAttractionsScheduler } from '../src/schedulers/attractions';
import { appPool, emitAs, testLog, waitFor } from './helpers';
import {
  insertChannel, insertPhoto, insertPost, insertPublication, runnable, startAttractionsTest, startReceiver, WEBHOOK,
  type AttractionsTest, type Receiver,
} from './attractions-setup';

/**
 * 地域の魅力 publishing in the worker, against real PostgreSQL, Redis and local HTTP relays: the relay
 * turns attraction.scheduled / attraction.unpublished into attractions.publish jobs for the post's
 * town; publishing writes the log and queues one signed delivery per relay, retried with backoff until
 * delivered (once) or failed; jobs of an older schedule do nothing; the sweep picks up what a lost job
 * left; and the attraction.* events reach the right people.
 */

let t: AttractionsTest;
let db: TestDatabase;
let app: Sql;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await startAttractionsTest();
  db = t.db;
  app = appPool(db);
});

afterAll(async () => {
  for (const r of receivers) await r.close();
  await app?.end();
  await t?.close();
});

const receiver = async (answer: Parameters<typeof startReceiver>[0]) => {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
};

type PubRow = {
  id: string; channel_id: string | null; action: string; schedule_seq: number; status: string; attempts: number;
  response_status: number | null; last_error: string | null; text: string; delivered_at: Date | null; municipality_id: string;
};
const publicationsOf = (postId: string) =>
  db.owner<PubRow[]>`
    select id, channel_id, action, schedule_seq, status, attempts, response_status, last_error, text, delivered_at, municipality_id
    from attraction_publications where post_id = ${postId} order by action, schedule_seq, channel_id nulls first`;
const postOf = async (id: string) =>
  (await db.owner<{ status: string; published_at: Date | null; schedule_seq: number }[]>`
    select status, published_at, schedule_seq from attraction_posts where id = ${id}`)[0]!;
const eventsAbout = (type: string, postId: string) =>
  db.owner<{ id: string; municipality_id: string; payload: Record<string, unknown> }[]>`
    select id, municipality_id, payload from outbox_events where type = ${type} and payload->>'postId' = ${postId} order by created_at`;
const notificationsOf = (eventId: string) =>
  db.owner<{ user_id: string; municipality_id: string; kind: string; params: Record<string, string | null>; link: string | null }[]>`
    select user_id, municipality_id, kind, params, link from notifications where event_id = ${eventId} order by user_id`;
const processed = (eventId: string) => waitFor(`event ${eventId} delivered`, async () =>
  (await db.owner`select processed_at from outbox_events where id = ${eventId}`)[0]?.processed_at);
const settled = (postId: string, channelId: string, status: 'delivered' | 'failed', action = 'publish') =>
  waitFor(`${action} to ${channelId} ${status}`, async () =>
    (await publicationsOf(postId)).find((p) => p.channel_id === channelId && p.action === action && p.status === status));

/** The log row of one relay, action and seq once it has `status`. */
const settledAt = (postId: string, channelId: string, action: 'publish' | 'unpublish', seq: number, status: 'delivered' | 'failed' = 'delivered') =>
  waitFor(`${action} ${seq} to ${channelId} ${status}`, async () =>
    (await publicationsOf(postId)).find((p) => p.channel_id === channelId && p.action === action && p.schedule_seq === seq && p.status === status));
/** What a relay was sent, in order. */
const eventsAt = (rx: Receiver) => rx.requests.map((r) => r.headers['x-yui-event']);

const publish = (tenantId: string, postId: string, seq: number, action: 'publish' | 'unpublish' = 'publish'): Promise<PublishResult> =>
  new PublishAttraction(t.deps()).process(runnable('attractions.publish', { tenantId, postId, seq, action }));
const deliver = (publicationId: string, tenantId = t.fx.a.id) =>
  new DeliverPublication(t.deps()).process(runnable('attractions.deliver', { tenantId, publicationId }));
const nowSeconds = () => Date.now() / 1000;

describe('publishing a scheduled post to its relays', () => {
  it('publishes through the relay, delivers a signed request until the relay takes it, once, and takes it down again', async () => {
    const { fx, author, coordinator } = t;
    // The relay fails twice, then takes it.
    const rx = await receiver((n) => (n <= 2 ? { status: 500, body: 'try again' } : { status: 200, body: 'ok' }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url, kind: 'x', name: 'X 広域圏公式' });
    const postId = await insertPost(db, { town: fx.a, author, channelIds: [ch.id], seq: 1, tags: ['桜', '三春町'] });
    const photo = await insertPhoto(db, { town: fx.a, postId, by: author, status: 'ready', seq: 2 });
    const publishAt = new Date(Date.now() - 1000).toISOString();

    // The coordinator of town B schedules town A's post (as API-2 does: the event in B's tenant).
    const scheduledEvent = await emitAs(app, fx.b, 'attraction.scheduled', {
      postId, title: '三春滝桜', recipientIds: [author.id], postTownId: fx.a.id, publishAt, seq: 1,
    });

    const delivered = await settled(postId, ch.id, 'delivered');
    expect(delivered).toMatchObject({ action: 'publish', schedule_seq: 1, attempts: 3, response_status: 200, last_error: null, municipality_id: fx.a.id });
    expect(delivered.delivered_at).toBeInstanceOf(Date);
    // The region's own page and feeds: delivered the moment it was published.
    const rows = await publicationsOf(postId);
    expect(rows.map((r) => [r.channel_id, r.action, r.status])).toEqual([[null, 'publish', 'delivered'], [ch.id, 'publish', 'delivered']]);
    expect(await postOf(postId)).toMatchObject({ status: 'published', schedule_seq: 1 });
    expect((await postOf(postId)).published_at).toBeInstanceOf(Date);

    // Three tries of one delivery: the same X-Yui-Delivery, each signed, one accepted.
    expect(rx.requests).toHaveLength(3);
    expect(rx.requests.filter((r) => r.status >= 200 && r.status < 300)).toHaveLength(1);
    for (const r of rx.requests) {
      expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'x-yui-event': 'attraction.publish', 'x-yui-delivery': delivered.id });
      expect(verify(ch.secret, r.body, r.headers['x-yui-signature'] as string, nowSeconds())).toBe(true);
      expect(verify('another-secret', r.body, r.headers['x-yui-signature'] as string, nowSeconds())).toBe(false);
    }
    const body = webhookBody.parse(JSON.parse(rx.requests[2]!.body));
    const { slug } = (await db.owner<{ slug: string }[]>`select slug from regions where id = ${fx.region.id}`)[0]!;
    const url = `https://yui.test.example/app/visit/${slug}/${postId}`;
    const expectedText = composeSocialText({
      title: '三春滝桜', townName: 'A町', body: '樹齢千年を超える紅枝垂桜。四月中旬が見頃です。', tags: ['桜', '三春町'], url, kind: 'x', limit: 280,
    });
    expect(body).toMatchObject({
      id: delivered.id, event: 'attraction.publish', channel: { id: ch.id, name: 'X 広域圏公式', kind: 'x' },
      post: {
        id: postId, url, title: '三春滝桜', text: expectedText, category: 'spot', town: 'A町', tags: ['桜', '三春町'],
        images: [`https://yui.test.example/app/api/attractions/public/${slug}/photos/${photo.id}/large?v=2`],
      },
    });
    expect(delivered.text).toBe(expectedText);

    // The author (town A) hears of the schedule made in town B, and of the publishing, with the address.
    await processed(scheduledEvent);
    expect(await notificationsOf(scheduledEvent)).toEqual([expect.objectContaining({
      user_id: author.id, municipality_id: fx.a.id, kind: 'attraction.scheduled', link: `/attractions/${postId}`,
    })]);
    const [published, ...more] = await eventsAbout('attraction.published', postId);
    expect(more).toEqual([]);
    expect(published).toMatchObject({ municipality_id: fx.a.id, payload: { url, recipientIds: [author.id] } });
    await processed(published!.id);
    expect(await notificationsOf(published!.id)).toEqual([expect.objectContaining({ user_id: author.id, kind: 'attraction.published', params: expect.objectContaining({ url }) })]);

    // The same job again (a retry, a second worker) and the delivery again: nothing more goes out.
    expect(await publish(fx.a.id, postId, 1)).toEqual({ outcome: 'already', queued: [] });
    expect(await new DeliverPublication(t.deps()).process(runnable('attractions.deliver', { tenantId: fx.a.id, publicationId: delivered.id })))
      .toEqual({ sent: false, reason: 'delivered' });
    expect(rx.requests).toHaveLength(3);
    expect(await publicationsOf(postId)).toHaveLength(2);
    expect(await eventsAbout('attraction.published', postId)).toHaveLength(1);

    // Taken down (by the coordinator in B: the API set the status and bumped the seq): the relay is told.
    await db.owner`update attraction_posts set status = 'unpublished', schedule_seq = 2, unpublished_at = now() where id = ${postId}`;
    const unpublishedEvent = await emitAs(app, fx.b, 'attraction.unpublished', {
      postId, title: '三春滝桜', recipientIds: [author.id], postTownId: fx.a.id, seq: 2, reason: '写真の差し替えのため',
    });
    const takedown = await settled(postId, ch.id, 'delivered', 'unpublish');
    expect(takedown).toMatchObject({ schedule_seq: 2, attempts: 1, text: expectedText });
    expect((await publicationsOf(postId)).filter((r) => r.action === 'unpublish').map((r) => [r.channel_id, r.status]))
      .toEqual([[null, 'delivered'], [ch.id, 'delivered']]);
    expect(rx.requests).toHaveLength(4);
    expect(rx.requests[3]!.headers).toMatchObject({ 'x-yui-event': 'attraction.unpublish', 'x-yui-delivery': takedown.id });
    expect(webhookBody.parse(JSON.parse(rx.requests[3]!.body))).toMatchObject({ event: 'attraction.unpublish', post: { id: postId } });
    expect(await t.inspect.getJob(`attractions.unpublish:${postId}:2`)).toBeTruthy();
    await processed(unpublishedEvent);
    expect(await notificationsOf(unpublishedEvent)).toEqual([expect.objectContaining({
      user_id: author.id, municipality_id: fx.a.id, kind: 'attraction.unpublished', params: expect.objectContaining({ reason: '写真の差し替えのため' }),
    })]);
    expect(await publish(fx.a.id, postId, 2, 'unpublish')).toEqual({ outcome: 'already', queued: [] });
    expect(rx.requests).toHaveLength(4);
  });

  it('gives up on a relay that keeps failing after the configured tries, and never follows a redirect', async () => {
    const { fx, author, coordinator } = t;
    const down = await receiver(() => ({ status: 503, body: 'maintenance\n' }));
    const elsewhere = await receiver(() => ({ status: 200 }));
    const moved = await receiver(() => ({ status: 302, headers: { location: elsewhere.url } }));
    const fine = await receiver(() => ({ status: 204 }));
    const chDown = await insertChannel(db, { town: fx.b, by: coordinator, url: down.url, kind: 'facebook' });
    const chMoved = await insertChannel(db, { town: fx.b, by: coordinator, url: moved.url, kind: 'line' });
    const chFine = await insertChannel(db, { town: fx.b, by: coordinator, url: fine.url, kind: 'other' });
    const chPaused = await insertChannel(db, { town: fx.b, by: coordinator, url: fine.url, kind: 'x', active: false });
    const postId = await insertPost(db, {
      town: fx.a, author, channelIds: [chDown.id, chMoved.id, chFine.id, chPaused.id], socialTexts: { [chFine.id]: '春の三春へ！ #桜' },
    });

    const r = await publish(fx.a.id, postId, 1);
    expect(r.outcome).toBe('published');
    // A paused relay is skipped; the others get one row each.
    expect(r.queued).toHaveLength(3);
    const rows = await publicationsOf(postId);
    expect(rows.map((x) => x.channel_id)).toEqual([null, ...[chDown.id, chMoved.id, chFine.id].sort()]);
    expect(rows.find((x) => x.channel_id === chFine.id)!.text).toBe('春の三春へ！ #桜');

    const failed = await settled(postId, chDown.id, 'failed');
    expect(failed).toMatchObject({ attempts: WEBHOOK.attempts, response_status: 503, last_error: 'HTTP 503: maintenance', delivered_at: null });
    expect(down.requests).toHaveLength(WEBHOOK.attempts);
    expect(new Set(down.requests.map((q) => q.headers['x-yui-delivery']))).toEqual(new Set([failed.id]));
    // BullMQ files the job as failed a moment after the last try wrote the row.
    const job = await waitFor('the job failed', async () => {
      const j = await t.inspect.getJob(failed.id);
      return (await j?.getState()) === 'failed' ? j : undefined;
    });
    expect(job.attemptsMade).toBe(WEBHOOK.attempts);

    const redirected = await settled(postId, chMoved.id, 'failed');
    expect(redirected).toMatchObject({ attempts: WEBHOOK.attempts, response_status: 302 });
    expect(redirected.last_error).toMatch(/^HTTP 302 \(redirects are not followed\)/);
    expect(elsewhere.requests).toHaveLength(0);

    expect(await settled(postId, chFine.id, 'delivered')).toMatchObject({ attempts: 1, response_status: 204 });
    expect(fine.requests).toHaveLength(1);
  });

  it('counts a relay that does not answer in time as a failed try', async () => {
    const { fx, author, coordinator } = t;
    // A relay that takes the request and never answers.
    const hanging = http.createServer(() => {});
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/` });
      const postId = await insertPost(db, { town: fx.a, author, status: 'published', seq: 1, channelIds: [ch.id] });
      const [pub] = await db.owner<{ id: string }[]>`
        insert into attraction_publications (region_id, municipality_id, post_id, channel_id, action, schedule_seq, text)
        values (${fx.region.id}, ${fx.a.id}, ${postId}, ${ch.id}, 'publish', 1, '三春滝桜') returning id`;
      const deps = { ...t.deps(), webhook: { attempts: 2, backoffMs: 50, timeoutMs: 200 } };
      const deliver = (attemptsMade: number) =>
        new DeliverPublication(deps).process(runnable('attractions.deliver', { tenantId: fx.a.id, publicationId: pub!.id }, attemptsMade));
      await expect(deliver(0)).rejects.toMatchObject({ name: 'Error', message: expect.stringMatching(/no answer within 200 ms/) });
      expect((await publicationsOf(postId))[0]).toMatchObject({ status: 'pending', attempts: 1, response_status: null, last_error: 'no answer within 200 ms' });
      // The last try gives up for good.
      await expect(deliver(1)).rejects.toMatchObject({ name: 'UnrecoverableError' });
      expect((await publicationsOf(postId))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    } finally {
      hanging.closeAllConnections();
      await new Promise((r) => hanging.close(r));
    }
  });

  it('publishes once when two runs of the job meet', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const postId = await insertPost(db, { town: fx.a, author, seq: 1, channelIds: [ch.id] });
    const runs = await Promise.all([publish(fx.a.id, postId, 1), publish(fx.a.id, postId, 1), publish(fx.a.id, postId, 1)]);
    expect(runs.map((r) => r.outcome).sort()).toEqual(['already', 'already', 'published']);
    await settled(postId, ch.id, 'delivered');
    expect(await publicationsOf(postId)).toHaveLength(2);
    expect(await eventsAbout('attraction.published', postId)).toHaveLength(1);
    expect(rx.requests).toHaveLength(1);
  });

  it('does not send a pending delivery of a post taken down meanwhile', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const postId = await insertPost(db, { town: fx.a, author, status: 'published', seq: 1, channelIds: [ch.id] });
    const [pub] = await db.owner<{ id: string }[]>`
      insert into attraction_publications (region_id, municipality_id, post_id, channel_id, action, schedule_seq, text)
      values (${fx.region.id}, ${fx.a.id}, ${postId}, ${ch.id}, 'publish', 1, '三春滝桜') returning id`;
    await db.owner`update attraction_posts set status = 'unpublished', schedule_seq = 2 where id = ${postId}`;

    expect(await new DeliverPublication(t.deps()).process(runnable('attractions.deliver', { tenantId: fx.a.id, publicationId: pub!.id })))
      .toEqual({ sent: false, reason: 'superseded' });
    expect((await publicationsOf(postId))[0]).toMatchObject({ status: 'failed', attempts: 0, last_error: expect.stringMatching(/taken down/) });
    expect(rx.requests).toHaveLength(0);
  });
});

describe('one post, one relay: deliveries go out one at a time, in log order', () => {
  it('does not send a take-down still retrying once the post went out to that relay again', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    // Published at seq 1, taken down at seq 2 (that delivery failed twice and waits for its next try),
    // scheduled again and published at seq 3 — to the relay as well.
    const postId = await insertPost(db, { town: fx.a, author, status: 'published', seq: 3, channelIds: [ch.id] });
    await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'publish', seq: 1, status: 'delivered' });
    const old = await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'unpublish', seq: 2, attempts: 2 });
    await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'publish', seq: 3, status: 'delivered' });

    expect(await deliver(old)).toEqual({ sent: false, reason: 'superseded' });
    expect((await publicationsOf(postId)).find((r) => r.id === old)).toMatchObject({
      status: 'failed', attempts: 2, last_error: expect.stringMatching(/went out to this relay again/),
    });
    expect(rx.requests).toHaveLength(0);
  });

  it('sends a take-down still retrying before the publish after it, which waits for it', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const postId = await insertPost(db, { town: fx.a, author, status: 'published', seq: 3, channelIds: [ch.id] });
    await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'publish', seq: 1, status: 'delivered' });
    const takedown = await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'unpublish', seq: 2, attempts: 1 });
    const again = await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'publish', seq: 3 });

    // The publish comes first (the sweep, say): it is not its turn.
    expect(await deliver(again)).toEqual({ sent: false, reason: 'waiting' });
    expect(rx.requests).toHaveLength(0);
    expect((await publicationsOf(postId)).find((r) => r.id === again)).toMatchObject({ status: 'pending', attempts: 0 });
    // The take-down goes out (the relay still shows seq 1) and, settled, queues the publish.
    expect(await deliver(takedown)).toEqual({ sent: true, status: 200 });
    await settledAt(postId, ch.id, 'publish', 3);
    expect(eventsAt(rx)).toEqual(['attraction.unpublish', 'attraction.publish']);
    expect(rx.requests.map((r) => r.headers['x-yui-delivery'])).toEqual([takedown, again]);
  });

  it('tells the relays that had the post when its take-down job comes after a reschedule; the post then goes out once', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const postId = await insertPost(db, { town: fx.a, author, status: 'published', seq: 1, channelIds: [ch.id] });
    await insertPublication(db, { town: fx.a, postId, channelId: null, action: 'publish', seq: 1, status: 'delivered', text: '' });
    await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'publish', seq: 1, status: 'delivered', text: '送った文' });
    // API: taken down (seq 2, its job queued), then scheduled again for tomorrow (seq 3) before the
    // worker got to the take-down job.
    await db.owner`update attraction_posts set status = 'unpublished', schedule_seq = 2, unpublished_at = now() where id = ${postId}`;
    await db.owner`update attraction_posts set status = 'scheduled', schedule_seq = 3, publish_at = now() + interval '1 day' where id = ${postId}`;

    // The take-down job of seq 2: the relay drops the post now, not tomorrow (at seq 3, the post's).
    expect(await publish(fx.a.id, postId, 2, 'unpublish')).toMatchObject({ outcome: 'retracted', queued: [expect.any(String)] });
    expect(await settledAt(postId, ch.id, 'unpublish', 3)).toMatchObject({ text: '送った文', attempts: 1 });
    expect(eventsAt(rx)).toEqual(['attraction.unpublish']);
    // Again (a retry): nothing more.
    expect(await publish(fx.a.id, postId, 2, 'unpublish')).toEqual({ outcome: 'stale', queued: [] });

    // Tomorrow it goes out again: once, no second take-down.
    await db.owner`update attraction_posts set publish_at = now() - interval '1 second' where id = ${postId}`;
    expect((await publish(fx.a.id, postId, 3)).outcome).toBe('published');
    await settledAt(postId, ch.id, 'publish', 3);
    expect(eventsAt(rx)).toEqual(['attraction.unpublish', 'attraction.publish']);
    expect((await publicationsOf(postId)).filter((r) => r.channel_id === ch.id).map((r) => [r.action, r.schedule_seq, r.status])).toEqual([
      ['publish', 1, 'delivered'], ['publish', 3, 'delivered'], ['unpublish', 3, 'delivered'],
    ]);
  });

  it('takes an earlier version down first when the post goes out again and its take-down was never written', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const other = await receiver(() => ({ status: 200 }));
    const chOther = await insertChannel(db, { town: fx.b, by: coordinator, url: other.url });
    const postId = await insertPost(db, { town: fx.a, author, status: 'published', seq: 1, channelIds: [ch.id, chOther.id] });
    await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'publish', seq: 1, status: 'delivered', text: '一度目' });
    await insertPublication(db, { town: fx.a, postId, channelId: chOther.id, action: 'publish', seq: 1, status: 'delivered' });
    // Taken down at seq 2 and scheduled again at once (seq 3, now, to `ch` only); the take-down job
    // has not run (lost, or still behind in the queue).
    await db.owner`update attraction_posts set status = 'unpublished', schedule_seq = 2 where id = ${postId}`;
    await db.owner`update attraction_posts set status = 'scheduled', schedule_seq = 3, publish_at = now() - interval '1 second', channel_ids = ${[ch.id]}::uuid[] where id = ${postId}`;

    const r = await publish(fx.a.id, postId, 3);
    expect(r.outcome).toBe('published');
    // Only the take-downs are queued; the publish to `ch` follows its take-down.
    expect(r.queued).toHaveLength(2);
    await settledAt(postId, ch.id, 'publish', 3);
    expect(eventsAt(rx)).toEqual(['attraction.unpublish', 'attraction.publish']);
    expect(webhookBody.parse(JSON.parse(rx.requests[0]!.body)).post.text).toBe('一度目');
    // The relay no longer chosen drops the old version too.
    await settledAt(postId, chOther.id, 'unpublish', 3);
    expect(eventsAt(other)).toEqual(['attraction.unpublish']);

    // The take-down job of seq 2, late: the post is public again and the relays were told.
    expect(await publish(fx.a.id, postId, 2, 'unpublish')).toEqual({ outcome: 'stale', queued: [] });
    expect(rx.requests).toHaveLength(2);
    expect((await publicationsOf(postId)).filter((x) => x.action === 'unpublish').map((x) => [x.channel_id, x.schedule_seq]))
      .toEqual([ch.id, chOther.id].sort().map((id) => [id, 3]));
  });

  it('does not publish to a relay still showing an earlier version whose take-down failed', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const postId = await insertPost(db, { town: fx.a, author, status: 'published', seq: 3, channelIds: [ch.id] });
    await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'publish', seq: 1, status: 'delivered' });
    await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'unpublish', seq: 3, status: 'failed', attempts: WEBHOOK.attempts });
    const again = await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'publish', seq: 3 });

    expect(await deliver(again)).toEqual({ sent: false, reason: 'earlier_version_held' });
    expect((await publicationsOf(postId)).find((r) => r.id === again)).toMatchObject({
      status: 'failed', attempts: 0, last_error: expect.stringMatching(/still shows an earlier version/),
    });
    expect(rx.requests).toHaveLength(0);
  });

  it('sends nothing to a relay paused since the delivery was queued', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const live = await insertPost(db, { town: fx.a, author, status: 'published', seq: 1, channelIds: [ch.id] });
    const out = await insertPublication(db, { town: fx.a, postId: live, channelId: ch.id, action: 'publish', seq: 1, attempts: 1 });
    const down = await insertPost(db, { town: fx.a, author, status: 'unpublished', seq: 2, channelIds: [ch.id] });
    await insertPublication(db, { town: fx.a, postId: down, channelId: ch.id, action: 'publish', seq: 1, status: 'delivered' });
    const takedown = await insertPublication(db, { town: fx.a, postId: down, channelId: ch.id, action: 'unpublish', seq: 2 });
    await db.owner`update attraction_channels set active = false where id = ${ch.id}`;

    for (const id of [out, takedown]) {
      expect(await deliver(id)).toEqual({ sent: false, reason: 'paused' });
      expect((await db.owner`select status, last_error from attraction_publications where id = ${id}`)[0])
        .toEqual({ status: 'failed', last_error: expect.stringMatching(/paused/) });
    }
    expect(rx.requests).toHaveLength(0);
  });

  it('clears the take-down of a post that goes out again', async () => {
    const { fx, author, coordinator } = t;
    const postId = await insertPost(db, { town: fx.a, author, status: 'scheduled', seq: 3 });
    await db.owner`update attraction_posts set unpublished_at = now() - interval '1 day', unpublished_by = ${coordinator.id},
      unpublish_reason = '写真の差し替えのため' where id = ${postId}`;
    expect((await publish(fx.a.id, postId, 3)).outcome).toBe('published');
    expect((await db.owner`select status, unpublished_at, unpublished_by, unpublish_reason from attraction_posts where id = ${postId}`)[0])
      .toEqual({ status: 'published', unpublished_at: null, unpublished_by: null, unpublish_reason: null });
  });
});

describe('schedules: a job of an older schedule does nothing', () => {
  it('publishes a rescheduled post once, at its new seq; the delayed job of the old schedule changes nothing', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const inAnHour = new Date(Date.now() + 3_600_000);
    const postId = await insertPost(db, { town: fx.a, author, seq: 1, publishAt: inAnHour, channelIds: [ch.id] });
    await emitAs(app, fx.b, 'attraction.scheduled', {
      postId, title: '三春滝桜', recipientIds: [author.id], postTownId: fx.a.id, publishAt: inAnHour.toISOString(), seq: 1,
    });
    // The relay queued it for town A, held until its time.
    const delayed = await waitFor('the delayed publish job', () => t.inspect.getJob(`attractions.publish:${postId}:1`));
    expect(await delayed.getState()).toBe('delayed');
    expect(delayed.data).toEqual({ tenantId: fx.a.id, postId, seq: 1, action: 'publish' });
    expect(delayed.opts.delay).toBeGreaterThan(3_500_000);
    expect(delayed.opts.delay).toBeLessThanOrEqual(3_600_000);
    // Early, it would do nothing either.
    expect(await publish(fx.a.id, postId, 1)).toEqual({ outcome: 'not_due', queued: [] });

    // Rescheduled to now (seq 2): published by the new job.
    await db.owner`update attraction_posts set schedule_seq = 2, publish_at = now() - interval '1 second' where id = ${postId}`;
    await emitAs(app, fx.b, 'attraction.scheduled', {
      postId, title: '三春滝桜', recipientIds: [author.id], postTownId: fx.a.id, publishAt: new Date().toISOString(), seq: 2,
    });
    await settled(postId, ch.id, 'delivered');

    // The old schedule's job, when its hour comes: nothing.
    expect(await publish(fx.a.id, postId, 1)).toEqual({ outcome: 'stale', queued: [] });
    expect((await publicationsOf(postId)).map((r) => [r.channel_id, r.schedule_seq])).toEqual([[null, 2], [ch.id, 2]]);
    expect(rx.requests).toHaveLength(1);
    expect(await eventsAbout('attraction.published', postId)).toHaveLength(1);
  });

  it('leaves an unscheduled post (back in the pool, seq bumped) alone, and a post of another town too', async () => {
    const { fx, author } = t;
    const back = await insertPost(db, { town: fx.a, author, status: 'approved', seq: 3 });
    expect(await publish(fx.a.id, back, 2)).toEqual({ outcome: 'stale', queued: [] });
    expect(await publish(fx.a.id, back, 3)).toEqual({ outcome: 'stale', queued: [] });
    expect(await postOf(back)).toMatchObject({ status: 'approved', published_at: null });

    // A job naming A's post under town B's tenant finds no such post in B.
    const other = await insertPost(db, { town: fx.a, author, seq: 1 });
    expect(await publish(fx.b.id, other, 1)).toEqual({ outcome: 'gone', queued: [] });
    expect(await postOf(other)).toMatchObject({ status: 'scheduled' });
    expect(await publicationsOf(other)).toEqual([]);
  });
});

describe('attractions.sweep', () => {
  it('publishes overdue posts whose job was lost and re-queues stale deliveries of its own town only', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const overdue = await insertPost(db, { town: fx.a, author, seq: 4, publishAt: new Date(Date.now() - 10 * 60_000), channelIds: [ch.id] });
    const justDue = await insertPost(db, { town: fx.a, author, seq: 1, publishAt: new Date(Date.now() - 1000) });
    const authorB = t.coordinator;
    const overdueB = await insertPost(db, { town: fx.b, author: authorB, seq: 1, publishAt: new Date(Date.now() - 10 * 60_000) });
    // A delivery left pending for three minutes (its job lost), and one still fresh.
    const published = await insertPost(db, { town: fx.a, author, status: 'published', seq: 1, channelIds: [ch.id] });
    const [stale] = await db.owner<{ id: string }[]>`
      insert into attraction_publications (region_id, municipality_id, post_id, channel_id, action, schedule_seq, text, updated_at)
      values (${fx.region.id}, ${fx.a.id}, ${published}, ${ch.id}, 'publish', 1, 'stale', now() - interval '3 minutes') returning id`;
    const fresh = await insertPost(db, { town: fx.a, author, status: 'published', seq: 1, channelIds: [ch.id] });
    const [recent] = await db.owner<{ id: string }[]>`
      insert into attraction_publications (region_id, municipality_id, post_id, channel_id, action, schedule_seq, text)
      values (${fx.region.id}, ${fx.a.id}, ${fresh}, ${ch.id}, 'publish', 1, 'fresh') returning id`;

    const sweep = () => new SweepAttractions(t.deps()).process(runnable('attractions.sweep', { tenantId: fx.a.id }));
    const first = await sweep();
    expect(first.published).toEqual([{ postId: overdue, outcome: 'published' }]);
    expect(first.deliveries).toContain(stale!.id);
    expect(first.deliveries).not.toContain(recent!.id);
    await settled(overdue, ch.id, 'delivered');
    await settled(published, ch.id, 'delivered');
    expect(await postOf(justDue)).toMatchObject({ status: 'scheduled' });
    expect(await postOf(overdueB)).toMatchObject({ status: 'scheduled' });
    expect((await publicationsOf(fresh))[0]).toMatchObject({ status: 'pending', attempts: 0 });

    // Nothing left for the next round.
    const second = await sweep();
    expect(second.published).toEqual([]);
    expect(second.deliveries).not.toContain(stale!.id);
    expect(await eventsAbout('attraction.published', overdue)).toHaveLength(1);
  });
});

describe('attractions.sweep: what BullMQ holds as finished, and lost take-downs', () => {
  const sweep = () => new SweepAttractions(t.deps()).process(runnable('attractions.sweep', { tenantId: t.fx.a.id }));

  it('queues a pending delivery again whose job BullMQ holds as failed or completed', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const postId = await insertPost(db, { town: fx.a, author, status: 'published', seq: 1, channelIds: [ch.id] });
    const failed = await insertPublication(db, { town: fx.a, postId, channelId: ch.id, action: 'publish', seq: 1, ageMinutes: 10 });
    const other = await insertPost(db, { town: fx.a, author, status: 'published', seq: 1, channelIds: [ch.id] });
    const completed = await insertPublication(db, { town: fx.a, postId: other, channelId: ch.id, action: 'publish', seq: 1, ageMinutes: 10 });
    // Jobs of these ids that ended without settling the row: one failed (stalled too often, the
    // database away on its last try — here a payload it refuses at once), one completed (it had
    // found nothing to do — here it looked for another publication).
    await t.inspect.add('attractions.deliver', { tenantId: fx.a.id, publicationId: 'not-a-uuid' }, { jobId: failed, attempts: 1 });
    await t.inspect.add('attractions.deliver', { tenantId: fx.a.id, publicationId: crypto.randomUUID() }, { jobId: completed, attempts: 1 });
    await waitFor('jobs finished', async () =>
      (await t.inspect.getJobState(failed)) === 'failed' && (await t.inspect.getJobState(completed)) === 'completed');

    const swept = await sweep();
    expect(swept.deliveries).toEqual(expect.arrayContaining([failed, completed]));
    await settledAt(postId, ch.id, 'publish', 1);
    await settledAt(other, ch.id, 'publish', 1);
    expect(rx.requests.map((r) => r.headers['x-yui-delivery']).sort()).toEqual([failed, completed].sort());
  });

  it('carries out take-downs whose job was lost, also of a post back in the pool, once', async () => {
    const { fx, author, coordinator } = t;
    const rx = await receiver(() => ({ status: 200 }));
    const ch = await insertChannel(db, { town: fx.b, by: coordinator, url: rx.url });
    const aged = async (status: string, seq: number, age = '10 minutes') => {
      const id = await insertPost(db, { town: fx.a, author, status, seq, channelIds: [ch.id] });
      await insertPublication(db, { town: fx.a, postId: id, channelId: ch.id, action: 'publish', seq: 1, status: 'delivered' });
      await db.owner`update attraction_posts set updated_at = now() - ${age}::interval where id = ${id}`;
      return id;
    };
    const takenDown = await aged('unpublished', 2);
    const backInPool = await aged('approved', 3);
    const justNow = await aged('unpublished', 2, '0 minutes');

    const first = await sweep();
    const mine = (r: typeof first) => r.takenDown.filter((x) => [takenDown, backInPool, justNow].includes(x.postId));
    expect(mine(first)).toEqual([{ postId: takenDown, outcome: 'unpublished' }, { postId: backInPool, outcome: 'retracted' }]);
    expect((await publicationsOf(takenDown)).filter((r) => r.action === 'unpublish').map((r) => [r.channel_id, r.schedule_seq]))
      .toEqual([[null, 2], [ch.id, 2]]);
    await settledAt(takenDown, ch.id, 'unpublish', 2);
    await settledAt(backInPool, ch.id, 'unpublish', 3);
    expect(eventsAt(rx)).toEqual(['attraction.unpublish', 'attraction.unpublish']);
    // The one taken down a moment ago is its job's to do.
    expect((await publicationsOf(justNow)).filter((r) => r.action === 'unpublish')).toEqual([]);

    expect(mine(await sweep())).toEqual([]);
    expect(rx.requests).toHaveLength(2);
  });
});

describe('attractions.sweep schedule', () => {
  it('is scheduled per town, every five minutes, Asia/Tokyo, one try per tick', async () => {
    const { fx } = t;
    const scheduler = createAttractionsScheduler({ sql: t.app.sql, queue: t.app.queue, log: testLog });
    try {
      const towns = (await db.owner<{ id: string }[]>`select id from municipalities`).length;
      expect(await scheduler.syncOnce()).toEqual({ upserted: towns, unchanged: 0, removed: 0 });
      for (const town of [fx.a, fx.b, fx.c]) {
        expect(await t.app.queue.getScheduler(attractionsSweepSchedulerId(town.id))).toMatchObject({
          name: 'attractions.sweep', pattern: '*/5 * * * *', tz: 'Asia/Tokyo', template: { data: { tenantId: town.id }, opts: { attempts: 1 } },
        });
      }
      expect(attractionsSweepSchedulerId(fx.a.id)).toBe(`attractions.sweep:${fx.a.id}`);
      expect(ATTRACTIONS_SWEEP_CRON).toBe('*/5 * * * *');
      // A second worker's sync changes nothing.
      expect(await scheduler.syncOnce()).toEqual({ upserted: 0, unchanged: towns, removed: 0 });
    } finally {
      await scheduler.stop();
      for (const s of await t.app.queue.listSchedulers()) if (s.key.startsWith('attractions.sweep:')) await t.app.queue.removeScheduler(s.key);
    }
  });
});

describe('attraction.* deliveries', () => {
  it("tells the post's town reviewers of a submission, and nobody of a photo upload", async () => {
    const { fx, author, reviewer } = t;
    const postId = await insertPost(db, { town: fx.a, author, status: 'in_review' });
    const submitted = await emitAs(app, fx.a, 'attraction.submitted', { postId, title: '三春滝桜', recipientIds: [reviewer.id], authorName: 'A町 職員' });
    await processed(submitted);
    expect(await notificationsOf(submitted)).toEqual([{
      user_id: reviewer.id, municipality_id: fx.a.id, kind: 'attraction.submitted',
      params: { title: '三春滝桜', authorName: 'A町 職員' }, link: `/attractions/${postId}`,
    }]);

    const uploaded = await emitAs(app, fx.a, 'attraction.photo_uploaded', { postId, photoId: crypto.randomUUID(), seq: 1, recipientIds: [] });
    await processed(uploaded);
    expect(await notificationsOf(uploaded)).toEqual([]);
  });
});
