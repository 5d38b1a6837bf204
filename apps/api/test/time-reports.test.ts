import { beforeAll, describe, expect, it } from 'vitest';
import { newDepartment, newTenancyFixture, newUser, type Sql } from '@yui/db/testing';
import { parseCsv } from '@yui/domain';
import { currentFiscalYear } from '../src/modules/time-reports/service';
import { useTestApi } from './helpers';

const t = useTestApi();
type User = Awaited<ReturnType<typeof newUser>>;
type Dept = Awaited<ReturnType<typeof newDepartment>>;
let fx: Awaited<ReturnType<typeof newTenancyFixture>>;
// A: 総務部 (sort 1) > 人事課 > 人事係, 総務部 > 税務課; 企画部 (sort 2) > 企画課. B: B総務課.
let somubu: Dept;
let jinjika: Dept;
let jinjikakari: Dept;
let zeimuka: Dept;
let kikakubu: Dept;
let kikakuka: Dept;
let bDept: Dept;
let sato: User; // 人事課
let suzuki: User; // 税務課
let ito: User; // 人事係
let tanaka: User; // 企画課
let yamada: User; // no department
let personB: User;
const auth: Record<'admin' | 'somuManager' | 'jinjiManager' | 'staff' | 'adminB', string> = {} as never;

const owner = () => t.db.owner;
const jst = (local: string) => `${local}+09:00`;
const H = 3_600_000;

type Status = 'draft' | 'submitted' | 'approved' | 'declined' | 'returned' | 'withdrawn' | 'cancelled' | 'revoked';
/** A request with its days, inserted as the owner: the reports read what the time module writes. */
async function request(sql: Sql, o: {
  town: string; requester: User; department: Dept | null; kind: string; status: Status;
  days: Array<[date: string, planned: number, actual?: number | null]>;
  submittedAt?: string; decidedAfterHours?: number; decidedAt?: string;
}) {
  const dates = o.days.map((d) => d[0]).sort();
  const planned = o.days.reduce((a, d) => a + d[1], 0);
  const submitted = o.submittedAt ? new Date(o.submittedAt) : null;
  const decided = o.decidedAt ? new Date(o.decidedAt)
    : submitted && o.decidedAfterHours !== undefined ? new Date(submitted.getTime() + o.decidedAfterHours * H) : null;
  const [r] = await sql`
    insert into time_requests (municipality_id, requester_id, department_id, activity_kind, purpose, status,
                               first_date, last_date, planned_minutes, submitted_at, decided_at)
    values (${o.town}, ${o.requester.id}, ${o.department?.id ?? null}, ${o.kind}, 'テスト', ${o.status},
            ${dates[0]!}, ${dates.at(-1)!}, ${planned}, ${submitted}, ${decided})
    returning id`;
  for (const [date, p, a] of o.days) {
    await sql`insert into time_request_days (municipality_id, request_id, requester_id, work_date, planned_minutes, actual_minutes)
              values (${o.town}, ${r!.id}, ${o.requester.id}, ${date}, ${p}, ${a ?? null})`;
  }
  return r!.id as string;
}

const get = (url: string, who: keyof typeof auth, lang?: string) =>
  t.app.inject({ url, headers: { authorization: auth[who], ...(lang ? { 'accept-language': lang } : {}) } });
