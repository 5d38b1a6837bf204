import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '@yui/db/testing';
import { addDays, fiscalYearRange, yearsOfService } from '@yui/domain';
import { useTestApi } from './helpers';
import type { HelpUser, Method } from './help-fixtures';
import { insertPair, type MentoringCast, mentoringCast, programmeBody, whileHolding } from './mentoring-fixtures';

// 職員サポート制度 — programmes and their participants: who may make one (a town's 自治体管理者, a
// region's coordinator), the settings' rules in both languages, who sees what (another town's own
// programme and another region's: 404 on every route; visible but not run: 403 on the admins'
// routes), joining (the mentee rule, the mentor's years, one role), changing and leaving an entry,
// the eligible list and bulk enrolment.

const t = useTestApi();
let k: MentoringCast;
let townProg: { id: string };
let regionProg: { id: string };

const pass = (res: { status: number; body: any }, status: number) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
};

async function outbox(type: string): Promise<Array<{ payload: any }>> {
  return t.db.owner`select payload from outbox_events where type = ${type} order by created_at` as unknown as Promise<Array<{ payload: any }>>;
}


beforeAll(async () => {
  k = await mentoringCast(t);
  townProg = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { idempotencyKey: 'town-prog-1' })), 201);
  regionProg = pass(await k.call(k.coordinator, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, {
    scope: 'region', kind: 'cross_town', title: '広域メンタリング', departmentPreference: 'far',
  })), 201);
});

