import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, integer, boolean, timestamp, date, time, doublePrecision, jsonb, index, uniqueIndex, unique, foreignKey, check,
  pgPolicy, primaryKey,
} from 'drizzle-orm/pg-core';
import { appRole } from './roles';
import { currentRegion, currentTenant, currentUser, municipalities, regions, timestamps } from './tenancy';

/**
 * 地域の魅力 (attraction posts): each town's staff write about their town, the town's reviewers
 * (審査担当, e.g. its 観光政策課) approve, return or reject, approved posts join the region's shared
 * pool, the region's coordinators schedule them and build collections across towns, and the worker
 * publishes them to the region's public page, its feeds and the configured social-media relays.
 *
 * Row-level security (helper functions and the guard trigger: migration 0008):
 *  - a post is the town's until it is approved: drafts, posts in review, returned and rejected posts
 *    are seen by its own town only (the service narrows further: the author, and reviewers once
 *    submitted); from `approved` on it is in the region's pool, seen by every town of the region;
 *  - with no town in the context (the public pages) only published posts are seen;
 *  - a post is written by its own town (the author, its reviewers, the worker in that town); the
 *    region's coordinators of another town change only the scheduling columns of pooled posts
 *    (`attraction_posts_guard()`);
 *  - photos and the review history follow their post (`yui_attraction_post_visible()`: the posts' own read rule); channels and collections are the region's and
 *    written by its coordinators; the publication log is written by the post's town (the worker);
 *    view counts by anyone in the region context (the public pages).
 */

export const attractionCategories = ['spot', 'event', 'food', 'experience', 'product', 'other'] as const;
/**
 * draft → in_review → approved (pool) → scheduled → published → unpublished; in_review → returned
 * (back to the author, who edits and submits again) or rejected (final).
 */
export const attractionStatuses = ['draft', 'in_review', 'returned', 'rejected', 'approved', 'scheduled', 'published', 'unpublished'] as const;
/** The statuses of the region's shared pool: seen by every town of the region. */
export const attractionPoolStatuses = ['approved', 'scheduled', 'published', 'unpublished'] as const;
export const attractionReviewActions = ['submitted', 'approved', 'returned', 'rejected', 'withdrawn'] as const;
/** People in a photo: none shown, all shown agreed, or not (yet) asked — which blocks review. */
export const photoPeople = ['none', 'consented', 'not_asked'] as const;
export const photoStatuses = ['processing', 'ready', 'failed'] as const;
/** Social-media relay kinds: each has its own way of counting characters and a default limit. */
export const channelKinds = ['x', 'instagram', 'facebook', 'line', 'other'] as const;
export const collectionStatuses = ['draft', 'published'] as const;
export const publicationActions = ['publish', 'unpublish'] as const;
export const publicationStatuses = ['pending', 'delivered', 'failed'] as const;

const inRegion = sql`region_id = ${currentRegion}`;
const poolStatus = sql`status in ('approved', 'scheduled', 'published', 'unpublished')`;

