import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import {
  attractionChannels, attractionPhotos, attractionPosts, attractionPublications,
  type PhotoVariant, type PhotoVariantName,
} from '../schema/attractions';
import { municipalities, regions } from '../schema/tenancy';
import type { Db } from '../client';

/**
 * Queries of the 地域の魅力 jobs of the worker (apps/worker/src/processors/attractions): photos,
 * publishing, relay deliveries and the sweep. Every job runs in the town that owns the row — the
 * photo's town, the post's town — without a person in the context, and the queries still name that
 * town: RLS is the backstop, not the filter.
 */

// ── photos ──────────────────────────────────────────────────────────────────────────────────────

export type PhotoVariants = Partial<Record<PhotoVariantName, PhotoVariant>>;

export interface PhotoToProcess {
  id: string;
  regionId: string;
  postId: string;
  originalKey: string;
  keepLocation: boolean;
  processSeq: number;
  status: 'processing' | 'ready' | 'failed';
  variants: PhotoVariants;
}

export async function getPhotoToProcess(
  tx: Db, { tenantId, photoId }: { tenantId: string; photoId: string },
): Promise<PhotoToProcess | undefined> {
  const [row] = await tx
    .select({
      id: attractionPhotos.id, regionId: attractionPhotos.regionId, postId: attractionPhotos.postId,
      originalKey: attractionPhotos.originalKey, keepLocation: attractionPhotos.keepLocation,
      processSeq: attractionPhotos.processSeq, status: attractionPhotos.status, variants: attractionPhotos.variants,
    })
    .from(attractionPhotos)
    .where(and(eq(attractionPhotos.municipalityId, tenantId), eq(attractionPhotos.id, photoId)));
  return row ? { ...row, variants: row.variants ?? {} } : undefined;
}

/**
 * The processed photo. Guarded by the seq the job worked on: when the author changed what processing
 * depends on meanwhile (keep location), nothing changes here and the newer job writes its own result.
 * False when the guard did not match.
 */
export async function markPhotoReady(
  tx: Db,
  p: { tenantId: string; photoId: string; seq: number; width: number; height: number; hadLocation: boolean; variants: PhotoVariants },
): Promise<boolean> {
  const rows = await tx
    .update(attractionPhotos)
    .set({
      status: 'ready', width: p.width, height: p.height, hadLocation: p.hadLocation, variants: p.variants,
      processError: null, updatedAt: sql`now()`,
    })
    .where(and(eq(attractionPhotos.municipalityId, p.tenantId), eq(attractionPhotos.id, p.photoId), eq(attractionPhotos.processSeq, p.seq)))
    .returning({ id: attractionPhotos.id });
  return rows.length > 0;
}

/** The photo could not be processed (not an image after all, the original gone): the author uploads again. Guarded as markPhotoReady. */
export async function markPhotoFailed(
  tx: Db, p: { tenantId: string; photoId: string; seq: number; error: string },
): Promise<boolean> {
  const rows = await tx
    .update(attractionPhotos)
    .set({ status: 'failed', processError: p.error.slice(0, 1000), updatedAt: sql`now()` })
    .where(and(eq(attractionPhotos.municipalityId, p.tenantId), eq(attractionPhotos.id, p.photoId), eq(attractionPhotos.processSeq, p.seq)))
    .returning({ id: attractionPhotos.id });
  return rows.length > 0;
}

// ── publishing ──────────────────────────────────────────────────────────────────────────────────

export interface PostToPublish {
  id: string;
  regionId: string;
  authorId: string;
  status: string;
  scheduleSeq: number;
  publishAt: Date | null;
  title: string;
  body: string;
  tags: string[];
  channelIds: string[];
  socialTexts: Record<string, string>;
}

/**
 * The post, locked for the rest of the transaction: a publish job, its retry and the sweep may reach
 * the same post at the same moment; the second one waits here and then finds the work done.
 */
