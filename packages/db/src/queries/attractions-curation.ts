import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { uuids } from './community-sql';

/**
 * 地域の魅力, the coordinators' side: scheduling pooled posts, the region's relays (channels), its
 * collections (特集), the publication log and the figures. A coordinator of another town changes a
 * post's scheduling columns only (attraction_posts_guard(), migration 0008): these updates touch
 * nothing else — not even `version`, which is the author's optimistic lock.
 * Timestamps come back as ISO 8601 text (microseconds kept for cursors).
 */

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type ChannelKind = 'x' | 'instagram' | 'facebook' | 'line' | 'other';

// ── scheduling ──────────────────────────────────────────────────────────────────────────────────

/**
 * Schedules (or reschedules) a locked pooled post; returns the new schedule_seq. A post taken down
 * before goes out again: the take-down's time, person and reason no longer describe it (the
 * publication log keeps them).
 */
export async function setSchedule(
  tx: Db, f: { id: string; publishAt: string; scheduledBy: string; channelIds: readonly string[]; socialTexts: Record<string, string> },
): Promise<number> {
  const [row] = await tx.execute<{ seq: number }>(sql`
    update attraction_posts set status = 'scheduled', publish_at = ${f.publishAt}::timestamptz, scheduled_by = ${f.scheduledBy},
      channel_ids = ${uuids(f.channelIds)}, social_texts = ${JSON.stringify(f.socialTexts)}::jsonb,
      unpublished_at = null, unpublished_by = null, unpublish_reason = null,
      schedule_seq = schedule_seq + 1, updated_at = now()
    where id = ${f.id}
    returning schedule_seq as seq`);
  return row!.seq;
}

/**
 * Takes a locked scheduled post back to the pool (approved). The relays and texts stay for the next
 * time; the seq moves on, so the queued publish job finds nothing to do.
 */
export async function clearSchedule(tx: Db, id: string): Promise<number> {
  const [row] = await tx.execute<{ seq: number }>(sql`
    update attraction_posts set status = 'approved', publish_at = null, scheduled_by = null,
      schedule_seq = schedule_seq + 1, updated_at = now()
    where id = ${id}
    returning schedule_seq as seq`);
  return row!.seq;
}

/** Takes a locked published or scheduled post down; returns the new schedule_seq. */
export async function setUnpublished(tx: Db, f: { id: string; by: string; reason: string }): Promise<number> {
  const [row] = await tx.execute<{ seq: number }>(sql`
    update attraction_posts set status = 'unpublished', unpublished_at = now(), unpublished_by = ${f.by},
      unpublish_reason = ${f.reason}, schedule_seq = schedule_seq + 1, updated_at = now()
    where id = ${f.id}
    returning schedule_seq as seq`);
  return row!.seq;
}

/** The status of each of these posts the reader sees (pooled posts of any town, their own town's others). */
export async function postStatuses(tx: Db, f: { regionId: string; ids: readonly string[] }): Promise<Map<string, string>> {
  if (!f.ids.length) return new Map();
  const rows = await tx.execute<{ id: string; status: string }>(sql`
    select id, status from attraction_posts where region_id = ${f.regionId} and id = any(${uuids(f.ids)})`);
  return new Map(rows.map((r) => [r.id, r.status]));
}

// ── channels (relays) ───────────────────────────────────────────────────────────────────────────

export type ChannelRow = {
  id: string;
  name: string;
  kind: ChannelKind;
  url: string;
  charLimit: number;
  active: boolean;
  createdAt: string;
};

const channelColumns = sql`
  c.id, c.name, c.kind, c.url, c.char_limit as "charLimit", c.active, ${iso(sql`c.created_at`)} as "createdAt"`;

/** The region's relays, active first, by name. The secret is never read here. */
export async function listChannels(tx: Db, f: { regionId: string; activeOnly?: boolean }): Promise<ChannelRow[]> {
  return tx.execute<ChannelRow>(sql`
    select ${channelColumns} from attraction_channels c
    where c.region_id = ${f.regionId} ${f.activeOnly ? sql`and c.active` : sql``}
    order by c.active desc, c.name, c.id`);
}

