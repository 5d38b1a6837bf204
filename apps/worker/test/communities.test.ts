import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { EventPayload, EventType, JobPayload } from '@yui/contracts';
import { addDays, todayInJapan } from '@yui/domain';
import { withTenant, type Sql } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import { newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { type WorkerApp } from '../src/app';
import { JobProcessor, type JobContext, type ProcessorDeps } from '../src/processors/base';
import { SendCommunityDigest, DIGEST_MAX_POSTS, type CommunityDigestResult } from '../src/processors/communities/digest';
import { SendCommunityEventReminders, type CommunityEventRemindersResult } from '../src/processors/communities/event-reminders';
import { DeliverOutboxEvent } from '../src/processors/outbox/deliver';
import { appPool, emitAs, readMailbox, testLog, waitFor, startWorkerTest, type WorkerTest } from './helpers';

let w: WorkerTest;
let db: TestDatabase;
let app: WorkerApp;
let api: Sql;
let mailbox: string;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;

beforeAll(async () => {
  // The relay runs (LISTEN): emitted events go all the way to notifications and mail. Schedulers are
  // left to communities-schedule.test.ts; here the jobs are run directly.
  w = await startWorkerTest({ startScheduler: false });
  ({ db, app, mailbox } = w);
  fx = await newTenancyFixture(db.owner);
  api = appPool(db);
});

afterAll(async () => {
  await api?.end();
  await w?.close();
});

type Person = Awaited<ReturnType<typeof newUser>>;

// ---------- arranging (as the owner, behind the API's back) ----------

async function insertCommunity(
  c: { name?: string; visibility?: 'open' | 'approval' | 'invite'; createdBy: Person },
  members: Array<[Person, ('all' | 'digest' | 'mute')?, ('active' | 'pending' | 'invited')?]> = [],
): Promise<{ id: string; name: string }> {
  const name = c.name ?? `テストコミュニティ${randomUUID().slice(0, 6)}`;
  const [row] = await db.owner<{ id: string; name: string }[]>`
    insert into communities (region_id, name, category, visibility, created_by, created_by_municipality_id)
    values (${fx.region.id}, ${name}, 'learning', ${c.visibility ?? 'open'}, ${c.createdBy.id}, ${c.createdBy.municipalityId})
    returning id, name`;
  for (const [u, notify, status] of members) {
    await db.owner`insert into community_members (region_id, community_id, user_id, municipality_id, status, notify, joined_at)
                   values (${fx.region.id}, ${row!.id}, ${u.id}, ${u.municipalityId}, ${status ?? 'active'}, ${notify ?? 'digest'}, now())`;
  }
  return row!;
}

async function insertPost(
  communityId: string, author: Person,
  p: { title?: string | null; body?: string; kind?: string; anonymous?: boolean; at?: Date; hidden?: boolean; deleted?: boolean } = {},
): Promise<string> {
  const body = p.body ?? '本文です。';
  const [row] = await db.owner<{ id: string }[]>`
    insert into community_posts (region_id, community_id, author_id, author_municipality_id, kind, title, body, body_html, excerpt,
                                 anonymous, hidden_at, deleted_at, created_at, updated_at)
    values (${fx.region.id}, ${communityId}, ${author.id}, ${author.municipalityId}, ${p.kind ?? 'post'}, ${p.title === undefined ? '投稿のタイトル' : p.title},
            ${body}, ${`<p>${body}</p>`}, ${body}, ${p.anonymous ?? false}, ${p.hidden ? new Date() : null}, ${p.deleted ? new Date() : null},
            ${p.at ?? new Date()}, ${p.at ?? new Date()})
    returning id`;
  return row!.id;
}

/** 10:00 in Japan on `date`. */
const jst = (date: string, time = '10:00') => new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+09:00`);
const today = () => todayInJapan();

async function insertEvent(communityId: string, by: Person, e: { title?: string; startsAt: Date; status?: 'scheduled' | 'cancelled' }): Promise<string> {
  const [row] = await db.owner<{ id: string }[]>`
    insert into community_events (region_id, community_id, title, starts_at, ends_at, place, status, created_by, created_by_municipality_id)
    values (${fx.region.id}, ${communityId}, ${e.title ?? '勉強会'}, ${e.startsAt}, ${new Date(e.startsAt.getTime() + 2 * 3_600_000)},
            '郡山市役所', ${e.status ?? 'scheduled'}, ${by.id}, ${by.municipalityId})
    returning id`;
  return row!.id;
}

async function register(communityId: string, eventId: string, u: Person, status: 'registered' | 'waitlisted' | 'cancelled' = 'registered') {
  await db.owner`insert into community_event_registrations (region_id, community_id, event_id, user_id, municipality_id, status, cancelled_at)
                 values (${fx.region.id}, ${communityId}, ${eventId}, ${u.id}, ${u.municipalityId}, ${status}, ${status === 'cancelled' ? new Date() : null})`;
}

// ---------- looking ----------

const mailsTo = async (email: string) => (await readMailbox(mailbox)).filter((m) => m.to.includes(email));
const notificationsOf = (eventId: string) =>
  db.owner<{ user_id: string; municipality_id: string; kind: string; params: Record<string, unknown>; link: string | null; emailed_at: Date | null }[]>`
    select user_id, municipality_id, kind, params, link, emailed_at from notifications where event_id = ${eventId} order by user_id`;
const delivered = (eventId: string) => waitFor(`event ${eventId} delivered`, async () =>
  (await db.owner`select processed_at from outbox_events where id = ${eventId}`)[0]?.processed_at);
const sorted = (ids: string[]) => [...ids].sort();

const deps = (now?: () => Date): ProcessorDeps => ({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL, now });
const job = (name: string, data: unknown) => ({ id: `test-${randomUUID()}`, name, data, attemptsMade: 0 });

// ---------- 1. cross-town delivery ----------

describe('outbox.deliver: community events reach staff of every town of the region', () => {
  let a1: Person; let b1: Person; let bGone: Person; let c1: Person; let actor: Person;
  let community: { id: string; name: string };
  beforeAll(async () => {
    actor = await newUser(db.owner, fx.a.id, { name: '投稿 する人' });
    a1 = await newUser(db.owner, fx.a.id, { name: '郡山 花子' });
    b1 = await newUser(db.owner, fx.b.id, { name: '三春 桜' });
    bGone = await newUser(db.owner, fx.b.id, { active: false });
    c1 = await newUser(db.owner, fx.c.id, { name: '他県 守' });
    community = await insertCommunity({ name: '観光DX勉強会', createdBy: actor }, [[actor], [a1, 'all'], [b1, 'all']]);
  });

  const postCreated = (recipientIds: string[], postId = randomUUID()): EventPayload<'community.post_created'> => ({
    communityId: community.id, communityName: community.name, recipientIds, postId, kind: 'post', title: '補助金の申請のこつ', authorName: '投稿 する人',
  });

  it("writes each notification in the recipient's own town and mails each once; another region's staff get nothing", async () => {
    const payload = postCreated([a1.id, b1.id, b1.id, bGone.id, c1.id]);
    const eventId = await emitAs(api, fx.a, 'community.post_created', payload);
    await delivered(eventId);

    const rows = await notificationsOf(eventId);
    expect(rows.map((r) => [r.user_id, r.municipality_id])).toEqual(sorted([a1.id, b1.id]).map((id) => [id, id === a1.id ? fx.a.id : fx.b.id]));
    for (const r of rows) {
      expect(r).toMatchObject({
        kind: 'community.post_created', link: `/communities/posts/${payload.postId}`,
        params: { communityName: '観光DX勉強会', kind: 'post', title: '補助金の申請のこつ', authorName: '投稿 する人' },
      });
      expect(r.emailed_at).toBeInstanceOf(Date);
    }

    const toB = await mailsTo(b1.email);
    expect(toB).toHaveLength(1);
    expect(toB[0]!.subject).toBe('観光DX勉強会に新しい投稿');
    expect(toB[0]!.text).toContain('三春 桜 様');
    expect(toB[0]!.text).toContain('投稿 する人さん: 補助金の申請のこつ');
    expect(toB[0]!.text).toContain(`Yuiで開く: https://yui.test.example/app/communities/posts/${payload.postId}`);
    expect(await mailsTo(a1.email)).toHaveLength(1);
    expect(await mailsTo(c1.email)).toHaveLength(0);
    expect(await mailsTo(bGone.email)).toHaveLength(0);
    expect(await db.owner`select id from notifications where user_id in (${c1.id}, ${bGone.id})`).toHaveLength(0);

    // Delivered again (a retry; processed_at never stamped, as after a crash): nothing new.
    await db.owner`update outbox_events set processed_at = null where id = ${eventId}`;
    const deliver = new DeliverOutboxEvent(deps());
    await expect(deliver.process(job('outbox.deliver', { tenantId: fx.a.id, eventId }))).resolves.toEqual({ notified: 0, mailed: 0 });
    expect(await notificationsOf(eventId)).toHaveLength(2);
    expect(await mailsTo(b1.email)).toHaveLength(1);
    expect(await mailsTo(a1.email)).toHaveLength(1);
  });

  it('two deliveries at the same moment notify and mail each person once', async () => {
    const eventId = await emitAs(api, fx.b, 'community.replied', {
      communityId: community.id, communityName: community.name, recipientIds: [a1.id, b1.id], postId: randomUUID(), commentId: randomUUID(), authorName: '三春 桜',
    });
    const deliver = new DeliverOutboxEvent(deps());
    const before = { a: (await mailsTo(a1.email)).length, b: (await mailsTo(b1.email)).length };
    await Promise.all([0, 1, 2].map(() => deliver.process(job('outbox.deliver', { tenantId: fx.b.id, eventId }))));
    await delivered(eventId);
    expect((await notificationsOf(eventId)).map((r) => r.municipality_id).sort()).toEqual(sorted([fx.a.id, fx.b.id]));
    expect((await mailsTo(a1.email)).length).toBe(before.a + 1);
    expect((await mailsTo(b1.email)).length).toBe(before.b + 1);
  });

  it("an event of a town in another region reaches nobody in this one (region_people answers only the event tenant's region)", async () => {
    const eventId = await emitAs(api, fx.c, 'community.invited', {
      communityId: community.id, communityName: '偽のコミュニティ', recipientIds: [a1.id, b1.id, c1.id], inviterName: '他県 守',
    });
    await delivered(eventId);
    expect((await notificationsOf(eventId)).map((r) => [r.user_id, r.municipality_id])).toEqual([[c1.id, fx.c.id]]);
    expect((await mailsTo(a1.email)).filter((m) => m.subject === 'コミュニティに招待されました')).toHaveLength(0);
  });

  it('never tells the actor of their own doing', async () => {
    const eventId = await withTenant(api, { tenantId: fx.a.id, regionId: fx.region.id }, (tx) =>
      emitEvent(tx, { tenantId: fx.a.id, type: 'community.post_created', payload: postCreated([actor.id, b1.id]), actorId: actor.id }));
    await delivered(eventId);
    expect((await notificationsOf(eventId)).map((r) => r.user_id)).toEqual([b1.id]);
  });

  it('gives every community event its link and parameters', async () => {
    const postId = randomUUID();
    const eventId = randomUUID();
    const base = { communityId: community.id, communityName: community.name, recipientIds: [b1.id] };
    const ev = { ...base, eventId, title: '観光データ勉強会', startsAt: '2030-05-01T10:00:00+09:00' };
    const cases: { [T in EventType]?: [EventPayload<T>, string, Record<string, unknown>] } = {
      'community.post_created': [{ ...base, postId, kind: 'question', title: null, authorName: null }, `/communities/posts/${postId}`, { kind: 'question', title: null, authorName: null }],
      'community.mentioned': [{ ...base, postId, commentId: null, authorName: '郡山 花子' }, `/communities/posts/${postId}`, { authorName: '郡山 花子' }],
      'community.replied': [{ ...base, postId, commentId: randomUUID(), authorName: '郡山 花子' }, `/communities/posts/${postId}`, { authorName: '郡山 花子' }],
      'community.answer_accepted': [{ ...base, postId, commentId: randomUUID() }, `/communities/posts/${postId}`, {}],
      'community.join_requested': [{ ...base, requesterName: '郡山 花子' }, `/communities/${community.id}/members?status=pending`, { requesterName: '郡山 花子' }],
      'community.join_approved': [{ ...base }, `/communities/${community.id}`, {}],
      'community.invited': [{ ...base, inviterName: '郡山 花子' }, `/communities/${community.id}`, { inviterName: '郡山 花子' }],
      'community.reported': [{ ...base, postId }, `/communities/posts/${postId}`, {}],
      'community.interested': [{ ...base, postId, personName: '郡山 花子' }, `/communities/posts/${postId}`, { personName: '郡山 花子' }],
      'community.event_created': [ev, `/communities/events/${eventId}`, { title: ev.title, startsAt: ev.startsAt }],
      'community.event_promoted': [ev, `/communities/events/${eventId}`, { title: ev.title, startsAt: ev.startsAt }],
      'community.event_reminder': [ev, `/communities/events/${eventId}`, { title: ev.title, startsAt: ev.startsAt }],
      'community.event_cancelled': [ev, `/communities/events/${eventId}`, { title: ev.title, startsAt: ev.startsAt }],
    };
    const types = Object.keys(cases) as EventType[];
    const emitted = await Promise.all(types.map((type) => emitAs(api, fx.a, type, cases[type]![0] as never)));
    for (const [i, type] of types.entries()) {
      await delivered(emitted[i]!);
      const [, link, params] = cases[type]!;
      expect(await notificationsOf(emitted[i]!), type).toMatchObject([
        { user_id: b1.id, municipality_id: fx.b.id, kind: type, link, params: { communityName: community.name, ...params } },
      ]);
    }
    const subjects = (await mailsTo(b1.email)).map((m) => m.subject);
    expect(subjects).toContain('明日のイベント: 観光データ勉強会');
    expect(subjects).toContain('参加申請があります');
  });
});

