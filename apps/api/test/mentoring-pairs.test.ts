import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newUser } from '@yui/db/testing';
import { addDays } from '@yui/domain';
import { useTestApi } from './helpers';
import { day } from './help-fixtures';
import { insertPair, insertProgramme, mentoringCast, type MentoringCast } from './mentoring-fixtures';

/**
 * 職員サポート制度 — the pairs: who sees a pair (its two people, the programme's admins; nobody else,
 * another town's own programme and another region never), sessions and their 20% time, private notes
 * (never seen by admins, down to the database), surveys, a rematch, ending a pair, the health board.
 * Consultations: mentoring-consultations.test.ts.
 *
 * Programme A: 郡山市's own (adminA runs it). Region programme R: cross-town, run by the coordinator.
 *  p1  A: staffA1 (mentor) – newHireA1          the visibility matrix, sessions, time, notes
 *  p2  R: staffB1 (三春町) – newHireA2 (郡山市)   a cross-town pair
 *  p3  A: staffA2 – newHireA3                    rematch
 *  p4  A: managerA2 – chiefA, half-way through, stalled   surveys, health, end
 *  p5  A: staffA3 (tiny budget) – overBudgetMentee   20% refused
 */
const t = useTestApi();
let c: MentoringCast;
let progA: { id: string; title: string };
let progR: { id: string; title: string };
let p1: string;
let p2: string;
let p3: string;
let p4: string;
let p5: string;

beforeAll(async () => {
  c = await mentoringCast(t);
  const o = t.db.owner;
  progA = await insertProgramme(o, { regionId: c.region.id, municipalityId: c.townA.id, createdBy: c.adminA, fiscalYear: c.fy, title: '郡山市 新採用職員サポート' });
  progR = await insertProgramme(o, {
    regionId: c.region.id, municipalityId: c.townC.id, createdBy: c.coordinator, fiscalYear: c.fy, scope: 'region', kind: 'cross_town', title: '広域メンタリング',
  });
  const base = { regionId: c.region.id, programmeId: progA.id, matchedBy: c.adminA };
  p1 = (await insertPair(o, { ...base, mentor: c.staffA1, mentee: c.newHireA1 })).id;
  p2 = (await insertPair(o, { regionId: c.region.id, programmeId: progR.id, matchedBy: c.coordinator, mentor: c.staffB1, mentee: c.newHireA2 })).id;
  p3 = (await insertPair(o, { ...base, mentor: c.staffA2, mentee: c.newHireA3 })).id;
  p4 = (await insertPair(o, {
    ...base, mentor: c.managerA2, mentee: c.chiefA, startsOn: addDays(c.today, -100), endsOn: addDays(c.today, 100), lastSessionOn: addDays(c.today, -70),
  })).id;
  const mentee5 = await newUser(o, c.townA.id, { departmentId: c.deptA.id, name: '新人 五郎', nameKana: 'しんじん ごろう' });
  await o`update users set weekly_minutes = 60 where id = ${c.staffA3.id}`;
  p5 = (await insertPair(o, { ...base, mentor: c.staffA3, mentee: mentee5 })).id;
});

const M = (id: string, rest = '') => `/api/mentoring/mentorships/${id}${rest}`;
const outbox = (type: string, mentorshipId: string) =>
  t.db.owner`select payload, municipality_id from outbox_events where type = ${type} and payload->>'mentorshipId' = ${mentorshipId} order by created_at`;
const sessionRow = async (id: string) => (await t.db.owner`select * from mentoring_sessions where id = ${id}`)[0]!;
const pairRow = async (id: string) => (await t.db.owner`select * from mentorships where id = ${id}`)[0]!;
const planned = (over: Record<string, unknown> = {}) => ({ status: 'planned', heldOn: day(0), minutes: 60, topic: '仕事の進め方', ...over });

