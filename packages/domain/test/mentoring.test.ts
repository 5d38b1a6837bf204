import { describe, expect, it } from 'vitest';
import {
  MATCH_EXCLUSIONS, SCORE_MAX, departmentDistance, greedyAssignment, optimalAssignment, pairHealth, scorePair, suggestMentors,
  surveysDue, yearsOfService, type Assignment, type MatchRules, type MenteeCandidate, type MentorCandidate,
} from '../src/mentoring';
import * as domain from '../src/index';

// Departments of town T1: 総務部 > 総務課 > {庶務係, 人事係}, 総務部 > 企画課, 建設部 > 土木課 > 管理係.
const BU = 'bu-somu', KA = 'ka-somu', SHOMU = 'kk-shomu', JINJI = 'kk-jinji', KIKAKU = 'ka-kikaku';
const BU2 = 'bu-kensetsu', DOBOKU = 'ka-doboku', KANRI = 'kk-kanri';

const rules: MatchRules = { departmentPreference: 'near', mentorMinYears: 3 };
const anyRules: MatchRules = { departmentPreference: 'any', mentorMinYears: 0 };

function mentee(id: string, o: Partial<MenteeCandidate> = {}): MenteeCandidate {
  return { id, townId: 'T1', departmentPath: [BU, KA, SHOMU], managedDepartmentIds: [], yearsOfService: 0, skills: [], townPreference: 'any', excludedMentorIds: [], ...o };
}
function mentor(id: string, o: Partial<MentorCandidate> = {}): MentorCandidate {
  return { id, townId: 'T1', departmentPath: [BU, KA, JINJI], managedDepartmentIds: [], yearsOfService: 10, skills: [], townPreference: 'any', capacity: 1, activePairs: 0, ...o };
}
const points = (s: ReturnType<typeof scorePair>, code: string) => (s.ok ? s.reasons.find((r) => r.code === code)!.points : NaN);

function checkReasons(a: Assignment | ReturnType<typeof scorePair>) {
  const list = 'pairs' in a ? a.pairs : a.ok ? [a] : [];
  for (const p of list) {
    expect(p.reasons.reduce((s, r) => s + r.points, 0)).toBe(p.score);
    for (const r of p.reasons) {
      expect(Number.isInteger(r.points)).toBe(true);
      expect(r.points).toBeGreaterThanOrEqual(0);
      expect(r.points).toBeLessThanOrEqual(r.max);
    }
    expect(p.reasons.reduce((s, r) => s + r.max, 0)).toBe(100);
  }
}

describe('department distance', () => {
  it('compares paths root→leaf', () => {
    const at = (path: string[], townId = 'T1') => mentee('x', { departmentPath: path, townId });
    expect(departmentDistance(at([BU, KA, SHOMU]), at([BU, KA, SHOMU]))).toBe('same_section');
    expect(departmentDistance(at([BU, KA]), at([BU, KA]))).toBe('same_section'); // both directly in one 課
    expect(departmentDistance(at([BU, KA, SHOMU]), at([BU, KA, JINJI]))).toBe('same_ka');
    expect(departmentDistance(at([BU, KA, SHOMU]), at([BU, KA]))).toBe('same_ka');
    expect(departmentDistance(at([BU, KA, SHOMU]), at([BU, KIKAKU]))).toBe('same_bu');
    expect(departmentDistance(at([BU, KA, SHOMU]), at([BU2, DOBOKU, KANRI]))).toBe('other_bu');
    expect(departmentDistance(at([BU, KA, SHOMU]), at([BU, KA, SHOMU], 'T2'))).toBe('other_town');
    expect(departmentDistance(at([]), at([BU, KA, SHOMU]))).toBe('other_bu');
    expect(departmentDistance(at([]), at([]))).toBe('other_bu');
  });
});

