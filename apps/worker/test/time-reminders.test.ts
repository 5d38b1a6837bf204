import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { addDays, todayInJapan, workingDaysSince } from '@yui/domain';
import { newDepartment, newMunicipality, newRegion, newUser, type TestDatabase } from '@yui/db/testing';
import { type WorkerApp } from '../src/app';
import { SendTimeReminders, workingDaysCutoff, type TimeRemindersResult } from '../src/processors/time/reminders';
import { createTimeReminderScheduler, timeRemindersSchedulerId } from '../src/schedulers/time-reminders';
import { readMailbox, testLog, waitFor, startWorkerTest, type WorkerTest } from './helpers';

let w: WorkerTest;
let db: TestDatabase;
let app: WorkerApp;
let mailbox: string;
let regionId: string;
let inspect: Queue;

beforeAll(async () => {
  // The relay runs (LISTEN), so reminders go all the way to notifications; the scheduler sync is
  // driven by the tests.
  w = await startWorkerTest({ startScheduler: false });
  ({ db, app, mailbox, inspect } = w);
  regionId = (await newRegion(db.owner)).id;
});

afterAll(async () => {
  await w?.close();
});

// ---------- dates ----------

const today = () => todayInJapan();
/** The latest Japan date exactly `n` working days (Mon–Fri) before `to`. */
const workingDaysAgo = (n: number, to = today()) => {
  let d = addDays(to, -1);
  while (workingDaysSince(d, to) !== n) d = addDays(d, -1);
  return d;
};
/** The first date `n` working days after `from`. */
const workingDaysAhead = (n: number, from = today()) => {
  let d = addDays(from, 1);
  while (workingDaysSince(from, d) !== n) d = addDays(d, 1);
  return d;
};
/** 10:00 in Japan on `date`. */
const jst = (date: string, time = '10:00') => new Date(`${date}T${time}:00+09:00`);

// ---------- arranging (as the owner) ----------

/**
 * A town: 部 (manager bu) > 課 (manager ka, with an active deputy and an expired one) > 係 (no
 * manager); staff in the 課 and in the 係.
 */
async function newTown(name = 'テスト町') {
  const m = await newMunicipality(db.owner, regionId, { name });
  const bu = await newDepartment(db.owner, m.id, { kind: 'bu', name: '総務部' });
  const ka = await newDepartment(db.owner, m.id, { kind: 'ka', name: '企画課', parentId: bu.id });
  const kakari = await newDepartment(db.owner, m.id, { kind: 'kakari', name: '企画係', parentId: ka.id });
  const buManager = await newUser(db.owner, m.id, { name: '部長 一郎', departmentId: bu.id, roles: [{ role: 'manager', departmentId: bu.id }] });
  const kaManager = await newUser(db.owner, m.id, { name: '課長 二郎', departmentId: ka.id, roles: [{ role: 'manager', departmentId: ka.id }] });
  const deputy = await newUser(db.owner, m.id, { name: '補佐 三郎', departmentId: ka.id });
  const oldDeputy = await newUser(db.owner, m.id, { name: '元補佐 四郎', departmentId: ka.id });
  const staff = await newUser(db.owner, m.id, { name: '職員 花子', departmentId: ka.id });
  const kakariStaff = await newUser(db.owner, m.id, { name: '係員 五郎', departmentId: kakari.id });
  await db.owner`insert into approval_delegations (municipality_id, manager_id, deputy_id, starts_on, ends_on)
                 values (${m.id}, ${kaManager.id}, ${deputy.id}, ${addDays(today(), -1)}, ${addDays(today(), 10)}),
                        (${m.id}, ${kaManager.id}, ${oldDeputy.id}, ${addDays(today(), -20)}, ${addDays(today(), -2)})`;
  return { m, bu, ka, kakari, buManager, kaManager, deputy, oldDeputy, staff, kakariStaff };
}
type Town = Awaited<ReturnType<typeof newTown>>;

interface RequestRow {
  status?: 'submitted' | 'approved' | 'declined' | 'withdrawn';
  departmentId?: string | null;
  submittedAt?: Date;
  firstDate?: string;
  lastDate?: string;
  actualMinutes?: number | null;
  approverId?: string | null;
  reminderSentAt?: Date | null;
  ref?: { type: string; id: string };
}

