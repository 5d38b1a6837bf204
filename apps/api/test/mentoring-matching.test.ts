import { beforeAll, describe, expect, it } from 'vitest';
import { newUser, type Sql } from '@yui/db/testing';
import { useTestApi } from './helpers';
import type { HelpUser } from './help-fixtures';
import { insertParticipant, type MentoringCast, mentoringCast, programmeBody, whileHolding } from './mentoring-fixtures';

// 職員サポート制度 — matching through the API: the board (ranked mentors with reasons; never the
// mentee's own manager, never the same 係), one mentee, confirming a pair (exclusions re-checked,
// capacity under a lock, the same pair twice is one pair), the optimal assignment beside the greedy
// one, confirming a list all or nothing, and mentoring.matched told to both.

const t = useTestApi();
let k: MentoringCast;
let prog: { id: string };

const pass = (res: { status: number; body: any }, status: number) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
};
const join = async (who: HelpUser, programmeId: string, body: Record<string, unknown>) =>
  pass(await k.call(who, 'POST', `/api/mentoring/programmes/${programmeId}/participants`, body), 201);
const activePairs = async (programmeId: string) =>
  t.db.owner`select mentor_id, mentee_id, score, reasons, matched_via, starts_on::text, ends_on::text from mentorships
             where programme_id = ${programmeId} and status = 'active' order by mentee_id` as unknown as Promise<any[]>;

const matchedEvents = async (programmeTitle: string) =>
  (await t.db.owner`select payload from outbox_events where type = 'mentoring.matched' order by created_at`)
    .map((r: any) => r.payload).filter((p: any) => p.programmeTitle === programmeTitle);

beforeAll(async () => {
  k = await mentoringCast(t);
  // 郡山市's 新採用 programme: newHireA1/A2 sit directly in 観光政策課 (deptA, under 産業観光部) with
  // staffA1 and their 課長 managerA; newHireA3 and chiefA in 総務課 (deptA2).
  prog = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '郡山市 新採用職員サポート' })), 201);
  await join(k.staffA1, prog.id, { role: 'mentor', capacity: 1, skills: ['Excel'] });
  await join(k.managerA, prog.id, { role: 'mentor', capacity: 2, yearsOfService: 26 });
  await join(k.chiefA, prog.id, { role: 'mentor', capacity: 1, skills: ['観光', '英語'], yearsOfService: 14 });
  await join(k.newHireA1, prog.id, { role: 'mentee', skills: ['観光'] });
  await join(k.newHireA2, prog.id, { role: 'mentee' });
  await join(k.newHireA3, prog.id, { role: 'mentee', skills: ['excel'] });
});

