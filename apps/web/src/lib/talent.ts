// Helpers of the talent, direct-request and department screens of 職場応援, used on both sides:
// type-only imports from @yui/contracts and the plain label maps of @yui/contracts/i18n keep zod out
// of the browser bundle.
import type { HelpDirectStatus, Locale } from '@yui/contracts';
import { helpCategoryLabels, helpDirectStatusLabels } from '@yui/contracts/i18n';
import { addDays, formatMinutes, isIsoDate } from './time';

export const MAX_SKILLS = 20;
export const SKILL_MAX_LENGTH = 30;
/** A request or an acceptance names at most 31 days (helpDays in the contract). */
export const MAX_DAYS = 31;
/** Quarter hours from 15 min to 8 h: the minutes one day of help may take. */
export const DAY_MINUTES = Array.from({ length: 32 }, (_, i) => (i + 1) * 15);

const label = (map: Record<string, Record<Locale, string>>, key: string, lang: Locale) => map[key]?.[lang] ?? key;
export const helpCategoryLabel = (c: string, lang: Locale) => label(helpCategoryLabels, c, lang);
export const directStatusLabel = (s: string, lang: Locale) => label(helpDirectStatusLabels, s, lang);
export const helpCategoryNames = ['planning', 'operations', 'busy_season', 'learning', 'other'] as const;
export type HelpCategoryName = (typeof helpCategoryNames)[number];
export const isHelpCategory = (v: unknown): v is HelpCategoryName =>
  typeof v === 'string' && (helpCategoryNames as readonly string[]).includes(v);

/** The look of a direct request's status badge: agreed, waiting, or over without help. */
export function directStatusTone(s: HelpDirectStatus): 'ok' | 'wait' | 'off' | 'key' {
  if (s === 'accepted') return 'ok';
  if (s === 'sent') return 'key';
  if (s === 'pending_time') return 'wait';
  return 'off';
}

// ---------- photos ----------

const API_PHOTO = /^\/api\/people\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/photo(\?v=[0-9a-zA-Z]{1,32})?$/i;

/**
 * The API names a photo `/api/people/<id>/photo?v=…`; the browser fetches it through the web's own
 * proxy (`/people/<id>/photo?v=…`, which adds the reader's token). Anything else — an old or foreign
 * address — is not shown: an <img> must never point at a place we did not choose.
 */
export function photoSrc(photoUrl: string | null | undefined): string | null {
  if (!photoUrl) return null;
  const m = API_PHOTO.exec(photoUrl);
  return m ? `/people/${m[1]!.toLowerCase()}/photo${m[2] ?? ''}` : null;
}

/** The first character of the name, shown in place of a photo (a surname in Japanese). */
export function initial(name: string): string {
  return Array.from(name.trim())[0] ?? '?';
}

// ---------- skills ----------

/**
 * Skills as typed in one field: separated by commas (also 、，) or new lines, spaces trimmed,
 * duplicates dropped ignoring case and width (the API normalises the spelling again). This is what
 * the form sends without JavaScript.
 */
