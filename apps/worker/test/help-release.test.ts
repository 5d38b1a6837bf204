import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { addDays, todayInJapan } from '@yui/domain';
import { renderNotification } from '@yui/contracts';
import { withTenant, type Sql } from '@yui/db';
import { getBudgetInputs } from '@yui/db/queries/time';
import { newDepartment, newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { type WorkerApp } from '../src/app';
import type { ProcessorDeps } from '../src/processors/base';
import { DeliverOutboxEvent } from '../src/processors/outbox/deliver';
import { appPool, emitAs, readMailbox, testLog, waitFor, startWorkerTest, type WorkerTest } from './helpers';

/**
 * 職場応援: when help falls through on the poster's side (call cancelled, application declined, direct
 * request withdrawn), delivering the event releases the helper's 20% request in the helper's own town:
 * pending → withdrawn, approved → cancelled before its first day (from the first day on it stays), with
 * a history row each; a second delivery changes nothing; another region is never touched.
 */

let w: WorkerTest;
let db: TestDatabase;
let app: WorkerApp;
let api: Sql;
let mailbox: string;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;

type Person = Awaited<ReturnType<typeof newUser>>;
type Town = { id: string; regionId: string };
let deptA: { id: string }; let deptB: { id: string }; let deptC: { id: string };
let posterA: Person;
let helperA: Person; let pendingB: Person; let approvedB: Person; let todayB: Person; let goneB: Person;
let personC: Person; let managerB: Person;

beforeAll(async () => {
  w = await startWorkerTest({ startScheduler: false });
  ({ db, app, mailbox } = w);
  fx = await newTenancyFixture(db.owner);
  api = appPool(db);
  deptA = await newDepartment(db.owner, fx.a.id, { name: '観光政策課' });
  deptB = await newDepartment(db.owner, fx.b.id, { name: '企画課' });
  deptC = await newDepartment(db.owner, fx.c.id, { name: '総務課' });
  posterA = await newUser(db.owner, fx.a.id, { name: '郡山 花子', departmentId: deptA.id });
  helperA = await newUser(db.owner, fx.a.id, { name: '郡山 三郎', departmentId: deptA.id });
  pendingB = await newUser(db.owner, fx.b.id, { name: '三春 梅', departmentId: deptB.id });
  approvedB = await newUser(db.owner, fx.b.id, { name: '三春 桜', departmentId: deptB.id });
  todayB = await newUser(db.owner, fx.b.id, { name: '三春 桃', departmentId: deptB.id });
  goneB = await newUser(db.owner, fx.b.id, { name: '三春 去', departmentId: deptB.id, active: false });
  personC = await newUser(db.owner, fx.c.id, { name: '他県 守', departmentId: deptC.id });
  managerB = await newUser(db.owner, fx.b.id, { name: '三春 課長', departmentId: deptB.id });
});

afterAll(async () => {
  await api?.end();
  await w?.close();
});

// ---------- arranging (as the owner, behind the API's back: the state the API leaves) ----------

const today = () => todayInJapan();

async function insertCall(town: Town, dept: { id: string }, by: Person, title = `応援募集${randomUUID().slice(0, 6)}`): Promise<string> {
  const t = today();
  const [row] = await db.owner<{ id: string }[]>`
    insert into help_calls (region_id, municipality_id, department_id, title, category, summary, headcount, published_on, deadline,
                            work_start, work_end, minutes_per_day, contact_id, created_by, reach, status)
    values (${town.regionId}, ${town.id}, ${dept.id}, ${title}, 'operations', '受付の補助です。', 2, ${addDays(t, -5)}, ${addDays(t, 5)},
            ${t}, ${addDays(t, 20)}, 120, ${by.id}, ${by.id}, 'region', 'open')
    returning id`;
  return row!.id;
}

async function insertApplication(callId: string, town: Town, user: Person, status: string): Promise<string> {
  const [row] = await db.owner<{ id: string }[]>`
    insert into help_applications (region_id, call_id, user_id, municipality_id, status)
    values (${town.regionId}, ${callId}, ${user.id}, ${town.id}, ${status})
    returning id`;
  return row!.id;
}

async function insertDirect(from: Town, dept: { id: string }, by: Person, to: Town, talent: Person, status: string): Promise<string> {
  const t = today();
  const [row] = await db.owner<{ id: string }[]>`
    insert into help_direct_requests (region_id, municipality_id, department_id, requested_by, talent_user_id, talent_municipality_id,
                                      title, body, work_start, work_end, minutes_per_day, status)
    values (${from.regionId}, ${from.id}, ${dept.id}, ${by.id}, ${talent.id}, ${to.id}, '議事録作成の手伝い', '会議の議事録です。',
            ${t}, ${addDays(t, 20)}, 120, ${status})
    returning id`;
  return row!.id;
}

/** A 20% request for a thing (ref) with one day of 120 minutes, filed in the helper's own town. */
async function insertTime(
  town: Town, dept: { id: string }, user: Person,
  r: { refType: 'help_application' | 'help_direct_request'; refId: string; status: string; firstDate?: string; approver?: Person },
): Promise<string> {
  const first = r.firstDate ?? addDays(today(), 7);
  const [row] = await db.owner<{ id: string }[]>`
    insert into time_requests (municipality_id, requester_id, department_id, activity_kind, ref_type, ref_id, ref_title, purpose, status,
                               first_date, last_date, planned_minutes, submitted_at, approver_id)
    values (${town.id}, ${user.id}, ${dept.id}, 'help_call', ${r.refType}, ${r.refId}, '応援', '応援', ${r.status},
            ${first}, ${first}, 120, ${r.status === 'draft' ? null : new Date()}, ${r.approver?.id ?? null})
    returning id`;
  await db.owner`
    insert into time_request_days (municipality_id, request_id, requester_id, work_date, planned_minutes)
    values (${town.id}, ${row!.id}, ${user.id}, ${first}, 120)`;
  return row!.id;
}

// ---------- looking ----------

const statusOf = async (id: string) => (await db.owner<{ status: string }[]>`select status from time_requests where id = ${id}`)[0]!.status;
const historyOf = (id: string) =>
  db.owner<{ municipality_id: string; actor_id: string; action: string; from_status: string; to_status: string; comment: string }[]>`
    select municipality_id, actor_id, action, from_status, to_status, comment from time_request_history where request_id = ${id} order by at, id`;
const allHistory = async () => (await db.owner<{ n: number }[]>`select count(*)::int as n from time_request_history`)[0]!.n;
const delivered = (eventId: string) => waitFor(`event ${eventId} delivered`, async () =>
  (await db.owner`select processed_at from outbox_events where id = ${eventId}`)[0]?.processed_at);
const notificationsOf = (eventId: string) =>
  db.owner<{ user_id: string; municipality_id: string; kind: string; params: Record<string, string | null> }[]>`
    select user_id, municipality_id, kind, params from notifications where event_id = ${eventId} order by user_id`;

/** The person's counted days (submitted and approved requests) around the work, as the budget sums them. */
async function countedDays(town: Town, user: Person): Promise<string[]> {
  const inputs = await withTenant(api, { tenantId: town.id, regionId: town.regionId, userId: user.id },
    (tx) => getBudgetInputs(tx, { tenantId: town.id, userId: user.id, from: addDays(today(), -7), to: addDays(today(), 30) }));
  return inputs!.days.map((d) => d.date);
}

const deps = (): ProcessorDeps => ({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL });
/** Delivers the event again, as a retry after a failure in some town would (processed_at cleared). */
async function redeliver(town: Town, eventId: string) {
  await db.owner`update outbox_events set processed_at = null where id = ${eventId}`;
  return new DeliverOutboxEvent(deps()).process({ id: `test-${randomUUID()}`, name: 'outbox.deliver', data: { tenantId: town.id, eventId }, attemptsMade: 1 });
}

// ---------- the three ways help falls through ----------

describe("outbox.deliver releases the helper's 20% time when help falls through on the poster's side", () => {
  it('a cancelled call: pending withdrawn, approved future time cancelled, time begun today kept, in each town; once only', async () => {
    const callId = await insertCall(fx.a, deptA, posterA, '観光PR動画の撮影補助');
    const otherCall = await insertCall(fx.a, deptA, posterA);
    // The API has cancelled the live applications; the time requests in the helpers' towns are untouched.
    const appPending = await insertApplication(callId, fx.b, pendingB, 'cancelled');
    const appApproved = await insertApplication(callId, fx.b, approvedB, 'cancelled');
    const appToday = await insertApplication(callId, fx.b, todayB, 'cancelled');
    const appGone = await insertApplication(callId, fx.b, goneB, 'cancelled');
    const appSameTown = await insertApplication(callId, fx.a, helperA, 'cancelled');
    const appElsewhere = await insertApplication(otherCall, fx.b, pendingB, 'applied');

    const tPending = await insertTime(fx.b, deptB, pendingB, { refType: 'help_application', refId: appPending, status: 'submitted', approver: managerB });
    const tApproved = await insertTime(fx.b, deptB, approvedB, { refType: 'help_application', refId: appApproved, status: 'approved', approver: managerB });
    const tToday = await insertTime(fx.b, deptB, todayB, { refType: 'help_application', refId: appToday, status: 'approved', firstDate: today() });
    const tGone = await insertTime(fx.b, deptB, goneB, { refType: 'help_application', refId: appGone, status: 'submitted' });
    const tSameTown = await insertTime(fx.a, deptA, helperA, { refType: 'help_application', refId: appSameTown, status: 'returned' });
    // An earlier attempt, already withdrawn by the applicant, and the same person's time for another call: left alone.
    const tEarlier = await insertTime(fx.b, deptB, pendingB, { refType: 'help_application', refId: appPending, status: 'withdrawn' });
    const tElsewhere = await insertTime(fx.b, deptB, pendingB, { refType: 'help_application', refId: appElsewhere, status: 'submitted', firstDate: addDays(today(), 8) });

    expect(await countedDays(fx.b, approvedB)).toEqual([addDays(today(), 7)]);
    const applications = [
      { userId: pendingB.id, applicationId: appPending }, { userId: approvedB.id, applicationId: appApproved },
      { userId: todayB.id, applicationId: appToday }, { userId: goneB.id, applicationId: appGone },
      { userId: helperA.id, applicationId: appSameTown },
    ];
    const eventId = await emitAs(api, fx.a, 'help.call_cancelled', {
      callId, title: '観光PR動画の撮影補助', reason: '荒天のため', recipientIds: applications.map((a) => a.userId), applications,
    });
    await delivered(eventId);

    expect(await statusOf(tPending)).toBe('withdrawn');
    expect(await statusOf(tApproved)).toBe('cancelled');
    // The time rule: no cancelling from the first day on. The helper and their manager deal with it.
    expect(await statusOf(tToday)).toBe('approved');
    // Someone who has left is told nothing, but their pending time goes all the same.
    expect(await statusOf(tGone)).toBe('withdrawn');
    // The poster's own town is a town like any other.
    expect(await statusOf(tSameTown)).toBe('withdrawn');
    expect(await statusOf(tEarlier)).toBe('withdrawn');
    expect(await statusOf(tElsewhere)).toBe('submitted');

    const comment = '応援募集の中止により自動で取り消しました';
    expect(await historyOf(tPending)).toEqual([
      { municipality_id: fx.b.id, actor_id: pendingB.id, action: 'withdraw', from_status: 'submitted', to_status: 'withdrawn', comment },
    ]);
    expect(await historyOf(tApproved)).toEqual([
      { municipality_id: fx.b.id, actor_id: approvedB.id, action: 'cancel', from_status: 'approved', to_status: 'cancelled', comment },
    ]);
    expect(await historyOf(tSameTown)).toEqual([
      { municipality_id: fx.a.id, actor_id: helperA.id, action: 'withdraw', from_status: 'returned', to_status: 'withdrawn', comment },
    ]);
    expect(await historyOf(tToday)).toEqual([]);
    expect(await historyOf(tElsewhere)).toEqual([]);

    // The budget is free again; the time begun today still counts.
    expect(await countedDays(fx.b, approvedB)).toEqual([]);
    expect(await countedDays(fx.b, pendingB)).toEqual([addDays(today(), 8)]);
    expect(await countedDays(fx.b, todayB)).toEqual([today()]);

    // Each notice is written in its reader's town and says the time was released; the helpers'
    // manager hears once why two requests left the inbox and the calendar.
    const notices = await notificationsOf(eventId);
    expect(notices.filter((n) => n.user_id !== managerB.id).map((n) => [n.user_id, n.municipality_id]))
      .toEqual([helperA, pendingB, approvedB, todayB].map((p) => [p.id, p === helperA ? fx.a.id : fx.b.id]).sort((x, y) => x[0]!.localeCompare(y[0]!)));
    const forManager = notices.filter((n) => n.user_id === managerB.id);
    expect(forManager).toHaveLength(1);
    expect(forManager[0]).toMatchObject({ municipality_id: fx.b.id, kind: 'time_request.released' });
    const body = renderNotification('time_request.released', forManager[0]!.params, 'ja').body;
    expect(body).toMatch(/^(三春 梅、三春 桜|三春 桜、三春 梅)さんの「観光PR動画の撮影補助」の申請は、応援募集が中止されたため自動で取り消されました。$/);
    const mail = await waitFor('mail to the helper', async () =>
      (await readMailbox(mailbox)).find((m) => m.to.includes(approvedB.email) && m.subject === '応援募集が中止になりました'));
    expect(mail.text).toContain('20%ルールの申請は自動で取り下げ（承認済みのものは取り消し）ました。');

    // A second delivery (a retry) changes nothing: no status, no history row.
    const before = await allHistory();
    expect(await redeliver(fx.a, eventId)).toEqual({ notified: 0, mailed: 0, released: 0 });
    expect(await allHistory()).toBe(before);
    expect(await statusOf(tApproved)).toBe('cancelled');
    expect(await statusOf(tToday)).toBe('approved');
  });

  it('a declined application: the applicant\'s approved future time is cancelled; an event naming a live application releases nothing', async () => {
    const callId = await insertCall(fx.a, deptA, posterA, '繁忙期の窓口応援');
    const declined = await insertApplication(callId, fx.b, approvedB, 'declined');
    const live = await insertApplication(callId, fx.b, pendingB, 'applied');
    const tDeclined = await insertTime(fx.b, deptB, approvedB, { refType: 'help_application', refId: declined, status: 'approved', firstDate: addDays(today(), 3) });
    const tLive = await insertTime(fx.b, deptB, pendingB, { refType: 'help_application', refId: live, status: 'approved', firstDate: addDays(today(), 3) });

    const ev = await emitAs(api, fx.a, 'help.application_declined', {
      callId, title: '繁忙期の窓口応援', recipientIds: [approvedB.id], note: '定員に達しました', applicationId: declined,
    });
    // Stray (the application is still live; say, a forged or stale event): its time stays.
    const stray = await emitAs(api, fx.a, 'help.application_declined', {
      callId, title: '繁忙期の窓口応援', recipientIds: [pendingB.id], note: null, applicationId: live,
    });
    await Promise.all([delivered(ev), delivered(stray)]);

    expect(await statusOf(tDeclined)).toBe('cancelled');
    expect(await historyOf(tDeclined)).toEqual([{
      municipality_id: fx.b.id, actor_id: approvedB.id, action: 'cancel', from_status: 'approved', to_status: 'cancelled',
      comment: '応募の見送りにより自動で取り消しました',
    }]);
    expect(await statusOf(tLive)).toBe('approved');
    expect(await historyOf(tLive)).toEqual([]);
  });

  it("a withdrawn direct request: the talent's pending time in their own town is withdrawn", async () => {
    const direct = await insertDirect(fx.a, deptA, posterA, fx.b, pendingB, 'withdrawn');
    const tDirect = await insertTime(fx.b, deptB, pendingB, { refType: 'help_direct_request', refId: direct, status: 'submitted', firstDate: addDays(today(), 10) });
    const eventId = await emitAs(api, fx.a, 'help.direct_withdrawn', {
      requestId: direct, title: '議事録作成の手伝い', recipientIds: [pendingB.id], fromName: '郡山 花子',
    });
    await delivered(eventId);
    expect(await statusOf(tDirect)).toBe('withdrawn');
    expect(await historyOf(tDirect)).toEqual([{
      municipality_id: fx.b.id, actor_id: pendingB.id, action: 'withdraw', from_status: 'submitted', to_status: 'withdrawn',
      comment: '応援依頼の取り下げにより自動で取り消しました',
    }]);
    expect(await countedDays(fx.b, pendingB)).not.toContain(addDays(today(), 10));
    expect(await notificationsOf(eventId)).toMatchObject([{ user_id: pendingB.id, municipality_id: fx.b.id, kind: 'help.direct_withdrawn' }]);
  });

  it('another region is never touched, either way', async () => {
    // An event of a town in another region naming this region's helpers and their cancelled applications.
    const callId = await insertCall(fx.a, deptA, posterA);
    const app = await insertApplication(callId, fx.b, approvedB, 'cancelled');
    const tB = await insertTime(fx.b, deptB, approvedB, { refType: 'help_application', refId: app, status: 'approved' });
    const fromC = await emitAs(api, fx.c, 'help.call_cancelled', {
      callId, title: '偽の募集', reason: '—', recipientIds: [approvedB.id], applications: [{ userId: approvedB.id, applicationId: app }],
    });
    // And this region's event naming a person of the other region (with time for a cancelled application there).
    const callC = await insertCall(fx.c, deptC, personC);
    const appC = await insertApplication(callC, fx.c, personC, 'cancelled');
    const tC = await insertTime(fx.c, deptC, personC, { refType: 'help_application', refId: appC, status: 'submitted' });
    const fromA = await emitAs(api, fx.a, 'help.call_cancelled', {
      callId: callC, title: '偽の募集', reason: '—', recipientIds: [personC.id], applications: [{ userId: personC.id, applicationId: appC }],
    });
    await Promise.all([delivered(fromC), delivered(fromA)]);

    expect(await statusOf(tB)).toBe('approved');
    expect(await statusOf(tC)).toBe('submitted');
    expect(await historyOf(tB)).toEqual([]);
    expect(await historyOf(tC)).toEqual([]);
    expect(await notificationsOf(fromC)).toEqual([]);
    expect(await notificationsOf(fromA)).toEqual([]);
  });
});
