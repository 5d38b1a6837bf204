import { beforeAll, describe, expect, it } from 'vitest';
import { newUser } from '@yui/db/testing';
import { addDays, periodOf, todayInJapan } from '@yui/domain';
import { useTestApi } from './helpers';
import { callBody, day, helpCast, insertHelpCall, insertTalent, type HelpCast, type HelpUser } from './help-fixtures';

// 職場応援 — calls for help and applications: posting, who sees what (town-only calls, other regions),
// applying with the 20% request, the manager's time decision making an application count, the poster's
// decision under the headcount, withdrawal, cancellation, participation and suggestions.

const t = useTestApi();
let c: HelpCast;

beforeAll(async () => {
  c = await helpCast(t);
});

type Days = Array<{ date: string; minutes: number }>;
const oneDay = (n = 1, minutes = 60): Days => [{ date: day(n), minutes }];

async function post(who: HelpUser, over: Record<string, unknown> = {}) {
  const res = await c.call(who, 'POST', '/api/help-calls', callBody(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function applyTo(who: HelpUser, callId: string, days: Days = oneDay(), extra: Record<string, unknown> = {}) {
  return c.call(who, 'POST', `/api/help-calls/${callId}/applications`, { days, message: 'よろしくお願いします', ...extra });
}

/** Applies and has the applicant's manager approve the time: the application counts. */
async function appliedBy(who: HelpUser, callId: string, days: Days = oneDay(), manager?: HelpUser) {
  const res = await applyTo(who, callId, days);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await c.decideTime(manager ?? c.managerOf(who), res.body.mine.timeRequestId);
  return res.body.mine as { id: string; timeRequestId: string };
}

const outbox = (type: string, callId: string) =>
  t.db.owner`select payload, municipality_id from outbox_events where type = ${type} and payload->>'callId' = ${callId} order by created_at`;

const callRow = async (id: string) => (await t.db.owner`select status, applied_count, accepted_count from help_calls where id = ${id}`)[0]!;
const appRow = async (id: string) => (await t.db.owner`select status, attempt, time_request_id from help_applications where id = ${id}`)[0]!;

describe('posting a call', () => {
  it('posts for my department with me as the contact, and answers the same idempotency key with the first call', async () => {
    const key = 'call-key-0001';
    const res = await c.call(c.staffA1, 'POST', '/api/help-calls', callBody({ idempotencyKey: key, skills: ['excel', ' 英語 '] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: '観光イベントの運営補助', category: 'operations', status: 'open', reach: 'region', headcount: 2,
      appliedCount: 0, acceptedCount: 0, full: false, publishedOn: todayInJapan(),
      town: { id: c.townA.id, name: '郡山市' },
      department: { id: c.deptA.id, name: '観光政策課', path: '産業観光部 > 観光政策課' },
      contact: { id: c.staffA1.id, name: '郡山 太郎' }, createdBy: { id: c.staffA1.id },
      skills: ['Excel', '英語'], mine: null, pendingCount: 0,
      can: { apply: false, applyBlocked: 'own_call', withdraw: false, manage: true },
    });
    const again = await c.call(c.staffA1, 'POST', '/api/help-calls', callBody({ idempotencyKey: key, title: '別の募集' }));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    expect(again.body.title).toBe('観光イベントの運営補助');
  });

  it('posts for another department of my own town with another contact of my town', async () => {
    const res = await post(c.staffA2, { departmentId: c.deptA2.id, contactId: c.adminA.id, contactNote: '内線 1234' });
    expect(res).toMatchObject({ department: { id: c.deptA2.id, name: '総務課' }, contact: { id: c.adminA.id }, contactNote: '内線 1234' });
  });

  it('names every refused field, in Japanese and English', async () => {
    const bad = callBody({ deadline: day(10), workStart: day(5), workEnd: day(3), contactId: c.staffB1.id, departmentId: c.deptB.id });
    const ja = await c.call(c.staffA1, 'POST', '/api/help-calls', bad);
    expect(ja.status).toBe(400);
    expect(ja.body.error.fields).toEqual({
      workEnd: '活動の終了日: 開始日より前の日付です',
      deadline: '募集締切日: 募集締切日は活動の終了日までにしてください',
      contactId: '募集担当者: 自分の市町村の職員を選んでください',
      departmentId: expect.stringContaining('存在しない所属です'),
    });
    const en = await c.call(c.staffA1, 'POST', '/api/help-calls', callBody({ deadline: addDays(todayInJapan(), -1) }), 'en');
    expect(en.status).toBe(400);
    expect(en.body.error.fields).toEqual({ deadline: 'Deadline is in the past' });
    const zero = await c.call(c.staffA1, 'POST', '/api/help-calls', callBody({ headcount: 0 }));
    expect(zero.status).toBe(400);
    expect(Object.keys(zero.body.error.fields)).toEqual(['headcount']);
    // Neither backdated nor work already begun; the words are a call's (募集名, 業務カテゴリ), not a community's.
    const past = await c.call(c.staffA1, 'POST', '/api/help-calls', callBody({ publishedOn: '2020-01-01', workStart: '2020-01-02' }));
    expect(past.status).toBe(400);
    expect(past.body.error.fields).toMatchObject({ publishedOn: '掲載日: 過去の日付は申請できません', workStart: '活動の開始日: 過去の日付は申請できません' });
    const words = await c.call(c.staffA1, 'POST', '/api/help-calls', { ...callBody(), title: '', category: 'x' });
    expect(words.body.error.fields).toEqual({ title: '募集名: 入力してください', category: '業務カテゴリ: 選択肢にない値です' });
  });

  it('tells active talent whose notify skills match, once per call (not the poster, not opted-out, town-only: own town only)', async () => {
    const o = t.db.owner;
    await insertTalent(o, c.region.id, c.staffB1, { skills: ['手話', 'Excel'], notifySkills: ['手話'] });
    await insertTalent(o, c.region.id, c.staffC1, { skills: ['手話'], notifySkills: ['手話'], active: false });
    await insertTalent(o, c.region.id, c.staffA3, { skills: ['手話'], notifySkills: ['手話'] });
    await insertTalent(o, c.region.id, c.staffA2, { skills: ['手話'], notifySkills: ['手話'] });
    await insertTalent(o, c.region.id, c.staffC2, { skills: ['手話'], notifySkills: [] });
    const call = await post(c.staffA2, { title: '手話通訳の応援', skills: ['しゅわ', '手話'] });
    const [ev, ...rest] = await outbox('help.call_matched', call.id);
    expect(rest).toHaveLength(0);
    expect(ev!.municipality_id).toBe(c.townA.id);
    expect(ev!.payload).toMatchObject({ title: '手話通訳の応援', townName: '郡山市', departmentName: '観光政策課', skills: ['しゅわ', '手話'] });
    expect([...ev!.payload.recipientIds].sort()).toEqual([c.staffB1.id, c.staffA3.id].sort());

    const townOnly = await post(c.managerA, { title: '町内だけの手話', skills: ['手話'], reach: 'town' });
    const [ev2] = await outbox('help.call_matched', townOnly.id);
    expect([...ev2!.payload.recipientIds].sort()).toEqual([c.staffA2.id, c.staffA3.id].sort());
    // Widening to the region tells the other towns' talent (the own town heard of it already).
    const wide = await c.call(c.managerA, 'PATCH', `/api/help-calls/${townOnly.id}`, { reach: 'region' });
    expect(wide.status).toBe(200);
    const events = await outbox('help.call_matched', townOnly.id);
    expect(events).toHaveLength(2);
    expect(events[1]!.payload.recipientIds).toEqual([c.staffB1.id]);
  });
});

describe('who sees what', () => {
  let townOnly: { id: string };
  let regionWide: { id: string };
  let townApp: string;

  beforeAll(async () => {
    townOnly = await post(c.staffA1, { title: '町内限定の募集', reach: 'town' });
    regionWide = await post(c.staffA1, { title: '広域の募集' });
    townApp = (await appliedBy(c.staffA3, townOnly.id, oneDay(2))).id;
  });

  it('a town-only call is visible in its own town and applicable there', async () => {
    const own = await c.call(c.staffA2, 'GET', `/api/help-calls/${townOnly.id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ reach: 'town', can: { apply: true, manage: false } });
    // The 20% screens find the call of an application (here the town's own).
    expect((await c.call(c.managerA, 'GET', `/api/help-calls/applications/${townApp}`)).body).toEqual({ callId: townOnly.id });
    expect((await c.call(c.staffA2, 'GET', `/api/help-calls/applications/${crypto.randomUUID()}`)).status).toBe(404);
    const list = await c.call(c.staffA2, 'GET', '/api/help-calls?limit=100');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(townOnly.id);
  });

  it('a town-only call and its applications are 404 for another town of the region, on every route', async () => {
    const base = `/api/help-calls/${townOnly.id}`;
    const routes: Array<[string, string, unknown?]> = [
      ['GET', base], ['PATCH', base, { title: '乗っ取り' }], ['POST', `${base}/close`], ['POST', `${base}/finish`],
      ['POST', `${base}/cancel`, { reason: '中止' }], ['GET', `${base}/applications`], ['POST', `${base}/applications`, { days: oneDay(3) }],
      ['GET', `${base}/suggestions`], ['POST', `${base}/applications/${townApp}/withdraw`],
      ['POST', `${base}/applications/${townApp}/decision`, { decision: 'accept' }],
      ['POST', `${base}/applications/${townApp}/participation`, { minutes: 60 }],
      ['GET', `/api/help-calls/applications/${townApp}`],
    ];
    for (const who of [c.staffB1, c.managerB, c.staffC1]) {
      for (const [method, url, body] of routes) {
        const res = await c.call(who, method as 'GET', url, body);
        expect(res.status, `${who.name} ${method} ${url}`).toBe(404);
      }
    }
    const list = await c.call(c.staffB1, 'GET', '/api/help-calls?status=all&limit=100');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(townOnly.id);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(regionWide.id);
    // Nothing changed behind the 404s.
    expect(await callRow(townOnly.id)).toMatchObject({ status: 'open', applied_count: 1, accepted_count: 0 });
    expect((await appRow(townApp)).status).toBe('applied');
  });

  it('another region sees nothing at all: 404 on every route, an empty list', async () => {
    const base = `/api/help-calls/${regionWide.id}`;
    for (const [method, url, body] of [
      ['GET', base], ['PATCH', base, { title: 'x' }], ['POST', `${base}/close`], ['POST', `${base}/finish`],
      ['POST', `${base}/cancel`, { reason: '中止' }], ['GET', `${base}/applications`], ['POST', `${base}/applications`, { days: oneDay(3) }],
      ['GET', `${base}/suggestions`], ['POST', `${base}/applications/${townApp}/decision`, { decision: 'accept' }],
    ] as Array<[string, string, unknown?]>) {
      const res = await c.call(c.outsider, method as 'GET', url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    const list = await c.call(c.outsider, 'GET', '/api/help-calls?status=all');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const mine = await c.call(c.outsider, 'GET', '/api/help-calls/my-applications');
    expect(mine.body.items).toEqual([]);
  });

  it('staff of the department who are not its poster or contact see the call but may not manage it (403)', async () => {
    const base = `/api/help-calls/${regionWide.id}`;
    expect((await c.call(c.staffA2, 'PATCH', base, { title: 'x' })).status).toBe(403);
    expect((await c.call(c.staffA2, 'GET', `${base}/applications`)).status).toBe(403);
    expect((await c.call(c.staffB1, 'POST', `${base}/close`)).status).toBe(403);
    // A manager of the department, the town's admin: they manage.
    expect((await c.call(c.managerA, 'GET', base)).body.can.manage).toBe(true);
    expect((await c.call(c.adminA, 'GET', base)).body.can.manage).toBe(true);
    expect((await c.call(c.managerA2, 'GET', base)).body.can.manage).toBe(false);
  });
});

describe('listing', () => {
  it('filters by status, category, town, skill (ignoring case), words and mine; pages with a cursor', async () => {
    const o = t.db.owner;
    const b1 = await post(c.staffB1, { title: '三春の繁忙期応援', category: 'busy_season', skills: ['窓口対応'], summary: '確定申告の受付補助' });
    await insertHelpCall(o, { regionId: c.region.id, municipalityId: c.townB.id, departmentId: c.deptB.id, createdBy: c.staffB2, status: 'closed', title: '締切済み' });
    const q = async (qs: string) => (await c.call(c.staffC1, 'GET', `/api/help-calls?${qs}`)).body.items.map((i: { title: string }) => i.title);
    expect(await q(`town=${c.townB.id}`)).toEqual(['三春の繁忙期応援']);
    expect(await q(`town=${c.townB.id}&status=closed`)).toEqual(['締切済み']);
    expect(await q(`town=${c.townB.id}&status=all`)).toEqual(expect.arrayContaining(['三春の繁忙期応援', '締切済み']));
    expect(await q('category=busy_season')).toEqual(['三春の繁忙期応援']);
    expect(await q(`skill=${encodeURIComponent('窓口対応')}`)).toEqual(['三春の繁忙期応援']);
    expect(await q(`q=${encodeURIComponent('確定申告')}`)).toEqual(['三春の繁忙期応援']);
    expect(await q(`q=${encodeURIComponent('存在しない言葉')}`)).toEqual([]);
    const posted = await c.call(c.staffB1, 'GET', '/api/help-calls?mine=posted');
    expect(posted.body.items.map((i: { id: string }) => i.id)).toEqual([b1.id]);
    expect(posted.body.items[0]).toMatchObject({ town: { name: '三春町' }, department: { name: '企画課' }, excerpt: '確定申告の受付補助', myStatus: null });

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await c.call(c.staffC1, 'GET', `/api/help-calls?status=all&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      all.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const full = (await c.call(c.staffC1, 'GET', '/api/help-calls?status=all&limit=100')).body.items.map((i: { id: string }) => i.id);
    expect(all).toEqual(full);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('applying and the 20% rule', () => {
  it('applies with the time request, counts only once the manager approves, then the poster accepts', async () => {
    const call = await post(c.staffA1, { title: '観光案内の応援', contactId: c.staffA2.id });
    const res = await applyTo(c.staffB1, call.id, [{ date: day(1), minutes: 120 }, { date: day(2), minutes: 60 }]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      appliedCount: 0, myStatus: 'pending_time',
      mine: { status: 'pending_time', plannedMinutes: 180, firstDate: day(1), timeStatus: 'submitted', message: 'よろしくお願いします' },
      can: { apply: false, applyBlocked: 'already_applied', withdraw: true, manage: false },
    });
    const tr = await c.call(c.staffB1, 'GET', `/api/time-requests/${res.body.mine.timeRequestId}`);
    expect(tr.body).toMatchObject({ status: 'submitted', activityKind: 'help_call', purpose: '観光案内の応援', approver: { id: c.managerB.id } });
    // The poster sees it waiting, and may not decide it yet.
    const manage = await c.call(c.staffA1, 'GET', `/api/help-calls/${call.id}`);
    expect(manage.body.pendingCount).toBe(1);
    const early = await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/applications/${res.body.mine.id}/decision`, { decision: 'accept' });
    expect(early.status).toBe(400);
    expect(early.body.error.fields).toEqual({ application: '応募: 所属長の承認後に採否を決められます' });

    await c.decideTime(c.managerB, res.body.mine.timeRequestId);
    expect(await callRow(call.id)).toMatchObject({ applied_count: 1, accepted_count: 0 });
    const [counted] = await outbox('help.application_counted', call.id);
    expect(counted!.municipality_id).toBe(c.townB.id);
    expect(counted!.payload).toMatchObject({ applicantName: '三春 桜', title: '観光案内の応援' });
    expect([...counted!.payload.recipientIds].sort()).toEqual([c.staffA1.id, c.staffA2.id].sort());

    const list = await c.call(c.staffA2, 'GET', `/api/help-calls/${call.id}/applications`);
    expect(list.status).toBe(200);
    expect(list.body.counts).toMatchObject({ applied: 1, pending_time: 0, accepted: 0 });
    expect(list.body.items[0]).toMatchObject({ status: 'applied', person: { id: c.staffB1.id, municipalityName: '三春町', departmentName: '企画課' }, plannedMinutes: 180 });

    const ok = await c.call(c.managerA, 'POST', `/api/help-calls/${call.id}/applications/${res.body.mine.id}/decision`, { decision: 'accept', note: 'お願いします' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'accepted', decisionNote: 'お願いします' });
    const again = await c.call(c.managerA, 'POST', `/api/help-calls/${call.id}/applications/${res.body.mine.id}/decision`, { decision: 'accept' });
    expect(again.status).toBe(200);
    expect(await callRow(call.id)).toMatchObject({ applied_count: 1, accepted_count: 1 });
    expect((await outbox('help.application_accepted', call.id)).map((e) => e.payload.recipientIds)).toEqual([[c.staffB1.id]]);
    // Participation waits for the work to begin.
    const tooSoon = await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/applications/${res.body.mine.id}/participation`, { minutes: 120 });
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body.error.fields).toEqual({ application: '応募: 活動が始まってから記録できます' });

    const mine = await c.call(c.staffB1, 'GET', '/api/help-calls/my-applications');
    expect(mine.body.items[0]).toMatchObject({ status: 'accepted', timeStatus: 'approved', call: { id: call.id, myStatus: 'accepted', acceptedCount: 1 } });
  });

  it('an application whose time is declined never counts, and may be made again', async () => {
    const call = await post(c.staffA1, { title: '却下される応募' });
    const res = await applyTo(c.staffC1, call.id);
    await c.decideTime(c.managerC, res.body.mine.timeRequestId, 'decline', '今月は忙しいため');
    expect(await appRow(res.body.mine.id)).toMatchObject({ status: 'time_declined' });
    expect(await callRow(call.id)).toMatchObject({ applied_count: 0, accepted_count: 0 });
    expect(await outbox('help.application_counted', call.id)).toHaveLength(0);
    const d = await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/applications/${res.body.mine.id}/decision`, { decision: 'accept' });
    expect(d.status).toBe(400);
    const read = await c.call(c.staffC1, 'GET', `/api/help-calls/${call.id}`);
    expect(read.body).toMatchObject({ myStatus: 'time_declined', can: { apply: true, applyBlocked: null, withdraw: false } });

    const again = await applyTo(c.staffC1, call.id, oneDay(3));
    expect(again.status).toBe(201);
    expect(again.body.mine.id).toBe(res.body.mine.id);
    expect(again.body.mine.timeRequestId).not.toBe(res.body.mine.timeRequestId);
    expect(await appRow(res.body.mine.id)).toMatchObject({ status: 'pending_time', attempt: 2 });
    // The second attempt's approval counts it.
    await c.decideTime(c.managerC, again.body.mine.timeRequestId);
    expect(await callRow(call.id)).toMatchObject({ applied_count: 1 });
  });

  it('a double submit is idempotent: one application, one time request', async () => {
    const call = await post(c.staffA1, { title: '二重送信' });
    const body = { days: oneDay(4), idempotencyKey: 'apply-key-0001' };
    const [a, b] = await Promise.all([
      c.call(c.staffB2, 'POST', `/api/help-calls/${call.id}/applications`, body),
      c.call(c.staffB2, 'POST', `/api/help-calls/${call.id}/applications`, body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.mine.id).toBe(b.body.mine.id);
    expect(a.body.mine.timeRequestId).toBe(b.body.mine.timeRequestId);
    const rows = await t.db.owner`select count(*)::int as n from help_applications where call_id = ${call.id}`;
    expect(rows[0]!.n).toBe(1);
    const trs = await t.db.owner`select count(*)::int as n from time_requests where ref_type = 'help_application' and ref_id = ${a.body.mine.id}`;
    expect(trs[0]!.n).toBe(1);
    // Applying again later with other days answers the live application as it is.
    const later = await applyTo(c.staffB2, call.id, oneDay(5));
    expect(later.status).toBe(200);
    expect(later.body.mine.firstDate).toBe(day(4));
  });

  it('time over the budget is refused with 400 and nothing is written', async () => {
    const month = periodOf(addDays(todayInJapan(), 45), 'month');
    const call = await post(c.staffA1, { title: '長期の応援', workStart: month.start, workEnd: month.end, deadline: month.start, minutesPerDay: 450 });
    const days = Array.from({ length: 8 }, (_, i) => ({ date: addDays(month.start, i), minutes: 450 }));
    const before = await t.db.owner`select (select count(*) from help_applications)::int as a, (select count(*) from time_requests)::int as r,
                                           (select count(*) from outbox_events)::int as e`;
    const res = await applyTo(c.staffC2, call.id, days);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(['days']);
    expect(res.body.error.fields.days).toMatch(/の残りは/);
    const after = await t.db.owner`select (select count(*) from help_applications)::int as a, (select count(*) from time_requests)::int as r,
                                          (select count(*) from outbox_events)::int as e`;
    expect(after).toEqual(before);
  });

  it('refuses days outside the work, one’s own call, closed, past-deadline and full calls', async () => {
    const call = await post(c.staffA1, { title: '期間外', headcount: 1, contactId: c.staffA2.id });
    const out = await applyTo(c.staffB1, call.id, [{ date: day(1), minutes: 60 }, { date: day(30), minutes: 60 }]);
    expect(out.status).toBe(400);
    expect(out.body.error.fields).toEqual({ 'days.1.date': '日付: 活動期間の外の日付です' });
    expect((await applyTo(c.staffA2, call.id)).body.error.fields).toEqual({ application: '応募: 自分が担当する募集には応募できません' });

    const o = t.db.owner;
    const base = { regionId: c.region.id, municipalityId: c.townA.id, departmentId: c.deptA.id, createdBy: c.managerA };
    const closed = await insertHelpCall(o, { ...base, status: 'closed' });
    const past = await insertHelpCall(o, { ...base, publishedOn: addDays(todayInJapan(), -10), deadline: addDays(todayInJapan(), -1) });
    const full = await insertHelpCall(o, { ...base, headcount: 1, acceptedCount: 1 });
    expect((await applyTo(c.staffB1, closed.id)).body.error.fields).toEqual({ application: '応募: この募集は受付を終了しています' });
    expect((await applyTo(c.staffB1, past.id)).body.error.fields).toEqual({ application: '応募: 募集締切日を過ぎています' });
    const f = await applyTo(c.staffB1, full.id, oneDay(1), {});
    expect(f.status).toBe(400);
    expect(f.body.error.fields).toEqual({ application: '応募: 募集人数に達したため、応募を締め切りました' });
    const read = await c.call(c.staffB1, 'GET', `/api/help-calls/${full.id}`);
    expect(read.body).toMatchObject({ full: true, can: { apply: false, applyBlocked: 'full' } });
  });
});

describe('the headcount', () => {
  it('holds under 10 concurrent accepts on headcount 2', async () => {
    const call = await post(c.managerA2, { title: '同時採用', headcount: 2, departmentId: c.deptA2.id });
    const people: HelpUser[] = [];
    for (let i = 0; i < 10; i++) {
      people.push(await newUser(t.db.owner, c.townB.id, { departmentId: c.deptB.id, name: `応募 ${i}` }));
    }
    const apps: string[] = [];
    for (const p of people) apps.push((await appliedBy(p, call.id, oneDay(6), c.managerB)).id);
    expect(await callRow(call.id)).toMatchObject({ applied_count: 10, accepted_count: 0 });

    const results = await Promise.all(apps.map((id) =>
      c.call(c.managerA2, 'POST', `/api/help-calls/${call.id}/applications/${id}/decision`, { decision: 'accept' })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.fields).toEqual({ application: expect.stringContaining('募集人数に達した') });
    expect(await callRow(call.id)).toMatchObject({ accepted_count: 2 });
    const accepted = await t.db.owner`select count(*)::int as n from help_applications where call_id = ${call.id} and status = 'accepted'`;
    expect(accepted[0]!.n).toBe(2);
    // Headcount cannot fall below the people accepted.
    const lower = await c.call(c.managerA2, 'PATCH', `/api/help-calls/${call.id}`, { headcount: 1 });
    expect(lower.status).toBe(400);
    expect(lower.body.error.fields).toEqual({ headcount: '募集人数: 採用済みの人数より少なくできません' });
    // Nor may it narrow to the town once other towns applied.
    const narrow = await c.call(c.managerA2, 'PATCH', `/api/help-calls/${call.id}`, { reach: 'town' });
    expect(narrow.body.error.fields).toEqual({ reach: expect.stringContaining('自所属の市町村のみにはできません') });
  });
});

describe('withdrawing, cancelling, finishing', () => {
  it('two bulk approvals crossing the same calls in opposite orders both go through (calls locked in one order)', async () => {
    for (let round = 0; round < 3; round += 1) {
      const c1 = await post(c.staffA1, { title: `一括承認A${round}`, headcount: 5 });
      const c2 = await post(c.staffA1, { title: `一括承認B${round}`, headcount: 5 });
      const r = async (who: HelpUser, callId: string, n: number) => (await applyTo(who, callId, oneDay(n, 15))).body.mine.timeRequestId as string;
      const b1c1 = await r(c.staffB1, c1.id, 4 + round); const b2c2 = await r(c.staffB2, c2.id, 4 + round);
      const b1c2 = await r(c.staffB1, c2.id, 4 + round); const b2c1 = await r(c.staffB2, c1.id, 4 + round);
      const [x, y] = await Promise.all([
        c.call(c.managerB, 'POST', '/api/time-requests/decisions', { ids: [b1c1, b2c2], decision: 'approve' }),
        c.call(c.managerB, 'POST', '/api/time-requests/decisions', { ids: [b1c2, b2c1], decision: 'approve' }),
      ]);
      expect([x.status, y.status], JSON.stringify([x.body, y.body])).toEqual([200, 200]);
      expect([x.body.failed, y.body.failed]).toEqual([[], []]);
      expect(await callRow(c1.id)).toMatchObject({ applied_count: 2 });
      expect(await callRow(c2.id)).toMatchObject({ applied_count: 2 });
    }
  });

  it('withdrawing a counted application cancels the approved time and counts it out; a pending one withdraws the request', async () => {
    const call = await post(c.staffA1, { title: '取り下げの確認' });
    const counted = await appliedBy(c.staffB1, call.id, oneDay(3));
    await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/applications/${counted.id}/decision`, { decision: 'accept' });
    expect(await callRow(call.id)).toMatchObject({ applied_count: 1, accepted_count: 1 });
    const w = await c.call(c.staffB1, 'POST', `/api/help-calls/${call.id}/applications/${counted.id}/withdraw`);
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ myStatus: 'withdrawn', appliedCount: 0, acceptedCount: 0, mine: { status: 'withdrawn', timeStatus: 'cancelled' } });
    expect((await outbox('help.application_withdrawn', call.id)).map((e) => e.payload)).toEqual([
      expect.objectContaining({ applicantName: '三春 桜', recipientIds: [c.staffA1.id] }),
    ]);
    // Again: nothing more happens.
    expect((await c.call(c.staffB1, 'POST', `/api/help-calls/${call.id}/applications/${counted.id}/withdraw`)).status).toBe(200);
    expect(await outbox('help.application_withdrawn', call.id)).toHaveLength(1);

    const pending = await applyTo(c.staffC2, call.id, oneDay(4));
    const pw = await c.call(c.staffC2, 'POST', `/api/help-calls/${call.id}/applications/${pending.body.mine.id}/withdraw`);
    expect(pw.body).toMatchObject({ mine: { status: 'withdrawn', timeStatus: 'withdrawn' }, appliedCount: 0 });
    // Someone else's application: 404.
    expect((await c.call(c.staffB2, 'POST', `/api/help-calls/${call.id}/applications/${pending.body.mine.id}/withdraw`)).status).toBe(404);
  });

  it('cancelling approved time in the time screens withdraws the application (the hook)', async () => {
    const call = await post(c.staffA1, { title: '時間の取消' });
    const app = await appliedBy(c.staffB2, call.id, oneDay(5));
    const res = await c.call(c.staffB2, 'POST', `/api/time-requests/${app.timeRequestId}/cancel`);
    expect(res.status).toBe(200);
    expect(await appRow(app.id)).toMatchObject({ status: 'withdrawn' });
    expect(await callRow(call.id)).toMatchObject({ applied_count: 0 });
    expect(await outbox('help.application_withdrawn', call.id)).toHaveLength(1);
  });

  it('a returned request changes nothing; a revoked approval withdraws it; the poster\'s "no" stands', async () => {
    const call = await post(c.staffA1, { title: '差し戻しと取消' });
    const res = await applyTo(c.staffC2, call.id, oneDay(2));
    await c.decideTime(c.managerC, res.body.mine.timeRequestId, 'return', '日程を見直してください');
    expect(await appRow(res.body.mine.id)).toMatchObject({ status: 'pending_time' });
    const resubmit = await c.call(c.staffC2, 'POST', `/api/time-requests/${res.body.mine.timeRequestId}/submit`);
    expect(resubmit.status).toBe(200);
    await c.decideTime(c.managerC, res.body.mine.timeRequestId);
    expect(await callRow(call.id)).toMatchObject({ applied_count: 1 });
    await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/applications/${res.body.mine.id}/decision`, { decision: 'accept' });
    const revoked = await c.call(c.managerC, 'POST', `/api/time-requests/${res.body.mine.timeRequestId}/revoke`, { reason: '業務都合' });
    expect(revoked.status).toBe(200);
    expect(await appRow(res.body.mine.id)).toMatchObject({ status: 'withdrawn' });
    expect(await callRow(call.id)).toMatchObject({ applied_count: 0, accepted_count: 0 });

    const other = await appliedBy(c.staffB2, call.id, oneDay(2));
    const no = await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/applications/${other.id}/decision`, { decision: 'decline', note: '今回は人数が足りました' });
    expect(no.body).toMatchObject({ status: 'declined', decisionNote: '今回は人数が足りました' });
    expect((await outbox('help.application_declined', call.id)).map((e) => e.payload)).toEqual([
      // applicationId: the worker releases the applicant's 20% request (its ref) in their own town.
      expect.objectContaining({ recipientIds: [c.staffB2.id], note: '今回は人数が足りました', applicationId: other.id }),
    ]);
    const again = await applyTo(c.staffB2, call.id, oneDay(3));
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual({ application: '応募: 既に応募しています' });
    // Declined still counts as an application (応募) in the figures.
    expect(await callRow(call.id)).toMatchObject({ applied_count: 1, accepted_count: 0 });
  });

  it('cancelling a call cancels live applications and tells their applicants; a later time decision changes nothing', async () => {
    const call = await post(c.staffA1, { title: '中止になる募集' });
    const counted = await appliedBy(c.staffB1, call.id, oneDay(6));
    const pending = await applyTo(c.staffC1, call.id, oneDay(6));
    const gone = await applyTo(c.staffB2, call.id, oneDay(6));
    await c.call(c.staffB2, 'POST', `/api/help-calls/${call.id}/applications/${gone.body.mine.id}/withdraw`);

    expect((await c.call(c.staffA2, 'POST', `/api/help-calls/${call.id}/cancel`, { reason: '荒天のため' })).status).toBe(403);
    const res = await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/cancel`, { reason: '荒天のため' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: '荒天のため', can: { apply: false, applyBlocked: 'own_call' } });
    const [ev, ...more] = await outbox('help.call_cancelled', call.id);
    expect(more).toHaveLength(0);
    expect(ev!.payload).toMatchObject({ title: '中止になる募集', reason: '荒天のため' });
    expect([...ev!.payload.recipientIds].sort()).toEqual([c.staffB1.id, c.staffC1.id].sort());
    // The live applications cancelled, for the worker to release each applicant's 20% request in their town.
    const byUser = (a: { userId: string }, b: { userId: string }) => a.userId.localeCompare(b.userId);
    expect([...ev!.payload.applications].sort(byUser)).toEqual([
      { userId: c.staffB1.id, applicationId: counted.id }, { userId: c.staffC1.id, applicationId: pending.body.mine.id },
    ].sort(byUser));
    expect(await appRow(counted.id)).toMatchObject({ status: 'cancelled' });
    expect(await appRow(gone.body.mine.id)).toMatchObject({ status: 'withdrawn' });

    await c.decideTime(c.managerC, pending.body.mine.timeRequestId);
    expect(await appRow(pending.body.mine.id)).toMatchObject({ status: 'cancelled' });
    expect(await callRow(call.id)).toMatchObject({ applied_count: 1 });

    const twice = await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/cancel`, { reason: '再度' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.fields.status).toContain('中止');
    expect((await applyTo(c.staffC2, call.id)).body.error.fields).toEqual({ application: '応募: この募集は受付を終了しています' });
  });

  it('closes and finishes (managers); edits are refused once finished', async () => {
    const call = await post(c.staffA1, { title: '締切と終了' });
    const closed = await c.call(c.adminA, 'POST', `/api/help-calls/${call.id}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', can: { manage: true } });
    expect((await c.call(c.adminA, 'POST', `/api/help-calls/${call.id}/close`)).status).toBe(409);
    const edited = await c.call(c.managerA, 'PATCH', `/api/help-calls/${call.id}`, { title: '締切と終了（改）', skills: ['powerpoint'] });
    expect(edited.body).toMatchObject({ title: '締切と終了（改）', skills: ['PowerPoint'] });
    const finished = await c.call(c.managerA, 'POST', `/api/help-calls/${call.id}/finish`);
    expect(finished.body.status).toBe('finished');
    expect((await c.call(c.managerA, 'PATCH', `/api/help-calls/${call.id}`, { title: 'x' })).status).toBe(409);
  });

  it('the work may grow but not shrink under people taking part; a finished call decides nobody', async () => {
    const call = await post(c.staffA1, { title: '期間の変更', workStart: day(1), workEnd: day(5), deadline: day(1) });
    const res = await applyTo(c.staffB1, call.id, [{ date: day(2), minutes: 60 }]);
    expect(res.status).toBe(201);
    const shrink = await c.call(c.staffA1, 'PATCH', `/api/help-calls/${call.id}`, { workStart: day(3) });
    expect(shrink.status).toBe(400);
    expect(shrink.body.error.fields).toEqual({ workStart: expect.stringContaining('活動期間は短くできません') });
    const grow = await c.call(c.staffA1, 'PATCH', `/api/help-calls/${call.id}`, { workEnd: day(8) });
    expect(grow.status).toBe(200);
    await c.decideTime(c.managerB, res.body.mine.timeRequestId);
    expect((await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/finish`)).status).toBe(200);
    const late = await c.call(c.staffA1, 'POST', `/api/help-calls/${call.id}/applications/${res.body.mine.id}/decision`, { decision: 'accept' });
    expect(late.status).toBe(409);
    expect(late.body.error.fields).toEqual({ status: '募集状況: 終了の募集にはこの操作はできません' });
    expect(await callRow(call.id)).toMatchObject({ applied_count: 1, accepted_count: 0 });
  });
});