const report = async (query: string, who: keyof typeof auth, lang?: string) => {
  const res = await get(`/api/time-reports?${query}`, who, lang);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
type Row = { key: string; label: string; labelKana: string | null; months: number[]; totalMinutes: number; [k: string]: unknown };
const rowOf = (rows: Row[], key: string) => rows.find((r) => r.key === key)!;
/** Twelve fiscal months, April first, from { monthIndex: minutes }. */
const months = (m: Record<number, number>) => Array.from({ length: 12 }, (_, i) => m[i] ?? 0);

beforeAll(async () => {
  const sql = owner();
  fx = await newTenancyFixture(sql);
  const a = fx.a.id;
  somubu = await newDepartment(sql, a, { kind: 'bu', name: '総務部' });
  jinjika = await newDepartment(sql, a, { kind: 'ka', name: '人事課', parentId: somubu.id });
  jinjikakari = await newDepartment(sql, a, { kind: 'kakari', name: '人事係', parentId: jinjika.id });
  zeimuka = await newDepartment(sql, a, { kind: 'ka', name: '税務課', parentId: somubu.id });
  kikakubu = await newDepartment(sql, a, { kind: 'bu', name: '企画部' });
  kikakuka = await newDepartment(sql, a, { kind: 'ka', name: '企画課', parentId: kikakubu.id });
  bDept = await newDepartment(sql, fx.b.id, { kind: 'ka', name: 'B総務課' });
  for (const [d, kana, sort] of [[somubu, 'そうむぶ', 1], [jinjika, 'じんじか', 0], [jinjikakari, 'じんじかかり', 0], [zeimuka, 'ぜいむか', 0],
    [kikakubu, 'きかくぶ', 2], [kikakuka, 'きかくか', 0]] as const) {
    await sql`update departments set name_kana = ${kana}, sort_order = ${sort} where id = ${d.id}`;
  }

  const admin = await newUser(sql, a, { name: '安達 管理', nameKana: 'あだち かんり', departmentId: jinjika.id, roles: [{ role: 'municipality_admin' }] });
  const somuManager = await newUser(sql, a, { name: '総務 部長', nameKana: 'そうむ ぶちょう', departmentId: somubu.id, roles: [{ role: 'manager', departmentId: somubu.id }] });
  const jinjiManager = await newUser(sql, a, { name: '人事 課長', nameKana: 'じんじ かちょう', departmentId: jinjika.id, roles: [{ role: 'manager', departmentId: jinjika.id }] });
  const staff = await newUser(sql, a, { name: '一般 職員', nameKana: 'いっぱん しょくいん', departmentId: jinjika.id });
  sato = await newUser(sql, a, { name: '佐藤 花子', nameKana: 'さとう はなこ', departmentId: jinjika.id });
  suzuki = await newUser(sql, a, { name: '鈴木 一郎', nameKana: 'すずき いちろう', departmentId: zeimuka.id });
  ito = await newUser(sql, a, { name: '伊藤 次郎', nameKana: 'いとう じろう', departmentId: jinjikakari.id });
  tanaka = await newUser(sql, a, { name: '田中 三郎', nameKana: 'たなか さぶろう', departmentId: kikakuka.id });
  yamada = await newUser(sql, a, { name: '山田 無所属', nameKana: 'やまだ むしょぞく' });
  personB = await newUser(sql, fx.b.id, { name: '別町 次郎', nameKana: 'べつまち じろう', departmentId: bDept.id });
  const adminB = await newUser(sql, fx.b.id, { name: '別町 管理', nameKana: 'べつまち かんり', roles: [{ role: 'municipality_admin' }] });
  for (const [k, u] of Object.entries({ admin, somuManager, jinjiManager, staff, adminB })) {
    auth[k as keyof typeof auth] = (await t.login(u.email, u.password)).authorization;
  }

  // 令和7年度 (FY2025: 2025-04-01 … 2026-03-31). Fiscal month index: 0 = April … 11 = March.
  // r1: over the 2024/2025 boundary. March 31 counts in 令和6年度, April 1 in 令和7年度; decided in 令和6年度.
  await request(sql, { town: a, requester: sato, department: jinjika, kind: 'community', status: 'approved',
    days: [['2025-03-31', 60], ['2025-04-01', 120]], submittedAt: jst('2025-03-25T09:00:00'), decidedAfterHours: 2 });
  // r2: actual replaces planned (300 for 465; a recorded 0 counts as 0); decided after 24h.
  await request(sql, { town: a, requester: sato, department: jinjika, kind: 'event', status: 'approved',
    days: [['2025-06-10', 465, 300], ['2025-06-11', 465], ['2025-06-12', 120, 0]], submittedAt: jst('2025-06-01T09:00:00'), decidedAfterHours: 24 });
  // r3: declined after 8h: no hours.
  await request(sql, { town: a, requester: suzuki, department: zeimuka, kind: 'help_call', status: 'declined',
    days: [['2025-07-01', 240]], submittedAt: jst('2025-06-20T09:00:00'), decidedAfterHours: 8 });
  // r4: withdrawn: submitted, never decided, no hours.
  await request(sql, { town: a, requester: suzuki, department: zeimuka, kind: 'mentoring', status: 'withdrawn',
    days: [['2025-08-01', 120]], submittedAt: jst('2025-07-15T09:00:00') });
  // r5: March 31 of 令和7年度 is still 令和7年度; decided after 48h.
  await request(sql, { town: a, requester: ito, department: jinjikakari, kind: 'handover', status: 'approved',
    days: [['2026-03-31', 180]], submittedAt: jst('2026-03-01T09:00:00'), decidedAfterHours: 48 });
  // r6: two months; decided after 1h.
  await request(sql, { town: a, requester: tanaka, department: kikakuka, kind: 'community', status: 'approved',
    days: [['2025-10-01', 60], ['2025-12-24', 90]], submittedAt: jst('2025-09-20T09:00:00'), decidedAfterHours: 1 });
  // r7: approved after 2h, then cancelled: an approval, but no hours.
  await request(sql, { town: a, requester: tanaka, department: kikakuka, kind: 'other', status: 'cancelled',
    days: [['2025-11-05', 120]], submittedAt: jst('2025-10-01T09:00:00'), decidedAfterHours: 2 });
  // r8: still pending.
  await request(sql, { town: a, requester: sato, department: jinjika, kind: 'community', status: 'submitted',
    days: [['2025-11-20', 60]], submittedAt: jst('2025-11-10T09:00:00') });
  // r9: someone without a department; decided after 24h.
  await request(sql, { town: a, requester: yamada, department: null, kind: 'community', status: 'approved',
    days: [['2025-05-01', 60]], submittedAt: jst('2025-04-20T09:00:00'), decidedAfterHours: 24 });
  // r10: a draft counts nothing.
  await request(sql, { town: a, requester: sato, department: jinjika, kind: 'community', status: 'draft', days: [['2025-09-01', 60]] });
  // r11: submitted 23:30 JST on 2025-03-31 (令和6年度), decided 00:30 JST on 2025-04-01 — still March 31 in UTC — so
  // decided in 令和7年度 (Japan time), after 1h.
  await request(sql, { town: a, requester: suzuki, department: zeimuka, kind: 'other', status: 'approved',
    days: [['2025-04-10', 60]], submittedAt: jst('2025-03-31T23:30:00'), decidedAt: jst('2025-04-01T00:30:00') });
  // r12: returned for changes: submitted, neither approved nor declined.
  await request(sql, { town: a, requester: ito, department: jinjikakari, kind: 'handover', status: 'returned',
    days: [['2025-05-20', 60]], submittedAt: jst('2025-05-10T09:00:00'), decidedAfterHours: 3 });

  // Town B, the same dates: never in A's figures.
  await request(sql, { town: fx.b.id, requester: personB, department: bDept, kind: 'community', status: 'approved',
    days: [['2025-06-10', 465], ['2025-04-01', 60]], submittedAt: jst('2025-06-01T09:00:00'), decidedAfterHours: 100 });
  await request(sql, { town: fx.b.id, requester: personB, department: bDept, kind: 'event', status: 'declined',
    days: [['2025-07-01', 240]], submittedAt: jst('2025-06-20T09:00:00'), decidedAfterHours: 5 });
});

describe('GET /api/time-reports: an admin sees the whole town', () => {
  it('by department: hours per fiscal month, quarter, half; counts, approval rate and median per row, in tree order', async () => {
    const r = await report('fy=2025&groupBy=department', 'admin');
    expect(r).toMatchObject({ fiscalYear: 2025, fiscalYearLabel: '令和7年度', groupBy: 'department', scope: { kind: 'town', departments: [] } });
    expect(r.rows.map((x: Row) => x.label)).toEqual(['総務部 > 人事課', '総務部 > 人事課 > 人事係', '総務部 > 税務課', '企画部 > 企画課', '所属なし']);
    expect(r.rows[0]).toEqual({
      key: jinjika.id, label: '総務部 > 人事課', labelKana: 'じんじか',
      // April 1 (r1) and June: 300 actual + 465 planned + 0 actual (r2).
      months: months({ 0: 120, 2: 765 }), quarters: [885, 0, 0, 0], halves: [885, 0], totalMinutes: 885,
      requests: 2, approved: 1, declined: 0, approvalRate: 1, medianHoursToDecision: 24,
    });
    expect(rowOf(r.rows, jinjikakari.id)).toMatchObject({ months: months({ 11: 180 }), quarters: [0, 0, 0, 180], halves: [0, 180], requests: 2, approved: 1, declined: 0 });
    expect(rowOf(r.rows, zeimuka.id)).toMatchObject({
      months: months({ 0: 60 }), totalMinutes: 60, requests: 2, approved: 1, declined: 1, approvalRate: 0.5, medianHoursToDecision: 4.5,
    });
    expect(rowOf(r.rows, kikakuka.id)).toMatchObject({ months: months({ 6: 60, 8: 90 }), quarters: [0, 0, 150, 0], requests: 2, approved: 2, medianHoursToDecision: 1.5 });
    expect(rowOf(r.rows, 'none')).toMatchObject({ label: '所属なし', labelKana: null, months: months({ 1: 60 }), requests: 1, approved: 1 });
    expect(r.totals).toEqual({
      months: months({ 0: 180, 1: 60, 2: 765, 6: 60, 8: 90, 11: 180 }), quarters: [1005, 0, 150, 180], halves: [1005, 330], totalMinutes: 1335,
      requests: 9, approved: 6, declined: 1, approvalRate: 6 / 7, medianHoursToDecision: 8,
    });
    expect(r.approvalRate).toBe(6 / 7);
    expect(r.medianHoursToDecision).toBe(8);
  });

  it('puts March 31 in the earlier 年度 and April 1 in the new one (dates and decisions in Japan time)', async () => {
    const fy2024 = await report('fy=2024&groupBy=department', 'admin');
    expect(fy2024.fiscalYearLabel).toBe('令和6年度');
    expect(fy2024.rows.map((x: Row) => x.key)).toEqual([jinjika.id, zeimuka.id]);
    // r1's March 31; r1 submitted and decided in 令和6年度; r11 submitted 23:30 JST on March 31 but decided in 令和7年度.
    expect(rowOf(fy2024.rows, jinjika.id)).toMatchObject({ months: months({ 11: 60 }), requests: 1, approved: 1 });
    expect(rowOf(fy2024.rows, zeimuka.id)).toMatchObject({ totalMinutes: 0, requests: 1, approved: 0, declined: 0, approvalRate: null, medianHoursToDecision: null });
    expect(fy2024.totals).toMatchObject({ totalMinutes: 60, requests: 2, approved: 1, medianHoursToDecision: 2 });
    // r1's April 1 is in 令和7年度 (above: 120 in April for 人事課); r5's 2026-03-31 stays there too.
    const fy2026 = await report('fy=2026&groupBy=department', 'admin');
    expect(fy2026).toMatchObject({ fiscalYearLabel: '令和8年度', rows: [], totals: { totalMinutes: 0, requests: 0, approvalRate: null, medianHoursToDecision: null } });
  });

  it('by person: 氏名 and ふりがな, sorted by ふりがな', async () => {
    const r = await report('fy=2025&groupBy=person', 'admin');
    expect(r.rows.map((x: Row) => [x.label, x.labelKana])).toEqual([
      ['伊藤 次郎', 'いとう じろう'], ['佐藤 花子', 'さとう はなこ'], ['鈴木 一郎', 'すずき いちろう'], ['田中 三郎', 'たなか さぶろう'], ['山田 無所属', 'やまだ むしょぞく'],
    ]);
    expect(rowOf(r.rows, sato.id)).toMatchObject({ totalMinutes: 885, requests: 2, approved: 1 });
    expect(rowOf(r.rows, suzuki.id)).toMatchObject({ totalMinutes: 60, requests: 2, approved: 1, declined: 1 });
    expect(r.totals).toMatchObject({ totalMinutes: 1335, requests: 9, approved: 6, declined: 1 });
  });

  it('by activity: all six kinds in order, labelled in Japanese or English', async () => {
    const r = await report('fy=2025&groupBy=activity', 'admin');
    expect(r.rows.map((x: Row) => [x.key, x.label, x.totalMinutes, x.requests, x.approved, x.declined])).toEqual([
      ['community', 'コミュニティ活動', 330, 3, 2, 0],
      ['event', 'イベント・勉強会', 765, 1, 1, 0],
      ['help_call', '職場応援', 0, 1, 0, 1],
      ['mentoring', 'メンター', 0, 1, 0, 0],
      ['handover', '引継ぎ・経験共有', 180, 2, 1, 0],
      ['other', 'その他', 60, 1, 2, 0],
    ]);
    const en = await report('fy=2025&groupBy=activity', 'admin', 'en-US,en;q=0.9');
    expect(en.fiscalYearLabel).toBe('FY2025');
    expect(en.rows.map((x: Row) => x.label)).toEqual(['Community activity', 'Event or study session', 'Call for help', 'Mentoring', 'Handover and shared experience', 'Other']);
    const empty = await report('fy=2030&groupBy=activity', 'admin');
    expect(empty.rows).toHaveLength(6);
    expect(empty.rows.every((x: Row) => x.totalMinutes === 0)).toBe(true);
  });

  it('defaults to the current 年度 and to groupBy=department; refuses a bad year or grouping', async () => {
    const r = await report('', 'admin');
    expect(r).toMatchObject({ fiscalYear: currentFiscalYear(), groupBy: 'department' });
    expect((await get('/api/time-reports?fy=1999', 'admin')).statusCode).toBe(400);
    const bad = await get('/api/time-reports?groupBy=town', 'admin');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });
});

describe('GET /api/time-reports: who may see what', () => {
  it('a manager sees the departments they head and everything below them, rows and totals alike', async () => {
    const somu = await report('fy=2025&groupBy=department', 'somuManager');
    expect(somu.scope).toEqual({ kind: 'departments', departments: [{ id: somubu.id, name: '総務部' }] });
    expect(somu.rows.map((x: Row) => x.key)).toEqual([jinjika.id, jinjikakari.id, zeimuka.id]);
    expect(somu.totals).toMatchObject({
      months: months({ 0: 180, 2: 765, 11: 180 }), totalMinutes: 1125, requests: 6, approved: 3, declined: 1, approvalRate: 0.75,
      // [24, 48, 8, 1] → (8 + 24) / 2
      medianHoursToDecision: 16,
    });
    const jinji = await report('fy=2025&groupBy=person', 'jinjiManager');
    expect(jinji.rows.map((x: Row) => x.key)).toEqual([ito.id, sato.id]);
    expect(jinji.totals).toMatchObject({ totalMinutes: 1065, requests: 4, approved: 2, declined: 0, approvalRate: 1, medianHoursToDecision: 36 });
    const kinds = await report('fy=2025&groupBy=activity', 'jinjiManager');
    expect(rowOf(kinds.rows, 'community')).toMatchObject({ totalMinutes: 120, requests: 1 });
    expect(rowOf(kinds.rows, 'other')).toMatchObject({ totalMinutes: 0, approved: 0 });
  });

  it('answers 403 to plain staff (JSON and CSV) and 401 without a token', async () => {
    for (const url of ['/api/time-reports?fy=2025', '/api/time-reports.csv?fy=2025', '/api/time-reports?groupBy=nonsense']) {
      const res = await get(url, 'staff');
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await t.app.inject({ url: '/api/time-reports' })).statusCode).toBe(401);
  });

  it('asks the database, not the token: a manager whose grant was removed gets 403', async () => {
    const exManager = await newUser(owner(), fx.a.id, { roles: [{ role: 'manager', departmentId: kikakubu.id }] });
    const authorization = (await t.login(exManager.email, exManager.password)).authorization;
    expect((await t.app.inject({ url: '/api/time-reports?fy=2025', headers: { authorization } })).statusCode).toBe(200);
    await owner()`delete from role_grants where user_id = ${exManager.id} and role = 'manager'`;
    expect((await t.app.inject({ url: '/api/time-reports?fy=2025', headers: { authorization } })).statusCode).toBe(403);
  });

  it('never counts another town: B\'s requests on the same dates stay in B', async () => {
    const a = await report('fy=2025&groupBy=person', 'admin');
    expect(a.rows.map((x: Row) => x.key)).not.toContain(personB.id);
    expect(a.totals.months[2]).toBe(765); // not 765 + 465
    expect(a.totals.months[0]).toBe(180); // not + 60
    expect(JSON.stringify(a)).not.toMatch(new RegExp(`${personB.id}|${bDept.id}|別町`));
    const b = await report('fy=2025&groupBy=department', 'adminB');
    expect(b.rows.map((x: Row) => [x.key, x.label])).toEqual([[bDept.id, 'B総務課']]);
    expect(b.totals).toMatchObject({ months: months({ 0: 60, 2: 465 }), totalMinutes: 525, requests: 2, approved: 1, declined: 1, approvalRate: 0.5 });
    expect(JSON.stringify(b)).not.toContain(jinjika.id);
  });
});