describe('who sees a pair', () => {
  it('my pairs: each of the two finds it, with their own side; others find none of it', async () => {
    const mentor = await c.call(c.staffA1, 'GET', '/api/mentoring/mentorships');
    expect(mentor.status).toBe(200);
    expect(mentor.body.items.map((p: { id: string }) => p.id)).toEqual([p1]);
    expect(mentor.body.items[0]).toMatchObject({
      myRole: 'mentor', status: 'active', health: 'new', programme: { id: progA.id, scope: 'town' },
      mentor: { id: c.staffA1.id, name: c.staffA1.name }, mentee: { id: c.newHireA1.id, municipalityName: '郡山市' },
    });
    expect((await c.call(c.newHireA1, 'GET', '/api/mentoring/mentorships')).body.items[0]).toMatchObject({ id: p1, myRole: 'mentee' });
    expect((await c.call(c.adminA, 'GET', '/api/mentoring/mentorships')).body.items).toEqual([]);
  });

  it('the pair and the admins of its programme read it; anyone else, other towns and regions get 404', async () => {
    const mine = await c.call(c.newHireA1, 'GET', M(p1));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: p1, myRole: 'mentee', notes: [], surveys: { mine: [], due: [] } });
    expect(mine.body.can).toEqual({ logSession: true, editGoals: true, requestRematch: true, consult: false, end: false });
    expect(mine.body.consultationCount).toBeUndefined();
    expect((await c.call(c.staffA1, 'GET', M(p1))).body).toMatchObject({ myRole: 'mentor', consultationCount: 0, can: { consult: true, requestRematch: false } });

    const admin = await c.call(c.adminA, 'GET', M(p1));
    expect(admin.status).toBe(200);
    expect(admin.body.myRole).toBeNull();
    expect(admin.body).not.toHaveProperty('notes');
    expect(admin.body).not.toHaveProperty('surveys');
    expect(admin.body.can).toEqual({ logSession: false, editGoals: false, requestRematch: false, consult: false, end: true });

    // Same town but not in it; another town (its admin too); the region's coordinator (a town-only programme); another region.
    for (const who of [c.staffA2, c.staffB1, c.adminB, c.coordinator, c.outsider]) {
      expect((await c.call(who, 'GET', M(p1))).status, who.name).toBe(404);
    }
  });

  it('every pair route answers 404 to people who may not see the pair, and 403 to an admin where only the pair may act', async () => {
    const [sess] = await t.db.owner`
      insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, minutes, logged_by)
      values (${c.region.id}, ${progA.id}, ${p1}, 'planned', ${day(3)}, 60, ${c.staffA1.id}) returning id`;
    const [note] = await t.db.owner`
      insert into mentoring_notes (region_id, mentorship_id, mentor_id, mentee_id, author_id, body)
      values (${c.region.id}, ${p1}, ${c.staffA1.id}, ${c.newHireA1.id}, ${c.staffA1.id}, '最初のメモ') returning id`;
    const routes: Array<[string, string, unknown?]> = [
      ['GET', M(p1)],
      ['PATCH', M(p1), { goals: '新しい目標' }],
      ['POST', M(p1, '/rematch'), { reason: '合わない' }],
      ['POST', M(p1, '/end'), { reason: 'completed' }],
      ['POST', M(p1, '/sessions'), planned()],
      ['PATCH', M(p1, `/sessions/${sess!.id}`), { status: 'cancelled' }],
      ['POST', M(p1, `/sessions/${sess!.id}/time`)],
      ['GET', M(p1, '/notes')],
      ['POST', M(p1, '/notes'), { body: 'のぞき見' }],
      ['DELETE', M(p1, `/notes/${note!.id}`)],
      ['PUT', M(p1, '/surveys'), { stage: 'mid', satisfaction: 3 }],
      ['GET', M(p1, '/consult-contacts')],
      ['POST', M(p1, '/consultations'), { kind: 'manager', subject: '件名', body: '本文' }],
    ];
    for (const who of [c.staffA2, c.adminB, c.coordinator, c.outsider]) {
      for (const [method, url, body] of routes) {
        const res = await c.call(who, method as 'GET', url, body);
        expect(res.status, `${who.name} ${method} ${url}`).toBe(404);
      }
    }
    // The admin sees the pair but acts only as an admin; the private notes are not theirs even to know of.
    const asAdmin: Array<[string, string, unknown, number, Record<string, string>?]> = [
      ['PATCH', M(p1), { goals: 'x' }, 403, { mentorship: 'ペア: ペアの2人だけができます' }],
      ['POST', M(p1, '/rematch'), { reason: 'x' }, 403, { mentorship: 'ペア: サポートを受ける職員だけができます' }],
      ['POST', M(p1, '/sessions'), planned(), 403],
      ['PATCH', M(p1, `/sessions/${sess!.id}`), { status: 'cancelled' }, 403],
      ['POST', M(p1, `/sessions/${sess!.id}/time`), undefined, 403],
      ['GET', M(p1, '/notes'), undefined, 404],
      ['POST', M(p1, '/notes'), { body: 'x' }, 404],
      ['DELETE', M(p1, `/notes/${note!.id}`), undefined, 404],
      ['PUT', M(p1, '/surveys'), { stage: 'mid', satisfaction: 3 }, 403],
      ['GET', M(p1, '/consult-contacts'), undefined, 403, { mentorship: 'ペア: サポート職員だけができます' }],
      ['POST', M(p1, '/consultations'), { kind: 'manager', subject: '件名', body: '本文' }, 403],
    ];
    for (const [method, url, body, status, fields] of asAdmin) {
      const res = await c.call(c.adminA, method as 'GET', url, body);
      expect(res.status, `admin ${method} ${url}`).toBe(status);
      if (fields) expect(res.body.error.fields).toEqual(fields);
    }
    // Nothing of it happened.
    expect(await sessionRow(sess!.id)).toMatchObject({ status: 'planned' });
    expect((await pairRow(p1)).status).toBe('active');
    expect((await t.db.owner`select count(*)::int as n from mentoring_notes where mentorship_id = ${p1}`)[0]!.n).toBe(1);
    await t.db.owner`delete from mentoring_notes where id = ${note!.id}`;
    await t.db.owner`delete from mentoring_sessions where id = ${sess!.id}`;
  });

  it('a cross-town pair: each of the two in their own town, and the coordinator who runs it; nobody else', async () => {
    const mentor = await c.call(c.staffB1, 'GET', M(p2));
    expect(mentor.status).toBe(200);
    expect(mentor.body).toMatchObject({
      myRole: 'mentor', programme: { scope: 'region' }, mentor: { municipalityName: '三春町' }, mentee: { municipalityName: '郡山市' },
    });
    expect((await c.call(c.newHireA2, 'GET', M(p2))).body.myRole).toBe('mentee');
    expect((await c.call(c.staffB1, 'GET', '/api/mentoring/mentorships')).body.items.map((p: { id: string }) => p.id)).toEqual([p2]);
    const coord = await c.call(c.coordinator, 'GET', M(p2));
    expect(coord.status).toBe(200);
    expect(coord.body.can.end).toBe(true);
    expect(coord.body).not.toHaveProperty('notes');
    // A town's own admin does not run a cross-town programme; the staff of the towns are strangers to it.
    for (const who of [c.adminA, c.adminB, c.staffA1, c.staffC1, c.outsider]) {
      expect((await c.call(who, 'GET', M(p2))).status, who.name).toBe(404);
    }
  });
});