describe('scorePair', () => {
  it('a close, experienced mentor sharing three interests scores full marks', () => {
    const s = scorePair(
      mentee('a', { skills: ['Excel', 'ｺﾐｭﾆｹｰｼｮﾝ', '防災', '税務'], townPreference: 'own' }),
      mentor('m', { skills: ['excel', 'コミュニケーション', '防災'], yearsOfService: 12, capacity: 2 }),
      rules,
    );
    expect(s).toEqual({
      ok: true,
      score: 100,
      reasons: [
        { code: 'skills', points: 35, max: 35, skills: ['Excel', 'コミュニケーション', '防災'] },
        { code: 'experience', points: 20, max: 20, yearsGap: 12 },
        { code: 'department', points: 20, max: 20, distance: 'same_ka' },
        { code: 'town', points: 15, max: 15, townWish: 'met' },
        { code: 'capacity', points: 10, max: 10, remaining: 1, capacity: 2 },
      ],
    });
  });
  it('skills: 0 → 0, 1 → 15, 2 → 25, ≥3 → 35', () => {
    const m = mentor('m', { skills: ['a', 'b', 'c', 'd'] });
    expect(points(scorePair(mentee('x', { skills: ['z'] }), m, rules), 'skills')).toBe(0);
    expect(points(scorePair(mentee('x', { skills: ['A'] }), m, rules), 'skills')).toBe(15);
    expect(points(scorePair(mentee('x', { skills: ['a', 'b', 'B'] }), m, rules), 'skills')).toBe(25);
    expect(points(scorePair(mentee('x', { skills: ['a', 'b', 'c', 'd'] }), m, rules), 'skills')).toBe(35);
  });
  it('experience: none when the mentor is not senior, scaled up to an ideal gap of 5–20 years', () => {
    const at = (mentorYears: number, menteeYears = 5) => scorePair(mentee('x', { yearsOfService: menteeYears }), mentor('m', { yearsOfService: mentorYears }), anyRules);
    expect([3, 5, 6, 7, 8, 9, 10, 25, 26, 40].map((y) => points(at(y), 'experience'))).toEqual([0, 0, 4, 7, 11, 14, 20, 20, 15, 15]);
    const s = at(3);
    expect(s.ok && s.reasons[1]!.yearsGap).toBe(-2);
  });
  it('department points follow the programme preference', () => {
    const places = { same_ka: [BU, KA, JINJI], same_bu: [BU, KIKAKU], other_bu: [BU2, DOBOKU, KANRI] } as const;
    const table = (pref: MatchRules['departmentPreference']) => [
      ...Object.values(places).map((p) => points(scorePair(mentee('x'), mentor('m', { departmentPath: [...p] }), { ...rules, departmentPreference: pref }), 'department')),
      points(scorePair(mentee('x'), mentor('m', { townId: 'T2' }), { ...rules, departmentPreference: pref }), 'department'),
    ];
    expect(table('near')).toEqual([20, 14, 8, 4]);
    expect(table('far')).toEqual([4, 8, 16, 20]);
    expect(table('any')).toEqual([10, 10, 10, 10]);
  });
  it('town wishes: met, neutral, unmet', () => {
    const wish = (e: MenteeCandidate['townPreference'], m: MentorCandidate['townPreference'], townId = 'T1') => {
      const s = scorePair(mentee('x', { townPreference: e }), mentor('m', { townPreference: m, townId }), rules);
      return s.ok ? [s.reasons[3]!.townWish, s.reasons[3]!.points] : null;
    };
    expect(wish('any', 'any')).toEqual(['neutral', 10]);
    expect(wish('own', 'any')).toEqual(['met', 15]);
    expect(wish('own', 'own')).toEqual(['met', 15]);
    expect(wish('other', 'any', 'T2')).toEqual(['met', 15]);
    expect(wish('any', 'other', 'T2')).toEqual(['met', 15]);
    expect(wish('own', 'any', 'T2')).toEqual(['unmet', 0]);
    expect(wish('any', 'other')).toEqual(['unmet', 0]);
    expect(wish('other', 'own', 'T2')).toEqual(['unmet', 0]);
  });
  it('capacity: the share of places still free', () => {
    const cap = (capacity: number, activePairs: number) => {
      const s = scorePair(mentee('x'), mentor('m', { capacity, activePairs }), rules);
      return s.ok ? s.reasons[4] : null;
    };
    expect(cap(1, 0)).toMatchObject({ points: 10, remaining: 0, capacity: 1 });
    expect(cap(3, 1)).toMatchObject({ points: 7, remaining: 1, capacity: 3 });
    expect(cap(3, 2)).toMatchObject({ points: 3, remaining: 0, capacity: 3 });
  });
  it('each exclusion, checked in a fixed order', () => {
    const e = mentee('a', { excludedMentorIds: ['old'], departmentPath: [BU, KA, SHOMU] });
    expect(scorePair(e, mentor('a'), rules)).toEqual({ ok: false, exclusion: 'self' });
    expect(scorePair(e, mentor('old'), rules)).toEqual({ ok: false, exclusion: 'previous_mentor' });
    expect(scorePair(e, mentor('m', { yearsOfService: 2 }), rules)).toEqual({ ok: false, exclusion: 'min_years' });
    expect(scorePair(e, mentor('m', { yearsOfService: 3 }), rules).ok).toBe(true);
    // 課長 of 総務課 (manages it; sits in the 課 itself) and 部長 of 総務部.
    expect(scorePair(e, mentor('m', { departmentPath: [BU, KA], managedDepartmentIds: [KA] }), rules)).toEqual({ ok: false, exclusion: 'own_manager' });
    expect(scorePair(e, mentor('m', { departmentPath: [BU], managedDepartmentIds: [BU] }), rules)).toEqual({ ok: false, exclusion: 'own_manager' });
    // Managing another department of the town is fine.
    expect(scorePair(e, mentor('m', { departmentPath: [BU2, DOBOKU], managedDepartmentIds: [DOBOKU] }), rules).ok).toBe(true);
    expect(scorePair(e, mentor('m', { departmentPath: [BU, KA, SHOMU] }), rules)).toEqual({ ok: false, exclusion: 'same_section' });
    expect(scorePair(mentee('b', { departmentPath: [BU, KA] }), mentor('m', { departmentPath: [BU, KA] }), rules)).toEqual({ ok: false, exclusion: 'same_section' });
    expect(scorePair(e, mentor('m', { capacity: 2, activePairs: 2 }), rules)).toEqual({ ok: false, exclusion: 'no_capacity' });
    // Several at once: the first in order wins.
    expect(scorePair(e, mentor('old', { yearsOfService: 0, capacity: 1, activePairs: 1 }), rules)).toEqual({ ok: false, exclusion: 'previous_mentor' });
    expect(scorePair(e, mentor('m', { departmentPath: [BU, KA, SHOMU], capacity: 1, activePairs: 1 }), rules)).toEqual({ ok: false, exclusion: 'same_section' });
  });
  it('the maxima sum to 100', () => {
    expect(Object.values(SCORE_MAX).reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('suggestMentors', () => {
  it('ranks allowed mentors by score then id, and counts the others per reason', () => {
    const e = mentee('a', { skills: ['防災'], excludedMentorIds: ['m-old'] });
    const mentors = [
      mentor('m-c', { skills: ['防災'] }),
      mentor('m-b', { skills: ['防災'] }),
      mentor('m-a'),
      mentor('m-far', { departmentPath: [BU2, DOBOKU, KANRI], skills: ['防災'] }),
      mentor('m-old', { skills: ['防災'] }),
      mentor('m-junior', { yearsOfService: 1 }),
      mentor('m-full1', { activePairs: 1 }),
      mentor('m-full2', { capacity: 3, activePairs: 3 }),
      mentor('m-same', { departmentPath: [BU, KA, SHOMU] }),
    ];
    const r = suggestMentors(e, mentors, rules, 3);
    expect(r.suggestions.map((s) => [s.mentorId, s.score])).toEqual([['m-b', 75], ['m-c', 75], ['m-far', 63]]);
    expect(r.excluded).toEqual([
      { reason: 'previous_mentor', count: 1 },
      { reason: 'min_years', count: 1 },
      { reason: 'same_section', count: 1 },
      { reason: 'no_capacity', count: 2 },
    ]);
    expect(suggestMentors(e, mentors, rules).suggestions).toHaveLength(4);
    expect(suggestMentors(e, [], rules)).toEqual({ suggestions: [], excluded: [] });
  });
  it('does not depend on the order of the mentors', () => {
    const e = mentee('a', { skills: ['x', 'y'] });
    const mentors = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id, i) => mentor(id, { skills: i % 2 ? ['x'] : ['x', 'y'], yearsOfService: 3 + (i % 3) }));
    const a = suggestMentors(e, mentors, rules, 6);
    expect(suggestMentors(e, [...mentors].reverse(), rules, 6)).toEqual(a);
  });
});

describe('assignments', () => {
  // Same town, 'any' preference, gap 10 years, capacity 1: everything but skills scores 20 + 10 + 10 + 10 = 50.
  const A = mentee('A', { skills: ['a', 'b', 'c'] });
  const B = mentee('B', { skills: ['b', 'c'] });
  const X = mentor('X', { skills: ['a', 'b', 'c'] });
  const Y = mentor('Y', { skills: ['a'] });

  it('optimal beats greedy when the best pair first blocks a better whole', () => {
    // A–X 85, A–Y 65, B–X 75, B–Y 50.
    expect([scorePair(A, X, anyRules), scorePair(A, Y, anyRules), scorePair(B, X, anyRules), scorePair(B, Y, anyRules)].map((s) => s.ok && s.score)).toEqual([85, 65, 75, 50]);
    const greedy = greedyAssignment([A, B], [X, Y], anyRules);
    const optimal = optimalAssignment([A, B], [X, Y], anyRules);
    expect(greedy.pairs.map((p) => [p.menteeId, p.mentorId])).toEqual([['A', 'X'], ['B', 'Y']]);
    expect(greedy.totalScore).toBe(135);
    expect(optimal.pairs.map((p) => [p.menteeId, p.mentorId])).toEqual([['A', 'Y'], ['B', 'X']]);
    expect(optimal.totalScore).toBe(140);
    expect(optimal.unmatched).toEqual([]);
    checkReasons(optimal);
    checkReasons(greedy);
  });

  it('optimal matches someone greedy leaves out, even at a lower total score', () => {
    const B2 = mentee('B', { excludedMentorIds: ['Y'] }); // B–X: 0 + 20 + 10 + 10 + 10 = 50
    const Yweak = mentor('Y', { townId: 'T2', townPreference: 'own', yearsOfService: 0 }); // A–Y: 0 + 0 + 10 + 0 + 10 = 20
    const greedy = greedyAssignment([A, B2], [X, Yweak], anyRules);
    expect(greedy.pairs.map((p) => [p.menteeId, p.mentorId, p.score])).toEqual([['A', 'X', 85]]);
    expect(greedy.unmatched).toEqual(['B']);
    const optimal = optimalAssignment([A, B2], [X, Yweak], anyRules);
    expect(optimal.pairs.map((p) => [p.menteeId, p.mentorId, p.score])).toEqual([['A', 'Y', 20], ['B', 'X', 50]]);
    expect(optimal.totalScore).toBe(70);
    expect(optimal.unmatched).toEqual([]);
  });

  it('respects capacities and pairs already running', () => {
    const mentees = ['e1', 'e2', 'e3', 'e4'].map((id) => mentee(id, { skills: ['x'] }));
    const star = mentor('star', { skills: ['x'], capacity: 2 });
    for (const f of [optimalAssignment, greedyAssignment]) {
      const r = f(mentees, [star], rules);
      expect(r.pairs).toHaveLength(2);
      expect(r.unmatched).toHaveLength(2);
      const busy = f(mentees, [{ ...star, activePairs: 1 }], rules);
      expect(busy.pairs).toHaveLength(1);
      expect(busy.pairs[0]!.reasons[4]).toMatchObject({ points: 5, remaining: 0, capacity: 2 });
      expect(f(mentees, [{ ...star, activePairs: 2 }], rules).pairs).toHaveLength(0);
    }
  });

  it('handles no mentees and no mentors', () => {
    const empty = { pairs: [], totalScore: 0, unmatched: [] };
    expect(optimalAssignment([], [X, Y], anyRules)).toEqual(empty);
    expect(greedyAssignment([], [X, Y], anyRules)).toEqual(empty);
    expect(optimalAssignment([B, A], [], anyRules)).toEqual({ pairs: [], totalScore: 0, unmatched: ['A', 'B'] });
    expect(greedyAssignment([B, A], [], anyRules)).toEqual({ pairs: [], totalScore: 0, unmatched: ['A', 'B'] });
    // Everyone excluded.
    expect(optimalAssignment([A], [mentor('X', { yearsOfService: 0 })], rules)).toEqual({ pairs: [], totalScore: 0, unmatched: ['A'] });
  });

  it('equals the exhaustive best on 200 random small instances', () => {
    const rnd = prng(6);
    let greedyWorse = 0;
    for (let round = 0; round < 200; round++) {
      const { mentees, mentors, rules: r } = randomInstance(rnd, 1 + Math.floor(rnd() * 5), Math.floor(rnd() * 5), 2);
      const best = bruteForce(mentees, mentors, r);
      const opt = optimalAssignment(mentees, mentors, r);
      expect([opt.pairs.length, opt.totalScore], `round ${round}`).toEqual(best);
      assertValid(opt, mentees, mentors, r);
      const greedy = greedyAssignment(mentees, mentors, r);
      assertValid(greedy, mentees, mentors, r);
      expect(greedy.pairs.length).toBeLessThanOrEqual(opt.pairs.length);
      if (greedy.pairs.length < opt.pairs.length || greedy.totalScore < opt.totalScore) greedyWorse++;
    }
    expect(greedyWorse).toBeGreaterThan(0); // the instances are not all trivial
  });

  it('is deterministic: shuffled inputs give the same result', () => {
    const rnd = prng(42);
    for (let round = 0; round < 20; round++) {
      const { mentees, mentors, rules: r } = randomInstance(rnd, 12, 8, 3);
      const a = optimalAssignment(mentees, mentors, r);
      const b = optimalAssignment(shuffle(mentees, rnd), shuffle(mentors, rnd), r);
      expect(b).toEqual(a);
      expect(greedyAssignment(shuffle(mentees, rnd), shuffle(mentors, rnd), r)).toEqual(greedyAssignment(mentees, mentors, r));
    }
  });

  it('a 300 × 300 programme gets a valid, maximum assignment', () => {
    const rnd = prng(300);
    const { mentees, mentors, rules: r } = randomInstance(rnd, 300, 300, 3);
    const opt = optimalAssignment(mentees, mentors, r);
    assertValid(opt, mentees, mentors, r);
    // Maximum number of pairs, checked independently with augmenting paths.
    expect(opt.pairs.length).toBe(maxPairs(mentees, mentors, r));
    // Places suffice here, so every mentee with an allowed mentor is matched.
    const canMatch = mentees.filter((e) => mentors.some((m) => scorePair(e, m, r).ok)).map((e) => e.id);
    expect(canMatch.length).toBeGreaterThan(250);
    expect(opt.pairs.map((p) => p.menteeId)).toEqual([...canMatch].sort());
    const greedy = greedyAssignment(mentees, mentors, r);
    assertValid(greedy, mentees, mentors, r);
    expect(opt.totalScore).toBeGreaterThanOrEqual(greedy.totalScore);
    checkReasons(opt);
  });
});

describe('pair health', () => {
  const base = { status: 'active' as const, startsOn: '2026-04-01', lastSessionOn: null, nudgeAfterWeeks: 3, escalateAfterWeeks: 6 };
  it('new until the nudge, then quiet, then stalled', () => {
    expect(pairHealth({ ...base, today: '2026-04-01' })).toEqual({ health: 'new', weeksQuiet: 0 });
    expect(pairHealth({ ...base, today: '2026-04-21' })).toEqual({ health: 'new', weeksQuiet: 2 });
    expect(pairHealth({ ...base, today: '2026-04-22' })).toEqual({ health: 'quiet', weeksQuiet: 3 });
    expect(pairHealth({ ...base, today: '2026-05-12' })).toEqual({ health: 'quiet', weeksQuiet: 5 });
    expect(pairHealth({ ...base, today: '2026-05-13' })).toEqual({ health: 'stalled', weeksQuiet: 6 });
    // A pair starting later is not quiet for negative weeks.
    expect(pairHealth({ ...base, today: '2026-03-01' })).toEqual({ health: 'new', weeksQuiet: 0 });
  });
  it('counts from the last held session', () => {
    expect(pairHealth({ ...base, lastSessionOn: '2026-05-01', today: '2026-05-20' })).toEqual({ health: 'good', weeksQuiet: 2 });
    expect(pairHealth({ ...base, lastSessionOn: '2026-05-01', today: '2026-05-22' })).toEqual({ health: 'quiet', weeksQuiet: 3 });
    expect(pairHealth({ ...base, lastSessionOn: '2026-05-01', today: '2026-06-12' })).toEqual({ health: 'stalled', weeksQuiet: 6 });
  });
  it('an ended pair is ended, with its weeks still counted', () => {
    expect(pairHealth({ ...base, status: 'ended', lastSessionOn: '2026-05-01', today: '2026-06-12' })).toEqual({ health: 'ended', weeksQuiet: 6 });
  });
});

describe('surveys', () => {
  const pair = { startsOn: '2026-04-01', endsOn: '2027-03-31', ended: false }; // 364 days: mid-point 2026-09-30
  it('mid-point once half the period has passed, end in the last 14 days', () => {
    expect(surveysDue({ ...pair, today: '2026-09-29' })).toEqual([]);
    expect(surveysDue({ ...pair, today: '2026-09-30' })).toEqual(['mid']);
    expect(surveysDue({ ...pair, today: '2027-03-16' })).toEqual(['mid']);
    expect(surveysDue({ ...pair, today: '2027-03-17' })).toEqual(['mid', 'end']);
    expect(surveysDue({ ...pair, today: '2027-05-01' })).toEqual(['mid', 'end']);
  });
  it('end as soon as the pair ended', () => {
    expect(surveysDue({ ...pair, today: '2026-06-01', ended: true })).toEqual(['end']);
    expect(surveysDue({ ...pair, today: '2026-10-01', ended: true })).toEqual(['mid', 'end']);
  });
});

describe('years of service', () => {
  it('counts whole years; an anniversary completes one', () => {
    expect(yearsOfService(null, '2026-06-01')).toBe(0);
    expect(yearsOfService('2016-04-01', '2026-03-31')).toBe(9);
    expect(yearsOfService('2016-04-01', '2026-04-01')).toBe(10);
    expect(yearsOfService('2026-04-01', '2026-06-01')).toBe(0);
    expect(yearsOfService('2027-04-01', '2026-06-01')).toBe(0);
    expect(yearsOfService('2016-02-29', '2026-02-28')).toBe(9);
    expect(yearsOfService('2016-02-29', '2026-03-01')).toBe(10);
    expect(() => yearsOfService('2016/04/01', '2026-06-01')).toThrow();
  });
});

describe('exports', () => {
  it('are part of @yui/domain', () => {
    expect(domain.optimalAssignment).toBe(optimalAssignment);
    expect(domain.MATCH_EXCLUSIONS).toEqual(['self', 'previous_mentor', 'min_years', 'own_manager', 'same_section', 'no_capacity']);
  });
});

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffle<T>(xs: T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function randomInstance(rnd: () => number, nMentees: number, nMentors: number, maxCapacity: number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const towns = ['T1', 'T2', 'T3'];
  const paths = [[], ['b1'], ['b1', 'k1'], ['b1', 'k1', 's1'], ['b1', 'k1', 's2'], ['b1', 'k2', 's3'], ['b2', 'k3', 's4'], ['b2', 'k3']];
  const skills = ['Excel', '防災', '税務', '福祉', '広報', 'GIS'];
  const wishes = ['own', 'other', 'any', 'any'] as const;
  const person = (id: string) => ({
    id,
    townId: pick(towns),
    departmentPath: [...pick(paths)],
    managedDepartmentIds: rnd() < 0.1 ? [pick(['b1', 'k1', 'k3'])] : [],
    yearsOfService: Math.floor(rnd() * 30),
    skills: skills.filter(() => rnd() < 0.35),
    townPreference: pick(wishes),
  });
  const mentorIds = Array.from({ length: nMentors }, (_, i) => `m${String(i).padStart(3, '0')}`);
  const mentors: MentorCandidate[] = mentorIds.map((id) => {
    const capacity = 1 + Math.floor(rnd() * maxCapacity);
    return { ...person(id), capacity, activePairs: rnd() < 0.2 ? Math.floor(rnd() * (capacity + 1)) : 0 };
  });
  const mentees: MenteeCandidate[] = Array.from({ length: nMentees }, (_, i) => ({
    ...person(`e${String(i).padStart(3, '0')}`),
    excludedMentorIds: mentorIds.filter(() => rnd() < Math.min(0.15, 3 / Math.max(1, nMentors))),
  }));
  const r: MatchRules = { departmentPreference: pick(['near', 'far', 'any'] as const), mentorMinYears: Math.floor(rnd() * 6) };
  return { mentees, mentors, rules: r };
}

/** [pairs, total] of the best assignment, by trying every one. */
function bruteForce(mentees: MenteeCandidate[], mentors: MentorCandidate[], r: MatchRules): [number, number] {
  const free = mentors.map((m) => m.capacity - m.activePairs);
  let best: [number, number] = [0, 0];
  const go = (i: number, pairs: number, total: number) => {
    if (i === mentees.length) {
      if (pairs > best[0] || (pairs === best[0] && total > best[1])) best = [pairs, total];
      return;
    }
    go(i + 1, pairs, total);
    mentors.forEach((m, j) => {
      const s = scorePair(mentees[i]!, m, r);
      if (!s.ok || free[j]! <= 0) return;
      free[j]!--;
      go(i + 1, pairs + 1, total + s.score);
      free[j]!++;
    });
  };
  go(0, 0, 0);
  return best;
}

function assertValid(a: Assignment, mentees: MenteeCandidate[], mentors: MentorCandidate[], r: MatchRules) {
  const byId = new Map(mentors.map((m) => [m.id, m]));
  const used = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of a.pairs) {
    expect(seen.has(p.menteeId)).toBe(false);
    seen.add(p.menteeId);
    const m = byId.get(p.mentorId)!;
    const s = scorePair(mentees.find((e) => e.id === p.menteeId)!, m, r);
    expect(s.ok && s.score).toBe(p.score);
    used.set(m.id, (used.get(m.id) ?? 0) + 1);
    expect(m.activePairs + used.get(m.id)!).toBeLessThanOrEqual(m.capacity);
  }
  expect(a.totalScore).toBe(a.pairs.reduce((s, p) => s + p.score, 0));
  expect(a.pairs.map((p) => p.menteeId)).toEqual([...seen].sort());
  expect([...a.unmatched, ...seen].sort()).toEqual(mentees.map((e) => e.id).sort());
}

/** The maximum number of pairs (Kuhn's augmenting paths over mentor places), ignoring scores. */
function maxPairs(mentees: MenteeCandidate[], mentors: MentorCandidate[], r: MatchRules): number {
  const slots = mentors.flatMap((m) => Array.from({ length: Math.max(0, m.capacity - m.activePairs) }, () => m));
  const adj = mentees.map((e) => slots.map((m, c) => (scorePair(e, m, r).ok ? c : -1)).filter((c) => c >= 0));
  const owner = new Array<number>(slots.length).fill(-1);
  const tryRow = (i: number, seen: Set<number>): boolean => {
    for (const c of adj[i]!) {
      if (seen.has(c)) continue;
      seen.add(c);
      if (owner[c] === -1 || tryRow(owner[c]!, seen)) {
        owner[c] = i;
        return true;
      }
    }
    return false;
  };
  return mentees.reduce((n, _, i) => n + (tryRow(i, new Set()) ? 1 : 0), 0);
}
