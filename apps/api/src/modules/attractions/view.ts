import type { Attraction, AttractionPhoto, AttractionSummary, PersonRef, PhotoVariantName } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  getCovers, getPhotos, getPostsByIds, getPublications, getReviews, regionSlug,
  type AttractionRow, type AttractionSummaryRow, type CoverRow, type PhotoRow,
} from '@yui/db/queries/attractions';
import { personRefs, toPersonRef } from '../communities/access';
import {
  EDITABLE, SCHEDULABLE, UNPUBLISHABLE, postOr404, reviewsTown, type AttractionActor, type Reader,
} from './access';

/**
 * Rows of attraction posts → the shapes of packages/contracts/src/attractions.ts. Shared by the three
 * route files (routes-posts, routes-curation, routes-public); everything here is read-only.
 *
 *  - photoUrl(photo, variant, mode): where a variant is served. mode 'staff' → the web's proxy path
 *    `/attractions/photos/<photoId>/<variant>?v=<processSeq>` (relative); mode { publicUrl, regionSlug }
 *    → `${publicUrl}/api/attractions/public/<regionSlug>/photos/<photoId>/<variant>?v=<processSeq>`.
 *    variantsView(photo, mode) gives every variant the worker made ({ url, width, height }).
 *  - photoView(photo): AttractionPhoto (staff), with the rights answers still missing.
 *  - summaryView(row, { people, covers, mode? }) → AttractionSummary: `people` from personRefs()
 *    (an author no longer in the region → null), `covers` from getCovers() or listPosts' rows (first
 *    ready photo by sort_order; its `medium` variant is the cover).
 *  - readSummaries(tx, rows | ids, { regionId?, mode? }) → AttractionSummary[]: loads authors and covers
 *    in two queries sent together (rows from listPosts carry both). Given ids (regionId then
 *    required), reads the posts the reader's row-level security shows, in the order given; ids not
 *    visible are left out (the caller decides whether that is 404).
 *  - detailView(tx, row, { reader, publicUrl }) → Attraction: photos, the review history (row-level
 *    security: the post's own town only), the publication log (with each relay's name and kind),
 *    the people named, and `can.*` for the reader (readerOf() in access.ts).
 *  - readDetail(tx, actor, id, { publicUrl }) → Attraction, or 404 when the reader may not see it.
 */

export type PhotoMode = 'staff' | { publicUrl: string; regionSlug: string };

const iso = (t: string) => new Date(t).toISOString();
const isoOrNull = (t: string | null) => (t ? iso(t) : null);

export function photoUrl(photo: Pick<PhotoRow, 'id' | 'processSeq'>, variant: PhotoVariantName, mode: PhotoMode): string {
  if (mode === 'staff') return `/attractions/photos/${photo.id}/${variant}?v=${photo.processSeq}`;
  const base = mode.publicUrl.replace(/\/+$/, '');
  return `${base}/api/attractions/public/${mode.regionSlug}/photos/${photo.id}/${variant}?v=${photo.processSeq}`;
}

/** The variants the worker made (none until the photo is ready). */
export function variantsView(photo: PhotoRow, mode: PhotoMode): AttractionPhoto['variants'] {
  if (photo.status !== 'ready') return {};
  const out: AttractionPhoto['variants'] = {};
  for (const [name, v] of Object.entries(photo.variants ?? {}) as Array<[PhotoVariantName, { width: number; height: number } | undefined]>) {
    if (v) out[name] = { url: photoUrl(photo, name, mode), width: v.width, height: v.height };
  }
  return out;
}

/** One variant as a { url, width, height }, or null when there is none (not ready, not made). */
export function variantOf(photo: CoverRow | undefined, name: PhotoVariantName, mode: PhotoMode): { url: string; width: number; height: number } | null {
  if (!photo || photo.status !== 'ready') return null;
  const v = photo.variants?.[name];
  return v ? { url: photoUrl(photo, name, mode), width: v.width, height: v.height } : null;
}

