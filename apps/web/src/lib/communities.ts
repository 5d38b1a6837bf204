// Helpers of the 目的別コミュニティ screens, used on both sides: type-only imports from
// @yui/contracts and the plain label maps of @yui/contracts/i18n keep zod out of the browser bundle.
import type {
  CommunityCategory,
  CommunityVisibility,
  Locale,
  Me,
  NotifySetting,
  PersonRef,
  PostKind,
} from '@yui/contracts';
import {
  communityCategoryLabels,
  communityVisibilityLabels,
  eventFormatLabels,
  eventKindLabels,
  notifySettingLabels,
  postKindLabels,
} from '@yui/contracts/i18n';

export const categories: readonly CommunityCategory[] = ['learning', 'sharing', 'consultation', 'work_life', 'local', 'workplace', 'other'];
export const postKinds: readonly PostKind[] = ['post', 'question', 'worry', 'case', 'idea'];
export const notifySettings: readonly NotifySetting[] = ['all', 'digest', 'mute'];
export const activities = ['active', 'quiet'] as const;
export type Activity = (typeof activities)[number];
export const sorts = ['activity', 'members', 'name', 'newest'] as const;
export type DirectorySort = (typeof sorts)[number];
export const boardKinds = ['worry', 'case'] as const;
export type BoardKind = (typeof boardKinds)[number];
export const searchTypes = ['all', 'communities', 'posts', 'events'] as const;
export type SearchType = (typeof searchTypes)[number];

const oneOf =
  <T extends string>(list: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (list as readonly string[]).includes(v);
export const isCategory = oneOf(categories);
export const isPostKind = oneOf(postKinds);
export const isNotifySetting = oneOf(notifySettings);
export const isActivity = oneOf(activities);
export const isSort = oneOf(sorts);
export const isBoardKind = oneOf(boardKinds);
export const isSearchType = oneOf(searchTypes);

// ---------- labels ----------

const label = (map: Record<string, Record<Locale, string>>, key: string, lang: Locale) => map[key]?.[lang] ?? key;
export const categoryLabel = (c: string, lang: Locale) => label(communityCategoryLabels, c, lang);
export const visibilityLabel = (v: CommunityVisibility | string, lang: Locale) => label(communityVisibilityLabels, v, lang);
export const kindLabel = (k: PostKind | string, lang: Locale) => label(postKindLabels, k, lang);
export const notifyLabel = (n: NotifySetting | string, lang: Locale) => label(notifySettingLabels, n, lang);
export const eventKindLabel = (k: string, lang: Locale) => label(eventKindLabels, k, lang);
export const eventFormatLabel = (f: string, lang: Locale) => label(eventFormatLabels, f, lang);

/** Questions, the share board and ideas need a title; a plain post may go without. */
export const needsTitle = (kind: PostKind) => kind !== 'post';
/** 工夫・お悩みシェアボード: 課題感 and どうやって解決したか. */
export const isShareKind = (kind: PostKind): kind is BoardKind => kind === 'worry' || kind === 'case';

export const isCoordinator = (user: Pick<Me, 'roles'>) => user.roles.some((g) => g.role === 'regional_coordinator');

// ---------- people ----------

/** What stands in for the name of someone who asked without it. */
export const anonymousName = (lang: Locale) => (lang === 'ja' ? '匿名の職員' : 'Anonymous colleague');

/** 「郡山市・観光政策課」 / "郡山市 · 観光政策課": where a person works, for people of other towns. */
export function personPlace(p: Pick<PersonRef, 'municipalityName' | 'departmentName'>, lang: Locale): string {
  const parts = [p.municipalityName, p.departmentName].filter((s): s is string => Boolean(s));
  return parts.join(lang === 'ja' ? '・' : ' · ');
}

/**
 * 「山田 花子（やまだ はなこ）・郡山市・観光政策課」 / "山田 花子 (やまだ はなこ) · 郡山市 · 観光政策課":
 * a person in one line of text (titles, labels). null is the anonymous colleague.
 */
export function personLine(p: PersonRef | null, lang: Locale): string {
  if (!p) return anonymousName(lang);
  const kana = p.nameKana && p.nameKana !== p.name ? (lang === 'ja' ? `（${p.nameKana}）` : ` (${p.nameKana})`) : '';
  const place = personPlace(p, lang);
  return `${p.name}${kana}${place ? (lang === 'ja' ? '・' : ' · ') + place : ''}`;
}

// ---------- dates ----------

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const JST = 9 * HOUR;

/** The Japan calendar date of an instant as a day number (days since 1970-01-01 in JST). */
const jstDay = (t: number) => Math.floor((t + JST) / (24 * HOUR));

const enDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'Asia/Tokyo' });
const enDayYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Asia/Tokyo' });