async function newRequest(town: Pick<Town, 'm'>, requester: { id: string; departmentId?: string }, r: RequestRow = {}) {
  const firstDate = r.firstDate ?? addDays(today(), 7);
  const [row] = await db.owner<{ id: string }[]>`
    insert into time_requests (municipality_id, requester_id, department_id, activity_kind, ref_type, ref_id, purpose, status,
                               first_date, last_date, planned_minutes, actual_minutes, approver_id, submitted_at, reminder_sent_at)
    values (${town.m.id}, ${requester.id}, ${r.departmentId === undefined ? requester.departmentId ?? null : r.departmentId}, 'community',
            ${r.ref?.type ?? null}, ${r.ref?.id ?? null}, '広域の勉強会', ${r.status ?? 'submitted'},
            ${firstDate}, ${r.lastDate ?? firstDate}, 180, ${r.actualMinutes ?? null}, ${r.approverId ?? null},
            ${r.submittedAt ?? jst(workingDaysAgo(3))}, ${r.reminderSentAt ?? null})
    returning id`;
  return row!.id;
}
/** Staff as newRequest wants them: with the department the request is filed from. */
const inDept = (u: { id: string }, departmentId: string) => ({ id: u.id, departmentId });

interface EventRow { id: string; municipality_id: string; payload: Record<string, unknown> }
const eventsFor = (type: string, requestId: string) =>
  db.owner<EventRow[]>`select id, municipality_id, payload from outbox_events
                       where type = ${type} and payload->>'requestId' = ${requestId} order by created_at`;
const requestRow = async (id: string) =>
  (await db.owner<{ reminder_sent_at: Date | null; actuals_reminder_sent_at: Date | null; updated_at: Date }[]>`
    select reminder_sent_at, actuals_reminder_sent_at, updated_at from time_requests where id = ${id}`)[0]!;

// ---------- running the job ----------

const processor = (now?: () => Date) =>
  new SendTimeReminders({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL, now });
const run = (tenantId: string, now?: () => Date) =>
  processor(now).process({ id: `test-${randomUUID()}`, name: 'time.reminders', data: { tenantId }, attemptsMade: 0 }) as Promise<TimeRemindersResult>;
const sorted = (ids: string[]) => [...ids].sort();

describe('workingDaysCutoff', () => {
  it('is the latest date N working days back, across weekends', () => {
    // 2025-06-06 is a Friday, 2025-06-09 a Monday.
    expect(workingDaysCutoff('2025-06-06', 2)).toBe('2025-06-04');
    // Monday, N = 1: anything submitted by Sunday has waited through Monday.
    expect(workingDaysCutoff('2025-06-09', 1)).toBe('2025-06-08');
    expect(workingDaysCutoff('2025-06-09', 2)).toBe('2025-06-05');
    // Sunday, N = 1: submitted by Thursday, Friday was the working day.
    expect(workingDaysCutoff('2025-06-08', 1)).toBe('2025-06-05');
    for (const t of ['2025-06-06', '2025-06-07', '2025-06-09']) {
      for (const n of [1, 2, 3, 5, 10]) {
        const c = workingDaysCutoff(t, n);
        expect(workingDaysSince(c, t)).toBeGreaterThanOrEqual(n);
        expect(workingDaysSince(addDays(c, 1), t)).toBeLessThan(n);
      }
    }
  });
});

