// Pure helpers of the region's public pages (/visit/…). Runs on both sides: types only from
// @yui/contracts (no zod in the browser bundle), labels through the deep i18n import.
import type {
  AttractionCategory,
  Locale,
  PhotoVariantName,
  PublicAttraction,
  PublicAttractionSummary,
} from '@yui/contracts';
import { attractionCategoryLabels } from '@yui/contracts/i18n-attractions';
import { mapLinks } from '@yui/domain/attractions';

/** The categories in the order of the public menu (その他 last). */
export const visitCategories: readonly AttractionCategory[] = ['spot', 'event', 'food', 'experience', 'product', 'other'];

export function isCategory(value: unknown): value is AttractionCategory {
  return typeof value === 'string' && (visitCategories as readonly string[]).includes(value);
}

export function categoryLabel(category: string, lang: Locale): string {
  return attractionCategoryLabels[category]?.[lang] ?? category;
}

/** Slugs of regions and towns, as the API accepts them. */
const SLUG = /^[a-z0-9-]{1,60}$/;
export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && SLUG.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

// ── the list and its filters ────────────────────────────────────────────────────────────────────

export interface ListFilters {
  category: AttractionCategory | null;
  town: string | null;
  tag: string | null;
  cursor: string | null;
}

/**
 * The filters of the region page from its address. Anything the API would refuse is dropped here
 * (a hand-edited `?category=xyz` shows everything rather than an error page).
 */
export function listFilters(url: URL): ListFilters {
  const q = url.searchParams;
  const category = q.get('category');
  const town = q.get('town');
  const tag = (q.get('tag') ?? '').replace(/^[#＃]+/, '').trim();
  const cursor = q.get('cursor') ?? '';
  return {
    category: isCategory(category) ? category : null,
    town: isSlug(town) ? town : null,
    tag: tag && [...tag].length <= 30 ? tag : null,
    cursor: cursor && cursor.length <= 200 ? cursor : null,
  };
}

/** `category=…&town=…&tag=…&cursor=…` for the API (or the page), without the empty ones. */
export function filterQuery(filters: Partial<ListFilters>): string {
  const q = new URLSearchParams();
  if (filters.category) q.set('category', filters.category);
  if (filters.town) q.set('town', filters.town);
  if (filters.tag) q.set('tag', filters.tag);
  if (filters.cursor) q.set('cursor', filters.cursor);
  return q.toString();
}

/**
 * A link of the region page with some filters changed (null removes one). Changing a filter
 * always starts from the first page: a cursor belongs to the list it came from.
 */
export function listHref(region: string, current: Partial<ListFilters>, change: Partial<ListFilters> = {}): string {
  const next = { ...current, cursor: null, ...change };
  const query = filterQuery(next);
  return `/visit/${region}${query ? `?${query}` : ''}`;
}

export function hasFilters(filters: ListFilters): boolean {
  return Boolean(filters.category || filters.town || filters.tag);
}

// ── words ───────────────────────────────────────────────────────────────────────────────────────

/** "koriyama" → "Koriyama"; "aizu-wakamatsu" → "Aizu Wakamatsu" (English pages name towns by slug). */
export function titleCase(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** Towns and regions have Japanese names only; English pages romanise them from their slug. */
export function placeName(item: { slug: string; name: string }, lang: Locale): string {
  return lang === 'en' ? titleCase(item.slug) : item.name;
}

export function regionName(region: { slug: string; name: string }, lang: Locale): string {
  return lang === 'en' ? `the ${titleCase(region.slug)} area` : region.name;
}

/** 「三春町・郡山市」 / "Miharu, Koriyama". */
export function joinNames(names: string[], lang: Locale): string {
  return names.join(lang === 'ja' ? '・' : ', ');
}

/** The body as paragraphs (blank lines) of lines (single line breaks). */
export function paragraphs(body: string): string[][] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean))
    .filter((p) => p.length > 0);
}

/** At most `max` characters (code points), cut at the end with 「…」, whitespace folded. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

const publishedFormats: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { dateStyle: 'long', timeZone: 'Asia/Tokyo' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Asia/Tokyo' }),
};

/** 「2025年4月10日」 / "10 April 2025", in Japan time. */
export function publishedDate(iso: string, lang: Locale): string {
  return publishedFormats[lang].format(new Date(iso));
}