/** The rights answers a photo still lacks (each blocks submitting and approving). */
export function rightsMissing(photo: Pick<PhotoRow, 'photographer' | 'people' | 'mayPublish'>): AttractionPhoto['rightsMissing'] {
  const missing: AttractionPhoto['rightsMissing'] = [];
  if (!photo.photographer.trim()) missing.push('photographer');
  if (photo.people === 'not_asked') missing.push('people');
  if (!photo.mayPublish) missing.push('mayPublish');
  return missing;
}

export function photoView(photo: PhotoRow, mode: PhotoMode = 'staff'): AttractionPhoto {
  return {
    id: photo.id,
    status: photo.status,
    keepLocation: photo.keepLocation,
    hadLocation: photo.hadLocation,
    width: photo.width,
    height: photo.height,
    variants: variantsView(photo, mode),
    photographer: photo.photographer,
    people: photo.people,
    mayPublish: photo.mayPublish,
    alt: photo.alt,
    caption: photo.caption,
    sortOrder: photo.sortOrder,
    rightsMissing: rightsMissing(photo),
  };
}

export interface SummaryContext {
  people: Map<string, PersonRef>;
  covers: ReadonlyMap<string, CoverRow>;
  mode?: PhotoMode;
}

/** The columns a summary shows (an AttractionRow has them; listPosts reads only these). */
type SummarySource = Omit<AttractionSummaryRow, 'cover' | 'author'>;

export function summaryView(r: SummarySource, ctx: SummaryContext): AttractionSummary {
  return {
    id: r.id,
    status: r.status,
    category: r.category,
    title: r.title,
    town: { id: r.municipalityId, name: r.municipalityName },
    author: ctx.people.get(r.authorId) ?? null,
    placeName: r.placeName,
    eventStartsOn: r.eventStartsOn,
    eventEndsOn: r.eventEndsOn,
    tags: r.tags,
    cover: variantOf(ctx.covers.get(r.id), 'medium', ctx.mode ?? 'staff'),
    submittedAt: isoOrNull(r.submittedAt),
    approvedAt: isoOrNull(r.approvedAt),
    publishAt: isoOrNull(r.publishAt),
    publishedAt: isoOrNull(r.publishedAt),
    updatedAt: iso(r.updatedAt),
  };
}

/**
 * Summaries of posts (rows, or ids the reader's row-level security shows), authors and covers in two
 * queries sent together — none for rows that come with them (listPosts).
 */
export async function readSummaries(
  tx: Db, rowsOrIds: readonly (AttractionRow | AttractionSummaryRow)[] | readonly string[], opts: { regionId?: string; mode?: PhotoMode } = {},
): Promise<AttractionSummary[]> {
  let rows: readonly (AttractionRow | AttractionSummaryRow)[];
  if (rowsOrIds.length && typeof rowsOrIds[0] === 'string') {
    if (!opts.regionId) throw new Error('readSummaries: regionId is required with ids');
    rows = await getPostsByIds(tx, { regionId: opts.regionId, ids: rowsOrIds as readonly string[] });
  } else {
    rows = rowsOrIds as readonly (AttractionRow | AttractionSummaryRow)[];
  }
  if (!rows.length) return [];
  const listed = rows.filter((r): r is AttractionSummaryRow => 'cover' in r);
  if (listed.length === rows.length) {
    const people = new Map(listed.flatMap((r) => (r.author ? [[r.authorId, toPersonRef(r.author)] as const] : [])));
    const covers = new Map(listed.flatMap((r) => (r.cover ? [[r.id, r.cover] as const] : [])));
    return listed.map((r) => summaryView(r, { people, covers, mode: opts.mode }));
  }
  const [people, covers] = await Promise.all([
    personRefs(tx, rows.map((r) => r.authorId)),
    getCovers(tx, rows.map((r) => r.id)),
  ]);
  return rows.map((r) => summaryView(r, { people, covers, mode: opts.mode }));
}