describe('sessions', () => {
  it('plans a session for tomorrow without time: the other is told; the next session shows', async () => {
    const tomorrow = addDays(c.today, 1);
    const res = await c.call(c.newHireA1, 'POST', M(p1, '/sessions'), planned({ heldOn: tomorrow, startTime: '15:00', place: '会議室B' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'planned', heldOn: tomorrow, startTime: '15:00', place: '会議室B', mentorTime: null, menteeTime: null, myTimeRequestId: null,
      loggedBy: { id: c.newHireA1.id, name: c.newHireA1.name },
    });
    const [ev] = await outbox('mentoring.session_planned', p1);
    expect(ev!.payload).toMatchObject({ recipientIds: [c.staffA1.id], byName: c.newHireA1.name, heldOn: tomorrow, startTime: '15:00', programmeTitle: progA.title });
    const pair = await c.call(c.staffA1, 'GET', M(p1));
    expect(pair.body.nextSession).toMatchObject({ id: res.body.id, heldOn: tomorrow, startTime: '15:00' });
    expect(pair.body.sessions.map((s: { id: string }) => s.id)).toContain(res.body.id);
    // The admin reads the log too.
    expect((await c.call(c.adminA, 'GET', M(p1))).body.sessions.map((s: { id: string }) => s.id)).toContain(res.body.id);
  });

  it('dates: planned not in the past, held not in the future', async () => {
    const past = await c.call(c.staffA1, 'POST', M(p1, '/sessions'), planned({ heldOn: addDays(c.today, -1) }));
    expect(past.status).toBe(400);
    expect(past.body.error.fields).toEqual({ heldOn: '実施日: 予定は今日以降の日付にしてください' });
    const future = await c.call(c.staffA1, 'POST', M(p1, '/sessions'), { status: 'held', heldOn: addDays(c.today, 1), minutes: 30 }, 'en');
    expect(future.status).toBe(400);
    expect(future.body.error.fields).toEqual({ heldOn: 'Date must be today or earlier for a session held' });
  });

  it('a held session keeps the pair alive: last session (the latest), nudge and notice cleared, a private note with it', async () => {
    await t.db.owner`update mentorships set nudged_at = now(), escalated_at = now() where id = ${p1}`;
    const held = await c.call(c.staffA1, 'POST', M(p1, '/sessions'), {
      status: 'held', heldOn: addDays(c.today, -3), minutes: 45, topic: '配属後の悩み', note: '次回は予算の話をする',
    });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect(await pairRow(p1)).toMatchObject({ nudged_at: null, escalated_at: null });
    expect(String((await t.db.owner`select last_session_on::text as d from mentorships where id = ${p1}`)[0]!.d)).toBe(addDays(c.today, -3));
    // An older session logged later does not move the last session back.
    await t.db.owner`update mentorships set nudged_at = now() where id = ${p1}`;
    expect((await c.call(c.newHireA1, 'POST', M(p1, '/sessions'), { status: 'held', heldOn: addDays(c.today, -10), minutes: 30 })).status).toBe(201);
    const row = (await t.db.owner`select last_session_on::text as d, nudged_at from mentorships where id = ${p1}`)[0]!;
    expect(row).toEqual({ d: addDays(c.today, -3), nudged_at: null });
    const pair = await c.call(c.newHireA1, 'GET', M(p1));
    expect(pair.body).toMatchObject({ lastSessionOn: addDays(c.today, -3), sessionCount: 2, heldMinutes: 75, health: 'good' });
    expect(pair.body.notes).toEqual([expect.objectContaining({ sessionId: held.body.id, body: '次回は予算の話をする', mine: false, author: { id: c.staffA1.id, name: c.staffA1.name } })]);
  });

  it('a planned session recorded as held (PATCH) counts too; then it can neither be cancelled nor held again', async () => {
    const s = await c.call(c.staffA1, 'POST', M(p1, '/sessions'), planned({ heldOn: c.today, minutes: 30 }));
    expect(s.status).toBe(201);
    await t.db.owner`update mentorships set escalated_at = now() where id = ${p1}`;
    const done = await c.call(c.newHireA1, 'PATCH', M(p1, `/sessions/${s.body.id}`), { status: 'held', minutes: 50, topic: '実施しました' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'held', minutes: 50, topic: '実施しました', heldOn: c.today });
    expect((await t.db.owner`select last_session_on::text as d, escalated_at from mentorships where id = ${p1}`)[0]).toEqual({ d: c.today, escalated_at: null });
    const again = await c.call(c.staffA1, 'PATCH', M(p1, `/sessions/${s.body.id}`), { status: 'cancelled' });
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual({ session: '面談: 実施済みの面談にはこの操作はできません' });
  });

  it('an idempotency key: the same submit twice is one session (201, then 200) and one 20% request', async () => {
    const body = planned({ heldOn: day(1), fileTime: true, idempotencyKey: 'plan-once-0001' });
    const first = await c.call(c.staffA1, 'POST', M(p1, '/sessions'), body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await c.call(c.staffA1, 'POST', M(p1, '/sessions'), body);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect((await t.db.owner`select count(*)::int as n from mentoring_sessions where idempotency_key = 'plan-once-0001'`)[0]!.n).toBe(1);
    const reqs = await t.db.owner`select id from time_requests where ref_type = 'mentoring_session' and ref_id = ${first.body.id}`;
    expect(reqs).toHaveLength(1);
    expect(first.body.myTimeRequestId).toBe(reqs[0]!.id);
  });
});

describe('20% time for sessions', () => {
  it('fileTime files the mentor\'s request in the same transaction; the manager\'s approval is mirrored onto the session', async () => {
    const res = await c.call(c.staffA1, 'POST', M(p1, '/sessions'), planned({ heldOn: day(2), minutes: 90, fileTime: true }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ mentorTime: 'submitted', menteeTime: null });
    const [req] = await t.db.owner`select id, requester_id, municipality_id, activity_kind, ref_type, ref_title, status, idempotency_key
                                   from time_requests where id = ${res.body.myTimeRequestId}`;
    expect(req).toMatchObject({
      requester_id: c.staffA1.id, municipality_id: c.townA.id, activity_kind: 'mentoring', ref_type: 'mentoring_session', ref_title: progA.title,
      status: 'submitted', idempotency_key: `mentoring-session:${res.body.id}`,
    });
    await c.decideTime(c.managerA, res.body.myTimeRequestId, 'approve');
    expect(await sessionRow(res.body.id)).toMatchObject({ mentor_time_status: 'approved', mentor_time_request_id: res.body.myTimeRequestId, mentee_time_status: null });

    // The mentee files theirs later; a second filing while it stands is a 409; a decline is mirrored on their side only.
    const mentee = await c.call(c.newHireA1, 'POST', M(p1, `/sessions/${res.body.id}/time`));
    expect(mentee.status, JSON.stringify(mentee.body)).toBe(200);
    expect(mentee.body).toMatchObject({ mentorTime: 'approved', menteeTime: 'submitted' });
    expect(mentee.body.myTimeRequestId).not.toBe(res.body.myTimeRequestId);
    const twice = await c.call(c.newHireA1, 'POST', M(p1, `/sessions/${res.body.id}/time`));
    expect(twice.status).toBe(409);
    expect(twice.body.error.fields).toEqual({ time: '20%申請: この面談の20%申請はすでに出しています' });
    await c.decideTime(c.managerA, mentee.body.myTimeRequestId, 'decline', '繁忙期のため');
    expect(await sessionRow(res.body.id)).toMatchObject({ mentor_time_status: 'approved', mentee_time_status: 'declined' });
    // Declined: they may file again (a new request, its own key).
    const retry = await c.call(c.newHireA1, 'POST', M(p1, `/sessions/${res.body.id}/time`));
    expect(retry.status).toBe(200);
    expect(retry.body.menteeTime).toBe('submitted');
    expect(retry.body.myTimeRequestId).not.toBe(mentee.body.myTimeRequestId);
  });

  it('cancelling a planned session takes back the canceller\'s own request here (approved → cancelled); the other\'s is the worker\'s to release', async () => {
    const res = await c.call(c.staffA1, 'POST', M(p1, '/sessions'), planned({ heldOn: day(4), fileTime: true }));
    expect(res.status).toBe(201);
    const mentorReq = res.body.myTimeRequestId;
    await c.decideTime(c.managerA, mentorReq, 'approve');
    const mentee = await c.call(c.newHireA1, 'POST', M(p1, `/sessions/${res.body.id}/time`));
    const menteeReq = mentee.body.myTimeRequestId;
    const cancelled = await c.call(c.staffA1, 'PATCH', M(p1, `/sessions/${res.body.id}`), { status: 'cancelled' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', mentorTime: 'cancelled', menteeTime: 'submitted' });
    const statuses = await t.db.owner`select id, status from time_requests where id in (${mentorReq}, ${menteeReq}) order by status`;
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [mentorReq]: 'cancelled', [menteeReq]: 'submitted' });
    const named = (await outbox('mentoring.session_cancelled', p1)).filter((e) => e.payload.sessionId === res.body.id);
    expect(named.map((e) => e.payload.recipientIds)).toEqual([[c.newHireA1.id]]);
    // The mentee withdraws theirs in the time screens; the hook mirrors it.
    expect((await c.call(c.newHireA1, 'POST', `/api/time-requests/${menteeReq}/withdraw`)).status).toBe(200);
    expect((await sessionRow(res.body.id)).mentee_time_status).toBe('withdrawn');
    // A pending request of the canceller is withdrawn.
    const p = await c.call(c.newHireA1, 'POST', M(p1, '/sessions'), planned({ heldOn: day(6), fileTime: true }));
    expect((await c.call(c.newHireA1, 'PATCH', M(p1, `/sessions/${p.body.id}`), { status: 'cancelled' })).body.menteeTime).toBe('withdrawn');
  });

  it('over the budget: 400 with the 20% rule\'s fields and nothing is written — no session, no request, no event', async () => {
    const count = async () => (await t.db.owner`
      select (select count(*) from mentoring_sessions)::int as s, (select count(*) from time_requests)::int as r,
             (select count(*) from outbox_events)::int as e`)[0];
    const before = await count();
    const res = await c.call(c.staffA3, 'POST', M(p5, '/sessions'), planned({ heldOn: day(8), minutes: 240, fileTime: true }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['days']);
    expect(res.body.error.fields.days).toMatch(/の残りは/);
    expect(await count()).toEqual(before);
    // Without time the same session is fine.
    expect((await c.call(c.staffA3, 'POST', M(p5, '/sessions'), planned({ heldOn: day(8), minutes: 240 }))).status).toBe(201);
  });

  it('fileTime is for planned sessions; time for a held session is refused', async () => {
    const res = await c.call(c.staffA1, 'POST', M(p1, '/sessions'), { status: 'held', heldOn: c.today, minutes: 30, fileTime: true });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ fileTime: '20%申請: 20%申請は予定の面談について出せます' });
  });

  it('a cross-town pair: each files in their own town, each manager decides, both sides are mirrored', async () => {
    const res = await c.call(c.staffB1, 'POST', M(p2, '/sessions'), planned({ heldOn: day(5), fileTime: true, place: 'オンライン' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [ev] = await outbox('mentoring.session_planned', p2);
    expect(ev).toMatchObject({ municipality_id: c.townB.id, payload: { recipientIds: [c.newHireA2.id] } });
    expect((await t.db.owner`select municipality_id from time_requests where id = ${res.body.myTimeRequestId}`)[0]!.municipality_id).toBe(c.townB.id);
    await c.decideTime(c.managerB, res.body.myTimeRequestId, 'approve');

    const mentee = await c.call(c.newHireA2, 'POST', M(p2, `/sessions/${res.body.id}/time`));
    expect(mentee.status, JSON.stringify(mentee.body)).toBe(200);
    expect((await t.db.owner`select municipality_id from time_requests where id = ${mentee.body.myTimeRequestId}`)[0]!.municipality_id).toBe(c.townA.id);
    await c.decideTime(c.managerA, mentee.body.myTimeRequestId, 'approve');
    expect(await sessionRow(res.body.id)).toMatchObject({ mentor_time_status: 'approved', mentee_time_status: 'approved' });

    // Held: logged by the mentee in 郡山市, seen by the mentor in 三春町.
    expect((await c.call(c.newHireA2, 'POST', M(p2, '/sessions'), { status: 'held', heldOn: c.today, minutes: 60, note: '広域の話' })).status).toBe(201);
    const seen = await c.call(c.staffB1, 'GET', M(p2));
    expect(seen.body).toMatchObject({ lastSessionOn: c.today, sessionCount: 1, health: 'good' });
    expect(seen.body.notes.map((n: { body: string }) => n.body)).toEqual(['広域の話']);
    expect(seen.body.sessions.find((s: { id: string }) => s.id === res.body.id)).toMatchObject({ mentorTime: 'approved', menteeTime: 'approved' });
  });
});

describe('private notes', () => {
  it('the pair writes and reads; the author alone deletes; a note on another pair\'s session is refused', async () => {
    const w = await c.call(c.newHireA1, 'POST', M(p1, '/notes'), { body: '相談したいこと: 電話応対' });
    expect(w.status).toBe(201);
    expect(w.body).toMatchObject({ body: '相談したいこと: 電話応対', mine: true, sessionId: null, author: { id: c.newHireA1.id } });
    const read = await c.call(c.staffA1, 'GET', M(p1, '/notes'));
    expect(read.status).toBe(200);
    expect(read.body.items.find((n: { id: string }) => n.id === w.body.id)).toMatchObject({ mine: false });
    expect((await c.call(c.staffA1, 'DELETE', M(p1, `/notes/${w.body.id}`))).status).toBe(404);
    const [other] = await t.db.owner`select id from mentoring_sessions where mentorship_id = ${p2} limit 1`;
    const wrong = await c.call(c.newHireA1, 'POST', M(p1, '/notes'), { body: 'x', sessionId: other!.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual({ sessionId: '面談: このペアの面談ではありません' });
    expect((await c.call(c.newHireA1, 'DELETE', M(p1, `/notes/${w.body.id}`))).status).toBe(200);
    expect((await c.call(c.staffA1, 'GET', M(p1, '/notes'))).body.items.map((n: { id: string }) => n.id)).not.toContain(w.body.id);
  });

  it('never seen by the admin: the API says 404 / leaves them out, and the database returns no row to them', async () => {
    const n = await c.call(c.staffA1, 'POST', M(p1, '/notes'), { body: '本人には言いにくいこと' });
    expect(n.status).toBe(201);
    expect((await c.call(c.adminA, 'GET', M(p1, '/notes'))).status).toBe(404);
    expect(JSON.stringify((await c.call(c.adminA, 'GET', M(p1))).body)).not.toContain('本人には言いにくいこと');
    const read = (userId: string) => t.app.withTenant(
      { tenantId: c.townA.id, regionId: c.region.id, userId },
      (tx) => tx.execute(sql`select id, body from mentoring_notes where mentorship_id = ${p1}`),
    );
    expect(await read(c.adminA.id)).toHaveLength(0);
    expect(await read(c.staffA2.id)).toHaveLength(0);
    // The same query as one of the pair does find them (so the zero above means something).
    expect((await read(c.newHireA1.id)).map((r) => r.body)).toContain('本人には言いにくいこと');
    // Nor can the admin delete one behind the API (RLS).
    const gone = await t.app.withTenant(
      { tenantId: c.townA.id, regionId: c.region.id, userId: c.adminA.id },
      (tx) => tx.execute(sql`delete from mentoring_notes where id = ${n.body.id} returning id`),
    );
    expect(gone).toHaveLength(0);
  });
});

describe('goals, surveys, health, rematch, ending', () => {
  it('the pair edits the goals', async () => {
    const res = await c.call(c.newHireA1, 'PATCH', M(p1), { goals: '半年で窓口業務を一人でできるようになる' });
    expect(res.status).toBe(200);
    expect(res.body.goals).toBe('半年で窓口業務を一人でできるようになる');
  });

  it('surveys: only when due (mid-point passed), one answer per person and stage (answering again replaces it)', async () => {
    const early = await c.call(c.newHireA1, 'PUT', M(p1, '/surveys'), { stage: 'mid', satisfaction: 4 });
    expect(early.status).toBe(400);
    expect(early.body.error.fields).toEqual({ stage: 'アンケートの時期: アンケートはまだ回答できません（中間は期間の半分を過ぎてから）' });
    expect((await c.call(c.chiefA, 'GET', M(p4))).body.surveys).toEqual({ mine: [], due: ['mid'] });
    const notEnd = await c.call(c.chiefA, 'PUT', M(p4, '/surveys'), { stage: 'end', satisfaction: 4 });
    expect(notEnd.status).toBe(400);
    const first = await c.call(c.chiefA, 'PUT', M(p4, '/surveys'), { stage: 'mid', satisfaction: 4, usefulness: 5, comment: '助かっています' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.mine).toEqual([expect.objectContaining({ stage: 'mid', satisfaction: 4, usefulness: 5, comment: '助かっています' })]);
    const again = await c.call(c.chiefA, 'PUT', M(p4, '/surveys'), { stage: 'mid', satisfaction: 2 });
    expect(again.body.mine).toEqual([expect.objectContaining({ stage: 'mid', satisfaction: 2, usefulness: null, comment: '' })]);
    expect((await c.call(c.managerA2, 'PUT', M(p4, '/surveys'), { stage: 'mid', satisfaction: 5 })).status).toBe(200);
    const rows = await t.db.owner`select user_id, role, municipality_id, satisfaction from mentoring_surveys where mentorship_id = ${p4} order by role`;
    expect(rows).toEqual([
      { user_id: c.chiefA.id, role: 'mentee', municipality_id: c.townA.id, satisfaction: 2 },
      { user_id: c.managerA2.id, role: 'mentor', municipality_id: c.townA.id, satisfaction: 5 },
    ]);
    // Each reads only their own answers.
    expect((await c.call(c.managerA2, 'GET', M(p4))).body.surveys.mine).toEqual([expect.objectContaining({ satisfaction: 5 })]);
  });

  it('health board: the programme\'s admins see every pair and the counts; its staff 403; other towns and regions 404', async () => {
    const res = await c.call(c.adminA, 'GET', `/api/mentoring/programmes/${progA.id}/health`);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((p: { id: string }) => p.id);
    expect(ids.sort()).toEqual([p1, p3, p4, p5].sort());
    expect(res.body.items.find((p: { id: string }) => p.id === p4)).toMatchObject({ health: 'stalled', weeksQuiet: 10, myRole: null });
    expect(res.body.counts).toEqual({ new: 2, good: 1, quiet: 0, stalled: 1, ended: 0 });
    expect((await c.call(c.staffA1, 'GET', `/api/mentoring/programmes/${progA.id}/health`)).status).toBe(403);
    for (const who of [c.adminB, c.coordinator, c.outsider]) {
      expect((await c.call(who, 'GET', `/api/mentoring/programmes/${progA.id}/health`)).status, who.name).toBe(404);
    }
    const region = await c.call(c.coordinator, 'GET', `/api/mentoring/programmes/${progR.id}/health`);
    expect(region.status).toBe(200);
    expect(region.body.items.map((p: { id: string }) => p.id)).toEqual([p2]);
    expect((await c.call(c.adminA, 'GET', `/api/mentoring/programmes/${progR.id}/health`)).status).toBe(403);
  });

  it('rematch: only the mentee; the pair ends, the mentor is excluded from now on, admins and mentor are told', async () => {
    const byMentor = await c.call(c.staffA2, 'POST', M(p3, '/rematch'), { reason: 'x' });
    expect(byMentor.status).toBe(403);
    expect(byMentor.body.error.fields).toEqual({ mentorship: 'ペア: サポートを受ける職員だけができます' });
    const res = await c.call(c.newHireA3, 'POST', M(p3, '/rematch'), { reason: '業務の分野が違うため' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'ended', endReason: 'rematch', health: 'ended', can: { logSession: false, requestRematch: false } });
    expect((await pairRow(p3)).ended_at).not.toBeNull();
    const [entry] = await t.db.owner`select excluded_mentor_ids, rematch_reason, rematch_requested_at from mentoring_participants
                                     where programme_id = ${progA.id} and user_id = ${c.newHireA3.id} and role = 'mentee'`;
    expect(entry).toMatchObject({ excluded_mentor_ids: [c.staffA2.id], rematch_reason: '業務の分野が違うため' });
    expect(entry!.rematch_requested_at).not.toBeNull();
    const [asked] = await outbox('mentoring.rematch_requested', p3);
    expect(asked!.payload).toMatchObject({ recipientIds: [c.adminA.id], programmeId: progA.id, menteeName: c.newHireA3.name });
    expect(JSON.stringify(asked!.payload)).not.toContain('業務の分野');
    const [ended] = await outbox('mentoring.pair_ended', p3);
    expect(ended!.payload).toMatchObject({ recipientIds: [c.staffA2.id], reason: 'rematch' });
    // Ended: no second request, no sessions.
    expect((await c.call(c.newHireA3, 'POST', M(p3, '/rematch'), { reason: 'x' })).status).toBe(409);
    const late = await c.call(c.staffA2, 'POST', M(p3, '/sessions'), planned());
    expect(late.status).toBe(409);
    expect(late.body.error.fields).toEqual({ mentorship: 'ペア: このペアは終了しています' });
  });

  it('a cross-town rematch tells the region\'s coordinators', async () => {
    const o = t.db.owner;
    const pair = (await insertPair(o, { regionId: c.region.id, programmeId: progR.id, matchedBy: c.coordinator, mentor: c.staffC1, mentee: c.newHireB1 })).id;
    expect((await c.call(c.newHireB1, 'POST', M(pair, '/rematch'), { reason: '遠い' })).status).toBe(200);
    const [asked] = await outbox('mentoring.rematch_requested', pair);
    expect(asked).toMatchObject({ municipality_id: c.townB.id, payload: { recipientIds: [c.coordinator.id] } });
  });

  it('ending: the programme\'s admins only (the pair: 403); both are told; the survey of the end opens', async () => {
    const byPair = await c.call(c.managerA2, 'POST', M(p4, '/end'), { reason: 'completed' });
    expect(byPair.status).toBe(403);
    expect(byPair.body.error.fields).toEqual({ mentorship: 'ペア: この制度を運営する管理者・コーディネーターだけができます' });
    const res = await c.call(c.adminA, 'POST', M(p4, '/end'), { reason: 'completed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ended', endReason: 'completed', can: { end: false } });
    const [ev] = await outbox('mentoring.pair_ended', p4);
    expect(ev!.payload).toMatchObject({ reason: 'completed' });
    expect([...ev!.payload.recipientIds].sort()).toEqual([c.managerA2.id, c.chiefA.id].sort());
    expect((await c.call(c.adminA, 'POST', M(p4, '/end'), { reason: 'completed' })).status).toBe(409);
    expect((await c.call(c.chiefA, 'GET', M(p4))).body.surveys.due).toEqual(['mid', 'end']);
    expect((await c.call(c.chiefA, 'PUT', M(p4, '/surveys'), { stage: 'end', satisfaction: 5 })).status).toBe(200);
  });
});


describe('session dates, 20% time as recorded, and what the end of a pair takes with it', () => {
  /** A fresh pair of programme A (its own mentee), from `startsOn` to `endsOn`. */
  async function freshPair(mentor: typeof c.staffA1, p: { startsOn?: string; endsOn?: string } = {}) {
    const mentee = await newUser(t.db.owner, c.townA.id, { departmentId: c.deptA.id, name: `新人 ${Math.random().toString(36).slice(2, 6)}`, nameKana: 'しんじん' });
    const id = (await insertPair(t.db.owner, { regionId: c.region.id, programmeId: progA.id, matchedBy: c.adminA, mentor, mentee, ...p })).id;
    return { id, mentee };
  }
  const ended = (id: string, reason: string) =>
    t.db.owner`update mentorships set status = 'ended', end_reason = ${reason}, ended_at = now() where id = ${id}`;

  it('a session lies within the pair\'s period: planned and held, created and recorded (400 heldOn)', async () => {
    const { id, mentee } = await freshPair(c.staffA2, { startsOn: addDays(c.today, -5), endsOn: addDays(c.today, 30) });
    const late = await c.call(c.staffA2, 'POST', M(id, '/sessions'), planned({ heldOn: addDays(c.today, 31) }));
    expect(late.status).toBe(400);
    expect(late.body.error.fields).toEqual({ heldOn: `実施日: ペアの期間（${addDays(c.today, -5)}〜${addDays(c.today, 30)}）の中の日付にしてください` });
    const early = await c.call(mentee, 'POST', M(id, '/sessions'), { status: 'held', heldOn: addDays(c.today, -6), minutes: 30 }, 'en');
    expect(early.status).toBe(400);
    expect(early.body.error.fields.heldOn).toContain(`(${addDays(c.today, -5)} – ${addDays(c.today, 30)})`);
    // The last day is in.
    expect((await c.call(c.staffA2, 'POST', M(id, '/sessions'), planned({ heldOn: addDays(c.today, 30) }))).status).toBe(201);
    const s = await c.call(c.staffA2, 'POST', M(id, '/sessions'), planned({ heldOn: c.today }));
    const before = await c.call(mentee, 'PATCH', M(id, `/sessions/${s.body.id}`), { status: 'held', heldOn: addDays(c.today, -6) });
    expect(before.status).toBe(400);
    expect(Object.keys(before.body.error.fields)).toEqual(['heldOn']);
    expect((await sessionRow(s.body.id)).status).toBe('planned');
    expect((await c.call(mentee, 'PATCH', M(id, `/sessions/${s.body.id}`), { status: 'held', heldOn: addDays(c.today, -5) })).status).toBe(200);
  });

  it('while a 20% request stands, the session is recorded on its day and within its minutes (fewer is fine)', async () => {
    const { id, mentee } = await freshPair(c.staffA2);
    // Filed a day ahead (the 20% rule), and the day has come: the session and its request move to today.
    const plannedWithTime = async () => {
      const res = await c.call(mentee, 'POST', M(id, '/sessions'), planned({ heldOn: day(1), minutes: 60, fileTime: true }));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await t.db.owner`update mentoring_sessions set held_on = ${c.today} where id = ${res.body.id}`;
      await t.db.owner`update time_requests set first_date = ${c.today}, last_date = ${c.today} where id = ${res.body.myTimeRequestId}`;
      await t.db.owner`update time_request_days set work_date = ${c.today} where request_id = ${res.body.myTimeRequestId}`;
      return res;
    };
    const s = await plannedWithTime();
    expect(s.body.menteeTime).toBe('submitted');
    // The mentor (who filed nothing) cannot move it either: the mentee's request is for that day.
    const moved = await c.call(c.staffA2, 'PATCH', M(id, `/sessions/${s.body.id}`), { status: 'held', heldOn: addDays(c.today, -1), minutes: 90 });
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields).toEqual({
      heldOn: '実施日: 20%申請が出ている面談は申請した日付のまま記録してください（別の日にするには申請を取り下げてください）',
      minutes: expect.stringContaining('20%申請した60分を超えて記録できません'),
    });
    expect((await sessionRow(s.body.id)).status).toBe('planned');
    const longer = await c.call(c.staffA2, 'PATCH', M(id, `/sessions/${s.body.id}`), { status: 'held', minutes: 61 });
    expect(longer.status).toBe(400);
    expect(Object.keys(longer.body.error.fields)).toEqual(['minutes']);
    const shorter = await c.call(c.staffA2, 'PATCH', M(id, `/sessions/${s.body.id}`), { status: 'held', heldOn: c.today, minutes: 45 });
    expect(shorter.status, JSON.stringify(shorter.body)).toBe(200);
    expect(shorter.body).toMatchObject({ status: 'held', heldOn: c.today, minutes: 45 });
    // Once the request is withdrawn, another day is the pair's to record.
    const t2 = await plannedWithTime();
    expect((await c.call(mentee, 'POST', `/api/time-requests/${t2.body.myTimeRequestId}/withdraw`)).status).toBe(200);
    expect((await c.call(c.staffA2, 'PATCH', M(id, `/sessions/${t2.body.id}`), { status: 'held', heldOn: addDays(c.today, -1), minutes: 90 })).status).toBe(200);
  });

  it('cancelling a session: the other side, whose request stands, is named in mentoring.session_cancelled (the worker releases it)', async () => {
    const { id, mentee } = await freshPair(c.staffA2);
    const s = await c.call(c.staffA2, 'POST', M(id, '/sessions'), planned({ heldOn: day(3), fileTime: true }));
    expect((await c.call(mentee, 'POST', M(id, `/sessions/${s.body.id}/time`))).status).toBe(200);
    const res = await c.call(c.staffA2, 'PATCH', M(id, `/sessions/${s.body.id}`), { status: 'cancelled' });
    expect(res.body).toMatchObject({ status: 'cancelled', mentorTime: 'withdrawn', menteeTime: 'submitted' });
    const events = await outbox('mentoring.session_cancelled', id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      municipality_id: c.townA.id,
      payload: { recipientIds: [mentee.id], sessionId: s.body.id, heldOn: day(3), reason: 'cancelled', programmeTitle: progA.title },
    });
    // Without a request on the other side, nobody is named.
    const bare = await c.call(mentee, 'POST', M(id, '/sessions'), planned({ heldOn: day(4) }));
    expect((await c.call(mentee, 'PATCH', M(id, `/sessions/${bare.body.id}`), { status: 'cancelled' })).status).toBe(200);
    expect(await outbox('mentoring.session_cancelled', id)).toHaveLength(1);
  });

  it('rematch and an admin\'s end cancel the sessions planned from today on and name whose 20% request stands', async () => {
    const { id, mentee } = await freshPair(c.staffA2);
    const ahead = await c.call(c.staffA2, 'POST', M(id, '/sessions'), planned({ heldOn: day(3), fileTime: true }));
    expect((await c.call(mentee, 'POST', M(id, `/sessions/${ahead.body.id}/time`))).status).toBe(200);
    await c.decideTime(c.managerA, ahead.body.myTimeRequestId, 'approve');
    const todays = await c.call(mentee, 'POST', M(id, '/sessions'), planned({ heldOn: c.today }));
    const [past] = await t.db.owner`
      insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, minutes, logged_by)
      values (${c.region.id}, ${progA.id}, ${id}, 'planned', ${addDays(c.today, -2)}, 30, ${mentee.id}) returning id`;

    expect((await c.call(mentee, 'POST', M(id, '/rematch'), { reason: '担当業務が変わったため' })).status).toBe(200);
    expect((await sessionRow(ahead.body.id)).status).toBe('cancelled');
    expect((await sessionRow(todays.body.id)).status).toBe('cancelled');
    expect((await sessionRow(past!.id)).status).toBe('planned');
    const events = await outbox('mentoring.session_cancelled', id);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ sessionId: ahead.body.id, heldOn: day(3), reason: 'rematch' });
    expect([...events[0]!.payload.recipientIds].sort()).toEqual([c.staffA2.id, mentee.id].sort());
    expect((await c.call(mentee, 'GET', M(id))).body.nextSession).toBeNull();

    const other = await freshPair(c.staffA2);
    const s = await c.call(other.mentee, 'POST', M(other.id, '/sessions'), planned({ heldOn: day(2), fileTime: true }));
    expect((await c.call(c.adminA, 'POST', M(other.id, '/end'), { reason: 'withdrawn' })).status).toBe(200);
    expect((await sessionRow(s.body.id)).status).toBe('cancelled');
    const [ev] = await outbox('mentoring.session_cancelled', other.id);
    expect(ev).toMatchObject({ municipality_id: c.townA.id, payload: { recipientIds: [other.mentee.id], sessionId: s.body.id, reason: 'withdrawn' } });
  });

  it('a pair ended as completed may still log a held session within its period; ended otherwise, none', async () => {
    const done = await freshPair(c.staffA2, { startsOn: addDays(c.today, -60), endsOn: addDays(c.today, -1) });
    await ended(done.id, 'completed');
    const last = await c.call(done.mentee, 'POST', M(done.id, '/sessions'), { status: 'held', heldOn: addDays(c.today, -1), minutes: 30, topic: '最終回' });
    expect(last.status, JSON.stringify(last.body)).toBe(201);
    expect(String((await t.db.owner`select last_session_on::text as d from mentorships where id = ${done.id}`)[0]!.d)).toBe(addDays(c.today, -1));
    const after = await c.call(done.mentee, 'POST', M(done.id, '/sessions'), { status: 'held', heldOn: c.today, minutes: 30 });
    expect(after.status).toBe(400);
    expect(Object.keys(after.body.error.fields)).toEqual(['heldOn']);
    expect((await c.call(done.mentee, 'POST', M(done.id, '/sessions'), planned())).status).toBe(409);
    // A planned one of its last days, recorded as held.
    const [p] = await t.db.owner`
      insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, minutes, logged_by)
      values (${c.region.id}, ${progA.id}, ${done.id}, 'planned', ${addDays(c.today, -2)}, 30, ${done.mentee.id}) returning id`;
    expect((await c.call(c.staffA2, 'PATCH', M(done.id, `/sessions/${p!.id}`), { status: 'held' })).status).toBe(200);

    const left = await freshPair(c.staffA2, { startsOn: addDays(c.today, -60), endsOn: addDays(c.today, -1) });
    await ended(left.id, 'withdrawn');
    const refused = await c.call(left.mentee, 'POST', M(left.id, '/sessions'), { status: 'held', heldOn: addDays(c.today, -1), minutes: 30 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields).toEqual({ mentorship: 'ペア: このペアは終了しています' });
  });
});