/** One post about a town's attraction. */
export const attractionPosts = pgTable(
  'attraction_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** The town the post is about and belongs to (the author's town). */
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    authorId: uuid('author_id').notNull(),
    status: text('status', { enum: attractionStatuses }).notNull().default('draft'),
    category: text('category', { enum: attractionCategories }).notNull(),
    title: text('title').notNull(),
    /** Plain text, paragraphs separated by blank lines. */
    body: text('body').notNull().default(''),
    placeName: text('place_name'),
    address: text('address'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** Events: the period (dates in Japan), with times or all day. */
    eventStartsOn: date('event_starts_on'),
    eventEndsOn: date('event_ends_on'),
    eventStartTime: time('event_start_time'),
    eventEndTime: time('event_end_time'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** An official page about it (the town's, the venue's). */
    linkUrl: text('link_url'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** The last review: who, when, and the comment (returned / rejected). */
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewComment: text('review_comment'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /** Scheduling (the region's coordinators): when, to which relays, with which text per relay. */
    publishAt: timestamp('publish_at', { withTimezone: true }),
    scheduledBy: uuid('scheduled_by'),
    /** Bumped on every schedule, reschedule and unpublish: a job of an older one does nothing. */
    scheduleSeq: integer('schedule_seq').notNull().default(0),
    channelIds: uuid('channel_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** { [channelId]: text } as the coordinator wrote it for that relay. */
    socialTexts: jsonb('social_texts').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    unpublishedAt: timestamp('unpublished_at', { withTimezone: true }),
    unpublishedBy: uuid('unpublished_by'),
    unpublishReason: text('unpublish_reason'),
    /** Optimistic lock of edits (the author's form carries it). */
    version: integer('version').notNull().default(1),
    idempotencyKey: text('idempotency_key'),
    ...timestamps,
  },
  (t) => [
    unique('attraction_posts_region_id_uq').on(t.regionId, t.id),
    unique('attraction_posts_tenant_id_uq').on(t.municipalityId, t.id),
    uniqueIndex('attraction_posts_idempotency_uq').on(t.authorId, t.idempotencyKey),
    index('attraction_posts_town_idx').on(t.municipalityId, t.status, t.updatedAt.desc()),
    index('attraction_posts_author_idx').on(t.authorId, t.updatedAt.desc()),
    index('attraction_posts_pool_idx').on(t.regionId, t.status, t.approvedAt.desc()),
    // The staff lists (the pool, newest change first): picks a page without sorting the region's posts.
    // Plain, not partial: the statuses arrive as a parameter, which a generic plan cannot match.
    index('attraction_posts_region_updated_idx').on(t.regionId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('attraction_posts_published_idx').on(t.regionId, t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.status} = 'published'`),
    index('attraction_posts_due_idx').on(t.publishAt).where(sql`${t.status} = 'scheduled'`),
    check('attraction_posts_title_len', sql`char_length(${t.title}) between 1 and 80`),
    check('attraction_posts_body_len', sql`char_length(${t.body}) <= 5000`),
    check('attraction_posts_coords', sql`(${t.latitude} is null) = (${t.longitude} is null)
      and (${t.latitude} is null or (${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180))`),
    check('attraction_posts_event_period', sql`${t.eventEndsOn} is null or (${t.eventStartsOn} is not null and ${t.eventStartsOn} <= ${t.eventEndsOn})`),
    check('attraction_posts_tags', sql`cardinality(${t.tags}) <= 10`),
    pgPolicy('attraction_posts_read', {
      for: 'select', to: appRole,
      using: sql`${inRegion} and (municipality_id = ${currentTenant} or (${currentTenant} is not null and ${poolStatus}) or status = 'published')`,
    }),
    pgPolicy('attraction_posts_create', {
      for: 'insert', to: appRole,
      withCheck: sql`${inRegion} and municipality_id = ${currentTenant} and author_id = ${currentUser}`,
    }),
    // Its own town; a coordinator of the region for pooled posts (the guard trigger keeps them to scheduling).
    pgPolicy('attraction_posts_change', {
      for: 'update', to: appRole,
      using: sql`${inRegion} and (municipality_id = ${currentTenant} or (${poolStatus} and yui_is_region_coordinator()))`,
      withCheck: sql`${inRegion} and (municipality_id = ${currentTenant} or (${poolStatus} and yui_is_region_coordinator()))`,
    }),
    pgPolicy('attraction_posts_remove', {
      for: 'delete', to: appRole,
      using: sql`${inRegion} and municipality_id = ${currentTenant} and status in ('draft', 'returned')`,
    }),
  ],
).enableRLS();

const postFk = (name: string, t: { regionId: never; postId: never }) =>
  foreignKey({ name: `${name}_post_fk`, columns: [t.regionId, t.postId], foreignColumns: [attractionPosts.regionId, attractionPosts.id] }).onDelete('cascade');

/** A post's photo: the original (private, never served) and the worker's resized, cleaned versions. */
export interface PhotoVariant {
  key: string;
  width: number;
  height: number;
  bytes: number;
}
export const photoVariantNames = ['large', 'medium', 'thumb', 'card'] as const;
export type PhotoVariantName = (typeof photoVariantNames)[number];

export const attractionPhotos = pgTable(
  'attraction_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    postId: uuid('post_id').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    /** The bytes as uploaded (may carry GPS): read by the worker only. */
    originalKey: text('original_key').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    status: text('status', { enum: photoStatuses }).notNull().default('processing'),
    /** The author keeps the location in the published versions on purpose (default: stripped). */
    keepLocation: boolean('keep_location').notNull().default(false),
    /** Whether the original carried GPS coordinates (set by the worker). */
    hadLocation: boolean('had_location'),
    width: integer('width'),
    height: integer('height'),
    variants: jsonb('variants').$type<Partial<Record<PhotoVariantName, PhotoVariant>>>().notNull().default(sql`'{}'::jsonb`),
    /** Bumped when the author changes what processing depends on (keep location): an older job's result is dropped. */
    processSeq: integer('process_seq').notNull().default(1),
    processError: text('process_error'),
    // Rights check (権利確認)
    /** Who took it (撮影者). */
    photographer: text('photographer').notNull().default(''),
    people: text('people', { enum: photoPeople }).notNull().default('not_asked'),
    /** The rights holder allows publishing it (公開可). */
    mayPublish: boolean('may_publish').notNull().default(false),
    /** 代替テキスト for screen readers; falls back to the caption or the post title. */
    alt: text('alt').notNull().default(''),
    caption: text('caption').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    postFk('attraction_photos', t as never),
    index('attraction_photos_post_idx').on(t.postId, t.sortOrder),
    check('attraction_photos_texts', sql`char_length(${t.photographer}) <= 100 and char_length(${t.alt}) <= 200 and char_length(${t.caption}) <= 200`),
    // Seen where its post is seen. A function per row (an index lookup of the post) rather than
    // `post_id in (select id from attraction_posts)`, which read every visible post of the region for
    // each cover query of a page.
    pgPolicy('attraction_photos_read', {
      for: 'select', to: appRole, using: sql`${inRegion} and yui_attraction_post_visible(post_id)`,
    }),
    pgPolicy('attraction_photos_write', {
      for: 'all', to: appRole,
      using: sql`${inRegion} and municipality_id = ${currentTenant}`,
      withCheck: sql`${inRegion} and municipality_id = ${currentTenant}`,
    }),
  ],
).enableRLS();

/** The review history of a post (submitted, approved, returned with comments, rejected, withdrawn). */
export const attractionReviews = pgTable(
  'attraction_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    postId: uuid('post_id').notNull(),
    action: text('action', { enum: attractionReviewActions }).notNull(),
    comment: text('comment').notNull().default(''),
    actorId: uuid('actor_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    postFk('attraction_reviews', t as never),
    index('attraction_reviews_post_idx').on(t.postId, t.createdAt),
    check('attraction_reviews_comment_len', sql`char_length(${t.comment}) <= 2000`),
    pgPolicy('attraction_reviews_read', { for: 'select', to: appRole, using: sql`${inRegion} and municipality_id = ${currentTenant}` }),
    pgPolicy('attraction_reviews_add', { for: 'insert', to: appRole, withCheck: sql`${inRegion} and municipality_id = ${currentTenant} and actor_id = ${currentUser}` }),
  ],
).enableRLS();

/** A social-media relay of the region (a webhook receiving signed posts), set up by its coordinators. */
export const attractionChannels = pgTable(
  'attraction_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** The coordinator's town when it was made. */
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: channelKinds }).notNull(),
    url: text('url').notNull(),
    /** The HMAC-SHA256 key the relay checks signatures with. Never returned after creation. */
    secret: text('secret').notNull(),
    /** The relay's limit, counted its way (X: weighted, others: characters). */
    charLimit: integer('char_limit').notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    unique('attraction_channels_region_id_uq').on(t.regionId, t.id),
    uniqueIndex('attraction_channels_name_uq').on(t.regionId, t.name),
    check('attraction_channels_name_len', sql`char_length(${t.name}) between 1 and 60`),
    check('attraction_channels_limit', sql`${t.charLimit} between 10 and 100000`),
    pgPolicy('attraction_channels_read', { for: 'select', to: appRole, using: inRegion }),
    pgPolicy('attraction_channels_write', {
      for: 'all', to: appRole, using: sql`${inRegion} and yui_is_region_coordinator()`, withCheck: sql`${inRegion} and yui_is_region_coordinator()`,
    }),
  ],
).enableRLS();

/** 特集: a collection of pooled posts across towns (e.g. a spring route through 三春町 and 郡山市). */
export const attractionCollections = pgTable(
  'attraction_collections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: collectionStatuses }).notNull().default('draft'),
    createdBy: uuid('created_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    idempotencyKey: text('idempotency_key'),
    ...timestamps,
  },
  (t) => [
    unique('attraction_collections_region_id_uq').on(t.regionId, t.id),
    uniqueIndex('attraction_collections_idempotency_uq').on(t.createdBy, t.idempotencyKey),
    index('attraction_collections_region_idx').on(t.regionId, t.status, t.updatedAt.desc()),
    check('attraction_collections_title_len', sql`char_length(${t.title}) between 1 and 80`),
    check('attraction_collections_description_len', sql`char_length(${t.description}) <= 2000`),
    // Staff of the region see drafts too; the public pages (no town) only published ones.
    pgPolicy('attraction_collections_read', {
      for: 'select', to: appRole, using: sql`${inRegion} and (${currentTenant} is not null or status = 'published')`,
    }),
    pgPolicy('attraction_collections_write', {
      for: 'all', to: appRole, using: sql`${inRegion} and yui_is_region_coordinator()`, withCheck: sql`${inRegion} and yui_is_region_coordinator()`,
    }),
  ],
).enableRLS();

/** A stop of a collection, in order, with the coordinator's note (「ここから車で15分」). */
export const attractionCollectionItems = pgTable(
  'attraction_collection_items',
  {
    regionId: uuid('region_id').notNull(),
    collectionId: uuid('collection_id').notNull(),
    postId: uuid('post_id').notNull(),
    position: integer('position').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.postId] }),
    foreignKey({ name: 'attraction_collection_items_collection_fk', columns: [t.regionId, t.collectionId], foreignColumns: [attractionCollections.regionId, attractionCollections.id] }).onDelete('cascade'),
    postFk('attraction_collection_items', t as never),
    index('attraction_collection_items_post_idx').on(t.postId),
    check('attraction_collection_items_note_len', sql`char_length(${t.note}) <= 300`),
    pgPolicy('attraction_collection_items_read', {
      for: 'select', to: appRole, using: sql`${inRegion} and collection_id in (select id from attraction_collections)`,
    }),
    pgPolicy('attraction_collection_items_write', {
      for: 'all', to: appRole, using: sql`${inRegion} and yui_is_region_coordinator()`, withCheck: sql`${inRegion} and yui_is_region_coordinator()`,
    }),
  ],
).enableRLS();

/**
 * The publication log: one row per post, channel (null: the region's own public page and feeds),
 * action and schedule. A relay delivery is retried with backoff until delivered or failed; the row
 * id travels as X-Yui-Delivery so a relay can drop a repeat.
 */
export const attractionPublications = pgTable(
  'attraction_publications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    /** The post's town (the worker writes in its context). */
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    postId: uuid('post_id').notNull(),
    channelId: uuid('channel_id'),
    action: text('action', { enum: publicationActions }).notNull(),
    scheduleSeq: integer('schedule_seq').notNull(),
    status: text('status', { enum: publicationStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** What the relay answered last (HTTP status), and the error if any. */
    responseStatus: integer('response_status'),
    lastError: text('last_error'),
    /** The text sent (per-channel text at the time of publishing). */
    text: text('text').notNull().default(''),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    postFk('attraction_publications', t as never),
    foreignKey({ name: 'attraction_publications_channel_fk', columns: [t.regionId, t.channelId], foreignColumns: [attractionChannels.regionId, attractionChannels.id] }),
    uniqueIndex('attraction_publications_uq').on(t.postId, sql`coalesce(${t.channelId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.action, t.scheduleSeq),
    index('attraction_publications_region_idx').on(t.regionId, t.createdAt.desc()),
    index('attraction_publications_pending_idx').on(t.municipalityId, t.updatedAt).where(sql`${t.status} = 'pending'`),
    pgPolicy('attraction_publications_read', { for: 'select', to: appRole, using: sql`${inRegion} and ${currentTenant} is not null` }),
    pgPolicy('attraction_publications_write', {
      for: 'all', to: appRole, using: sql`${inRegion} and municipality_id = ${currentTenant}`, withCheck: sql`${inRegion} and municipality_id = ${currentTenant}`,
    }),
  ],
).enableRLS();

/** Views of a published post on the public pages, per day (Japan date). Written in batches by the API. */
export const attractionViews = pgTable(
  'attraction_views',
  {
    regionId: uuid('region_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    postId: uuid('post_id').notNull(),
    day: date('day').notNull(),
    views: integer('views').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.day] }),
    postFk('attraction_views', t as never),
    index('attraction_views_region_idx').on(t.regionId, t.day),
    check('attraction_views_positive', sql`${t.views} >= 0`),
    pgPolicy('attraction_views_read', { for: 'select', to: appRole, using: sql`${inRegion} and ${currentTenant} is not null` }),
    // Counted from the public pages (region context, no town): only published posts of the region.
    pgPolicy('attraction_views_count', {
      for: 'insert', to: appRole, withCheck: sql`${inRegion} and post_id in (select id from attraction_posts where status = 'published')`,
    }),
    pgPolicy('attraction_views_add', { for: 'update', to: appRole, using: inRegion, withCheck: inRegion }),
  ],
).enableRLS();

/** Reviewers (審査担当) are granted per town: role_grants role 'attraction_reviewer' (see tenancy.ts). */
