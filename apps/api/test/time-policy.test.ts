import { beforeAll, describe, expect, it } from 'vitest';
import { newDepartment, newTenancyFixture, newUser } from '@yui/db/testing';
import { addDays, baseMinutes, capMinutes, periodOf, todayInJapan } from '@yui/domain';
import { useTestApi } from './helpers';

// 20%ルール: the town's versioned policy and 代理承認 (deputies). Its own database: the policy changes here.

const t = useTestApi();
type User = Awaited<ReturnType<typeof newUser>>;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
let admin: User, manager: User, manager2: User, staff: User, staff2: User, bAdmin: User, bStaff: User;
const auth = new Map<string, string>();

const today = todayInJapan();
const month = periodOf(addDays(today, 45), 'month');
const day = (n: number) => addDays(month.start, n);
const base = baseMinutes(2325, month.start, month.end, 'month');

async function person(municipalityId: string, departmentId: string | null, roles: NonNullable<NonNullable<Parameters<typeof newUser>[2]>['roles']> = [], name = 'テスト 太郎') {
  const u = await newUser(t.db.owner, municipalityId, { departmentId, roles, name });
  auth.set(u.id, (await t.login(u.email, u.password)).authorization);
  return u;
}

async function call(who: User, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, payload: payload as object, headers: { authorization: auth.get(who.id)! } });
  return { status: res.statusCode, body: res.json() };
}

const rule = (capPercent: number) => ({ capPercent, period: 'month', leadDays: 1, maxMinutesPerDay: 465, reminderWorkingDays: 2, actualsReminderDays: 3, note: null });

beforeAll(async () => {
  fx = await newTenancyFixture(t.db.owner);
  const ka = await newDepartment(t.db.owner, fx.a.id, { kind: 'ka', name: '企画課' });
  const ka2 = await newDepartment(t.db.owner, fx.a.id, { kind: 'ka', name: '財政課' });
  const bKa = await newDepartment(t.db.owner, fx.b.id, { kind: 'ka', name: '企画課' });
  admin = await person(fx.a.id, null, [{ role: 'municipality_admin' }], '管理 者');
  manager = await person(fx.a.id, ka.id, [{ role: 'manager', departmentId: ka.id }], '課長 一');
  manager2 = await person(fx.a.id, ka2.id, [{ role: 'manager', departmentId: ka2.id }], '課長 二');
  staff = await person(fx.a.id, ka.id, [], '職員 一');
  staff2 = await person(fx.a.id, ka.id, [], '職員 二');
  bAdmin = await person(fx.b.id, bKa.id, [{ role: 'municipality_admin' }, { role: 'manager', departmentId: bKa.id }], '管理 B');
  bStaff = await person(fx.b.id, bKa.id, [], '職員 B');
});

