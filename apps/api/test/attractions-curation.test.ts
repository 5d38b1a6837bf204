import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from './helpers';
import { attractionCast, insertPost, type AttractionCast } from './attraction-fixtures';
import { whileHolding } from './mentoring-fixtures';

// 地域の魅力, the coordinators' side: scheduling (rules, field errors in both languages, the outbox
// event, double submits, rescheduling, taking a schedule back), taking posts down (coordinators and the
// post's own town's reviewers), social-media previews, relays (secrets shown once, never listed),
// collections across towns, the publication log — and who may not: staff of another town get 403 on
// what they see, another region 404 everywhere.

const t = useTestApi();
let k: AttractionCast;
beforeAll(async () => {
  k = await attractionCast(t);
});

const events = (type: string, postId: string) => t.db.owner<{ payload: any; municipality_id: string; actor_id: string }[]>`
  select payload, municipality_id, actor_id from outbox_events where type = ${type} and payload->>'postId' = ${postId} order by created_at`;
const seqOf = async (postId: string) =>
  (await t.db.owner<{ schedule_seq: number; status: string }[]>`select schedule_seq, status from attraction_posts where id = ${postId}`)[0]!;
const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

async function newChannel(over: Record<string, unknown> = {}) {
  const res = await k.call(k.coordinator, 'POST', '/api/attractions/channels', {
    name: `X ${Math.random().toString(36).slice(2, 8)}`, kind: 'x', url: 'https://relay.example.jp/hooks/x', ...over,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string; secret: string; charLimit: number };
}

describe('relays (channels)', () => {
  it('are made by coordinators, with a secret shown once and never listed', async () => {
    const ch = await newChannel({ name: '公式X' });
    expect(ch.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(ch.charLimit).toBe(280);
    const list = await k.call(k.coordinator, 'GET', '/api/attractions/channels');
    expect(list.status).toBe(200);
    const listed = list.body.items.find((c: { id: string }) => c.id === ch.id);
    expect(listed).toMatchObject({ name: '公式X', kind: 'x', active: true });
    expect(JSON.stringify(list.body)).not.toContain(ch.secret);
    expect(Object.keys(listed)).not.toContain('secret');

    const again = await k.call(k.coordinator, 'POST', '/api/attractions/channels', { name: '公式X', kind: 'line', url: 'https://relay.example.jp/line' });
    expect(again.status).toBe(409);
    expect(again.body.error.fields.name).toContain('既に使われています');

    const rotated = await k.call(k.coordinator, 'POST', `/api/attractions/channels/${ch.id}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.body.secret).not.toBe(ch.secret);
    const [row] = await t.db.owner<{ secret: string }[]>`select secret from attraction_channels where id = ${ch.id}`;
    expect(row!.secret).toBe(rotated.body.secret);

    const paused = await k.call(k.coordinator, 'PATCH', `/api/attractions/channels/${ch.id}`, { active: false, charLimit: 140 });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ active: false, charLimit: 140 });
    expect(paused.body.secret).toBeUndefined();
  });

  it('refuse addresses that are not http(s)', async () => {
    const res = await k.call(k.coordinator, 'POST', '/api/attractions/channels', { name: 'ftp', kind: 'other', url: 'ftp://relay.example.jp/x' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['url']);
  });

  it('are the coordinators\' alone: 403 for staff of the region, 404 for another region', async () => {
    const ch = await newChannel();
    for (const [method, url, body] of [
      ['GET', '/api/attractions/channels', undefined],
      ['POST', '/api/attractions/channels', { name: 'B', kind: 'x', url: 'https://b.example.jp/' }],
      ['PATCH', `/api/attractions/channels/${ch.id}`, { name: 'B' }],
      ['POST', `/api/attractions/channels/${ch.id}/secret`, undefined],
    ] as const) {
      const res = await k.call(k.staffB1, method, url, body);
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.error.fields.role).toBe('権限: 広域コーディネーターだけができます');
      expect(JSON.stringify(res.body)).not.toContain(ch.secret);
    }
    // A coordinator of another region: the relay does not exist for them.
    expect((await k.call(k.outsider, 'PATCH', `/api/attractions/channels/${ch.id}`, { name: 'mine' })).status).toBe(404);
    expect((await k.call(k.outsider, 'POST', `/api/attractions/channels/${ch.id}/secret`)).status).toBe(404);
    const theirs = await k.call(k.outsider, 'GET', '/api/attractions/channels');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((c: { id: string }) => c.id)).not.toContain(ch.id);
  });
});

describe('scheduling', () => {
  it('schedules a pooled post of another town: status, relays, texts, and the event for the post\'s town', async () => {
    const ch = await newChannel();
    const post = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'approved', title: '滝桜まつり' });
    const publishAt = inHours(24);
    const res = await k.call(k.coordinator, 'POST', `/api/attractions/${post.id}/schedule`, {
      publishAt, channelIds: [ch.id], socialTexts: { [ch.id]: '  春の三春へ  ' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'scheduled', publishAt, channelIds: [ch.id], socialTexts: { [ch.id]: '春の三春へ' },
      scheduledBy: { id: k.coordinator.id }, town: { id: k.townB.id },
    });
    expect(res.body.can).toMatchObject({ schedule: true, unpublish: true, edit: false });
    expect(await seqOf(post.id)).toEqual({ schedule_seq: 1, status: 'scheduled' });

    const [e, ...more] = await events('attraction.scheduled', post.id);
    expect(more).toHaveLength(0);
    // In the coordinator's own town; the relay queues the publish job for the post's town.
    expect(e!.municipality_id).toBe(k.townA.id);
    expect(e!.actor_id).toBe(k.coordinator.id);
    expect(e!.payload).toEqual({
      postId: post.id, title: '滝桜まつり', postTownId: k.townB.id, publishAt, seq: 1, recipientIds: [k.staffB1.id],
    });

    // A double submit: nothing changes, no second event.
    const twice = await k.call(k.coordinator, 'POST', `/api/attractions/${post.id}/schedule`, {
      publishAt, channelIds: [ch.id], socialTexts: { [ch.id]: '春の三春へ' },
    });
    expect(twice.status).toBe(200);
    expect(await seqOf(post.id)).toEqual({ schedule_seq: 1, status: 'scheduled' });
    expect(await events('attraction.scheduled', post.id)).toHaveLength(1);

    // Rescheduling moves the seq on: the job of the first schedule will find nothing to do.
    const later = inHours(48);
    const moved = await k.call(k.coordinator, 'POST', `/api/attractions/${post.id}/schedule`, { publishAt: later, channelIds: [] });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ publishAt: later, channelIds: [], socialTexts: {} });
    const all = await events('attraction.scheduled', post.id);
    expect(all.map((x) => x.payload.seq)).toEqual([1, 2]);

    // Taking the schedule back: approved, seq 3; again: the same answer.
    const back = await k.call(k.coordinator, 'DELETE', `/api/attractions/${post.id}/schedule`);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'approved', publishAt: null });
    expect(await seqOf(post.id)).toEqual({ schedule_seq: 3, status: 'approved' });
    const backAgain = await k.call(k.coordinator, 'DELETE', `/api/attractions/${post.id}/schedule`);
    expect(backAgain.status).toBe(200);
    expect(await seqOf(post.id)).toEqual({ schedule_seq: 3, status: 'approved' });
  });

  it('two identical submits at the same moment make one schedule and one event', async () => {
    const ch = await newChannel();
    const post = await insertPost(t, { town: k.townC, author: k.staffC1, status: 'approved' });
    const body = { publishAt: inHours(6), channelIds: [ch.id], socialTexts: { [ch.id]: '同時送信' } };
    const results = await whileHolding(
      t, (tx) => tx`select id from attraction_posts where id = ${post.id} for update`,
      [1, 2].map(() => () => k.call(k.coordinator, 'POST', `/api/attractions/${post.id}/schedule`, body)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(await seqOf(post.id)).toEqual({ schedule_seq: 1, status: 'scheduled' });
    expect((await events('attraction.scheduled', post.id)).map((e) => e.payload.seq)).toEqual([1]);
  });

  it('"now" is a few minutes back; a time in the past or more than a year ahead is refused (ja / en)', async () => {
    const post = await insertPost(t, { town: k.townC, author: k.staffC1, status: 'approved' });
    const url = `/api/attractions/${post.id}/schedule`;
    const now = await k.call(k.coordinator, 'POST', url, { publishAt: new Date(Date.now() - 60_000).toISOString() });
    expect(now.status).toBe(200);

    const other = await insertPost(t, { town: k.townC, author: k.staffC1, status: 'approved' });
    const past = await k.call(k.coordinator, 'POST', `/api/attractions/${other.id}/schedule`, { publishAt: new Date(Date.now() - 3600_000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error.fields).toEqual({ publishAt: '公開日時: 今より後の日時にしてください' });
    const pastEn = await k.call(k.coordinator, 'POST', `/api/attractions/${other.id}/schedule`, { publishAt: '2020-01-01T00:00:00Z' }, 'en');
    expect(pastEn.body.error.fields).toEqual({ publishAt: 'Publish at must be in the future' });
    const far = await k.call(k.coordinator, 'POST', `/api/attractions/${other.id}/schedule`, { publishAt: inHours(24 * 400) });
    expect(far.body.error.fields).toEqual({ publishAt: '公開日時: 1年以内の日時にしてください' });
    expect(await seqOf(other.id)).toEqual({ schedule_seq: 0, status: 'approved' });
  });

  it('takes active relays of the region only, and names the relay whose text is over its limit', async () => {
    const post = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'approved' });
    const url = `/api/attractions/${post.id}/schedule`;
    const x = await newChannel({ name: `X短文${Date.now()}`, charLimit: 20 });
    const paused = await newChannel();
    await k.call(k.coordinator, 'PATCH', `/api/attractions/channels/${paused.id}`, { active: false });

    const unknown = await k.call(k.coordinator, 'POST', url, { publishAt: inHours(2), channelIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual({ channelIds: '配信先: 配信先が見つかりません' });
    const inactive = await k.call(k.coordinator, 'POST', url, { publishAt: inHours(2), channelIds: [paused.id] }, 'en');
    expect(inactive.body.error.fields).toEqual({ channelIds: 'Channels is a paused channel' });

    // X weighs Japanese double: 13 characters are 26 > 20.
    const over = await k.call(k.coordinator, 'POST', url, { publishAt: inHours(2), channelIds: [x.id], socialTexts: { [x.id]: '三春滝桜が満開になりました' } });
    expect(over.status).toBe(400);
    expect(over.body.error.fields).toEqual({ socialTexts: `SNS向け本文: ${x.name}の上限（20）を超えています（26）` });
    const overEn = await k.call(k.coordinator, 'POST', url, { publishAt: inHours(2), channelIds: [x.id], socialTexts: { [x.id]: '三春滝桜が満開になりました' } }, 'en');
    expect(overEn.body.error.fields.socialTexts).toBe(`Text for social media is over ${x.name}’s limit (26 of 20)`);
    const fits = await k.call(k.coordinator, 'POST', url, { publishAt: inHours(2), channelIds: [x.id], socialTexts: { [x.id]: '滝桜 満開 spring' } });
    expect(fits.status).toBe(200);
  });

  it('is the coordinators\': 403 for staff who see the post, 404 for posts they cannot see and for another region', async () => {
    const pooled = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'approved' });
    const body = { publishAt: inHours(3) };
    for (const who of [k.staffB1, k.managerB, k.staffA1, k.adminA]) {
      const res = await k.call(who, 'POST', `/api/attractions/${pooled.id}/schedule`, body);
      expect(res.status, who.name).toBe(403);
      expect(res.body.error.fields.role).toBe('権限: 広域コーディネーターだけができます');
      expect((await k.call(who, 'DELETE', `/api/attractions/${pooled.id}/schedule`)).status).toBe(403);
      expect((await k.call(who, 'GET', `/api/attractions/${pooled.id}/social-preview`)).status).toBe(403);
    }
    for (const status of ['draft', 'in_review', 'returned', 'rejected'] as const) {
      const hidden = await insertPost(t, { town: k.townB, author: k.staffB1, status });
      expect((await k.call(k.coordinator, 'POST', `/api/attractions/${hidden.id}/schedule`, body)).status, status).toBe(404);
    }
    // Another region: nothing of R exists.
    expect((await k.call(k.outsider, 'POST', `/api/attractions/${pooled.id}/schedule`, body)).status).toBe(404);
    expect((await k.call(k.outsider, 'DELETE', `/api/attractions/${pooled.id}/schedule`)).status).toBe(404);
    expect((await k.call(k.outsider, 'GET', `/api/attractions/${pooled.id}/social-preview`)).status).toBe(404);
    expect(await seqOf(pooled.id)).toEqual({ schedule_seq: 0, status: 'approved' });
  });

  it('a published post is not scheduled again until taken down; the same schedule again is still fine', async () => {
    const post = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'approved' });
    const publishAt = inHours(1);
    expect((await k.call(k.coordinator, 'POST', `/api/attractions/${post.id}/schedule`, { publishAt })).status).toBe(200);
    // What the worker does at publishAt.
    await t.db.owner`update attraction_posts set status = 'published', published_at = now() where id = ${post.id}`;
    expect((await k.call(k.coordinator, 'POST', `/api/attractions/${post.id}/schedule`, { publishAt })).status).toBe(200);
    const other = await k.call(k.coordinator, 'POST', `/api/attractions/${post.id}/schedule`, { publishAt: inHours(5) });
    expect(other.status).toBe(409);
    expect(other.body.error.fields.status).toContain('公開中の投稿です');
    expect(await seqOf(post.id)).toEqual({ schedule_seq: 1, status: 'published' });
    expect((await k.call(k.coordinator, 'DELETE', `/api/attractions/${post.id}/schedule`)).status).toBe(409);
  });
});

describe('taking posts down', () => {
  it('the post\'s own town\'s reviewers and the coordinators may; other staff get 403, another region 404', async () => {
    const post = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'published', title: '三春の桜' });
    const url = `/api/attractions/${post.id}/unpublish`;
    for (const who of [k.staffB2, k.staffA1, k.managerA]) {
      const res = await k.call(who, 'POST', url, { reason: 'x' });
      expect(res.status, who.name).toBe(403);
      expect(res.body.error.fields.role).toContain('公開を停止できます');
    }
    expect((await k.call(k.outsider, 'POST', url, { reason: 'x' })).status).toBe(404);

    const res = await k.call(k.managerB, 'POST', url, { reason: '  写真の差し替えのため  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'unpublished', unpublishReason: '写真の差し替えのため' });
    expect(res.body.unpublishedAt).toBeTruthy();
    expect(await seqOf(post.id)).toEqual({ schedule_seq: 1, status: 'unpublished' });
    const [e, ...more] = await events('attraction.unpublished', post.id);
    expect(more).toHaveLength(0);
    expect(e!.municipality_id).toBe(k.townB.id);
    expect(e!.payload).toEqual({
      postId: post.id, title: '三春の桜', postTownId: k.townB.id, seq: 1, reason: '写真の差し替えのため', recipientIds: [k.staffB1.id],
    });

    // Again: the post as it is, no second event.
    expect((await k.call(k.managerB, 'POST', url, {})).status).toBe(200);
    expect(await events('attraction.unpublished', post.id)).toHaveLength(1);
  });

  it('a coordinator of another town takes down published and scheduled posts (the guard trigger lets them)', async () => {
    const published = await insertPost(t, { town: k.townC, author: k.staffC1, status: 'published' });
    const res = await k.call(k.coordinator, 'POST', `/api/attractions/${published.id}/unpublish`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('unpublished');
    expect(res.body.publishedAt).toBeTruthy();

    const scheduled = await insertPost(t, { town: k.townC, author: k.staffC1, status: 'approved' });
    await k.call(k.coordinator, 'POST', `/api/attractions/${scheduled.id}/schedule`, { publishAt: inHours(10) });
    const down = await k.call(k.coordinator, 'POST', `/api/attractions/${scheduled.id}/unpublish`, { reason: '写真の差し替え' });
    expect(down.body).toMatchObject({ status: 'unpublished', unpublishReason: '写真の差し替え' });
    expect(await seqOf(scheduled.id)).toEqual({ schedule_seq: 2, status: 'unpublished' });

    // Taken down, it may be scheduled again — and no longer shows the take-down's reason.
    const again = await k.call(k.coordinator, 'POST', `/api/attractions/${scheduled.id}/schedule`, { publishAt: inHours(12) });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'scheduled', unpublishedAt: null, unpublishReason: null });

    const approved = await insertPost(t, { town: k.townC, author: k.staffC1, status: 'approved' });
    const refused = await k.call(k.coordinator, 'POST', `/api/attractions/${approved.id}/unpublish`, { reason: '' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields.status).toBe('状態: 公開中・公開予約済みの投稿ではありません');
  });
});

describe('social-media preview', () => {
  it('gives each active relay its text (own or composed with the public address), count and limit', async () => {
    const x = await newChannel({ name: `X預${Date.now()}` });
    const line = await newChannel({ name: `LINE預${Date.now()}`, kind: 'line', url: 'https://relay.example.jp/line' });
    const paused = await newChannel();
    await k.call(k.coordinator, 'PATCH', `/api/attractions/channels/${paused.id}`, { active: false });
    const post = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'approved', title: '滝桜', body: '春の三春。'.repeat(60), tags: ['桜'] });
    await k.call(k.coordinator, 'POST', `/api/attractions/${post.id}/schedule`, {
      publishAt: inHours(30), channelIds: [line.id], socialTexts: { [line.id]: 'LINEだけの文面' },
    });
    const res = await k.call(k.coordinator, 'GET', `/api/attractions/${post.id}/social-preview`);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((i: { channel: { id: string } }) => [i.channel.id, i]));
    expect(byId.has(paused.id)).toBe(false);
    const xi = byId.get(x.id) as { text: string; count: number; limit: number; over: boolean };
    expect(xi.text).toMatch(/^滝桜【三春町】/);
    expect(xi.text).toContain(`/visit/${k.region.slug}/${post.id}`);
    expect(xi.text).toContain('#桜');
    expect(xi.limit).toBe(280);
    expect(xi.count).toBeLessThanOrEqual(280);
    expect(xi.over).toBe(false);
    expect(byId.get(line.id)).toMatchObject({ text: 'LINEだけの文面', count: 9, limit: 500, over: false });
  });
});

describe('collections (特集)', () => {
  it('gather pooled posts across towns; staff of the region read them, coordinators write them', async () => {
    const spring = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'approved', title: '三春滝桜' });
    const park = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'published', title: '開成山公園' });
    const body = {
      title: '春の桜めぐり', description: '三春町から郡山市へ',
      items: [{ postId: spring.id, note: 'ここから車で30分' }, { postId: park.id }], idempotencyKey: 'spring-route-1',
    };
    const res = await k.call(k.coordinator, 'POST', '/api/attractions/collections', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: '春の桜めぐり', status: 'draft', count: 2, publicUrl: null,
      towns: [{ id: k.townB.id, name: '三春町' }, { id: k.townA.id, name: '郡山市' }],
    });
    expect(res.body.items.map((i: { note: string; post: { id: string } }) => [i.post.id, i.note])).toEqual([[spring.id, 'ここから車で30分'], [park.id, '']]);
    const again = await k.call(k.coordinator, 'POST', '/api/attractions/collections', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);

    // Every staff member of the region reads it, drafts too.
    const read = await k.call(k.staffC1, 'GET', `/api/attractions/collections/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.items).toHaveLength(2);
    const list = await k.call(k.staffC1, 'GET', '/api/attractions/collections');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(res.body.id);

    // Only coordinators write.
    for (const [method, url, b] of [
      ['POST', '/api/attractions/collections', { title: 'x' }],
      ['PATCH', `/api/attractions/collections/${res.body.id}`, { title: 'x' }],
      ['DELETE', `/api/attractions/collections/${res.body.id}`, undefined],
    ] as const) {
      const r = await k.call(k.staffC1, method, url, b);
      expect(r.status, `${method} ${url}`).toBe(403);
    }
    // Another region sees nothing.
    for (const [method, url, b] of [
      ['GET', `/api/attractions/collections/${res.body.id}`, undefined],
      ['PATCH', `/api/attractions/collections/${res.body.id}`, { title: 'x' }],
      ['DELETE', `/api/attractions/collections/${res.body.id}`, undefined],
    ] as const) {
      expect((await k.call(k.outsider, method, url, b)).status, `${method} ${url}`).toBe(404);
    }
    expect((await k.call(k.outsider, 'GET', '/api/attractions/collections')).body.items.map((c: { id: string }) => c.id)).not.toContain(res.body.id);

    // Publishing stamps the time and gives the public address; the stops can be reordered.
    const pub = await k.call(k.coordinator, 'PATCH', `/api/attractions/collections/${res.body.id}`, {
      status: 'published', items: [{ postId: park.id, note: 'まずは郡山' }, { postId: spring.id }],
    });
    expect(pub.status).toBe(200);
    expect(pub.body.publishedAt).toBeTruthy();
    expect(pub.body.publicUrl).toBe(`http://localhost:3000/visit/${k.region.slug}/collections/${res.body.id}`);
    expect(pub.body.items.map((i: { post: { id: string } }) => i.post.id)).toEqual([park.id, spring.id]);
    expect(pub.body.towns.map((x: { id: string }) => x.id)).toEqual([k.townA.id, k.townB.id]);

    const gone = await k.call(k.coordinator, 'DELETE', `/api/attractions/collections/${res.body.id}`);
    expect(gone.body).toEqual({ ok: true });
    expect((await k.call(k.staffC1, 'GET', `/api/attractions/collections/${res.body.id}`)).status).toBe(404);
    expect(await seqOf(spring.id)).toMatchObject({ status: 'approved' });
  });

  it('take pooled posts only, each once', async () => {
    const ok = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'approved' });
    const draft = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'draft' });
    const review = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'in_review' });
    const res = await k.call(k.coordinator, 'POST', '/api/attractions/collections', {
      title: '混在', items: [{ postId: ok.id }, { postId: draft.id }, { postId: ok.id }, { postId: review.id }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({
      'items.1.postId': '投稿: 承認済みの投稿だけを選べます',
      'items.2.postId': '投稿: 同じ投稿が2回含まれています',
      'items.3.postId': '投稿: 承認済みの投稿だけを選べます',
    });
  });
});