export async function lockPostToPublish(
  tx: Db, { tenantId, postId }: { tenantId: string; postId: string },
): Promise<PostToPublish | undefined> {
  const [row] = await tx
    .select({
      id: attractionPosts.id, regionId: attractionPosts.regionId, authorId: attractionPosts.authorId, status: attractionPosts.status,
      scheduleSeq: attractionPosts.scheduleSeq, publishAt: attractionPosts.publishAt, title: attractionPosts.title, body: attractionPosts.body,
      tags: attractionPosts.tags, channelIds: attractionPosts.channelIds, socialTexts: attractionPosts.socialTexts,
    })
    .from(attractionPosts)
    .where(and(eq(attractionPosts.municipalityId, tenantId), eq(attractionPosts.id, postId)))
    .for('update');
  return row ? { ...row, socialTexts: row.socialTexts ?? {} } : undefined;
}

/**
 * scheduled → published, guarded by the seq of the schedule being carried out. A post taken down
 * before goes out again: the take-down's time, person and reason no longer describe it (the
 * publication log keeps the take-down).
 */
export async function setPostPublished(
  tx: Db, { tenantId, postId, seq, at }: { tenantId: string; postId: string; seq: number; at: Date },
): Promise<boolean> {
  const rows = await tx
    .update(attractionPosts)
    .set({ status: 'published', publishedAt: at, unpublishedAt: null, unpublishedBy: null, unpublishReason: null, updatedAt: sql`now()` })
    .where(and(
      eq(attractionPosts.municipalityId, tenantId), eq(attractionPosts.id, postId),
      eq(attractionPosts.status, 'scheduled'), eq(attractionPosts.scheduleSeq, seq),
    ))
    .returning({ id: attractionPosts.id });
  return rows.length > 0;
}

export interface ChannelForPublishing {
  id: string;
  name: string;
  kind: 'x' | 'instagram' | 'facebook' | 'line' | 'other';
  charLimit: number;
}

/** The chosen relays that are still active (a paused relay is skipped, not queued for later). */
export async function listActiveChannels(
  tx: Db, { regionId, ids }: { regionId: string; ids: string[] },
): Promise<ChannelForPublishing[]> {
  if (ids.length === 0) return [];
  return tx
    .select({ id: attractionChannels.id, name: attractionChannels.name, kind: attractionChannels.kind, charLimit: attractionChannels.charLimit })
    .from(attractionChannels)
    .where(and(eq(attractionChannels.regionId, regionId), inArray(attractionChannels.id, ids), eq(attractionChannels.active, true)))
    .orderBy(asc(attractionChannels.name));
}

/**
 * The relays that may still show the post — a 'publish' sent (or still about to be: a delivery in
 * flight may land) and no take-down sent or on its way since — each with the text it was sent. A
 * take-down that failed or was never sent does not count: the relay still has the post. Within one
 * seq a take-down comes before a publish (the take-down a publish writes ahead of itself), so only a
 * take-down of a later seq follows a publish.
 *
 * A delivery still pending is not sent after the take-down (see the deliver job), so a relay may
 * hear "take down" of a post it never showed — relays drop what they do not know.
 */
export async function listChannelsToTakeDown(
  tx: Db, { tenantId, postId }: { tenantId: string; postId: string },
): Promise<Array<{ channelId: string; text: string }>> {
  return tx.execute<{ channelId: string; text: string }>(sql`
    select distinct on (p.channel_id) p.channel_id as "channelId", p.text
    from attraction_publications p
    where p.municipality_id = ${tenantId} and p.post_id = ${postId} and p.channel_id is not null
      and p.action = 'publish' and p.status in ('delivered', 'pending')
      and not exists (
        select 1 from attraction_publications u
        where u.municipality_id = p.municipality_id and u.post_id = p.post_id and u.channel_id = p.channel_id
          and u.action = 'unpublish' and u.status in ('delivered', 'pending') and u.schedule_seq > p.schedule_seq)
    order by p.channel_id, p.schedule_seq desc`);
}

export interface NewPublication {
  channelId: string | null;
  text: string;
  /** The region's own page and feeds are "delivered" the moment the post's status changes. */
  delivered: boolean;
}

