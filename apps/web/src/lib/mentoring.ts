// Helpers of the programme side of 職員サポート制度 (the hub, a programme, joining, matching, the
// health board, the report), used on both sides: type-only imports from @yui/contracts and the deep
// import of its word lists keep zod out of the browser bundle.
import type {
  DepartmentPreference, Locale, MatchExclusion, MatchReason, MenteeRule, MentoringKind, MentoringRole, MentoringScope,
  MentorshipSummary, PairHealth, Programme, TownPreference,
} from '@yui/contracts';
import {
  mentoringFieldLabels, mentoringKindLabels, mentoringRoleLabels, pairHealthLabels,
} from '@yui/contracts/i18n-mentoring';
import { translator, type MessageKey, type Translate } from './i18n';
import { fiscalYearLabel, fiscalYearOf, formatMinutes, isIsoDate, todayInJapan } from './time';

const label = (map: Record<string, Record<Locale, string>>, key: string, lang: Locale) => map[key]?.[lang] ?? key;

export const mentoringKinds: readonly MentoringKind[] = ['new_hire', 'new_chief', 'cross_town', 'other'];
export const menteeRules: readonly MenteeRule[] = ['hired_in_year', 'chief_in_year', 'anyone'];
export const departmentPreferences: readonly DepartmentPreference[] = ['near', 'far', 'any'];
export const townPreferences: readonly TownPreference[] = ['any', 'own', 'other'];
export const healthOrder: readonly PairHealth[] = ['stalled', 'quiet', 'new', 'good', 'ended'];

export const kindLabel = (k: string, lang: Locale) => label(mentoringKindLabels, k, lang);
export const roleLabel = (r: string, lang: Locale) => label(mentoringRoleLabels, r, lang);
export const healthLabel = (h: string, lang: Locale) => label(pairHealthLabels, h, lang);
/** A field as the API names it in its messages (制度名, 受け持てる人数…). */
export const mentoringField = (f: string, lang: Locale) => label(mentoringFieldLabels, `mentoring.${f}`, lang);

const isOneOf = <T extends string>(list: readonly T[]) => (v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
export const isKind = isOneOf(mentoringKinds);
export const isMenteeRule = isOneOf(menteeRules);
export const isDepartmentPreference = isOneOf(departmentPreferences);
export const isTownPreference = isOneOf(townPreferences);
export const isRole = isOneOf<MentoringRole>(['mentor', 'mentee']);
export const isScope = isOneOf<MentoringScope>(['town', 'region']);

/** The badge colour of a pair's state: ok (green), wait (orange), off (red), key, or plain. */
export type Tone = 'ok' | 'wait' | 'off' | 'key' | '';
export function healthTone(h: PairHealth): Tone {
  return h === 'good' ? 'ok' : h === 'new' ? 'key' : h === 'quiet' ? 'wait' : h === 'stalled' ? 'off' : '';
}

/** The health board: stalled first, then quiet, new, good, ended; longest without a session first within each. */
export function byHealth<T extends Pick<MentorshipSummary, 'health' | 'weeksQuiet' | 'id'>>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => healthOrder.indexOf(a.health) - healthOrder.indexOf(b.health) || b.weeksQuiet - a.weeksQuiet || a.id.localeCompare(b.id),
  );
}

// ---------- who may do what ----------

type Roles = { roles: { role: string }[] };
export const isTownAdmin = (u: Roles) => u.roles.some((g) => g.role === 'municipality_admin');
export const isRegionCoordinator = (u: Roles) => u.roles.some((g) => g.role === 'regional_coordinator');
/** The scopes a person may create a programme in: 自治体管理者 → their town, coordinator → the region. */
export function creatableScopes(u: Roles): MentoringScope[] {
  return [...(isTownAdmin(u) ? (['town'] as const) : []), ...(isRegionCoordinator(u) ? (['region'] as const) : [])];
}

// ---------- rules in words ----------

export function menteeRuleText(rule: MenteeRule, fy: number, lang: Locale): string {
  return translator(lang)(`mentoring.rule.${rule}` as MessageKey, { fy: fiscalYearLabel(fy, lang) });
}

export function mentorRuleText(minYears: number, lang: Locale): string {
  const t = translator(lang);
  return minYears > 0 ? t('mentoring.rule.mentor', { n: minYears }) : t('mentoring.rule.mentorAny');
}

export const preferenceText = (p: DepartmentPreference, lang: Locale, short = false) =>
  translator(lang)(`mentoring.${short ? 'prefShort' : 'pref'}.${p}` as MessageKey);