describe('making a programme', () => {
  it('a town admin makes a town programme in the 年度 by default; the same key answers the first one', async () => {
    const p = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${townProg.id}`), 200);
    expect(p).toMatchObject({
      scope: 'town', kind: 'new_hire', fiscalYear: k.fy, status: 'open', town: { id: k.townA.id, name: '郡山市' },
      startsOn: k.range.start, endsOn: k.range.end, menteeRule: 'hired_in_year', nudgeAfterWeeks: 4, escalateAfterWeeks: 8,
      me: { roles: [], canAdmin: true },
      counts: { mentors: 0, mentorPlaces: 0, mentees: 0, activePairs: 0, unmatched: 0 },
    });
    const again = await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { idempotencyKey: 'town-prog-1', title: '別名' }));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(townProg.id);
  });

  it('a coordinator makes a cross-town programme (in their own town)', async () => {
    const p = pass(await k.call(k.coordinator, 'GET', `/api/mentoring/programmes/${regionProg.id}`), 200);
    expect(p).toMatchObject({ scope: 'region', town: { id: k.townC.id }, me: { canAdmin: true } });
  });

  it('staff, an admin across towns, a coordinator for a town: 403 naming the scope', async () => {
    const staff = await k.call(k.staffA1, 'POST', '/api/mentoring/programmes', programmeBody(k.fy));
    expect(staff.status).toBe(403);
    expect(staff.body.error.fields.scope).toContain('自治体管理者');
    const admin = await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { scope: 'region' }), 'en');
    expect(admin.status).toBe(403);
    expect(admin.body.error.fields.scope).toBe('Scope across towns can only be created by a regional coordinator');
    const coord = await k.call(k.coordinator, 'POST', '/api/mentoring/programmes', programmeBody(k.fy));
    expect(coord.status).toBe(403);
    expect(coord.body.error.fields.scope).toContain('自治体管理者');
    const manager = await k.call(k.managerA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { scope: 'region' }));
    expect(manager.status).toBe(403);
  });

  it('names the field in Japanese and in English', async () => {
    const empty = await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '' }));
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.title).toMatch(/^制度名: /);
    const emptyEn = await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '' }), 'en');
    expect(emptyEn.body.error.fields.title).toMatch(/^Programme name /);

    const outside = await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, {
      startsOn: `${k.fy}-03-31`, endsOn: `${k.fy + 1}-04-01`, nudgeAfterWeeks: 6, escalateAfterWeeks: 6,
    }));
    expect(outside.status).toBe(400);
    expect(outside.body.error.fields).toEqual({
      startsOn: '開始日: 年度（4月1日〜翌年3月31日）の中の日付にしてください',
      endsOn: '終了日: 年度（4月1日〜翌年3月31日）の中の日付にしてください',
      escalateAfterWeeks: '担当者への連絡までの週数: 声かけまでの週数より長くしてください',
    });
    const en = await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, {
      startsOn: `${k.fy}-10-01`, endsOn: `${k.fy}-09-30`,
    }), 'en');
    expect(en.status).toBe(400);
    expect(en.body.error.fields).toEqual({ endsOn: 'Ends on must be after the start' });
  });

  it('admins edit while open (the same rules), then close: active pairs end and are told', async () => {
    const p = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '閉じる制度' })), 201);
    const edited = pass(await k.call(k.adminA, 'PATCH', `/api/mentoring/programmes/${p.id}`, { goals: '新しい目標', nudgeAfterWeeks: 3 }), 200);
    expect(edited).toMatchObject({ goals: '新しい目標', nudgeAfterWeeks: 3, escalateAfterWeeks: 8, title: '閉じる制度' });
    const bad = await k.call(k.adminA, 'PATCH', `/api/mentoring/programmes/${p.id}`, { escalateAfterWeeks: 3 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['escalateAfterWeeks']);
    expect((await k.call(k.staffA1, 'PATCH', `/api/mentoring/programmes/${p.id}`, { goals: 'x' })).status).toBe(403);

    const pair = await insertPair(t.db.owner, { regionId: k.region.id, programmeId: p.id, mentor: k.staffA2, mentee: k.newHireA3, matchedBy: k.adminA });
    const before = (await outbox('mentoring.pair_ended')).length;
    const closed = pass(await k.call(k.adminA, 'POST', `/api/mentoring/programmes/${p.id}/close`), 200);
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    const [row] = await t.db.owner`select status, end_reason from mentorships where id = ${pair.id}`;
    expect(row).toMatchObject({ status: 'ended', end_reason: 'closed' });
    const events = (await outbox('mentoring.pair_ended')).slice(before);
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({
      mentorshipId: pair.id, reason: 'closed', recipientIds: [k.staffA2.id, k.newHireA3.id], programmeTitle: '閉じる制度',
    })]);
    // Closing again changes nothing and tells nobody twice; a closed programme takes no edits or entries.
    pass(await k.call(k.adminA, 'POST', `/api/mentoring/programmes/${p.id}/close`), 200);
    expect((await outbox('mentoring.pair_ended')).length).toBe(before + 1);
    const edit = await k.call(k.adminA, 'PATCH', `/api/mentoring/programmes/${p.id}`, { goals: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.fields.programme).toContain('終了');
    expect((await k.call(k.staffA1, 'POST', `/api/mentoring/programmes/${p.id}/participants`, { role: 'mentor' })).status).toBe(409);

    // The list: admins see their closed programme; staff do not (they never took part in it).
    const adminList = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes?fy=${k.fy}`), 200);
    expect(adminList.items.map((x: any) => x.id)).toContain(p.id);
    const staffList = pass(await k.call(k.staffA1, 'GET', `/api/mentoring/programmes?fy=${k.fy}`), 200);
    expect(staffList.items.map((x: any) => x.id)).not.toContain(p.id);
    const mentorList = pass(await k.call(k.staffA2, 'GET', '/api/mentoring/programmes?status=closed'), 200);
    expect(mentorList.items.map((x: any) => x.id)).toEqual([p.id]);
  });
});