/** The date part (YYYY-MM-DD) of an instant, in Japan time (for <time datetime>). */
export function isoDateJst(iso: string): string {
  return new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

// ── photos ──────────────────────────────────────────────────────────────────────────────────────

type Variants = Partial<Record<PhotoVariantName, { url: string; width: number; height: number }>>;

/**
 * `srcset` of the given variants, narrowest first, each once (a small original may give the same
 * width to two variants: the worker never upscales).
 */
export function srcset(variants: Variants, names: PhotoVariantName[] = ['medium', 'large']): string {
  const seen = new Set<number>();
  return names
    .map((n) => variants[n])
    .filter((v): v is NonNullable<typeof v> => Boolean(v))
    .sort((a, b) => a.width - b.width)
    .filter((v) => (seen.has(v.width) ? false : (seen.add(v.width), true)))
    .map((v) => `${v.url} ${v.width}w`)
    .join(', ');
}

/** The variant to put in `src` (and its size, so the page does not jump while it loads). */
export function mainVariant(variants: Variants, order: PhotoVariantName[] = ['large', 'medium', 'card', 'thumb']) {
  for (const name of order) {
    const v = variants[name];
    if (v) return v;
  }
  return null;
}

// ── places and sharing ──────────────────────────────────────────────────────────────────────────

export interface MapLinks {
  google: string;
  osm: string;
}

/**
 * Google Maps and OpenStreetMap for the place: the pin when there are coordinates (the domain's
 * links, the same as the staff pages), otherwise a search for the address (or the place's name with
 * the town). Null when there is nothing to find.
 */
export function placeMapLinks(place: {
  latitude: number | null;
  longitude: number | null;
  placeName: string | null;
  address: string | null;
  townName?: string;
}): MapLinks | null {
  const { latitude: lat, longitude: lon } = place;
  if (lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    const { google, osm } = mapLinks(lat, lon, place.placeName);
    return { google, osm };
  }
  const address = place.address?.trim();
  const name = place.placeName?.trim();
  if (!address && !name) return null;
  const words = address || [name, place.townName].filter(Boolean).join(' ');
  return {
    google: `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(words)}`,
    osm: `https://www.openstreetmap.org/search?query=${encodeURIComponent(words)}`,
  };
}

export interface ShareLinks {
  x: string;
  facebook: string;
  line: string;
}

/** Share buttons as plain links: no script of theirs on our page, nothing sent before a click. */
export function shareLinks(url: string, text: string): ShareLinks {
  const u = encodeURIComponent(url);
  return {
    x: `https://twitter.com/intent/tweet?text=${encodeURIComponent(text)}&url=${u}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${u}`,
    line: `https://social-plugins.line.me/lineit/share?url=${u}`,
  };
}

/** Only http(s) links are shown as links (the API checks too; this keeps `javascript:` out for good). */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The hostname of a link, for 「example.jp」 beside it. */
export function hostOf(value: string): string {
  try {
    return new URL(value).hostname.replace(/^www\./, '');
  } catch {
    return value;
  }
}

/**
 * The page address in the other language: `?lang=` is honoured on public pages (hooks.server.ts),
 * so each language has an address of its own for search engines and shared links.
 */
export function withLang(url: URL | string, lang: Locale | null): string {
  const u = new URL(typeof url === 'string' ? url : url.href);
  if (lang) u.searchParams.set('lang', lang);
  else u.searchParams.delete('lang');
  return u.pathname + u.search;
}

// ── the head of a post ──────────────────────────────────────────────────────────────────────────

export interface HeadTag {
  /** `property` for Open Graph, `name` for the rest. */
  attr: 'property' | 'name';
  key: string;
  content: string;
}

export interface PostHead {
  title: string;
  description: string;
  canonical: string;
  meta: HeadTag[];
  /** A JSON-LD object, already safe to put inside <script type="application/ld+json">. */
  jsonLd: string;
}

/** `2025-04-10` and `09:30` → `2025-04-10T09:30:00+09:00`; without a time the date alone. */
export function jstDateTime(date: string, time: string | null): string {
  return time ? `${date}T${time}:00+09:00` : date;
}

/**
 * JSON for a <script> element: `<` escaped so a title containing `</script>` (or `<!--`) cannot end
 * the element early. Also U+2028/2029, which old parsers read as line ends.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Schema.org type for the category: events are Events, products Products, the rest places. */
export function schemaType(category: AttractionCategory): 'Event' | 'Product' | 'TouristAttraction' {
  if (category === 'event') return 'Event';
  if (category === 'product') return 'Product';
  return 'TouristAttraction';
}

export function jsonLd(post: PublicAttraction, opts: { siteName: string; description: string }): Record<string, unknown> {
  const type = schemaType(post.category);
  const images = post.photos
    .map((p) => mainVariant(p.variants, ['large', 'card', 'medium'])?.url)
    .filter((u): u is string => Boolean(u));
  const image = images.length ? images : post.card ? [post.card.url] : undefined;
  const place = {
    '@type': 'Place',
    name: post.placeName ?? post.town.name,
    address: {
      '@type': 'PostalAddress',
      ...(post.address ? { streetAddress: post.address } : {}),
      addressLocality: post.town.name,
      addressCountry: 'JP',
    },
    ...(post.latitude !== null && post.longitude !== null
      ? { geo: { '@type': 'GeoCoordinates', latitude: post.latitude, longitude: post.longitude } }
      : {}),
  };
  const base: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': type,
    name: post.title,
    description: opts.description,
    url: post.url,
    ...(image ? { image } : {}),
  };
  if (type === 'Event') {
    return {
      ...base,
      ...(post.eventStartsOn ? { startDate: jstDateTime(post.eventStartsOn, post.eventStartTime) } : {}),
      ...(post.eventStartsOn ? { endDate: jstDateTime(post.eventEndsOn ?? post.eventStartsOn, post.eventEndTime) } : {}),
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: place,
      organizer: { '@type': 'Organization', name: post.town.name },
    };
  }
  if (type === 'Product') {
    return { ...base, brand: { '@type': 'Brand', name: post.town.name }, ...(post.tags.length ? { keywords: post.tags.join(',') } : {}) };
  }
  return {
    ...base,
    address: place.address,
    ...('geo' in place ? { geo: place.geo } : {}),
    ...(post.tags.length ? { keywords: post.tags.join(',') } : {}),
  };
}