export const townPreferenceText = (p: TownPreference, lang: Locale) => translator(lang)(`mentoring.town.${p}` as MessageKey);

export function scopeText(p: Pick<Programme, 'scope' | 'town'>, lang: Locale): string {
  const t = translator(lang);
  return p.scope === 'region' ? t('mentoring.scope.region') : t('mentoring.scope.town', { town: p.town.name });
}

export function keepAliveText(p: Pick<Programme, 'nudgeAfterWeeks' | 'escalateAfterWeeks'>, lang: Locale): string {
  return translator(lang)('mentoring.keepAlive', { nudge: p.nudgeAfterWeeks, escalate: p.escalateAfterWeeks });
}

export const sessionText = (minutes: number, lang: Locale) => translator(lang)('mentoring.perSession', { time: formatMinutes(minutes, lang) });

// ---------- matching in words ----------

/** One part of a match score in words, with its points: 「共通のスキル・関心: Excel・文章作成（+25）」. */
export function reasonText(r: MatchReason, lang: Locale): string {
  const t = translator(lang);
  return t('mentoring.reason.points', { text: reasonWords(r, t, lang), points: r.points });
}

function reasonWords(r: MatchReason, t: Translate, lang: Locale): string {
  switch (r.code) {
    case 'skills':
      return r.skills?.length ? t('mentoring.reason.skills', { skills: r.skills.join(lang === 'ja' ? '・' : ', ') }) : t('mentoring.reason.skillsNone');
    case 'experience':
      return r.yearsGap && r.yearsGap > 0 ? t('mentoring.reason.experience', { n: r.yearsGap }) : t('mentoring.reason.experienceNone');
    case 'department':
      return r.distance ? t(`mentoring.reason.distance.${r.distance}` as MessageKey) : t('mentoring.overview.matching');
    case 'town':
      return t(`mentoring.reason.town.${r.townWish ?? 'neutral'}` as MessageKey);
    case 'capacity':
      return t('mentoring.reason.capacity', { n: r.remaining ?? 0 });
  }
}

/** The reasons worth showing, strongest first (a reason with no points still says why, e.g. another town). */
export function reasonsInOrder(reasons: readonly MatchReason[]): MatchReason[] {
  const order = ['skills', 'experience', 'department', 'town', 'capacity'];
  return [...reasons].sort((a, b) => b.points - a.points || order.indexOf(a.code) - order.indexOf(b.code));
}

/** 「自分の所属長 1人・同じ係 2人」: the mentors left out of a mentee's suggestions, per reason. */
export function exclusionsText(excluded: readonly { reason: MatchExclusion; count: number }[], lang: Locale): string {
  const t = translator(lang);
  return excluded
    .filter((e) => e.count > 0)
    .map((e) => t(`mentoring.exclusion.${e.reason}` as MessageKey, { n: e.count }))
    .join(lang === 'ja' ? '・' : ', ');
}

/** How the optimal proposal compares with first come, first served. */
export function proposalComparison(
  p: { pairs: unknown[]; totalScore: number; greedyTotalScore: number; greedyPairs: number },
  lang: Locale,
): string {
  const t = translator(lang);
  const morePairs = p.pairs.length - p.greedyPairs;
  const morePoints = p.totalScore - p.greedyTotalScore;
  if (morePairs > 0 && morePoints > 0) return t('mentoring.match.better', { pairs: morePairs, score: morePoints });
  if (morePairs > 0) return t('mentoring.match.betterPairs', { pairs: morePairs });
  if (morePoints > 0) return t('mentoring.match.betterScore', { score: morePoints });
  return t('mentoring.match.same');
}

/** A proposal's pairs in the hidden fields of its confirm form, and back: `<menteeId>:<mentorId>`. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const pairValue = (menteeId: string, mentorId: string) => `${menteeId}:${mentorId}`;
export function readPairs(values: readonly unknown[]): { menteeId: string; mentorId: string }[] {
  const out: { menteeId: string; mentorId: string }[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const [menteeId, mentorId, rest] = v.split(':');
    if (rest !== undefined || !UUID.test(menteeId ?? '') || !UUID.test(mentorId ?? '') || seen.has(menteeId!)) continue;
    seen.add(menteeId!);
    out.push({ menteeId: menteeId!, mentorId: mentorId! });
  }
  return out.slice(0, 500);
}

// ---------- the programme form ----------

/** What the programme form shows: strings as typed, so a failed save gives back exactly the input. */
export interface ProgrammeFormValues {
  scope: string;
  kind: string;
  fiscalYear: string;
  title: string;
  goals: string;
  menteeRule: string;
  mentorMinYears: string;
  departmentPreference: string;
  startsOn: string;
  endsOn: string;
  nudgeAfterWeeks: string;
  escalateAfterWeeks: string;
  sessionMinutes: string;
}