describe('the publication log', () => {
  it('lists the region\'s deliveries newest first, for coordinators', async () => {
    const post = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'published', title: 'ログの投稿' });
    const ch = await newChannel({ name: `ログ${Date.now()}` });
    await t.db.owner`
      insert into attraction_publications (region_id, municipality_id, post_id, channel_id, action, schedule_seq, status, attempts, text, created_at)
      values (${k.region.id}, ${k.townB.id}, ${post.id}, null, 'publish', 1, 'delivered', 1, '', now() - interval '1 minute'),
             (${k.region.id}, ${k.townB.id}, ${post.id}, ${ch.id}, 'publish', 1, 'pending', 2, 'テキスト', now())`;
    const res = await k.call(k.coordinator, 'GET', '/api/attractions/publications?limit=1');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      post: { id: post.id, title: 'ログの投稿', town: { id: k.townB.id, name: '三春町' } },
      channel: { id: ch.id, name: ch.name, kind: 'x' }, status: 'pending', attempts: 2, text: 'テキスト', scheduleSeq: 1,
    });
    const next = await k.call(k.coordinator, 'GET', `/api/attractions/publications?limit=1&cursor=${res.body.nextCursor}`);
    expect(next.body.items[0]).toMatchObject({ channel: null, status: 'delivered' });
    const pending = await k.call(k.coordinator, 'GET', '/api/attractions/publications?status=pending');
    expect(pending.body.items.every((i: { status: string }) => i.status === 'pending')).toBe(true);

    expect((await k.call(k.staffB1, 'GET', '/api/attractions/publications')).status).toBe(403);
    const theirs = await k.call(k.outsider, 'GET', '/api/attractions/publications');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
  });
});