/**
 * Everything a post puts in <head>: the title, description, canonical address, Open Graph and
 * X (Twitter) cards and JSON-LD. Share cards need absolute addresses: the API writes them from
 * YUI_PUBLIC_URL, so they are the same whoever asked (never the request's Host header).
 */
export function postHead(
  post: PublicAttraction,
  opts: { lang: Locale; siteName: string; categoryLabel: string; townLabel: string },
): PostHead {
  const description = excerpt(post.excerpt || post.body || `${post.title}（${opts.townLabel}・${opts.categoryLabel}）`, 120);
  const title = `${post.title}｜${opts.townLabel}｜${opts.siteName}`;
  const meta: HeadTag[] = [
    { attr: 'name', key: 'description', content: description },
    { attr: 'property', key: 'og:type', content: 'article' },
    { attr: 'property', key: 'og:title', content: post.title },
    { attr: 'property', key: 'og:description', content: description },
    { attr: 'property', key: 'og:url', content: post.url },
    { attr: 'property', key: 'og:site_name', content: opts.siteName },
    { attr: 'property', key: 'og:locale', content: opts.lang === 'en' ? 'en_US' : 'ja_JP' },
    { attr: 'property', key: 'og:locale:alternate', content: opts.lang === 'en' ? 'ja_JP' : 'en_US' },
    { attr: 'property', key: 'article:published_time', content: post.publishedAt },
    { attr: 'property', key: 'article:modified_time', content: post.updatedAt },
    { attr: 'property', key: 'article:section', content: opts.categoryLabel },
    ...post.tags.map((tag): HeadTag => ({ attr: 'property', key: 'article:tag', content: tag })),
  ];
  const card = post.card ?? post.cover;
  if (card) {
    const alt = post.cover?.alt || post.title;
    meta.push(
      { attr: 'property', key: 'og:image', content: card.url },
      { attr: 'property', key: 'og:image:width', content: String(card.width) },
      { attr: 'property', key: 'og:image:height', content: String(card.height) },
      { attr: 'property', key: 'og:image:alt', content: alt },
      { attr: 'name', key: 'twitter:card', content: 'summary_large_image' },
      { attr: 'name', key: 'twitter:image', content: card.url },
      { attr: 'name', key: 'twitter:image:alt', content: alt },
    );
  } else {
    meta.push({ attr: 'name', key: 'twitter:card', content: 'summary' });
  }
  meta.push(
    { attr: 'name', key: 'twitter:title', content: post.title },
    { attr: 'name', key: 'twitter:description', content: description },
  );
  return {
    title,
    description,
    canonical: post.url,
    meta,
    jsonLd: scriptJson(jsonLd(post, { siteName: opts.siteName, description })),
  };
}

/** The text of a share link: the title and the town (the link itself is added by each service). */
export function shareText(post: Pick<PublicAttractionSummary, 'title'>, townLabel: string, lang: Locale): string {
  return lang === 'ja' ? `${post.title}【${townLabel}】` : `${post.title} (${townLabel})`;
}

/** This year in Japan (periods of other years are written with their year). */
export function jstYear(now: Date = new Date()): number {
  return new Date(now.getTime() + 9 * 3600_000).getUTCFullYear();
}

/** What the list is narrowed to, as words: 「三春町・イベント・#桜」 / "Miharu, Events, #桜". */
export function filterWords(
  filters: Pick<ListFilters, 'category' | 'town' | 'tag'>,
  towns: { slug: string; name: string }[],
  lang: Locale,
): string {
  const town = filters.town ? towns.find((t) => t.slug === filters.town) : undefined;
  const words = [
    town ? placeName(town, lang) : filters.town,
    filters.category ? categoryLabel(filters.category, lang) : null,
    filters.tag ? `#${filters.tag}` : null,
  ].filter((w): w is string => Boolean(w));
  return joinNames(words, lang);
}