/**
 * The publication log of one post, action and schedule. (post, channel, action, seq) is unique, so a
 * second run of the same job inserts nothing: a relay is never queued twice for one schedule.
 * Returns the rows this call created.
 */
export async function insertPublications(
  tx: Db,
  p: { tenantId: string; regionId: string; postId: string; action: 'publish' | 'unpublish'; seq: number; rows: NewPublication[] },
): Promise<Array<{ id: string; channelId: string | null }>> {
  if (p.rows.length === 0) return [];
  return tx
    .insert(attractionPublications)
    .values(p.rows.map((r) => ({
      regionId: p.regionId, municipalityId: p.tenantId, postId: p.postId, channelId: r.channelId, action: p.action,
      scheduleSeq: p.seq, text: r.text, status: r.delivered ? 'delivered' as const : 'pending' as const,
      deliveredAt: r.delivered ? sql`now()` : null,
    })))
    .onConflictDoNothing()
    .returning({ id: attractionPublications.id, channelId: attractionPublications.channelId });
}

/**
 * A post's deliveries to one relay go out one at a time, in log order: by seq, and within a seq the
 * take-down before the publish (see getRelayTurn). This one is next: nothing before it is pending.
 */
const nextInLine = sql`not exists (
  select 1 from attraction_publications e
  where e.municipality_id = ${attractionPublications.municipalityId} and e.post_id = ${attractionPublications.postId}
    and e.channel_id = ${attractionPublications.channelId} and e.status = 'pending' and e.id <> ${attractionPublications.id}
    and (e.schedule_seq < ${attractionPublications.scheduleSeq}
      or (e.schedule_seq = ${attractionPublications.scheduleSeq} and e.action = 'unpublish' and ${attractionPublications.action} = 'publish')))`;

/**
 * Relay deliveries of one post and schedule still waiting whose turn it is (nextInLine; the others
 * are queued by the deliver job when the one before them is settled): (re)queued after the commit.
 */
export async function listPendingPublicationIds(
  tx: Db, p: { tenantId: string; postId: string; seq: number },
): Promise<string[]> {
  const rows = await tx
    .select({ id: attractionPublications.id })
    .from(attractionPublications)
    .where(and(
      eq(attractionPublications.municipalityId, p.tenantId), eq(attractionPublications.postId, p.postId),
      eq(attractionPublications.scheduleSeq, p.seq), eq(attractionPublications.status, 'pending'), nextInLine,
    ))
    .orderBy(asc(attractionPublications.createdAt), asc(attractionPublications.id));
  return rows.map((r) => r.id);
}

/** Names for texts and addresses: the region's slug (public page) and the town's name. Both are public. */
export async function getPlaceNames(
  tx: Db, { regionId, municipalityId }: { regionId: string; municipalityId: string },
): Promise<{ regionSlug: string; townName: string } | undefined> {
  const [row] = await tx
    .select({ regionSlug: regions.slug, townName: municipalities.name })
    .from(municipalities)
    .innerJoin(regions, eq(regions.id, municipalities.regionId))
    .where(and(eq(municipalities.id, municipalityId), eq(municipalities.regionId, regionId)));
  return row;
}

// ── relay deliveries ────────────────────────────────────────────────────────────────────────────

export interface PublicationToDeliver {
  id: string;
  regionId: string;
  postId: string;
  action: 'publish' | 'unpublish';
  scheduleSeq: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  text: string;
  channel: { id: string; name: string; kind: ChannelForPublishing['kind']; url: string; secret: string; active: boolean } | null;
  post: {
    status: string;
    scheduleSeq: number;
    title: string;
    category: 'spot' | 'event' | 'food' | 'experience' | 'product' | 'other';
    tags: string[];
    eventStartsOn: string | null;
    eventEndsOn: string | null;
  };
}