/** The form to begin with: the programme's values, or a 新採用職員サポート of this 年度. */
export function programmeFormValues(p: Programme | null, scopes: readonly MentoringScope[], today = todayInJapan()): ProgrammeFormValues {
  return {
    scope: p?.scope ?? scopes[0] ?? 'town',
    kind: p?.kind ?? 'new_hire',
    fiscalYear: String(p?.fiscalYear ?? fiscalYearOf(today)),
    title: p?.title ?? '',
    goals: p?.goals ?? '',
    menteeRule: p?.menteeRule ?? 'hired_in_year',
    mentorMinYears: String(p?.mentorMinYears ?? 3),
    departmentPreference: p?.departmentPreference ?? 'near',
    startsOn: p?.startsOn ?? '',
    endsOn: p?.endsOn ?? '',
    nudgeAfterWeeks: String(p?.nudgeAfterWeeks ?? 4),
    escalateAfterWeeks: String(p?.escalateAfterWeeks ?? 8),
    sessionMinutes: String(p?.sessionMinutes ?? 60),
  };
}

/** What each kind suggests for the mentee rule and department distance (the form's JavaScript). */
export const kindDefaults: Record<string, { rule: MenteeRule; pref: DepartmentPreference }> = {
  new_hire: { rule: 'hired_in_year', pref: 'near' },
  new_chief: { rule: 'chief_in_year', pref: 'far' },
  cross_town: { rule: 'anyone', pref: 'far' },
};

/** The 年度 offered: last year, this year and next. */
export function fiscalYearChoices(today = todayInJapan()): number[] {
  const fy = fiscalYearOf(today);
  return [fy - 1, fy, fy + 1];
}

/** Session lengths offered (the contract's 15 min – 8 h). */
export const SESSION_MINUTES: readonly number[] = [15, 30, 45, 60, 90, 120, 180, 240];

/** 全角 digits and spaces are what people type in Japan: 「２」 is 2. */
export function whole(v: string): number | null {
  const s = v.normalize('NFKC').trim();
  return /^\d{1,4}$/.test(s) ? Number(s) : null;
}

/**
 * The programme form as the API's body (create, or the changes of `PATCH`). Only what the API
 * cannot word itself is checked here (a missing name, numbers that are not numbers, dates that are
 * not dates); the rest (dates within the 年度, escalation after the nudge…) is the API's to say.
 * `fields` maps a field to a problem code: 'missing', 'number', 'date'.
 */
export function programmeBody(v: ProgrammeFormValues, mode: 'create' | 'edit') {
  const fields: Record<string, string> = {};
  if (!v.title.trim()) fields.title = 'missing';
  const num = (k: 'mentorMinYears' | 'nudgeAfterWeeks' | 'escalateAfterWeeks' | 'sessionMinutes' | 'fiscalYear') => {
    const n = whole(v[k]);
    if (n === null) fields[k] = 'number';
    return n ?? 0;
  };
  const mentorMinYears = num('mentorMinYears');
  const nudgeAfterWeeks = num('nudgeAfterWeeks');
  const escalateAfterWeeks = num('escalateAfterWeeks');
  const sessionMinutes = num('sessionMinutes');
  for (const k of ['startsOn', 'endsOn'] as const) if (v[k] && !isIsoDate(v[k])) fields[k] = 'date';
  const common = {
    title: v.title.trim(),
    goals: v.goals.trim(),
    menteeRule: isMenteeRule(v.menteeRule) ? v.menteeRule : 'anyone',
    mentorMinYears,
    departmentPreference: isDepartmentPreference(v.departmentPreference) ? v.departmentPreference : 'any',
    nudgeAfterWeeks,
    escalateAfterWeeks,
    sessionMinutes,
    ...(v.startsOn ? { startsOn: v.startsOn } : {}),
    ...(v.endsOn ? { endsOn: v.endsOn } : {}),
  };
  if (mode === 'edit') return { body: common, fields };
  const fiscalYear = num('fiscalYear');
  return {
    body: {
      scope: isScope(v.scope) ? v.scope : 'town',
      kind: isKind(v.kind) ? v.kind : 'other',
      fiscalYear,
      ...common,
    },
    fields,
  };
}