describe('time.reminders: pending too long → the approver', () => {
  let town: Town;
  beforeAll(async () => {
    town = await newTown('郡山テスト市');
  });

  it('reminds the manager and the active deputy once for a request pending 3 working days, and leaves a 1-day one alone', async () => {
    const ref = { type: 'help_call', id: randomUUID() };
    const old = await newRequest(town, inDept(town.staff, town.ka.id), { submittedAt: jst(workingDaysAgo(3)), ref });
    const fresh = await newRequest(town, inDept(town.staff, town.ka.id), { submittedAt: jst(workingDaysAgo(1)) });
    const decided = await newRequest(town, inDept(town.staff, town.ka.id), { status: 'declined', submittedAt: jst(workingDaysAgo(5)) });
    const before = await requestRow(old);

    const first = await run(town.m.id);
    expect(first.pending).toMatchObject({ sent: 1, failed: 0 });

    const events = await eventsFor('time_request.pending_reminder', old);
    expect(events).toHaveLength(1);
    expect(events[0]!.municipality_id).toBe(town.m.id);
    expect(events[0]!.payload).toEqual({
      requestId: old, ref, approverIds: sorted([town.kaManager.id, town.deputy.id]), requesterName: '職員 花子', workingDays: 3,
    });
    const after = await requestRow(old);
    expect(after.reminder_sent_at).not.toBeNull();
    expect(after.updated_at).toEqual(before.updated_at);

    expect(await eventsFor('time_request.pending_reminder', fresh)).toHaveLength(0);
    expect((await requestRow(fresh)).reminder_sent_at).toBeNull();
    expect(await eventsFor('time_request.pending_reminder', decided)).toHaveLength(0);

    // The same day again (a second scheduled run, a retry): nothing new.
    const second = await run(town.m.id);
    expect(second.pending.sent).toBe(0);
    expect(await eventsFor('time_request.pending_reminder', old)).toHaveLength(1);
    expect((await requestRow(old)).reminder_sent_at).toEqual(after.reminder_sent_at);

    // The relay and outbox.deliver take it from there: a notification for each approver, nobody else.
    await waitFor('reminder delivered', async () =>
      (await db.owner`select processed_at from outbox_events where id = ${events[0]!.id}`)[0]?.processed_at);
    const notified = await db.owner<{ user_id: string; kind: string; link: string }[]>`
      select user_id, kind, link from notifications where event_id = ${events[0]!.id} order by user_id`;
    expect(notified.map((n) => n.user_id)).toEqual(sorted([town.kaManager.id, town.deputy.id]));
    expect(notified.every((n) => n.kind === 'time_request.pending_reminder' && n.link === '/time/inbox')).toBe(true);
    const mails = await readMailbox(mailbox);
    expect(mails.filter((m) => m.to.includes(town.kaManager.email))).toHaveLength(1);
    expect(mails.filter((m) => m.to.includes(town.oldDeputy.email) || m.to.includes(town.buManager.email))).toHaveLength(0);
  });

  it('reminds again only after another N working days of waiting', async () => {
    const t = await newTown();
    const id = await newRequest(t, inDept(t.staff, t.ka.id), { submittedAt: jst(workingDaysAgo(2)) });
    expect((await run(t.m.id)).pending.sent).toBe(1);
    // Policy v1: N = 2. One working day later: still quiet; two: the second reminder.
    expect((await run(t.m.id, () => jst(workingDaysAhead(1)))).pending.sent).toBe(0);
    expect((await run(t.m.id, () => jst(workingDaysAhead(2)))).pending.sent).toBe(1);
    const events = await eventsFor('time_request.pending_reminder', id);
    expect(events.map((e) => e.payload.workingDays)).toEqual([2, 4]);
  });

  it('counts days in Japan time: 23:59 JST on the cutoff date is due, 00:00 JST the day after is not', async () => {
    const t = await newTown();
    const cutoff = workingDaysCutoff(today(), 2);
    const late = await newRequest(t, inDept(t.staff, t.ka.id), { submittedAt: jst(cutoff, '23:59') });
    const next = await newRequest(t, inDept(t.staff, t.ka.id), { submittedAt: jst(addDays(cutoff, 1), '00:00') });
    expect((await run(t.m.id)).pending.sent).toBe(1);
    expect(await eventsFor('time_request.pending_reminder', late)).toHaveLength(1);
    expect(await eventsFor('time_request.pending_reminder', next)).toHaveLength(0);
  });

  it("goes up the tree: a manager's own request to the manager above, a 係 without a manager to its 課", async () => {
    const t = await newTown();
    const own = await newRequest(t, inDept(t.kaManager, t.ka.id));
    const fromKakari = await newRequest(t, inDept(t.kakariStaff, t.kakari.id));
    // A request without a department is decided in the requester's current one.
    const noDept = await newRequest(t, inDept(t.kakariStaff, t.kakari.id), { departmentId: null });
    expect((await run(t.m.id)).pending.sent).toBe(3);
    expect((await eventsFor('time_request.pending_reminder', own))[0]!.payload.approverIds).toEqual([t.buManager.id]);
    expect((await eventsFor('time_request.pending_reminder', fromKakari))[0]!.payload.approverIds).toEqual(sorted([t.kaManager.id, t.deputy.id]));
    expect((await eventsFor('time_request.pending_reminder', noDept))[0]!.payload.approverIds).toEqual(sorted([t.kaManager.id, t.deputy.id]));
  });

  it('skips inactive managers, and with nobody to remind sends nothing and stamps nothing', async () => {
    const t = await newTown();
    await db.owner`update users set active = false where id = ${t.kaManager.id}`;
    const up = await newRequest(t, inDept(t.staff, t.ka.id));
    const lone = await newDepartment(db.owner, t.m.id, { kind: 'ka', name: '独立課' });
    const loner = await newUser(db.owner, t.m.id, { departmentId: lone.id });
    const nobody = await newRequest(t, inDept(loner, lone.id));
    const named = await newRequest(t, inDept(loner, lone.id), { approverId: t.buManager.id });

    const r = await run(t.m.id);
    expect(r.pending).toMatchObject({ sent: 2, noApprover: 1, failed: 0 });
    // The inactive 課長's deputy decides for an inactive manager no more: the 部長 it is.
    expect((await eventsFor('time_request.pending_reminder', up))[0]!.payload.approverIds).toEqual([t.buManager.id]);
    // No manager anywhere up the tree: the approver recorded on the request.
    expect((await eventsFor('time_request.pending_reminder', named))[0]!.payload.approverIds).toEqual([t.buManager.id]);
    expect(await eventsFor('time_request.pending_reminder', nobody)).toHaveLength(0);
    expect((await requestRow(nobody)).reminder_sent_at).toBeNull();
  });

  it('does not remind about a request whose first date has passed: it can no longer be approved', async () => {
    const t = await newTown();
    const stale = await newRequest(t, inDept(t.staff, t.ka.id), { firstDate: addDays(today(), -1) });
    const onTheDay = await newRequest(t, inDept(t.staff, t.ka.id), { firstDate: today() });
    await run(t.m.id);
    expect(await eventsFor('time_request.pending_reminder', stale)).toHaveLength(0);
    expect(await eventsFor('time_request.pending_reminder', onTheDay)).toHaveLength(1);
  });

  it('follows the policy in force: a new version with N = 5 holds back a 3-day reminder', async () => {
    const t = await newTown();
    await db.owner`insert into time_policies (municipality_id, version, reminder_working_days, actuals_reminder_days) values (${t.m.id}, 2, 5, 1)`;
    const id = await newRequest(t, inDept(t.staff, t.ka.id), { submittedAt: jst(workingDaysAgo(3)) });
    const approved = await newRequest(t, inDept(t.staff, t.ka.id), { status: 'approved', firstDate: addDays(today(), -1), submittedAt: jst(addDays(today(), -10)) });
    const r = await run(t.m.id);
    expect(r.policyVersion).toBe(2);
    expect(r.pending.sent).toBe(0);
    expect(await eventsFor('time_request.pending_reminder', id)).toHaveLength(0);
    // actuals_reminder_days = 1: a date yesterday is enough.
    expect(await eventsFor('time_request.actuals_reminder', approved)).toHaveLength(1);
  });

  it('two workers at the same moment remind each request once (FOR UPDATE SKIP LOCKED)', async () => {
    const t = await newTown();
    const ids = await Promise.all(Array.from({ length: 12 }, () => newRequest(t, inDept(t.staff, t.ka.id))));
    const results = await Promise.all([run(t.m.id), run(t.m.id), run(t.m.id)]);
    expect(results.reduce((s, r) => s + r.pending.sent, 0)).toBe(12);
    for (const id of ids) expect(await eventsFor('time_request.pending_reminder', id)).toHaveLength(1);
  });
});

