import type { z } from 'zod';
import type { Attraction, AttractionCreate, AttractionListQuery, AttractionUpdate, attractionList } from '@yui/contracts';
import type { Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import {
  addReview, deletePost as deletePostRow, getPhotos, getPost, getPostByIdempotencyKey, insertPost, listPosts, setPostStatus,
  townReviewerIds, updatePostContent, type AttractionRow, type AttractionStatus, type AttractionWrite,
} from '@yui/db/queries/attractions';
import { conflict, forbidden, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { personRefs } from '../communities/access';
import { EDITABLE, POOL, postOr404, readerOf, type AttractionActor, type Reader } from './access';
import { photosBlock } from './photos';
import { detailView, readSummaries } from './view';

/**
 * Drafts: writing, editing, deleting, submitting for review and withdrawing. The author alone works on
 * a draft or a returned post (`EDITABLE`); a post in review is the reviewers' (review.ts), one in the
 * pool the coordinators' (routes-curation). Every change locks the post (FOR UPDATE, after the rights
 * are known: row-level security lets FOR UPDATE see only rows the reader may change) and carries the
 * version the form was opened on.
 */

export interface PostOptions {
  /** YUI_PUBLIC_URL: the public page's address in the answer. */
  publicUrl: string;
}

type Fields = Omit<AttractionCreate, 'idempotencyKey'>;

/** 「桜」, 「＃桜」 and 「 桜 」 are one tag: NFKC, first spelling kept, compared without case. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.normalize('NFKC').replace(/^[#＃]+/, '').trim();
    const key = tag.toLocaleLowerCase('ja');
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/**
 * The rules across fields of what an author wrote (each field's own rules are the contract's):
 * an event needs its first day (the last defaults to it, and is not before it); times need a day, an
 * end time needs a start time and, on a one-day event, comes after it; coordinates come in pairs.
 */
export function checkWrite(f: Fields): AttractionWrite {
  const issues: Record<string, FieldIssue> = {};
  const startsOn = f.eventStartsOn ?? null;
  let endsOn = f.eventEndsOn ?? null;
  const startTime = f.eventStartTime ?? null;
  const endTime = f.eventEndTime ?? null;
  if (!startsOn && (f.category === 'event' || endsOn || startTime || endTime)) issues.eventStartsOn = 'event_needs_period';
  if (startsOn && !endsOn) endsOn = startsOn;
  if (startsOn && endsOn && endsOn < startsOn) issues.eventEndsOn = 'event_end_before_start';
  if (endTime && !startTime) issues.eventStartTime = 'required';
  if (startTime && endTime && startsOn && startsOn === endsOn && endTime <= startTime) issues.eventEndTime = 'event_time_order';
  const latitude = f.latitude ?? null;
  const longitude = f.longitude ?? null;
  if ((latitude === null) !== (longitude === null)) issues[latitude === null ? 'latitude' : 'longitude'] = 'coords_both';
  if (Object.keys(issues).length) throw invalid(issues);
  return {
    category: f.category,
    title: f.title,
    body: f.body ?? '',
    placeName: f.placeName || null,
    address: f.address || null,
    latitude,
    longitude,
    eventStartsOn: startsOn,
    eventEndsOn: endsOn,
    eventStartTime: startTime,
    eventEndTime: endTime,
    tags: normaliseTags(f.tags ?? []),
    linkUrl: f.linkUrl || null,
  };
}

/** An edit on top of the post: absent keeps, null clears. */
function merged(row: AttractionRow, u: AttractionUpdate): Fields {
  const keep = <K extends keyof Fields>(k: K, current: Fields[K]): Fields[K] => (u[k] === undefined ? current : u[k] as Fields[K]);
  return {
    category: keep('category', row.category),
    title: keep('title', row.title),
    body: keep('body', row.body),
    placeName: keep('placeName', row.placeName),
    address: keep('address', row.address),
    latitude: keep('latitude', row.latitude),
    longitude: keep('longitude', row.longitude),
    eventStartsOn: keep('eventStartsOn', row.eventStartsOn),
    eventEndsOn: keep('eventEndsOn', row.eventEndsOn),
    eventStartTime: keep('eventStartTime', row.eventStartTime),
    eventEndTime: keep('eventEndTime', row.eventEndTime),
    tags: keep('tags', row.tags),
    linkUrl: keep('linkUrl', row.linkUrl),
  };
}

const stale = () => conflict({ version: 'stale_version' });
const notEditable = () => conflict({ status: 'attraction_not_editable' });

/**
 * The reader's own post, locked: 404 when not visible, 403 when visible but not theirs (a reviewer, or
 * any staff of the region for a pooled post), then locked and read again (the status under the lock).
 */
export async function lockOwnPost(tx: Db, actor: AttractionActor, id: string): Promise<{ row: AttractionRow; reader: Reader }> {
  const { row, reader } = await postOr404(tx, actor, id);
  if (row.authorId !== actor.userId || row.municipalityId !== actor.tenantId) throw forbidden();
  const locked = await getPost(tx, { regionId: actor.regionId, id, lock: 'update' });
  if (!locked) throw notFound();
  return { row: locked, reader };
}

/** The author's post that is still theirs to change (draft or returned) at the version the form was on. */
async function lockEditable(tx: Db, actor: AttractionActor, id: string, version?: number) {
  const got = await lockOwnPost(tx, actor, id);
  if (!EDITABLE.includes(got.row.status)) throw notEditable();
  if (version !== undefined && got.row.version !== version) throw stale();
  return got;
}

async function answer(tx: Db, reader: Reader, id: string, opts: PostOptions): Promise<Attraction> {
  const row = await getPost(tx, { regionId: reader.regionId, id });
  if (!row) throw notFound();
  return detailView(tx, row, { reader, publicUrl: opts.publicUrl });
}

/** A new draft in the author's town. The same idempotency key again: `created: false` and the first post. */
export async function createPost(
  tx: Db, actor: AttractionActor, body: AttractionCreate, opts: PostOptions,
): Promise<{ created: boolean; post: Attraction }> {
  const reader = await readerOf(tx, actor);
  const key = body.idempotencyKey ?? null;
  const again = async () => {
    const first = key ? await getPostByIdempotencyKey(tx, { regionId: actor.regionId, authorId: actor.userId, key }) : null;
    return first ? { created: false, post: await detailView(tx, first, { reader, publicUrl: opts.publicUrl }) } : null;
  };
  const before = await again();
  if (before) return before;
  const write = checkWrite(body);
  const id = await insertPost(tx, { regionId: actor.regionId, tenantId: actor.tenantId, authorId: actor.userId, idempotencyKey: key, write });
  if (!id) {
    // Two submits at once: the other one committed the post with this key while we waited on it.
    const after = await again();
    if (after) return after;
    throw conflict();
  }
  return { created: true, post: await answer(tx, reader, id, opts) };
}

export async function readPost(tx: Db, actor: AttractionActor, id: string, opts: PostOptions): Promise<Attraction> {
  const { row, reader } = await postOr404(tx, actor, id);
  return detailView(tx, row, { reader, publicUrl: opts.publicUrl });
}

export async function editPost(tx: Db, actor: AttractionActor, id: string, body: AttractionUpdate, opts: PostOptions): Promise<Attraction> {
  const { row, reader } = await lockEditable(tx, actor, id, body.version);
  await updatePostContent(tx, { id, write: checkWrite(merged(row, body)) });
  return answer(tx, reader, id, opts);
}

/**
 * Deletes a draft or a returned post with its photos and history; the stored photo files are the
 * caller's to delete after the commit (returned keys).
 */
export async function removePost(tx: Db, actor: AttractionActor, id: string): Promise<{ keys: string[] }> {
  await lockEditable(tx, actor, id);
  const photos = await getPhotos(tx, [id]);
  if (!(await deletePostRow(tx, id))) throw notEditable();
  return { keys: photos.flatMap(storedKeys) };
}

/** Every file stored for a photo: the original and the worker's variants. */
export const storedKeys = (p: { originalKey: string; variants: Record<string, { key: string } | undefined> }) =>
  [p.originalKey, ...Object.values(p.variants ?? {}).flatMap((v) => (v?.key ? [v.key] : []))];

/**
 * Sends a draft or returned post to the town's reviewers: every photo must have passed the rights
 * check and be processed (a post without photos is fine). The reviewers are told
 * (`attraction.submitted`; a town without named reviewers: its 自治体管理者).
 */
export async function submitPost(tx: Db, actor: AttractionActor, id: string, version: number, opts: PostOptions): Promise<Attraction> {
  const { row, reader } = await lockEditable(tx, actor, id, version);
  const block = photosBlock(await getPhotos(tx, [id]));
  if (block) throw invalid({ photos: block });
  await setPostStatus(tx, { id, status: 'in_review', submitted: true });
  await addReview(tx, { regionId: actor.regionId, tenantId: actor.tenantId, postId: id, action: 'submitted', comment: '', actorId: actor.userId });
  const [reviewers, people] = await Promise.all([townReviewerIds(tx, actor.tenantId), personRefs(tx, [actor.userId])]);
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'attraction.submitted', actorId: actor.userId,
    payload: {
      postId: id, title: row.title, authorName: people.get(actor.userId)?.name ?? '',
      recipientIds: reviewers.filter((r) => r !== actor.userId),
    },
  });
  return answer(tx, reader, id, opts);
}