describe('the board', () => {
  it('ranks mentors with reasons; the own manager and the same 係 are left out', async () => {
    const board = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${prog.id}/matching`), 200);
    expect(board.mentorsWithRoom).toBe(3);
    const of = (id: string) => board.items.find((x: any) => x.mentee.person.id === id);
    expect(board.items).toHaveLength(3);

    const a1 = of(k.newHireA1.id);
    expect(a1.suggestions.map((s: any) => s.mentor.id)).toEqual([k.chiefA.id]);
    expect(a1.excluded).toEqual([{ reason: 'own_manager', count: 1 }, { reason: 'same_section', count: 1 }]);
    const s = a1.suggestions[0];
    expect(s.reasons).toEqual([
      { code: 'skills', points: 15, max: 35, skills: ['観光'] },
      { code: 'experience', points: 20, max: 20, yearsGap: 14 },
      { code: 'department', points: 8, max: 20, distance: 'other_bu' },
      { code: 'town', points: 10, max: 15, townWish: 'neutral' },
      { code: 'capacity', points: 10, max: 10, remaining: 0, capacity: 1 },
    ]);
    expect(s).toMatchObject({ score: 63, capacity: 1, activePairs: 0, mentor: { name: '係長 新任', municipalityName: '郡山市' } });

    const a3 = of(k.newHireA3.id);
    expect(a3.suggestions.map((x: any) => x.mentor.id)).toEqual([k.staffA1.id, k.managerA.id]);
    expect(a3.suggestions[0].reasons[0].skills.map((x: string) => x.toLowerCase())).toEqual(['excel']);
    expect(a3.excluded).toEqual([{ reason: 'same_section', count: 1 }]);
    // managerA is never suggested to the people of their own 課.
    for (const id of [k.newHireA1.id, k.newHireA2.id]) {
      expect(of(id).suggestions.map((x: any) => x.mentor.id)).not.toContain(k.managerA.id);
    }
  });

  it('one mentee (a person id), with a limit; someone who is not a mentee: 404', async () => {
    const one = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${prog.id}/matching/${k.newHireA3.id}?limit=1`), 200);
    expect(one.suggestions.map((x: any) => x.mentor.id)).toEqual([k.staffA1.id]);
    expect(one.mentee.person.id).toBe(k.newHireA3.id);
    expect((await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${prog.id}/matching/${k.staffA1.id}`)).status).toBe(404);
  });
});

describe('confirming one pair', () => {
  it('re-checks the exclusions, naming the mentor in both languages', async () => {
    const url = `/api/mentoring/programmes/${prog.id}/matches`;
    const manager = await k.call(k.adminA, 'POST', url, { menteeId: k.newHireA1.id, mentorId: k.managerA.id });
    expect(manager.status).toBe(400);
    expect(manager.body.error.fields).toEqual({ mentorId: 'サポート職員: 自分の所属長とはペアにできません' });
    const section = await k.call(k.adminA, 'POST', url, { menteeId: k.newHireA1.id, mentorId: k.staffA1.id }, 'en');
    expect(section.status).toBe(400);
    expect(section.body.error.fields).toEqual({ mentorId: 'Mentor cannot be in the same section as the mentee' });
    const self = await k.call(k.adminA, 'POST', url, { menteeId: k.newHireA1.id, mentorId: k.newHireA1.id });
    expect(self.body.error.fields.mentorId).toContain('同じ職員どうし');
    const notMentee = await k.call(k.adminA, 'POST', url, { menteeId: k.staffA1.id, mentorId: k.chiefA.id });
    expect(notMentee.status).toBe(400);
    expect(Object.keys(notMentee.body.error.fields)).toEqual(['menteeId']);

    // A previous mentor (after a rematch request) is not matched again.
    await t.db.owner`update mentoring_participants set excluded_mentor_ids = ${[k.chiefA.id]}::uuid[]
                     where programme_id = ${prog.id} and user_id = ${k.newHireA2.id}`;
    const previous = await k.call(k.adminA, 'POST', url, { menteeId: k.newHireA2.id, mentorId: k.chiefA.id });
    expect(previous.status).toBe(400);
    expect(previous.body.error.fields.mentorId).toContain('以前のペア');
    await t.db.owner`update mentoring_participants set excluded_mentor_ids = '{}' where programme_id = ${prog.id} and user_id = ${k.newHireA2.id}`;

    // The minimum years apply at confirmation too (raised after the mentor joined).
    pass(await k.call(k.adminA, 'PATCH', `/api/mentoring/programmes/${prog.id}`, { mentorMinYears: 30 }), 200);
    const junior = await k.call(k.adminA, 'POST', url, { menteeId: k.newHireA3.id, mentorId: k.staffA1.id });
    expect(junior.status).toBe(400);
    expect(junior.body.error.fields.mentorId).toContain('勤続30年以上');
    pass(await k.call(k.adminA, 'PATCH', `/api/mentoring/programmes/${prog.id}`, { mentorMinYears: 3 }), 200);
    expect(await activePairs(prog.id)).toEqual([]);
  });

  it('writes the pair with its score and reasons, tells both; the same pair again is the same pair', async () => {
    const url = `/api/mentoring/programmes/${prog.id}/matches`;
    expect((await k.call(k.staffA1, 'POST', url, { menteeId: k.newHireA1.id, mentorId: k.chiefA.id })).status).toBe(403);
    const made = await k.call(k.adminA, 'POST', url, { menteeId: k.newHireA1.id, mentorId: k.chiefA.id });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      mentor: { id: k.chiefA.id }, mentee: { id: k.newHireA1.id }, status: 'active', score: 63, startsOn: k.today, endsOn: k.range.end,
      programme: { id: prog.id, scope: 'town', kind: 'new_hire' }, myRole: null, sessionCount: 0,
    });
    const [row] = await activePairs(prog.id);
    expect(row).toMatchObject({ mentor_id: k.chiefA.id, score: 63, matched_via: 'manual', ends_on: k.range.end });
    expect(row.reasons.map((r: any) => r.code)).toEqual(['skills', 'experience', 'department', 'town', 'capacity']);
    expect(await matchedEvents('郡山市 新採用職員サポート')).toEqual([{
      mentorshipId: made.body.id, programmeTitle: '郡山市 新採用職員サポート', recipientIds: [k.chiefA.id, k.newHireA1.id],
      mentorName: '係長 新任', menteeName: '新人 一花',
    }]);

    const again = await k.call(k.adminA, 'POST', url, { menteeId: k.newHireA1.id, mentorId: k.chiefA.id });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(made.body.id);
    const other = await k.call(k.adminA, 'POST', url, { menteeId: k.newHireA1.id, mentorId: k.managerA.id });
    expect(other.status).toBe(409);
    expect(other.body.error.fields).toEqual({ menteeId: 'サポートを受ける職員: すでにペアが決まっています' });
    // Another mentor of the same 係 stays excluded whatever the places left.
    const full = await k.call(k.adminA, 'POST', url, { menteeId: k.newHireA3.id, mentorId: k.chiefA.id });
    expect([full.status, full.body.error.fields.mentorId]).toEqual([400, 'サポート職員: 同じ係の職員とはペアにできません']);
    expect((await matchedEvents('郡山市 新採用職員サポート')).length).toBe(1);

    // The matched mentee leaves the board; the mentor's place is counted.
    const board = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${prog.id}/matching`), 200);
    expect(board.items.map((x: any) => x.mentee.person.id)).not.toContain(k.newHireA1.id);
    expect(board.mentorsWithRoom).toBe(2);
    const p = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${prog.id}`), 200);
    expect(p.counts).toMatchObject({ mentors: 3, mentorPlaces: 4, mentees: 3, activePairs: 1, unmatched: 2 });
  });

  it('under load: ten confirmations onto a mentor with two places make two pairs; a double submit makes one', async () => {
    const o = t.db.owner;
    const p = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: '同時確定', menteeRule: 'anyone' })), 201);
    await insertParticipant(o, { regionId: k.region.id, programmeId: p.id, user: k.chiefA, role: 'mentor', capacity: 2, years: 14 });
    await insertParticipant(o, { regionId: k.region.id, programmeId: p.id, user: k.managerA2, role: 'mentor', capacity: 1, years: 20 });
    const mentees: HelpUser[] = [];
    for (let i = 0; i < 11; i++) {
      const u = await newUser(o, k.townA.id, { departmentId: k.deptA.id, name: `新人 ${i}`, nameKana: `しんじん ${i}` });
      await insertParticipant(o, { regionId: k.region.id, programmeId: p.id, user: u, role: 'mentee' });
      mentees.push(u);
    }
    const url = `/api/mentoring/programmes/${p.id}/matches`;
    pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${p.id}`), 200); // signed in before the rush

    const results = await Promise.all(mentees.slice(0, 10).map((m) => k.call(k.adminA, 'POST', url, { menteeId: m.id, mentorId: k.chiefA.id })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.fields.mentorId).toBe('サポート職員: 受け持てる人数に達しています');
    expect((await activePairs(p.id)).length).toBe(2);

    const last = mentees[10]!;
    const twice = await Promise.all([0, 1].map(() => k.call(k.adminA, 'POST', url, { menteeId: last.id, mentorId: k.managerA2.id })));
    expect(twice.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(twice[0]!.body.id).toBe(twice[1]!.body.id);
    expect((await activePairs(p.id)).filter((r) => r.mentee_id === last.id)).toHaveLength(1);
    expect((await matchedEvents('同時確定')).length).toBe(3);
  });
});