describe('JobContext.inRegionTenant', () => {
  class Probe extends JobProcessor<'community.digest', unknown> {
    readonly name = 'community.digest' as const;
    constructor(d: ProcessorDeps, private readonly target: string) { super(d); }
    protected handle(_p: JobPayload<'community.digest'>, ctx: JobContext) {
      return ctx.inRegionTenant(this.target, async (tx) =>
        (await tx.execute<{ t: string; r: string; u: string }>(
          sql`select current_setting('app.tenant_id') as t, current_setting('app.region_id') as r, current_setting('app.user_id') as u`))[0]);
    }
  }
  it("runs in another town of the job tenant's region, and refuses a town of another region", async () => {
    await expect(new Probe(deps(), fx.b.id).process(job('community.digest', { tenantId: fx.a.id }))).resolves.toEqual({ t: fx.b.id, r: fx.region.id, u: '' });
    await expect(new Probe(deps(), fx.c.id).process(job('community.digest', { tenantId: fx.a.id }))).rejects.toThrow(/not in region/);
  });
});

// ---------- 2. the daily digest ----------

describe('community.digest', () => {
  const runDigest = (tenantId: string, now?: () => Date) =>
    new SendCommunityDigest(deps(now)).process(job('community.digest', { tenantId })) as Promise<CommunityDigestResult>;
  const digestsTo = async (email: string) => (await mailsTo(email)).filter((m) => m.headers['x-yui-notification']?.startsWith('community-digest:'));

  let reader: Person; let allReader: Person; let muted: Person; let authorB: Person; let outsider: Person;
  let open: { id: string; name: string }; let invite: { id: string; name: string }; let secret: { id: string; name: string };
  const posts: Record<string, string> = {};
  beforeAll(async () => {
    reader = await newUser(db.owner, fx.a.id, { name: '読む 人' });
    allReader = await newUser(db.owner, fx.a.id, { name: '全部 読む' });
    muted = await newUser(db.owner, fx.a.id, { name: '静か な人' });
    outsider = await newUser(db.owner, fx.a.id, { name: '非会員 さん' });
    authorB = await newUser(db.owner, fx.b.id, { name: '三春 桜' });
    open = await insertCommunity({ name: '子育て職員の会', createdBy: authorB }, [[reader, 'digest'], [allReader, 'all'], [muted, 'mute'], [authorB, 'all']]);
    invite = await insertCommunity({ name: '非公開の相談室', visibility: 'invite', createdBy: authorB }, [[reader, 'digest'], [authorB, 'all']]);
    // Invite-only, the reader not a member: nothing of it reaches them.
    secret = await insertCommunity({ name: '秘密の部屋', visibility: 'invite', createdBy: authorB }, [[authorB, 'all'], [outsider, 'mute']]);
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    posts.fresh = await insertPost(open.id, authorB, { title: '育休から戻るときの準備', at: hoursAgo(2) });
    posts.question = await insertPost(open.id, authorB, { kind: 'question', title: null, body: 'みんな知っていることかもしれませんが、時間外の申請はどうしますか', anonymous: true, at: hoursAgo(3) });
    posts.invited = await insertPost(invite.id, authorB, { title: '招待制の話題', at: hoursAgo(1) });
    posts.own = await insertPost(open.id, reader, { title: '自分の投稿', at: hoursAgo(1) });
    posts.hidden = await insertPost(open.id, authorB, { title: '非表示の投稿', at: hoursAgo(1), hidden: true });
    posts.deleted = await insertPost(open.id, authorB, { title: '削除された投稿', at: hoursAgo(1), deleted: true });
    posts.old = await insertPost(open.id, authorB, { title: '昨日より前の投稿', at: hoursAgo(30) });
    posts.secret = await insertPost(secret.id, authorB, { title: '秘密の話題', at: hoursAgo(1) });
  });

  it('mails a digest member one list of the new posts, invite-only ones included; a second run sends nothing', async () => {
    const first = await runDigest(fx.a.id);
    expect(first).toMatchObject({ date: today(), sent: 1, failed: 0 });

    const mails = await digestsTo(reader.email);
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.subject).toMatch(/^コミュニティの新着投稿 3件（\d+月\d+日）$/);
    expect(m.text).toContain('読む 人 様');
    expect(m.text).toContain('■ 子育て職員の会');
    expect(m.text).toContain('■ 非公開の相談室');
    expect(m.text).toContain('・育休から戻るときの準備（三春 桜・B町）');
    expect(m.text).toContain('・招待制の話題（三春 桜・B町）');
    // An anonymous question: the start of its text, and no name.
    expect(m.text).toContain('・[相談・質問] みんな知っていることかもしれませんが、時間外の申請はどうしますか（匿名）');
    for (const id of [posts.fresh, posts.question, posts.invited]) expect(m.text).toContain(`https://yui.test.example/app/communities/posts/${id}`);
    for (const id of [posts.own, posts.hidden, posts.deleted, posts.old, posts.secret]) expect(m.text).not.toContain(id);
    expect(m.text).not.toContain('秘密');

    expect(await db.owner`select municipality_id, post_count, digest_date::text as date from community_digest_runs where user_id = ${reader.id}`)
      .toEqual([{ municipality_id: fx.a.id, post_count: 3, date: today() }]);
    // Notify 'all', 'mute', or no community with 'digest': no digest.
    for (const u of [allReader, muted, outsider]) expect(await digestsTo(u.email)).toHaveLength(0);

    // The same day again: nothing.
    const second = await runDigest(fx.a.id);
    expect(second.sent).toBe(0);
    expect(await digestsTo(reader.email)).toHaveLength(1);
  });

  it('the next day lists only what came after the previous digest', async () => {
    // Just after midnight: the 24 hours reach back past the previous digest, which then bounds the list.
    const clock = jst(addDays(today(), 1), '00:00:30');
    const [prev] = await db.owner<{ sent_at: Date }[]>`select sent_at from community_digest_runs where user_id = ${reader.id}`;
    const later = await insertPost(open.id, authorB, { title: '翌日までに増えた投稿', at: new Date((prev!.sent_at.getTime() + clock.getTime()) / 2) });
    const r = await runDigest(fx.a.id, () => clock);
    expect(r).toMatchObject({ date: addDays(today(), 1), sent: 1 });
    const mails = await digestsTo(reader.email);
    expect(mails).toHaveLength(2);
    const next = mails.find((m) => m.text.includes(later))!;
    expect(next.subject).toMatch(/^コミュニティの新着投稿 1件/);
    for (const id of [posts.fresh!, posts.question!, posts.invited!]) expect(next.text).not.toContain(id);
  });

  it('two workers at the same moment send one digest per person', async () => {
    const twice = await newUser(db.owner, fx.b.id, { name: '二重 防止' });
    await insertCommunity({ createdBy: twice }, [[twice, 'digest']]).then((c) => insertPost(c.id, authorB, { title: '一度だけ' }));
    const results = await Promise.all([runDigest(fx.b.id), runDigest(fx.b.id), runDigest(fx.b.id)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(await digestsTo(twice.email)).toHaveLength(1);
  });

  it('writes English for en readers and lists at most 20 posts', async () => {
    const en = await newUser(db.owner, fx.b.id, { name: 'Jane Doe' });
    await db.owner`update users set locale = 'en' where id = ${en.id}`;
    const c = await insertCommunity({ name: 'Busy board', createdBy: en }, [[en, 'digest']]);
    for (let i = 0; i < DIGEST_MAX_POSTS + 3; i++) await insertPost(c.id, authorB, { title: `post ${i}`, at: new Date(Date.now() - (i + 1) * 60_000) });
    await runDigest(fx.b.id);
    const [m] = await digestsTo(en.email);
    expect(m!.subject).toMatch(/^23 new posts in your communities \(\d+ \w+\)$/);
    expect(m!.text).toContain('Hello Jane Doe,');
    expect(m!.text).toContain('- post 0 (三春 桜, B町)');
    expect(m!.text).toContain('3 more in Yui.');
    expect(m!.text.match(/\/communities\/posts\//g)).toHaveLength(DIGEST_MAX_POSTS);
    expect(m!.text).not.toContain('post 22');
  });
});

// ---------- 3. the day-before event reminders ----------

describe('community.event_reminders', () => {
  const runReminders = (tenantId: string, now?: () => Date) =>
    new SendCommunityEventReminders(deps(now)).process(job('community.event_reminders', { tenantId })) as Promise<CommunityEventRemindersResult>;
  interface EventRow { id: string; municipality_id: string; payload: EventPayload<'community.event_reminder'> }
  const remindersOf = (eventId: string) =>
    db.owner<EventRow[]>`select id, municipality_id, payload from outbox_events
                         where type = 'community.event_reminder' and payload->>'eventId' = ${eventId} order by created_at`;

  let community: { id: string; name: string };
  let host: Person; let goer: Person; let waiting: Person; let dropped: Person; let gone: Person; let goerB: Person;
  beforeAll(async () => {
    host = await newUser(db.owner, fx.a.id, { name: '主催 者' });
    goer = await newUser(db.owner, fx.a.id, { name: '参加 する' });
    waiting = await newUser(db.owner, fx.a.id, { name: '待つ 人' });
    dropped = await newUser(db.owner, fx.a.id, { name: '取消 した' });
    gone = await newUser(db.owner, fx.a.id, { active: false });
    goerB = await newUser(db.owner, fx.b.id, { name: '三春 参加' });
    community = await insertCommunity({ name: 'まなびあい+', createdBy: host }, [[host], [goer], [waiting], [dropped], [goerB]]);
  });

  it("emits one reminder per event for tomorrow's registered staff of the town, once", async () => {
    const tomorrow = addDays(today(), 1);
    const event = await insertEvent(community.id, host, { title: '観光データ勉強会', startsAt: jst(tomorrow, '13:30') });
    for (const [u, s] of [[goer, 'registered'], [waiting, 'waitlisted'], [dropped, 'cancelled'], [gone, 'registered'], [goerB, 'registered']] as const) {
      await register(community.id, event, u, s);
    }
    const later = await insertEvent(community.id, host, { startsAt: jst(addDays(today(), 2)) });
    const cancelled = await insertEvent(community.id, host, { startsAt: jst(tomorrow), status: 'cancelled' });
    const todays = await insertEvent(community.id, host, { startsAt: jst(today(), '23:59') });
    for (const e of [later, cancelled, todays]) await register(community.id, e, goer);

    const first = await runReminders(fx.a.id);
    expect(first).toMatchObject({ day: tomorrow, events: 1, people: 1, failed: 0 });
    const [reminder, ...more] = await remindersOf(event);
    expect(more).toHaveLength(0);
    expect(reminder!.municipality_id).toBe(fx.a.id);
    expect(reminder!.payload).toEqual({
      communityId: community.id, communityName: 'まなびあい+', recipientIds: [goer.id],
      eventId: event, title: '観光データ勉強会', startsAt: `${tomorrow}T13:30:00+09:00`,
    });
    for (const e of [later, cancelled, todays]) expect(await remindersOf(e)).toHaveLength(0);
    const stamped = await db.owner<{ user_id: string }[]>`
      select user_id from community_event_registrations where event_id = ${event} and reminder_sent_at is not null`;
    expect(stamped).toEqual([{ user_id: goer.id }]);

    // The same day again: nothing new.
    expect(await runReminders(fx.a.id)).toMatchObject({ events: 0, people: 0 });
    expect(await remindersOf(event)).toHaveLength(1);

    // Delivered like any event: the registered person hears, in the bell and by mail.
    await delivered(reminder!.id);
    expect(await notificationsOf(reminder!.id)).toMatchObject([
      { user_id: goer.id, municipality_id: fx.a.id, kind: 'community.event_reminder', link: `/communities/events/${event}` },
    ]);
    const mails = await mailsTo(goer.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('明日のイベント: 観光データ勉強会');
    expect(mails[0]!.text).toContain('13:30から（まなびあい+）');
    for (const u of [waiting, dropped, gone, host]) expect(await mailsTo(u.email)).toHaveLength(0);

    // Town B's own job reminds town B's registrant.
    expect(await runReminders(fx.b.id)).toMatchObject({ events: 1, people: 1 });
    const all = await remindersOf(event);
    expect(all.map((e) => [e.municipality_id, e.payload.recipientIds])).toEqual([[fx.a.id, [goer.id]], [fx.b.id, [goerB.id]]]);
  });

  it('two workers at the same moment emit one reminder', async () => {
    const event = await insertEvent(community.id, host, { startsAt: jst(addDays(today(), 1), '09:00') });
    await register(community.id, event, goer);
    const results = await Promise.all([runReminders(fx.a.id), runReminders(fx.a.id), runReminders(fx.a.id)]);
    expect(results.reduce((n, r) => n + r.events, 0)).toBe(1);
    expect(await remindersOf(event)).toHaveLength(1);
  });

  it('reminds about invite-only communities too, and follows the clock', async () => {
    const hidden = await insertCommunity({ name: '招待制の会', visibility: 'invite', createdBy: host }, [[host], [goer]]);
    const inAWeek = addDays(today(), 7);
    const event = await insertEvent(hidden.id, host, { startsAt: jst(inAWeek) });
    await register(hidden.id, event, goer);
    expect((await runReminders(fx.a.id)).events).toBe(0);
    const r = await runReminders(fx.a.id, () => jst(addDays(inAWeek, -1), '12:00'));
    expect(r).toMatchObject({ day: inAWeek, events: 1 });
    expect((await remindersOf(event))[0]!.payload.recipientIds).toEqual([goer.id]);
  });
});
