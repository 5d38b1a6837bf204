import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eventTypes, renderNotification, type EventPayload, type EventType } from '@yui/contracts';
import { addDays, fiscalYearOf, todayInJapan } from '@yui/domain';
import { newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { type WorkerApp } from '../src/app';
import type { ProcessorDeps } from '../src/processors/base';
import { KeepMentorshipsAlive, type MentoringKeepaliveResult } from '../src/processors/mentoring/keepalive';
import { deliveryFor } from '../src/processors/outbox/deliver';
import { createMentoringScheduler, MENTORING_KEEPALIVE_CRON, mentoringKeepaliveSchedulerId } from '../src/schedulers/mentoring';
import { readMailbox, testLog, waitFor, startWorkerTest, type WorkerTest } from './helpers';

/**
 * 職員サポート制度 in the worker: the mentoring.keepalive job (quiet pairs nudged once, stalled pairs
 * told to their programme's admins once per programme, survey reminders once, pairs past their end
 * ended once; only the programmes the job's town runs; however many runs at once) and the delivery
 * of mentoring.* events to people of any town of the region, each in their own town.
 */

let w: WorkerTest;
let db: TestDatabase;
let app: WorkerApp;
let mailbox: string;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;

type Person = Awaited<ReturnType<typeof newUser>>;
let adminA: Person; let adminAGone: Person; let adminB: Person; let coordinatorB: Person; let coordinatorC: Person; let adminC: Person;
let a1: Person; let a2: Person; let a3: Person; let a4: Person; let a5: Person;
let b1: Person; let b2: Person; let b3: Person; let b4: Person; let b5: Person;
let c1: Person; let c2: Person;

const today = todayInJapan();
const fy = fiscalYearOf(new Date(`${today}T12:00:00+09:00`));

beforeAll(async () => {
  // The relay runs (LISTEN): emitted events go all the way to notifications and mail. The job is run
  // directly; its schedule is checked without letting it fire.
  w = await startWorkerTest({ startScheduler: false });
  ({ db, app, mailbox } = w);
  fx = await newTenancyFixture(db.owner);
  const o = db.owner;
  adminA = await newUser(o, fx.a.id, { name: '郡山 管理', roles: [{ role: 'municipality_admin' }] });
  adminAGone = await newUser(o, fx.a.id, { name: '郡山 退職', active: false, roles: [{ role: 'municipality_admin' }] });
  adminB = await newUser(o, fx.b.id, { name: '三春 管理', roles: [{ role: 'municipality_admin' }] });
  coordinatorB = await newUser(o, fx.b.id, { name: '三春 調整', roles: [{ role: 'regional_coordinator', regionId: fx.region.id }] });
  adminC = await newUser(o, fx.c.id, { name: '他県 管理', roles: [{ role: 'municipality_admin' }] });
  coordinatorC = await newUser(o, fx.c.id, { name: '他県 調整', roles: [{ role: 'regional_coordinator', regionId: fx.otherRegion.id }] });
  a1 = await newUser(o, fx.a.id, { name: '郡山 先輩' });
  a2 = await newUser(o, fx.a.id, { name: '郡山 新人' });
  a3 = await newUser(o, fx.a.id, { name: '郡山 中堅' });
  a4 = await newUser(o, fx.a.id, { name: '郡山 二年目' });
  a5 = await newUser(o, fx.a.id, { name: '郡山 四月' });
  b1 = await newUser(o, fx.b.id, { name: '三春 先輩' });
  b2 = await newUser(o, fx.b.id, { name: '三春 新人' });
  b3 = await newUser(o, fx.b.id, { name: '三春 係長' });
  b4 = await newUser(o, fx.b.id, { name: '三春 四月' });
  b5 = await newUser(o, fx.b.id, { name: '三春 主任' });
  c1 = await newUser(o, fx.c.id, { name: '他県 先輩' });
  c2 = await newUser(o, fx.c.id, { name: '他県 新人' });
});

afterAll(async () => {
  await w?.close();
});

// ---------- arranging (as the owner, behind the API's back) ----------

type Town = { id: string; regionId: string };

async function insertProgramme(
  town: Town, by: Person, p: { scope?: 'town' | 'region'; title?: string; nudge?: number; escalate?: number; status?: 'open' | 'closed' } = {},
): Promise<{ id: string; title: string }> {
  const [row] = await db.owner<{ id: string; title: string }[]>`
    insert into mentoring_programmes (region_id, municipality_id, scope, kind, fiscal_year, title, starts_on, ends_on,
                                      nudge_after_weeks, escalate_after_weeks, status, created_by)
    values (${town.regionId}, ${town.id}, ${p.scope ?? 'town'}, ${p.scope === 'region' ? 'cross_town' : 'new_hire'}, ${fy},
            ${p.title ?? `新採用職員サポート${randomUUID().slice(0, 6)}`}, ${addDays(today, -400)}, ${addDays(today, 400)},
            ${p.nudge ?? 4}, ${p.escalate ?? 8}, ${p.status ?? 'open'}, ${by.id})
    returning id, title`;
  return row!;
}

/** A pair (and its two participant entries). Quiet for `quietDays` unless told otherwise. */
async function insertPair(
  programme: { id: string }, town: Town, mentor: Person, mentee: Person,
  p: { startsOn: string; endsOn?: string; lastSessionOn?: string | null; nudged?: boolean; midNotified?: boolean; endNotified?: boolean },
): Promise<string> {
  const o = db.owner;
  await o`
    insert into mentoring_participants (region_id, programme_id, user_id, municipality_id, role, capacity, added_by)
    values (${town.regionId}, ${programme.id}, ${mentor.id}, ${mentor.municipalityId}, 'mentor', 3, ${mentor.id}),
           (${town.regionId}, ${programme.id}, ${mentee.id}, ${mentee.municipalityId}, 'mentee', 1, ${mentee.id})
    on conflict (programme_id, user_id, role) do nothing`;
  const stamp = (b: boolean | undefined) => (b ? new Date() : null);
  const [row] = await o<{ id: string }[]>`
    insert into mentorships (region_id, programme_id, mentor_id, mentor_municipality_id, mentee_id, mentee_municipality_id,
                             starts_on, ends_on, score, matched_by, last_session_on, nudged_at, mid_survey_notified_at, end_survey_notified_at)
    values (${town.regionId}, ${programme.id}, ${mentor.id}, ${mentor.municipalityId}, ${mentee.id}, ${mentee.municipalityId},
            ${p.startsOn}, ${p.endsOn ?? addDays(today, 300)}, 70, ${mentor.id}, ${p.lastSessionOn ?? null},
            ${stamp(p.nudged)}, ${stamp(p.midNotified)}, ${stamp(p.endNotified)})
    returning id`;
  return row!.id;
}

// ---------- looking ----------

type PairRow = {
  status: string; end_reason: string | null; ended_at: Date | null; nudged_at: Date | null; escalated_at: Date | null;
  mid_survey_notified_at: Date | null; end_survey_notified_at: Date | null; updated_at: Date;
};
const pairRow = async (id: string) =>
  (await db.owner<PairRow[]>`
    select status, end_reason, ended_at, nudged_at, escalated_at, mid_survey_notified_at, end_survey_notified_at, updated_at
    from mentorships where id = ${id}`)[0]!;
type EventRow = { id: string; municipality_id: string; payload: Record<string, unknown> & { recipientIds: string[] } };
const eventsAbout = (type: string, key: 'mentorshipId' | 'programmeId', id: string) =>
  db.owner<EventRow[]>`select id, municipality_id, payload from outbox_events where type = ${type} and payload->>${key} = ${id} order by created_at`;
const allEventsAbout = (id: string) =>
  db.owner<{ type: string }[]>`select type from outbox_events where type like 'mentoring.%' and (payload->>'mentorshipId' = ${id} or payload->>'programmeId' = ${id})`;
const notificationsOf = (eventId: string) =>
  db.owner<{ user_id: string; municipality_id: string; kind: string; params: Record<string, unknown>; link: string | null; emailed_at: Date | null }[]>`
    select user_id, municipality_id, kind, params, link, emailed_at from notifications where event_id = ${eventId} order by user_id`;
const delivered = (eventId: string) => waitFor(`event ${eventId} delivered`, async () =>
  (await db.owner`select processed_at from outbox_events where id = ${eventId}`)[0]?.processed_at);
const mailsTo = async (email: string) => (await readMailbox(mailbox)).filter((m) => m.to.includes(email));
const sorted = (ids: string[]) => [...ids].sort();
const townOf = (p: Person) => p.municipalityId;

const deps = (now?: () => Date): ProcessorDeps => ({ sql: app.sql, log: testLog, mailer: app.mailer, storage: app.storage, publicUrl: app.config.YUI_PUBLIC_URL, now });
const job = (data: unknown) => ({ id: `test-${randomUUID()}`, name: 'mentoring.keepalive', data, attemptsMade: 0 });
const runKeepalive = (tenantId: string, now?: () => Date): Promise<MentoringKeepaliveResult> =>
  new KeepMentorshipsAlive(deps(now)).process(job({ tenantId }));
/** Everything a set of runs did, merged. */
const merged = (runs: MentoringKeepaliveResult[]) => ({
  mid: sorted(runs.flatMap((r) => r.surveys.mid)), end: sorted(runs.flatMap((r) => r.surveys.end)),
  ended: sorted(runs.flatMap((r) => r.ended)), nudged: sorted(runs.flatMap((r) => r.nudged)),
  escalated: sorted(runs.flatMap((r) => r.escalated)), stalledNotices: runs.reduce((n, r) => n + r.stalledNotices, 0),
});
const nothing = { mid: [], end: [], ended: [], nudged: [], escalated: [], stalledNotices: 0 };

// ---------- 1. nudging ----------

describe('mentoring.keepalive: quiet pairs are nudged', () => {
  it("nudges both people of a pair quiet for the nudge weeks once — each in their own town — and leaves everyone else alone", async () => {
    const progA = await insertProgramme(fx.a, adminA, { title: '新採用職員サポート（郡山）' });
    // A cross-town programme run by town A: its pair of a B mentor and an A mentee lives with A.
    const progR = await insertProgramme(fx.a, coordinatorB, { scope: 'region', title: '広域メンタリング' });
    const progB = await insertProgramme(fx.b, adminB);
    const progC = await insertProgramme(fx.c, adminC);
    const closedA = await insertProgramme(fx.a, adminA, { status: 'closed' });

    const quiet = await insertPair(progA, fx.a, a1, a2, { startsOn: addDays(today, -35) });
    const crossTown = await insertPair(progR, fx.a, b1, a4, { startsOn: addDays(today, -70), lastSessionOn: addDays(today, -36) });
    const recent = await insertPair(progA, fx.a, a3, a4, { startsOn: addDays(today, -70), lastSessionOn: addDays(today, -6) });
    const fresh = await insertPair(progA, fx.a, a1, a5, { startsOn: addDays(today, -27) });
    const quietB = await insertPair(progB, fx.b, b1, b2, { startsOn: addDays(today, -35) });
    const quietC = await insertPair(progC, fx.c, c1, c2, { startsOn: addDays(today, -35) });
    const inClosed = await insertPair(closedA, fx.a, a3, a2, { startsOn: addDays(today, -35) });

    // Town B's run first: its own pair only — not A's town programme, nor the cross-town programme
    // A runs (which B sees, and whose mentor works in B).
    const runB = merged([await runKeepalive(fx.b.id)]);
    expect(runB.nudged).toEqual([quietB]);
    for (const id of [quiet, crossTown]) expect((await pairRow(id)).nudged_at).toBeNull();

    // Two runs for A at the same moment: each quiet pair nudged once.
    const runs = merged(await Promise.all([runKeepalive(fx.a.id), runKeepalive(fx.a.id)]));
    expect(runs).toEqual({ ...nothing, nudged: sorted([quiet, crossTown]) });
    for (const id of [quiet, crossTown]) expect((await pairRow(id)).nudged_at).toBeInstanceOf(Date);
    for (const id of [recent, fresh, quietC, inClosed]) expect((await pairRow(id)).nudged_at).toBeNull();
    for (const id of [recent, fresh, quietC, inClosed]) expect(await allEventsAbout(id)).toEqual([]);

    // One mentoring.nudge per pair, from the programme's town, to both, with the weeks without a session.
    const [ev] = await eventsAbout('mentoring.nudge', 'mentorshipId', crossTown);
    expect(await eventsAbout('mentoring.nudge', 'mentorshipId', crossTown)).toHaveLength(1);
    expect(await eventsAbout('mentoring.nudge', 'mentorshipId', quiet)).toHaveLength(1);
    expect(ev).toMatchObject({ municipality_id: fx.a.id, payload: { programmeTitle: '広域メンタリング', weeks: 5 } });
    expect(sorted(ev!.payload.recipientIds)).toEqual(sorted([b1.id, a4.id]));

    // Delivered to each person in their own town: the B mentor's notification is B's.
    await delivered(ev!.id);
    const rows = await notificationsOf(ev!.id);
    expect(rows.map((r) => [r.user_id, r.municipality_id])).toEqual(sorted([b1.id, a4.id]).map((id) => [id, id === b1.id ? fx.b.id : fx.a.id]));
    for (const r of rows) {
      expect(r).toMatchObject({
        kind: 'mentoring.nudge', link: `/mentoring/pairs/${crossTown}`, params: { programmeTitle: '広域メンタリング', weeks: '5' },
      });
      expect(r.emailed_at).toBeInstanceOf(Date);
    }
    const mail = (await mailsTo(b1.email)).find((m) => m.text.includes('「広域メンタリング」'));
    expect(mail?.subject).toBe('しばらく面談していません');
    expect(mail?.text).toContain(`https://yui.test.example/app/mentoring/pairs/${crossTown}`);

    // A third run, and B's again: nothing left to do; C's pair belongs to C's own job.
    expect(merged([await runKeepalive(fx.a.id)])).toEqual(nothing);
    expect(merged([await runKeepalive(fx.b.id)])).toEqual(nothing);
    expect(await eventsAbout('mentoring.nudge', 'mentorshipId', quiet)).toHaveLength(1);
    expect((await pairRow(quietC)).nudged_at).toBeNull();
    expect(merged([await runKeepalive(fx.c.id)]).nudged).toEqual([quietC]);
  });

  it('a pair nudged, then meeting again, then quiet again is nudged again (a held session clears the stamp)', async () => {
    const prog = await insertProgramme(fx.a, adminA, { nudge: 2, escalate: 6 });
    const pair = await insertPair(prog, fx.a, a3, a2, { startsOn: addDays(today, -60), lastSessionOn: addDays(today, -15) });
    expect((await runKeepalive(fx.a.id)).nudged).toEqual([pair]);
    // What logging a held session does (API): last_session_on moves, the stamps are cleared.
    await db.owner`update mentorships set last_session_on = ${addDays(today, -1)}, nudged_at = null, escalated_at = null where id = ${pair}`;
    expect((await runKeepalive(fx.a.id)).nudged).toEqual([]);
    // Two weeks later with no session: nudged again.
    const later = () => new Date(`${addDays(today, 14)}T09:00:00+09:00`);
    const run = await runKeepalive(fx.a.id, later);
    expect(run.today).toBe(addDays(today, 14));
    expect(run.nudged).toContain(pair);
    const events = await eventsAbout('mentoring.nudge', 'mentorshipId', pair);
    expect(events.map((e) => e.payload.weeks)).toEqual([2, 2]);
  });
});

// ---------- 2. escalating ----------

describe("mentoring.keepalive: stalled pairs are told to the programme's admins", () => {
  it('tells the town programme’s 自治体管理者 and the cross-town programme’s coordinators once, one notice per programme with the count', async () => {
    const progA = await insertProgramme(fx.a, adminA, { title: '新任係長サポート' });
    const progR = await insertProgramme(fx.a, coordinatorB, { scope: 'region', title: '広域メンタリング（停滞）' });
    // Nine weeks without a session (already nudged, or not yet: then both happen in one run).
    const s1 = await insertPair(progA, fx.a, a1, a2, { startsOn: addDays(today, -63), nudged: true });
    const s2 = await insertPair(progA, fx.a, a3, a4, { startsOn: addDays(today, -100), lastSessionOn: addDays(today, -63) });
    const s3 = await insertPair(progR, fx.a, b1, a2, { startsOn: addDays(today, -63), nudged: true });
    // Seven weeks: quiet, not stalled.
    const quiet = await insertPair(progA, fx.a, a1, a5, { startsOn: addDays(today, -49), nudged: true });

    const runs = merged(await Promise.all([runKeepalive(fx.a.id), runKeepalive(fx.a.id)]));
    expect(runs.escalated).toEqual(sorted([s1, s2, s3]));
    expect(runs.nudged).toEqual([s2]);
    expect(runs.stalledNotices).toBe(2);
    for (const id of [s1, s2, s3]) expect((await pairRow(id)).escalated_at).toBeInstanceOf(Date);
    expect((await pairRow(quiet)).escalated_at).toBeNull();

    // Town programme: its town's active 自治体管理者 (not B's admin, not the one who left).
    const townEvents = await eventsAbout('mentoring.stalled', 'programmeId', progA.id);
    expect(townEvents).toHaveLength(1);
    expect(townEvents[0]).toMatchObject({
      municipality_id: fx.a.id, payload: { programmeTitle: '新任係長サポート', recipientIds: [adminA.id], pairs: 2, weeks: 8 },
    });
    expect(townEvents[0]!.payload.recipientIds).not.toContain(adminAGone.id);
    // Cross-town programme: the region's coordinators, whatever their town (not another region's).
    const regionEvents = await eventsAbout('mentoring.stalled', 'programmeId', progR.id);
    expect(regionEvents).toHaveLength(1);
    expect(regionEvents[0]).toMatchObject({ municipality_id: fx.a.id, payload: { recipientIds: [coordinatorB.id], pairs: 1, weeks: 8 } });

    await delivered(townEvents[0]!.id);
    expect(await notificationsOf(townEvents[0]!.id)).toEqual([expect.objectContaining({
      user_id: adminA.id, municipality_id: fx.a.id, kind: 'mentoring.stalled', link: `/mentoring/programmes/${progA.id}/health`,
      params: { programmeTitle: '新任係長サポート', pairs: '2', weeks: '8' },
    })]);
    await delivered(regionEvents[0]!.id);
    expect(await notificationsOf(regionEvents[0]!.id)).toEqual([expect.objectContaining({
      user_id: coordinatorB.id, municipality_id: fx.b.id, link: `/mentoring/programmes/${progR.id}/health`,
    })]);
    const mail = (await mailsTo(adminA.email)).find((m) => m.subject === '面談が止まっているペアがあります');
    expect(mail?.text).toContain('「新任係長サポート」で2組のペアが8週間以上面談していません。');
    expect(await db.owner`select id from notifications where user_id in (${adminB.id}, ${coordinatorC.id}, ${adminC.id}, ${adminAGone.id}) and kind = 'mentoring.stalled'`)
      .toHaveLength(0);

    // Again: nothing; the admins are not told twice.
    const again = await runKeepalive(fx.a.id);
    expect(again.escalated).toEqual([]);
    expect(again.stalledNotices).toBe(0);
    expect(await eventsAbout('mentoring.stalled', 'programmeId', progA.id)).toHaveLength(1);
    expect(await eventsAbout('mentoring.stalled', 'programmeId', progR.id)).toHaveLength(1);
  });
});

describe('mentoring.keepalive: a pair with its next session planned is alive', () => {
  it('is neither nudged nor reported while a session is planned today or later; a planned session in the past does not count', async () => {
    const prog = await insertProgramme(fx.a, adminA, { nudge: 2, escalate: 4 });
    const far = addDays(today, 365);
    const planned = await insertPair(prog, fx.a, a1, a2, { startsOn: addDays(today, -70), endsOn: far, lastSessionOn: addDays(today, -40) });
    const stale = await insertPair(prog, fx.a, a3, a5, { startsOn: addDays(today, -70), endsOn: far, lastSessionOn: addDays(today, -40) });
    const session = (pair: string, heldOn: string) => db.owner`
      insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, minutes, logged_by)
      values (${fx.a.regionId}, ${prog.id}, ${pair}, 'planned', ${heldOn}, 30, ${a1.id})`;
    await session(planned, addDays(today, 3));
    await session(stale, addDays(today, -3));
    const run = await runKeepalive(fx.a.id);
    expect(run.nudged).toEqual([stale]);
    expect(run.escalated).toEqual([stale]);
    expect(await allEventsAbout(planned)).toEqual([]);
  });
});

// ---------- 3. surveys ----------

describe('mentoring.keepalive: survey reminders', () => {
  it('asks both for the mid-point survey once half the period has passed, and for the final one in the last two weeks — each once', async () => {
    const prog = await insertProgramme(fx.b, adminB, { title: '三春 サポート' });
    const recently = addDays(today, -3);
    const half = await insertPair(prog, fx.b, b1, b2, { startsOn: addDays(today, -100), endsOn: addDays(today, 90), lastSessionOn: recently });
    const early = await insertPair(prog, fx.b, b3, b4, { startsOn: addDays(today, -20), endsOn: addDays(today, 90), lastSessionOn: recently });
    // In its last two weeks: the final survey only (the mid-point one would come at the same time).
    const closing = await insertPair(prog, fx.b, b1, b5, { startsOn: addDays(today, -200), endsOn: addDays(today, 10), lastSessionOn: recently });

    const runs = merged(await Promise.all([runKeepalive(fx.b.id), runKeepalive(fx.b.id)]));
    expect(runs).toEqual({ ...nothing, mid: [half], end: [closing] });
    expect(await pairRow(half)).toMatchObject({ mid_survey_notified_at: expect.any(Date), end_survey_notified_at: null, nudged_at: null });
    expect(await pairRow(early)).toMatchObject({ mid_survey_notified_at: null, end_survey_notified_at: null });
    expect(await pairRow(closing)).toMatchObject({ mid_survey_notified_at: null, end_survey_notified_at: expect.any(Date), status: 'active' });

    const [mid] = await eventsAbout('mentoring.survey_due', 'mentorshipId', half);
    expect(await eventsAbout('mentoring.survey_due', 'mentorshipId', half)).toHaveLength(1);
    expect(mid).toMatchObject({ municipality_id: fx.b.id, payload: { stage: 'mid', programmeTitle: '三春 サポート' } });
    expect(sorted(mid!.payload.recipientIds)).toEqual(sorted([b1.id, b2.id]));
    await delivered(mid!.id);
    for (const r of await notificationsOf(mid!.id)) {
      expect(r).toMatchObject({ kind: 'mentoring.survey_due', link: `/mentoring/pairs/${half}`, params: { stage: 'mid' } });
    }
    expect((await mailsTo(b2.email)).some((m) => m.subject === '中間アンケートのお願い')).toBe(true);
    expect((await eventsAbout('mentoring.survey_due', 'mentorshipId', closing)).map((e) => e.payload.stage)).toEqual(['end']);

    expect(merged([await runKeepalive(fx.b.id)])).toEqual(nothing);
    expect(await eventsAbout('mentoring.survey_due', 'mentorshipId', half)).toHaveLength(1);
  });
});

// ---------- 4. the end of the period ----------

describe('mentoring.keepalive: pairs past their end', () => {
  it("end as 'completed' and both are told once; a pair that never got its final-survey request gets it with the end, and is not nudged", async () => {
    const prog = await insertProgramme(fx.a, adminA, { title: '新採用職員サポート（終了）' });
    const over = await insertPair(prog, fx.a, a1, a2, {
      startsOn: addDays(today, -200), endsOn: addDays(today, -1), lastSessionOn: addDays(today, -10), midNotified: true, endNotified: true,
    });
    // Cross-town people, quiet for ten weeks, never asked for the final survey.
    const progR = await insertProgramme(fx.a, coordinatorB, { scope: 'region' });
    const overQuiet = await insertPair(progR, fx.a, b3, a3, { startsOn: addDays(today, -120), endsOn: addDays(today, -2), lastSessionOn: addDays(today, -70), midNotified: true, nudged: true });
    const lastDay = await insertPair(prog, fx.a, a3, a4, {
      startsOn: addDays(today, -200), endsOn: today, lastSessionOn: addDays(today, -10), midNotified: true, endNotified: true,
    });

    const runs = merged(await Promise.all([runKeepalive(fx.a.id), runKeepalive(fx.a.id)]));
    expect(runs).toEqual({ ...nothing, ended: sorted([over, overQuiet]), end: [overQuiet] });
    for (const id of [over, overQuiet]) {
      expect(await pairRow(id)).toMatchObject({ status: 'ended', end_reason: 'completed', ended_at: expect.any(Date), escalated_at: null });
    }
    expect((await pairRow(lastDay)).status).toBe('active');

    const [ended] = await eventsAbout('mentoring.pair_ended', 'mentorshipId', overQuiet);
    expect(await eventsAbout('mentoring.pair_ended', 'mentorshipId', overQuiet)).toHaveLength(1);
    expect(ended).toMatchObject({ municipality_id: fx.a.id, payload: { reason: 'completed' } });
    expect(sorted(ended!.payload.recipientIds)).toEqual(sorted([b3.id, a3.id]));
    await delivered(ended!.id);
    expect((await notificationsOf(ended!.id)).map((r) => [r.user_id, r.municipality_id, r.link, r.params.reason]))
      .toEqual(sorted([b3.id, a3.id]).map((id) => [id, id === b3.id ? fx.b.id : fx.a.id, `/mentoring/pairs/${overQuiet}`, 'completed']));
    expect((await mailsTo(b3.email)).find((m) => m.subject === 'サポートのペアが終了しました')?.text).toContain('期間満了');
    expect((await eventsAbout('mentoring.survey_due', 'mentorshipId', overQuiet)).map((e) => e.payload.stage)).toEqual(['end']);
    expect(await eventsAbout('mentoring.pair_ended', 'mentorshipId', over)).toHaveLength(1);
    expect(await eventsAbout('mentoring.survey_due', 'mentorshipId', over)).toHaveLength(0);
    expect(await eventsAbout('mentoring.stalled', 'programmeId', progR.id)).toHaveLength(0);

    // The next day the last-day pair ends too; the others are not ended (or told) again.
    const tomorrow = merged([await runKeepalive(fx.a.id, () => new Date(`${addDays(today, 1)}T08:30:00+09:00`))]);
    expect(tomorrow.ended).toEqual([lastDay]);
    expect(await eventsAbout('mentoring.pair_ended', 'mentorshipId', over)).toHaveLength(1);
    expect(await eventsAbout('mentoring.pair_ended', 'mentorshipId', overQuiet)).toHaveLength(1);
  });
});

describe('mentoring.keepalive: sessions still planned when a pair completes', () => {
  /** A 20% request of `user` for the session, in their own town (as the time module files it). */
  async function insertTime(user: Person, sessionId: string, status: string, first: string, approver: Person): Promise<string> {
    const [row] = await db.owner<{ id: string }[]>`
      insert into time_requests (municipality_id, requester_id, activity_kind, ref_type, ref_id, ref_title, purpose, status,
                                 first_date, last_date, planned_minutes, submitted_at, approver_id, decided_by)
      values (${user.municipalityId}, ${user.id}, 'mentoring', 'mentoring_session', ${sessionId}, '面談', '面談', ${status},
              ${first}, ${first}, 60, ${new Date()}, ${approver.id}, ${status === 'approved' ? approver.id : null})
      returning id`;
    await db.owner`
      insert into time_request_days (municipality_id, request_id, requester_id, work_date, planned_minutes)
      values (${user.municipalityId}, ${row!.id}, ${user.id}, ${first}, 60)`;
    return row!.id;
  }
  async function insertSession(programmeId: string, pairId: string, by: Person, heldOn: string): Promise<string> {
    const [row] = await db.owner<{ id: string }[]>`
      insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, minutes, logged_by)
      values (${fx.region.id}, ${programmeId}, ${pairId}, 'planned', ${heldOn}, 60, ${by.id}) returning id`;
    return row!.id;
  }

  it('cancels them from today on, and the delivery releases each side’s 20% request in its own town and tells their manager', async () => {
    const prog = await insertProgramme(fx.a, coordinatorB, { scope: 'region', title: '広域メンタリング（満了）' });
    const pair = await insertPair(prog, fx.a, b5, a5, {
      startsOn: addDays(today, -200), endsOn: addDays(today, -1), lastSessionOn: addDays(today, -10), midNotified: true, endNotified: true,
    });
    // Planned beyond the end before dates were checked against the period; and one whose day is over.
    const ahead = await insertSession(prog.id, pair, b5, addDays(today, 5));
    const past = await insertSession(prog.id, pair, b5, addDays(today, -3));
    const mentorTime = await insertTime(b5, ahead, 'approved', addDays(today, 5), adminB);
    const menteeTime = await insertTime(a5, ahead, 'submitted', addDays(today, 5), adminA);
    await db.owner`
      update mentoring_sessions set mentor_time_request_id = ${mentorTime}, mentor_time_status = 'approved',
        mentee_time_request_id = ${menteeTime}, mentee_time_status = 'submitted' where id = ${ahead}`;

    const runs = await Promise.all([runKeepalive(fx.a.id), runKeepalive(fx.a.id)]);
    expect(runs.flatMap((r) => r.ended)).toEqual([pair]);
    expect(runs.flatMap((r) => r.cancelledSessions)).toEqual([ahead]);
    expect((await runKeepalive(fx.a.id)).cancelledSessions).toEqual([]);
    const sessions = await db.owner<{ id: string; status: string }[]>`select id, status from mentoring_sessions where mentorship_id = ${pair} order by held_on`;
    expect(sessions).toEqual([{ id: past, status: 'planned' }, { id: ahead, status: 'cancelled' }]);

    const events = await eventsAbout('mentoring.session_cancelled', 'mentorshipId', pair);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ municipality_id: fx.a.id, payload: { sessionId: ahead, heldOn: addDays(today, 5), reason: 'completed' } });
    expect(sorted(event!.payload.recipientIds)).toEqual(sorted([b5.id, a5.id]));
    await delivered(event!.id);

    const times = await db.owner<{ id: string; status: string }[]>`select id, status from time_requests where id in ${db.owner([mentorTime, menteeTime])}`;
    expect(new Map(times.map((t) => [t.id, t.status]))).toEqual(new Map([[mentorTime, 'cancelled'], [menteeTime, 'withdrawn']]));
    const history = await db.owner<{ municipality_id: string; actor_id: string; action: string }[]>`
      select municipality_id, actor_id, action from time_request_history where request_id in ${db.owner([mentorTime, menteeTime])} order by action`;
    expect(history).toEqual([
      { municipality_id: fx.b.id, actor_id: b5.id, action: 'cancel' }, { municipality_id: fx.a.id, actor_id: a5.id, action: 'withdraw' },
    ]);
    // Mirrored on the session, as the time hook does for a change in the 20% screens.
    expect((await db.owner`select mentor_time_status, mentee_time_status from mentoring_sessions where id = ${ahead}`)[0])
      .toEqual({ mentor_time_status: 'cancelled', mentee_time_status: 'withdrawn' });
    // Both people, each in their own town; each one's manager, told whose request left their inbox / calendar.
    const notes = await notificationsOf(event!.id);
    expect(notes.map((n) => [n.user_id, n.municipality_id, n.params.names ?? null]).sort()).toEqual([
      [b5.id, fx.b.id, null], [a5.id, fx.a.id, null], [adminB.id, fx.b.id, '三春 主任'], [adminA.id, fx.a.id, '郡山 四月'],
    ].sort());
    expect((await mailsTo(a5.email)).find((m) => m.subject === '面談が中止になりました')?.text).toContain('期間満了');
    expect((await mailsTo(adminB.email)).find((m) => m.subject === '20%ルールの申請が自動で取り消されました')?.text).toContain('三春 主任さん');
  });
});