describe('policy', () => {
  it('every town starts with version 1 (20%, month); any staff may read it', async () => {
    const res = await call(staff, 'GET', '/api/time-policy');
    expect(res.status).toBe(200);
    expect(res.body.current).toMatchObject({ version: 1, capPercent: 20, period: 'month', leadDays: 1, maxMinutesPerDay: 465, createdByName: null });
    expect(res.body.history).toHaveLength(1);
  });

  it('only an admin may change it (403, nothing saved); bad values name the field', async () => {
    const res = await call(manager, 'PUT', '/api/time-policy', rule(10));
    expect(res.status).toBe(403);
    const bad = await call(admin, 'PUT', '/api/time-policy', { ...rule(0), leadDays: 99 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['capPercent', 'leadDays']);
    // an admin whose role was taken away since signing in
    const former = await person(fx.a.id, null, [{ role: 'municipality_admin' }]);
    await t.db.owner`delete from role_grants where user_id = ${former.id} and role = 'municipality_admin'`;
    expect((await call(former, 'PUT', '/api/time-policy', rule(10))).status).toBe(403);
    const [n] = await t.db.owner`select count(*)::int as n from time_policies where municipality_id = ${fx.a.id}`;
    expect(n!.n).toBe(1);
  });

  it('a request keeps the version it was submitted under; new requests use the new one', async () => {
    // Under version 1 (20%): 600 minutes.
    const r1 = await call(staff, 'POST', '/api/time-requests', { activityKind: 'event', purpose: '交流会', days: [{ date: day(3), minutes: 300 }, { date: day(4), minutes: 300 }] });
    expect(r1.status).toBe(201);
    expect(r1.body.policyVersion).toBe(1);

    const changed = await call(admin, 'PUT', '/api/time-policy', { ...rule(10), note: '繁忙期のため' });
    expect(changed.status).toBe(200);
    expect(changed.body.current).toMatchObject({ version: 2, capPercent: 10, note: '繁忙期のため', createdByName: '管理 者' });
    expect(changed.body.history.map((p: { version: number }) => p.version)).toEqual([2, 1]);

    // The first request is still judged and budgeted by version 1.
    const d1 = await call(manager, 'GET', `/api/time-requests/${r1.body.id}`);
    expect(d1.body).toMatchObject({ policyVersion: 1, budget: { capPercent: 20, capMinutes: capMinutes({ capPercent: 20 }, base), usedMinutes: 600 } });
    expect((await call(manager, 'POST', `/api/time-requests/${r1.body.id}/decision`, { decision: 'approve' })).status).toBe(200);

    // A new request is judged by version 2: 10% leaves less than 465 minutes after the 600 already approved.
    const cap10 = capMinutes({ capPercent: 10 }, base);
    const r2 = await call(staff, 'POST', '/api/time-requests', { activityKind: 'event', purpose: '研修', days: [{ date: day(5), minutes: 465 }] });
    expect(r2.status).toBe(400);
    expect(r2.body.error.fields.days).toContain(`残りは${Math.floor((cap10 - 600) / 60)}時間`);
    const r3 = await call(staff, 'POST', '/api/time-requests', { activityKind: 'event', purpose: '研修', days: [{ date: day(5), minutes: 60 }] });
    expect(r3.status).toBe(201);
    expect(r3.body.policyVersion).toBe(2);
    const [row] = await t.db.owner`select p.version from time_requests r join time_policies p on p.id = r.policy_id where r.id = ${r3.body.id}`;
    expect(row!.version).toBe(2);
    const budget = await call(staff, 'GET', `/api/time-requests/budget?date=${day(5)}`);
    expect(budget.body).toMatchObject({ capPercent: 10, capMinutes: cap10, usedMinutes: 660 });
    // The inbox judges each request by its own version too.
    const inbox = await call(manager, 'GET', '/api/time-requests/inbox');
    expect(inbox.body.items.find((x: { id: string }) => x.id === r3.body.id).budget.capPercent).toBe(10);
  });

  it('concurrent changes never produce the same version twice', async () => {
    const results = await Promise.all([11, 12, 13, 14, 15].map((c) => call(admin, 'PUT', '/api/time-policy', rule(c))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const versions = await t.db.owner`select version from time_policies where municipality_id = ${fx.a.id} order by version`;
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('another town’s policy is its own', async () => {
    const res = await call(bStaff, 'GET', '/api/time-policy');
    expect(res.body.current.version).toBe(1);
    expect(res.body.history).toHaveLength(1);
  });
});

describe('delegations (代理承認)', () => {
  it('a manager names their own deputy; both see it; a deputy from another town or themself is refused', async () => {
    const res = await call(manager, 'POST', '/api/time-policy/delegations', { deputyId: staff2.id, startsOn: today, endsOn: addDays(today, 7), reason: '出張' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ managerId: manager.id, managerName: '課長 一', deputyId: staff2.id, deputyName: '職員 二', startsOn: today, reason: '出張' });
    expect((await call(staff2, 'GET', '/api/time-policy/delegations')).body.items.map((d: { id: string }) => d.id)).toEqual([res.body.id]);
    expect((await call(manager2, 'GET', '/api/time-policy/delegations')).body.items).toEqual([]);
    expect((await call(admin, 'GET', '/api/time-policy/delegations')).body.items.map((d: { id: string }) => d.id)).toContain(res.body.id);

    const foreign = await call(manager, 'POST', '/api/time-policy/delegations', { deputyId: bStaff.id, startsOn: today, endsOn: today });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields.deputyId).toBe('代理承認者: 代理に指定できない職員です');
    const self = await call(manager, 'POST', '/api/time-policy/delegations', { deputyId: manager.id, startsOn: today, endsOn: today });
    expect(self.body.error.fields.deputyId).toBeTruthy();
    const backwards = await call(manager, 'POST', '/api/time-policy/delegations', { deputyId: staff2.id, startsOn: addDays(today, 3), endsOn: today });
    expect(backwards.body.error.fields.endsOn).toBe('終了日: 開始日より前の日付です');
  });

  it('staff who manage nothing cannot; a manager cannot for another manager; an admin can', async () => {
    expect((await call(staff, 'POST', '/api/time-policy/delegations', { deputyId: staff2.id, startsOn: today, endsOn: today })).status).toBe(403);
    expect((await call(manager2, 'POST', '/api/time-policy/delegations', { managerId: manager.id, deputyId: staff2.id, startsOn: today, endsOn: today })).status).toBe(403);
    const byAdmin = await call(admin, 'POST', '/api/time-policy/delegations', { managerId: manager2.id, deputyId: staff.id, startsOn: today, endsOn: addDays(today, 1) });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.managerName).toBe('課長 二');
    const notManager = await call(admin, 'POST', '/api/time-policy/delegations', { managerId: staff.id, deputyId: staff2.id, startsOn: today, endsOn: today });
    expect(notManager.status).toBe(400);
    expect(notManager.body.error.fields.managerId).toBe('所属長: 所属長ではありません');
    // Another town's admin naming A's manager: that manager is not in B.
    const cross = await call(bAdmin, 'POST', '/api/time-policy/delegations', { managerId: manager.id, deputyId: bStaff.id, startsOn: today, endsOn: today });
    expect(cross.status).toBe(400);
  });

  it('the manager or an admin ends one; anyone else, or another town, gets 404 and it stays', async () => {
    const d = (await call(manager, 'POST', '/api/time-policy/delegations', { deputyId: staff.id, startsOn: today, endsOn: today })).body;
    for (const who of [staff, manager2, bAdmin]) {
      expect((await call(who, 'DELETE', `/api/time-policy/delegations/${d.id}`)).status).toBe(404);
    }
    expect((await call(bAdmin, 'GET', '/api/time-policy/delegations')).body.items).toEqual([]);
    const [still] = await t.db.owner`select count(*)::int as n from approval_delegations where id = ${d.id}`;
    expect(still!.n).toBe(1);
    expect((await call(manager, 'DELETE', `/api/time-policy/delegations/${d.id}`)).status).toBe(200);
    const other = (await call(manager, 'POST', '/api/time-policy/delegations', { deputyId: staff.id, startsOn: today, endsOn: today })).body;
    expect((await call(admin, 'DELETE', `/api/time-policy/delegations/${other.id}`)).status).toBe(200);
  });
});