describe('time.reminders: actual hours missing → the requester', () => {
  it('reminds once 4 days after the date, not when actuals are recorded, not too early, not for other statuses', async () => {
    const t = await newTown();
    const ref = { type: 'event', id: randomUUID() };
    const due = await newRequest(t, inDept(t.staff, t.ka.id), {
      status: 'approved', firstDate: addDays(today(), -5), lastDate: addDays(today(), -4), submittedAt: jst(addDays(today(), -20)), ref,
    });
    const recorded = await newRequest(t, inDept(t.staff, t.ka.id), {
      status: 'approved', firstDate: addDays(today(), -4), actualMinutes: 120, submittedAt: jst(addDays(today(), -20)),
    });
    const early = await newRequest(t, inDept(t.staff, t.ka.id), { status: 'approved', firstDate: addDays(today(), -2), submittedAt: jst(addDays(today(), -20)) });
    const declined = await newRequest(t, inDept(t.staff, t.ka.id), { status: 'declined', firstDate: addDays(today(), -6), submittedAt: jst(addDays(today(), -20)) });

    const first = await run(t.m.id);
    expect(first.actuals).toMatchObject({ sent: 1, failed: 0 });
    const events = await eventsFor('time_request.actuals_reminder', due);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({ requestId: due, ref, requesterId: t.staff.id, firstDate: addDays(today(), -5) });
    expect((await requestRow(due)).actuals_reminder_sent_at).not.toBeNull();
    for (const id of [recorded, early, declined]) {
      expect(await eventsFor('time_request.actuals_reminder', id)).toHaveLength(0);
      expect((await requestRow(id)).actuals_reminder_sent_at).toBeNull();
    }

    // Once, ever: the same day, and a week later.
    expect((await run(t.m.id)).actuals.sent).toBe(0);
    // A week on only `early` has become due; `recorded` and `declined` never are.
    expect((await run(t.m.id, () => jst(addDays(today(), 7)))).actuals.sent).toBe(1);
    expect(await eventsFor('time_request.actuals_reminder', due)).toHaveLength(1);
    expect(await eventsFor('time_request.actuals_reminder', early)).toHaveLength(1);
    expect(await eventsFor('time_request.actuals_reminder', recorded)).toHaveLength(0);
    expect(await eventsFor('time_request.actuals_reminder', declined)).toHaveLength(0);

    await waitFor('actuals reminder delivered', async () =>
      (await db.owner`select processed_at from outbox_events where id = ${events[0]!.id}`)[0]?.processed_at);
    expect(await db.owner`select user_id, kind from notifications where event_id = ${events[0]!.id}`)
      .toEqual([{ user_id: t.staff.id, kind: 'time_request.actuals_reminder' }]);
  });
});