// ---------- 5. the schedule ----------

describe('mentoring.keepalive: the schedule', () => {
  it('is scheduled per town, daily at 08:30 Asia/Tokyo', async () => {
    const scheduler = createMentoringScheduler({ sql: app.sql, queue: app.queue, log: testLog });
    try {
      const towns = (await db.owner<{ id: string }[]>`select id from municipalities`).length;
      expect(await scheduler.syncOnce()).toEqual({ upserted: towns, unchanged: 0, removed: 0 });
      for (const town of [fx.a, fx.b, fx.c]) {
        expect(await app.queue.getScheduler(mentoringKeepaliveSchedulerId(town.id)))
          .toMatchObject({ name: 'mentoring.keepalive', pattern: MENTORING_KEEPALIVE_CRON, tz: 'Asia/Tokyo', template: { data: { tenantId: town.id } } });
      }
      expect(mentoringKeepaliveSchedulerId(fx.a.id)).toBe(`mentoring.keepalive:${fx.a.id}`);
      expect(MENTORING_KEEPALIVE_CRON).toBe('30 8 * * *');
      // A second worker's sync changes nothing.
      expect(await scheduler.syncOnce()).toEqual({ upserted: 0, unchanged: towns, removed: 0 });
    } finally {
      await scheduler.stop();
      for (const s of await app.queue.listSchedulers()) if (s.key.startsWith('mentoring.keepalive:')) await app.queue.removeScheduler(s.key);
    }
  });
});