/** One publication with its relay (and the relay's secret: the worker signs with it) and its post. */
export async function getPublicationToDeliver(
  tx: Db, { tenantId, publicationId }: { tenantId: string; publicationId: string },
): Promise<PublicationToDeliver | undefined> {
  const [row] = await tx
    .select({
      id: attractionPublications.id, regionId: attractionPublications.regionId, postId: attractionPublications.postId,
      action: attractionPublications.action, scheduleSeq: attractionPublications.scheduleSeq, status: attractionPublications.status,
      attempts: attractionPublications.attempts, text: attractionPublications.text,
      postStatus: attractionPosts.status, postSeq: attractionPosts.scheduleSeq,
      channelId: attractionChannels.id, channelName: attractionChannels.name, channelKind: attractionChannels.kind,
      channelUrl: attractionChannels.url, channelSecret: attractionChannels.secret, channelActive: attractionChannels.active,
      title: attractionPosts.title, category: attractionPosts.category, tags: attractionPosts.tags,
      eventStartsOn: attractionPosts.eventStartsOn, eventEndsOn: attractionPosts.eventEndsOn,
    })
    .from(attractionPublications)
    .innerJoin(attractionPosts, and(eq(attractionPosts.regionId, attractionPublications.regionId), eq(attractionPosts.id, attractionPublications.postId)))
    .leftJoin(attractionChannels, and(eq(attractionChannels.regionId, attractionPublications.regionId), eq(attractionChannels.id, attractionPublications.channelId)))
    .where(and(eq(attractionPublications.municipalityId, tenantId), eq(attractionPublications.id, publicationId)));
  if (!row) return undefined;
  return {
    id: row.id, regionId: row.regionId, postId: row.postId, action: row.action, scheduleSeq: row.scheduleSeq, status: row.status,
    attempts: row.attempts, text: row.text,
    channel: row.channelId
      ? { id: row.channelId, name: row.channelName!, kind: row.channelKind!, url: row.channelUrl!, secret: row.channelSecret!, active: row.channelActive! }
      : null,
    post: { status: row.postStatus, scheduleSeq: row.postSeq, title: row.title, category: row.category, tags: row.tags, eventStartsOn: row.eventStartsOn, eventEndsOn: row.eventEndsOn },
  };
}

/**
 * Where a relay delivery stands among the others of its post to the same relay, which go out one at
 * a time in log order: by seq, and within one seq the take-down before the publish.
 *
 *  - earlierPending: deliveries before it still pending (waiting for a try, or in flight): it waits;
 *  - newerPublishDelivered: a 'publish' of the same or a later seq already reached the relay — a
 *    take-down sent now would remove the live post;
 *  - olderVersionHeld: a 'publish' of an earlier seq reached the relay and no take-down reached it
 *    since — a publish sent now would show the post twice.
 */
export interface RelayTurn {
  earlierPending: number;
  newerPublishDelivered: boolean;
  olderVersionHeld: boolean;
}

export async function getRelayTurn(
  tx: Db, { tenantId, publicationId }: { tenantId: string; publicationId: string },
): Promise<RelayTurn | undefined> {
  const [row] = await tx.execute<{ earlierPending: number; newerPublishDelivered: boolean; olderVersionHeld: boolean }>(sql`
    select
      (select count(*)::int from attraction_publications e
        where e.municipality_id = r.municipality_id and e.post_id = r.post_id and e.channel_id = r.channel_id
          and e.id <> r.id and e.status = 'pending'
          and (e.schedule_seq < r.schedule_seq or (e.schedule_seq = r.schedule_seq and e.action = 'unpublish' and r.action = 'publish'))
      ) as "earlierPending",
      exists (select 1 from attraction_publications n
        where n.municipality_id = r.municipality_id and n.post_id = r.post_id and n.channel_id = r.channel_id
          and n.id <> r.id and n.action = 'publish' and n.status = 'delivered' and n.schedule_seq >= r.schedule_seq
      ) as "newerPublishDelivered",
      exists (select 1 from attraction_publications o
        where o.municipality_id = r.municipality_id and o.post_id = r.post_id and o.channel_id = r.channel_id
          and o.action = 'publish' and o.status = 'delivered' and o.schedule_seq < r.schedule_seq
          and not exists (select 1 from attraction_publications u
            where u.municipality_id = o.municipality_id and u.post_id = o.post_id and u.channel_id = o.channel_id
              and u.action = 'unpublish' and u.status = 'delivered' and u.schedule_seq > o.schedule_seq and u.schedule_seq <= r.schedule_seq)
      ) as "olderVersionHeld"
    from attraction_publications r
    where r.municipality_id = ${tenantId} and r.id = ${publicationId}`);
  return row;
}