describe('who sees what', () => {
  const everyRoute = (id: string): Array<[Method, string, unknown?]> => [
    ['GET', `/api/mentoring/programmes/${id}`],
    ['PATCH', `/api/mentoring/programmes/${id}`, { goals: 'x' }],
    ['POST', `/api/mentoring/programmes/${id}/close`],
    ['GET', `/api/mentoring/programmes/${id}/participants`],
    ['POST', `/api/mentoring/programmes/${id}/participants`, { role: 'mentor', yearsOfService: 30 }],
    ['GET', `/api/mentoring/programmes/${id}/participants/me`],
    ['PATCH', `/api/mentoring/programmes/${id}/participants/me`, { note: 'x' }],
    ['POST', `/api/mentoring/programmes/${id}/participants/me/withdraw`],
    ['GET', `/api/mentoring/programmes/${id}/eligible`],
    ['POST', `/api/mentoring/programmes/${id}/enrol`, {}],
    ['GET', `/api/mentoring/programmes/${id}/matching`],
    ['GET', `/api/mentoring/programmes/${id}/matching/${k.newHireA1.id}`],
    ['POST', `/api/mentoring/programmes/${id}/matches`, { menteeId: k.newHireA1.id, mentorId: k.staffA1.id }],
    ['POST', `/api/mentoring/programmes/${id}/assignment`],
    ['POST', `/api/mentoring/programmes/${id}/assignment/confirm`, { pairs: [{ menteeId: k.newHireA1.id, mentorId: k.staffA1.id }] }],
    ['GET', `/api/mentoring/programmes/${id}/report`],
    ['GET', `/api/mentoring/programmes/${id}/report.csv`],
  ];
  const adminOnly = new Set(['PATCH /', 'POST /close', 'GET /participants', 'GET /eligible', 'POST /enrol', 'GET /matching', 'POST /matches',
    'POST /assignment', 'POST /assignment/confirm', 'GET /report', 'GET /report.csv']);
  const keyOf = (m: string, url: string, id: string) => `${m} ${url.replace(`/api/mentoring/programmes/${id}`, '') || '/'}`.replace(/\/matching\/[0-9a-f-]+$/, '/matching');

  it('another town\'s own programme and another region\'s: 404 on every route', async () => {
    const cases: Array<[HelpUser, string]> = [
      [k.staffB1, townProg.id], [k.adminB, townProg.id], [k.coordinator, townProg.id], [k.outsider, townProg.id], [k.outsider, regionProg.id],
    ];
    for (const [who, id] of cases) {
      for (const [m, url, body] of everyRoute(id)) {
        const res = await k.call(who, m, url, body);
        expect(`${who.name} ${m} ${url} → ${res.status}`).toBe(`${who.name} ${m} ${url} → 404`);
      }
    }
  });

  it('visible but not run: 403 on the admins\' routes (staff of the town; a town admin on a cross-town programme)', async () => {
    for (const [who, id] of [[k.staffA1, townProg.id], [k.adminA, regionProg.id], [k.staffB1, regionProg.id]] as Array<[HelpUser, string]>) {
      for (const [m, url, body] of everyRoute(id)) {
        if (!adminOnly.has(keyOf(m, url, id))) continue;
        const res = await k.call(who, m, url, body);
        expect(`${who.name} ${m} ${url} → ${res.status}`).toBe(`${who.name} ${m} ${url} → 403`);
      }
    }
  });

  it('lists: a cross-town programme for every town of the region, a town programme for its town only', async () => {
    const ids = async (who: HelpUser) => pass(await k.call(who, 'GET', `/api/mentoring/programmes?fy=${k.fy}&status=open`), 200).items.map((x: any) => x.id);
    expect(await ids(k.staffA1)).toEqual(expect.arrayContaining([townProg.id, regionProg.id]));
    expect(await ids(k.staffB1)).toContain(regionProg.id);
    expect(await ids(k.staffB1)).not.toContain(townProg.id);
    expect(await ids(k.staffC1)).not.toContain(townProg.id);
    expect(await ids(k.outsider)).toEqual([]);
    for (const who of [k.staffB1, k.staffC2, k.adminB]) {
      expect((await k.call(who, 'GET', `/api/mentoring/programmes/${regionProg.id}`)).status).toBe(200);
    }
  });

  it('tells each reader what they may join as', async () => {
    const me = async (who: HelpUser) => pass(await k.call(who, 'GET', `/api/mentoring/programmes/${townProg.id}`), 200).me;
    expect(await me(k.newHireA2)).toEqual({ roles: [], canAdmin: false, canJoinAs: ['mentee'] });
    expect(await me(k.staffA2)).toEqual({ roles: [], canAdmin: false, canJoinAs: ['mentor'] });
  });
});

