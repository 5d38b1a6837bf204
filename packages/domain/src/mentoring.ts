/**
 * 職員サポート制度 (mentoring): who may support whom, how well they fit, the best assignment for a
 * whole programme, and how a pair is doing. Pure functions; the API feeds them facts from the
 * database (mentoring_people_facts, participants, pairs) and stores what they decide.
 */
import { addDays } from './time-budget';
import { normalizeSkill } from './skills';

/** How far apart two people work: same 課 (other 係), same 部, other 部 of one town, other towns. */
export type DepartmentDistance = 'same_ka' | 'same_bu' | 'other_bu' | 'other_town';
export type MatchExclusion = 'self' | 'own_manager' | 'same_section' | 'no_capacity' | 'previous_mentor' | 'min_years';

export interface MatchReason {
  code: 'skills' | 'experience' | 'department' | 'town' | 'capacity';
  points: number;
  max: number;
  skills?: string[];
  yearsGap?: number;
  distance?: DepartmentDistance;
  townWish?: 'met' | 'neutral' | 'unmet';
  /** capacity: places left after this pair. */
  remaining?: number;
  capacity?: number;
}

export interface MatchPerson {
  id: string;
  townId: string;
  /** Department ids root→leaf (部 > 課 > 係); [] when the person has no department. */
  departmentPath: string[];
  managedDepartmentIds: string[];
  yearsOfService: number;
  /** Mentor: skills offered; mentee: interests. */
  skills: string[];
  townPreference: 'own' | 'other' | 'any';
}
export interface MentorCandidate extends MatchPerson {
  capacity: number;
  activePairs: number;
}
export interface MenteeCandidate extends MatchPerson {
  excludedMentorIds: string[];
}
export interface MatchRules {
  departmentPreference: 'near' | 'far' | 'any';
  mentorMinYears: number;
}
export type PairScore = { ok: true; score: number; reasons: MatchReason[] } | { ok: false; exclusion: MatchExclusion };

/** Exclusions in the order they are checked (and listed in suggestMentors' counts). */
export const MATCH_EXCLUSIONS: readonly MatchExclusion[] = ['self', 'previous_mentor', 'min_years', 'own_manager', 'same_section', 'no_capacity'];

/**
 * The score table (0–100, integers; the maxima sum to 100):
 *
 * | part        | max | points                                                                          |
 * |-------------|-----|---------------------------------------------------------------------------------|
 * | skills      |  35 | shared skills/interests (case-insensitive): 0 → 0, 1 → 15, 2 → 25, ≥3 → 35      |
 * | experience  |  20 | gap = mentor − mentee years: ≤0 → 0, 1–4 → round(14 × gap / 4), 5–20 → 20,      |
 * |             |     | >20 → 15 (a generation apart is still good, just less of a peer)                |
 * | department  |  20 | near: same_ka 20, same_bu 14, other_bu 8, other_town 4                          |
 * |             |     | far:  other_town 20, other_bu 16, same_bu 8, same_ka 4;  any: 10 for all         |
 * | town        |  15 | each side's wish (own / other / any) against same town or not: a wish broken    |
 * |             |     | → unmet 0; both 'any' → neutral 10; otherwise (wishes expressed and met) → 15   |
 * | capacity    |  10 | round(10 × places free before this pair / capacity): spreads mentees out        |
 */
export const SCORE_MAX = { skills: 35, experience: 20, department: 20, town: 15, capacity: 10 } as const;

const SKILL_POINTS = [0, 15, 25, 35] as const;
const DEPARTMENT_POINTS: Record<MatchRules['departmentPreference'], Record<DepartmentDistance, number>> = {
  near: { same_ka: 20, same_bu: 14, other_bu: 8, other_town: 4 },
  far: { same_ka: 4, same_bu: 8, other_bu: 16, other_town: 20 },
  any: { same_ka: 10, same_bu: 10, other_bu: 10, other_town: 10 },
};

/**
 * Paths are compared root→leaf: the same leaf is the same 係 (or both directly in one 課), two
 * shared leading ids the same 課, one the same 部. Someone without a department is other_bu to
 * everyone of their town: we cannot tell, and must not call them close.
 */
