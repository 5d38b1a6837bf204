// Helpers of the 職場応援 (calls for help) screens, used on both sides: type-only imports from
// @yui/contracts and the plain label maps of @yui/contracts/i18n keep zod out of the browser bundle
// (see time.ts). Dates are 'YYYY-MM-DD' in Japan time.
import type {
  HelpApplicationStatus,
  HelpCall,
  HelpCallStatus,
  HelpCategory,
  HelpReach,
  Locale,
} from '@yui/contracts';
import {
  helpApplicationStatusLabels,
  helpCallStatusLabels,
  helpCategoryLabels,
  helpReachLabels,
} from '@yui/contracts/i18n';
import type { Translate } from './i18n';
import { addDays, fiscalYearOf, formatDate, formatMinutes, isIsoDate, todayInJapan } from './time';

export const helpCategories: readonly HelpCategory[] = ['planning', 'operations', 'busy_season', 'learning', 'other'];
export const callStatuses: readonly HelpCallStatus[] = ['open', 'closed', 'finished', 'cancelled'];
export const reaches: readonly HelpReach[] = ['region', 'town'];
/** The list's status filter: a status, or every status. */
export const statusFilters = ['open', 'closed', 'finished', 'cancelled', 'all'] as const;
export type StatusFilter = (typeof statusFilters)[number];

