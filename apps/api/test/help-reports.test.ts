import { beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOf, todayInJapan } from '@yui/domain';
import { useTestApi } from './helpers';
import { helpCast, insertHelpCall, insertTalent, type HelpCast, type HelpUser } from './help-fixtures';

// データ保管庫: the 年度 figures of 職場応援 — calls by 掲載日, applications that counted (time approved,
// even if withdrawn later), acceptances, helpers and their minutes, talent registered, direct requests
// counted region-wide but private; another town's town-only calls left out; CSV for Excel.

const t = useTestApi();
let k: HelpCast;
let call1: { id: string };
let call2: { id: string };
let call3: { id: string };

type AppSeed = { user: HelpUser; status: string; counted?: boolean; planned?: number; participated?: number | null; thanks?: string | null };

async function apply(callId: string, a: AppSeed) {
  await t.db.owner`
    insert into help_applications (region_id, call_id, user_id, municipality_id, status, counted_at, planned_minutes, participated_minutes, thanks)
    values (${k.region.id}, ${callId}, ${a.user.id}, ${a.user.municipalityId}, ${a.status}, ${a.counted ? new Date('2024-05-15T01:00:00Z') : null},
            ${a.planned ?? 180}, ${a.participated ?? null}, ${a.thanks ?? null})`;
}

async function direct(from: HelpUser, deptId: string, to: HelpUser, status: string, createdAt: string) {
  await t.db.owner`
    insert into help_direct_requests (region_id, municipality_id, department_id, requested_by, talent_user_id, talent_municipality_id,
                                      title, body, work_start, work_end, minutes_per_day, status, created_at)
    values (${k.region.id}, ${from.municipalityId}, ${deptId}, ${from.id}, ${to.id}, ${to.municipalityId},
            'チラシのイラスト作成', 'イラストをお願いします。', '2024-10-01', '2024-10-31', 120, ${status}, ${createdAt})`;
}

beforeAll(async () => {
  k = await helpCast(t);
  const o = t.db.owner;
  const dates = (published: string, work: string) => ({ publishedOn: published, deadline: published, workStart: work, workEnd: work });
  call1 = await insertHelpCall(o, {
    regionId: k.region.id, municipalityId: k.townA.id, departmentId: k.deptA.id, createdBy: k.managerA,
    title: '花火大会の応援スタッフ', headcount: 5, status: 'finished', ...dates('2024-05-10', '2024-06-01'),
  });
  call2 = await insertHelpCall(o, {
    regionId: k.region.id, municipalityId: k.townB.id, departmentId: k.deptB.id, createdBy: k.managerB,
    title: '=SUM(A1) 広報誌の校正', headcount: 2, status: 'closed', ...dates('2024-07-01', '2024-07-20'),
  });
  call3 = await insertHelpCall(o, {
    regionId: k.region.id, municipalityId: k.townA.id, departmentId: k.deptA.id, createdBy: k.managerA,
    title: '町内だけの繁忙期応援', headcount: 3, reach: 'town', status: 'finished', ...dates('2024-08-01', '2024-08-20'),
  });
  // Last 年度, and another region: never counted here.
  await insertHelpCall(o, {
    regionId: k.region.id, municipalityId: k.townB.id, departmentId: k.deptB.id, createdBy: k.managerB,
    title: '前年度の募集', headcount: 9, status: 'finished', ...dates('2024-03-31', '2024-04-10'),
  });
  await insertHelpCall(o, {
    regionId: k.otherRegion.id, municipalityId: k.otherTown.id, departmentId: k.deptOther.id, createdBy: k.managerOther,
    title: '他県の募集', headcount: 4, status: 'finished', ...dates('2024-05-01', '2024-05-10'),
  });

  await apply(call1.id, { user: k.staffB1, status: 'accepted', counted: true, planned: 240, participated: 180, thanks: 'ありがとうございました' });
  await apply(call1.id, { user: k.staffC1, status: 'accepted', counted: true, planned: 240 });
  await apply(call1.id, { user: k.staffB2, status: 'withdrawn', counted: true });
  await apply(call1.id, { user: k.staffC2, status: 'pending_time' });
  await apply(call1.id, { user: k.staffA2, status: 'time_declined' });
  await apply(call2.id, { user: k.staffA1, status: 'applied', counted: true });
  await apply(call3.id, { user: k.staffA3, status: 'accepted', counted: true, participated: 120 });

  await insertTalent(o, k.region.id, k.staffB1, { skills: ['写真撮影'] });
  await insertTalent(o, k.region.id, k.staffC1, { skills: ['イラスト'] });
  await insertTalent(o, k.region.id, k.staffA1, { skills: ['英語'], active: false });
  await o`update talent_profiles set opted_in_at = '2024-06-01T03:00:00Z' where user_id = ${k.staffB1.id}`;
  await o`update talent_profiles set opted_in_at = '2023-06-01T03:00:00Z' where user_id in (${k.staffC1.id}, ${k.staffA1.id})`;

  // Between C and B: townA cannot read it, but the region's figures count it.
  await direct(k.managerC, k.deptC.id, k.staffB1, 'accepted', '2024-09-10T02:00:00Z');
  await direct(k.managerA, k.deptA.id, k.staffB2, 'sent', '2024-10-01T02:00:00Z');
});