export function departmentDistance(a: MatchPerson, b: MatchPerson): DepartmentDistance | 'same_section' {
  if (a.townId !== b.townId) return 'other_town';
  const pa = a.departmentPath;
  const pb = b.departmentPath;
  if (!pa.length || !pb.length) return 'other_bu';
  if (pa[pa.length - 1] === pb[pb.length - 1]) return 'same_section';
  let shared = 0;
  while (shared < pa.length && shared < pb.length && pa[shared] === pb[shared]) shared++;
  return shared >= 2 ? 'same_ka' : shared === 1 ? 'same_bu' : 'other_bu';
}

function exclusionOf(mentee: MenteeCandidate, mentor: MentorCandidate, rules: MatchRules): MatchExclusion | null {
  if (mentee.id === mentor.id) return 'self';
  if (mentee.excludedMentorIds.includes(mentor.id)) return 'previous_mentor';
  if (mentor.yearsOfService < rules.mentorMinYears) return 'min_years';
  if (mentor.managedDepartmentIds.some((d) => mentee.departmentPath.includes(d))) return 'own_manager';
  if (departmentDistance(mentee, mentor) === 'same_section') return 'same_section';
  if (mentor.activePairs >= mentor.capacity) return 'no_capacity';
  return null;
}

/** A person's skills spelled one way, keyed case-insensitively (NFKC is slow: done once per person). */
type SkillIndex = Map<string, string>;
function skillIndex(p: MatchPerson): SkillIndex {
  const out: SkillIndex = new Map();
  for (const s of p.skills) {
    const n = normalizeSkill(s);
    if (n && !out.has(n.toLowerCase())) out.set(n.toLowerCase(), n);
  }
  return out;
}

/** In the mentee's order and spelling: what they asked for, found. */
function sharedSkills(mentee: SkillIndex, mentor: SkillIndex): string[] {
  const out: string[] = [];
  for (const [k, s] of mentee) if (mentor.has(k)) out.push(s);
  return out;
}

function experiencePoints(gap: number): number {
  if (gap <= 0) return 0;
  if (gap < 5) return Math.round((14 * gap) / 4);
  if (gap <= 20) return 20;
  return 15;
}

function townWish(mentee: MatchPerson, mentor: MatchPerson): 'met' | 'neutral' | 'unmet' {
  const same = mentee.townId === mentor.townId;
  const broken = (w: MatchPerson['townPreference']) => (w === 'own' && !same) || (w === 'other' && same);
  if (broken(mentee.townPreference) || broken(mentor.townPreference)) return 'unmet';
  if (mentee.townPreference === 'any' && mentor.townPreference === 'any') return 'neutral';
  return 'met';
}
const TOWN_POINTS = { met: 15, neutral: 10, unmet: 0 } as const;

/** Whether the mentor may support the mentee and, if so, how well they fit (see SCORE_MAX). */
export function scorePair(mentee: MenteeCandidate, mentor: MentorCandidate, rules: MatchRules): PairScore {
  return scoreIndexed(mentee, skillIndex(mentee), mentor, skillIndex(mentor), rules);
}

