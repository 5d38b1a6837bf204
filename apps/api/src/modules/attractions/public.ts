import type { z } from 'zod';
import type {
  PublicAttraction, PublicAttractionSummary, PublicCollection, PublicRegion, publicListQuery, PhotoVariantName,
} from '@yui/contracts';
import type { Db, TenantContext } from '@yui/db';
import {
  findRegionBySlug, getPublicPhoto, getPublished, getPublishedByIds, getPublishedCollection, listPublished,
  listPublishedCollectionCards, regionPageStamp, regionTownList, type PublicCardRow, type PublicCollectionCardRow, type PublicPhotoRow,
  type PublicRegionRow, type PublicTownRow,
} from '@yui/db/queries/attractions-public';
import { bodyExcerpt, publicCollectionPath, publicPostPath, publicRegionPaths } from '@yui/domain';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { notFound } from '../../lib/errors';
import { photoUrl, type PhotoMode } from './view';

/**
 * What the public pages read (no sign-in): the region page with its filters, a post, a collection and
 * the photos. Each request runs in the region's context with no town (`tenantId: ''`): row-level
 * security then shows published posts, their photos and published collections only, whatever the
 * query asks — a draft, a post in review or a scheduled one is simply not there (404).
 *
 * Addresses in the answers are absolute (`YUI_PUBLIC_URL`): share cards and feed readers need them.
 * Pages are the web's (`/visit/<region>/…`); photos are served by this API under
 * `/api/attractions/public/<region>/photos/<photoId>/<variant>?v=<processSeq>`.
 */

export interface PublicOptions {
  /** YUI_PUBLIC_URL. */
  publicUrl: string;
}

type PublicListQuery = z.infer<typeof publicListQuery>;
type Run = <T>(ctx: TenantContext, fn: (tx: Db) => Promise<T>) => Promise<T>;

/** The public context of a region: no town, no person. */
export const publicContext = (regionId: string): TenantContext => ({ tenantId: '', regionId, userId: null });

/** How long a region found by its slug is remembered. Regions are made by the operators, rarely renamed. */
const REGION_TTL_MS = 60_000;

/**
 * Regions by slug, remembered for a minute: every public request starts with this lookup, and the
 * answer almost never changes. An unknown slug is not remembered (nothing to grow without bound).
 */
export class RegionDirectory {
  private readonly known = new Map<string, { region: PublicRegionRow; until: number }>();
  constructor(private readonly run: Run) {}

  async find(slug: string): Promise<PublicRegionRow | null> {
    const hit = this.known.get(slug);
    if (hit && hit.until > Date.now()) return hit.region;
    const region = await this.run({ tenantId: '', regionId: '', userId: null }, (tx) => findRegionBySlug(tx, slug));
    if (region) this.known.set(slug, { region, until: Date.now() + REGION_TTL_MS });
    else this.known.delete(slug);
    return region;
  }

  async get(slug: string): Promise<PublicRegionRow> {
    const region = await this.find(slug);
    if (!region) throw notFound();
    return region;
  }
}

const base = (url: string) => url.replace(/\/+$/, '');
const iso = (t: string) => new Date(t).toISOString();
const isoOrNull = (t: string | null) => (t ? iso(t) : null);

/** Cards and share texts show this much of the body. */
export const EXCERPT_CHARS = 120;

/** How many card excerpts the process remembers (bodies are at most 5,000 characters: ≤ 5 MB). */
const EXCERPTS_KEPT = 500;
const excerpts = new Map<string, string>();

/**
 * bodyExcerpt(body, EXCERPT_CHARS), remembered by the body itself (so an edited post never shows an
 * old excerpt): cutting one finds the body's graphemes with Intl.Segmenter, some 50 µs for a short
 * body and more for a long one, and a page has 24 cards. The oldest are forgotten first.
 */
export function cardExcerpt(body: string): string {
  let excerpt = excerpts.get(body);
  if (excerpt === undefined) {
    excerpt = bodyExcerpt(body, EXCERPT_CHARS);
    if (excerpts.size >= EXCERPTS_KEPT) excerpts.delete(excerpts.keys().next().value!);
    excerpts.set(body, excerpt);
  }
  return excerpt;
}

export const postUrl = (o: PublicOptions, region: Pick<PublicRegionRow, 'slug'>, id: string) => `${base(o.publicUrl)}${publicPostPath(region.slug, id)}`;