/** Relays of the region by id (those that exist). */
export async function getChannelsByIds(tx: Db, f: { regionId: string; ids: readonly string[] }): Promise<Map<string, ChannelRow>> {
  if (!f.ids.length) return new Map();
  const rows = await tx.execute<ChannelRow>(sql`
    select ${channelColumns} from attraction_channels c where c.region_id = ${f.regionId} and c.id = any(${uuids(f.ids)})`);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function getChannel(tx: Db, f: { regionId: string; id: string; lock?: boolean }): Promise<ChannelRow | null> {
  const [row] = await tx.execute<ChannelRow>(sql`
    select ${channelColumns} from attraction_channels c where c.region_id = ${f.regionId} and c.id = ${f.id}
    ${f.lock ? sql`for update of c` : sql``}`);
  return row ?? null;
}

/** Is this name taken by another relay of the region? */
export async function channelNameTaken(tx: Db, f: { regionId: string; name: string; exceptId?: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from attraction_channels where region_id = ${f.regionId} and name = ${f.name}
    ${f.exceptId ? sql`and id <> ${f.exceptId}` : sql``}`);
  return rows.length > 0;
}

/** A new relay; null when the region already has one of this name (the unique index decides). */
export async function insertChannel(
  tx: Db,
  f: { regionId: string; tenantId: string; name: string; kind: ChannelKind; url: string; secret: string; charLimit: number; createdBy: string },
): Promise<ChannelRow | null> {
  const [row] = await tx.execute<ChannelRow>(sql`
    insert into attraction_channels as c (region_id, municipality_id, name, kind, url, secret, char_limit, created_by)
    values (${f.regionId}, ${f.tenantId}, ${f.name}, ${f.kind}, ${f.url}, ${f.secret}, ${f.charLimit}, ${f.createdBy})
    on conflict (region_id, name) do nothing
    returning ${channelColumns}`);
  return row ?? null;
}

export async function updateChannel(
  tx: Db, f: { id: string; name?: string; url?: string; charLimit?: number; active?: boolean },
): Promise<ChannelRow> {
  const sets: SQL[] = [sql`updated_at = now()`];
  if (f.name !== undefined) sets.push(sql`name = ${f.name}`);
  if (f.url !== undefined) sets.push(sql`url = ${f.url}`);
  if (f.charLimit !== undefined) sets.push(sql`char_limit = ${f.charLimit}`);
  if (f.active !== undefined) sets.push(sql`active = ${f.active}`);
  const [row] = await tx.execute<ChannelRow>(sql`
    update attraction_channels as c set ${sql.join(sets, sql`, `)} where c.id = ${f.id} returning ${channelColumns}`);
  return row!;
}

export async function setChannelSecret(tx: Db, f: { id: string; secret: string }): Promise<ChannelRow> {
  const [row] = await tx.execute<ChannelRow>(sql`
    update attraction_channels as c set secret = ${f.secret}, updated_at = now() where c.id = ${f.id} returning ${channelColumns}`);
  return row!;
}

// ── collections (特集) ──────────────────────────────────────────────────────────────────────────

export type CollectionRow = {
  id: string;
  title: string;
  description: string;
  status: 'draft' | 'published';
  createdBy: string;
  publishedAt: string | null;
  updatedAt: string;
};

export type CollectionItemRow = { collectionId: string; postId: string; position: number; note: string };

const collectionColumns = sql`
  c.id, c.title, c.description, c.status, c.created_by as "createdBy", ${iso(sql`c.published_at`)} as "publishedAt",
  ${iso(sql`c.updated_at`)} as "updatedAt"`;

/** The region's collections (drafts too: staff of the region read them), latest change first. */
export async function listCollections(tx: Db, f: { regionId: string }): Promise<CollectionRow[]> {
  return tx.execute<CollectionRow>(sql`
    select ${collectionColumns} from attraction_collections c where c.region_id = ${f.regionId}
    order by c.updated_at desc, c.id desc`);
}

export async function getCollection(tx: Db, f: { regionId: string; id: string; lock?: boolean }): Promise<CollectionRow | null> {
  const [row] = await tx.execute<CollectionRow>(sql`
    select ${collectionColumns} from attraction_collections c where c.region_id = ${f.regionId} and c.id = ${f.id}
    ${f.lock ? sql`for update of c` : sql``}`);
  return row ?? null;
}

export async function getCollectionByKey(tx: Db, f: { regionId: string; createdBy: string; key: string }): Promise<CollectionRow | null> {
  const [row] = await tx.execute<CollectionRow>(sql`
    select ${collectionColumns} from attraction_collections c
    where c.region_id = ${f.regionId} and c.created_by = ${f.createdBy} and c.idempotency_key = ${f.key}`);
  return row ?? null;
}

/** The stops of these collections in order. Posts the reader cannot see are left out. */
export async function getCollectionItems(tx: Db, collectionIds: readonly string[]): Promise<CollectionItemRow[]> {
  if (!collectionIds.length) return [];
  return tx.execute<CollectionItemRow>(sql`
    select i.collection_id as "collectionId", i.post_id as "postId", i.position, i.note
    from attraction_collection_items i
    join attraction_posts p on p.id = i.post_id and p.region_id = i.region_id
    where i.collection_id = any(${uuids(collectionIds)})
    order by i.collection_id, i.position`);
}

/** A new collection; null when its maker already made one with this key (a double submit). */
export async function insertCollection(
  tx: Db,
  f: { regionId: string; tenantId: string; title: string; description: string; createdBy: string; idempotencyKey: string | null },
): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into attraction_collections (region_id, municipality_id, title, description, created_by, idempotency_key)
    values (${f.regionId}, ${f.tenantId}, ${f.title}, ${f.description}, ${f.createdBy}, ${f.idempotencyKey})
    on conflict (created_by, idempotency_key) do nothing
    returning id`);
  return row?.id ?? null;
}

/** Changes a locked collection; publishing stamps published_at once, going back to draft clears it. */
export async function updateCollection(
  tx: Db, f: { id: string; title?: string; description?: string; status?: 'draft' | 'published' },
): Promise<void> {
  const sets: SQL[] = [sql`updated_at = now()`];
  if (f.title !== undefined) sets.push(sql`title = ${f.title}`);
  if (f.description !== undefined) sets.push(sql`description = ${f.description}`);
  if (f.status === 'published') sets.push(sql`status = 'published', published_at = coalesce(published_at, now())`);
  if (f.status === 'draft') sets.push(sql`status = 'draft', published_at = null`);
  await tx.execute(sql`update attraction_collections set ${sql.join(sets, sql`, `)} where id = ${f.id}`);
}

/** Replaces the stops of a locked collection, in the order given. */
export async function replaceCollectionItems(
  tx: Db, f: { regionId: string; collectionId: string; items: ReadonlyArray<{ postId: string; note: string }> },
): Promise<void> {
  await tx.execute(sql`delete from attraction_collection_items where collection_id = ${f.collectionId}`);
  if (!f.items.length) return;
  await tx.execute(sql`
    insert into attraction_collection_items (region_id, collection_id, post_id, position, note)
    select ${f.regionId}, ${f.collectionId}, v.post_id, v.position, v.note
    from unnest(${uuids(f.items.map((i) => i.postId))}, ${sql.param(f.items.map((i) => i.note))}::text[])
      with ordinality as v(post_id, note, position)`);
}

export async function deleteCollection(tx: Db, id: string): Promise<boolean> {
  const rows = await tx.execute(sql`delete from attraction_collections where id = ${id} returning id`);
  return rows.length > 0;
}

// ── the publication log ─────────────────────────────────────────────────────────────────────────

export type RegionPublicationRow = {
  id: string;
  postId: string;
  postTitle: string | null;
  municipalityId: string;
  municipalityName: string;
  channelId: string | null;
  channelName: string | null;
  channelKind: ChannelKind | null;
  action: 'publish' | 'unpublish';
  scheduleSeq: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  text: string;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** The region's publication log, newest first (keyset on created_at, id); `limit` rows. */
export async function listRegionPublications(
  tx: Db, f: { regionId: string; status?: string; after?: { at: string; id: string } | null; limit: number },
): Promise<RegionPublicationRow[]> {
  const where: SQL[] = [sql`u.region_id = ${f.regionId}`];
  if (f.status) where.push(sql`u.status = ${f.status}`);
  if (f.after) where.push(sql`(u.created_at, u.id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`);
  return tx.execute<RegionPublicationRow>(sql`
    select u.id, u.post_id as "postId", p.title as "postTitle", u.municipality_id as "municipalityId", m.name as "municipalityName",
      u.channel_id as "channelId", c.name as "channelName", c.kind as "channelKind", u.action, u.schedule_seq as "scheduleSeq",
      u.status, u.attempts, u.response_status as "responseStatus", u.last_error as "lastError", u.text,
      ${iso(sql`u.delivered_at`)} as "deliveredAt", ${iso(sql`u.created_at`)} as "createdAt", ${iso(sql`u.updated_at`)} as "updatedAt"
    from attraction_publications u
    join municipalities m on m.id = u.municipality_id
    left join attraction_posts p on p.id = u.post_id
    left join attraction_channels c on c.id = u.channel_id
    where ${sql.join(where, sql` and `)}
    order by u.created_at desc, u.id desc
    limit ${f.limit}`);
}

// ── figures ─────────────────────────────────────────────────────────────────────────────────────

type Range = { regionId: string; from: string; to: string };

/**
 * Posts per town and month (Japan time, 'YYYY-MM') that reached the region's pool, by the month they
 * were submitted (approved_at for a post that never went through review). Another town's drafts and
 * posts in review are hidden by row-level security; counting only pooled posts gives every reader
 * the same figures.
 */
export async function pooledPostsByMonth(tx: Db, f: Range): Promise<Array<{ municipalityId: string; month: string; n: number }>> {
  return tx.execute(sql`
    select p.municipality_id as "municipalityId", to_char(coalesce(p.submitted_at, p.approved_at) at time zone 'Asia/Tokyo', 'YYYY-MM') as month,
      count(*)::int as n
    from attraction_posts p
    where p.region_id = ${f.regionId} and p.status in ('approved', 'scheduled', 'published', 'unpublished')
      and (coalesce(p.submitted_at, p.approved_at) at time zone 'Asia/Tokyo')::date between ${f.from}::date and ${f.to}::date
    group by 1, 2`);
}

/** Posts per town and month by the month they were (last) published; taken down later or not. */
export async function publishedPostsByMonth(tx: Db, f: Range): Promise<Array<{ municipalityId: string; month: string; n: number }>> {
  return tx.execute(sql`
    select p.municipality_id as "municipalityId", to_char(p.published_at at time zone 'Asia/Tokyo', 'YYYY-MM') as month, count(*)::int as n
    from attraction_posts p
    where p.region_id = ${f.regionId} and p.published_at is not null
      and p.status in ('approved', 'scheduled', 'published', 'unpublished')
      and (p.published_at at time zone 'Asia/Tokyo')::date between ${f.from}::date and ${f.to}::date
    group by 1, 2`);
}

export type PostViewsRow = {
  id: string;
  title: string;
  municipalityId: string;
  category: 'spot' | 'event' | 'food' | 'experience' | 'product' | 'other';
  publishedAt: string | null;
  views: number;
};

/**
 * Views on the public pages per post in the period, with every post published in the period (0 when
 * nobody looked): most viewed first.
 */
export async function viewsByPost(tx: Db, f: Range): Promise<PostViewsRow[]> {
  return tx.execute<PostViewsRow>(sql`
    with v as (
      select post_id, sum(views)::int as views from attraction_views
      where region_id = ${f.regionId} and day between ${f.from}::date and ${f.to}::date
      group by post_id
    )
    select p.id, p.title, p.municipality_id as "municipalityId", p.category, ${iso(sql`p.published_at`)} as "publishedAt",
      coalesce(v.views, 0)::int as views
    from attraction_posts p left join v on v.post_id = p.id
    where p.region_id = ${f.regionId} and p.status in ('approved', 'scheduled', 'published', 'unpublished')
      and (v.post_id is not null
        or (p.published_at is not null and (p.published_at at time zone 'Asia/Tokyo')::date between ${f.from}::date and ${f.to}::date))
    order by views desc, p.published_at desc nulls last, p.id`);
}