describe('after the work', () => {
  it('records minutes and thanks for accepted people once the work has begun; the helper hears of the thanks once', async () => {
    const o = t.db.owner;
    const today = todayInJapan();
    const call = await insertHelpCall(o, {
      regionId: c.region.id, municipalityId: c.townA.id, departmentId: c.deptA.id, createdBy: c.staffA1, title: '終わった応援',
      publishedOn: addDays(today, -20), deadline: addDays(today, -10), workStart: addDays(today, -5), workEnd: addDays(today, -1),
      status: 'closed', appliedCount: 2, acceptedCount: 1,
    });
    const [accepted] = await o`insert into help_applications (region_id, call_id, user_id, municipality_id, status, counted_at)
      values (${c.region.id}, ${call.id}, ${c.staffB1.id}, ${c.townB.id}, 'accepted', now()) returning id`;
    const [applied] = await o`insert into help_applications (region_id, call_id, user_id, municipality_id, status, counted_at)
      values (${c.region.id}, ${call.id}, ${c.staffC1.id}, ${c.townC.id}, 'applied', now()) returning id`;
    const url = (id: string) => `/api/help-calls/${call.id}/applications/${id}/participation`;
    const no = await c.call(c.staffA1, 'POST', url(applied!.id), { minutes: 60 });
    expect(no.body.error.fields).toEqual({ application: '応募: 採用された応募だけ記録できます' });
    expect((await c.call(c.staffB1, 'POST', url(accepted!.id), { minutes: 60 })).status).toBe(403);

    const rec = await c.call(c.staffA1, 'POST', url(accepted!.id), { minutes: 180, thanks: 'ありがとうございました！' });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ status: 'accepted', participatedMinutes: 180, thanks: 'ありがとうございました！' });
    const again = await c.call(c.staffA1, 'POST', url(accepted!.id), { minutes: 150 });
    expect(again.body).toMatchObject({ participatedMinutes: 150, thanks: 'ありがとうございました！' });
    const events = await outbox('help.thanked', call.id);
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ recipientIds: [c.staffB1.id], fromName: '郡山 太郎' })]);
  });
});

