import { beforeAll, describe, expect, it } from 'vitest';
import { newDepartment, newTenancyFixture, newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';

const t = useTestApi();
type User = Awaited<ReturnType<typeof newUser>>;
type Dept = Awaited<ReturnType<typeof newDepartment>>;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
let somubu: Dept; // A: 総務部
let jinjika: Dept; // A: 総務部 > 人事課
let zeimuka: Dept; // A: 総務部 > 税務課
let bDept: Dept; // B: 総務課
let adminA: User;
let staffA: User;
let colleague: User; // A, in 人事課
let personB: User;
let adminAuth: string;
let staffAuth: string;

const owner = () => t.db.owner;
const get = (url: string, authorization: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { authorization, ...headers } });
const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, authorization: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { authorization, ...headers }, ...(payload ? { payload } : {}) });
const countEvents = async (type: string, tenantId: string) =>
  (await owner()`select count(*)::int as n from outbox_events where type = ${type} and municipality_id = ${tenantId}`)[0]!.n as number;

beforeAll(async () => {
  fx = await newTenancyFixture(t.db.owner);
  somubu = await newDepartment(owner(), fx.a.id, { kind: 'bu', name: '総務部', code: 'A100' });
  jinjika = await newDepartment(owner(), fx.a.id, { kind: 'ka', name: '人事課', parentId: somubu.id, code: 'A110' });
  zeimuka = await newDepartment(owner(), fx.a.id, { kind: 'ka', name: '税務課', parentId: somubu.id, code: 'A120' });
  await owner()`update departments set name_kana = 'じんじか' where id = ${jinjika.id}`;
  await owner()`update departments set name_kana = 'ぜいむか' where id = ${zeimuka.id}`;
  bDept = await newDepartment(owner(), fx.b.id, { kind: 'ka', name: 'B総務課', code: 'B100' });
  adminA = await newUser(owner(), fx.a.id, { name: '安達 管理', nameKana: 'あだち かんり', departmentId: jinjika.id, roles: [{ role: 'municipality_admin' }] });
  staffA = await newUser(owner(), fx.a.id, { name: '佐藤 一般', nameKana: 'さとう いっぱん' });
  colleague = await newUser(owner(), fx.a.id, { name: '郡山 花子', nameKana: 'こおりやま はなこ', departmentId: jinjika.id });
  await owner()`update users set position = '主査', introduction = '人事を担当しています。' where id = ${colleague.id}`;
  personB = await newUser(owner(), fx.b.id, { name: '別町 次郎', nameKana: 'べつまち じろう', departmentId: bDept.id });
  adminAuth = (await t.login(adminA.email, adminA.password)).authorization;
  staffAuth = (await t.login(staffA.email, staffA.password)).authorization;
});

describe('GET /api/users/:id', () => {
  it('shows a colleague of my own town, without secrets', async () => {
    const res = await get(`/api/users/${colleague.id}`, staffAuth);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: colleague.id, name: '郡山 花子', nameKana: 'こおりやま はなこ', position: '主査', photoUrl: null,
      introduction: '人事を担当しています。', department: { id: jinjika.id, name: '人事課', path: ['総務部', '人事課'] },
    });
    expect(res.body).not.toMatch(/password|hash|argon/i);
  });

  it('answers 404, not 403, for a person of another town', async () => {
    const res = await get(`/api/users/${personB.id}`, staffAuth);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    const unknown = await get('/api/users/00000000-0000-4000-8000-000000000000', staffAuth);
    expect(unknown.json()).toEqual(res.json());
  });

  it('needs a signed-in person and a uuid', async () => {
    expect((await t.app.inject({ url: `/api/users/${colleague.id}` })).statusCode).toBe(401);
    expect((await get('/api/users/not-a-uuid', staffAuth)).statusCode).toBe(400);
  });
});

describe('GET /api/departments/tree', () => {
  it('nests my town\'s active departments, sorted by sort order then kana', async () => {
    const res = await get('/api/departments/tree', staffAuth);
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    const somu = items.find((n: { id: string }) => n.id === somubu.id);
    expect(somu.children.map((c: { name: string }) => c.name)).toEqual(['人事課', '税務課']);
    expect(JSON.stringify(items)).not.toContain(bDept.id);
  });
});

