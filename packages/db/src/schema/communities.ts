import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, integer, boolean, timestamp, date, index, uniqueIndex, unique, foreignKey, check, primaryKey,
  pgPolicy, customType, type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { appRole } from './roles';
import { currentRegion, municipalities, regions, tenantPolicy, timestamps, users } from './tenancy';

/**
 * 目的別コミュニティ: region-owned tables. A community belongs to a region, not to one town: staff of
 * every town of the region take part. Row-level security here has two layers:
 *  1. region: a row is visible only inside its region (`region_id = app.region_id`) — staff of a
 *     town outside the region see nothing;
 *  2. visibility: an invite-only community and everything in it is visible only to its members
 *     (active or invited). The membership test is `yui_visible_invite_communities()`, a SECURITY
 *     DEFINER function (migration 0005) so the policy of `communities` does not recurse through the
 *     policy of `community_members`. Without a person in the context (a worker job of one town),
 *     the town sees the invite-only communities its own staff belong to.
 * Every table below carries `community_id` (its FK pins the community to the same region) and uses
 * the same policy: "not in an invite-only community hidden from me" (`yui_hidden_communities()`,
 * computed once per statement from the few invite-only communities).
 */

/** A tsvector column we fill ourselves with a literal of character bigrams (see @yui/domain search). */
export const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

/** Not inside an invite-only community hidden from the context (yui_hidden_communities, migration 0005). */
const visibleCommunity = sql`community_id not in (select yui_hidden_communities())`;

/** Region isolation plus "its community is visible to me", for reads and writes alike. */
export const communityPolicy = (name: string) =>
  pgPolicy(`${name}_region`, {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: sql`region_id = ${currentRegion} and ${visibleCommunity}`,
    withCheck: sql`region_id = ${currentRegion} and ${visibleCommunity}`,
  });

const communityFk = (name: string, t: { regionId: AnyPgColumn; communityId: AnyPgColumn }) =>
  foreignKey({ name: `${name}_community_fk`, columns: [t.regionId, t.communityId], foreignColumns: [communities.regionId, communities.id] }).onDelete('cascade');

/** Moderation of something people write (a post, a comment): hidden by a manager, deleted by its author, edited. */
const moderation = {
  hiddenAt: timestamp('hidden_at', { withTimezone: true }),
  hiddenBy: uuid('hidden_by'),
  hiddenReason: text('hidden_reason'),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  editedAt: timestamp('edited_at', { withTimezone: true }),
};

export const communityCategories = ['learning', 'sharing', 'consultation', 'work_life', 'local', 'workplace', 'other'] as const;
export const communityVisibilities = ['open', 'approval', 'invite'] as const;

export const communities = pgTable(
  'communities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    name: text('name').notNull(),
    category: text('category', { enum: communityCategories }).notNull(),
    /** Markdown as written, and its sanitised HTML. */
    description: text('description').notNull().default(''),
    descriptionHtml: text('description_html').notNull().default(''),
    visibility: text('visibility', { enum: communityVisibilities }).notNull().default('open'),
    status: text('status', { enum: ['active', 'archived'] }).notNull().default('active'),
    createdBy: uuid('created_by').notNull(),
    createdByMunicipalityId: uuid('created_by_municipality_id').notNull().references(() => municipalities.id),
    memberCount: integer('member_count').notNull().default(0),
    postCount: integer('post_count').notNull().default(0),
    lastPostAt: timestamp('last_post_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    search: tsvector('search').notNull().default(sql`''::tsvector`),
    ...timestamps,
  },
  (t) => [
    unique('communities_region_id_uq').on(t.regionId, t.id),
    uniqueIndex('communities_region_name_uq').on(t.regionId, sql`lower(${t.name})`),
    index('communities_region_activity_idx').on(t.regionId, t.status, t.lastPostAt.desc()),
    index('communities_search_idx').using('gin', t.search),
    index('communities_invite_idx').on(t.regionId).where(sql`${t.visibility} = 'invite'`),
    index('communities_creator_idx').on(t.createdBy),
    check('communities_name_len', sql`char_length(${t.name}) between 1 and 80`),
    pgPolicy('communities_region', {
      as: 'permissive',
      for: 'all',
      to: appRole,
      using: sql`region_id = ${currentRegion} and (visibility <> 'invite' or id in (select yui_visible_invite_communities()))`,
      // A new community is written by a coordinator before anyone is a member of it.
      withCheck: sql`region_id = ${currentRegion}`,
    }),
  ],
).enableRLS();

