import { beforeAll, describe, expect, it } from 'vitest';
import { newDepartment, newTenancyFixture, newUser } from '@yui/db/testing';
import { addDays, baseMinutes, capMinutes, periodOf, todayInJapan } from '@yui/domain';
import { useTestApi } from './helpers';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '@yui/db';
import { requestTime, timeRequestForRef, timeRequestsForRef } from '../src/modules/time/request-time';
import { decideMany } from '../src/modules/time/actions';

// 20%ルール: filing, deciding, budgets, the inbox, who may see what, and that the cap holds under load.

const t = useTestApi();
type User = Awaited<ReturnType<typeof newUser>>;
type Dept = Awaited<ReturnType<typeof newDepartment>>;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
let bu: Dept, ka1: Dept, ka2: Dept, kakari: Dept, bDept: Dept;
let buHead: User, ka1Head: User, ka2Head: User, deputy: User, bHead: User, bStaff: User;
const auth = new Map<string, string>();

const today = todayInJapan();
/** A month safely ahead (no lead-day or past-date trouble), and a date in it. */
const month = periodOf(addDays(today, 45), 'month');
const day = (n: number) => addDays(month.start, n);
const CAP = capMinutes({ capPercent: 20 }, baseMinutes(2325, month.start, month.end, 'month'));

async function person(municipalityId: string, departmentId: string | null, roles: NonNullable<NonNullable<Parameters<typeof newUser>[2]>['roles']> = [], name = 'テスト 太郎') {
  const u = await newUser(t.db.owner, municipalityId, { departmentId, roles, name });
  auth.set(u.id, (await t.login(u.email, u.password)).authorization);
  return u;
}

async function call(who: User, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, lang = 'ja') {
  const res = await t.app.inject({ method, url, payload: payload as object, headers: { authorization: auth.get(who.id)!, 'accept-language': lang } });
  return { status: res.statusCode, body: res.json() };
}

const file = (who: User, days: Array<{ date: string; minutes: number }>, extra: Record<string, unknown> = {}, lang = 'ja') =>
  call(who, 'POST', '/api/time-requests', { activityKind: 'community', purpose: '広域圏の勉強会', days, ...extra }, lang);

/** Everything the time rule has written, to prove a refused change changed nothing. */
async function snapshot() {
  const o = t.db.owner;
  const [requests, days, history, events] = await Promise.all([
    o`select id, status, decided_by, decided_at, decision_comment, planned_minutes, actual_minutes, policy_id, updated_at from time_requests order by id`,
    o`select request_id, work_date::text, planned_minutes, actual_minutes from time_request_days order by request_id, work_date`,
    o`select count(*)::int as n from time_request_history`,
    o`select count(*)::int as n from outbox_events where type like 'time_request.%'`,
  ]);
  return JSON.stringify({ requests, days, history, events });
}

/** An approved request written behind the API's back, e.g. one whose date has passed. */
async function approvedRequest(requester: User, departmentId: string, dates: string[], minutes: number, approver: User) {
  const o = t.db.owner;
  const [p] = await o`select id from time_policies where municipality_id = ${requester.municipalityId} order by version desc limit 1`;
  const sorted = [...dates].sort();
  const [r] = await o`
    insert into time_requests (municipality_id, requester_id, department_id, policy_id, activity_kind, purpose, status,
                               first_date, last_date, planned_minutes, approver_id, decided_by, decided_at, submitted_at)
    values (${requester.municipalityId}, ${requester.id}, ${departmentId}, ${p!.id}, 'event', '交流会', 'approved',
            ${sorted[0]!}, ${sorted.at(-1)!}, ${minutes * dates.length}, ${approver.id}, ${approver.id}, now(), now())
    returning id`;
  for (const d of dates) {
    await o`insert into time_request_days (municipality_id, request_id, requester_id, work_date, planned_minutes)
            values (${requester.municipalityId}, ${r!.id}, ${requester.id}, ${d}, ${minutes})`;
  }
  return r!.id as string;
}

beforeAll(async () => {
  fx = await newTenancyFixture(t.db.owner);
  bu = await newDepartment(t.db.owner, fx.a.id, { kind: 'bu', name: '産業観光部' });
  ka1 = await newDepartment(t.db.owner, fx.a.id, { kind: 'ka', name: '観光政策課', parentId: bu.id });
  ka2 = await newDepartment(t.db.owner, fx.a.id, { kind: 'ka', name: '商工課', parentId: bu.id });
  kakari = await newDepartment(t.db.owner, fx.a.id, { kind: 'kakari', name: '企画係', parentId: ka1.id });
  bDept = await newDepartment(t.db.owner, fx.b.id, { kind: 'ka', name: '観光政策課' });
  buHead = await person(fx.a.id, bu.id, [{ role: 'manager', departmentId: bu.id }], '部長 一郎');
  ka1Head = await person(fx.a.id, ka1.id, [{ role: 'manager', departmentId: ka1.id }], '課長 花子');
  ka2Head = await person(fx.a.id, ka2.id, [{ role: 'manager', departmentId: ka2.id }], '課長 次郎');
  deputy = await person(fx.a.id, ka2.id, [], '代理 三郎');
  bHead = await person(fx.b.id, bDept.id, [{ role: 'manager', departmentId: bDept.id }], '課長 B');
  bStaff = await person(fx.b.id, bDept.id, [], '職員 B');
});