describe('joining', () => {
  it('a new hire joins as a mentee (once, one role); a senior is not admitted as a mentee', async () => {
    const joined = await k.call(k.newHireA1, 'POST', `/api/mentoring/programmes/${townProg.id}/participants`, {
      role: 'mentee', skills: ['観光', ' 英語 '], townPreference: 'own', note: 'よろしくお願いします',
    });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({
      role: 'mentee', status: 'active', capacity: 1, yearsOfService: 0, skills: ['観光', '英語'], townPreference: 'own', enrolled: false,
      person: { id: k.newHireA1.id, municipalityName: '郡山市' }, activePairs: 0, rematchRequested: false,
    });
    const again = await k.call(k.newHireA1, 'POST', `/api/mentoring/programmes/${townProg.id}/participants`, { role: 'mentee' });
    expect(again.status).toBe(409);
    expect(again.body.error.fields.role).toBe('参加の形: すでにこの制度に参加しています');
    const both = await k.call(k.newHireA1, 'POST', `/api/mentoring/programmes/${townProg.id}/participants`, { role: 'mentor', yearsOfService: 20 });
    expect(both.status).toBe(400);
    expect(both.body.error.fields.role).toContain('兼ねる');
    const senior = await k.call(k.staffA1, 'POST', `/api/mentoring/programmes/${townProg.id}/participants`, { role: 'mentee' }, 'en');
    expect(senior.status).toBe(400);
    expect(senior.body.error.fields.role).toBe('Taking part as does not meet this programme’s rule for mentees');
    const p = pass(await k.call(k.newHireA1, 'GET', `/api/mentoring/programmes/${townProg.id}`), 200);
    expect(p.me).toEqual({ roles: ['mentee'], canAdmin: false, canJoinAs: [] });
    // My own entry, to show and edit it (nobody else's: a colleague gets none).
    const mine = pass(await k.call(k.newHireA1, 'GET', `/api/mentoring/programmes/${townProg.id}/participants/me`), 200);
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ role: 'mentee', skills: ['観光', '英語'], note: 'よろしくお願いします', rematchReason: null });
    expect(pass(await k.call(k.newHireA2, 'GET', `/api/mentoring/programmes/${townProg.id}/participants/me`), 200).items).toEqual([]);
    expect(p.counts).toMatchObject({ mentees: 1, unmatched: 1 });
  });

  it('a mentor\'s years come from the hire date unless stated, and must reach the minimum', async () => {
    const strict = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { mentorMinYears: 20 })), 201);
    const junior = await k.call(k.staffA1, 'POST', `/api/mentoring/programmes/${strict.id}/participants`, { role: 'mentor' });
    expect(junior.status).toBe(400);
    expect(junior.body.error.fields.yearsOfService).toBe('勤続年数: サポート職員には勤続20年以上が必要です');
    const juniorEn = await k.call(k.staffA1, 'POST', `/api/mentoring/programmes/${strict.id}/participants`, { role: 'mentor' }, 'en');
    expect(juniorEn.body.error.fields.yearsOfService).toBe('Years of service must be at least 20 years for a mentor');
    // Service before joining this town counts when stated.
    const stated = pass(await k.call(k.staffA1, 'POST', `/api/mentoring/programmes/${strict.id}/participants`, { role: 'mentor', yearsOfService: 22 }), 201);
    expect(stated.yearsOfService).toBe(22);

    const mentor = pass(await k.call(k.staffA1, 'POST', `/api/mentoring/programmes/${townProg.id}/participants`, {
      role: 'mentor', capacity: 2, skills: ['Excel', 'excel', '観光'],
    }), 201);
    expect(mentor).toMatchObject({ role: 'mentor', capacity: 2, skills: ['Excel', '観光'], yearsOfService: yearsOfService('2010-04-01', k.today) });
  });

  it('another town cannot join a town programme (404); every town joins a cross-town one', async () => {
    expect((await k.call(k.staffB1, 'POST', `/api/mentoring/programmes/${townProg.id}/participants`, { role: 'mentor' })).status).toBe(404);
    const b = pass(await k.call(k.staffB1, 'POST', `/api/mentoring/programmes/${regionProg.id}/participants`, { role: 'mentor', townPreference: 'other' }), 201);
    expect(b.person.municipalityId).toBe(k.townB.id);
    pass(await k.call(k.newHireB1, 'POST', `/api/mentoring/programmes/${regionProg.id}/participants`, { role: 'mentee' }), 201);
    const list = pass(await k.call(k.coordinator, 'GET', `/api/mentoring/programmes/${regionProg.id}/participants?role=mentor`), 200);
    expect(list.items.map((x: any) => x.person.id)).toEqual([k.staffB1.id]);
  });

  it('changing my entry: capacity never below my active pairs; leaving ends my pairs and tells them', async () => {
    const p = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '変更と退出' })), 201);
    pass(await k.call(k.staffA2, 'POST', `/api/mentoring/programmes/${p.id}/participants`, { role: 'mentor', capacity: 3 }), 201);
    const o = t.db.owner;
    const pair1 = await insertPair(o, { regionId: k.region.id, programmeId: p.id, mentor: k.staffA2, mentee: k.newHireA1, matchedBy: k.adminA });
    const pair2 = await insertPair(o, { regionId: k.region.id, programmeId: p.id, mentor: k.staffA2, mentee: k.newHireA3, matchedBy: k.adminA });

    const low = await k.call(k.staffA2, 'PATCH', `/api/mentoring/programmes/${p.id}/participants/me`, { capacity: 1 });
    expect(low.status).toBe(400);
    expect(low.body.error.fields.capacity).toBe('受け持てる人数: 今のペアの数より少なくできません');
    const ok = pass(await k.call(k.staffA2, 'PATCH', `/api/mentoring/programmes/${p.id}/participants/me`, { capacity: 2, note: '土日も可' }), 200);
    expect(ok).toMatchObject({ capacity: 2, note: '土日も可', activePairs: 2 });
    const none = await k.call(k.staffA3, 'PATCH', `/api/mentoring/programmes/${p.id}/participants/me`, { note: 'x' });
    expect(none.status).toBe(400);
    expect(none.body.error.fields.participant).toContain('参加者ではありません');

    const before = (await outbox('mentoring.pair_ended')).length;
    const left = pass(await k.call(k.staffA2, 'POST', `/api/mentoring/programmes/${p.id}/participants/me/withdraw`), 200);
    expect(left).toMatchObject({ status: 'withdrawn', activePairs: 0 });
    const rows = await o`select id, status, end_reason from mentorships where id in (${pair1.id}, ${pair2.id}) order by id`;
    expect(rows.every((r: any) => r.status === 'ended' && r.end_reason === 'withdrawn')).toBe(true);
    const events = (await outbox('mentoring.pair_ended')).slice(before).map((e) => e.payload);
    expect(events.map((e: any) => e.mentorshipId).sort()).toEqual([pair1.id, pair2.id].sort());
    expect(events.every((e: any) => e.reason === 'withdrawn' && e.recipientIds.includes(k.staffA2.id))).toBe(true);
    // Leaving twice answers the entry as it is; coming back takes the same role again.
    pass(await k.call(k.staffA2, 'POST', `/api/mentoring/programmes/${p.id}/participants/me/withdraw`), 200);
    expect((await outbox('mentoring.pair_ended')).length).toBe(before + 2);
    const back = pass(await k.call(k.staffA2, 'POST', `/api/mentoring/programmes/${p.id}/participants`, { role: 'mentor', capacity: 1 }), 201);
    expect(back).toMatchObject({ id: left.id, status: 'active', capacity: 1 });
  });
});