export const feedLinks = (o: PublicOptions, region: Pick<PublicRegionRow, 'slug'>) => {
  const p = publicRegionPaths(region.slug);
  const b = base(o.publicUrl);
  return { page: `${b}${p.page}`, rss: `${b}${p.rss}`, atom: `${b}${p.atom}`, json: `${b}${p.json}`, ics: `${b}${p.ics}` };
};

const modeOf = (o: PublicOptions, region: Pick<PublicRegionRow, 'slug'>): PhotoMode => ({ publicUrl: o.publicUrl, regionSlug: region.slug });

/** One variant of a public photo as { url, width, height }, or null when the worker did not make it. */
export function publicVariant(photo: PublicPhotoRow | undefined, name: PhotoVariantName, mode: PhotoMode) {
  const v = photo?.variants?.[name];
  return photo && v ? { url: photoUrl(photo, name, mode), width: v.width, height: v.height } : null;
}

/** A photo's words for screen readers: its alt text, else its caption, else the post's title. */
const altOf = (photo: PublicPhotoRow, title: string) => photo.alt.trim() || photo.caption.trim() || title;

const townView = (t: PublicTownRow) => ({ id: t.id, slug: t.slug, name: t.name, nameKana: t.nameKana });
type TownView = ReturnType<typeof townView>;
/** A post's town as the cards show it; a town the region does not list (never, in practice) shows its id only. */
const townOf = (towns: ReadonlyMap<string, TownView>, id: string): TownView => towns.get(id) ?? { id, slug: '', name: '', nameKana: '' };
const townMap = (towns: readonly PublicTownRow[]) => new Map(towns.map((t) => [t.id, townView(t)]));

interface SummaryCtx {
  o: PublicOptions;
  region: PublicRegionRow;
  towns: ReadonlyMap<string, TownView>;
}

/** A card: the post with its cover (its first public photo: `medium`, else `large`). */
function summaryView(r: PublicCardRow, c: SummaryCtx): PublicAttractionSummary {
  const photo = r.cover ?? undefined;
  const mode = modeOf(c.o, c.region);
  const cover = publicVariant(photo, 'medium', mode) ?? publicVariant(photo, 'large', mode);
  return {
    id: r.id,
    category: r.category,
    title: r.title,
    excerpt: cardExcerpt(r.body),
    town: townOf(c.towns, r.municipalityId),
    placeName: r.placeName,
    eventStartsOn: r.eventStartsOn,
    eventEndsOn: r.eventEndsOn,
    tags: r.tags,
    cover: cover && photo ? { ...cover, alt: altOf(photo, r.title) } : null,
    publishedAt: iso(r.publishedAt),
    url: postUrl(c.o, c.region, r.id),
  };
}