describe('help reports', () => {
  it('counts the 年度 as the reader may see it: own town-only calls in, other towns\' out', async () => {
    const res = await k.call(k.staffA1, 'GET', '/api/help-calls/reports?fy=2024');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fiscalYear: 2024, from: '2024-04-01', to: '2025-03-31' });
    expect(res.body.totals).toEqual({
      calls: 3, headcount: 10, applications: 5, accepted: 3, talentActive: 2, talentNew: 1,
      directRequests: 2, directAccepted: 1, helpers: 3, minutes: 180 + 240 + 120,
    });
    expect(res.body.calls.map((c: { id: string }) => c.id)).toEqual([call1.id, call2.id, call3.id]);
    expect(res.body.calls[0]).toMatchObject({
      publishedOn: '2024-05-10', title: '花火大会の応援スタッフ', town: { id: k.townA.id, name: '郡山市' },
      department: { id: k.deptA.id, name: '観光政策課', path: '産業観光部 > 観光政策課' }, headcount: 5, applications: 3, accepted: 2, status: 'finished',
    });

    const b = await k.call(k.staffB1, 'GET', '/api/help-calls/reports?fy=2024');
    expect(b.body.totals).toMatchObject({ calls: 2, headcount: 7, applications: 4, accepted: 2, helpers: 2, minutes: 420, directRequests: 2 });
    expect(b.body.calls.map((c: { id: string }) => c.id)).not.toContain(call3.id);
  });

  it('tables departments (calls and direct requests), months of the 年度 and the rankings', async () => {
    const { body } = await k.call(k.staffA1, 'GET', '/api/help-calls/reports?fy=2024');
    expect(body.byDepartment).toEqual([
      { town: { id: k.townA.id, name: '郡山市' }, department: { id: k.deptA.id, name: '観光政策課', path: '産業観光部 > 観光政策課' }, calls: 2, headcount: 8, applications: 4, accepted: 3, directRequests: 1 },
      { town: { id: k.townB.id, name: '三春町' }, department: { id: k.deptB.id, name: '企画課', path: '企画課' }, calls: 1, headcount: 2, applications: 1, accepted: 0, directRequests: 0 },
      { town: { id: k.townC.id, name: '田村市' }, department: { id: k.deptC.id, name: '総務課', path: '総務課' }, calls: 0, headcount: 0, applications: 0, accepted: 0, directRequests: 1 },
    ]);
    expect(body.byMonth).toHaveLength(12);
    expect(body.byMonth[0].month).toBe('2024-04');
    expect(body.byMonth[11].month).toBe('2025-03');
    const month = (m: string) => body.byMonth.find((x: { month: string }) => x.month === m);
    expect(month('2024-05')).toEqual({ month: '2024-05', calls: 1, applications: 3, directRequests: 0 });
    expect(month('2024-09')).toEqual({ month: '2024-09', calls: 0, applications: 0, directRequests: 1 });
    expect(month('2024-10').directRequests).toBe(1);
    expect(body.rankings.departments.map((d: { department: { id: string } }) => d.department.id)).toEqual([k.deptA.id, k.deptB.id]);
    expect(body.rankings.helpers.map((h: { person: { id: string }; count: number; minutes: number; thanks: number }) => [h.person.id, h.count, h.minutes, h.thanks]))
      .toEqual([[k.staffC1.id, 1, 240, 0], [k.staffB1.id, 1, 180, 1], [k.staffA3.id, 1, 120, 0]]);
    expect(body.rankings.helpers[0].person).toMatchObject({ name: '田村 一', municipalityName: '田村市' });
  });

  it('shows another region nothing of this one; defaults to the current 年度; refuses a silly year', async () => {
    const other = await k.call(k.outsider, 'GET', '/api/help-calls/reports?fy=2024');
    expect(other.status).toBe(200);
    expect(other.body.totals).toMatchObject({ calls: 1, headcount: 4, applications: 0, talentActive: 0, directRequests: 0 });
    expect(other.body.calls[0].title).toBe('他県の募集');
    const now = await k.call(k.staffA1, 'GET', '/api/help-calls/reports');
    expect(now.status).toBe(200);
    expect(now.body.fiscalYear).toBe(fiscalYearOf(new Date(`${todayInJapan()}T00:00:00Z`)));
    expect(now.body.totals.calls).toBe(0);
    expect(now.body.totals.talentActive).toBe(2);
    const bad = await k.call(k.staffA1, 'GET', '/api/help-calls/reports?fy=1999');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.fy).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/help-calls/reports' })).statusCode).toBe(401);
  });

  it('exports CSV for Excel: BOM, CRLF, Japanese headers, sections, guarded formulas', async () => {
    const res = await k.call(k.staffA1, 'GET', '/api/help-calls/reports.csv?fy=2024');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('職場応援_令和6年度.csv')}`);
    const text = res.raw.body;
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(text.slice(1).replace(/\r\n/g, '')).not.toContain('\n');
    expect(lines[0]).toBe('年度,令和6年度,2024-04-01,2025-03-31');
    expect(lines).toContain('市町村,依頼所属,依頼件数,募集,応募,採用,人材宛依頼');
    expect(lines).toContain('郡山市,観光政策課,2,8,4,3,1');
    expect(lines).toContain('合計,,3,10,5,3,2');
    expect(lines).toContain('掲載日,募集名,市町村,依頼所属,募集,応募,採用,状況');
    expect(lines).toContain('2024-05-10,花火大会の応援スタッフ,郡山市,観光政策課,5,3,2,終了');
    // A title that looks like a formula never runs in Excel.
    expect(lines.find((l: string) => l.includes('SUM'))).toMatch(/^2024-07-01,'=SUM\(A1\)|^2024-07-01,"'=SUM/);
    expect(lines).toContain('田村 一,田村市,総務課,1,4,0');

    const en = await k.call(k.staffA1, 'GET', '/api/help-calls/reports.csv?fy=2024', undefined, 'en');
    expect(en.raw.body).toContain('Town,Department,Calls,Places,Applications,Accepted,Direct requests');
    expect(en.headers['content-disposition']).toContain('help-report_FY2024.csv');
  });
});