describe('time.reminders: tenancy', () => {
  it("tenant A's job leaves tenant B's requests alone; B's own job reminds them", async () => {
    const a = await newTown('A町');
    const b = await newTown('B町');
    const aReq = await newRequest(a, inDept(a.staff, a.ka.id));
    const bPending = await newRequest(b, inDept(b.staff, b.ka.id));
    const bActuals = await newRequest(b, inDept(b.staff, b.ka.id), { status: 'approved', firstDate: addDays(today(), -6), submittedAt: jst(addDays(today(), -20)) });

    const r = await run(a.m.id);
    expect(r.pending.sent).toBe(1);
    expect(r.actuals.sent).toBe(0);
    expect(await eventsFor('time_request.pending_reminder', aReq)).toHaveLength(1);
    expect(await eventsFor('time_request.pending_reminder', bPending)).toHaveLength(0);
    expect(await eventsFor('time_request.actuals_reminder', bActuals)).toHaveLength(0);
    expect(await requestRow(bPending)).toMatchObject({ reminder_sent_at: null });
    expect(await requestRow(bActuals)).toMatchObject({ actuals_reminder_sent_at: null });
    expect(await db.owner`select id from outbox_events where municipality_id = ${b.m.id}`).toHaveLength(0);

    const rb = await run(b.m.id);
    expect(rb.pending.sent + rb.actuals.sent).toBe(2);
    const [ev] = await eventsFor('time_request.pending_reminder', bPending);
    expect(ev!.municipality_id).toBe(b.m.id);
    expect(ev!.payload.approverIds).toEqual(sorted([b.kaManager.id, b.deputy.id]));
  });

  it('runs through the queue like any job: the payload names the tenant', async () => {
    const t = await newTown();
    const id = await newRequest(t, inDept(t.staff, t.ka.id));
    const jobId = `time-reminders-${t.m.id}`;
    await app.queue.add('time.reminders', { tenantId: t.m.id }, { jobId });
    await waitFor('job completed', async () => (await inspect.getJob(jobId))?.isCompleted());
    expect((await inspect.getJob(jobId))!.returnvalue).toMatchObject({ pending: { sent: 1, failed: 0 } });
    expect(await eventsFor('time_request.pending_reminder', id)).toHaveLength(1);
    // An unknown tenant fails for good, once.
    const bad = await inspect.add('time.reminders', { tenantId: randomUUID() }, { attempts: 3, backoff: { type: 'fixed', delay: 50 } });
    await waitFor('bad job failed', async () => (await inspect.getJob(bad.id!))?.isFailed());
    const failed = (await inspect.getJob(bad.id!))!;
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/unknown tenant/);
  });
});