/** What the reader may do with the post now (the routes check the same rules again). */
export function abilities(reader: Reader, r: AttractionRow): Attraction['can'] {
  const author = r.authorId === reader.userId && r.municipalityId === reader.tenantId;
  const editable = EDITABLE.includes(r.status);
  return {
    edit: author && editable,
    submit: author && editable,
    withdraw: author && r.status === 'in_review',
    review: reviewsTown(reader, r) && !author && r.status === 'in_review',
    schedule: reader.coordinator && SCHEDULABLE.includes(r.status),
    // The region's coordinators, and the post's own town's reviewers for their town's post.
    unpublish: (reader.coordinator || reviewsTown(reader, r)) && UNPUBLISHABLE.includes(r.status),
    delete: author && editable,
  };
}

export interface DetailContext {
  reader: Reader;
  /** The site's address (YUI_PUBLIC_URL): the public page's address once published. */
  publicUrl: string;
}

export async function detailView(tx: Db, r: AttractionRow, ctx: DetailContext): Promise<Attraction> {
  const [photos, reviews, publications, slug] = await Promise.all([
    getPhotos(tx, [r.id]),
    getReviews(tx, r.id),
    getPublications(tx, r.id),
    r.status === 'published' ? regionSlug(tx, r.regionId) : Promise.resolve(null),
  ]);
  const people = await personRefs(tx, [
    r.authorId, ...[r.reviewedBy, r.scheduledBy].filter((x): x is string => !!x), ...reviews.map((v) => v.actorId),
  ]);
  const cover = photos.find((p) => p.status === 'ready');
  const person = (id: string | null) => (id ? people.get(id) ?? null : null);
  return {
    ...summaryView(r, { people, covers: new Map(cover ? [[r.id, cover]] : []) }),
    body: r.body,
    address: r.address,
    latitude: r.latitude,
    longitude: r.longitude,
    eventStartTime: r.eventStartTime,
    eventEndTime: r.eventEndTime,
    linkUrl: r.linkUrl,
    photos: photos.map((p) => photoView(p)),
    reviewComment: r.reviewComment,
    reviewedBy: person(r.reviewedBy),
    reviewedAt: isoOrNull(r.reviewedAt),
    reviews: reviews.map((v) => ({ id: v.id, action: v.action, comment: v.comment, actor: person(v.actorId), at: iso(v.createdAt) })),
    scheduledBy: person(r.scheduledBy),
    channelIds: r.channelIds,
    socialTexts: r.socialTexts ?? {},
    publications: publications.map((u) => ({
      id: u.id,
      channel: u.channelId ? { id: u.channelId, name: u.channelName ?? '', kind: u.channelKind ?? 'other' } : null,
      action: u.action,
      status: u.status,
      attempts: u.attempts,
      responseStatus: u.responseStatus,
      // What a relay answered may say things about the relay (its errors, its addresses): the
      // coordinators who run the relays read it; everyone else sees the status and the count.
      lastError: ctx.reader.coordinator ? u.lastError : null,
      text: u.text,
      deliveredAt: isoOrNull(u.deliveredAt),
      createdAt: iso(u.createdAt),
      updatedAt: iso(u.updatedAt),
    })),
    unpublishedAt: isoOrNull(r.unpublishedAt),
    unpublishReason: r.unpublishReason,
    publicUrl: slug ? publicPostUrl(ctx.publicUrl, slug, r.id) : null,
    version: r.version,
    can: abilities(ctx.reader, r),
  };
}

/** The public page of a post: `${publicUrl}/visit/<regionSlug>/<postId>`. */
export const publicPostUrl = (publicUrl: string, slug: string, postId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/visit/${slug}/${postId}`;

/** A post as the reader sees it, or 404. */
export async function readDetail(tx: Db, actor: AttractionActor, id: string, opts: { publicUrl: string }): Promise<Attraction> {
  const { row, reader } = await postOr404(tx, actor, id);
  return detailView(tx, row, { reader, publicUrl: opts.publicUrl });
}