function scoreIndexed(mentee: MenteeCandidate, menteeSkills: SkillIndex, mentor: MentorCandidate, mentorSkills: SkillIndex, rules: MatchRules): PairScore {
  const exclusion = exclusionOf(mentee, mentor, rules);
  if (exclusion) return { ok: false, exclusion };
  const skills = sharedSkills(menteeSkills, mentorSkills);
  const yearsGap = Math.round(mentor.yearsOfService - mentee.yearsOfService);
  const distance = departmentDistance(mentee, mentor) as DepartmentDistance; // same_section is excluded above
  const wish = townWish(mentee, mentor);
  const free = mentor.capacity - mentor.activePairs;
  const reasons: MatchReason[] = [
    { code: 'skills', points: SKILL_POINTS[Math.min(skills.length, 3)]!, max: SCORE_MAX.skills, skills },
    { code: 'experience', points: experiencePoints(yearsGap), max: SCORE_MAX.experience, yearsGap },
    { code: 'department', points: DEPARTMENT_POINTS[rules.departmentPreference][distance], max: SCORE_MAX.department, distance },
    { code: 'town', points: TOWN_POINTS[wish], max: SCORE_MAX.town, townWish: wish },
    {
      code: 'capacity',
      points: Math.round((SCORE_MAX.capacity * free) / mentor.capacity),
      max: SCORE_MAX.capacity,
      remaining: free - 1,
      capacity: mentor.capacity,
    },
  ];
  return { ok: true, score: reasons.reduce((s, r) => s + r.points, 0), reasons };
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A mentee's best mentors (score desc, then id) and how many were left out, per reason. */
export function suggestMentors(
  mentee: MenteeCandidate,
  mentors: MentorCandidate[],
  rules: MatchRules,
  limit = 5,
): {
  suggestions: Array<{ mentorId: string; score: number; reasons: MatchReason[] }>;
  excluded: Array<{ reason: MatchExclusion; count: number }>;
} {
  const counts = new Map<MatchExclusion, number>();
  const suggestions: Array<{ mentorId: string; score: number; reasons: MatchReason[] }> = [];
  const menteeSkills = skillIndex(mentee);
  for (const m of mentors) {
    const s = scoreIndexed(mentee, menteeSkills, m, skillIndex(m), rules);
    if (s.ok) suggestions.push({ mentorId: m.id, score: s.score, reasons: s.reasons });
    else counts.set(s.exclusion, (counts.get(s.exclusion) ?? 0) + 1);
  }
  suggestions.sort((a, b) => b.score - a.score || byId(a.mentorId, b.mentorId));
  return {
    suggestions: suggestions.slice(0, Math.max(0, limit)),
    excluded: MATCH_EXCLUSIONS.filter((r) => counts.has(r)).map((reason) => ({ reason, count: counts.get(reason)! })),
  };
}

export interface Assignment {
  pairs: Array<{ menteeId: string; mentorId: string; score: number; reasons: MatchReason[] }>;
  totalScore: number;
  unmatched: string[];
}

type Scored = { ok: true; score: number; reasons: MatchReason[] } | null;

/** Every pair scored once: rows = mentees, columns = mentors. */
function scoreMatrix(mentees: MenteeCandidate[], mentors: MentorCandidate[], rules: MatchRules): Scored[][] {
  const mentorSkills = mentors.map(skillIndex);
  return mentees.map((e) => {
    const own = skillIndex(e);
    return mentors.map((m, j) => {
      const s = scoreIndexed(e, own, m, mentorSkills[j]!, rules);
      return s.ok ? s : null;
    });
  });
}

function finish(mentees: MenteeCandidate[], pairs: Assignment['pairs']): Assignment {
  pairs.sort((a, b) => byId(a.menteeId, b.menteeId));
  const matched = new Set(pairs.map((p) => p.menteeId));
  return {
    pairs,
    totalScore: pairs.reduce((s, p) => s + p.score, 0),
    unmatched: mentees.map((m) => m.id).filter((id) => !matched.has(id)).sort(byId),
  };
}

/**
 * The best assignment for everyone: as many pairs as possible, then the highest total score, with
 * each mentor's free places and every exclusion respected. Kuhn–Munkres (Hungarian, potentials,
 * O(n²·m)) on mentees × mentor places; a pair weighs score + K with K > 100 × mentees, so one more
 * pair always outweighs any gain in score; an excluded pair weighs 0, the same as no pair. Inputs
 * are sorted by id first so the answer never depends on their order.
 */
export function optimalAssignment(mentees: MenteeCandidate[], mentors: MentorCandidate[], rules: MatchRules): Assignment {
  const rows = [...mentees].sort((a, b) => byId(a.id, b.id));
  const cols0 = [...mentors].sort((a, b) => byId(a.id, b.id));
  const n = rows.length;
  if (!n) return finish(rows, []);
  const scores = scoreMatrix(rows, cols0, rules);
  // One column per free place, at most n per mentor (more could never be used).
  const slotMentor: number[] = [];
  cols0.forEach((m, j) => {
    if (!rows.some((_, i) => scores[i]![j])) return;
    const places = Math.min(Math.max(0, m.capacity - m.activePairs), n);
    for (let k = 0; k < places; k++) slotMentor.push(j);
  });
  const slots = slotMentor.length;
  // Extra empty columns when there are fewer places than mentees: the algorithm needs n ≤ m.
  const m = Math.max(slots, n);
  const K = 100 * n + 1;
  const cost = new Float64Array(n * m); // minimised: −weight
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < slots; c++) {
      const s = scores[i]![slotMentor[c]!];
      if (s) cost[i * m + c] = -(s.score + K);
    }
  }
  const assigned = hungarian(cost, n, m);
  const pairs: Assignment['pairs'] = [];
  for (let i = 0; i < n; i++) {
    const c = assigned[i]!;
    if (c < 0 || c >= slots) continue;
    const s = scores[i]![slotMentor[c]!];
    if (!s) continue;
    pairs.push({ menteeId: rows[i]!.id, mentorId: cols0[slotMentor[c]!]!.id, score: s.score, reasons: s.reasons });
  }
  return finish(rows, pairs);
}