/** The input each field is typed in, for error links. */
export const programmeFieldIds: Record<string, string> = {
  scope: 'f-scope-0',
  kind: 'f-kind',
  fiscalYear: 'f-fiscalYear',
  title: 'f-title',
  goals: 'f-goals',
  menteeRule: 'f-menteeRule',
  mentorMinYears: 'f-mentorMinYears',
  departmentPreference: 'f-departmentPreference',
  startsOn: 'f-startsOn',
  endsOn: 'f-endsOn',
  nudgeAfterWeeks: 'f-nudgeAfterWeeks',
  escalateAfterWeeks: 'f-escalateAfterWeeks',
  sessionMinutes: 'f-sessionMinutes',
};

// ---------- joining ----------

export const MAX_SKILLS = 20;
export const SKILL_MAX_LENGTH = 30;

/** 「Excel、文章作成, 英語」 → ['Excel', '文章作成', '英語']: commas of either width and 、, NFKC, no repeats. */
export function splitSkills(raw: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of raw.normalize('NFKC').split(/[,、，;；\n]/)) {
    const s = part.replace(/\s+/g, ' ').trim().replace(/^#+/, '');
    if (!s || seen.has(s.toLowerCase())) continue;
    seen.add(s.toLowerCase());
    out.push(s);
  }
  return out;
}

export interface JoinFormValues {
  role: MentoringRole;
  capacity: string;
  skills: string;
  yearsOfService: string;
  townPreference: string;
  note: string;
}

export const joinFormValues = (role: MentoringRole): JoinFormValues => ({
  role, capacity: '1', skills: '', yearsOfService: '', townPreference: 'any', note: '',
});

/** The join form as the API's participantInput; years left empty are the API's to count from the hire date. */
export function joinBody(v: JoinFormValues) {
  const fields: Record<string, string> = {};
  const capacity = whole(v.capacity);
  if (v.role === 'mentor' && (capacity === null || capacity < 1 || capacity > 10)) fields.capacity = 'number';
  let years: number | undefined;
  if (v.yearsOfService.trim()) {
    const n = whole(v.yearsOfService);
    if (n === null || n > 60) fields.yearsOfService = 'number';
    else years = n;
  }
  const skills = splitSkills(v.skills);
  if (skills.length > MAX_SKILLS) fields.skills = 'too_many';
  return {
    body: {
      role: v.role,
      capacity: v.role === 'mentor' ? (capacity ?? 1) : 1,
      skills,
      ...(years !== undefined ? { yearsOfService: years } : {}),
      townPreference: isTownPreference(v.townPreference) ? v.townPreference : 'any',
      note: v.note.trim(),
    },
    fields,
  };
}

/** `skills.3` → `skills`: the form has one place to show a skill's problem. */
export const formFieldOf = (field: string) => (field.startsWith('skills.') ? 'skills' : field);

/** The local problem codes of these forms in words, named like the API's: 「制度名: 入力してください」. */
export function problemText(field: string, code: string, lang: Locale): string {
  const t = translator(lang);
  const reason =
    code === 'missing' ? t('mentoring.form.missing')
    : code === 'date' ? t('mentoring.form.notDate')
    : code === 'too_many' ? t('mentoring.join.skillsHelp')
    : t('mentoring.form.notNumber');
  return `${mentoringField(field, lang)}: ${reason}`;
}

/** The same problem beside its input: the field's name is already there in Japanese. */
export function reasonBeside(field: string, message: string, lang: Locale): string {
  const name = mentoringField(field, lang);
  return lang === 'ja' && message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
}

// ---------- figures ----------

/** The report's 年度 from `?fy=`: the programme's own unless another (2019 – next year) is asked for. */
export function reportYear(url: URL, programmeFy: number, today = todayInJapan()): number {
  const raw = url.searchParams.get('fy');
  const n = raw && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return n >= 2019 && n <= fiscalYearOf(today) + 1 ? n : programmeFy;
}

/** 4.25 → 「4.3」; a dash when nobody answered. */
export function average(v: number | null, lang: Locale): string {
  return v === null ? '—' : v.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * Suggested skills and interests: one vocabulary for both sides, so a mentor's 「予算」 meets a
 * mentee's 「予算」 in the matching (free tags are allowed too).
 */
export const MENTORING_TOPICS: readonly string[] = [
  '仕事の進め方', '文章作成', 'Excel', '窓口対応', '予算', '議会対応', '職場の人間関係', 'キャリア',
  '子育てと仕事', '防災', '企画立案', 'SNS発信', 'イベント運営', 'データ分析', '英語', '係の運営',
];