/** A person in a community. Members come from any town of the region; municipality_id is theirs. */
export const communityMembers = pgTable(
  'community_members',
  {
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    userId: uuid('user_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    role: text('role', { enum: ['manager', 'member'] }).notNull().default('member'),
    /** pending: asked to join an approval community; invited: asked in by a manager, not yet accepted. */
    status: text('status', { enum: ['active', 'pending', 'invited'] }).notNull().default('active'),
    notify: text('notify', { enum: ['all', 'digest', 'mute'] }).notNull().default('digest'),
    message: text('message'),
    invitedBy: uuid('invited_by'),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'community_members_pk', columns: [t.communityId, t.userId] }),
    communityFk('community_members', t),
    index('community_members_user_idx').on(t.userId, t.status),
    index('community_members_town_region_idx').on(t.municipalityId, t.regionId, t.status),
    index('community_members_list_idx').on(t.communityId, t.status, t.joinedAt),
    communityPolicy('community_members'),
  ],
).enableRLS();

export const postKinds = ['post', 'question', 'worry', 'case', 'idea'] as const;

/** 投稿: a post, a question (相談), お悩み共有 / 事例共有 on the share board, or アイデア募集. */
export const communityPosts = pgTable(
  'community_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    authorId: uuid('author_id').notNull(),
    authorMunicipalityId: uuid('author_municipality_id').notNull().references(() => municipalities.id),
    kind: text('kind', { enum: postKinds }).notNull().default('post'),
    title: text('title'),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    excerpt: text('excerpt').notNull().default(''),
    /** 課題感 (share board). */
    challenge: text('challenge'),
    challengeHtml: text('challenge_html'),
    /** どうやって解決したか (share board). */
    solution: text('solution'),
    solutionHtml: text('solution_html'),
    /** A question asked with the name shown only to the community's managers (and the asker). */
    anonymous: boolean('anonymous').notNull().default(false),
    hashtags: text('hashtags').array().notNull().default(sql`'{}'::text[]`),
    mentionIds: uuid('mention_ids').array().notNull().default(sql`'{}'::uuid[]`),
    idempotencyKey: text('idempotency_key'),
    pinnedAt: timestamp('pinned_at', { withTimezone: true }),
    ...moderation,
    likeCount: integer('like_count').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    viewCount: integer('view_count').notNull().default(0),
    interestCount: integer('interest_count').notNull().default(0),
    acceptedCommentId: uuid('accepted_comment_id'),
    solvedAt: timestamp('solved_at', { withTimezone: true }),
    solvedBy: uuid('solved_by'),
    search: tsvector('search').notNull().default(sql`''::tsvector`),
    ...timestamps,
  },
  (t) => [
    unique('community_posts_region_id_uq').on(t.regionId, t.id),
    communityFk('community_posts', t),
    uniqueIndex('community_posts_idempotency_uq').on(t.communityId, t.authorId, t.idempotencyKey),
    index('community_posts_timeline_idx').on(t.communityId, t.createdAt.desc(), t.id.desc()),
    index('community_posts_region_idx').on(t.regionId, t.createdAt.desc(), t.id.desc()),
    index('community_posts_kind_idx').on(t.regionId, t.kind, t.createdAt.desc(), t.id.desc()),
    index('community_posts_unanswered_idx').on(t.regionId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.kind} = 'question' and ${t.solvedAt} is null and ${t.deletedAt} is null`),
    index('community_posts_pinned_idx').on(t.communityId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.pinnedAt} is not null and ${t.deletedAt} is null`),
    index('community_posts_search_idx').using('gin', t.search),
    index('community_posts_hashtags_idx').using('gin', t.hashtags),
    check('community_posts_title_len', sql`${t.title} is null or char_length(${t.title}) <= 120`),
    communityPolicy('community_posts'),
  ],
).enableRLS();

/** Every earlier version of an edited post: the history is kept. */
export const communityPostRevisions = pgTable(
  'community_post_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    postId: uuid('post_id').notNull(),
    title: text('title'),
    body: text('body').notNull(),
    challenge: text('challenge'),
    solution: text('solution'),
    editedBy: uuid('edited_by').notNull(),
    /** When this version was replaced. */
    replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    communityFk('community_post_revisions', t),
    foreignKey({ name: 'community_post_revisions_post_fk', columns: [t.regionId, t.postId], foreignColumns: [communityPosts.regionId, communityPosts.id] }).onDelete('cascade'),
    index('community_post_revisions_post_idx').on(t.postId, t.replacedAt),
    communityPolicy('community_post_revisions'),
  ],
).enableRLS();