describe('GET /api/time-reports.csv', () => {
  const csv = async (query: string, who: keyof typeof auth, lang?: string) => {
    const res = await get(`/api/time-reports.csv?${query}`, who, lang);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const records = (bytes: Buffer) => {
    const parsed = parseCsv(bytes.toString('utf8'));
    expect(parsed.error).toBeNull();
    return parsed.records;
  };

  it('is Excel-friendly: BOM, CRLF, Japanese header, hours as decimals, totals row; a Japanese file name (RFC 5987)', async () => {
    const res = await csv('fy=2025&groupBy=department', 'admin');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="time-report_FY2025_department.csv"; filename*=UTF-8''${encodeURIComponent('20%ルール_令和7年度_所属別.csv')}`,
    );
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/"(?:[^"]|"")*"/g, '""')).not.toMatch(/[^\r]\n|\r[^\n]/);
    expect(text.split('\r\n')[0]).toBe(
      '所属,4月,5月,6月,7月,8月,9月,10月,11月,12月,1月,2月,3月,第1四半期,第2四半期,第3四半期,第4四半期,上半期,下半期,'
      + '合計(時間),申請数,承認,却下,承認率(%),決定までの時間(中央値・時間)',
    );
    expect(text).toContain('総務部 > 人事課,2,0,12.75,0,0,0,0,0,0,0,0,0,14.75,0,0,0,14.75,0,14.75,2,1,0,100,24\r\n');
    expect(text).toContain('総務部 > 税務課,1,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,1,0,1,2,1,1,50,4.5\r\n');
    expect(text.trimEnd().split('\r\n').at(-1)).toBe('合計,3,1,12.75,0,0,0,1,0,1.5,0,0,3,16.75,0,2.5,3,16.75,5.5,22.25,9,6,1,85.7,8');
  });

  it('parses back to the same numbers as the JSON report', async () => {
    for (const groupBy of ['department', 'person', 'activity'] as const) {
      const json = await report(`fy=2025&groupBy=${groupBy}`, 'admin');
      const rows = records((await csv(`fy=2025&groupBy=${groupBy}`, 'admin')).rawPayload);
      const offset = groupBy === 'person' ? 2 : 1;
      expect(rows).toHaveLength(json.rows.length + 2);
      const expected = [...json.rows, json.totals] as Row[];
      rows.slice(1).forEach((cells, i) => {
        const r = expected[i]!;
        const n = cells.slice(offset).map((c) => (c === '' ? null : Number(c)));
        const minutes = (h: number | null) => Math.round(h! * 60);
        expect(n.slice(0, 12).map(minutes), `${groupBy} row ${i}`).toEqual(r.months);
        expect(n.slice(12, 16).map(minutes)).toEqual(r.quarters);
        expect(n.slice(16, 18).map(minutes)).toEqual(r.halves);
        expect(minutes(n[18]!)).toBe(r.totalMinutes);
        expect(n.slice(19, 22)).toEqual([r.requests, r.approved, r.declined]);
        expect(n[22]).toBe(r.approvalRate === null ? null : Math.round((r.approvalRate as number) * 1000) / 10);
        expect(n[23]).toBe(r.medianHoursToDecision);
        if (i < json.rows.length) expect(cells[0]).toBe(r.label);
        if (groupBy === 'person' && i < json.rows.length) expect(cells[1]).toBe(r.labelKana);
      });
    }
  });

  it('has English headers and file name with Accept-Language: en, and 氏名, ふりがな for people', async () => {
    const en = await csv('fy=2025&groupBy=activity', 'admin', 'en');
    expect(en.headers['content-disposition']).toBe(
      `attachment; filename="time-report_FY2025_activity.csv"; filename*=UTF-8''${encodeURIComponent('20% rule_FY2025_by activity.csv')}`,
    );
    const [header, first] = records(en.rawPayload);
    expect(header!.slice(0, 3)).toEqual(['Activity', 'Apr', 'May']);
    expect(header!.slice(-6)).toEqual(['Total (hours)', 'Requests', 'Approved', 'Declined', 'Approval rate (%)', 'Median hours to decision']);
    expect(first![0]).toBe('Community activity');
    const person = records((await csv('fy=2025&groupBy=person', 'jinjiManager')).rawPayload);
    expect(person[0]!.slice(0, 3)).toEqual(['氏名', 'ふりがな', '4月']);
    expect(person.map((r) => r[0])).toEqual(['氏名', '伊藤 次郎', '佐藤 花子', '合計']);
    expect(decodeURIComponent((await csv('fy=2025&groupBy=person', 'jinjiManager')).headers['content-disposition']!.toString().split("''")[1]!))
      .toBe('20%ルール_令和7年度_個人別.csv');
  });

  it('guards cells that Excel would run as a formula', async () => {
    const evil = await newDepartment(owner(), fx.a.id, { kind: 'bu', name: '=HYPERLINK("http://x.example")' });
    await request(owner(), { town: fx.a.id, requester: sato, department: evil, kind: 'other', status: 'approved',
      days: [['2023-05-01', 60]], submittedAt: jst('2023-04-20T09:00:00'), decidedAfterHours: 1 });
    const rows = records((await csv('fy=2023&groupBy=department', 'admin')).rawPayload);
    expect(rows[1]![0]).toBe('\'=HYPERLINK("http://x.example")');
  });
});