/**
 * When something was written, as people say it: 「たった今」「5分前」「3時間前」「昨日」「4日前」, then the
 * date 「5月1日」 (「2025年5月1日」 in another year) — days and years in Japan time. `now` comes from the
 * server so that the page hydrates with the same words it was rendered with.
 */
export function relativeTime(iso: string, lang: Locale, now: Date | string = new Date()): string {
  const t = new Date(iso).getTime();
  const n = new Date(now).getTime();
  if (Number.isNaN(t)) return '';
  const ago = n - t;
  const ja = lang === 'ja';
  if (ago < MINUTE) return ja ? 'たった今' : 'just now';
  if (ago < HOUR) {
    const m = Math.floor(ago / MINUTE);
    return ja ? `${m}分前` : `${m} min ago`;
  }
  if (ago < 24 * HOUR && jstDay(t) === jstDay(n)) {
    const h = Math.floor(ago / HOUR);
    return ja ? `${h}時間前` : h === 1 ? '1 hour ago' : `${h} hours ago`;
  }
  const days = jstDay(n) - jstDay(t);
  if (days <= 1) return ja ? '昨日' : 'yesterday';
  if (days < 7) return ja ? `${days}日前` : `${days} days ago`;
  const d = new Date(t + JST);
  const sameYear = d.getUTCFullYear() === new Date(n + JST).getUTCFullYear();
  if (!ja) return (sameYear ? enDay : enDayYear).format(new Date(t));
  const md = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  return sameYear ? md : `${d.getUTCFullYear()}年${md}`;
}

/** 「2026年6月25日」 / "25 Jun 2026": the day of an instant in Japan. */
export function formatDay(iso: string, lang: Locale): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  if (lang === 'en') return enDayYear.format(new Date(t));
  const d = new Date(t + JST);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

// ---------- files ----------

