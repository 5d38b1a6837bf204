import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import type { PhotoVariant, PhotoVariantName } from '../schema/attractions';
import { texts, uuids } from './community-sql';
import type { RegionPerson } from './region-people';

/**
 * 地域の魅力 (attraction posts): drafts, photos, the review history and what the detail view reads
 * (publications). Row-level security decides what the reader sees (a town's own posts, the region's
 * pool); the queries name the region too. Dates come back as 'YYYY-MM-DD' text, times as 'HH:MM',
 * timestamps as ISO 8601 text (microseconds kept for cursors).
 */

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type AttractionCategory = 'spot' | 'event' | 'food' | 'experience' | 'product' | 'other';
export type AttractionStatus = 'draft' | 'in_review' | 'returned' | 'rejected' | 'approved' | 'scheduled' | 'published' | 'unpublished';
export type PhotoPeople = 'none' | 'consented' | 'not_asked';
export type PhotoStatus = 'processing' | 'ready' | 'failed';

/** What an author writes (the columns of a draft). */
export type AttractionWrite = {
  category: AttractionCategory;
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
};

/** A post as read. */
export type AttractionRow = AttractionWrite & {
  id: string;
  regionId: string;
  municipalityId: string;
  municipalityName: string;
  authorId: string;
  status: AttractionStatus;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  approvedAt: string | null;
  publishAt: string | null;
  scheduledBy: string | null;
  scheduleSeq: number;
  channelIds: string[];
  socialTexts: Record<string, string>;
  publishedAt: string | null;
  unpublishedAt: string | null;
  unpublishedBy: string | null;
  unpublishReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

const postColumns = sql`
  p.id, p.region_id as "regionId", p.municipality_id as "municipalityId", m.name as "municipalityName",
  p.author_id as "authorId", p.status, p.category, p.title, p.body, p.place_name as "placeName", p.address,
  p.latitude, p.longitude, p.event_starts_on::text as "eventStartsOn", p.event_ends_on::text as "eventEndsOn",
  to_char(p.event_start_time, 'HH24:MI') as "eventStartTime", to_char(p.event_end_time, 'HH24:MI') as "eventEndTime",
  p.tags, p.link_url as "linkUrl", ${iso(sql`p.submitted_at`)} as "submittedAt", p.reviewed_by as "reviewedBy",
  ${iso(sql`p.reviewed_at`)} as "reviewedAt", p.review_comment as "reviewComment", ${iso(sql`p.approved_at`)} as "approvedAt",
  ${iso(sql`p.publish_at`)} as "publishAt", p.scheduled_by as "scheduledBy", p.schedule_seq as "scheduleSeq",
  p.channel_ids as "channelIds", p.social_texts as "socialTexts", ${iso(sql`p.published_at`)} as "publishedAt",
  ${iso(sql`p.unpublished_at`)} as "unpublishedAt", p.unpublished_by as "unpublishedBy", p.unpublish_reason as "unpublishReason",
  p.version, ${iso(sql`p.created_at`)} as "createdAt", ${iso(sql`p.updated_at`)} as "updatedAt"`;

/**
 * What a list shows of a post (AttractionSummary), with its cover — the first ready photo (getCovers'
 * rule), or null — and its author's card as getRegionPeople() reads it (null: not in the region).
 */
export type AttractionSummaryRow = Pick<AttractionRow,
  'id' | 'municipalityId' | 'municipalityName' | 'authorId' | 'status' | 'category' | 'title' | 'placeName' | 'eventStartsOn' | 'eventEndsOn'
  | 'tags' | 'submittedAt' | 'approvedAt' | 'publishAt' | 'publishedAt' | 'updatedAt'> & { cover: CoverRow | null; author: RegionPerson | null };

/** A cover as the summaries need it. */
export type CoverRow = Pick<PhotoRow, 'id' | 'status' | 'variants' | 'processSeq'>;

const summaryColumns = sql`
  p.id, p.municipality_id as "municipalityId", m.name as "municipalityName", p.author_id as "authorId", p.status, p.category,
  p.title, p.place_name as "placeName", p.event_starts_on::text as "eventStartsOn", p.event_ends_on::text as "eventEndsOn", p.tags,
  ${iso(sql`p.submitted_at`)} as "submittedAt", ${iso(sql`p.approved_at`)} as "approvedAt", ${iso(sql`p.publish_at`)} as "publishAt",
  ${iso(sql`p.published_at`)} as "publishedAt", ${iso(sql`p.updated_at`)} as "updatedAt",
  (select json_build_object('id', f.id, 'status', f.status, 'variants', f.variants, 'processSeq', f.process_seq)
   from attraction_photos f where f.post_id = p.id and f.status = 'ready'
   order by f.sort_order, f.created_at, f.id limit 1) as cover`;

/**
 * One post as the reader's row-level security shows it (their town's posts, the region's pool), or
 * null. `lock: 'update'` takes the row lock (FOR UPDATE: only rows the reader may change are found).
 */
export async function getPost(
  tx: Db, f: { regionId: string; id: string; lock?: 'update' },
): Promise<AttractionRow | null> {
  const rows = await tx.execute<AttractionRow>(sql`
    select ${postColumns} from attraction_posts p join municipalities m on m.id = p.municipality_id
    where p.region_id = ${f.regionId} and p.id = ${f.id}
    ${f.lock === 'update' ? sql`for update of p` : sql``}`);
  return rows[0] ?? null;
}

/** Posts by id (those the reader sees), in the order given. */
export async function getPostsByIds(tx: Db, f: { regionId: string; ids: readonly string[] }): Promise<AttractionRow[]> {
  if (!f.ids.length) return [];
  const rows = await tx.execute<AttractionRow>(sql`
    select ${postColumns} from attraction_posts p join municipalities m on m.id = p.municipality_id
    where p.region_id = ${f.regionId} and p.id = any(${uuids(f.ids)})`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return f.ids.map((id) => byId.get(id)).filter((r): r is AttractionRow => !!r);
}

/** A post an author already made with this idempotency key (a double submit of the form). */
export async function getPostByIdempotencyKey(tx: Db, f: { regionId: string; authorId: string; key: string }): Promise<AttractionRow | null> {
  const rows = await tx.execute<AttractionRow>(sql`
    select ${postColumns} from attraction_posts p join municipalities m on m.id = p.municipality_id
    where p.region_id = ${f.regionId} and p.author_id = ${f.authorId} and p.idempotency_key = ${f.key}`);
  return rows[0] ?? null;
}

export type PostListFilter = {
  regionId: string;
  /** mine: the author's own; town: one town's posts (the reviewers' queue); pool: the region's pool. */
  scope: { kind: 'mine'; authorId: string } | { kind: 'town'; townId: string; statuses: readonly AttractionStatus[] } | { kind: 'pool' };
  status?: AttractionStatus;
  category?: AttractionCategory;
  municipalityId?: string;
  q?: string;
  after: { at: string; id: string } | null;
  limit: number;
};

const POOL: readonly AttractionStatus[] = ['approved', 'scheduled', 'published', 'unpublished'];

/**
 * A page of posts as the lists show them (with their covers and authors' cards), newest change first
 * (keyset on updated_at, id); one more than `limit` when there are more. One statement.
 *
 * The page is picked on the key columns alone (`k`), and the shown columns are read for those rows
 * only: with them in the sorting query, PostgreSQL computed every to_char() (and would compute the
 * cover) for each row it sorted — the whole pool of the region (2,000 rows: 14 ms, 10 of them to_char).
 */
export async function listPosts(tx: Db, f: PostListFilter): Promise<AttractionSummaryRow[]> {
  const where: SQL[] = [sql`p.region_id = ${f.regionId}`];
  if (f.scope.kind === 'mine') where.push(sql`p.author_id = ${f.scope.authorId}`);
  if (f.scope.kind === 'town') where.push(sql`p.municipality_id = ${f.scope.townId} and p.status = any(${texts(f.scope.statuses)})`);
  if (f.scope.kind === 'pool') where.push(sql`p.status = any(${texts(POOL)})`);
  if (f.status) where.push(sql`p.status = ${f.status}`);
  if (f.category) where.push(sql`p.category = ${f.category}`);
  if (f.municipalityId) where.push(sql`p.municipality_id = ${f.municipalityId}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(p.title ilike ${like} or p.body ilike ${like} or p.place_name ilike ${like} or ${f.q} = any(p.tags))`);
  }
  if (f.after) where.push(sql`(p.updated_at, p.id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`);
  // The authors' cards: region_people() (getRegionPeople's function), called once for the page.
  return tx.execute<AttractionSummaryRow>(sql`
    with k as materialized (
      select p.id, p.updated_at, p.author_id from attraction_posts p
      where ${sql.join(where, sql` and `)}
      order by p.updated_at desc, p.id desc
      limit ${f.limit + 1}
    ), a as (
      select x.id, json_build_object('id', x.id, 'municipalityId', x.municipality_id, 'municipalityName', x.municipality_name,
        'name', x.name, 'nameKana', x.name_kana, 'position', x.position, 'departmentId', x.department_id,
        'departmentName', x.department_name, 'departmentPath', x.department_path, 'active', x.active) as card
      from region_people(array(select distinct author_id from k)) x
    )
    select ${summaryColumns}, a.card as author
    from k
    join attraction_posts p on p.id = k.id
    join municipalities m on m.id = p.municipality_id
    left join a on a.id = p.author_id
    order by k.updated_at desc, k.id desc`);
}

const writeValues = (w: AttractionWrite) => ({
  category: w.category, title: w.title, body: w.body, placeName: w.placeName, address: w.address,
  latitude: w.latitude, longitude: w.longitude, eventStartsOn: w.eventStartsOn, eventEndsOn: w.eventEndsOn,
  eventStartTime: w.eventStartTime, eventEndTime: w.eventEndTime, tags: w.tags, linkUrl: w.linkUrl,
});

/**
 * A new draft; null when the author already made one with this key (the unique index decides, so two
 * submits at once make one post: the loser reads the winner's with getPostByIdempotencyKey).
 */
export async function insertPost(
  tx: Db, f: { regionId: string; tenantId: string; authorId: string; idempotencyKey: string | null; write: AttractionWrite },
): Promise<string | null> {
  const w = writeValues(f.write);
  const rows = await tx.execute<{ id: string }>(sql`
    insert into attraction_posts (region_id, municipality_id, author_id, idempotency_key, category, title, body, place_name,
      address, latitude, longitude, event_starts_on, event_ends_on, event_start_time, event_end_time, tags, link_url)
    values (${f.regionId}, ${f.tenantId}, ${f.authorId}, ${f.idempotencyKey}, ${w.category}, ${w.title}, ${w.body}, ${w.placeName},
      ${w.address}, ${w.latitude}, ${w.longitude}, ${w.eventStartsOn}::date, ${w.eventEndsOn}::date, ${w.eventStartTime}::time,
      ${w.eventEndTime}::time, ${texts(w.tags)}, ${w.linkUrl})
    on conflict (author_id, idempotency_key) do nothing
    returning id`);
  return rows[0]?.id ?? null;
}

/** The author's edit of a locked post; bumps the version. */
export async function updatePostContent(tx: Db, f: { id: string; write: AttractionWrite }): Promise<void> {
  const w = writeValues(f.write);
  await tx.execute(sql`
    update attraction_posts set category = ${w.category}, title = ${w.title}, body = ${w.body}, place_name = ${w.placeName},
      address = ${w.address}, latitude = ${w.latitude}, longitude = ${w.longitude}, event_starts_on = ${w.eventStartsOn}::date,
      event_ends_on = ${w.eventEndsOn}::date, event_start_time = ${w.eventStartTime}::time, event_end_time = ${w.eventEndTime}::time,
      tags = ${texts(w.tags)}, link_url = ${w.linkUrl}, version = version + 1, updated_at = now()
    where id = ${f.id}`);
}

/**
 * A status change of the review flow (submit, withdraw, approve, return, reject) on a locked post;
 * bumps the version so a form opened before it is stale.
 */
export async function setPostStatus(
  tx: Db,
  f: { id: string; status: AttractionStatus; submitted?: boolean; review?: { by: string; comment: string | null }; approved?: boolean },
): Promise<void> {
  await tx.execute(sql`
    update attraction_posts set status = ${f.status}, version = version + 1, updated_at = now()
      ${f.submitted ? sql`, submitted_at = now()` : sql``}
      ${f.review ? sql`, reviewed_by = ${f.review.by}, reviewed_at = now(), review_comment = ${f.review.comment}` : sql``}
      ${f.approved ? sql`, approved_at = now()` : sql``}
    where id = ${f.id}`);
}

/** Deletes a draft or returned post (RLS allows no other); photos and history go with it (cascade). */
export async function deletePost(tx: Db, id: string): Promise<boolean> {
  const rows = await tx.execute(sql`delete from attraction_posts where id = ${id} returning id`);
  return rows.length > 0;
}

// ── review history ──────────────────────────────────────────────────────────────────────────────

export type ReviewRow = { id: string; action: 'submitted' | 'approved' | 'returned' | 'rejected' | 'withdrawn'; comment: string; actorId: string; createdAt: string };

export async function addReview(
  tx: Db, f: { regionId: string; tenantId: string; postId: string; action: ReviewRow['action']; comment: string; actorId: string },
): Promise<void> {
  await tx.execute(sql`
    insert into attraction_reviews (region_id, municipality_id, post_id, action, comment, actor_id)
    values (${f.regionId}, ${f.tenantId}, ${f.postId}, ${f.action}, ${f.comment}, ${f.actorId})`);
}

/** The history of a post, oldest first (row-level security: the post's own town only). */
export async function getReviews(tx: Db, postId: string): Promise<ReviewRow[]> {
  return tx.execute<ReviewRow>(sql`
    select id, action, comment, actor_id as "actorId", ${iso(sql`created_at`)} as "createdAt"
    from attraction_reviews where post_id = ${postId} order by created_at, id`);
}

// ── publications (written by the worker; read for the detail view) ──────────────────────────────

export type PublicationRow = {
  id: string;
  channelId: string | null;
  channelName: string | null;
  channelKind: 'x' | 'instagram' | 'facebook' | 'line' | 'other' | null;
  action: 'publish' | 'unpublish';
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  text: string;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** The publication log of one post, newest first, with each relay's name and kind. */
export async function getPublications(tx: Db, postId: string): Promise<PublicationRow[]> {
  return tx.execute<PublicationRow>(sql`
    select u.id, u.channel_id as "channelId", c.name as "channelName", c.kind as "channelKind", u.action, u.status,
      u.attempts, u.response_status as "responseStatus", u.last_error as "lastError", u.text,
      ${iso(sql`u.delivered_at`)} as "deliveredAt", ${iso(sql`u.created_at`)} as "createdAt", ${iso(sql`u.updated_at`)} as "updatedAt"
    from attraction_publications u left join attraction_channels c on c.id = u.channel_id
    where u.post_id = ${postId}
    order by u.created_at desc, u.id`);
}

// ── photos ──────────────────────────────────────────────────────────────────────────────────────

export type PhotoRow = {
  id: string;
  regionId: string;
  municipalityId: string;
  postId: string;
  uploadedBy: string;
  originalKey: string;
  contentType: string;
  byteSize: number;
  status: PhotoStatus;
  keepLocation: boolean;
  hadLocation: boolean | null;
  width: number | null;
  height: number | null;
  variants: Partial<Record<PhotoVariantName, PhotoVariant>>;
  processSeq: number;
  processError: string | null;
  photographer: string;
  people: PhotoPeople;
  mayPublish: boolean;
  alt: string;
  caption: string;
  sortOrder: number;
  createdAt: string;
};

const photoColumns = sql`
  f.id, f.region_id as "regionId", f.municipality_id as "municipalityId", f.post_id as "postId", f.uploaded_by as "uploadedBy",
  f.original_key as "originalKey", f.content_type as "contentType", f.byte_size as "byteSize", f.status,
  f.keep_location as "keepLocation", f.had_location as "hadLocation", f.width, f.height, f.variants,
  f.process_seq as "processSeq", f.process_error as "processError", f.photographer, f.people, f.may_publish as "mayPublish",
  f.alt, f.caption, f.sort_order as "sortOrder", ${iso(sql`f.created_at`)} as "createdAt"`;

/** The photos of these posts (those the reader sees), each post's in its order. */
export async function getPhotos(tx: Db, postIds: readonly string[]): Promise<PhotoRow[]> {
  if (!postIds.length) return [];
  return tx.execute<PhotoRow>(sql`
    select ${photoColumns} from attraction_photos f where f.post_id = any(${uuids(postIds)})
    order by f.post_id, f.sort_order, f.created_at, f.id`);
}

/** Each post's cover: its first ready photo in order. */
export async function getCovers(tx: Db, postIds: readonly string[]): Promise<Map<string, PhotoRow>> {
  if (!postIds.length) return new Map();
  const rows = await tx.execute<PhotoRow>(sql`
    select distinct on (f.post_id) ${photoColumns} from attraction_photos f
    where f.post_id = any(${uuids(postIds)}) and f.status = 'ready'
    order by f.post_id, f.sort_order, f.created_at, f.id`);
  return new Map(rows.map((r) => [r.postId, r]));
}

/** One photo the reader sees (through its post), or null; `lock` locks it (own town only). */
export async function getPhoto(tx: Db, f: { regionId: string; id: string; lock?: boolean }): Promise<PhotoRow | null> {
  const rows = await tx.execute<PhotoRow>(sql`
    select ${photoColumns} from attraction_photos f where f.region_id = ${f.regionId} and f.id = ${f.id}
    ${f.lock ? sql`for update of f` : sql``}`);
  return rows[0] ?? null;
}

export async function countPhotos(tx: Db, postId: string): Promise<{ count: number; maxSort: number }> {
  const [row] = await tx.execute<{ count: number; maxSort: number }>(sql`
    select count(*)::int as count, coalesce(max(sort_order), -1)::int as "maxSort" from attraction_photos where post_id = ${postId}`);
  return row ?? { count: 0, maxSort: -1 };
}

export async function insertPhoto(
  tx: Db,
  f: { id: string; regionId: string; tenantId: string; postId: string; uploadedBy: string; originalKey: string; contentType: string; byteSize: number; sortOrder: number },
): Promise<void> {
  await tx.execute(sql`
    insert into attraction_photos (id, region_id, municipality_id, post_id, uploaded_by, original_key, content_type, byte_size, sort_order)
    values (${f.id}, ${f.regionId}, ${f.tenantId}, ${f.postId}, ${f.uploadedBy}, ${f.originalKey}, ${f.contentType}, ${f.byteSize}, ${f.sortOrder})`);
}

export type PhotoChange = Partial<Pick<PhotoRow, 'photographer' | 'people' | 'mayPublish' | 'alt' | 'caption' | 'sortOrder'>> & {
  /** A new keep-location choice: processing starts again under the next seq. */
  keepLocation?: boolean;
};

/** Changes a locked photo; a new keep-location choice bumps process_seq and sets it processing. Returns the seq. */
export async function updatePhoto(tx: Db, id: string, c: PhotoChange): Promise<number> {
  const sets: SQL[] = [sql`updated_at = now()`];
  if (c.photographer !== undefined) sets.push(sql`photographer = ${c.photographer}`);
  if (c.people !== undefined) sets.push(sql`people = ${c.people}`);
  if (c.mayPublish !== undefined) sets.push(sql`may_publish = ${c.mayPublish}`);
  if (c.alt !== undefined) sets.push(sql`alt = ${c.alt}`);
  if (c.caption !== undefined) sets.push(sql`caption = ${c.caption}`);
  if (c.sortOrder !== undefined) sets.push(sql`sort_order = ${c.sortOrder}`);
  if (c.keepLocation !== undefined) {
    sets.push(sql`keep_location = ${c.keepLocation}, process_seq = process_seq + 1, status = 'processing', process_error = null`);
  }
  const [row] = await tx.execute<{ seq: number }>(sql`
    update attraction_photos set ${sql.join(sets, sql`, `)} where id = ${id} returning process_seq as seq`);
  return row!.seq;
}

export async function deletePhoto(tx: Db, id: string): Promise<void> {
  await tx.execute(sql`delete from attraction_photos where id = ${id}`);
}

/**
 * Marks the post changed (a photo added, edited or removed) for the lists' order. The version stays:
 * photos are saved one by one beside the open form, which would otherwise go stale with each.
 */
export async function touchPost(tx: Db, id: string): Promise<void> {
  await tx.execute(sql`update attraction_posts set updated_at = now() where id = ${id}`);
}

// ── who ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Is this person a reviewer (審査担当) of their own town: role attraction_reviewer or
 * municipality_admin there, and active — read from role_grants, not the token.
 */
export async function isTownReviewer(tx: Db, f: { tenantId: string; userId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from role_grants g join users u on u.municipality_id = g.municipality_id and u.id = g.user_id and u.active
    where g.municipality_id = ${f.tenantId} and g.user_id = ${f.userId} and g.role in ('attraction_reviewer', 'municipality_admin')
    limit 1`);
  return rows.length > 0;
}

/**
 * Who reviews the town's posts: its active attraction_reviewers, or — when it has named none — its
 * 自治体管理者, so a submitted post never waits unseen.
 */
export async function townReviewerIds(tx: Db, tenantId: string): Promise<string[]> {
  const rows = await tx.execute<{ id: string; role: string }>(sql`
    select distinct u.id, g.role from role_grants g join users u on u.municipality_id = g.municipality_id and u.id = g.user_id and u.active
    where g.municipality_id = ${tenantId} and g.role in ('attraction_reviewer', 'municipality_admin')`);
  const reviewers = rows.filter((r) => r.role === 'attraction_reviewer').map((r) => r.id);
  const ids = reviewers.length ? reviewers : rows.map((r) => r.id);
  return [...new Set(ids)];
}

/** Is the reader a regional coordinator of the current region (yui_is_region_coordinator(), migration 0007)? */
export async function isRegionCoordinator(tx: Db): Promise<boolean> {
  const [row] = await tx.execute<{ ok: boolean }>(sql`select yui_is_region_coordinator() as ok`);
  return row?.ok ?? false;
}

/** The region's slug (regions are public reference data): the public pages' address. */
export async function regionSlug(tx: Db, regionId: string): Promise<string | null> {
  const [row] = await tx.execute<{ slug: string }>(sql`select slug from regions where id = ${regionId}`);
  return row?.slug ?? null;
}
