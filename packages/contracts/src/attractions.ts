import { z } from 'zod';
import { personRef } from './communities';
import { townRef } from './help';

/**
 * 地域の魅力 (attraction posts) — shapes shared by the API (/api/attractions), the web (staff pages
 * and the public pages under /visit) and the worker (photos, publishing, relays).
 * Drafts with photos and a rights check → review by the post's town → the region's shared pool →
 * curation by the coordinators (schedule, collections) → publishing to the public page, feeds and
 * signed webhooks of social-media relays.
 */

/** 観光スポット / イベント / グルメ / 体験 / 特産品 / その他. */
export const attractionCategory = z.enum(['spot', 'event', 'food', 'experience', 'product', 'other']);
export type AttractionCategory = z.infer<typeof attractionCategory>;
export const attractionStatus = z.enum(['draft', 'in_review', 'returned', 'rejected', 'approved', 'scheduled', 'published', 'unpublished']);
export type AttractionStatus = z.infer<typeof attractionStatus>;
/** Statuses of the region's shared pool (seen by every town). */
export const poolStatuses = ['approved', 'scheduled', 'published', 'unpublished'] as const satisfies readonly AttractionStatus[];
export const reviewAction = z.enum(['submitted', 'approved', 'returned', 'rejected', 'withdrawn']);
export type ReviewAction = z.infer<typeof reviewAction>;
/** People in a photo: none / all agreed (同意あり) / not asked (blocks review). */
export const photoPeople = z.enum(['none', 'consented', 'not_asked']);
export type PhotoPeople = z.infer<typeof photoPeople>;
export const photoStatus = z.enum(['processing', 'ready', 'failed']);
export const photoVariantName = z.enum(['large', 'medium', 'thumb', 'card']);
export type PhotoVariantName = z.infer<typeof photoVariantName>;
/** Social-media relays: X counts CJK characters double and a URL as 23; others count characters. */
export const channelKind = z.enum(['x', 'instagram', 'facebook', 'line', 'other']);
export type ChannelKind = z.infer<typeof channelKind>;
export const collectionStatus = z.enum(['draft', 'published']);
export const publicationAction = z.enum(['publish', 'unpublish']);
export const publicationStatus = z.enum(['pending', 'delivered', 'failed']);
export type PublicationStatus = z.infer<typeof publicationStatus>;

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().max(max);
const idempotencyKey = z.string().min(8).max(100).optional();
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/);
/** A tag as typed (「#桜」 or 「桜」): stored without the #, trimmed, at most 30 characters. */
export const attractionTag = z.string().trim().transform((s) => s.normalize('NFKC').replace(/^#+/, '').trim()).pipe(z.string().min(1).max(30));
const httpUrl = z.url({ protocol: /^https?$/ }).max(500);

// ── drafts ──────────────────────────────────────────────────────────────────────────────────────

export const attractionFields = {
  category: attractionCategory,
  title: text(80).min(1),
  body: text(5000).default(''),
  placeName: text(100).nullable().optional(),
  address: text(200).nullable().optional(),
  /** Both or neither (WGS84, as a map app shows them). */
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  /** Events: required for the category イベント; the end defaults to the start. */
  eventStartsOn: isoDate.nullable().optional(),
  eventEndsOn: isoDate.nullable().optional(),
  /** Without times the event is all day. */
  eventStartTime: hhmm.nullable().optional(),
  eventEndTime: hhmm.nullable().optional(),
  tags: z.array(attractionTag).max(10).default([]),
  linkUrl: httpUrl.nullable().optional(),
};
export const attractionCreate = z.object({ ...attractionFields, idempotencyKey });
export type AttractionCreate = z.infer<typeof attractionCreate>;
/**
 * Edits carry the version they were made on (409 when someone else saved in between). Every field is
 * optional and WITHOUT its create default: zod 4 applies defaults even inside `.partial()`, so a PATCH
 * without `body` would otherwise clear it.
 */
export const attractionUpdate = z.object({
  ...attractionFields,
  category: attractionFields.category.optional(),
  title: attractionFields.title.optional(),
  body: text(5000).optional(),
  tags: z.array(attractionTag).max(10).optional(),
  version: z.number().int().min(1),
});
export type AttractionUpdate = z.infer<typeof attractionUpdate>;

/** Which list: my posts / my town's posts waiting for review (reviewers) / the region's pool. */
export const attractionListQuery = z.object({
  view: z.enum(['mine', 'review', 'pool']).default('mine'),
  status: attractionStatus.optional(),
  category: attractionCategory.optional(),
  municipalityId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type AttractionListQuery = z.infer<typeof attractionListQuery>;

export const photoVariant = z.object({ url: z.string(), width: z.number().int(), height: z.number().int() });
export const attractionPhoto = z.object({
  id: z.uuid(),
  status: photoStatus,
  keepLocation: z.boolean(),
  /** The original carried GPS coordinates (known once processed). */
  hadLocation: z.boolean().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** Resized, cleaned versions (empty until processed). */
  variants: z.partialRecord(photoVariantName, photoVariant),
  photographer: z.string(),
  people: photoPeople,
  mayPublish: z.boolean(),
  alt: z.string(),
  caption: z.string(),
  sortOrder: z.number().int(),
  /** Missing rights answers (field names) that block review. */
  rightsMissing: z.array(z.enum(['photographer', 'people', 'mayPublish'])),
});
export type AttractionPhoto = z.infer<typeof attractionPhoto>;
/** The rights check and texts of one photo (multipart upload carries only the file). */
export const photoUpdate = z.object({
  photographer: text(100).optional(),
  people: photoPeople.optional(),
  mayPublish: z.boolean().optional(),
  alt: text(200).optional(),
  caption: text(200).optional(),
  keepLocation: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(100).optional(),
});
export type PhotoUpdate = z.infer<typeof photoUpdate>;

export const attractionSummary = z.object({
  id: z.uuid(),
  status: attractionStatus,
  category: attractionCategory,
  title: z.string(),
  town: townRef,
  author: personRef.nullable(),
  placeName: z.string().nullable(),
  eventStartsOn: isoDate.nullable(),
  eventEndsOn: isoDate.nullable(),
  tags: z.array(z.string()),
  cover: photoVariant.nullable(),
  submittedAt: isoDateTime.nullable(),
  approvedAt: isoDateTime.nullable(),
  publishAt: isoDateTime.nullable(),
  publishedAt: isoDateTime.nullable(),
  updatedAt: isoDateTime,
});
export type AttractionSummary = z.infer<typeof attractionSummary>;
export const attractionList = z.object({ items: z.array(attractionSummary), nextCursor: z.string().nullable() });

export const reviewEntry = z.object({
  id: z.uuid(),
  action: reviewAction,
  comment: z.string(),
  actor: personRef.nullable(),
  at: isoDateTime,
});
export const publicationEntry = z.object({
  id: z.uuid(),
  /** null: the region's own public page and feeds. */
  channel: z.object({ id: z.uuid(), name: z.string(), kind: channelKind }).nullable(),
  action: publicationAction,
  status: publicationStatus,
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  text: z.string(),
  deliveredAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type PublicationEntry = z.infer<typeof publicationEntry>;

/** The region's publication log (GET /api/attractions/publications): each entry with its post and schedule. */
export const regionPublication = publicationEntry.extend({
  post: z.object({ id: z.uuid(), title: z.string(), town: townRef }),
  scheduleSeq: z.number().int(),
});
export type RegionPublication = z.infer<typeof regionPublication>;
export const publicationLog = z.object({ items: z.array(regionPublication), nextCursor: z.string().nullable() });

/** What the reader may do with the post now. */
export const attractionAbilities = z.object({
  edit: z.boolean(),
  submit: z.boolean(),
  withdraw: z.boolean(),
  review: z.boolean(),
  schedule: z.boolean(),
  unpublish: z.boolean(),
  delete: z.boolean(),
});

export const attraction = attractionSummary.extend({
  body: z.string(),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  eventStartTime: hhmm.nullable(),
  eventEndTime: hhmm.nullable(),
  linkUrl: z.string().nullable(),
  photos: z.array(attractionPhoto),
  reviewComment: z.string().nullable(),
  reviewedBy: personRef.nullable(),
  reviewedAt: isoDateTime.nullable(),
  /** Review history: own town only (empty for other towns). */
  reviews: z.array(reviewEntry),
  scheduledBy: personRef.nullable(),
  channelIds: z.array(z.uuid()),
  socialTexts: z.record(z.string(), z.string()),
  publications: z.array(publicationEntry),
  unpublishedAt: isoDateTime.nullable(),
  unpublishReason: z.string().nullable(),
  /** The public page, once published. */
  publicUrl: z.string().nullable(),
  version: z.number().int(),
  can: attractionAbilities,
});
export type Attraction = z.infer<typeof attraction>;

// ── review ──────────────────────────────────────────────────────────────────────────────────────

export const reviewDecision = z.object({
  decision: z.enum(['approve', 'return', 'reject']),
  /** Required when returning or rejecting: what to change, or why not. */
  comment: text(2000).default(''),
  version: z.number().int().min(1),
});
export type ReviewDecision = z.infer<typeof reviewDecision>;

// ── curation (coordinators) ─────────────────────────────────────────────────────────────────────

export const scheduleInput = z.object({
  /** When it goes out (in the future; at most a year ahead). */
  publishAt: isoDateTime,
  /** The relays it goes to (the public page and feeds always). */
  channelIds: z.array(z.uuid()).max(20).default([]),
  /** Per relay, the text as written for it (defaults to the composed text). */
  socialTexts: z.record(z.uuid(), text(5000)).default({}),
});
export type ScheduleInput = z.infer<typeof scheduleInput>;
export const unpublishInput = z.object({ reason: text(500).default('') });

export const channelCreate = z.object({
  name: text(60).min(1),
  kind: channelKind,
  url: httpUrl,
  /** Defaults to the kind's limit (X 280 weighted, Instagram 2200, Facebook 63206, LINE 500, other 1000). */
  charLimit: z.number().int().min(10).max(100000).optional(),
});
export const channelUpdate = z.object({
  name: text(60).min(1).optional(),
  url: httpUrl.optional(),
  charLimit: z.number().int().min(10).max(100000).optional(),
  active: z.boolean().optional(),
});
export const attractionChannel = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: channelKind,
  url: z.string(),
  charLimit: z.number().int(),
  active: z.boolean(),
  createdAt: isoDateTime,
});
export type AttractionChannel = z.infer<typeof attractionChannel>;
/** Only in the answer that creates the channel (or rotates the secret): shown once. */
export const channelWithSecret = attractionChannel.extend({ secret: z.string() });
export const channelList = z.object({ items: z.array(attractionChannel) });

export const collectionInput = z.object({
  title: text(80).min(1),
  description: text(2000).default(''),
  /** The stops in order: pooled posts of any town. */
  items: z.array(z.object({ postId: z.uuid(), note: text(300).default('') })).max(30).default([]),
  idempotencyKey,
});
/** Every field optional and without the create defaults (see attractionUpdate). */
export const collectionUpdate = z.object({
  title: text(80).min(1).optional(),
  description: text(2000).optional(),
  items: z.array(z.object({ postId: z.uuid(), note: text(300).default('') })).max(30).optional(),
  status: collectionStatus.optional(),
});
export const collectionSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: collectionStatus,
  towns: z.array(townRef),
  count: z.number().int(),
  cover: photoVariant.nullable(),
  publishedAt: isoDateTime.nullable(),
  updatedAt: isoDateTime,
});
export const collection = collectionSummary.extend({
  items: z.array(z.object({ note: z.string(), post: attractionSummary })),
  publicUrl: z.string().nullable(),
});
export const collectionList = z.object({ items: z.array(collectionSummary) });

/** Writing for social media: the composed text per relay with its count against the relay's limit. */
export const socialPreview = z.object({
  items: z.array(z.object({
    channel: attractionChannel,
    text: z.string(),
    count: z.number().int(),
    limit: z.number().int(),
    over: z.boolean(),
  })),
});

// ── figures ─────────────────────────────────────────────────────────────────────────────────────

export const attractionFiguresQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const attractionFigures = z.object({
  fiscalYear: z.number().int(),
  label: z.string(),
  from: isoDate,
  to: isoDate,
  totals: z.object({ posts: z.number().int(), published: z.number().int(), views: z.number().int(), towns: z.number().int() }),
  /** Posts per town per month (April first): written (submitted) and published. */
  months: z.array(z.string()),
  towns: z.array(z.object({
    town: townRef,
    submitted: z.array(z.number().int()),
    published: z.array(z.number().int()),
    views: z.number().int(),
  })),
  /** Views per post on the public pages in the 年度, most viewed first. */
  posts: z.array(z.object({ id: z.uuid(), title: z.string(), town: townRef, category: attractionCategory, publishedAt: isoDateTime.nullable(), views: z.number().int() })),
});
export type AttractionFigures = z.infer<typeof attractionFigures>;

// ── public (no sign-in) ─────────────────────────────────────────────────────────────────────────

export const publicRegionParams = z.object({ region: z.string().regex(/^[a-z0-9-]{1,60}$/) });
export const publicListQuery = z.object({
  category: attractionCategory.optional(),
  town: z.string().regex(/^[a-z0-9-]{1,60}$/).optional(),
  tag: z.string().trim().max(30).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(24),
});
export const publicTown = z.object({ id: z.uuid(), slug: z.string(), name: z.string(), nameKana: z.string() });
export const publicAttractionSummary = z.object({
  id: z.uuid(),
  category: attractionCategory,
  title: z.string(),
  /** The first words of the body (for cards and share cards). */
  excerpt: z.string(),
  town: publicTown,
  placeName: z.string().nullable(),
  eventStartsOn: isoDate.nullable(),
  eventEndsOn: isoDate.nullable(),
  tags: z.array(z.string()),
  cover: photoVariant.extend({ alt: z.string() }).nullable(),
  publishedAt: isoDateTime,
  url: z.string(),
});
export type PublicAttractionSummary = z.infer<typeof publicAttractionSummary>;
export const publicRegion = z.object({
  region: z.object({ slug: z.string(), name: z.string(), nameKana: z.string() }),
  towns: z.array(publicTown),
  items: z.array(publicAttractionSummary),
  nextCursor: z.string().nullable(),
  collections: z.array(z.object({ id: z.uuid(), title: z.string(), description: z.string(), count: z.number().int(), towns: z.array(publicTown), cover: photoVariant.nullable(), url: z.string() })),
  feeds: z.object({ rss: z.string(), atom: z.string(), json: z.string(), ics: z.string() }),
});
export type PublicRegion = z.infer<typeof publicRegion>;
export const publicAttraction = publicAttractionSummary.extend({
  body: z.string(),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  eventStartTime: hhmm.nullable(),
  eventEndTime: hhmm.nullable(),
  linkUrl: z.string().nullable(),
  photos: z.array(z.object({ id: z.uuid(), alt: z.string(), caption: z.string(), photographer: z.string(), variants: z.partialRecord(photoVariantName, photoVariant) })),
  region: z.object({ slug: z.string(), name: z.string() }),
  /** Share card (og:image): 1200×630 when a photo exists. */
  card: photoVariant.nullable(),
  updatedAt: isoDateTime,
});
export type PublicAttraction = z.infer<typeof publicAttraction>;
export const publicCollection = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  region: z.object({ slug: z.string(), name: z.string() }),
  items: z.array(z.object({ note: z.string(), post: publicAttractionSummary })),
  publishedAt: isoDateTime.nullable(),
  url: z.string(),
});
export type PublicCollection = z.infer<typeof publicCollection>;

/**
 * The body a relay receives (POST, JSON). Headers: X-Yui-Delivery (the publication id: the same on
 * every retry, drop repeats), X-Yui-Event (attraction.publish | attraction.unpublish),
 * X-Yui-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>.
 */
export const webhookBody = z.object({
  id: z.uuid(),
  event: z.enum(['attraction.publish', 'attraction.unpublish']),
  sentAt: isoDateTime,
  channel: z.object({ id: z.uuid(), name: z.string(), kind: channelKind }),
  post: z.object({
    id: z.uuid(),
    url: z.string(),
    title: z.string(),
    text: z.string(),
    category: attractionCategory,
    town: z.string(),
    tags: z.array(z.string()),
    images: z.array(z.string()),
    eventStartsOn: isoDate.nullable(),
    eventEndsOn: isoDate.nullable(),
  }),
});
export type WebhookBody = z.infer<typeof webhookBody>;
