import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import type { PhotoVariant, PhotoVariantName } from '../schema/attractions';
import { uuids } from './community-sql';

/**
 * 地域の魅力, what the public pages and feeds read (no sign-in). They run in the region's context
 * with no town (`tenantId: ''`): row-level security then shows published posts, their photos and
 * published collections only. The queries say `status = 'published'` as well, so they mean the same
 * thing when run in a town's context (the view counter, tests). Timestamps come back as ISO 8601 text
 * (microseconds kept for cursors), dates as 'YYYY-MM-DD', times as 'HH:MM'.
 */

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type PublicRegionRow = { id: string; slug: string; name: string; nameKana: string };

/** A region by its slug (regions are public reference data), or null. */
export async function findRegionBySlug(tx: Db, slug: string): Promise<PublicRegionRow | null> {
  const [row] = await tx.execute<PublicRegionRow>(sql`
    select id, slug, name, name_kana as "nameKana" from regions where slug = ${slug}`);
  return row ?? null;
}

export type PublicTownRow = { id: string; slug: string; name: string; nameKana: string };

/** The towns of a region, by 団体コード (the order of the prefecture's lists). */
export async function regionTownList(tx: Db, regionId: string): Promise<PublicTownRow[]> {
  return tx.execute<PublicTownRow>(sql`
    select id, slug, name, name_kana as "nameKana" from municipalities where region_id = ${regionId} order by code`);
}

export type PublicPostRow = {
  id: string;
  municipalityId: string;
  category: 'spot' | 'event' | 'food' | 'experience' | 'product' | 'other';
  title: string;
  body: string;
  placeName: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  eventStartsOn: string | null;
  eventEndsOn: string | null;
  eventStartTime: string | null;
  eventEndTime: string | null;
  tags: string[];
  linkUrl: string | null;
  publishedAt: string;
  updatedAt: string;
};

const publicColumns = sql`
  p.id, p.municipality_id as "municipalityId", p.category, p.title, p.body, p.place_name as "placeName", p.address,
  p.latitude, p.longitude, p.event_starts_on::text as "eventStartsOn", p.event_ends_on::text as "eventEndsOn",
  to_char(p.event_start_time, 'HH24:MI') as "eventStartTime", to_char(p.event_end_time, 'HH24:MI') as "eventEndTime",
  p.tags, p.link_url as "linkUrl", ${iso(sql`p.published_at`)} as "publishedAt", ${iso(sql`p.updated_at`)} as "updatedAt"`;

export type PublicPhotoRow = {
  id: string;
  postId: string;
  variants: Partial<Record<PhotoVariantName, PhotoVariant>>;
  processSeq: number;
  alt: string;
  caption: string;
  photographer: string;
};

/**
 * Photos that may be shown publicly: processed and cleared by the rights check (the review already
 * required it; a photo changed afterwards must not slip out) — of a published post: `showable` says
 * so itself, the subqueries below are read for a published post `p` of the outer query.
 */
const publicPhoto = sql`f.status = 'ready' and f.may_publish and f.people <> 'not_asked'`;
const showable = sql`${publicPhoto}
  and exists (select 1 from attraction_posts p where p.id = f.post_id and p.region_id = f.region_id and p.status = 'published')`;
/** A post's public photos come in this order; the first is its cover. */
const publicPhotoOrder = sql`f.sort_order, f.created_at, f.id`;

const publicPhotoColumns = sql`
  f.id, f.post_id as "postId", f.variants, f.process_seq as "processSeq", f.alt, f.caption, f.photographer`;
const publicPhotoJson = sql`json_build_object('id', f.id, 'postId', f.post_id, 'variants', f.variants, 'processSeq', f.process_seq,
  'alt', f.alt, 'caption', f.caption, 'photographer', f.photographer)`;

/**
 * The cover of the published post `p` of the outer query, as JSON (PublicPhotoRow), or null. A
 * subquery per listed row: a page of cards is one statement, not a second round trip for covers.
 */
const coverColumn = sql`(
  select ${publicPhotoJson} from attraction_photos f
  where f.post_id = p.id and f.region_id = p.region_id and ${publicPhoto}
  order by ${publicPhotoOrder}
  limit 1) as cover`;

/** All public photos of the published post `p` of the outer query, in order, as a JSON array (PublicPhotoRow[]). */
const photosColumn = sql`coalesce((
  select json_agg(${publicPhotoJson} order by ${publicPhotoOrder}) from attraction_photos f
  where f.post_id = p.id and f.region_id = p.region_id and ${publicPhoto}), '[]') as photos`;

export type PublishedFilter = {
  regionId: string;
  category?: string;
  municipalityId?: string;
  /** A town of the region by its slug (an unknown slug finds nothing). */
  townSlug?: string;
  tag?: string;
  /** Newest published first: (published_at, id) below the cursor. */
  after?: { at: string; id: string } | null;
  limit: number;
};

/** A published post with its cover (its first public photo), or null. */
export type PublicCardRow = PublicPostRow & { cover: PublicPhotoRow | null };

