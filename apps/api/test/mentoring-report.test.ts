import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, fiscalYearLabel } from '@yui/domain';
import { useTestApi } from './helpers';
import type { HelpUser } from './help-fixtures';
import { insertPair, mentoringCast, programmeBody, type MentoringCast } from './mentoring-fixtures';

// 職員サポート制度 — a programme's figures for a 年度: pairs (active, ended, rematches), people, sessions
// held per month April–March with minutes and the pairs that met (planned, cancelled and other 年度's
// sessions left out), average satisfaction per survey stage with the answers, health per pair; the
// CSV for Excel (BOM, CRLF, formulas guarded, a Japanese file name); only the programme's admins.

const t = useTestApi();
let k: MentoringCast;
let prog: { id: string; title: string };
let pair1: { id: string };
let pair2: { id: string };
let pair3: { id: string };

const pass = (res: { status: number; body: any }, status: number) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
};

async function session(pairId: string, by: HelpUser, heldOn: string, minutes: number, status = 'held') {
  await t.db.owner`
    insert into mentoring_sessions (region_id, programme_id, mentorship_id, status, held_on, minutes, topic, logged_by)
    values (${k.region.id}, ${prog.id}, ${pairId}, ${status}, ${heldOn}, ${minutes}, '近況と仕事の進め方', ${by.id})`;
}
async function survey(pairId: string, who: HelpUser, role: 'mentor' | 'mentee', stage: 'mid' | 'end', satisfaction: number) {
  await t.db.owner`
    insert into mentoring_surveys (region_id, programme_id, mentorship_id, user_id, municipality_id, role, stage, satisfaction)
    values (${k.region.id}, ${prog.id}, ${pairId}, ${who.id}, ${who.municipalityId}, ${role}, ${stage}, ${satisfaction})`;
}

beforeAll(async () => {
  k = await mentoringCast(t);
  const o = t.db.owner;
  prog = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '=HYPERLINK("x") 新採用' })), 201);
  const base = { regionId: k.region.id, programmeId: prog.id, matchedBy: k.adminA };
  pair1 = await insertPair(o, { ...base, mentor: k.staffA1, mentee: k.newHireA3, lastSessionOn: addDays(k.today, -7) });
  pair2 = await insertPair(o, { ...base, mentor: k.chiefA, mentee: k.newHireA1 });
  pair3 = await insertPair(o, { ...base, mentor: k.staffA2, mentee: k.newHireA2 });
  await o`update mentorships set status = 'ended', end_reason = 'rematch', ended_at = now() where id = ${pair3.id}`;

  const fy = k.fy;
  await session(pair1.id, k.staffA1, `${fy}-04-10`, 60);
  await session(pair1.id, k.staffA1, `${fy}-05-12`, 30);
  await session(pair1.id, k.newHireA3, `${fy}-05-20`, 45);
  await session(pair2.id, k.chiefA, `${fy}-05-25`, 90);
  await session(pair2.id, k.chiefA, `${fy + 1}-03-31`, 15);
  await session(pair2.id, k.chiefA, `${fy}-06-01`, 60, 'planned');
  await session(pair2.id, k.chiefA, `${fy}-06-02`, 60, 'cancelled');
  // A pair of the year before (ended): its session counts there. Sessions outside their pair's period
  // (written before dates were checked) count in no year's months.
  const [pair0] = await o`
    insert into mentorships (region_id, programme_id, mentor_id, mentor_municipality_id, mentee_id, mentee_municipality_id,
                             starts_on, ends_on, score, matched_by, status, end_reason, ended_at)
    values (${k.region.id}, ${prog.id}, ${k.staffA1.id}, ${k.staffA1.municipalityId}, ${k.newHireA3.id}, ${k.newHireA3.municipalityId},
            ${`${fy - 1}-10-01`}, ${`${fy - 1}-12-31`}, 70, ${k.adminA.id}, 'ended', 'completed', now())
    returning id`;
  await session(pair0!.id, k.staffA1, `${fy - 1}-12-01`, 120);
  await session(pair0!.id, k.staffA1, `${fy}-05-01`, 30);
  await session(pair1.id, k.staffA1, `${fy - 1}-11-15`, 40);

  await survey(pair1.id, k.staffA1, 'mentor', 'mid', 4);
  await survey(pair1.id, k.newHireA3, 'mentee', 'mid', 5);
  await survey(pair2.id, k.newHireA1, 'mentee', 'mid', 4);
  await survey(pair2.id, k.newHireA1, 'mentee', 'end', 3);
});