export function parseSkills(raw: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of raw.split(/[,，、\n\r]+/)) {
    const s = part.normalize('NFKC').replace(/\s+/g, ' ').trim();
    if (!s) continue;
    const key = s.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

export const skillsText = (skills: readonly string[], lang: Locale) => skills.join(lang === 'ja' ? '、' : ', ');

/** The notify checkboxes kept only for skills still in the list (compared like parseSkills). */
export function keepNotify(notify: readonly string[], skills: readonly string[]): string[] {
  const have = new Map(skills.map((s) => [s.normalize('NFKC').toLowerCase(), s]));
  const out: string[] = [];
  for (const n of notify) {
    const s = have.get(n.normalize('NFKC').toLowerCase());
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

// ---------- search ----------

export interface TalentFilters {
  skill: string;
  town: string;
  q: string;
  cursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 人材を探す's filters from the page address: `?skill=…&town=…&q=…&cursor=…`; bad values are dropped. */
export function talentFilters(url: URL): TalentFilters {
  const p = url.searchParams;
  const skill = (p.get('skill') ?? '').trim().slice(0, SKILL_MAX_LENGTH);
  const town = p.get('town') ?? '';
  return {
    skill,
    town: UUID.test(town) ? town : '',
    q: (p.get('q') ?? '').trim().slice(0, 100),
    cursor: p.get('cursor') || null,
  };
}

/** The filters as a query string ('' or `?…`); with `cursor` for the next page. */
export function talentParams(f: Pick<TalentFilters, 'skill' | 'town' | 'q'>, cursor?: string | null): string {
  const p = new URLSearchParams();
  if (f.skill) p.set('skill', f.skill);
  if (f.town) p.set('town', f.town);
  if (f.q) p.set('q', f.q);
  if (cursor) p.set('cursor', cursor);
  return p.size ? `?${p}` : '';
}

export const requestBoxes = ['received', 'sent'] as const;
export type RequestBox = (typeof requestBoxes)[number];
export const requestBox = (url: URL): RequestBox => (url.searchParams.get('box') === 'sent' ? 'sent' : 'received');

// ---------- days ----------

/** Every date from start to end (inclusive), at most `max` of them. */
export function datesBetween(start: string, end: string, max = 92): string[] {
  if (!isIsoDate(start) || !isIsoDate(end) || end < start) return [];
  const out: string[] = [];
  for (let d = start; d <= end && out.length < max; d = addDays(d, 1)) out.push(d);
  return out;
}

export interface DayChoice {
  date: string;
  minutes: number;
}

/**
 * The days ticked in a day picker: checkboxes `day` (value = date) and a select `minutes-<date>`
 * each. Only dates of `allowed` count; minutes must be a quarter hour from 15 min to 8 h (else the
 * default). Sorted by date, no duplicates.
 */
export function readDays(form: FormData, allowed: readonly string[], defaultMinutes: number): DayChoice[] {
  const ok = new Set(allowed);
  const dates = [...new Set(form.getAll('day').map(String))].filter((d) => ok.has(d)).sort();
  return dates.map((date) => {
    const m = Number(form.get(`minutes-${date}`));
    return { date, minutes: DAY_MINUTES.includes(m) ? m : defaultMinutes };
  });
}

/** 「3日・合計9時間」 / "3 days, 9h in all". */
export function daysTotal(days: readonly DayChoice[], lang: Locale): string {
  const total = formatMinutes(days.reduce((s, d) => s + d.minutes, 0), lang);
  return lang === 'ja' ? `${days.length}日・合計${total}` : `${days.length} day${days.length === 1 ? '' : 's'}, ${total} in all`;
}

/** Minutes typed as hours ("1.5", "2") or "h:mm"; null when it is not a time. */
export function parseHours(raw: string): number | null {
  const s = raw.normalize('NFKC').trim();
  if (!s) return null;
  const hm = /^(\d{1,4}):([0-5]\d)$/.exec(s);
  if (hm) return Number(hm[1]) * 60 + Number(hm[2]);
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 60);
}

// ---------- departments ----------

export interface DeptRow {
  id: string;
  parentId: string | null;
  kind: 'bu' | 'ka' | 'kakari';
  name: string;
  nameKana: string;
  town: { id: string; name: string };
}

/**
 * A town's departments in tree order (部, then its 課, then their 係) with their depth, siblings by
 * reading. A department whose parent is not in the list starts a tree of its own.
 */
export function departmentTree<T extends DeptRow>(items: readonly T[]): { dept: T; depth: number }[] {
  const ids = new Set(items.map((d) => d.id));
  const children = new Map<string | null, T[]>();
  for (const d of items) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const byKana = (a: T, b: T) => a.nameKana.localeCompare(b.nameKana, 'ja') || a.name.localeCompare(b.name, 'ja');
  const out: { dept: T; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const d of [...(children.get(parent) ?? [])].sort(byKana)) {
      out.push({ dept: d, depth });
      walk(d.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The departments grouped by town, in the order of `towns` (towns without any are left out). */
export function byTown<T extends DeptRow>(items: readonly T[], towns: readonly { id: string; name: string }[]) {
  return towns
    .map((town) => ({ town, rows: departmentTree(items.filter((d) => d.town.id === town.id)) }))
    .filter((g) => g.rows.length > 0);
}