describe('what a relay answered', () => {
  it('is read by the coordinators; other staff see the delivery’s status and tries only', async () => {
    const p = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'published' });
    const [ch] = await t.db.owner<[{ id: string }]>`
      insert into attraction_channels (region_id, municipality_id, name, kind, url, secret, char_limit, created_by)
      values (${k.region.id}, ${k.townA.id}, ${`relay-${p.id}`}, 'x', 'https://relay.example.invalid/x', 's', 280, ${k.coordinator.id}) returning id`;
    await t.db.owner`insert into attraction_publications (region_id, municipality_id, post_id, channel_id, action, schedule_seq, status, attempts, response_status, last_error)
      values (${k.region.id}, ${k.townB.id}, ${p.id}, ${ch.id}, 'publish', 1, 'pending', 2, 502, 'HTTP 502: upstream 10.0.0.7 refused')`;
    const relayRow = (body: { publications: Array<{ channel: { id: string } | null; attempts: number; lastError: string | null }> }) =>
      body.publications.find((u) => u.channel?.id === ch.id)!;
    const asCoordinator = await k.call(k.coordinator, 'GET', `/api/attractions/${p.id}`);
    expect(relayRow(asCoordinator.body)).toMatchObject({ attempts: 2, lastError: 'HTTP 502: upstream 10.0.0.7 refused' });
    for (const who of [k.staffB1, k.staffA1]) {
      const res = await k.call(who, 'GET', `/api/attractions/${p.id}`);
      expect(res.status).toBe(200);
      expect(relayRow(res.body), who.name).toMatchObject({ attempts: 2, lastError: null });
    }
  });
});