/** The delivery of a post to one relay whose turn it now is (nextInLine), if one is pending: a settled one lets the next go. */
export async function listNextToRelay(
  tx: Db, { tenantId, postId, channelId }: { tenantId: string; postId: string; channelId: string },
): Promise<string[]> {
  const rows = await tx
    .select({ id: attractionPublications.id })
    .from(attractionPublications)
    .where(and(
      eq(attractionPublications.municipalityId, tenantId), eq(attractionPublications.postId, postId),
      eq(attractionPublications.channelId, channelId), eq(attractionPublications.status, 'pending'), nextInLine,
    ));
  return rows.map((r) => r.id);
}

/** The post's processed photos in their order (for the relay's images: public addresses). */
export async function listReadyPhotos(
  tx: Db, { tenantId, postId }: { tenantId: string; postId: string },
): Promise<Array<{ id: string; processSeq: number }>> {
  return tx
    .select({ id: attractionPhotos.id, processSeq: attractionPhotos.processSeq })
    .from(attractionPhotos)
    .where(and(eq(attractionPhotos.municipalityId, tenantId), eq(attractionPhotos.postId, postId), eq(attractionPhotos.status, 'ready')))
    .orderBy(asc(attractionPhotos.sortOrder), asc(attractionPhotos.createdAt));
}

/**
 * The relay took it (2xx). Guarded (… where status = 'pending'): a delivery that somehow ran twice
 * is recorded once. False when it was no longer pending.
 */
export async function markPublicationDelivered(
  tx: Db, { tenantId, publicationId, responseStatus }: { tenantId: string; publicationId: string; responseStatus: number },
): Promise<boolean> {
  const rows = await tx
    .update(attractionPublications)
    .set({
      status: 'delivered', attempts: sql`${attractionPublications.attempts} + 1`, responseStatus, lastError: null,
      deliveredAt: sql`now()`, updatedAt: sql`now()`,
    })
    .where(and(eq(attractionPublications.municipalityId, tenantId), eq(attractionPublications.id, publicationId), eq(attractionPublications.status, 'pending')))
    .returning({ id: attractionPublications.id });
  return rows.length > 0;
}

/**
 * A delivery that is not to be sent any more (a 'publish' whose post was taken down or rescheduled
 * first, a take-down overtaken by a newer publish, a relay paused meanwhile): given up without a
 * try, the reason recorded.
 */
export async function markPublicationSuperseded(
  tx: Db, { tenantId, publicationId, reason }: { tenantId: string; publicationId: string; reason: string },
): Promise<void> {
  await tx
    .update(attractionPublications)
    .set({ status: 'failed', lastError: reason, updatedAt: sql`now()` })
    .where(and(eq(attractionPublications.municipalityId, tenantId), eq(attractionPublications.id, publicationId), eq(attractionPublications.status, 'pending')));
}

/** A try that failed: counted, with what the relay answered; on the last try the delivery is given up (failed). */
export async function recordPublicationFailure(
  tx: Db,
  p: { tenantId: string; publicationId: string; responseStatus: number | null; error: string; final: boolean },
): Promise<void> {
  await tx
    .update(attractionPublications)
    .set({
      status: p.final ? 'failed' : 'pending', attempts: sql`${attractionPublications.attempts} + 1`,
      responseStatus: p.responseStatus, lastError: p.error.slice(0, 2000), updatedAt: sql`now()`,
    })
    .where(and(eq(attractionPublications.municipalityId, p.tenantId), eq(attractionPublications.id, p.publicationId), eq(attractionPublications.status, 'pending')));
}