describe('the assignment for everyone', () => {
  it('proposes the optimal assignment (more pairs than greedy here) and confirms it all at once', async () => {
    // A cross-town programme: newHireB1 can only be supported by chiefA (staffB1 is in the same 係),
    // newHireA1 fits chiefA best but can also have staffB1 — best-pair-first would strand newHireB1.
    const p = pass(await k.call(k.coordinator, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { scope: 'region', title: '広域 割り当て' })), 201);
    await join(k.chiefA, p.id, { role: 'mentor', capacity: 1, skills: ['観光', '英語', 'Excel'], yearsOfService: 14 });
    await join(k.staffB1, p.id, { role: 'mentor', capacity: 1, yearsOfService: 18 });
    await join(k.newHireA1, p.id, { role: 'mentee', skills: ['観光', '英語', 'Excel'] });
    await join(k.newHireB1, p.id, { role: 'mentee' });

    const proposal = pass(await k.call(k.coordinator, 'POST', `/api/mentoring/programmes/${p.id}/assignment`), 200);
    const pairs = proposal.pairs.map((x: any) => [x.mentee.id, x.mentor.id]);
    expect(pairs).toEqual(expect.arrayContaining([[k.newHireA1.id, k.staffB1.id], [k.newHireB1.id, k.chiefA.id]]));
    expect(pairs).toHaveLength(2);
    expect(proposal.greedyPairs).toBe(1);
    expect(proposal.totalScore).toBeGreaterThanOrEqual(proposal.greedyTotalScore);
    expect(proposal.unmatched).toEqual([]);
    expect(await activePairs(p.id)).toEqual([]); // a proposal writes nothing

    const url = `/api/mentoring/programmes/${p.id}/assignment/confirm`;
    expect((await k.call(k.adminA, 'POST', url, { pairs: [{ menteeId: k.newHireB1.id, mentorId: k.chiefA.id }] })).status).toBe(403);
    const dup = await k.call(k.coordinator, 'POST', url, { pairs: [
      { menteeId: k.newHireB1.id, mentorId: k.chiefA.id }, { menteeId: k.newHireB1.id, mentorId: k.staffB1.id },
    ] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.fields).toEqual({ 'pairs.1.menteeId': 'サポートを受ける職員: 同じ職員が2回含まれています' });
    // One bad pair: nothing is written.
    const bad = await k.call(k.coordinator, 'POST', url, { pairs: [
      { menteeId: k.newHireA1.id, mentorId: k.staffB1.id }, { menteeId: k.newHireB1.id, mentorId: k.staffB1.id },
    ] }, 'en');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ 'pairs.1.mentorId': 'Mentor cannot be in the same section as the mentee' });
    expect(await activePairs(p.id)).toEqual([]);
    // Two mentees onto one place: the second has none left.
    const over = await k.call(k.coordinator, 'POST', url, { pairs: [
      { menteeId: k.newHireA1.id, mentorId: k.chiefA.id }, { menteeId: k.newHireB1.id, mentorId: k.chiefA.id },
    ] });
    expect(over.status).toBe(409);
    expect(over.body.error.fields).toEqual({ 'pairs.1.mentorId': 'サポート職員: 受け持てる人数に達しています' });
    expect(await activePairs(p.id)).toEqual([]);

    const done = await k.call(k.coordinator, 'POST', url, { pairs: proposal.pairs.map((x: any) => ({ menteeId: x.mentee.id, mentorId: x.mentor.id })) });
    expect(done.status).toBe(201);
    expect(done.body.items.map((x: any) => [x.mentee.id, x.mentor.id])).toEqual(pairs);
    const rows = await activePairs(p.id);
    expect(rows.map((r) => r.matched_via)).toEqual(['assignment', 'assignment']);
    expect(rows.reduce((s, r) => s + r.score, 0)).toBe(proposal.totalScore);
    expect((await matchedEvents('広域 割り当て')).map((e: any) => e.recipientIds.length)).toEqual([2, 2]);
    // Everyone matched: an empty proposal; confirming again is a conflict naming the mentee.
    expect(pass(await k.call(k.coordinator, 'POST', `/api/mentoring/programmes/${p.id}/assignment`), 200).pairs).toEqual([]);
    const again = await k.call(k.coordinator, 'POST', url, { pairs: [{ menteeId: k.newHireB1.id, mentorId: k.chiefA.id }] });
    expect(again.status).toBe(409);
    expect(Object.keys(again.body.error.fields)).toEqual(['pairs.0.menteeId']);
  });
});

