// Helpers of the 地域の魅力 (attraction posts) staff screens, used on both sides: type-only imports
// from @yui/contracts and deep imports of its word lists keep zod out of the browser bundle.
// Dates are 'YYYY-MM-DD' and times 'HH:mm' in Japan time.
import type {
  AttractionCategory, AttractionPhoto, AttractionStatus, AttractionSummary, ChannelKind, IssueParams, Locale, PhotoPeople,
  PhotoUpdate, PublicationStatus,
} from '@yui/contracts';
import { fieldMessage } from '@yui/contracts/i18n';
import {
  attractionCategoryLabels, attractionFieldLabels, attractionStatusLabels, channelKindLabels, photoPeopleLabels,
  publicationStatusLabels, reviewActionLabels,
} from '@yui/contracts/i18n-attractions';
import { eventPeriodText as periodText, mapLinks as domainMapLinks } from '@yui/domain/attractions';
import { findUrls } from '@yui/domain/social';
import { translator, type MessageKey } from './i18n';
import { fiscalYearOf, isIsoDate, todayInJapan } from './time';

export const attractionCategories: readonly AttractionCategory[] = ['spot', 'event', 'food', 'experience', 'product', 'other'];
export const attractionStatuses: readonly AttractionStatus[] = [
  'draft', 'in_review', 'returned', 'rejected', 'approved', 'scheduled', 'published', 'unpublished',
];
/** The region's shared pool: what every town sees. */
export const poolStatusList: readonly AttractionStatus[] = ['approved', 'scheduled', 'published', 'unpublished'];
/** 審査待ち shows posts in review; a reviewer may look back at their town's other decided ones. */
export const reviewStatusList: readonly AttractionStatus[] = ['returned', 'rejected', 'approved', 'scheduled', 'published', 'unpublished'];
export const channelKinds: readonly ChannelKind[] = ['x', 'instagram', 'facebook', 'line', 'other'];
export const peopleChoices: readonly PhotoPeople[] = ['none', 'consented', 'not_asked'];
export const listViews = ['mine', 'review', 'pool'] as const;
export type ListView = (typeof listViews)[number];