// ── the sweep ───────────────────────────────────────────────────────────────────────────────────

/** The town's scheduled posts whose time came before `dueBefore` (their delayed job may be lost). */
export async function listOverdueScheduledPosts(
  tx: Db, { tenantId, dueBefore, limit }: { tenantId: string; dueBefore: Date; limit: number },
): Promise<Array<{ id: string; scheduleSeq: number }>> {
  return tx
    .select({ id: attractionPosts.id, scheduleSeq: attractionPosts.scheduleSeq })
    .from(attractionPosts)
    .where(and(eq(attractionPosts.municipalityId, tenantId), eq(attractionPosts.status, 'scheduled'), lt(attractionPosts.publishAt, dueBefore)))
    .orderBy(asc(attractionPosts.publishAt))
    .limit(limit);
}

/**
 * The town's pooled posts that are not public (back in the pool, scheduled, taken down) while a
 * relay may still show them (listChannelsToTakeDown) and has not been sent a take-down at the post's
 * current seq — their take-down job was lost, or ran after a reschedule and found the seq moved on
 * before this was handled there — and taken-down posts whose take-down was never written at all.
 * Untouched since `before`, so a job on its way is not raced.
 */
export async function listPostsToTakeDown(
  tx: Db, { tenantId, before, limit }: { tenantId: string; before: Date; limit: number },
): Promise<Array<{ id: string; scheduleSeq: number }>> {
  return tx.execute<{ id: string; scheduleSeq: number }>(sql`
    select p.id, p.schedule_seq as "scheduleSeq"
    from attraction_posts p
    where p.municipality_id = ${tenantId} and p.status in ('approved', 'scheduled', 'unpublished') and p.updated_at < ${before.toISOString()}::timestamptz
      and (
        exists (
          select 1 from attraction_publications h
          where h.municipality_id = p.municipality_id and h.post_id = p.id and h.channel_id is not null
            and h.action = 'publish' and h.status in ('delivered', 'pending')
            and not exists (
              select 1 from attraction_publications u
              where u.municipality_id = h.municipality_id and u.post_id = h.post_id and u.channel_id = h.channel_id and u.action = 'unpublish'
                and ((u.status in ('delivered', 'pending') and u.schedule_seq > h.schedule_seq) or u.schedule_seq = p.schedule_seq)))
        or (p.status = 'unpublished' and not exists (
          select 1 from attraction_publications t
          where t.municipality_id = p.municipality_id and t.post_id = p.id and t.channel_id is null
            and t.action = 'unpublish' and t.schedule_seq = p.schedule_seq)))
    order by p.updated_at
    limit ${limit}`);
}

/**
 * The town's relay deliveries still pending and untouched since `before`, whose turn it is
 * (nextInLine: one waiting for an earlier one to its relay is not queued before that one is settled).
 */
export async function listStalePendingPublications(
  tx: Db, { tenantId, before, limit }: { tenantId: string; before: Date; limit: number },
): Promise<string[]> {
  const rows = await tx
    .select({ id: attractionPublications.id })
    .from(attractionPublications)
    .where(and(
      eq(attractionPublications.municipalityId, tenantId), eq(attractionPublications.status, 'pending'), lt(attractionPublications.updatedAt, before),
      nextInLine,
    ))
    .orderBy(asc(attractionPublications.updatedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The town's photos still processing since before `before` (the job may be lost). */
export async function listStuckPhotos(
  tx: Db, { tenantId, before, limit }: { tenantId: string; before: Date; limit: number },
): Promise<Array<{ id: string; processSeq: number }>> {
  return tx
    .select({ id: attractionPhotos.id, processSeq: attractionPhotos.processSeq })
    .from(attractionPhotos)
    .where(and(eq(attractionPhotos.municipalityId, tenantId), eq(attractionPhotos.status, 'processing'), lt(attractionPhotos.updatedAt, before)))
    .orderBy(asc(attractionPhotos.updatedAt))
    .limit(limit);
}