const oneOf =
  <T extends string>(list: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (list as readonly string[]).includes(v);
export const isHelpCategory = oneOf(helpCategories);
export const isStatusFilter = oneOf(statusFilters);
export const isReach = oneOf(reaches);

// ---------- labels ----------

const label = (map: Record<string, Record<Locale, string>>, key: string, lang: Locale) => map[key]?.[lang] ?? key;
export const categoryLabel = (c: string, lang: Locale) => label(helpCategoryLabels, c, lang);
export const callStatusLabel = (s: string, lang: Locale) => label(helpCallStatusLabels, s, lang);
export const applicationStatusLabel = (s: string, lang: Locale) => label(helpApplicationStatusLabels, s, lang);
export const reachLabel = (r: string, lang: Locale) => label(helpReachLabels, r, lang);

/** The badge colour of a call's status (classes of forms.css: ok, wait, off, or plain). */
export function callStatusTone(s: HelpCallStatus): 'ok' | 'wait' | 'off' | '' {
  return s === 'open' ? 'ok' : s === 'closed' ? 'wait' : s === 'cancelled' ? 'off' : '';
}

/** …and of an application's. */
export function applicationTone(s: HelpApplicationStatus): 'ok' | 'wait' | 'off' | 'key' | '' {
  if (s === 'accepted') return 'ok';
  if (s === 'pending_time') return 'wait';
  if (s === 'applied') return 'key';
  if (s === 'declined' || s === 'time_declined' || s === 'cancelled') return 'off';
  return '';
}

/** Applications the person can still act on (withdraw): they hold a place or wait for one. */
export const isLiveApplication = (s: HelpApplicationStatus | null | undefined) =>
  s === 'pending_time' || s === 'applied' || s === 'accepted';

/**
 * "Current" on my applications page: still in play (waiting, applied, accepted) and the work not over
 * yet (a call still open or closed, its last day not past). An accepted application of last summer's
 * finished call is help already given.
 */
export function isCurrentApplication(
  a: { status: HelpApplicationStatus; call: { status: string; workEnd: string } }, today: string,
): boolean {
  return isLiveApplication(a.status) && (a.call.status === 'open' || a.call.status === 'closed') && a.call.workEnd >= today;
}

/** 募集人数 with the counts: 「2人（応募3人・採用1人）」 / "2 (3 applied, 1 accepted)". */
export function headcountText(
  c: { headcount: number; appliedCount: number; acceptedCount: number },
  t: Translate,
): string {
  return t('help.card.counts', { headcount: c.headcount, applied: c.appliedCount, accepted: c.acceptedCount });
}

/** The work's dates: one day, or 「6月3日（水）〜6月10日（水）」 with the year once. */
export function workDatesText(c: { workStart: string; workEnd: string }, lang: Locale): string {
  if (c.workStart === c.workEnd) return formatDate(c.workStart, lang);
  const sameYear = c.workStart.slice(0, 4) === c.workEnd.slice(0, 4);
  return `${formatDate(c.workStart, lang)}${lang === 'ja' ? '〜' : ' – '}${formatDate(c.workEnd, lang, sameYear)}`;
}

/** Days left to the deadline, for the card: 「締切まであと3日」「本日締切」; null once past or not open. */
export function deadlineHint(c: { deadline: string; status: HelpCallStatus }, t: Translate, today = todayInJapan()): string | null {
  if (c.status !== 'open' || c.deadline < today) return null;
  const days = Math.round((Date.parse(`${c.deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days === 0) return t('help.card.deadlineToday');
  if (days <= 7) return t('help.card.deadlineSoon', { n: days });
  return null;
}

// ---------- the list's filters ----------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export interface CallFilters {
  status: StatusFilter;
  category: HelpCategory | null;
  town: string | null;
  skill: string;
  q: string;
  cursor: string | null;
}

/** The list's choices from its address: `?status=all&category=planning&town=…&skill=英語&q=…&cursor=…`. */
export function callFilters(url: URL): CallFilters {
  const p = url.searchParams;
  const status = p.get('status');
  const category = p.get('category');
  const town = p.get('town');
  const cursor = p.get('cursor');
  return {
    status: isStatusFilter(status) ? status : 'open',
    category: isHelpCategory(category) ? category : null,
    town: isUuid(town) ? town : null,
    skill: (p.get('skill') ?? '').normalize('NFKC').trim().slice(0, 30),
    q: (p.get('q') ?? '').trim().slice(0, 100),
    cursor: cursor && cursor.length <= 200 ? cursor : null,
  };
}

/** The same choices as the page's address ('' or `?…`), for the pager, skill links and "clear". */
export function callFiltersHref(f: CallFilters, change: Partial<CallFilters> = {}): string {
  const v = { ...f, cursor: null, ...change };
  const p = new URLSearchParams();
  if (v.status !== 'open') p.set('status', v.status);
  if (v.category) p.set('category', v.category);
  if (v.town) p.set('town', v.town);
  if (v.skill) p.set('skill', v.skill);
  if (v.q) p.set('q', v.q);
  if (v.cursor) p.set('cursor', v.cursor);
  return `/help${p.size ? `?${p}` : ''}`;
}

/** …and as the API's query (`GET /api/help-calls`). */
export function callListQuery(f: CallFilters, limit = 20): URLSearchParams {
  const q = new URLSearchParams({ status: f.status, limit: String(limit) });
  if (f.category) q.set('category', f.category);
  if (f.town) q.set('town', f.town);
  if (f.skill) q.set('skill', f.skill);
  if (f.q) q.set('q', f.q);
  if (f.cursor) q.set('cursor', f.cursor);
  return q;
}

export const hasFilters = (f: CallFilters) => f.status !== 'open' || Boolean(f.category || f.town || f.skill || f.q);

// ---------- applying: the days ----------

/** At most this many days are offered; the API takes at most 31 of them. */
export const MAX_DAY_ROWS = 62;
export const MAX_DAYS = 31;
/** Quarter hours, 15 min – 8 h (the contract's minutesPerDay). */
export const MINUTE_CHOICES: readonly number[] = Array.from({ length: 32 }, (_, i) => (i + 1) * 15);

/**
 * The days someone may still pick for a call: its work dates from today on (a 20% request is for
 * days to come), at most MAX_DAY_ROWS of them.
 */
export function applyDates(c: Pick<HelpCall, 'workStart' | 'workEnd'>, today = todayInJapan()): string[] {
  const out: string[] = [];
  if (!isIsoDate(c.workStart) || !isIsoDate(c.workEnd)) return out;
  for (let d = c.workStart > today ? c.workStart : today; d <= c.workEnd && out.length < MAX_DAY_ROWS; d = addDays(d, 1)) {
    out.push(d);
  }
  return out;
}

export interface DayChoice {
  date: string;
  checked: boolean;
  minutes: string;
}

/**
 * The apply form's rows: every day offered, the ones sent back checked with their minutes. A
 * single-day call has its day checked to begin with; minutes start at the call's minutesPerDay.
 */
export function dayChoices(dates: string[], minutesPerDay: number, sent?: { date: string; minutes: string }[]): DayChoice[] {
  const picked = new Map((sent ?? []).map((d) => [d.date, d.minutes]));
  return dates.map((date) => ({
    date,
    checked: sent ? picked.has(date) : dates.length === 1,
    minutes: picked.get(date) ?? String(minutesPerDay),
  }));
}

/**
 * The days of a sent apply form: the checked `day` values, each with its `minutes-<date>` select,
 * in date order (the API's `days.N` then names the N-th of them). Problems are named by row.
 */
export function readDays(
  form: { getAll(name: string): unknown[]; get(name: string): unknown },
  allowed: string[],
): { days: { date: string; minutes: number }[]; sent: { date: string; minutes: string }[]; fields: Record<string, string> } {
  const ok = new Set(allowed);
  const dates = [...new Set(form.getAll('day').map(String))].filter((d) => ok.has(d)).sort();
  const sent = dates.map((date) => ({ date, minutes: String(form.get(`minutes-${date}`) ?? '') }));
  const fields: Record<string, string> = {};
  const days: { date: string; minutes: number }[] = [];
  for (const s of sent) {
    const m = Number(s.minutes);
    if (!MINUTE_CHOICES.includes(m)) fields[`day-${s.date}`] = 'minutes';
    else days.push({ date: s.date, minutes: m });
  }
  if (dates.length === 0) fields.days = 'none';
  else if (dates.length > MAX_DAYS) fields.days = 'too_many';
  return { days, sent, fields };
}

/** The API names a day by its place in what was sent (`days.2.minutes`): the row it came from. */
export function dayFieldOf(field: string, sentDates: string[]): string | null {
  const m = /^days\.(\d+)(?:\.|$)/.exec(field);
  if (!m) return null;
  const date = sentDates[Number(m[1])];
  return date ? `day-${date}` : null;
}

export function totalMinutes(days: { minutes: number }[]): number {
  return days.reduce((s, d) => s + d.minutes, 0);
}

export const minutesLabel = (m: number, lang: Locale) => formatMinutes(m, lang);

// ---------- the call form ----------

/** What the call form shows: strings as typed, so a failed save gives back exactly the input. */
export interface CallFormValues {
  title: string;
  category: string;
  summary: string;
  headcount: string;
  publishedOn: string;
  deadline: string;
  workStart: string;
  workEnd: string;
  hoursNote: string;
  minutesPerDay: string;
  place: string;
  /** Suggested skills ticked, and other skills typed, comma separated. */
  skills: string[];
  otherSkills: string;
  departmentId: string;
  contactId: string;
  contactNote: string;
  reach: string;
}

type CallFields = Pick<
  HelpCall,
  | 'title' | 'category' | 'summary' | 'headcount' | 'publishedOn' | 'deadline' | 'workStart' | 'workEnd' | 'hoursNote'
  | 'minutesPerDay' | 'place' | 'skills' | 'contactNote' | 'reach'
> & { department: { id: string }; contact: { id: string } };

export function callFormValues(
  c: CallFields | null,
  suggested: readonly string[],
  defaults: { departmentId?: string; contactId?: string } = {},
): CallFormValues {
  const known = new Set(suggested);
  return {
    title: c?.title ?? '',
    category: c?.category ?? 'operations',
    summary: c?.summary ?? '',
    headcount: c ? String(c.headcount) : '1',
    publishedOn: c?.publishedOn ?? '',
    deadline: c?.deadline ?? '',
    workStart: c?.workStart ?? '',
    workEnd: c?.workEnd ?? '',
    hoursNote: c?.hoursNote ?? '',
    minutesPerDay: String(c?.minutesPerDay ?? 120),
    place: c?.place ?? '',
    skills: (c?.skills ?? []).filter((s) => known.has(s)),
    otherSkills: (c?.skills ?? []).filter((s) => !known.has(s)).join('、'),
    departmentId: c?.department.id ?? defaults.departmentId ?? '',
    contactId: c?.contact.id ?? defaults.contactId ?? '',
    contactNote: c?.contactNote ?? '',
    reach: c?.reach ?? 'region',
  };
}

/** 「英語、手話, Excel」 → ['英語', '手話', 'Excel']: split on commas (either width) and 、, NFKC, no repeats. */
export function splitSkills(raw: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of raw.normalize('NFKC').split(/[,、，;；\n]/)) {
    const s = part.replace(/\s+/g, ' ').trim().replace(/^#+/, '');
    if (!s) continue;
    const key = s.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** 全角 digits and spaces are what people type in Japan: 「２」 is 2. */
function whole(v: string): number | null {
  const s = v.normalize('NFKC').trim();
  return /^\d{1,6}$/.test(s) ? Number(s) : null;
}

/**
 * The call form as the API's body (create, or the changes of `PATCH`). Only what the API cannot
 * word itself is checked here (numbers that are not numbers, dates that are not dates); the rest
 * (dates in order, deadline before the work ends, contact of one's town…) is the API's to say.
 * `fields` maps a field to a problem code: 'number', 'date', 'missing', 'too_many'.
 */
export function callBody(v: CallFormValues, mode: 'create' | 'edit') {
  const fields: Record<string, string> = {};
  const headcount = whole(v.headcount);
  if (headcount === null || headcount < 1 || headcount > 500) fields.headcount = 'number';
  const minutes = Number(v.minutesPerDay);
  if (!MINUTE_CHOICES.includes(minutes)) fields.minutesPerDay = 'number';
  for (const k of ['deadline', 'workStart', 'workEnd'] as const) {
    if (!v[k]) fields[k] = 'missing';
    else if (!isIsoDate(v[k])) fields[k] = 'date';
  }
  if (mode === 'create' && v.publishedOn && !isIsoDate(v.publishedOn)) fields.publishedOn = 'date';
  if (!v.title) fields.title = 'missing';
  if (!v.summary.trim()) fields.summary = 'missing';
  const skills = splitSkills([...v.skills, v.otherSkills].join(','));
  if (skills.length > 20) fields.skills = 'too_many';
  const body = {
    title: v.title,
    category: isHelpCategory(v.category) ? v.category : 'other',
    summary: v.summary,
    headcount: headcount ?? 0,
    deadline: v.deadline,
    workStart: v.workStart,
    workEnd: v.workEnd,
    hoursNote: v.hoursNote || null,
    minutesPerDay: minutes,
    place: v.place || null,
    skills,
    contactNote: v.contactNote || null,
    reach: isReach(v.reach) ? v.reach : 'region',
    ...(isUuid(v.contactId) ? { contactId: v.contactId } : {}),
    ...(mode === 'create' && v.publishedOn ? { publishedOn: v.publishedOn } : {}),
    ...(mode === 'create' && isUuid(v.departmentId) ? { departmentId: v.departmentId } : {}),
  };
  return { body, fields };
}

/** The input each API field is typed in, for error links and aria-describedby. */
export const callFieldIds: Record<string, string> = {
  title: 'f-title',
  category: 'f-category',
  summary: 'f-summary',
  headcount: 'f-headcount',
  publishedOn: 'f-publishedOn',
  deadline: 'f-deadline',
  workStart: 'f-workStart',
  workEnd: 'f-workEnd',
  hoursNote: 'f-hoursNote',
  minutesPerDay: 'f-minutesPerDay',
  place: 'f-place',
  skills: 'f-otherSkills',
  departmentId: 'f-departmentId',
  contactId: 'f-contactId',
  contactNote: 'f-contactNote',
  reach: 'f-reach-region',
};

/** `skills.3` is a problem of the skills field. */
export function callFieldOf(field: string): string {
  return field.startsWith('skills.') ? 'skills' : field;
}

// ---------- departments in a select ----------

/**
 * A town's departments in tree order with their depth (部 › 課 › 係), from a flat list with
 * parentId; children keep the list's order. Anything whose parent is missing starts a tree.
 */
export function departmentTree<T extends { id: string; parentId: string | null }>(items: T[]): (T & { depth: number })[] {
  const ids = new Set(items.map((d) => d.id));
  const children = new Map<string | null, T[]>();
  for (const d of items) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const out: (T & { depth: number })[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const d of children.get(parent) ?? []) {
      out.push({ ...d, depth });
      if (depth < 10) walk(d.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

// ---------- figures ----------

/** The figures' year from `?fy=`: this 年度 unless another (2019 – next year) is asked for. */
export function figuresYear(url: URL, today = todayInJapan()): { fy: number; currentFy: number } {
  const currentFy = fiscalYearOf(today);
  const raw = url.searchParams.get('fy');
  const n = raw && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return { fy: n >= 2019 && n <= currentFy + 1 ? n : currentFy, currentFy };
}

/** The 12 fiscal months (April first) of a report's byMonth ('YYYY-MM'), zeros where missing. */
export function monthSeries<K extends string>(
  rows: ({ month: string } & Record<K, number>)[],
  fy: number,
  key: K,
): number[] {
  const byMonth = new Map(rows.map((r) => [r.month.slice(0, 7), r[key]]));
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    const y = m >= 4 ? fy : fy + 1;
    return byMonth.get(`${y}-${String(m).padStart(2, '0')}`) ?? 0;
  });
}

/** 0.75 → 「75%」; a dash when nothing to divide by. */
export function share(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${Math.round((part / whole) * 100)}%`;
}

/** Participation as the form shows it: hours typed, minutes in quarter steps (planned time to begin with). */
export function splitParticipation(minutes: number): { hours: string; mins: string } {
  const m = Math.max(0, Math.round(minutes / 15) * 15);
  return { hours: String(Math.floor(m / 60)), mins: String(m % 60) };
}