const oneOf =
  <T extends string>(list: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (list as readonly string[]).includes(v);
export const isCategory = oneOf(attractionCategories);
export const isAttractionStatus = oneOf(attractionStatuses);
export const isChannelKind = oneOf(channelKinds);
export const isPeople = oneOf(peopleChoices);
export const isListView = oneOf(listViews);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

// ---------- labels ----------

const label = (map: Record<string, Record<Locale, string>>, key: string, lang: Locale) => map[key]?.[lang] ?? key;
export const categoryLabel = (c: string, lang: Locale) => label(attractionCategoryLabels, c, lang);
export const statusLabel = (s: string, lang: Locale) => label(attractionStatusLabels, s, lang);
export const reviewActionLabel = (a: string, lang: Locale) => label(reviewActionLabels, a, lang);
export const peopleLabel = (p: string, lang: Locale) => label(photoPeopleLabels, p, lang);
export const channelKindLabel = (k: string, lang: Locale) => label(channelKindLabels, k, lang);
export const publicationStatusLabel = (s: string, lang: Locale) => label(publicationStatusLabels, s, lang);
/** A field as the API names it in its messages (タイトル, 紹介文, 撮影者…); `photos.2.alt` is 代替テキスト. */
export function attractionField(field: string, lang: Locale): string {
  const leaf = field.split('.').filter((p) => !/^\d+$/.test(p)).at(-1) ?? field;
  return label(attractionFieldLabels, `attractions.${leaf}`, lang);
}

/** A problem found here, worded exactly as the API words it: 「タイトル: 入力してください」. */
export const problemText = (field: string, issue: string, lang: Locale, params?: IssueParams) =>
  fieldMessage(field, issue, lang, params, 'attractions');

/** The same problem beside its input, where the field's name is already written (Japanese only). */
export function reasonBeside(field: string, message: string, lang: Locale): string {
  const name = attractionField(field, lang);
  return lang === 'ja' && message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
}

/** The badge colour of a post's status (classes of events/forms.css). */
export type Tone = 'ok' | 'wait' | 'off' | 'key' | '';
export function statusTone(s: AttractionStatus): Tone {
  switch (s) {
    case 'in_review':
    case 'scheduled':
      return 'key';
    case 'returned':
      return 'wait';
    case 'rejected':
    case 'unpublished':
      return 'off';
    case 'approved':
    case 'published':
      return 'ok';
    default:
      return '';
  }
}

export function publicationTone(s: PublicationStatus): Tone {
  return s === 'delivered' ? 'ok' : s === 'failed' ? 'off' : 'wait';
}

// ---------- who may do what (the API checks every call again) ----------

type Roles = { roles: { role: string }[] };
/** 審査担当: the town's attraction reviewers and its 自治体管理者. */
export const isReviewer = (u: Roles) => u.roles.some((g) => g.role === 'attraction_reviewer' || g.role === 'municipality_admin');
/** 広域コーディネーター: schedules, channels, collections, the publication log. */
export const isCoordinator = (u: Roles) => u.roles.some((g) => g.role === 'regional_coordinator');

// ---------- the hub's list ----------

export interface AttractionFilters {
  view: ListView;
  status: AttractionStatus | null;
  category: AttractionCategory | null;
  /** A town's id (pool only). */
  town: string | null;
  q: string;
  cursor: string | null;
}

/**
 * The list's choices from its address: `?view=pool&category=event&town=…&q=桜&cursor=…`. 審査待ち is
 * for reviewers: anyone else asking for it sees their own posts. A status outside the view's is dropped.
 */
export function attractionFilters(url: URL, user: Roles): AttractionFilters {
  const p = url.searchParams;
  const rawView = p.get('view');
  const view: ListView = isListView(rawView) && (rawView !== 'review' || isReviewer(user)) ? rawView : 'mine';
  const status = p.get('status');
  const category = p.get('category');
  const town = p.get('town');
  const cursor = p.get('cursor');
  const okStatus = oneOf(view === 'mine' ? attractionStatuses : view === 'pool' ? poolStatusList : reviewStatusList)(status);
  return {
    view,
    status: okStatus ? (status as AttractionStatus) : null,
    category: isCategory(category) ? category : null,
    town: view === 'pool' && isUuid(town) ? town : null,
    q: (p.get('q') ?? '').trim().slice(0, 100),
    cursor: cursor && cursor.length <= 200 ? cursor : null,
  };
}

/** The API's query for the list (GET /api/attractions). */
export function attractionListQuery(f: AttractionFilters, limit: number): URLSearchParams {
  const q = new URLSearchParams({ view: f.view, limit: String(limit) });
  if (f.status) q.set('status', f.status);
  if (f.category) q.set('category', f.category);
  if (f.town) q.set('municipalityId', f.town);
  if (f.q) q.set('q', f.q);
  if (f.cursor) q.set('cursor', f.cursor);
  return q;
}

/** The hub's address with these choices (a new choice starts the list again from its first page). */
export function filtersHref(f: AttractionFilters, change: Partial<AttractionFilters> = {}): string {
  const next = { ...f, cursor: null, ...change };
  const q = new URLSearchParams();
  if (next.view !== 'mine') q.set('view', next.view);
  if (next.status) q.set('status', next.status);
  if (next.category) q.set('category', next.category);
  if (next.town) q.set('town', next.town);
  if (next.q) q.set('q', next.q);
  if (next.cursor) q.set('cursor', next.cursor);
  return q.size ? `/attractions?${q}` : '/attractions';
}

export const hasFilters = (f: AttractionFilters) => Boolean(f.status || f.category || f.town || f.q);

// ---------- in words ----------

/**
 * An event's period as the public pages write it (@yui/domain): 「4月10日（金）〜4月20日（月） 10:00〜16:00」,
 * the year only when it is not this one. null for posts without a period.
 */
export function eventPeriodText(
  p: { eventStartsOn: string | null; eventEndsOn: string | null; eventStartTime?: string | null; eventEndTime?: string | null },
  lang: Locale,
  today = todayInJapan(),
): string | null {
  if (!p.eventStartsOn) return null;
  const period = { startsOn: p.eventStartsOn, endsOn: p.eventEndsOn, startTime: p.eventStartTime ?? null, endTime: p.eventEndTime ?? null };
  return periodText(period, lang, { year: Number(today.slice(0, 4)) }) || null;
}

/** Up to six decimals, no trailing zeros: 37.442000 → 「37.442」. */
export const formatCoord = (n: number) => String(Number(n.toFixed(6)));

/** Where the place is on the common maps (国土地理院 first: the maps public offices use), as links. */
export function mapLinks(lat: number, lng: number, label?: string | null): { key: 'gsi' | 'google' | 'apple' | 'osm'; href: string }[] {
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return [];
  const links = domainMapLinks(lat, lng, label);
  return [
    { key: 'gsi', href: `https://maps.gsi.go.jp/#16/${formatCoord(lat)}/${formatCoord(lng)}/` },
    { key: 'google', href: links.google },
    { key: 'apple', href: links.apple },
    { key: 'osm', href: links.osm },
  ];
}

// ---------- Japan time for datetime-local ----------

const JST = 9 * 3_600_000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** An instant as a datetime-local value in Japan time: '2026-04-10T09:00'. */
export function japanLocalInput(iso: string | Date): string {
  const t = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(t + JST).toISOString().slice(0, 16);
}

/** A datetime-local value read as Japan time, as the API's ISO instant ('…+09:00'); null when it is not one. */
export function fromJapanLocal(value: string): string | null {
  const m = LOCAL.exec(value.normalize('NFKC').trim().replace(' ', 'T'));
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi) - JST;
  // 2月30日 and 25時 are not times: the parts must come back unchanged.
  const back = new Date(t + JST);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+09:00`;
}

/** The time offered for a new schedule: tomorrow at 9:00 in Japan (the morning readers look). */
export function defaultPublishInput(now: Date = new Date()): string {
  const tomorrow = new Date(Date.parse(`${todayInJapan(now)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return `${tomorrow}T09:00`;
}

// ---------- the post form ----------

export const TITLE_MAX = 80;
export const BODY_MAX = 5000;
export const PLACE_MAX = 100;
export const ADDRESS_MAX = 200;
export const TAGS_MAX = 10;
export const TAG_MAX_LENGTH = 30;
export const LINK_MAX = 500;
export const PHOTOS_MAX = 10;

/** What the post form shows: strings as typed, so a failed save gives back exactly the input. */
export interface AttractionFormValues {
  category: string;
  title: string;
  body: string;
  placeName: string;
  address: string;
  latitude: string;
  longitude: string;
  eventStartsOn: string;
  eventEndsOn: string;
  eventStartTime: string;
  eventEndTime: string;
  /** As typed: 「桜、#花見」 (TagInput sends its chips comma separated). */
  tags: string;
  linkUrl: string;
}

type PostFields = {
  category: string; title: string; body: string; placeName: string | null; address: string | null;
  latitude: number | null; longitude: number | null; eventStartsOn: string | null; eventEndsOn: string | null;
  eventStartTime: string | null; eventEndTime: string | null; tags: string[]; linkUrl: string | null;
};

export function attractionFormValues(a: PostFields | null): AttractionFormValues {
  return {
    category: a?.category ?? '',
    title: a?.title ?? '',
    body: a?.body ?? '',
    placeName: a?.placeName ?? '',
    address: a?.address ?? '',
    latitude: a?.latitude == null ? '' : formatCoord(a.latitude),
    longitude: a?.longitude == null ? '' : formatCoord(a.longitude),
    eventStartsOn: a?.eventStartsOn ?? '',
    eventEndsOn: a?.eventEndsOn ?? '',
    eventStartTime: a?.eventStartTime ?? '',
    eventEndTime: a?.eventEndTime ?? '',
    tags: (a?.tags ?? []).join(','),
    linkUrl: a?.linkUrl ?? '',
  };
}

/** 「#桜、花見, ＃三春」 → ['桜', '花見', '三春']: either comma, 、, spaces between #tags; no # and no repeats. */
export function splitTags(raw: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of raw.normalize('NFKC').split(/[,、，;；\n]|\s+(?=#)/)) {
    const s = part.replace(/^[\s#]+/, '').replace(/\s+/g, ' ').trim();
    if (!s || seen.has(s.toLowerCase())) continue;
    seen.add(s.toLowerCase());
    out.push(s);
  }
  return out;
}

/** Tags offered while writing: what visitors look for in the region. */
export const SUGGESTED_TAGS: readonly string[] = [
  '桜', '紅葉', '花見', '温泉', '祭り', '花火', '道の駅', '歴史', '自然', '子ども連れ', '雨の日もOK', '日本酒', '果物狩り', '夜景', '雪',
];

/** A number as typed in Japan (全角 digits, 「．」, a minus sign of any width). */
function decimal(raw: string): number | null {
  const s = raw.normalize('NFKC').replace(/[−ー―‐]/g, '-').trim();
  return /^-?\d{1,3}(\.\d{1,12})?$/.test(s) ? Number(s) : null;
}

/**
 * Coordinates as typed. A map app copies both at once (「37.44200, 140.49000」): pasted into 緯度
 * with 経度 left empty, they are split.
 */
export function readCoords(latitude: string, longitude: string): { lat: string; lng: string } {
  const pair = /^\s*(-?[\d.０-９．−ー]+)\s*[,、，\s]\s*(-?[\d.０-９．−ー]+)\s*$/.exec(latitude);
  if (pair && !longitude.trim()) return { lat: pair[1]!, lng: pair[2]! };
  return { lat: latitude, lng: longitude };
}

/** 「www.example.jp」 is meant as https://www.example.jp; anything else must be an http(s) address. */
export function readLink(raw: string): string | null {
  const s = raw.trim();
  if (!s) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : /^[\w-]+(\.[\w-]+)+(\/|$|\?)/.test(s) ? `https://${s}` : s;
  try {
    const u = new URL(withScheme);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
/** 「9:00」 and 「９：００」 are 09:00. */
function readTime(raw: string): string | null {
  const s = raw.normalize('NFKC').trim();
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const v = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  return HHMM.test(v) ? v : null;
}

/**
 * The post form as the API's body (create, or `PATCH` with the version it was made on). Only what the
 * API cannot word as well is checked here (a missing title, numbers and dates that are not, one
 * coordinate without the other); the rest (an event without dates, an end before its start…) is the
 * API's to say. `fields` maps a field to an issue key of @yui/contracts (see `problemText`).
 */
export function attractionBody(v: AttractionFormValues) {
  const fields: Record<string, string> = {};
  const title = v.title.trim();
  if (!title) fields.title = 'required';
  else if (title.length > TITLE_MAX) fields.title = 'too_big';
  if (!v.category) fields.category = 'required';
  else if (!isCategory(v.category)) fields.category = 'invalid_value';
  const body = v.body.replace(/\r\n?/g, '\n').trim();
  if (body.length > BODY_MAX) fields.body = 'too_big';
  const text = (k: 'placeName' | 'address', max: number) => {
    const s = v[k].trim();
    if (s.length > max) fields[k] = 'too_big';
    return s || null;
  };
  const placeName = text('placeName', PLACE_MAX);
  const address = text('address', ADDRESS_MAX);

  const coords = readCoords(v.latitude, v.longitude);
  const coord = (k: 'latitude' | 'longitude', raw: string, max: number) => {
    if (!raw.trim()) return null;
    const n = decimal(raw);
    if (n === null) fields[k] = 'invalid_format';
    else if (Math.abs(n) > max) fields[k] = n > 0 ? 'too_big' : 'too_small';
    return n;
  };
  const latitude = coord('latitude', coords.lat, 90);
  const longitude = coord('longitude', coords.lng, 180);
  if ((latitude === null) !== (longitude === null) && !fields.latitude && !fields.longitude) {
    fields[latitude === null ? 'latitude' : 'longitude'] = 'coords_both';
  }

  const date = (k: 'eventStartsOn' | 'eventEndsOn') => {
    const s = v[k].normalize('NFKC').trim().replaceAll('/', '-');
    if (!s) return null;
    // 2月30日 is no date (Date.parse rolls it over to March; the API refuses it).
    if (!isIsoDate(s) || new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s) fields[k] = 'invalid_format';
    return s;
  };
  const time = (k: 'eventStartTime' | 'eventEndTime') => {
    if (!v[k].trim()) return null;
    const s = readTime(v[k]);
    if (!s) fields[k] = 'invalid_format';
    return s;
  };
  const tags = splitTags(v.tags);
  if (tags.length > TAGS_MAX || tags.some((tag) => tag.length > TAG_MAX_LENGTH)) fields.tags = 'too_big';
  const linkUrl = readLink(v.linkUrl);
  if (v.linkUrl.trim() && (!linkUrl || linkUrl.length > LINK_MAX)) fields.linkUrl = linkUrl ? 'too_big' : 'invalid_format';

  return {
    body: {
      category: (isCategory(v.category) ? v.category : 'other') as AttractionCategory,
      title,
      body,
      placeName,
      address,
      latitude: fields.latitude || fields.longitude ? null : latitude,
      longitude: fields.latitude || fields.longitude ? null : longitude,
      eventStartsOn: date('eventStartsOn'),
      eventEndsOn: date('eventEndsOn'),
      eventStartTime: time('eventStartTime'),
      eventEndTime: time('eventEndTime'),
      tags,
      linkUrl,
    },
    fields,
  };
}

/**
 * `tags.3` → `tags`, `photos.2.photographer` → `photos`, `channelIds.1` → `channelIds`: the form shows
 * a problem at one place per field. `socialTexts.<channel id>` stays: each channel has its own text box.
 */
export function formFieldOf(field: string): string {
  const first = field.split('.')[0] ?? field;
  return first === 'tags' || first === 'photos' || first === 'items' || first === 'channelIds' ? first : field;
}

/** The input each field of the post form is typed in, for the error summary's links. */
export const postFieldIds: Record<string, string> = {
  category: 'f-category-spot',
  title: 'f-title',
  body: 'f-body',
  placeName: 'f-placeName',
  address: 'f-address',
  latitude: 'f-latitude',
  longitude: 'f-longitude',
  eventStartsOn: 'f-eventStartsOn',
  eventEndsOn: 'f-eventEndsOn',
  eventStartTime: 'f-eventStartTime',
  eventEndTime: 'f-eventEndTime',
  tags: 'f-tags',
  linkUrl: 'f-linkUrl',
  photos: 'photos-title',
  version: 'f-title',
};

/** Characters as the API counts them (zod's max: UTF-16 units, line breaks as one). */
export const textLength = (s: string) => s.replace(/\r\n?/g, '\n').length;

// ---------- photos and their rights check ----------

export interface PhotoFormValues {
  photographer: string;
  people: string;
  mayPublish: boolean;
  alt: string;
  caption: string;
  keepLocation: boolean;
  sortOrder: string;
}

export function photoFormValues(p: AttractionPhoto): PhotoFormValues {
  return {
    photographer: p.photographer,
    people: p.people,
    mayPublish: p.mayPublish,
    alt: p.alt,
    caption: p.caption,
    keepLocation: p.keepLocation,
    sortOrder: String(p.sortOrder),
  };
}

/** The rights form of one photo as the API's photoUpdate; `fields` as in attractionBody. */
export function photoBody(v: PhotoFormValues): { body: PhotoUpdate; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const text = (k: 'photographer' | 'alt' | 'caption', max: number) => {
    const s = v[k].trim();
    if (s.length > max) fields[k] = 'too_big';
    return s;
  };
  const body: PhotoUpdate = {
    photographer: text('photographer', 100),
    mayPublish: v.mayPublish,
    alt: text('alt', 200),
    caption: text('caption', 200),
    keepLocation: v.keepLocation,
  };
  if (isPeople(v.people)) body.people = v.people;
  const order = v.sortOrder.normalize('NFKC').trim();
  if (order) {
    if (/^\d{1,3}$/.test(order) && Number(order) <= 100) body.sortOrder = Number(order);
    else fields.sortOrder = 'invalid_format';
  }
  return { body, fields };
}

export type RightsGap = 'photographer' | 'people' | 'mayPublish' | 'processing' | 'failed';

/**
 * What still stops the post from going to review, photo by photo (numbered as shown, 1 first): the
 * rights answers missing, a photo still being processed or one that failed. Empty when it may go.
 */
export function rightsGaps(photos: readonly Pick<AttractionPhoto, 'id' | 'status' | 'rightsMissing' | 'sortOrder'>[]): { n: number; id: string; gaps: RightsGap[] }[] {
  return photosInOrder(photos)
    .map((p, i) => ({
      n: i + 1,
      id: p.id,
      gaps: [
        ...p.rightsMissing,
        ...(p.status === 'processing' ? (['processing'] as const) : p.status === 'failed' ? (['failed'] as const) : []),
      ] as RightsGap[],
    }))
    .filter((r) => r.gaps.length > 0);
}

/** Photos in the order readers see them. */
export function photosInOrder<T extends { sortOrder: number; id: string }>(photos: readonly T[]): T[] {
  return [...photos].sort((a, b) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id));
}

/** One photo's gaps in words: 「写真2: 撮影者、公開の許諾」. */
export function rightsGapText(r: { n: number; gaps: RightsGap[] }, lang: Locale): string {
  const t = translator(lang);
  const words = r.gaps.map((g) => t(`attractions.gap.${g}` as MessageKey));
  return t('attractions.gap.line', { n: r.n, gaps: words.join(lang === 'ja' ? '、' : ', ') });
}

// ---------- writing for social media ----------

export type Segment = { kind: 'text' | 'url' | 'tag'; text: string };

const HASHTAG = /[#＃][\p{L}\p{N}\p{M}_ー]+/gu;

function tagsIn(text: string, out: Segment[]): void {
  let last = 0;
  for (const m of text.matchAll(HASHTAG)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    out.push({ kind: 'tag', text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
}

/**
 * A post's text in parts for the preview: links (found as the counter finds them, @yui/domain/social)
 * and hashtags are drawn as the channel draws them.
 */
export function socialSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const u of findUrls(text)) {
    tagsIn(text.slice(last, u.start), out);
    out.push({ kind: 'url', text: u.url });
    last = u.end;
  }
  tagsIn(text.slice(last), out);
  return out;
}

/** The schedule form as typed (sent back as it was when the API refuses it). */
export interface ScheduleValues {
  /** datetime-local, Japan time. */
  publishAt: string;
  channelIds: string[];
  texts: Record<string, string>;
}

/**
 * The schedule form as sent: `publishAt` (Japan time) or the 「今すぐ公開」 button (`now=1`: this very
 * moment), the ticked relays (`channel`), and each offered relay's text (`text-<id>`, listed by
 * `row`). Texts are sent for the ticked relays only; an untouched composed text is sent as it is.
 */
export function readSchedule(form: FormData, now: Date = new Date()) {
  const str = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  const offered = [...new Set(form.getAll('row').map(String).filter(isUuid))].slice(0, 50);
  const channelIds = [...new Set(form.getAll('channel').map(String))].filter((id) => offered.includes(id));
  const texts: Record<string, string> = {};
  for (const id of offered) texts[id] = str(`text-${id}`).replace(/\r\n?/g, '\n');
  const values: ScheduleValues = { publishAt: str('publishAt').trim(), channelIds, texts };
  const immediately = str('now') === '1';
  const publishAt = immediately ? now.toISOString() : fromJapanLocal(values.publishAt);
  const fields: Record<string, string> = {};
  if (!publishAt) fields.publishAt = values.publishAt ? 'invalid_format' : 'required';
  const socialTexts: Record<string, string> = {};
  for (const id of channelIds) if (texts[id]?.trim()) socialTexts[id] = texts[id]!.trim();
  return { values, immediately, body: { publishAt: publishAt ?? '', channelIds, socialTexts }, fields };
}

/** The text a channel starts with: what was written for it before, else the composed one. */
export function initialSocialText(channelId: string, saved: Record<string, string>, composed: string): string {
  return saved[channelId] ?? composed;
}

// ---------- collections ----------

export const COLLECTION_ITEMS_MAX = 30;

export interface CollectionRow {
  postId: string;
  checked: boolean;
  order: string;
  note: string;
}

/**
 * The picker's rows: the collection's stops first (ticked, numbered 1, 2, …, with their notes), then
 * the other pooled posts. A form sent back (`sent`) keeps exactly what was chosen and typed.
 */
export function collectionRows(
  pool: readonly Pick<AttractionSummary, 'id'>[],
  items: readonly { note: string; post: { id: string } }[],
  sent?: readonly CollectionRow[],
): CollectionRow[] {
  if (sent) return [...sent];
  const rows: CollectionRow[] = items.map((it, i) => ({ postId: it.post.id, checked: true, order: String(i + 1), note: it.note }));
  for (const p of pool) if (!rows.some((r) => r.postId === p.id)) rows.push({ postId: p.id, checked: false, order: '', note: '' });
  return rows;
}

/**
 * The picker as sent: `post` (ticked ids), `order-<id>` and `note-<id>` per row, `row` (every id
 * offered, in order). The stops are the ticked rows by their number (rows without one keep their place
 * after the numbered ones).
 */
export function readCollectionRows(form: FormData): { rows: CollectionRow[]; items: { postId: string; note: string }[] } {
  const ticked = new Set(form.getAll('post').map(String).filter(isUuid));
  const seen = new Set<string>();
  const rows: CollectionRow[] = [];
  for (const raw of form.getAll('row')) {
    const id = String(raw);
    if (!isUuid(id) || seen.has(id) || rows.length >= 200) continue;
    seen.add(id);
    const str = (name: string) => {
      const v = form.get(`${name}-${id}`);
      return typeof v === 'string' ? v : '';
    };
    rows.push({ postId: id, checked: ticked.has(id), order: str('order').trim(), note: str('note').trim() });
  }
  const num = (s: string) => {
    const n = Number(s.normalize('NFKC'));
    return s && Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
  };
  const items = rows
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.checked)
    .sort((a, b) => num(a.r.order) - num(b.r.order) || a.i - b.i)
    .map(({ r }) => ({ postId: r.postId, note: r.note }));
  return { rows, items };
}

// ---------- figures ----------

/** The figures' 年度 from `?year=` (2019 – next year), this 年度 otherwise. */
export function figuresYear(url: URL, today = todayInJapan()): { year: number; currentFy: number } {
  const currentFy = fiscalYearOf(today);
  const raw = url.searchParams.get('year');
  const n = raw && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return { year: n >= 2019 && n <= currentFy + 1 ? n : currentFy, currentFy };
}

/** Twelve monthly sums over the towns (April first). */
export function monthTotals(towns: readonly { submitted: number[]; published: number[] }[], key: 'submitted' | 'published'): number[] {
  const out = Array.from({ length: 12 }, () => 0);
  for (const town of towns) town[key].forEach((v, i) => {
    if (i < 12) out[i]! += v;
  });
  return out;
}