/** 512 → 「512 B」, 2_400_000 → 「2.3 MB」. */
export function formatBytes(n: number, lang: Locale): string {
  const fmt = (v: number) => v.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 1 });
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${fmt(n / 1024)} KB`;
  return `${fmt(n / (1024 * 1024))} MB`;
}

/** Attachments are served through the web (the browser never holds an API token). */
export const fileHref = (id: string) => `/communities/files/${id}`;
export const isImage = (contentType: string) => /^image\/(png|jpeg|gif|webp)$/i.test(contentType);

// ---------- addresses ----------

export const communityHref = (id: string) => `/communities/${id}`;
export const postHref = (id: string) => `/communities/posts/${id}`;
export const eventHref = (id: string) => `/communities/events/${id}`;

/** A hashtag as the API stores it: without #, NFKC, lower case (「＃観光」 → 「観光」). */
export function normalizeTag(raw: string | null | undefined): string {
  if (!raw) return '';
  return raw.normalize('NFKC').trim().replace(/^#+/, '').toLowerCase().slice(0, 50);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
const cursorOf = (url: URL) => {
  const c = url.searchParams.get('cursor');
  return c && c.length <= 200 ? c : null;
};

/** `?` and the parameters that are set, or '' (for links that keep a page's filters). */
export function query(params: Record<string, string | null | undefined | false>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  return p.size ? `?${p}` : '';
}

export interface DirectoryFilters {
  category: CommunityCategory | null;
  municipalityId: string | null;
  activity: Activity | null;
  sort: DirectorySort;
  cursor: string | null;
}

/** The directory's choices from its address: `?category=learning&activity=active&sort=members&cursor=…`. */
export function directoryFilters(url: URL): DirectoryFilters {
  const p = url.searchParams;
  const category = p.get('category');
  const town = p.get('town');
  const activity = p.get('activity');
  const sort = p.get('sort');
  return {
    category: isCategory(category) ? category : null,
    municipalityId: isUuid(town) ? town : null,
    activity: isActivity(activity) ? activity : null,
    sort: isSort(sort) ? sort : 'activity',
    cursor: cursorOf(url),
  };
}

/** The same choices as the page's address (for the pager and "clear"). */
export function directoryParams(f: DirectoryFilters, cursor: string | null = null): string {
  return query({
    category: f.category,
    town: f.municipalityId,
    activity: f.activity,
    sort: f.sort === 'activity' ? null : f.sort,
    cursor,
  });
}

/** …and as the API's query (`GET /api/communities`). */
export function directoryApiQuery(f: DirectoryFilters, limit = 20): URLSearchParams {
  const q = new URLSearchParams({ sort: f.sort, limit: String(limit) });
  if (f.category) q.set('category', f.category);
  if (f.municipalityId) q.set('municipalityId', f.municipalityId);
  if (f.activity) q.set('activity', f.activity);
  if (f.cursor) q.set('cursor', f.cursor);
  return q;
}

export interface TimelineFilters {
  kind: PostKind | null;
  tag: string;
  cursor: string | null;
}

/** A community's timeline: `?kind=question&tag=観光&cursor=…`. */
export function timelineFilters(url: URL): TimelineFilters {
  const kind = url.searchParams.get('kind');
  return { kind: isPostKind(kind) ? kind : null, tag: normalizeTag(url.searchParams.get('tag')), cursor: cursorOf(url) };
}

export const pageCursor = cursorOf;
export const uuidParam = (url: URL, name: string) => {
  const v = url.searchParams.get(name);
  return isUuid(v) ? v : null;
};

// ---------- the composer ----------

export interface PostFormValues {
  kind: PostKind;
  title: string;
  body: string;
  challenge: string;
  solution: string;
  anonymous: boolean;
}

export const emptyPost = (kind: PostKind = 'post'): PostFormValues => ({
  kind, title: '', body: '', challenge: '', solution: '', anonymous: false,
});

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

/**
 * The composer as typed (strings kept as they are, so a failed post gives back exactly the input)
 * and as the API's `postCreate` body: fields that do not belong to the kind are left out (a question
 * is anonymous only when it is a question; 課題感 only on the share board).
 */
export function readPostForm(form: FormData) {
  const kindRaw = field(form, 'kind');
  const kind: PostKind = isPostKind(kindRaw) ? kindRaw : 'post';
  const values: PostFormValues = {
    kind,
    title: field(form, 'title').trim(),
    body: field(form, 'body'),
    challenge: field(form, 'challenge'),
    solution: field(form, 'solution'),
    anonymous: form.get('anonymous') === 'on' || form.get('anonymous') === '1',
  };
  const share = isShareKind(kind);
  const body = {
    kind,
    title: values.title || null,
    body: values.body,
    challenge: share && values.challenge.trim() ? values.challenge : null,
    solution: share && values.solution.trim() ? values.solution : null,
    anonymous: kind === 'question' && values.anonymous,
  };
  return { values, body };
}

/** The inputs of the composer and the edit form, by the API's field names (error links, aria). */
export const postFieldIds: Record<string, string> = {
  kind: 'f-kind',
  title: 'f-title',
  body: 'f-body',
  challenge: 'f-challenge',
  solution: 'f-solution',
  anonymous: 'f-anonymous',
  attachmentIds: 'f-files',
  file: 'f-files',
};

/** What the post page's actions answer when a comment form failed, to show beside that form. */
export interface CommentFailure {
  op: string;
  /** The comment the form was about (a reply: its parent), or null for a new comment. */
  target: string | null;
  body?: string;
  reason?: string;
  kind?: string;
  message: string;
  fields: Record<string, string>;
}