describe('admin routes: only a municipality admin', () => {
  it('answers 403 to ordinary staff, before looking at the body', async () => {
    for (const [method, url] of [['GET', '/api/admin/staff'], ['GET', '/api/admin/departments'], ['GET', `/api/admin/staff/${colleague.id}`], ['GET', '/api/admin/staff/export.csv']] as const) {
      const res = await t.app.inject({ method, url, headers: { authorization: staffAuth } });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const create = await send('POST', '/api/admin/staff', staffAuth, { email: 'bad' });
    expect(create.statusCode).toBe(403);
    expect(create.json().error.code).toBe('forbidden');
    const dept = await send('POST', '/api/admin/departments', staffAuth, { kind: 'ka', name: 'x', nameKana: 'えっくす' });
    expect(dept.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/admin/staff' })).statusCode).toBe(401);
  });
});

describe('admin: another town is not there', () => {
  it('GET and PATCH of B\'s person answer 404, and B\'s row is unchanged', async () => {
    expect((await get(`/api/admin/staff/${personB.id}`, adminAuth)).statusCode).toBe(404);
    const patch = await send('PATCH', `/api/admin/staff/${personB.id}`, adminAuth, { name: '乗っ取り', active: false, departmentId: null });
    expect(patch.statusCode).toBe(404);
    const [row] = await owner()`select name, active, department_id from users where id = ${personB.id}`;
    expect(row).toEqual({ name: '別町 次郎', active: true, department_id: bDept.id });
  });

  it('PATCH of B\'s department answers 404 and changes nothing', async () => {
    const res = await send('PATCH', `/api/admin/departments/${bDept.id}`, adminAuth, { name: '乗っ取り課', active: false });
    expect(res.statusCode).toBe(404);
    const [row] = await owner()`select name, active from departments where id = ${bDept.id}`;
    expect(row).toEqual({ name: 'B総務課', active: true });
  });

  it('refuses B\'s department for my staff (400 departmentId), and writes nothing', async () => {
    const before = await countEvents('staff.welcomed', fx.a.id);
    const res = await send('POST', '/api/admin/staff', adminAuth, { email: 'cross@test.yui.example', name: '越境 太郎', nameKana: 'えっきょう たろう', departmentId: bDept.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ departmentId: '所属: 存在しない所属です' });
    expect((await owner()`select count(*)::int as n from users where email = 'cross@test.yui.example'`)[0]!.n).toBe(0);
    expect(await countEvents('staff.welcomed', fx.a.id)).toBe(before);

    const move = await send('PATCH', `/api/admin/staff/${colleague.id}`, adminAuth, { departmentId: bDept.id });
    expect(move.statusCode).toBe(400);
    expect((await owner()`select department_id from users where id = ${colleague.id}`)[0]!.department_id).toBe(jinjika.id);
  });

  it('cannot grant roles to B\'s person or over B\'s department', async () => {
    expect((await send('POST', `/api/admin/staff/${personB.id}/roles`, adminAuth, { role: 'municipality_admin' })).statusCode).toBe(404);
    const res = await send('POST', `/api/admin/staff/${colleague.id}/roles`, adminAuth, { role: 'manager', departmentId: bDept.id });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['departmentId']);
  });

  it('lists only my town\'s staff and departments', async () => {
    const staff = await get('/api/admin/staff?active=all&limit=200', adminAuth);
    expect(staff.json().items.map((s: { id: string }) => s.id)).not.toContain(personB.id);
    const depts = await get('/api/admin/departments', adminAuth);
    expect(depts.json().items.map((d: { id: string }) => d.id)).not.toContain(bDept.id);
  });
});

describe('admin: staff', () => {
  it('creates a person with the staff role and one welcome event, in one go', async () => {
    const before = await countEvents('staff.welcomed', fx.a.id);
    const res = await send('POST', '/api/admin/staff', adminAuth, {
      email: 'Shinnin.Taro@Test.Yui.Example', name: '新任 太郎', nameKana: 'シンニン　タロウ', position: '主事',
      hireDate: '2025-04-01', departmentId: zeimuka.id,
    });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      email: 'shinnin.taro@test.yui.example', name: '新任 太郎', nameKana: 'しんにん たろう', position: '主事', hireDate: '2025-04-01',
      weeklyMinutes: 2325, departmentId: zeimuka.id, departmentName: '税務課', departmentCode: 'A120', active: true,
      roles: [{ role: 'staff', departmentId: null, departmentName: null }],
    });
    const [u] = await owner()`select municipality_id, password_hash from users where id = ${s.id}`;
    expect(u).toEqual({ municipality_id: fx.a.id, password_hash: null });
    const grants = await owner()`select role from role_grants where user_id = ${s.id}`;
    expect(grants.map((g) => g.role)).toEqual(['staff']);
    const events = await owner()`select payload, actor_id from outbox_events where type = 'staff.welcomed' and payload->>'userId' = ${s.id}`;
    expect(events).toEqual([{ payload: { userId: s.id }, actor_id: adminA.id }]);
    expect(await countEvents('staff.welcomed', fx.a.id)).toBe(before + 1);
  });

  it('refuses a duplicate e-mail with 409 (also one used in another town), writing nothing', async () => {
    const before = await countEvents('staff.welcomed', fx.a.id);
    const users = (await owner()`select count(*)::int as n from users`)[0]!.n;
    for (const email of [colleague.email.toUpperCase(), personB.email]) {
      const res = await send('POST', '/api/admin/staff', adminAuth, { email, name: '重複 花子', nameKana: 'ちょうふく はなこ' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.fields).toEqual({ email: 'メールアドレス: 既に使われています' });
      expect(res.body).not.toContain('B町');
    }
    expect((await owner()`select count(*)::int as n from users`)[0]!.n).toBe(users);
    expect(await countEvents('staff.welcomed', fx.a.id)).toBe(before);
  });

  it('names bad fields in Japanese or English', async () => {
    const ja = await send('POST', '/api/admin/staff', adminAuth, { email: 'x@test.yui.example', name: '漢字', nameKana: '漢字' });
    expect(ja.statusCode).toBe(400);
    expect(ja.json().error.fields.nameKana).toBe('ふりがな: ひらがなまたはカタカナで入力してください');
    const en = await send('POST', '/api/admin/staff', adminAuth, { email: 'nope', name: '', nameKana: 'かな' }, { 'accept-language': 'en' });
    expect(en.json().error.fields).toMatchObject({ email: 'E-mail is not in a valid format', name: 'Name is required' });
  });

  it('edits only what is sent', async () => {
    const res = await send('PATCH', `/api/admin/staff/${colleague.id}`, adminAuth, { name: '郡山 花子', weeklyMinutes: 1860 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ position: '主査', departmentId: jinjika.id, weeklyMinutes: 1860 });
    const moved = await send('PATCH', `/api/admin/staff/${colleague.id}`, adminAuth, { departmentId: zeimuka.id, nameKana: 'コオリヤマ ハナコ' });
    expect(moved.json()).toMatchObject({ departmentName: '税務課', nameKana: 'こおりやま はなこ', position: '主査' });
    await send('PATCH', `/api/admin/staff/${colleague.id}`, adminAuth, { departmentId: jinjika.id, weeklyMinutes: 2325 });
  });

  it('lists by ふりがな with a cursor, and filters by text, department (with sub-departments) and active', async () => {
    const all: Array<{ id: string; nameKana: string }> = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/admin/staff?limit=2${cursor ? `&cursor=${cursor}` : ''}`, adminAuth);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const n = (await owner()`select count(*)::int as n from users where municipality_id = ${fx.a.id} and active`)[0]!.n;
    expect(all.length).toBe(n);
    expect(new Set(all.map((s) => s.id)).size).toBe(n);
    const keys = all.map((s) => [s.nameKana, s.id]);
    const sorted = [...keys].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1));
    expect(keys).toEqual(sorted);

    const byKatakana = await get(`/api/admin/staff?q=${encodeURIComponent('コオリヤマ')}`, adminAuth);
    expect(byKatakana.json().items.map((s: { id: string }) => s.id)).toEqual([colleague.id]);
    const byEmail = await get(`/api/admin/staff?q=${encodeURIComponent(staffA.email.slice(0, 10))}`, adminAuth);
    expect(byEmail.json().items.map((s: { id: string }) => s.id)).toContain(staffA.id);
    const wildcard = await get(`/api/admin/staff?q=${encodeURIComponent('%')}`, adminAuth);
    expect(wildcard.json().items).toEqual([]);
    const inBu = await get(`/api/admin/staff?departmentId=${somubu.id}`, adminAuth);
    expect(inBu.json().items.map((s: { id: string }) => s.id).sort()).toEqual(
      expect.arrayContaining([adminA.id, colleague.id]),
    );
    expect(inBu.json().items.map((s: { id: string }) => s.id)).not.toContain(staffA.id);
    expect((await get('/api/admin/staff?cursor=garbage', adminAuth)).statusCode).toBe(400);
  });

  it('deactivation signs the person out everywhere, in the same transaction', async () => {
    const leaver = await newUser(owner(), fx.a.id, { name: '退職 予定', nameKana: 'たいしょく よてい' });
    const s1 = await t.login(leaver.email, leaver.password);
    const s2 = await t.login(leaver.email, leaver.password);
    const res = await send('PATCH', `/api/admin/staff/${leaver.id}`, adminAuth, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    const n = (await owner()`select count(*)::int as n from refresh_tokens where user_id = ${leaver.id} and revoked_at is null`)[0]!.n;
    expect(n).toBe(0);
    for (const s of [s1, s2]) {
      const refresh = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', headers: { cookie: s.cookie } });
      expect(refresh.statusCode).toBe(401);
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: leaver.email, password: leaver.password } });
    expect(login.statusCode).toBe(401);
    // Gone from the default list and from colleagues' view, still there for the admin.
    expect((await get('/api/admin/staff?limit=200', adminAuth)).json().items.map((s: { id: string }) => s.id)).not.toContain(leaver.id);
    expect((await get(`/api/admin/staff?active=false`, adminAuth)).json().items.map((s: { id: string }) => s.id)).toContain(leaver.id);
    expect((await get(`/api/users/${leaver.id}`, staffAuth)).statusCode).toBe(404);
  });

  it('does not let an admin deactivate themselves', async () => {
    const res = await send('PATCH', `/api/admin/staff/${adminA.id}`, adminAuth, { active: false });
    expect(res.statusCode).toBe(409);
    expect((await owner()`select active from users where id = ${adminA.id}`)[0]!.active).toBe(true);
  });
});

describe('admin: roles', () => {
  it('grants 所属長 of a department once, with one role.granted event, and removes it', async () => {
    const before = await countEvents('role.granted', fx.a.id);
    const grant = () => send('POST', `/api/admin/staff/${colleague.id}/roles`, adminAuth, { role: 'manager', departmentId: jinjika.id });
    const res = await grant();
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toContainEqual({ role: 'manager', departmentId: jinjika.id, departmentName: '人事課' });
    expect((await grant()).statusCode).toBe(200);
    expect(await countEvents('role.granted', fx.a.id)).toBe(before + 1);
    const [e] = await owner()`select payload from outbox_events where type = 'role.granted' and payload->>'userId' = ${colleague.id}`;
    expect(e!.payload).toEqual({ userId: colleague.id, role: 'manager', departmentName: '人事課' });

    const del = await send('DELETE', `/api/admin/staff/${colleague.id}/roles?role=manager&departmentId=${jinjika.id}`, adminAuth);
    expect(del.statusCode).toBe(200);
    expect(del.json().roles.map((r: { role: string }) => r.role)).toEqual(['staff']);
  });

  it('needs a department for 所属長', async () => {
    const res = await send('POST', `/api/admin/staff/${colleague.id}/roles`, adminAuth, { role: 'manager' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.departmentId).toBe('所属: 入力してください');
  });

  it('grants 自治体管理者 once however often it is asked, with one role.granted event', async () => {
    const target = await newUser(owner(), fx.a.id);
    const before = await countEvents('role.granted', fx.a.id);
    for (let i = 0; i < 2; i++) {
      const res = await send('POST', `/api/admin/staff/${target.id}/roles`, adminAuth, { role: 'municipality_admin' });
      expect(res.statusCode).toBe(200);
      expect(res.json().roles.map((r: { role: string }) => r.role)).toEqual(['municipality_admin', 'staff']);
    }
    const grants = await owner()`select role from role_grants where user_id = ${target.id} order by role`;
    expect(grants.map((g) => g.role)).toEqual(['municipality_admin', 'staff']);
    expect(await countEvents('role.granted', fx.a.id)).toBe(before + 1);
    const removed = await send('DELETE', `/api/admin/staff/${target.id}/roles?role=municipality_admin`, adminAuth);
    expect(removed.json().roles.map((r: { role: string }) => r.role)).toEqual(['staff']);
  });

  it('stops an admin at once when they are deactivated or lose the role, though their access token is still valid', async () => {
    const second = await newUser(owner(), fx.a.id, { roles: [{ role: 'municipality_admin' }] });
    const secondAuth = (await t.login(second.email, second.password)).authorization;
    expect((await get('/api/admin/staff?limit=1', secondAuth)).statusCode).toBe(200);

    // Role removed: the token still says municipality_admin, the database no longer does.
    await send('DELETE', `/api/admin/staff/${second.id}/roles?role=municipality_admin`, adminAuth);
    expect((await get('/api/admin/staff?limit=1', secondAuth)).statusCode).toBe(403);
    const regrant = await send('POST', `/api/admin/staff/${second.id}/roles`, secondAuth, { role: 'municipality_admin' });
    expect(regrant.statusCode).toBe(403);

    // Deactivated: cannot switch themselves back on.
    await send('POST', `/api/admin/staff/${second.id}/roles`, adminAuth, { role: 'municipality_admin' });
    expect((await get('/api/admin/staff?limit=1', secondAuth)).statusCode).toBe(200);
    await send('PATCH', `/api/admin/staff/${second.id}`, adminAuth, { active: false });
    const undo = await send('PATCH', `/api/admin/staff/${second.id}`, secondAuth, { active: true });
    expect(undo.statusCode).toBe(403);
    expect((await owner()`select active from users where id = ${second.id}`)[0]!.active).toBe(false);
    await send('DELETE', `/api/admin/staff/${second.id}/roles?role=municipality_admin`, adminAuth);
  });

  it('grants 自治体管理者, and never removes the last one', async () => {
    const last = await send('DELETE', `/api/admin/staff/${adminA.id}/roles?role=municipality_admin`, adminAuth);
    expect(last.statusCode).toBe(409);
    expect(last.json().error.fields.role).toContain('自治体管理者');
    const grant = await send('POST', `/api/admin/staff/${colleague.id}/roles`, adminAuth, { role: 'municipality_admin' });
    expect(grant.json().roles.map((r: { role: string }) => r.role)).toContain('municipality_admin');
    const remove = await send('DELETE', `/api/admin/staff/${colleague.id}/roles?role=municipality_admin`, adminAuth);
    expect(remove.statusCode).toBe(200);
    expect(remove.json().roles.map((r: { role: string }) => r.role)).toEqual(['staff']);
  });
});

describe('admin: 地域の魅力の審査担当 (attraction_reviewer)', () => {
  it('grants it once with one role.granted event, and removes it; no department needed', async () => {
    const target = await newUser(owner(), fx.a.id);
    const before = await countEvents('role.granted', fx.a.id);
    for (let i = 0; i < 2; i++) {
      const res = await send('POST', `/api/admin/staff/${target.id}/roles`, adminAuth, { role: 'attraction_reviewer' });
      expect(res.statusCode).toBe(200);
      expect(res.json().roles).toContainEqual({ role: 'attraction_reviewer', departmentId: null, departmentName: null });
    }
    const grants = await owner()`select role, department_id from role_grants where user_id = ${target.id} order by role`;
    expect(grants.map((g) => [g.role, g.department_id])).toEqual([['attraction_reviewer', null], ['staff', null]]);
    expect(await countEvents('role.granted', fx.a.id)).toBe(before + 1);
    const [e] = await owner()`select payload from outbox_events where type = 'role.granted' and payload->>'userId' = ${target.id}`;
    expect(e!.payload).toEqual({ userId: target.id, role: 'attraction_reviewer', departmentName: null });

    const del = await send('DELETE', `/api/admin/staff/${target.id}/roles?role=attraction_reviewer`, adminAuth);
    expect(del.statusCode).toBe(200);
    expect(del.json().roles.map((r: { role: string }) => r.role)).toEqual(['staff']);
    // Removing what is not there is a no-op.
    expect((await send('DELETE', `/api/admin/staff/${target.id}/roles?role=attraction_reviewer`, adminAuth)).statusCode).toBe(200);
  });

  it('is for the admin only: ordinary staff get 403 and nothing changes', async () => {
    const grant = await send('POST', `/api/admin/staff/${staffA.id}/roles`, staffAuth, { role: 'attraction_reviewer' });
    expect(grant.statusCode).toBe(403);
    const revoke = await send('DELETE', `/api/admin/staff/${colleague.id}/roles?role=attraction_reviewer`, staffAuth);
    expect(revoke.statusCode).toBe(403);
    expect(await owner()`select id from role_grants where role = 'attraction_reviewer' and user_id = ${staffA.id}`).toEqual([]);
  });

  it("another town's admin gets 404 for my person, and my person keeps the role", async () => {
    const reviewer = await newUser(owner(), fx.a.id, { roles: [{ role: 'attraction_reviewer' }] });
    const adminB = await newUser(owner(), fx.b.id, { roles: [{ role: 'municipality_admin' }] });
    const adminBAuth = (await t.login(adminB.email, adminB.password)).authorization;
    expect((await send('POST', `/api/admin/staff/${colleague.id}/roles`, adminBAuth, { role: 'attraction_reviewer' })).statusCode).toBe(404);
    expect((await send('DELETE', `/api/admin/staff/${reviewer.id}/roles?role=attraction_reviewer`, adminBAuth)).statusCode).toBe(404);
    const rows = await owner()`select user_id, municipality_id from role_grants where role = 'attraction_reviewer' and user_id in ${owner()([colleague.id, reviewer.id])}`;
    expect(rows).toEqual([{ user_id: reviewer.id, municipality_id: fx.a.id }]);
  });
});

describe('admin: departments', () => {
  it('creates, lists in tree order with paths, and refuses a duplicate code', async () => {
    const res = await send('POST', '/api/admin/departments', adminAuth, { parentId: jinjika.id, kind: 'kakari', name: '人事係', nameKana: 'ジンジカカリ', code: 'A111' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '人事係', nameKana: 'じんじかかり', path: ['総務部', '人事課', '人事係'], depth: 2, activeStaff: 0 });
    const list = (await get('/api/admin/departments', adminAuth)).json().items.map((d: { name: string }) => d.name);
    expect(list.indexOf('人事係')).toBe(list.indexOf('人事課') + 1);
    const dup = await send('POST', '/api/admin/departments', adminAuth, { kind: 'ka', name: '別の課', nameKana: 'べつのか', code: 'A111' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields).toEqual({ code: 'コード: 既に使われています' });
  });

  it('refuses a parent of another town or of a lower rank', async () => {
    const other = await send('POST', '/api/admin/departments', adminAuth, { parentId: bDept.id, kind: 'kakari', name: '越境係', nameKana: 'えっきょうかかり' });
    expect(other.statusCode).toBe(400);
    expect(Object.keys(other.json().error.fields)).toEqual(['parentId']);
    const rank = await send('POST', '/api/admin/departments', adminAuth, { parentId: jinjika.id, kind: 'bu', name: '逆部', nameKana: 'ぎゃくぶ' });
    expect(rank.statusCode).toBe(400);
    expect(rank.json().error.fields.parentId).toContain('部 > 課 > 係');
  });

  it('refuses a move that would make a cycle (400)', async () => {
    const res = await send('PATCH', `/api/admin/departments/${somubu.id}`, adminAuth, { parentId: jinjika.id, kind: 'kakari' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ parentId: '上位組織: 自分自身やその下位組織の下には移動できません' });
    const self = await send('PATCH', `/api/admin/departments/${jinjika.id}`, adminAuth, { parentId: jinjika.id });
    expect(self.statusCode).toBe(400);
    expect((await owner()`select parent_id from departments where id = ${somubu.id}`)[0]!.parent_id).toBeNull();
  });

  it('renames and moves', async () => {
    const created = (await send('POST', '/api/admin/departments', adminAuth, { kind: 'ka', name: '企画課', nameKana: 'きかくか' })).json();
    const res = await send('PATCH', `/api/admin/departments/${created.id}`, adminAuth, { parentId: somubu.id, name: '企画調整課', sortOrder: -1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ parentId: somubu.id, name: '企画調整課', path: ['総務部', '企画調整課'] });
    const tree = (await get('/api/departments/tree', staffAuth)).json().items;
    const somu = tree.find((n: { id: string }) => n.id === somubu.id);
    expect(somu.children[0].name).toBe('企画調整課');
  });

  it('will not deactivate a department with active staff or active children (409), and will one that is empty', async () => {
    await newUser(owner(), fx.a.id, { departmentId: zeimuka.id, nameKana: 'ぜいむ たろう' });
    const withStaff = await send('PATCH', `/api/admin/departments/${zeimuka.id}`, adminAuth, { active: false });
    expect(withStaff.statusCode).toBe(409);
    expect(withStaff.json().error.fields.active).toBe('有効: 在籍中の職員がいるため廃止できません。先に職員の所属を変更してください');
    const en = await send('PATCH', `/api/admin/departments/${zeimuka.id}`, adminAuth, { active: false }, { 'accept-language': 'en' });
    expect(en.json().error.fields.active).toContain('active staff');
    expect((await owner()`select active from departments where id = ${zeimuka.id}`)[0]!.active).toBe(true);

    const withChildren = await send('PATCH', `/api/admin/departments/${somubu.id}`, adminAuth, { active: false });
    expect(withChildren.statusCode).toBe(409);
    expect(withChildren.json().error.fields.active).toContain('下位組織');

    const empty = (await send('POST', '/api/admin/departments', adminAuth, { parentId: somubu.id, kind: 'ka', name: '廃止課', nameKana: 'はいしか' })).json();
    const off = await send('PATCH', `/api/admin/departments/${empty.id}`, adminAuth, { active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    const tree = JSON.stringify((await get('/api/departments/tree', staffAuth)).json());
    expect(tree).not.toContain(empty.id);
    // Nobody can be placed in it now.
    const place = await send('PATCH', `/api/admin/staff/${staffA.id}`, adminAuth, { departmentId: empty.id });
    expect(place.statusCode).toBe(400);
    expect(place.json().error.fields.departmentId).toBe('所属: 廃止された所属は指定できません');
  });
});

describe('OpenAPI', () => {
  it('documents every directory route with security and responses', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    const expected: Array<[string, string]> = [
      ['/api/users/{id}', 'get'], ['/api/departments/tree', 'get'], ['/api/admin/departments', 'get'], ['/api/admin/departments', 'post'],
      ['/api/admin/departments/{id}', 'patch'], ['/api/admin/staff', 'get'], ['/api/admin/staff', 'post'], ['/api/admin/staff/{id}', 'get'],
      ['/api/admin/staff/{id}', 'patch'], ['/api/admin/staff/{id}/roles', 'post'], ['/api/admin/staff/{id}/roles', 'delete'],
      ['/api/admin/staff/import', 'post'], ['/api/admin/staff/export.csv', 'get'],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeTruthy();
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      expect(op.summary).toBeTruthy();
      expect(op.tags.length).toBeGreaterThan(0);
    }
    expect(Object.keys(doc.paths['/api/admin/staff/import'].post.requestBody.content)).toEqual(['multipart/form-data']);
    // Every $ref points at something that is there.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const r of refs) expect(doc.components?.schemas?.[r], `$ref ${r}`).toBeTruthy();
    expect(Object.keys(doc.paths['/api/admin/staff/export.csv'].get.responses['200'].content)).toEqual(['text/csv']);
  });
});