/** Comments with one level of replies (parent_id points at a top-level comment); advice on the board. */
export const communityComments = pgTable(
  'community_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    postId: uuid('post_id').notNull(),
    parentId: uuid('parent_id'),
    authorId: uuid('author_id').notNull(),
    authorMunicipalityId: uuid('author_municipality_id').notNull().references(() => municipalities.id),
    kind: text('kind', { enum: ['comment', 'advice'] }).notNull().default('comment'),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    mentionIds: uuid('mention_ids').array().notNull().default(sql`'{}'::uuid[]`),
    idempotencyKey: text('idempotency_key'),
    ...moderation,
    likeCount: integer('like_count').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    unique('community_comments_region_id_uq').on(t.regionId, t.id),
    communityFk('community_comments', t),
    foreignKey({ name: 'community_comments_post_fk', columns: [t.regionId, t.postId], foreignColumns: [communityPosts.regionId, communityPosts.id] }).onDelete('cascade'),
    foreignKey({ name: 'community_comments_parent_fk', columns: [t.regionId, t.parentId], foreignColumns: [t.regionId, t.id] }).onDelete('cascade'),
    uniqueIndex('community_comments_idempotency_uq').on(t.postId, t.authorId, t.idempotencyKey),
    index('community_comments_post_idx').on(t.postId, t.createdAt, t.id),
    communityPolicy('community_comments'),
  ],
).enableRLS();

/** いいね (a quick "understood") on a post or a comment: one per person and target. */
export const communityLikes = pgTable(
  'community_likes',
  {
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    targetType: text('target_type', { enum: ['post', 'comment'] }).notNull(),
    targetId: uuid('target_id').notNull(),
    userId: uuid('user_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'community_likes_pk', columns: [t.targetType, t.targetId, t.userId] }),
    communityFk('community_likes', t),
    communityPolicy('community_likes'),
  ],
).enableRLS();

/** Who has read a post (once per person): the view count is the number of readers. */
export const communityPostViews = pgTable(
  'community_post_views',
  {
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    postId: uuid('post_id').notNull(),
    userId: uuid('user_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    viewedAt: timestamp('viewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'community_post_views_pk', columns: [t.postId, t.userId] }),
    communityFk('community_post_views', t),
    foreignKey({ name: 'community_post_views_post_fk', columns: [t.regionId, t.postId], foreignColumns: [communityPosts.regionId, communityPosts.id] }).onDelete('cascade'),
    communityPolicy('community_post_views'),
  ],
).enableRLS();

/** 通報: a post or comment reported to the community's managers. One open report per person and target. */
export const communityReports = pgTable(
  'community_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    postId: uuid('post_id').notNull(),
    targetType: text('target_type', { enum: ['post', 'comment'] }).notNull(),
    targetId: uuid('target_id').notNull(),
    reporterId: uuid('reporter_id').notNull(),
    reporterMunicipalityId: uuid('reporter_municipality_id').notNull().references(() => municipalities.id),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'resolved', 'dismissed'] }).notNull().default('open'),
    resolvedBy: uuid('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    communityFk('community_reports', t),
    uniqueIndex('community_reports_open_uq').on(t.targetType, t.targetId, t.reporterId).where(sql`${t.status} = 'open'`),
    index('community_reports_community_idx').on(t.communityId, t.status, t.createdAt),
    communityPolicy('community_reports'),
  ],
).enableRLS();