/** Takes a post out of review, back to a draft (the author, while nobody has decided). */
export async function withdrawPost(tx: Db, actor: AttractionActor, id: string, version: number, opts: PostOptions): Promise<Attraction> {
  const { row, reader } = await lockOwnPost(tx, actor, id);
  if (row.status !== 'in_review') throw conflict({ status: 'not_in_review' });
  if (row.version !== version) throw stale();
  await setPostStatus(tx, { id, status: 'draft' });
  await addReview(tx, { regionId: actor.regionId, tenantId: actor.tenantId, postId: id, action: 'withdrawn', comment: '', actorId: actor.userId });
  return answer(tx, reader, id, opts);
}

/** The reviewers' queue sees these of their town (in review by default). */
const REVIEW_VIEW: readonly AttractionStatus[] = ['in_review', 'returned', 'rejected', ...POOL];

/**
 * mine: the reader's own posts (any status); review: their town's posts in review (reviewers only,
 * 403 otherwise; ?status= shows returned, rejected or pooled ones of the town); pool: the region's pool.
 */
export async function listAttractions(tx: Db, actor: AttractionActor, q: AttractionListQuery): Promise<z.infer<typeof attractionList>> {
  let scope: Parameters<typeof listPosts>[1]['scope'];
  if (q.view === 'mine') scope = { kind: 'mine', authorId: actor.userId };
  else if (q.view === 'pool') scope = { kind: 'pool' };
  else {
    const reader = await readerOf(tx, actor);
    if (!reader.reviewer) throw forbidden();
    scope = { kind: 'town', townId: actor.tenantId, statuses: q.status ? REVIEW_VIEW : ['in_review'] };
  }
  const rows = await listPosts(tx, {
    regionId: actor.regionId, scope, status: q.status, category: q.category, municipalityId: q.municipalityId, q: q.q || undefined,
    after: decodeCursor(q.cursor), limit: q.limit,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await readSummaries(tx, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.updatedAt, last.id) : null,
  };
}