// ---------- 6. the deliveries ----------

describe('outbox.deliver: mentoring events', () => {
  const mentorshipId = '0b8f3a52-6f7d-4c1e-9a3b-2d4e5f6a7b8c';
  const programmeId = '1c9e4b63-7a8e-4d2f-8b4c-3e5f6a7b8c9d';
  const consultationId = '3e1a6d85-9c0a-4f4b-8d6e-5a7b8c9d0e1f';
  const to = ['2d0f5c74-8b9f-4e3a-9c5d-4f6a7b8c9d0e'];
  const pair = { mentorshipId, programmeTitle: '新採用職員サポート', recipientIds: to };
  const consult = { consultationId, subject: '業務量の相談', recipientIds: to };
  const samples: { [T in EventType as T extends `mentoring.${string}` ? T : never]: EventPayload<T> } = {
    'mentoring.matched': { ...pair, mentorName: '郡山 先輩', menteeName: '郡山 新人' },
    'mentoring.session_planned': { ...pair, byName: '郡山 先輩', heldOn: '2026-05-12', startTime: '15:00' },
    'mentoring.rematch_requested': { ...pair, programmeId, menteeName: '郡山 新人' },
    'mentoring.pair_ended': { ...pair, reason: 'rematch' },
    'mentoring.nudge': { ...pair, weeks: 5 },
    'mentoring.stalled': { programmeId, programmeTitle: '新採用職員サポート', recipientIds: to, pairs: 3, weeks: 8 },
    'mentoring.survey_due': { ...pair, stage: 'end' },
    'mentoring.consultation_opened': { ...consult, mentorName: '郡山 先輩' },
    'mentoring.consultation_message': { ...consult, authorName: '郡山 課長' },
    'mentoring.session_cancelled': { ...pair, sessionId: '4f2b7e96-0d1b-4a5c-9e7f-6b8c9d0e1f2a', heldOn: '2026-05-12', reason: 'rematch' },
  };
  const links: Record<keyof typeof samples, string> = {
    'mentoring.matched': `/mentoring/pairs/${mentorshipId}`,
    'mentoring.session_planned': `/mentoring/pairs/${mentorshipId}`,
    'mentoring.rematch_requested': `/mentoring/programmes/${programmeId}/matching`,
    'mentoring.pair_ended': `/mentoring/pairs/${mentorshipId}`,
    'mentoring.nudge': `/mentoring/pairs/${mentorshipId}`,
    'mentoring.stalled': `/mentoring/programmes/${programmeId}/health`,
    'mentoring.survey_due': `/mentoring/pairs/${mentorshipId}`,
    'mentoring.consultation_opened': `/mentoring/consultations/${consultationId}`,
    'mentoring.consultation_message': `/mentoring/consultations/${consultationId}`,
    'mentoring.session_cancelled': `/mentoring/pairs/${mentorshipId}`,
  };

  it('covers every mentoring.* event, region-wide, linking to the pair, the programme page or the consultation', () => {
    expect(Object.keys(samples).sort()).toEqual(eventTypes.filter((t) => t.startsWith('mentoring.')).sort());
    for (const [type, payload] of Object.entries(samples)) {
      const d = deliveryFor(type, payload);
      expect(d, type).toMatchObject({ kind: type, userIds: to, regionWide: true, link: links[type as keyof typeof samples] });
      for (const v of Object.values(d.params)) expect(v === null || typeof v === 'string').toBe(true);
    }
  });

  it('renders every template in both languages with the values filled in', () => {
    for (const [type, payload] of Object.entries(samples)) {
      for (const lang of ['ja', 'en'] as const) {
        const { title, body } = renderNotification(type, deliveryFor(type, payload).params, lang);
        expect(title, `${type} ${lang}`).not.toBe(type);
        expect(`${title} ${body}`, `${type} ${lang}`).not.toMatch(/undefined|null|\[object|NaN/);
        expect(body, `${type} ${lang}`).toContain(type.startsWith('mentoring.consultation') ? '業務量の相談' : '新採用職員サポート');
      }
    }
    const ja = (type: keyof typeof samples, p: unknown = samples[type]) => renderNotification(type, deliveryFor(type, p).params, 'ja');
    expect(ja('mentoring.pair_ended').body).toContain('再マッチングの希望');
    expect(ja('mentoring.nudge').body).toContain('5週間');
    expect(ja('mentoring.survey_due').title).toBe('終了時アンケートのお願い');
    expect(ja('mentoring.stalled').body).toBe('「新採用職員サポート」で3組のペアが8週間以上面談していません。状況を確認してください。');
    // The session day as people write it, with the weekday.
    expect(ja('mentoring.session_planned').body).toBe('郡山 先輩さんが5月12日（火） 15:00に面談を予定しました（新採用職員サポート）。');
    expect(renderNotification('mentoring.session_planned', deliveryFor('mentoring.session_planned', samples['mentoring.session_planned']).params, 'en').body)
      .toBe('郡山 先輩 planned a session on Tue 12 May at 15:00 (新採用職員サポート).');
    expect(ja('mentoring.session_planned', { ...samples['mentoring.session_planned'], startTime: null }).body).not.toContain('null');
  });
});