describe('suggestions', () => {
  it('ranks active talent in reach with matching skills, never the poster, contact, live applicants or opted-out people', async () => {
    const o = t.db.owner;
    const skill = 'ドローン';
    await insertTalent(o, c.region.id, c.staffB2, { skills: [skill, '写真撮影'], availability: '火曜午後' });
    await insertTalent(o, c.region.id, c.staffC2, { skills: ['ドローン'] });
    await insertTalent(o, c.region.id, c.staffC1, { skills: ['ドローン'], active: false });
    await insertTalent(o, c.region.id, c.managerB, { skills: ['ドローン'] });
    await insertTalent(o, c.region.id, c.staffA1, { skills: ['ドローン'] });
    const call = await post(c.staffA1, { title: '空撮の応援', skills: ['ドローン', '写真撮影'] });
    await o`insert into help_applications (region_id, call_id, user_id, municipality_id, status)
            values (${c.region.id}, ${call.id}, ${c.managerB.id}, ${c.townB.id}, 'applied')`;

    const res = await c.call(c.staffA1, 'GET', `/api/help-calls/${call.id}/suggestions`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { person: { id: string } }) => i.person.id)).toEqual([c.staffB2.id, c.staffC2.id]);
    expect(res.body.items[0]).toMatchObject({ matched: ['ドローン', '写真撮影'], availability: '火曜午後', person: { name: '三春 梅' }, photoUrl: null });
    expect((await c.call(c.staffB1, 'GET', `/api/help-calls/${call.id}/suggestions`)).status).toBe(403);

    const townOnly = await post(c.staffA1, { title: '町内の空撮', skills: ['ドローン'], reach: 'town' });
    await insertTalent(o, c.region.id, c.staffA3, { skills: ['ドローン'] });
    const own = await c.call(c.staffA1, 'GET', `/api/help-calls/${townOnly.id}/suggestions`);
    expect(own.body.items.map((i: { person: { id: string } }) => i.person.id)).toEqual([c.staffA3.id]);
  });
});