/**
 * Published posts of the region with their covers, newest published first
 * (attraction_posts_published_idx: region, published_at desc, id desc, where published: the scan stops
 * after `limit` rows, so the covers are read for those only). `limit` rows: ask for one more to know
 * of a next page.
 */
export async function listPublished(tx: Db, f: PublishedFilter): Promise<PublicCardRow[]> {
  const where: SQL[] = [sql`p.region_id = ${f.regionId}`, sql`p.status = 'published'`];
  if (f.category) where.push(sql`p.category = ${f.category}`);
  if (f.municipalityId) where.push(sql`p.municipality_id = ${f.municipalityId}`);
  if (f.townSlug) where.push(sql`p.municipality_id = (select id from municipalities where region_id = ${f.regionId} and slug = ${f.townSlug})`);
  // Tags are stored as the author first spelled them: compared without case.
  if (f.tag) where.push(sql`exists (select 1 from unnest(p.tags) t where lower(t) = lower(${f.tag}))`);
  if (f.after) where.push(sql`(p.published_at, p.id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`);
  return tx.execute<PublicCardRow>(sql`
    select ${publicColumns}, ${coverColumn} from attraction_posts p
    where ${sql.join(where, sql` and `)}
    order by p.published_at desc, p.id desc
    limit ${f.limit}`);
}

/** A published post as its page shows it: with its town (null if not readable) and its public photos in order. */
export type PublicPostPageRow = PublicPostRow & { town: PublicTownRow | null; photos: PublicPhotoRow[] };

/**
 * One published post of the region with its town and its public photos (the first is its cover), or
 * null. One statement: the post page is read often.
 */
export async function getPublished(tx: Db, f: { regionId: string; id: string }): Promise<PublicPostPageRow | null> {
  const [row] = await tx.execute<PublicPostRow & { townSlug: string | null; townName: string | null; townNameKana: string | null; photos: PublicPhotoRow[] }>(sql`
    select ${publicColumns}, m.slug as "townSlug", m.name as "townName", m.name_kana as "townNameKana", ${photosColumn}
    from attraction_posts p left join municipalities m on m.id = p.municipality_id and m.region_id = p.region_id
    where p.region_id = ${f.regionId} and p.id = ${f.id} and p.status = 'published'`);
  if (!row) return null;
  const { townSlug, townName, townNameKana, ...post } = row;
  return {
    ...post,
    town: townSlug !== null && townName !== null ? { id: post.municipalityId, slug: townSlug, name: townName, nameKana: townNameKana ?? '' } : null,
  };
}