describe('time.reminders scheduler (Redis)', () => {
  const municipalityIds = async () => (await db.owner<{ id: string }[]>`select id from municipalities order by id`).map((r) => r.id);
  const ours = async () => (await app.queue.listSchedulers()).filter((s) => s.key.startsWith('time.reminders:'));

  it('keeps one scheduler per municipality, weekdays 09:00 Asia/Tokyo; a second sync changes nothing', async () => {
    const ids = await municipalityIds();
    expect(ids.length).toBeGreaterThan(3);
    const first = await app.reminderScheduler.syncOnce();
    expect(first).toEqual({ upserted: ids.length, unchanged: 0, removed: 0 });

    const schedulers = await ours();
    expect(schedulers.map((s) => s.key).sort()).toEqual(ids.map(timeRemindersSchedulerId).sort());
    for (const s of schedulers) {
      expect(s).toMatchObject({ name: 'time.reminders', pattern: '0 9 * * 1-5', tz: 'Asia/Tokyo' });
      expect(s.template?.data).toEqual({ tenantId: s.key.slice('time.reminders:'.length) });
      // The next run: a weekday, 09:00 in Japan, within the next four days.
      const next = new Date(s.next!);
      const jstNext = new Date(next.getTime() + 9 * 3_600_000);
      expect([jstNext.getUTCHours(), jstNext.getUTCMinutes()]).toEqual([9, 0]);
      expect([0, 6]).not.toContain(jstNext.getUTCDay());
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(4 * 86_400_000);
    }
    const delayed = async () => (await inspect.getDelayed()).filter((j) => j.name === 'time.reminders');
    expect(await delayed()).toHaveLength(ids.length);

    expect(await app.reminderScheduler.syncOnce()).toEqual({ upserted: 0, unchanged: ids.length, removed: 0 });
    expect(await ours()).toHaveLength(ids.length);
    expect(await delayed()).toHaveLength(ids.length);

    // A new town gets its scheduler on the next sync; the others stay as they were.
    const added = await newMunicipality(db.owner, regionId, { name: '新しい村' });
    expect(await app.reminderScheduler.syncOnce()).toEqual({ upserted: 1, unchanged: ids.length, removed: 0 });
    expect((await app.queue.getScheduler(timeRemindersSchedulerId(added.id)))?.template?.data).toEqual({ tenantId: added.id });

    // Another pattern (YUI_REMINDER_CRON changed) rewrites every scheduler in place, without duplicates;
    // a scheduler of a town that is gone is removed.
    await app.queue.upsertScheduler(timeRemindersSchedulerId(randomUUID()), { pattern: '0 9 * * 1-5', tz: 'Asia/Tokyo' }, { name: 'time.reminders', data: { tenantId: randomUUID() } });
    const other = createTimeReminderScheduler({ sql: app.sql, queue: app.queue, log: testLog, pattern: '30 8 * * 1-5' });
    expect(await other.syncOnce()).toEqual({ upserted: ids.length + 1, unchanged: 0, removed: 1 });
    const now = await ours();
    expect(now).toHaveLength(ids.length + 1);
    expect(now.every((s) => s.pattern === '30 8 * * 1-5')).toBe(true);
    expect(await delayed()).toHaveLength(ids.length + 1);
    await other.stop();
  });
});