describe('confirming while something else happens (a second connection holds it until the API waits)', () => {
  let n = 0;
  /** A town programme of 郡山市 ('anyone' may be a mentee) with fresh mentors (総務課) and mentees (観光政策課). */
  async function setUp(mentors: number, mentees: number) {
    const o = t.db.owner;
    const p = pass(await k.call(k.adminA, 'POST', '/api/mentoring/programmes', programmeBody(k.fy, { title: `競合 ${++n}`, menteeRule: 'anyone' })), 201);
    const person = (dept: string, name: string) => newUser(o, k.townA.id, { departmentId: dept, name, nameKana: 'きょうごう' });
    const mentorUsers: HelpUser[] = [];
    const menteeUsers: HelpUser[] = [];
    const menteeEntries: string[] = [];
    for (let i = 0; i < mentors; i++) {
      const u = await person(k.deptA2.id, `先輩 ${n}-${i}`);
      await insertParticipant(o, { regionId: k.region.id, programmeId: p.id, user: u, role: 'mentor', capacity: 1, years: 12 });
      mentorUsers.push(u);
    }
    for (let i = 0; i < mentees; i++) {
      const u = await person(k.deptA.id, `新人 ${n}-${i}`);
      menteeEntries.push((await insertParticipant(o, { regionId: k.region.id, programmeId: p.id, user: u, role: 'mentee' })).id);
      menteeUsers.push(u);
    }
    return { p, mentors: mentorUsers, mentees: menteeUsers, menteeEntries, matches: `/api/mentoring/programmes/${p.id}/matches`, assignment: `/api/mentoring/programmes/${p.id}/assignment/confirm` };
  }

  it('closing the programme meanwhile: the confirmation waits and finds it closed (one pair, a list)', async () => {
    const s = await setUp(2, 2);
    const close = (tx: Sql) => tx`update mentoring_programmes set status = 'closed', closed_at = now() where id = ${s.p.id}`;
    const [one] = await whileHolding(t, close, [() => k.call(k.adminA, 'POST', s.matches, { menteeId: s.mentees[0]!.id, mentorId: s.mentors[0]!.id })]);
    expect([one!.status, one!.body.error?.fields]).toEqual([409, { programme: 'サポート制度: この制度は終了しています' }]);
    await t.db.owner`update mentoring_programmes set status = 'open', closed_at = null where id = ${s.p.id}`;
    const [list] = await whileHolding(t, close, [() => k.call(k.adminA, 'POST', s.assignment, { pairs: [
      { menteeId: s.mentees[0]!.id, mentorId: s.mentors[0]!.id }, { menteeId: s.mentees[1]!.id, mentorId: s.mentors[1]!.id },
    ] })]);
    expect(list!.status).toBe(409);
    expect(await activePairs(s.p.id)).toEqual([]);
  });

  it('a mentee withdrawing meanwhile: no pair for them (one pair, a list); a pair in flight is ended by the withdrawal', async () => {
    const s = await setUp(2, 2);
    const withdraw = (entryId: string) => async (tx: Sql) => {
      await tx`select id from mentoring_participants where id = ${entryId} for update`;
      await tx`update mentoring_participants set status = 'withdrawn' where id = ${entryId}`;
    };
    const [one] = await whileHolding(t, withdraw(s.menteeEntries[0]!), [() => k.call(k.adminA, 'POST', s.matches, { menteeId: s.mentees[0]!.id, mentorId: s.mentors[0]!.id })]);
    expect([one!.status, one!.body.error?.fields]).toEqual([400, { menteeId: 'サポートを受ける職員: サポートを受ける職員として登録されていません' }]);
    const [list] = await whileHolding(t, withdraw(s.menteeEntries[1]!), [() => k.call(k.adminA, 'POST', s.assignment, { pairs: [
      { menteeId: s.mentees[1]!.id, mentorId: s.mentors[1]!.id },
    ] })]);
    expect([list!.status, Object.keys(list!.body.error?.fields ?? {})]).toEqual([400, ['pairs.0.menteeId']]);
    expect(await activePairs(s.p.id)).toEqual([]);

    // The other way round: a confirmation holds the mentee's entry and writes the pair; the mentee's
    // withdrawal waits for it and then ends that pair too.
    const back = await setUp(1, 1);
    const [left] = await whileHolding(t, async (tx) => {
      await tx`select id from mentoring_participants where id = ${back.menteeEntries[0]!} for update`;
      await tx`insert into mentorships (region_id, programme_id, mentor_id, mentor_municipality_id, mentee_id, mentee_municipality_id,
                                        starts_on, ends_on, score, matched_by)
               values (${k.region.id}, ${back.p.id}, ${back.mentors[0]!.id}, ${k.townA.id}, ${back.mentees[0]!.id}, ${k.townA.id},
                       ${k.today}, ${k.range.end}, 50, ${k.adminA.id})`;
    }, [() => k.call(back.mentees[0]!, 'POST', `/api/mentoring/programmes/${back.p.id}/participants/me/withdraw`)]);
    expect(left!.status).toBe(200);
    expect(await activePairs(back.p.id)).toEqual([]);
  });

  it('two lists over the same mentees in opposite orders: one is written, the other is a conflict — never a deadlock', async () => {
    const s = await setUp(4, 2);
    const [m0, m1] = s.mentees;
    const [a, b, c, d] = s.mentors;
    // Both wait behind the programme (held FOR UPDATE here) and then meet on the mentees' entries.
    const results = await whileHolding(
      t,
      (tx) => tx`select id from mentoring_programmes where id = ${s.p.id} for update`,
      [
        () => k.call(k.adminA, 'POST', s.assignment, { pairs: [{ menteeId: m0!.id, mentorId: a!.id }, { menteeId: m1!.id, mentorId: b!.id }] }),
        () => k.call(k.adminA, 'POST', s.assignment, { pairs: [{ menteeId: m1!.id, mentorId: c!.id }, { menteeId: m0!.id, mentorId: d!.id }] }),
      ],
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(Object.values(lost.body.error.fields)).toEqual(['サポートを受ける職員: すでにペアが決まっています', 'サポートを受ける職員: すでにペアが決まっています']);
    const won = results.find((r) => r.status === 201)!;
    const rows = await activePairs(s.p.id);
    expect(rows.map((r) => [r.mentee_id, r.mentor_id]).sort()).toEqual(won.body.items.map((x: any) => [x.mentee.id, x.mentor.id]).sort());
    expect(rows).toHaveLength(2);
  });

  it('the list answers in its own order and names its own positions, whatever order the pairs are written in', async () => {
    const s = await setUp(2, 2);
    const [lo, hi] = [...s.mentees].sort((x, y) => (x.id < y.id ? -1 : 1));
    // Written as [hi, lo]: the pair of lo goes in first, the answer keeps the list's order.
    const done = pass(await k.call(k.adminA, 'POST', s.assignment, { pairs: [
      { menteeId: hi!.id, mentorId: s.mentors[0]!.id }, { menteeId: lo!.id, mentorId: s.mentors[1]!.id },
    ] }), 201);
    expect(done.items.map((x: any) => x.mentee.id)).toEqual([hi!.id, lo!.id]);
    const again = await k.call(k.adminA, 'POST', s.assignment, { pairs: [
      { menteeId: hi!.id, mentorId: s.mentors[1]!.id }, { menteeId: lo!.id, mentorId: s.mentors[0]!.id },
    ] });
    expect([again.status, Object.keys(again.body.error.fields)]).toEqual([409, ['pairs.0.menteeId', 'pairs.1.menteeId']]);
  });

  it('a mentee matched again after asking for a new match is no longer flagged; their previous mentors stay excluded', async () => {
    const s = await setUp(3, 2);
    const o = t.db.owner;
    const flag = (entryId: string, excluded: string) => o`
      update mentoring_participants set rematch_requested_at = now(), rematch_reason = '相性が合わなかった', excluded_mentor_ids = ${[excluded]}::uuid[]
      where id = ${entryId}`;
    await flag(s.menteeEntries[0]!, s.mentors[2]!.id);
    await flag(s.menteeEntries[1]!, s.mentors[2]!.id);
    const flagged = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${s.p.id}/participants?role=mentee`), 200);
    expect(flagged.items.map((x: any) => x.rematchRequested)).toEqual([true, true]);

    pass(await k.call(k.adminA, 'POST', s.matches, { menteeId: s.mentees[0]!.id, mentorId: s.mentors[0]!.id }), 201);
    pass(await k.call(k.adminA, 'POST', s.assignment, { pairs: [{ menteeId: s.mentees[1]!.id, mentorId: s.mentors[1]!.id }] }), 201);
    const rows = await o`select rematch_requested_at, rematch_reason, excluded_mentor_ids::text[] as excluded
                         from mentoring_participants where id in ${o(s.menteeEntries)}`;
    expect(rows.map((r: any) => [r.rematch_requested_at, r.rematch_reason, r.excluded])).toEqual([
      [null, null, [s.mentors[2]!.id]], [null, null, [s.mentors[2]!.id]],
    ]);
    const list = pass(await k.call(k.adminA, 'GET', `/api/mentoring/programmes/${s.p.id}/participants?role=mentee`), 200);
    expect(list.items.map((x: any) => [x.rematchRequested, x.rematchReason])).toEqual([[false, null], [false, null]]);
  });
});