describe('the report', () => {
  it('counts the 年度\'s figures', async () => {
    const r = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${prog.id}/report`), 200);
    expect(r).toMatchObject({ fiscalYear: k.fy, from: k.range.start, to: k.range.end, programme: { id: prog.id, me: { canAdmin: true } } });
    expect(r.totals).toEqual({
      pairs: 3, activePairs: 2, endedPairs: 1, rematches: 1, mentors: 3, mentees: 3, sessions: 5, minutes: 240,
      satisfactionMid: 4.3, satisfactionEnd: 3, answersMid: 3, answersEnd: 1,
    });
    expect(r.months).toHaveLength(12);
    expect(r.months[0]).toEqual({ month: `${k.fy}-04`, sessions: 1, minutes: 60, pairsMet: 1 });
    expect(r.months[1]).toEqual({ month: `${k.fy}-05`, sessions: 3, minutes: 165, pairsMet: 2 });
    expect(r.months[2]).toEqual({ month: `${k.fy}-06`, sessions: 0, minutes: 0, pairsMet: 0 });
    expect(r.months[11]).toEqual({ month: `${k.fy + 1}-03`, sessions: 1, minutes: 15, pairsMet: 1 });
    expect(r.health).toEqual({ new: 1, good: 1, quiet: 0, stalled: 0, ended: 1 });
    const row = (id: string) => r.pairs.find((x: any) => x.id === id);
    expect(row(pair1.id)).toMatchObject({
      mentor: { id: k.staffA1.id, name: '郡山 太郎' }, mentee: { id: k.newHireA3.id }, status: 'active', sessions: 3, minutes: 135,
      health: 'good', satisfaction: 4.5, lastSessionOn: addDays(k.today, -7),
    });
    expect(row(pair2.id)).toMatchObject({ sessions: 2, minutes: 105, health: 'new', satisfaction: 3.5, lastSessionOn: null });
    expect(row(pair3.id)).toMatchObject({ status: 'ended', health: 'ended', sessions: 0, satisfaction: null });
  });

  it('another 年度 counts its own sessions', async () => {
    const r = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${prog.id}/report?fy=${k.fy - 1}`), 200);
    expect(r.fiscalYear).toBe(k.fy - 1);
    expect(r.months[0].month).toBe(`${k.fy - 1}-04`);
    expect(r.totals).toMatchObject({ pairs: 1, sessions: 1, minutes: 120 });
    expect(r.months[8]).toEqual({ month: `${k.fy - 1}-12`, sessions: 1, minutes: 120, pairsMet: 1 });
    // pair1's stray session of that year (before its period) is not in the months either.
    expect(r.months[7]).toEqual({ month: `${k.fy - 1}-11`, sessions: 0, minutes: 0, pairsMet: 0 });
    expect(r.months.reduce((n: number, m: { sessions: number }) => n + m.sessions, 0)).toBe(r.totals.sessions);
  });

  it('only the programme\'s admins: 403 for its staff and pairs, 404 for other towns', async () => {
    for (const who of [k.staffA1, k.newHireA3, k.managerA]) {
      expect((await k.call(who, 'GET', `/api/mentoring/programmes/${prog.id}/report`)).status).toBe(403);
      expect((await k.call(who, 'GET', `/api/mentoring/programmes/${prog.id}/report.csv`)).status).toBe(403);
    }
    for (const who of [k.adminB, k.coordinator, k.outsider]) {
      expect((await k.call(who, 'GET', `/api/mentoring/programmes/${prog.id}/report`)).status).toBe(404);
      expect((await k.call(who, 'GET', `/api/mentoring/programmes/${prog.id}/report.csv`)).status).toBe(404);
    }
  });
});

describe('the CSV', () => {
  it('is UTF-8 with BOM and CRLF, formulas guarded, named for the 年度', async () => {
    const res = await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${prog.id}/report.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = res.raw.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(`制度名,"'=HYPERLINK(""x"") 新採用",種類,新採用職員サポート`);
    expect(lines[1]).toBe(`年度,${fiscalYearLabel(k.fy)},${k.range.start},${k.range.end}`);
    expect(lines).toContain('3,2,1,1,3,3,5,4,4.3,3,3,1');
    expect(lines).toContain(`${k.fy}-05,3,2.75,2`);
    expect(lines).toContain('合計,5,4,');
    expect(lines).toContain('順調,1');
    expect(lines.some((l) => l.startsWith('郡山 太郎,郡山市,新人 三太,郡山市,継続中,3,2.25,'))).toBe(true);
    const cd = res.headers['content-disposition'] as string;
    expect(cd).toContain(`filename="mentoring-${k.fy}.csv"`);
    expect(decodeURIComponent(cd.split("filename*=UTF-8''")[1]!)).toBe(`職員サポート制度_${fiscalYearLabel(k.fy)}.csv`);

    const en = await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${prog.id}/report.csv`, undefined, 'en');
    const enLines = en.raw.rawPayload.toString('utf8').slice(1).split('\r\n');
    expect(enLines[1]).toBe(`Fiscal year,FY${k.fy},${k.range.start},${k.range.end}`);
    expect(decodeURIComponent((en.headers['content-disposition'] as string).split("filename*=UTF-8''")[1]!)).toBe(`mentoring_FY${k.fy}.csv`);
  });
});