/** アイデア募集: "I'm interested". */
export const communityInterests = pgTable(
  'community_interests',
  {
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    postId: uuid('post_id').notNull(),
    userId: uuid('user_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'community_interests_pk', columns: [t.postId, t.userId] }),
    communityFk('community_interests', t),
    foreignKey({ name: 'community_interests_post_fk', columns: [t.regionId, t.postId], foreignColumns: [communityPosts.regionId, communityPosts.id] }).onDelete('cascade'),
    communityPolicy('community_interests'),
  ],
).enableRLS();

export const eventKinds = ['workshop', 'study', 'consultation', 'first_meeting', 'other'] as const;
export const eventFormats = ['offline', 'online', 'hybrid'] as const;

/** 勉強会・イベント of a community. Counters are kept under the event's row lock. */
export const communityEvents = pgTable(
  'community_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    descriptionHtml: text('description_html').notNull().default(''),
    kind: text('kind', { enum: eventKinds }).notNull().default('study'),
    format: text('format', { enum: eventFormats }).notNull().default('offline'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    place: text('place'),
    onlineUrl: text('online_url'),
    /** null: no limit. */
    capacity: integer('capacity'),
    registeredCount: integer('registered_count').notNull().default(0),
    waitlistCount: integer('waitlist_count').notNull().default(0),
    status: text('status', { enum: ['scheduled', 'cancelled'] }).notNull().default('scheduled'),
    materialsNote: text('materials_note'),
    materialsNoteHtml: text('materials_note_html'),
    createdBy: uuid('created_by').notNull(),
    createdByMunicipalityId: uuid('created_by_municipality_id').notNull().references(() => municipalities.id),
    sequence: integer('sequence').notNull().default(0),
    search: tsvector('search').notNull().default(sql`''::tsvector`),
    ...timestamps,
  },
  (t) => [
    unique('community_events_region_id_uq').on(t.regionId, t.id),
    communityFk('community_events', t),
    index('community_events_community_idx').on(t.communityId, t.startsAt),
    index('community_events_region_idx').on(t.regionId, t.startsAt),
    index('community_events_search_idx').using('gin', t.search),
    check('community_events_times', sql`${t.startsAt} < ${t.endsAt}`),
    check('community_events_capacity', sql`${t.capacity} is null or ${t.capacity} between 1 and 10000`),
    communityPolicy('community_events'),
  ],
).enableRLS();

/** 参加登録: registered, or on the waitlist (moved up in order on a cancellation), or cancelled. */
export const communityEventRegistrations = pgTable(
  'community_event_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    eventId: uuid('event_id').notNull(),
    userId: uuid('user_id').notNull(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    status: text('status', { enum: ['registered', 'waitlisted', 'cancelled'] }).notNull(),
    /** Waitlist order: when the person (last) asked for a place. */
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    attended: boolean('attended'),
    reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    communityFk('community_event_registrations', t),
    foreignKey({ name: 'community_event_registrations_event_fk', columns: [t.regionId, t.eventId], foreignColumns: [communityEvents.regionId, communityEvents.id] }).onDelete('cascade'),
    uniqueIndex('community_event_registrations_uq').on(t.eventId, t.userId),
    index('community_event_registrations_queue_idx').on(t.eventId, t.status, t.queuedAt),
    index('community_event_registrations_user_idx').on(t.userId, t.status),
    communityPolicy('community_event_registrations'),
  ],
).enableRLS();

/** Attachments of posts and event materials: the bytes live in file storage (local disk or S3). */
export const communityFiles = pgTable(
  'community_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionId: uuid('region_id').notNull(),
    communityId: uuid('community_id').notNull(),
    postId: uuid('post_id'),
    eventId: uuid('event_id'),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploaderMunicipalityId: uuid('uploader_municipality_id').notNull().references(() => municipalities.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    communityFk('community_files', t),
    foreignKey({ name: 'community_files_post_fk', columns: [t.regionId, t.postId], foreignColumns: [communityPosts.regionId, communityPosts.id] }).onDelete('set null'),
    foreignKey({ name: 'community_files_event_fk', columns: [t.regionId, t.eventId], foreignColumns: [communityEvents.regionId, communityEvents.id] }).onDelete('set null'),
    uniqueIndex('community_files_key_uq').on(t.storageKey),
    index('community_files_post_idx').on(t.postId),
    index('community_files_event_idx').on(t.eventId),
    communityPolicy('community_files'),
  ],
).enableRLS();

/**
 * A personal calendar feed (Outlook "subscribe from web"): a secret token in the URL, stored hashed.
 * Town-owned: it belongs to the person. The feed route finds it with auth_find_calendar_token().
 */
export const calendarFeedTokens = pgTable(
  'calendar_feed_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('calendar_feed_tokens_hash_uq').on(t.tokenHash),
    index('calendar_feed_tokens_user_idx').on(t.municipalityId, t.userId),
    foreignKey({ name: 'calendar_feed_tokens_user_fk', columns: [t.municipalityId, t.userId], foreignColumns: [users.municipalityId, users.id] }).onDelete('cascade'),
    tenantPolicy('calendar_feed_tokens'),
  ],
).enableRLS();

/** One community digest mail per person and day, even with two workers. Town-owned. */
export const communityDigestRuns = pgTable(
  'community_digest_runs',
  {
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    userId: uuid('user_id').notNull(),
    digestDate: date('digest_date').notNull(),
    postCount: integer('post_count').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'community_digest_runs_pk', columns: [t.userId, t.digestDate] }),
    foreignKey({ name: 'community_digest_runs_user_fk', columns: [t.municipalityId, t.userId], foreignColumns: [users.municipalityId, users.id] }).onDelete('cascade'),
    tenantPolicy('community_digest_runs'),
  ],
).enableRLS();

export type CommunityRow = typeof communities.$inferSelect;
export type CommunityPostRow = typeof communityPosts.$inferSelect;
export type CommunityEventRow = typeof communityEvents.$inferSelect;