/**
 * Minimum-cost assignment of each of n rows to a distinct column of m ≥ n (row-major cost).
 * Returns the column of each row. The e-maxx formulation with row/column potentials.
 */
function hungarian(cost: Float64Array, n: number, m: number): Int32Array {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row (1-based) holding column j, 0 = free
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      const base = (i0 - 1) * m - 1;
      const ui0 = u[i0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[base + j]! - ui0 - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0);
  }
  const out = new Int32Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]) out[p[j]! - 1] = j - 1;
  return out;
}

/** First come, first served: the best remaining pair first (score desc, then mentee, mentor id). */
export function greedyAssignment(mentees: MenteeCandidate[], mentors: MentorCandidate[], rules: MatchRules): Assignment {
  const scores = scoreMatrix(mentees, mentors, rules);
  const all: Array<Assignment['pairs'][number]> = [];
  mentees.forEach((e, i) => mentors.forEach((m, j) => {
    const s = scores[i]![j];
    if (s) all.push({ menteeId: e.id, mentorId: m.id, score: s.score, reasons: s.reasons });
  }));
  all.sort((a, b) => b.score - a.score || byId(a.menteeId, b.menteeId) || byId(a.mentorId, b.mentorId));
  const free = new Map(mentors.map((m) => [m.id, m.capacity - m.activePairs]));
  const matched = new Set<string>();
  const pairs: Assignment['pairs'] = [];
  for (const c of all) {
    if (matched.has(c.menteeId) || (free.get(c.mentorId) ?? 0) <= 0) continue;
    matched.add(c.menteeId);
    free.set(c.mentorId, free.get(c.mentorId)! - 1);
    pairs.push(c);
  }
  return finish(mentees, pairs);
}

// ── pairs over time ─────────────────────────────────────────────────────────────────────────────

const DAY = 86_400_000;
function dayNumber(d: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a date: ${d}`);
  const t = Date.parse(`${d}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a date: ${d}`);
  return Math.round(t / DAY);
}

export type PairHealthName = 'new' | 'good' | 'quiet' | 'stalled' | 'ended';

/**
 * How a pair is doing, from the weeks since its last held session (or its start): the earlier
 * scheme faded because nobody noticed pairs going quiet, so the worker nudges at `nudgeAfterWeeks`
 * and tells the admins at `escalateAfterWeeks`.
 */
export function pairHealth(p: {
  status: 'active' | 'ended';
  startsOn: string;
  lastSessionOn: string | null;
  today: string;
  nudgeAfterWeeks: number;
  escalateAfterWeeks: number;
}): { health: PairHealthName; weeksQuiet: number } {
  const days = dayNumber(p.today) - dayNumber(p.lastSessionOn ?? p.startsOn);
  const weeksQuiet = Math.max(0, Math.floor(days / 7));
  let health: PairHealthName;
  if (p.status === 'ended') health = 'ended';
  else if (weeksQuiet >= p.escalateAfterWeeks) health = 'stalled';
  else if (weeksQuiet >= p.nudgeAfterWeeks) health = 'quiet';
  else health = p.lastSessionOn ? 'good' : 'new';
  return { health, weeksQuiet };
}

/** Surveys open for a pair: mid-point once half its period has passed; end in its last 14 days or once ended. */
export function surveysDue(p: { startsOn: string; endsOn: string; today: string; ended: boolean }): Array<'mid' | 'end'> {
  const span = dayNumber(p.endsOn) - dayNumber(p.startsOn);
  const mid = addDays(p.startsOn, Math.floor(span / 2));
  const out: Array<'mid' | 'end'> = [];
  if (p.today >= mid) out.push('mid');
  if (p.ended || p.today >= addDays(p.endsOn, -14)) out.push('end');
  return out;
}

/** Whole years since the hire date (an anniversary completes a year); 0 without one or before it. */
export function yearsOfService(hireDate: string | null, today: string): number {
  if (!hireDate) return 0;
  dayNumber(hireDate);
  dayNumber(today);
  let years = Number(today.slice(0, 4)) - Number(hireDate.slice(0, 4));
  if (today.slice(5) < hireDate.slice(5)) years--;
  return Math.max(0, years);
}
