import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { addDays, todayInJapan } from '@yui/domain';
import type { Sql } from '@yui/db';
import { newDepartment, newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { type WorkerApp } from '../src/app';
import type { ProcessorDeps } from '../src/processors/base';
import { CloseHelpCallDeadlines, type HelpDeadlinesResult } from '../src/processors/help/deadlines';
import { createHelpScheduler, HELP_DEADLINES_CRON, helpDeadlinesSchedulerId } from '../src/schedulers/help';
import { appPool, emitAs, readMailbox, testLog, waitFor, startWorkerTest, type WorkerTest } from './helpers';

/**
 * 職場応援 in the worker: the help.deadlines job (each call closed and finished once, however many
 * runs at once; only the job town's own calls; announced to poster and contact) and the delivery of
 * help.* events to people of any town of the region — and of no other region.
 */

let w: WorkerTest;
let db: TestDatabase;
let app: WorkerApp;
let api: Sql;
let mailbox: string;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;

type Person = Awaited<ReturnType<typeof newUser>>;
let deptA: { id: string; name: string };
let deptB: { id: string; name: string };
let deptC: { id: string; name: string };
let posterA: Person; let contactA: Person; let a2: Person;
let posterB: Person; let b2: Person; let bGone: Person;
let posterC: Person;

beforeAll(async () => {
  // The relay runs (LISTEN): emitted events go all the way to notifications and mail. The job is run
  // directly; its schedule is checked without letting it fire.
  w = await startWorkerTest({ startScheduler: false });
  ({ db, app, mailbox } = w);
  fx = await newTenancyFixture(db.owner);
  api = appPool(db);
  deptA = await newDepartment(db.owner, fx.a.id, { name: '観光政策課' });
  deptB = await newDepartment(db.owner, fx.b.id, { name: '企画課' });
  deptC = await newDepartment(db.owner, fx.c.id, { name: '総務課' });
  posterA = await newUser(db.owner, fx.a.id, { name: '郡山 花子', departmentId: deptA.id });
  contactA = await newUser(db.owner, fx.a.id, { name: '郡山 次郎', departmentId: deptA.id });
  a2 = await newUser(db.owner, fx.a.id, { name: '郡山 三郎' });
  posterB = await newUser(db.owner, fx.b.id, { name: '三春 桜', departmentId: deptB.id });
  b2 = await newUser(db.owner, fx.b.id, { name: '三春 梅' });
  bGone = await newUser(db.owner, fx.b.id, { active: false });
  posterC = await newUser(db.owner, fx.c.id, { name: '他県 守', departmentId: deptC.id });
});

afterAll(async () => {
  await api?.end();
  await w?.close();
});

// ---------- arranging (as the owner, behind the API's back) ----------

const today = () => todayInJapan();

async function insertCall(
  town: { id: string; regionId: string }, dept: { id: string }, by: Person, contact: Person,
  c: { title?: string; deadline: string; workEnd?: string; status?: 'open' | 'closed' | 'finished' | 'cancelled'; reach?: 'town' | 'region'; applied?: number; headcount?: number },
): Promise<string> {
  const deadline = c.deadline;
  const workEnd = c.workEnd ?? addDays(deadline, 14);
  const publishedOn = addDays(deadline < today() ? deadline : today(), -10);
  const [row] = await db.owner<{ id: string }[]>`
    insert into help_calls (region_id, municipality_id, department_id, title, category, summary, headcount, published_on, deadline,
                            work_start, work_end, minutes_per_day, contact_id, created_by, reach, status, applied_count)
    values (${town.regionId}, ${town.id}, ${dept.id}, ${c.title ?? `応援募集${randomUUID().slice(0, 6)}`}, 'operations', '受付の補助です。',
            ${c.headcount ?? 2}, ${publishedOn}, ${deadline}, ${addDays(workEnd, -1)}, ${workEnd}, 180, ${contact.id}, ${by.id},
            ${c.reach ?? 'region'}, ${c.status ?? 'open'}, ${c.applied ?? 0})
    returning id`;
  return row!.id;
}

// ---------- looking ----------

const mailsTo = async (email: string) => (await readMailbox(mailbox)).filter((m) => m.to.includes(email));
const callRow = async (id: string) =>
  (await db.owner<{ status: string; closed_at: Date | null; finished_at: Date | null }[]>`
    select status, closed_at, finished_at from help_calls where id = ${id}`)[0]!;
const closedEvents = (callId: string) =>
  db.owner<{ id: string; municipality_id: string; payload: { recipientIds: string[]; appliedCount: number; headcount: number; title: string } }[]>`
    select id, municipality_id, payload from outbox_events where type = 'help.call_closed' and payload->>'callId' = ${callId}`;
const notificationsOf = (eventId: string) =>
  db.owner<{ user_id: string; municipality_id: string; kind: string; params: Record<string, unknown>; link: string | null; emailed_at: Date | null }[]>`
    select user_id, municipality_id, kind, params, link, emailed_at from notifications where event_id = ${eventId} order by user_id`;
const delivered = (eventId: string) => waitFor(`event ${eventId} delivered`, async () =>
  (await db.owner`select processed_at from outbox_events where id = ${eventId}`)[0]?.processed_at);
const sorted = (ids: string[]) => [...ids].sort();

const deps = (now?: () => Date): ProcessorDeps => ({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL, now });
const job = (data: unknown) => ({ id: `test-${randomUUID()}`, name: 'help.deadlines', data, attemptsMade: 0 });
const runDeadlines = (tenantId: string, now?: () => Date): Promise<HelpDeadlinesResult> =>
  new CloseHelpCallDeadlines(deps(now)).process(job({ tenantId }));

// ---------- 1. the deadlines job ----------

describe('help.deadlines: calls close after their deadline and finish after their work', () => {
  it('two runs at the same moment close and announce each overdue call once, finish each finished one once, and touch nothing else', async () => {
    const t = today();
    const overdue = await insertCall(fx.a, deptA, posterA, contactA, { title: '観光PR動画の撮影補助', deadline: addDays(t, -1), applied: 3, headcount: 2 });
    const overdueTownOnly = await insertCall(fx.a, deptA, posterA, posterA, { deadline: addDays(t, -3), reach: 'town' });
    // Deadline and work both over: closed (and announced), then finished, in one run.
    const allOver = await insertCall(fx.a, deptA, posterA, contactA, { deadline: addDays(t, -20), workEnd: addDays(t, -2) });
    const dueToday = await insertCall(fx.a, deptA, posterA, contactA, { deadline: t });
    const workOver = await insertCall(fx.a, deptA, posterA, contactA, { deadline: addDays(t, -20), workEnd: addDays(t, -1), status: 'closed' });
    const workToday = await insertCall(fx.a, deptA, posterA, contactA, { deadline: addDays(t, -20), workEnd: t, status: 'closed' });
    const cancelled = await insertCall(fx.a, deptA, posterA, contactA, { deadline: addDays(t, -5), workEnd: addDays(t, -1), status: 'cancelled' });
    // Another town's and another region's overdue calls belong to their own towns' jobs.
    const otherTown = await insertCall(fx.b, deptB, posterB, posterB, { deadline: addDays(t, -1) });
    const otherRegion = await insertCall(fx.c, deptC, posterC, posterC, { deadline: addDays(t, -1) });

    const runs = await Promise.all([runDeadlines(fx.a.id), runDeadlines(fx.a.id)]);
    expect(runs.map((r) => r.today)).toEqual([t, t]);
    expect(sorted(runs.flatMap((r) => r.closed))).toEqual(sorted([overdue, overdueTownOnly, allOver]));
    expect(sorted(runs.flatMap((r) => r.finished))).toEqual(sorted([allOver, workOver]));

    for (const id of [overdue, overdueTownOnly]) expect(await callRow(id)).toMatchObject({ status: 'closed', closed_at: expect.any(Date), finished_at: null });
    for (const id of [allOver, workOver]) expect(await callRow(id)).toMatchObject({ status: 'finished', finished_at: expect.any(Date) });
    expect((await callRow(dueToday)).status).toBe('open');
    expect((await callRow(workToday)).status).toBe('closed');
    expect((await callRow(cancelled)).status).toBe('cancelled');
    expect((await callRow(otherTown)).status).toBe('open');
    expect((await callRow(otherRegion)).status).toBe('open');

    // One help.call_closed per closed call, from the posting town, to poster and contact (once each).
    for (const id of [overdue, overdueTownOnly, allOver]) expect(await closedEvents(id)).toHaveLength(1);
    for (const id of [dueToday, workOver, otherTown]) expect(await closedEvents(id)).toHaveLength(0);
    const [ev] = await closedEvents(overdue);
    expect(ev).toMatchObject({ municipality_id: fx.a.id, payload: { title: '観光PR動画の撮影補助', appliedCount: 3, headcount: 2 } });
    expect(sorted(ev!.payload.recipientIds)).toEqual(sorted([posterA.id, contactA.id]));
    expect((await closedEvents(overdueTownOnly))[0]!.payload.recipientIds).toEqual([posterA.id]);

    // …which the relay delivers as notifications and mail.
    await delivered(ev!.id);
    const rows = await notificationsOf(ev!.id);
    expect(rows.map((r) => r.user_id)).toEqual(sorted([posterA.id, contactA.id]));
    for (const r of rows) {
      expect(r).toMatchObject({
        municipality_id: fx.a.id, kind: 'help.call_closed', link: `/help/calls/${overdue}`,
        params: { title: '観光PR動画の撮影補助', appliedCount: '3', headcount: '2' },
      });
    }
    const mails = (await mailsTo(contactA.email)).filter((m) => m.subject === '募集を締め切りました');
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect(mails.some((m) => m.text.includes('「観光PR動画の撮影補助」の募集締切日を過ぎました。募集2人に対して応募3人です。'))).toBe(true);

    // A third run, later the same day: nothing left to do.
    expect(await runDeadlines(fx.a.id)).toEqual({ today: t, closed: [], finished: [] });
    for (const id of [overdue, overdueTownOnly, allOver]) expect(await closedEvents(id)).toHaveLength(1);
  });

  it("measures the deadline in Japan time: 00:05 JST is already the next day", async () => {
    const t = today();
    const call = await insertCall(fx.b, deptB, posterB, b2, { deadline: addDays(t, 1) });
    // 23:55 JST of the deadline day: still open.
    const late = await runDeadlines(fx.b.id, () => new Date(`${addDays(t, 1)}T23:55:00+09:00`));
    expect(late.closed).not.toContain(call);
    expect((await callRow(call)).status).toBe('open');
    // 00:05 JST the day after (15:05 UTC the day before): closed.
    const next = await runDeadlines(fx.b.id, () => new Date(`${addDays(t, 2)}T00:05:00+09:00`));
    expect(next.today).toBe(addDays(t, 2));
    expect(next.closed).toContain(call);
    expect(sorted((await closedEvents(call))[0]!.payload.recipientIds)).toEqual(sorted([posterB.id, b2.id]));
  });

  it('is scheduled per town, daily at 00:10 Asia/Tokyo', async () => {
    const scheduler = createHelpScheduler({ sql: app.sql, queue: app.queue, log: testLog });
    try {
      const towns = (await db.owner<{ id: string }[]>`select id from municipalities`).length;
      expect(await scheduler.syncOnce()).toEqual({ upserted: towns, unchanged: 0, removed: 0 });
      for (const town of [fx.a, fx.b, fx.c]) {
        expect(await app.queue.getScheduler(helpDeadlinesSchedulerId(town.id)))
          .toMatchObject({ name: 'help.deadlines', pattern: HELP_DEADLINES_CRON, tz: 'Asia/Tokyo', template: { data: { tenantId: town.id } } });
      }
      expect(HELP_DEADLINES_CRON).toBe('10 0 * * *');
      // A second worker's sync changes nothing.
      expect(await scheduler.syncOnce()).toEqual({ upserted: 0, unchanged: towns, removed: 0 });
    } finally {
      await scheduler.stop();
      for (const s of await app.queue.listSchedulers()) if (s.key.startsWith('help.deadlines:')) await app.queue.removeScheduler(s.key);
    }
  });
});

// ---------- 2. delivering help.* events ----------

describe('outbox.deliver: help events reach staff of every town of the region', () => {
  it("writes each notification in the recipient's own town; another region's staff and inactive staff get nothing", async () => {
    const callId = randomUUID();
    const eventId = await emitAs(api, fx.a, 'help.application_counted', {
      callId, title: '繁忙期の窓口応援', recipientIds: [posterA.id, posterB.id, posterB.id, bGone.id, posterC.id], applicantName: '郡山 三郎',
    });
    await delivered(eventId);

    const rows = await notificationsOf(eventId);
    expect(rows.map((r) => [r.user_id, r.municipality_id])).toEqual(
      sorted([posterA.id, posterB.id]).map((id) => [id, id === posterA.id ? fx.a.id : fx.b.id]));
    for (const r of rows) {
      expect(r).toMatchObject({
        kind: 'help.application_counted', link: `/help/calls/${callId}`, params: { title: '繁忙期の窓口応援', applicantName: '郡山 三郎' },
      });
      expect(r.emailed_at).toBeInstanceOf(Date);
    }
    const toB = await mailsTo(posterB.email);
    expect(toB.filter((m) => m.subject === '応募がありました')).toHaveLength(1);
    expect(toB.find((m) => m.subject === '応募がありました')!.text).toContain(`Yuiで開く: https://yui.test.example/app/help/calls/${callId}`);
    expect(await db.owner`select id from notifications where user_id in (${posterC.id}, ${bGone.id})`).toHaveLength(0);
  });

  it('a direct request of one town reaches the talent in another, linked to the request', async () => {
    const requestId = randomUUID();
    const eventId = await emitAs(api, fx.b, 'help.direct_requested', {
      requestId, title: '議事録作成の手伝い', recipientIds: [a2.id], fromName: '三春 桜', departmentName: '企画課',
    });
    await delivered(eventId);
    expect(await notificationsOf(eventId)).toEqual([expect.objectContaining({
      user_id: a2.id, municipality_id: fx.a.id, kind: 'help.direct_requested', link: `/help/requests/${requestId}`,
      params: { title: '議事録作成の手伝い', fromName: '三春 桜', departmentName: '企画課' },
    })]);
    const mail = (await mailsTo(a2.email)).find((m) => m.subject === 'あなたへの応援依頼が届きました');
    expect(mail?.text).toContain('企画課の三春 桜さんから「議事録作成の手伝い」の依頼です。');
  });

  it("an event of a town in another region reaches nobody in this one", async () => {
    const eventId = await emitAs(api, fx.c, 'help.application_accepted', {
      callId: randomUUID(), title: '偽の募集', recipientIds: [posterA.id, posterB.id, posterC.id],
    });
    await delivered(eventId);
    expect((await notificationsOf(eventId)).map((r) => [r.user_id, r.municipality_id])).toEqual([[posterC.id, fx.c.id]]);
    expect((await mailsTo(posterA.email)).filter((m) => m.subject === '応募が採用されました')).toHaveLength(0);
  });
});