/** Published posts by id with their covers (in the order given; the unpublished ones left out). */
export async function getPublishedByIds(tx: Db, f: { regionId: string; ids: readonly string[] }): Promise<PublicCardRow[]> {
  if (!f.ids.length) return [];
  const rows = await tx.execute<PublicCardRow>(sql`
    select ${publicColumns}, ${coverColumn} from attraction_posts p
    where p.region_id = ${f.regionId} and p.id = any(${uuids(f.ids)}) and p.status = 'published'`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return f.ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Event posts (イベント) published in the region whose period ends on or after `since` (a Japan date):
 * the iCalendar feed keeps the past month so a calendar still shows what just happened.
 */
export async function listPublishedEvents(tx: Db, f: { regionId: string; since: string; limit: number }): Promise<PublicPostRow[]> {
  return tx.execute<PublicPostRow>(sql`
    select ${publicColumns} from attraction_posts p
    where p.region_id = ${f.regionId} and p.status = 'published' and p.category = 'event'
      and p.event_starts_on is not null and coalesce(p.event_ends_on, p.event_starts_on) >= ${f.since}::date
    order by p.event_starts_on, p.id
    limit ${f.limit}`);
}

/**
 * What the feeds of a region are made of, in two numbers: how many posts are published and the
 * latest change among them. A post published, edited or taken down changes one of them (taking one
 * down lowers the count), so a rendered feed with the same stamp is still right.
 */
export async function publishedStamp(tx: Db, regionId: string): Promise<string> {
  const [row] = await tx.execute<{ stamp: string }>(sql`
    select count(*)::text || '/' || coalesce(${iso(sql`max(greatest(p.updated_at, p.published_at))`)}, '-') as stamp
    from attraction_posts p where p.region_id = ${regionId} and p.status = 'published'`);
  return row?.stamp ?? '0/-';
}

/**
 * What the region page is made of: publishedStamp, and the same two numbers for the region's
 * published collections (publishing, editing — the stops too, which touch updated_at — or taking one
 * back changes them). One statement.
 */
export async function regionPageStamp(tx: Db, regionId: string): Promise<string> {
  const [row] = await tx.execute<{ stamp: string }>(sql`
    select (select count(*)::text || '/' || coalesce(${iso(sql`max(greatest(p.updated_at, p.published_at))`)}, '-')
            from attraction_posts p where p.region_id = ${regionId} and p.status = 'published')
        || '|' || (select count(*)::text || '/' || coalesce(${iso(sql`max(c.updated_at)`)}, '-')
                   from attraction_collections c where c.region_id = ${regionId} and c.status = 'published') as stamp`);
  return row?.stamp ?? '0/-|0/-';
}


/** One public photo of the region, or null. */
export async function getPublicPhoto(tx: Db, f: { regionId: string; id: string }): Promise<PublicPhotoRow | null> {
  const [row] = await tx.execute<PublicPhotoRow>(sql`
    select ${publicPhotoColumns} from attraction_photos f where f.region_id = ${f.regionId} and f.id = ${f.id} and ${showable}`);
  return row ?? null;
}

export type PublicCollectionRow = {
  id: string;
  title: string;
  description: string;
  publishedAt: string | null;
  updatedAt: string;
  /** Its stops in order (published posts only). */
  postIds: string[];
  notes: string[];
};

const collectionColumns = sql`
  c.id, c.title, c.description, ${iso(sql`c.published_at`)} as "publishedAt", ${iso(sql`c.updated_at`)} as "updatedAt",
  coalesce(array_agg(i.post_id order by i.position) filter (where p.id is not null), '{}') as "postIds",
  coalesce(array_agg(i.note order by i.position) filter (where p.id is not null), '{}') as "notes"`;

const collectionJoins = sql`
  left join attraction_collection_items i on i.collection_id = c.id
  left join attraction_posts p on p.id = i.post_id and p.region_id = c.region_id and p.status = 'published'`;

/** A stop of a collection card: a published post, its town and its cover. */
export type PublicStopRow = { id: string; municipalityId: string; cover: PublicPhotoRow | null };
export type PublicCollectionCardRow = Omit<PublicCollectionRow, 'postIds' | 'notes'> & {
  /** Its published stops in order. */
  stops: PublicStopRow[];
};

/**
 * The region's published collections (特集) as the region page shows them, newest published first:
 * each with its published stops in order, their towns and covers — one statement (the newest
 * `limit` are picked first, then their stops are read).
 */
export async function listPublishedCollectionCards(tx: Db, f: { regionId: string; limit: number }): Promise<PublicCollectionCardRow[]> {
  return tx.execute<PublicCollectionCardRow>(sql`
    select c.id, c.title, c.description, ${iso(sql`c.published_at`)} as "publishedAt", ${iso(sql`c.updated_at`)} as "updatedAt",
      coalesce((
        select json_agg(json_build_object('id', p.id, 'municipalityId', p.municipality_id, 'cover', s.cover) order by i.position)
        from attraction_collection_items i
        join attraction_posts p on p.id = i.post_id and p.region_id = c.region_id and p.status = 'published'
        cross join lateral (select ${coverColumn}) s
        where i.collection_id = c.id), '[]') as stops
    from (
      select c.id from attraction_collections c
      where c.region_id = ${f.regionId} and c.status = 'published'
      order by c.published_at desc nulls last, c.id desc
      limit ${f.limit}
    ) k
    join attraction_collections c on c.id = k.id
    order by c.published_at desc nulls last, c.id desc`);
}

/** One published collection of the region, or null. */
export async function getPublishedCollection(tx: Db, f: { regionId: string; id: string }): Promise<PublicCollectionRow | null> {
  const [row] = await tx.execute<PublicCollectionRow>(sql`
    select ${collectionColumns} from attraction_collections c ${collectionJoins}
    where c.region_id = ${f.regionId} and c.id = ${f.id} and c.status = 'published'
    group by c.id`);
  return row ?? null;
}

// ── views ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Adds counted views (post, Japan date, how many) in one statement. Only published posts of the
 * region are counted (a post taken down since it was read drops out here rather than failing the
 * batch); the region and town of each row come from the post itself.
 *
 * Needs a town in the context: `on conflict do update` reads the existing row, and attraction_views
 * is readable with a town only (the insert itself is allowed in the region context).
 */
export async function addViews(tx: Db, f: { regionId: string; rows: ReadonlyArray<{ postId: string; day: string; views: number }> }): Promise<number> {
  if (!f.rows.length) return 0;
  // Days and counts travel as text[] (cast in SQL): postgres.js serialises text and uuid arrays, not date[] or int[] parameters.
  const done = await tx.execute<{ postId: string }>(sql`
    insert into attraction_views (region_id, municipality_id, post_id, day, views)
    select p.region_id, p.municipality_id, p.id, v.day, v.views
    from unnest(${uuids(f.rows.map((r) => r.postId))}, ${sql.param(f.rows.map((r) => r.day))}::text[]::date[], ${sql.param(f.rows.map((r) => String(r.views)))}::text[]::int[])
      as v(post_id, day, views)
    join attraction_posts p on p.id = v.post_id and p.region_id = ${f.regionId} and p.status = 'published'
    -- Row locks in one order (post, day) whatever the caller sent: concurrent flushes queue, never deadlock.
    order by v.post_id, v.day
    on conflict (post_id, day) do update set views = attraction_views.views + excluded.views
    returning post_id as "postId"`);
  return done.length;
}