/** 「#桜」 and 「桜」 ask for the same tag (stored without the #, as the author's form keeps it). */
const tagOf = (tag: string | undefined) => tag?.normalize('NFKC').replace(/^[#＃]+/, '').trim() || undefined;

/** How many collections the region page lists. */
const PAGE_COLLECTIONS = 12;

/** How long a region page (and the towns and collections every page of it shows) is served without asking the database. */
export const PAGE_FRESH_MS = 30_000;

/**
 * Values kept in the process per key, with the stamp they were made from: while fresh (`freshMs`)
 * served as they are, without touching the database; after that `stampOf()` (one cheap aggregate)
 * says whether the kept value is still right — then it is kept another `freshMs` — or `make()` makes
 * it again. Requests that find the same key stale at once share one check and one rendering.
 * The feeds (FeedCache) and the region page use it.
 */
export class StampedCache<T> {
  private readonly entries = new Map<string, { stamp: string; value: T; freshUntil: number }>();
  private readonly running = new Map<string, Promise<T>>();
  constructor(private readonly freshMs: number) {}

  async get(key: string, stampOf: () => Promise<string>, make: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept && kept.freshUntil > Date.now()) return kept.value;
    const running = this.running.get(key);
    if (running) return running;
    const next = (async () => {
      const now = Date.now();
      const stamp = await stampOf();
      if (kept && kept.stamp === stamp) {
        kept.freshUntil = now + this.freshMs;
        return kept.value;
      }
      const value = await make();
      this.entries.set(key, { stamp, value, freshUntil: now + this.freshMs });
      return value;
    })();
    this.running.set(key, next);
    try {
      return await next;
    } finally {
      this.running.delete(key);
    }
  }

  /** The value while fresh, without asking anything; else undefined. */
  peek(key: string): T | undefined {
    const kept = this.entries.get(key);
    return kept && kept.freshUntil > Date.now() ? kept.value : undefined;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The unfiltered first page (kept per region and limit). */
const isFirstPage = (q: PublicListQuery) => !q.category && !q.town && !q.tag && !q.cursor;
const firstKey = (region: Pick<PublicRegionRow, 'id'>, q: PublicListQuery) => `${region.id}|${q.limit}`;

/** What every page of a region shows whatever its filters: the towns and the collection cards. */
interface RegionParts {
  towns: PublicTownRow[];
  townsById: ReadonlyMap<string, TownView>;
  collections: PublicRegion['collections'];
}

/**
 * The region page (GET /attractions/public/:region), kept in the process like the feeds
 * (StampedCache): the unfiltered first page per region and limit, and the towns and collection cards
 * that every page shows. Both are served as they are for 30 s, then checked against
 * `regionPageStamp` (the feeds' publishedStamp plus the count and latest change of the published
 * collections) and kept or made again. So a post published or taken down, or a collection published,
 * edited or taken back, shows within 30 s — the feeds' delay, and less than the page's own
 * `Cache-Control: public, max-age=60`. Filtered pages and later pages (a cursor) read their posts
 * every time. Each process keeps its own.
 *
 * A page costs at most two round trips: the stamp, then the posts, towns and collections sent
 * together (postgres.js pipelines the queries of one connection); a kept first page none.
 */
export class RegionPages {
  private readonly firstPages: StampedCache<PublicRegion>;
  private readonly parts: StampedCache<RegionParts>;
  constructor(freshMs = PAGE_FRESH_MS) {
    this.firstPages = new StampedCache(freshMs);
    this.parts = new StampedCache(freshMs);
  }

  /**
   * The page, with `open` running a function in the region's public context (a transaction) only
   * when the database must be asked: a kept first page costs no transaction at all. For a route that
   * owns its RegionPages: `pages.read(o, region, q, (fn) => app.withTenant(publicContext(region.id), fn))`.
   */
  async read(o: PublicOptions, region: PublicRegionRow, q: PublicListQuery, open: <T>(fn: (tx: Db) => Promise<T>) => Promise<T>): Promise<PublicRegion> {
    const kept = isFirstPage(q) ? this.firstPages.peek(firstKey(region, q)) : undefined;
    return kept ?? open((tx) => this.page(tx, o, region, q));
  }

  /** The page, asking the database through `tx` when what is kept is stale (or not kept). */
  async page(tx: Db, o: PublicOptions, region: PublicRegionRow, q: PublicListQuery): Promise<PublicRegion> {
    const posts = () => listPublished(tx, {
      regionId: region.id, category: q.category, townSlug: q.town, tag: tagOf(q.tag), after: decodeCursor(q.cursor), limit: q.limit + 1,
    });
    if (isFirstPage(q)) {
      // Whenever it is made (the first time, or the stamp moved), the towns and collections are read
      // with the posts (the same round trip), never taken from `parts`: those may be fresh but older
      // than the stamp it is kept under.
      return this.firstPages.get(firstKey(region, q), () => regionPageStamp(tx, region.id), async () => {
        const [parts, rows] = await Promise.all([readParts(tx, o, region), posts()]);
        return pageView(o, region, q, parts, rows);
      });
    }
    const [parts, rows] = await Promise.all([this.parts.get(region.id, () => regionPageStamp(tx, region.id), () => readParts(tx, o, region)), posts()]);
    return pageView(o, region, q, parts, rows);
  }

  clear(): void {
    this.firstPages.clear();
    this.parts.clear();
  }
}

async function readParts(tx: Db, o: PublicOptions, region: PublicRegionRow): Promise<RegionParts> {
  const [towns, cards] = await Promise.all([
    regionTownList(tx, region.id),
    listPublishedCollectionCards(tx, { regionId: region.id, limit: PAGE_COLLECTIONS }),
  ]);
  const townsById = townMap(towns);
  return { towns, townsById, collections: cards.map((c) => collectionCard(o, region, townsById, c)) };
}

/** A collection on the region page: its published stops counted, their towns (first seen first) and the first cover among them. */
function collectionCard(o: PublicOptions, region: PublicRegionRow, towns: ReadonlyMap<string, TownView>, c: PublicCollectionCardRow): PublicRegion['collections'][number] {
  const mode = modeOf(o, region);
  const seen = new Map<string, TownView>();
  let cover: { url: string; width: number; height: number } | null = null;
  for (const stop of c.stops) {
    const town = townOf(towns, stop.municipalityId);
    if (!seen.has(town.id)) seen.set(town.id, town);
    const photo = stop.cover ?? undefined;
    cover ??= publicVariant(photo, 'medium', mode) ?? publicVariant(photo, 'large', mode);
  }
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    count: c.stops.length,
    towns: [...seen.values()],
    cover,
    url: `${base(o.publicUrl)}${publicCollectionPath(region.slug, c.id)}`,
  };
}

function pageView(o: PublicOptions, region: PublicRegionRow, q: PublicListQuery, parts: RegionParts, rows: PublicCardRow[]): PublicRegion {
  const shown = rows.slice(0, q.limit);
  const last = shown.at(-1);
  const ctx: SummaryCtx = { o, region, towns: parts.townsById };
  const links = feedLinks(o, region);
  return {
    region: { slug: region.slug, name: region.name, nameKana: region.nameKana },
    towns: parts.towns.map(townView),
    items: shown.map((r) => summaryView(r, ctx)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.publishedAt, last.id) : null,
    collections: parts.collections,
    feeds: { rss: links.rss, atom: links.atom, json: links.json, ics: links.ics },
  };
}

/**
 * GET /attractions/public/:region/posts/:id — a published post, or 404. The post, its town and its
 * public photos in one statement; the first photo is the cover.
 */
export async function publicPost(tx: Db, o: PublicOptions, region: PublicRegionRow, id: string): Promise<{ post: PublicAttraction; municipalityId: string }> {
  const row = await getPublished(tx, { regionId: region.id, id });
  if (!row) throw notFound();
  const { photos } = row;
  const first = photos[0];
  const towns = new Map(row.town ? [[row.town.id, townView(row.town)]] : []);
  const summary = summaryView({ ...row, cover: first ?? null }, { o, region, towns });
  const mode = modeOf(o, region);
  return {
    municipalityId: row.municipalityId,
    post: {
      ...summary,
      body: row.body,
      address: row.address,
      latitude: row.latitude,
      longitude: row.longitude,
      eventStartTime: row.eventStartTime,
      eventEndTime: row.eventEndTime,
      linkUrl: row.linkUrl,
      photos: photos.map((p) => {
        const variants: PublicAttraction['photos'][number]['variants'] = {};
        for (const name of Object.keys(p.variants ?? {}) as PhotoVariantName[]) {
          const v = publicVariant(p, name, mode);
          if (v) variants[name] = v;
        }
        return { id: p.id, alt: altOf(p, row.title), caption: p.caption, photographer: p.photographer, variants };
      }),
      region: { slug: region.slug, name: region.name },
      card: publicVariant(first, 'card', mode),
      updatedAt: iso(row.updatedAt),
    },
  };
}

/** GET /attractions/public/:region/collections/:id — a published collection with its published posts. */
export async function publicCollection(tx: Db, o: PublicOptions, region: PublicRegionRow, id: string): Promise<PublicCollection> {
  const c = await getPublishedCollection(tx, { regionId: region.id, id });
  if (!c) throw notFound();
  const [posts, towns] = await Promise.all([getPublishedByIds(tx, { regionId: region.id, ids: c.postIds }), regionTownList(tx, region.id)]);
  const ctx: SummaryCtx = { o, region, towns: townMap(towns) };
  const byId = new Map(posts.map((r) => [r.id, summaryView(r, ctx)]));
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    region: { slug: region.slug, name: region.name },
    items: c.postIds.flatMap((postId, i) => {
      const post = byId.get(postId);
      return post ? [{ note: c.notes[i] ?? '', post }] : [];
    }),
    publishedAt: isoOrNull(c.publishedAt),
    url: `${base(o.publicUrl)}${publicCollectionPath(region.slug, c.id)}`,
  };
}

/** The stored file of a public photo's variant, or 404 (not public, not made). */
export async function publicPhotoKey(tx: Db, region: PublicRegionRow, photoId: string, variant: PhotoVariantName): Promise<string> {
  const photo = await getPublicPhoto(tx, { regionId: region.id, id: photoId });
  const key = photo?.variants?.[variant]?.key;
  if (!key) throw notFound();
  return key;
}