describe('filing and the budget', () => {
  it('files time as submitted, names the approver, and counts it as pending', async () => {
    const s = await person(fx.a.id, ka1.id);
    const res = await file(s, [{ date: day(3), minutes: 180 }]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'submitted', plannedMinutes: 180, policyVersion: 1,
      approver: { id: ka1Head.id, name: '課長 花子' },
      requester: { id: s.id, departmentName: '観光政策課' },
      can: { withdraw: true, decide: false, cancel: false, edit: false },
    });
    const b = await call(s, 'GET', `/api/time-requests/budget?date=${day(10)}`);
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ capMinutes: CAP, usedMinutes: 180, pendingMinutes: 180, remainingMinutes: CAP - 180, capPercent: 20, period: { kind: 'month', ...month } });
  });

  it('budget numbers follow decisions, cancellation and actuals (actuals replace the plan)', async () => {
    const s = await person(fx.a.id, ka1.id);
    const budget = async (date = day(10)) => (await call(s, 'GET', `/api/time-requests/budget?date=${date}`)).body;
    const r = (await file(s, [{ date: day(4), minutes: 120 }, { date: day(5), minutes: 60 }])).body;
    expect(await budget()).toMatchObject({ usedMinutes: 180, pendingMinutes: 180 });
    const ok = await call(ka1Head, 'POST', `/api/time-requests/${r.id}/decision`, { decision: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', decidedBy: { id: ka1Head.id }, can: { decide: false, revoke: true } });
    expect(await budget()).toMatchObject({ usedMinutes: 180, pendingMinutes: 0, remainingMinutes: CAP - 180 });
    const cancelled = await call(s, 'POST', `/api/time-requests/${r.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await budget()).toMatchObject({ usedMinutes: 0, remainingMinutes: CAP });

    // Approved time whose day has come: the actual replaces the planned minutes.
    const past = addDays(today, -1);
    const id = await approvedRequest(s, ka1.id, [past], 180, ka1Head);
    expect((await budget(past)).usedMinutes).toBe(180);
    const rec = await call(s, 'POST', `/api/time-requests/${id}/actuals`, { days: [{ date: past, minutes: 60 }] });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ actualMinutes: 60, actualsExceed: false, days: [{ date: past, plannedMinutes: 180, actualMinutes: 60 }] });
    expect((await budget(past)).usedMinutes).toBe(60);
    const more = await call(s, 'POST', `/api/time-requests/${id}/actuals`, { days: [{ date: past, minutes: 240 }] });
    expect(more.body).toMatchObject({ actualMinutes: 240, actualsExceed: true });
  });

  it('a manager’s own request goes to the manager of the department above', async () => {
    const res = await file(ka1Head, [{ date: day(6), minutes: 60 }]);
    expect(res.status).toBe(201);
    expect(res.body.approver.id).toBe(buHead.id);
    // and the 課長 cannot decide it themself
    const self = await call(ka1Head, 'POST', `/api/time-requests/${res.body.id}/decision`, { decision: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.error.fields.decision).toBe('判断: この申請を判断する立場にありません');
  });

  it('refuses to submit without any manager above, naming the approver; a draft is fine', async () => {
    const loner = await person(fx.a.id, null);
    const before = await snapshot();
    const res = await file(loner, [{ date: day(6), minutes: 60 }]);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.approver).toMatch(/^承認者: 承認する所属長が見つかりません/);
    expect(await snapshot()).toBe(before);
    const draft = await file(loner, [{ date: day(6), minutes: 60 }], { submit: false });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', policyVersion: null, approver: null, can: { edit: true, submit: true } });
  });

  it('drafts: edit, then submit (with the budget checked), then withdraw', async () => {
    const s = await person(fx.a.id, kakari.id);
    const d = (await file(s, [{ date: day(7), minutes: 60 }], { submit: false })).body;
    const edited = await call(s, 'PATCH', `/api/time-requests/${d.id}`, { purpose: '観光PRの打合せ', days: [{ date: day(8), minutes: 90 }, { date: day(9), minutes: 30 }] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ purpose: '観光PRの打合せ', plannedMinutes: 120, days: [{ date: day(8) }, { date: day(9) }] });
    const bad = await call(s, 'PATCH', `/api/time-requests/${d.id}`, { days: [{ date: day(8), minutes: 0 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['days.0.minutes']).toBe('時間: 0より大きい時間を入力してください');
    const sub = await call(s, 'POST', `/api/time-requests/${d.id}/submit`);
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ status: 'submitted', policyVersion: 1, approver: { id: ka1Head.id } });
    const noEdit = await call(s, 'PATCH', `/api/time-requests/${d.id}`, { purpose: 'x' });
    expect(noEdit.status).toBe(409);
    const w = await call(s, 'POST', `/api/time-requests/${d.id}/withdraw`);
    expect(w.body.status).toBe('withdrawn');
    const detail = await call(s, 'GET', `/api/time-requests/${d.id}`);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['create', 'edit', 'submit', 'withdraw']);
  });

  it('return for changes, edit, resubmit; decline with a reason', async () => {
    const s = await person(fx.a.id, ka1.id);
    const r = (await file(s, [{ date: day(10), minutes: 120 }])).body;
    const ret = await call(ka1Head, 'POST', `/api/time-requests/${r.id}/decision`, { decision: 'return', comment: '日程を再検討してください' });
    expect(ret.body).toMatchObject({ status: 'returned', decisionComment: '日程を再検討してください' });
    expect((await call(s, 'GET', `/api/time-requests/budget?date=${day(10)}`)).body.usedMinutes).toBe(0);
    await call(s, 'PATCH', `/api/time-requests/${r.id}`, { days: [{ date: day(11), minutes: 120 }] });
    const again = await call(s, 'POST', `/api/time-requests/${r.id}/submit`);
    expect(again.body).toMatchObject({ status: 'submitted', decidedBy: null, decisionComment: null });
    const dec = await call(ka1Head, 'POST', `/api/time-requests/${r.id}/decision`, { decision: 'decline', comment: '繁忙期のため' });
    expect(dec.body.status).toBe('declined');
    const h = (await call(s, 'GET', `/api/time-requests/${r.id}`)).body.history;
    expect(h.map((x: { action: string }) => x.action)).toEqual(['submit', 'return', 'edit', 'submit', 'decline']);
    expect(h.at(-1)).toMatchObject({ fromStatus: 'submitted', toStatus: 'declined', actorName: '課長 花子', comment: '繁忙期のため' });
  });

  it('lists my requests newest first with a cursor and a status filter; the calendar shows approved and pending days', async () => {
    const s = await person(fx.a.id, ka1.id);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await file(s, [{ date: day(12 + i), minutes: 30 }])).body.id);
    await call(ka1Head, 'POST', `/api/time-requests/${ids[0]}/decision`, { decision: 'approve' });
    await call(s, 'POST', `/api/time-requests/${ids[1]}/withdraw`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(s, 'GET', `/api/time-requests?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((x: { id: string }) => x.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const approved = await call(s, 'GET', '/api/time-requests?status=approved');
    expect(approved.body.items.map((x: { id: string }) => x.id)).toEqual([ids[0]]);
    const cal = await call(s, 'GET', `/api/time-requests/calendar?from=${month.start}&to=${month.end}`);
    expect(cal.status).toBe(200);
    expect(cal.body.items.map((x: { date: string; status: string }) => [x.date, x.status])).toEqual([
      [day(12), 'approved'], [day(14), 'submitted'], [day(15), 'submitted'], [day(16), 'submitted'],
    ]);
    const backwards = await call(s, 'GET', `/api/time-requests/calendar?from=${month.end}&to=${month.start}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields.to).toBeTruthy();
  });

  it('the same idempotencyKey twice (even at once) makes one request: 201, then 200 with the same one', async () => {
    const s = await person(fx.a.id, ka1.id);
    const key = 'key-0123456789';
    const [a, b] = await Promise.all([file(s, [{ date: day(3), minutes: 60 }], { idempotencyKey: key }), file(s, [{ date: day(3), minutes: 60 }], { idempotencyKey: key })]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const again = await file(s, [{ date: day(3), minutes: 60 }], { idempotencyKey: key });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(a.body.id);
    const [n] = await t.db.owner`select count(*)::int as n from time_requests where requester_id = ${s.id}`;
    expect(n!.n).toBe(1);
    const [e] = await t.db.owner`select count(*)::int as n from outbox_events where type = 'time_request.submitted' and payload->>'requestId' = ${a.body.id}`;
    expect(e!.n).toBe(1);
  });
});

describe('the cap holds under concurrency', () => {
  it('20 parallel requests of 60 minutes against 300 minutes left: exactly 5 pass, 15 are told how much is left', async () => {
    const s = await person(fx.a.id, ka1.id);
    await approvedRequest(s, ka1.id, [day(1)], CAP - 300, ka1Head);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => file(s, [{ date: day(2 + (i % 10)), minutes: 60 }], {}, i % 2 ? 'en' : 'ja')));
    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 400);
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(15);
    const [y, m] = month.start.split('-').map(Number);
    expect(new Set(refused.map((r) => /^Requested/.test(r.body.error.fields.days))).size).toBe(2);
    for (const r of refused) {
      expect(r.body.error.code).toBe('validation_failed');
      expect(r.body.error.fields.days).toMatch(
        new RegExp(`^(申請時間: ${y}年${m}月の残りは0時間です（申請は1時間）|Requested time is over the budget: only 0h left in \\w+ ${y} \\(asked for 1h\\))$`),
      );
    }
    const [sum] = await t.db.owner`
      select coalesce(sum(d.planned_minutes), 0)::int as used from time_request_days d join time_requests r on r.id = d.request_id
      where d.requester_id = ${s.id} and r.status in ('submitted', 'approved') and d.work_date between ${month.start} and ${month.end}`;
    expect(sum!.used).toBe(CAP);
    expect((await call(s, 'GET', `/api/time-requests/budget?date=${day(1)}`)).body.remainingMinutes).toBe(0);
  });

  it('says how much is left when a request asks for more', async () => {
    const s = await person(fx.a.id, ka1.id);
    await approvedRequest(s, ka1.id, [day(1)], CAP - 153, ka1Head);
    const ja = await file(s, [{ date: day(2), minutes: 120 }, { date: day(3), minutes: 60 }]);
    expect(ja.body.error.fields.days).toBe(`申請時間: ${month.start.slice(0, 4)}年${Number(month.start.slice(5, 7))}月の残りは2時間33分です（申請は3時間）`);
    const en = await file(s, [{ date: day(2), minutes: 120 }, { date: day(3), minutes: 60 }], {}, 'en');
    expect(en.body.error.fields.days).toMatch(/^Requested time is over the budget: only 2h 33m left in \w+ \d{4} \(asked for 3h\)$/);
  });
});

describe('bad input changes nothing (issue item 9)', () => {
  let s: User;
  let pending: string;
  let approved: string;
  let withdrawn: string;
  beforeAll(async () => {
    s = await person(fx.a.id, ka1.id);
    pending = (await file(s, [{ date: day(20), minutes: 60 }])).body.id;
    approved = (await file(s, [{ date: day(21), minutes: 60 }])).body.id;
    await call(ka1Head, 'POST', `/api/time-requests/${approved}/decision`, { decision: 'approve' });
    withdrawn = (await file(s, [{ date: day(22), minutes: 60 }])).body.id;
    await call(s, 'POST', `/api/time-requests/${withdrawn}/withdraw`);
  });

  const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string, RegExp]> = [
    ['a date in the past', () => file(s, [{ date: addDays(today, -1), minutes: 60 }]), 400, 'days.0.date', /過去の日付は申請できません/],
    ['a date too soon (lead days)', () => file(s, [{ date: today, minutes: 60 }]), 400, 'days.0.date', /1日前までに申請してください/],
    ['zero minutes', () => file(s, [{ date: day(5), minutes: 0 }]), 400, 'days.0.minutes', /0より大きい時間/],
    ['negative minutes', () => file(s, [{ date: day(5), minutes: -60 }]), 400, 'days.0.minutes', /0より大きい時間/],
    ['more than a working day', () => file(s, [{ date: day(5), minutes: 480 }]), 400, 'days.0.minutes', /1日の上限（7時間45分）を超えています/],
    ['not quarter hours', () => file(s, [{ date: day(5), minutes: 50 }]), 400, 'days.0.minutes', /15分単位/],
    ['the same date twice', () => file(s, [{ date: day(5), minutes: 60 }, { date: day(5), minutes: 60 }]), 400, 'days.1.date', /重複/],
    ['deciding twice', () => call(ka1Head, 'POST', `/api/time-requests/${approved}/decision`, { decision: 'approve' }), 409, 'status', /既に判断済みです（承認済み）/],
    ['declining a decided request', () => call(ka1Head, 'POST', `/api/time-requests/${approved}/decision`, { decision: 'decline', comment: '理由' }), 409, 'status', /既に判断済み/],
    ['deciding a withdrawn request', () => call(ka1Head, 'POST', `/api/time-requests/${withdrawn}/decision`, { decision: 'approve' }), 409, 'status', /取り下げの申請にはこの操作はできません/],
    ['declining without a reason', () => call(ka1Head, 'POST', `/api/time-requests/${pending}/decision`, { decision: 'decline' }), 400, 'comment', /理由を入力してください/],
    ['the requester approving', () => call(s, 'POST', `/api/time-requests/${pending}/decision`, { decision: 'approve' }), 403, 'decision', /判断する立場にありません/],
    ['the approver cancelling for the requester', () => call(ka1Head, 'POST', `/api/time-requests/${approved}/cancel`), 403, '', /権限がありません/],
    ['withdrawing an approved request', () => call(s, 'POST', `/api/time-requests/${approved}/withdraw`), 409, 'status', /承認済みの申請にはこの操作はできません/],
    ['actuals before the date', () => call(s, 'POST', `/api/time-requests/${approved}/actuals`, { days: [{ date: day(21), minutes: 60 }] }), 409, 'firstDate', /まだ来ていない/],
  ];
  for (const [name, act, status, field, message] of cases) {
    it(`${name}: ${status}${field ? ` naming ${field}` : ''}`, async () => {
      const before = await snapshot();
      const res = await act();
      expect(res.status).toBe(status);
      if (field) expect(res.body.error.fields[field]).toMatch(message);
      else expect(res.body.error.message).toMatch(message);
      expect(await snapshot()).toBe(before);
    });
  }

  it('in English too', async () => {
    const res = await file(s, [{ date: day(5), minutes: 480 }], {}, 'en');
    expect(res.body.error.fields['days.0.minutes']).toBe('Time is more than a working day allows (7h 45m)');
    const twice = await call(ka1Head, 'POST', `/api/time-requests/${approved}/decision`, { decision: 'approve' }, 'en');
    expect(twice.body.error.fields.status).toBe('Status has already been decided (approved)');
  });

  it('approving after the first date: 409 (approval comes beforehand); declining is still possible', async () => {
    const id = await approvedRequest(s, ka1.id, [addDays(today, -1)], 60, ka1Head);
    await t.db.owner`update time_requests set status = 'submitted', decided_by = null, decided_at = null where id = ${id}`;
    const before = await snapshot();
    const a = await call(ka1Head, 'POST', `/api/time-requests/${id}/decision`, { decision: 'approve' });
    expect(a.status).toBe(409);
    expect(a.body.error.fields.firstDate).toMatch(/事前/);
    expect(await snapshot()).toBe(before);
    const d = await call(ka1Head, 'POST', `/api/time-requests/${id}/decision`, { decision: 'decline', comment: '事前の申請がありませんでした' });
    expect(d.status).toBe(200);
  });

  it('cancelling or revoking on or after the first date: 409, nothing changes', async () => {
    const id = await approvedRequest(s, ka1.id, [today], 60, ka1Head);
    const before = await snapshot();
    const c = await call(s, 'POST', `/api/time-requests/${id}/cancel`);
    expect(c.status).toBe(409);
    expect(c.body.error.fields.firstDate).toMatch(/取り消せません/);
    const r = await call(ka1Head, 'POST', `/api/time-requests/${id}/revoke`, { reason: '業務多忙' });
    expect(r.status).toBe(409);
    expect(await snapshot()).toBe(before);
  });
});

describe('who decides, and who sees', () => {
  let s: User;
  let sub: User;
  let req: string;
  let subReq: string;
  beforeAll(async () => {
    s = await person(fx.a.id, ka1.id, [], '職員 一');
    sub = await person(fx.a.id, kakari.id, [], '職員 二');
    req = (await file(s, [{ date: day(15), minutes: 60 }], { ref: { type: 'event', id: '6f1c4a4e-8d0e-4a5c-9b1e-2d3c4b5a6978', title: '広域圏交流会' } })).body.id;
    subReq = (await file(sub, [{ date: day(16), minutes: 90 }])).body.id;
  });

  it('the 課 manager’s inbox has the 課 and the 係 below it, oldest first, each with the requester’s budget', async () => {
    const res = await call(ka1Head, 'GET', '/api/time-requests/inbox');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([req, subReq]));
    expect(ids.indexOf(req)).toBeLessThan(ids.indexOf(subReq));
    const item = res.body.items.find((x: { id: string }) => x.id === subReq);
    expect(item).toMatchObject({ can: { decide: true }, budget: { usedMinutes: 90, pendingMinutes: 90, capMinutes: CAP, remainingMinutes: CAP - 90 } });
    // pages with a cursor, without gaps
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(ka1Head, 'GET', `/api/time-requests/inbox?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items.map((x) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toEqual(ids);
  });

  it('a 部 manager sees and decides a 課 staff’s request; a sibling 課’s manager does not', async () => {
    const inbox = await call(buHead, 'GET', '/api/time-requests/inbox');
    expect(inbox.body.items.map((x: { id: string }) => x.id)).toContain(req);
    const sibling = await call(ka2Head, 'GET', '/api/time-requests/inbox');
    expect(sibling.body.items.map((x: { id: string }) => x.id)).not.toContain(req);
    expect((await call(ka2Head, 'GET', `/api/time-requests/${req}`)).status).toBe(404);
    const before = await snapshot();
    expect((await call(ka2Head, 'POST', `/api/time-requests/${req}/decision`, { decision: 'approve' })).status).toBe(404);
    expect(await snapshot()).toBe(before);
    const detail = await call(buHead, 'GET', `/api/time-requests/${req}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ can: { decide: true }, budget: { usedMinutes: 60 } });
    const ok = await call(buHead, 'POST', `/api/time-requests/${req}/decision`, { decision: 'approve', comment: '楽しんで' });
    expect(ok.status).toBe(200);
    expect(ok.body.decidedBy).toEqual({ id: buHead.id, name: '部長 一郎' });
  });

  it('approving writes one time_request.approved outbox event carrying the ref', async () => {
    const rows = await t.db.owner`select type, payload, actor_id, municipality_id from outbox_events where payload->>'requestId' = ${req} order by created_at`;
    expect(rows.map((r) => r.type)).toEqual(['time_request.submitted', 'time_request.approved']);
    expect(rows[0]!.payload).toMatchObject({ approverIds: [ka1Head.id], requesterName: '職員 一', minutes: 60, firstDate: day(15), ref: { type: 'event', id: '6f1c4a4e-8d0e-4a5c-9b1e-2d3c4b5a6978' } });
    expect(rows[1]).toMatchObject({
      actor_id: buHead.id, municipality_id: fx.a.id,
      payload: { requestId: req, requesterId: s.id, deciderName: '部長 一郎', comment: '楽しんで', ref: { type: 'event', id: '6f1c4a4e-8d0e-4a5c-9b1e-2d3c4b5a6978' } },
    });
  });

  it('revoking an approval before the date needs a reason and tells the requester', async () => {
    const noReason = await call(buHead, 'POST', `/api/time-requests/${req}/revoke`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.reason).toBe('理由: 入力してください');
    const res = await call(ka1Head, 'POST', `/api/time-requests/${req}/revoke`, { reason: '窓口繁忙のため' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('revoked');
    const [e] = await t.db.owner`select payload from outbox_events where type = 'time_request.revoked' and payload->>'requestId' = ${req}`;
    expect(e!.payload).toMatchObject({ requesterId: s.id, deciderName: '課長 花子', reason: '窓口繁忙のため' });
  });

  it('a deputy decides during the delegation’s dates only', async () => {
    const r = (await file(sub, [{ date: day(17), minutes: 60 }])).body.id;
    const d = await t.db.owner`insert into approval_delegations (municipality_id, manager_id, deputy_id, starts_on, ends_on)
      values (${fx.a.id}, ${ka1Head.id}, ${deputy.id}, ${addDays(today, 1)}, ${addDays(today, 5)}) returning id`;
    expect((await call(deputy, 'GET', '/api/time-requests/inbox')).body.items).toEqual([]);
    expect((await call(deputy, 'POST', `/api/time-requests/${r}/decision`, { decision: 'approve' })).status).toBe(404);
    await t.db.owner`update approval_delegations set starts_on = ${addDays(today, -2)}, ends_on = ${today} where id = ${d[0]!.id}`;
    expect((await call(deputy, 'GET', '/api/time-requests/inbox')).body.items.map((x: { id: string }) => x.id)).toContain(r);
    // A request submitted during the delegation tells the deputy too.
    const told = (await file(sub, [{ date: day(18), minutes: 60 }])).body.id;
    const [ev] = await t.db.owner`select payload from outbox_events where type = 'time_request.submitted' and payload->>'requestId' = ${told}`;
    expect(ev!.payload.approverIds.sort()).toEqual([ka1Head.id, deputy.id].sort());
    const ok = await call(deputy, 'POST', `/api/time-requests/${r}/decision`, { decision: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body.decidedBy.name).toBe('代理 三郎');
    await t.db.owner`update approval_delegations set starts_on = ${addDays(today, -9)}, ends_on = ${addDays(today, -1)} where id = ${d[0]!.id}`;
    expect((await call(deputy, 'POST', `/api/time-requests/${told}/decision`, { decision: 'approve' })).status).toBe(404);
  });

  it('bulk decisions: each on its own; the undecidable are listed with a reason in the reader’s language', async () => {
    const a = (await file(sub, [{ date: day(19), minutes: 30 }])).body.id;
    const b = (await file(sub, [{ date: day(20), minutes: 30 }])).body.id;
    await call(ka1Head, 'POST', `/api/time-requests/${b}/decision`, { decision: 'approve' });
    const foreign = (await file(bStaff, [{ date: day(20), minutes: 30 }])).body.id;
    const res = await call(ka1Head, 'POST', '/api/time-requests/decisions', { ids: [a, b, foreign], decision: 'approve' });
    expect(res.status).toBe(200);
    expect(res.body.decided).toEqual([a]);
    expect(res.body.failed).toEqual(expect.arrayContaining([
      { id: b, code: 'conflict', message: 'この操作は完了できませんでした。 状態: 既に判断済みです（承認済み）' },
      { id: foreign, code: 'not_found', message: '見つかりません。' },
    ]));
    const [row] = await t.db.owner`select status from time_requests where id = ${foreign}`;
    expect(row!.status).toBe('submitted');
    const en = await call(ka1Head, 'POST', '/api/time-requests/decisions', { ids: [b], decision: 'approve' }, 'en');
    expect(en.body.failed[0].message).toBe('This could not be done. Status has already been decided (approved)');
    const noComment = await call(ka1Head, 'POST', '/api/time-requests/decisions', { ids: [a], decision: 'return' });
    expect(noComment.status).toBe(400);
  });
});

describe('withdrawing tells whoever waits on a pending request', () => {
  const ref = { type: 'help_call', id: '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a', title: '窓口応援' };
  const withdrawnEvents = (requestId: string) =>
    t.db.owner`select type, payload, actor_id, municipality_id from outbox_events where type = 'time_request.withdrawn' and payload->>'requestId' = ${requestId}`;

  it('withdrawing a submitted request writes one time_request.withdrawn event with the ref and the approvers', async () => {
    const s = await person(fx.a.id, ka1.id, [], '職員 取下');
    const r = (await file(s, [{ date: day(23), minutes: 60 }], { ref })).body;
    expect(r.status).toBe('submitted');
    const w = await call(s, 'POST', `/api/time-requests/${r.id}/withdraw`);
    expect(w.status).toBe(200);
    expect(w.body.status).toBe('withdrawn');
    const rows = await withdrawnEvents(r.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_id: s.id, municipality_id: fx.a.id,
      payload: { requestId: r.id, ref: { type: 'help_call', id: ref.id }, approverIds: [ka1Head.id], requesterName: '職員 取下' },
    });
  });

  it('deputies active today are told too, as on submission', async () => {
    const s = await person(fx.a.id, ka2.id);
    const r = (await file(s, [{ date: day(24), minutes: 60 }])).body.id;
    const [d] = await t.db.owner`insert into approval_delegations (municipality_id, manager_id, deputy_id, starts_on, ends_on)
      values (${fx.a.id}, ${ka2Head.id}, ${buHead.id}, ${addDays(today, -1)}, ${addDays(today, 1)}) returning id`;
    try {
      await call(s, 'POST', `/api/time-requests/${r}/withdraw`);
      const [e] = await withdrawnEvents(r);
      expect(e!.payload.approverIds.sort()).toEqual([ka2Head.id, buHead.id].sort());
      expect(e!.payload.ref).toBeNull();
    } finally {
      await t.db.owner`delete from approval_delegations where id = ${d!.id}`;
    }
  });

  it('withdrawing a draft writes no event (no approver was waiting)', async () => {
    const s = await person(fx.a.id, ka1.id);
    const d = (await file(s, [{ date: day(25), minutes: 60 }], { submit: false, ref })).body.id;
    const w = await call(s, 'POST', `/api/time-requests/${d}/withdraw`);
    expect(w.body.status).toBe('withdrawn');
    expect(await withdrawnEvents(d)).toHaveLength(0);
    const [n] = await t.db.owner`select count(*)::int as n from outbox_events where payload->>'requestId' = ${d}`;
    expect(n!.n).toBe(0);
  });
});

describe('another town’s requests are not there (404), and nothing changes', () => {
  let aStaff: User;
  let aReq: string;
  let aApproved: string;
  let bReq: string;
  beforeAll(async () => {
    aStaff = await person(fx.a.id, ka1.id);
    aReq = (await file(aStaff, [{ date: day(8), minutes: 60 }])).body.id;
    aApproved = (await file(aStaff, [{ date: day(9), minutes: 60 }])).body.id;
    await call(ka1Head, 'POST', `/api/time-requests/${aApproved}/decision`, { decision: 'approve' });
    bReq = (await file(bStaff, [{ date: day(8), minutes: 60 }])).body.id;
  });

  it('B’s staff and B’s manager get 404 on every route naming A’s request', async () => {
    const before = await snapshot();
    for (const who of [bStaff, bHead]) {
      const tries: Array<[string, string, unknown?]> = [
        ['GET', `/api/time-requests/${aReq}`],
        ['PATCH', `/api/time-requests/${aReq}`, { purpose: '乗っ取り' }],
        ['POST', `/api/time-requests/${aReq}/submit`],
        ['POST', `/api/time-requests/${aReq}/withdraw`],
        ['POST', `/api/time-requests/${aApproved}/cancel`],
        ['POST', `/api/time-requests/${aApproved}/actuals`, { days: [{ date: day(9), minutes: 60 }] }],
        ['POST', `/api/time-requests/${aReq}/decision`, { decision: 'approve' }],
        ['POST', `/api/time-requests/${aApproved}/revoke`, { reason: '理由' }],
      ];
      for (const [method, url, payload] of tries) {
        const res = await call(who, method as 'GET', url, payload);
        expect(res.status, `${method} ${url}`).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
      const bulk = await call(who, 'POST', '/api/time-requests/decisions', { ids: [aReq], decision: 'approve' });
      expect(bulk.body).toMatchObject({ decided: [], failed: [{ id: aReq, code: 'not_found' }] });
    }
    expect(await snapshot()).toBe(before);
  });

  it('lists, inbox, budget and calendar show only one’s own town', async () => {
    const inbox = await call(bHead, 'GET', '/api/time-requests/inbox');
    const bIds = inbox.body.items.map((x: { id: string }) => x.id);
    expect(bIds).toContain(bReq);
    expect(bIds).not.toContain(aReq);
    const aInbox = await call(buHead, 'GET', '/api/time-requests/inbox');
    expect(aInbox.body.items.map((x: { id: string }) => x.id)).not.toContain(bReq);
    const mine = await call(bStaff, 'GET', '/api/time-requests');
    expect(mine.body.items.every((x: { requester: { id: string } }) => x.requester.id === bStaff.id)).toBe(true);
    const cal = await call(bStaff, 'GET', `/api/time-requests/calendar?from=${month.start}&to=${month.end}`);
    expect(cal.body.items.every((x: { requestId: string }) => x.requestId !== aReq && x.requestId !== aApproved)).toBe(true);
    expect((await call(ka1Head, 'GET', `/api/time-requests/${bReq}`)).status).toBe(404);
  });

  it('staff of the same town but another department get 404 too', async () => {
    const other = await person(fx.a.id, ka2.id);
    expect((await call(other, 'GET', `/api/time-requests/${aReq}`)).status).toBe(404);
    expect((await call(other, 'POST', `/api/time-requests/${aReq}/decision`, { decision: 'approve' })).status).toBe(404);
  });
});

describe('the internal service other features call (requestTime)', () => {
  const ref = { type: 'help_call', id: '0b7e2f64-3c1a-4e8b-a2d4-5f6e7a8b9c0d', title: '繁忙期応援: 住民税の申告受付' };

  it('files a submitted request for a thing, finds it by its ref, and refuses over-budget time with the numbers', async () => {
    const s = await person(fx.a.id, ka1.id);
    const actor = { tenantId: fx.a.id, regionId: fx.region.id, userId: s.id };
    const ctx = { tenantId: fx.a.id, regionId: fx.region.id, userId: s.id };
    const filed = await t.app.withTenant(ctx, (tx) => requestTime(tx, actor, {
      activity: 'help_call', ref, days: [{ date: day(6), minutes: 240 }], purpose: '申告受付の補助', idempotencyKey: 'help_call:0b7e2f64',
    }));
    expect(filed).toMatchObject({ ok: true, created: true, request: { status: 'submitted', activityKind: 'help_call', ref, approver: { id: ka1Head.id } } });
    const again = await t.app.withTenant(ctx, (tx) => requestTime(tx, actor, {
      activity: 'help_call', ref, days: [{ date: day(6), minutes: 240 }], purpose: '申告受付の補助', idempotencyKey: 'help_call:0b7e2f64',
    }));
    expect(again).toMatchObject({ ok: true, created: false });

    const mine = await t.app.withTenant(ctx, (tx) => timeRequestForRef(tx, actor, ref));
    expect(mine?.id).toBe(filed.ok && filed.request.id);
    const all = await t.app.withTenant(ctx, (tx) => timeRequestsForRef(tx, fx.a.id, ref));
    expect(all.map((r) => r.id)).toEqual([filed.ok && filed.request.id]);

    const before = await snapshot();
    const refused = await t.app.withTenant(ctx, (tx) => requestTime(tx, actor, {
      activity: 'help_call', ref, days: Array.from({ length: 6 }, (_, i) => ({ date: day(7 + i), minutes: 465 })), purpose: '長期応援',
    }));
    expect(refused).toMatchObject({ ok: false, refusal: { reason: 'over_budget', period: month, remainingMinutes: CAP - 240, requestedMinutes: 6 * 465 } });
    expect(await snapshot()).toBe(before);

    // Deciding tells the feature through the outbox, on its ref.
    await call(ka1Head, 'POST', `/api/time-requests/${filed.ok && filed.request.id}/decision`, { decision: 'decline', comment: '窓口が手薄なため' });
    const [e] = await t.db.owner`select payload from outbox_events where type = 'time_request.declined' and payload->>'requestId' = ${filed.ok ? filed.request.id : ''}`;
    expect(e!.payload.ref).toEqual({ type: 'help_call', id: ref.id });
  });
});

describe('review: who may decide, tightened', () => {
  it('a deputy never decides the own request of the manager they stand in for (it goes to the manager above)', async () => {
    const ka3 = await newDepartment(t.db.owner, fx.a.id, { kind: 'ka', name: '農林課', parentId: bu.id });
    const boss = await person(fx.a.id, ka3.id, [{ role: 'manager', departmentId: ka3.id }], '課長 四郎');
    const stand = await person(fx.a.id, ka3.id, [], '代理 五郎');
    const staffReq = (await file(await person(fx.a.id, ka3.id), [{ date: day(24), minutes: 30 }])).body.id;
    const own = (await file(boss, [{ date: day(24), minutes: 60 }])).body;
    expect(own.approver.id).toBe(buHead.id);
    await t.db.owner`insert into approval_delegations (municipality_id, manager_id, deputy_id, starts_on, ends_on)
      values (${fx.a.id}, ${boss.id}, ${stand.id}, ${today}, ${addDays(today, 3)})`;
    const inbox = (await call(stand, 'GET', '/api/time-requests/inbox')).body.items.map((x: { id: string }) => x.id);
    expect(inbox).toContain(staffReq); // the delegation works for the 課's staff…
    expect(inbox).not.toContain(own.id); // …but not for the 課長's own time
    expect((await call(stand, 'GET', `/api/time-requests/${own.id}`)).status).toBe(404);
    const before = await snapshot();
    expect((await call(stand, 'POST', `/api/time-requests/${own.id}/decision`, { decision: 'approve' })).status).toBe(404);
    const bulk = await call(stand, 'POST', '/api/time-requests/decisions', { ids: [own.id], decision: 'approve' });
    expect(bulk.body).toMatchObject({ decided: [], failed: [{ id: own.id, code: 'not_found' }] });
    expect(await snapshot()).toBe(before);
    // the 部長 still decides it
    expect((await call(buHead, 'POST', `/api/time-requests/${own.id}/decision`, { decision: 'approve' })).status).toBe(200);
  });

  it('a manager deactivated while their token is still valid decides nothing', async () => {
    const ka4 = await newDepartment(t.db.owner, fx.a.id, { kind: 'ka', name: '税務課', parentId: bu.id });
    const boss = await person(fx.a.id, ka4.id, [{ role: 'manager', departmentId: ka4.id }], '課長 六郎');
    const r = (await file(await person(fx.a.id, ka4.id), [{ date: day(25), minutes: 30 }])).body.id;
    await t.db.owner`update users set active = false where id = ${boss.id}`;
    const before = await snapshot();
    expect((await call(boss, 'POST', `/api/time-requests/${r}/decision`, { decision: 'approve' })).status).toBe(404);
    expect((await call(boss, 'GET', '/api/time-requests/inbox')).body.items).toEqual([]);
    expect(await snapshot()).toBe(before);
  });
});

describe('review: the day limit is per person and date', () => {
  it('a second request for the same date may not take the day over a working day; nothing is written', async () => {
    const s = await person(fx.a.id, ka1.id);
    expect((await file(s, [{ date: day(26), minutes: 405 }])).status).toBe(201);
    const before = await snapshot();
    const over = await file(s, [{ date: day(26), minutes: 120 }, { date: day(27), minutes: 60 }]);
    expect(over.status).toBe(400);
    expect(over.body.error.fields['days.0.minutes']).toMatch(/1日の上限（7時間45分）を超えています/);
    expect(await snapshot()).toBe(before);
    expect((await file(s, [{ date: day(26), minutes: 60 }])).status).toBe(201);
  });
});

describe('review: idempotency keys of clients and of features never meet', () => {
  it('a client key shaped like a feature\'s does not make the feature\'s requestTime return the client\'s request', async () => {
    const s = await person(fx.a.id, ka1.id);
    const refId = '5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    const mine = await file(s, [{ date: day(28), minutes: 15 }], { idempotencyKey: `help_call:${refId}` });
    expect(mine.status).toBe(201);
    const actor = { tenantId: fx.a.id, regionId: fx.region.id, userId: s.id };
    const filed = await t.app.withTenant(actor, (tx) => requestTime(tx, actor, {
      activity: 'help_call', ref: { type: 'help_call', id: refId }, days: [{ date: day(27), minutes: 120 }], purpose: '応援', idempotencyKey: `help_call:${refId}`,
    }));
    expect(filed).toMatchObject({ ok: true, created: true, request: { activityKind: 'help_call', ref: { type: 'help_call', id: refId }, plannedMinutes: 120 } });
    expect(filed.ok && filed.request.id).not.toBe(mine.body.id);
    // and the client's own retry still finds the client's request
    const again = await file(s, [{ date: day(28), minutes: 15 }], { idempotencyKey: `help_call:${refId}` });
    expect(again).toMatchObject({ status: 200, body: { id: mine.body.id } });
  });
});

describe('review: a bulk decision costs a few statements per request', () => {
  /** The handle, recording the text of every statement run through execute() (savepoints included). */
  function recording(db: Db, seen: string[]): Db {
    const dialect = new PgDialect();
    return new Proxy(db, {
      get(target, prop) {
        if (prop === 'execute') return (q: Parameters<Db['execute']>[0]) => { seen.push(dialect.sqlToQuery(q as never).sql); return target.execute(q); };
        if (prop === 'transaction') return (fn: (sp: Db) => Promise<unknown>) => target.transaction((sp) => fn(recording(sp as Db, seen)));
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }

  it('decides each request without reading it back (no per-row request query)', async () => {
    const s = await person(fx.a.id, kakari.id);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await file(s, [{ date: day(3 + i), minutes: 15 * (i + 1) }])).body.id);
    const seen: string[] = [];
    const ctx = { tenantId: fx.a.id, regionId: fx.region.id, userId: ka1Head.id };
    const res = await t.app.withTenant(ctx, (tx) => decideMany(recording(tx, seen), ctx, ids, { decision: 'approve', comment: null }, 'ja'));
    expect(res).toEqual({ decided: [...ids].sort(), failed: [] });
    expect(seen.filter((q) => /page as materialized/.test(q))).toEqual([]);
    // The decider's name and the batch's row locks (all ids in order, one statement), then per request.
    expect(seen.length).toBeLessThanOrEqual(2 + 4 * ids.length);
  });
});