describe('eligible people and enrolment', () => {
  it('a town programme: only the town\'s new hires of the 年度, each enrolled once', async () => {
    const p = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '一括登録' })), 201);
    pass(await k.call(k.newHireA2, 'POST', `/api/mentoring/programmes/${p.id}/participants`, { role: 'mentee' }), 201);
    const eligible = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${p.id}/eligible`), 200);
    expect(eligible.items.map((x: any) => x.id).sort()).toEqual([k.newHireA1.id, k.newHireA3.id].sort());
    expect(eligible.items[0]).toMatchObject({ hireDate: k.range.start, positionSince: null });
    expect((await k.call(k.staffA1, 'GET', `/api/mentoring/programmes/${p.id}/eligible`)).status).toBe(403);

    const res = pass(await k.call(k.adminA, 'POST', `/api/mentoring/programmes/${p.id}/enrol`, {}), 200);
    expect(res.added).toBe(2);
    expect(res.items.map((x: any) => [x.person.id, x.role, x.enrolled])).toEqual(expect.arrayContaining([
      [k.newHireA1.id, 'mentee', true], [k.newHireA3.id, 'mentee', true],
    ]));
    expect(pass(await k.call(k.adminA, 'POST', `/api/mentoring/programmes/${p.id}/enrol`, {}), 200).added).toBe(0);
    expect(pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${p.id}/eligible`), 200).items).toEqual([]);

    // Listed people: another town's staff, or someone the rule does not admit, are named.
    const bad = await k.call(k.adminA, 'POST', `/api/mentoring/programmes/${p.id}/enrol`, { userIds: [k.newHireB1.id, k.staffA1.id, k.outsider.id] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({
      'userIds.0': '職員: この制度は他の市町村の職員は参加できません',
      'userIds.1': '職員: この制度でサポートを受けられる職員の条件に当てはまりません',
      'userIds.2': '職員: 広域圏の在職中の職員ではありません',
    });
  });

  it('a 新任係長 programme admits the chiefs of the 年度; a cross-town one the new hires of every town', async () => {
    const chief = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { kind: 'new_chief', menteeRule: 'chief_in_year' })), 201);
    const chiefs = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${chief.id}/eligible`), 200);
    expect(chiefs.items.map((x: any) => x.id)).toEqual([k.chiefA.id]);
    expect(chiefs.items[0].positionSince).toBe(fiscalYearRange(k.fy).start);

    const region = pass(await k.call(k.coordinator, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { scope: 'region', title: '広域一括' })), 201);
    const res = pass(await k.call(k.coordinator, 'POST', `/api/mentoring/programmes/${region.id}/enrol`, {}), 200);
    expect(res.items.map((x: any) => x.person.id).sort()).toEqual([k.newHireA1.id, k.newHireA2.id, k.newHireA3.id, k.newHireB1.id].sort());
    expect(res.items.find((x: any) => x.person.id === k.newHireB1.id).person.municipalityName).toBe('三春町');
  });
});

describe('while something else happens (a second connection holds it until the API waits)', () => {
  it('a mentor lowering their capacity while a pair onto them is being confirmed: counted with that pair', async () => {
    const o = t.db.owner;
    const p = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '容量の競合', menteeRule: 'anyone' })), 201);
    const entry = pass(await k.call(k.staffA2, 'POST', `/api/mentoring/programmes/${p.id}/participants`, { role: 'mentor', capacity: 2 }), 201);
    await insertPair(o, { regionId: k.region.id, programmeId: p.id, mentor: k.staffA2, mentee: k.newHireA1, matchedBy: k.adminA });
    // A confirmation holds the mentor's entry and writes the second pair; the PATCH waits for it.
    const [res] = await whileHolding(t, async (tx) => {
      await tx`select id from mentoring_participants where id = ${entry.id} for update`;
      await tx`insert into mentorships (region_id, programme_id, mentor_id, mentor_municipality_id, mentee_id, mentee_municipality_id,
                                        starts_on, ends_on, score, matched_by)
               values (${k.region.id}, ${p.id}, ${k.staffA2.id}, ${k.townA.id}, ${k.newHireA3.id}, ${k.townA.id}, ${k.today}, ${k.range.end}, 50, ${k.adminA.id})`;
    }, [() => k.call(k.staffA2, 'PATCH', `/api/mentoring/programmes/${p.id}/participants/me`, { capacity: 1 })]);
    expect([res!.status, res!.body.error?.fields]).toEqual([400, { capacity: '受け持てる人数: 今のペアの数より少なくできません' }]);
    const [row] = await o`select capacity from mentoring_participants where id = ${entry.id}`;
    expect(row!.capacity).toBe(2);
  });

  it('joining in both roles at once: one entry, the other answers both_roles', async () => {
    const p = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '二重参加', menteeRule: 'anyone' })), 201);
    const url = `/api/mentoring/programmes/${p.id}/participants`;
    pass(await k.call(k.staffA3, 'GET', `/api/mentoring/programmes/${p.id}`), 200); // signed in before
    // Both requests are held at the programme (its row locked here: the entry's insert waits on it).
    const results = await whileHolding(
      t,
      (tx) => tx`select id from mentoring_programmes where id = ${p.id} for update`,
      [() => k.call(k.staffA3, 'POST', url, { role: 'mentor', yearsOfService: 10 }), () => k.call(k.staffA3, 'POST', url, { role: 'mentee' })],
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(results.find((r) => r.status === 400)!.body.error.fields.role).toContain('兼ねる');
    const rows = await t.db.owner`select role from mentoring_participants where programme_id = ${p.id} and user_id = ${k.staffA3.id}`;
    expect(rows).toHaveLength(1);
  });

  it('an admin enrolling someone who joins as a mentor at that moment: one entry', async () => {
    const p = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '登録と参加', menteeRule: 'anyone' })), 201);
    pass(await k.call(k.staffA1, 'GET', `/api/mentoring/programmes/${p.id}`), 200);
    // Both are held where they write the entry (its town's row locked here: the insert's key check waits),
    // i.e. after each has looked for an entry of staffA1 — unless one waits for the other before looking.
    const results = await whileHolding(
      t,
      (tx) => tx`select id from municipalities where id = ${k.townA.id} for update`,
      [
        () => k.call(k.staffA1, 'POST', `/api/mentoring/programmes/${p.id}/participants`, { role: 'mentor' }),
        () => k.call(k.adminA, 'POST', `/api/mentoring/programmes/${p.id}/enrol`, { userIds: [k.staffA1.id] }),
      ],
    );
    expect(results.map((r) => r.status)).toEqual([201, 200]);
    const rows = await t.db.owner`select role from mentoring_participants where programme_id = ${p.id} and user_id = ${k.staffA1.id}`;
    expect(rows).toHaveLength(1);
  });
});

describe('the end of a programme and of its pairs', () => {
  it('the end may not move before a running pair\'s end', async () => {
    const p = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '期間の短縮' })), 201);
    const end = addDays(k.range.end, -30);
    await insertPair(t.db.owner, { regionId: k.region.id, programmeId: p.id, mentor: k.staffA2, mentee: k.newHireA3, matchedBy: k.adminA, startsOn: k.today, endsOn: end });
    const early = await k.call(k.adminA, 'PATCH', `/api/mentoring/programmes/${p.id}`, { endsOn: addDays(end, -1) });
    expect(early.status).toBe(400);
    expect(early.body.error.fields).toEqual({ endsOn: `終了日: 実施中のペアの終了日（${end}）より前にはできません。先にペアを終了してください` });
    const en = await k.call(k.adminA, 'PATCH', `/api/mentoring/programmes/${p.id}`, { endsOn: addDays(end, -1) }, 'en');
    expect(en.body.error.fields.endsOn).toContain(`(${end})`);
    expect(pass(await k.call(k.adminA, 'PATCH', `/api/mentoring/programmes/${p.id}`, { endsOn: end }), 200).endsOn).toBe(end);
  });

  it('closing and withdrawing cancel the ended pairs\' planned sessions ahead (and release their 20% requests)', async () => {
    const o = t.db.owner;
    const session = async (pairId: string, programmeId: string, heldOn: string, timeStatus: string | null = null) => (await o`
      insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, minutes, logged_by, mentor_time_status)
      values (${k.region.id}, ${programmeId}, ${pairId}, 'planned', ${heldOn}, 60, ${k.adminA.id}, ${timeStatus}) returning id`)[0]!.id as string;
    const statusOf = async (id: string) => (await o`select status from mentoring_sessions where id = ${id}`)[0]!.status;
    const cancelledEvents = async () => (await outbox('mentoring.session_cancelled')).map((e) => e.payload);

    const closing = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '閉じて取消' })), 201);
    const pair = await insertPair(o, { regionId: k.region.id, programmeId: closing.id, mentor: k.staffA2, mentee: k.newHireA3, matchedBy: k.adminA });
    const ahead = await session(pair.id, closing.id, addDays(k.today, 7), 'submitted');
    const past = await session(pair.id, closing.id, addDays(k.today, -3));
    pass(await k.call(k.adminA, 'POST', `/api/mentoring/programmes/${closing.id}/close`), 200);
    expect([await statusOf(ahead), await statusOf(past)]).toEqual(['cancelled', 'planned']);
    expect(await cancelledEvents()).toContainEqual(expect.objectContaining({ sessionId: ahead, recipientIds: [k.staffA2.id], reason: 'closed' }));

    const leaving = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '退出して取消' })), 201);
    const pair2 = await insertPair(o, { regionId: k.region.id, programmeId: leaving.id, mentor: k.staffA2, mentee: k.newHireA1, matchedBy: k.adminA });
    const ahead2 = await session(pair2.id, leaving.id, addDays(k.today, 7));
    pass(await k.call(k.newHireA1, 'POST', `/api/mentoring/programmes/${leaving.id}/participants/me/withdraw`), 200);
    expect(await statusOf(ahead2)).toBe('cancelled');
  });

  it('a NUL character in a text is a 400 naming the field, not a 500', async () => {
    const res = await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '制度\u0000名' }));
    expect([res.status, res.body.error.fields]).toEqual([400, { title: '制度名: 形式が正しくありません' }]);
  });
});
