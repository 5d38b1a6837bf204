/**
 * Skills of the talent registry (人材) and of calls for help: free tags, spelled one way.
 * Pure functions; the API stores what normalizeSkills returns and ranks with rankTalent.
 */

/**
 * One spelling per skill: NFKC (全角英数 → half width, half-width kana → full width), spaces
 * collapsed, and a tag equal to a suggestion but for case takes the suggestion's spelling
 * ("excel" → "Excel"). Empty after trimming: null.
 */
export function normalizeSkill(raw: string, suggested: readonly string[] = []): string | null {
  const s = raw.normalize('NFKC').trim().replace(/^#+/, '').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  const lower = s.toLowerCase();
  return suggested.find((x) => x.toLowerCase() === lower) ?? s;
}

/** Normalised, without duplicates (case-insensitive), in the order given. */
export function normalizeSkills(raw: readonly string[], suggested: readonly string[] = []): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of raw) {
    const s = normalizeSkill(r, suggested);
    if (!s || seen.has(s.toLowerCase())) continue;
    seen.add(s.toLowerCase());
    out.push(s);
  }
  return out;
}

export interface TalentCandidate {
  id: string;
  skills: readonly string[];
  /** Calls and requests they have helped with before (experience). */
  helpedCount: number;
  /** Same town as the call (a town-only call only reaches its own town anyway). */
  sameTown: boolean;
}

export interface RankedTalent {
  id: string;
  matched: string[];
  score: number;
}

/**
 * Suggested people for a call: those with at least one of the wanted skills, best first. Score:
 * 10 per matched skill, +5 × the share of the wanted skills they cover, +1 for some experience
 * (helped before), +0.5 for the same town (no travel). Ties: fewer skills first (a specialist
 * before a generalist), then id — the order never depends on the input order.
 */
export function rankTalent(wanted: readonly string[], people: readonly TalentCandidate[], limit = 20): RankedTalent[] {
  const want = new Map(wanted.map((w) => [w.toLowerCase(), w]));
  if (!want.size) return [];
  const ranked: Array<RankedTalent & { n: number }> = [];
  for (const p of people) {
    const matched = [...new Set(p.skills.map((s) => s.toLowerCase()))].filter((s) => want.has(s)).map((s) => want.get(s)!);
    if (!matched.length) continue;
    const score = matched.length * 10 + (5 * matched.length) / want.size + (p.helpedCount > 0 ? 1 : 0) + (p.sameTown ? 0.5 : 0);
    ranked.push({ id: p.id, matched, score: Math.round(score * 100) / 100, n: p.skills.length });
  }
  ranked.sort((a, b) => b.score - a.score || a.n - b.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ranked.slice(0, limit).map(({ n: _n, ...r }) => r);
}
