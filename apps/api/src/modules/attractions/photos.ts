import { randomUUID } from 'node:crypto';
import type { AttractionPhoto, PhotoUpdate, PhotoVariantName } from '@yui/contracts';
import type { Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import {
  countPhotos, deletePhoto, getPhoto, getPost, insertPhoto, touchPost, updatePhoto, type PhotoRow,
} from '@yui/db/queries/attractions';
import { sniffContentType, type FileStorage } from '@yui/storage';
import { conflict, forbidden, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { EDITABLE, canSee, postOr404, readerOf, type AttractionActor } from './access';
import { photoView, rightsMissing } from './view';

/**
 * Photos of a post. The author uploads them to a draft or returned post (multipart, JPEG / PNG / WebP
 * by the bytes, at most PHOTO_MAX_BYTES, at most MAX_PHOTOS per post); the original is stored
 * privately at `attractions/<regionId>/<photoId>/original` and never served. The worker
 * (`attractions.photo`, queued by the outbox relay for `attraction.photo_uploaded`) makes the
 * resized, cleaned variants and marks the photo ready; only variants are served, to those who see
 * the post. A new keep-location choice bumps process_seq and processes the photo again (an older
 * job's result is dropped by the worker).
 */

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 10;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Why a post's photos block submitting or approving it, or null: rights answers missing first (the
 * author can fix those now), then a photo that failed, then one still processing.
 */
export function photosBlock(photos: readonly PhotoRow[]): FieldIssue | null {
  if (photos.some((p) => rightsMissing(p).length > 0)) return 'photo_rights_missing';
  if (photos.some((p) => p.status === 'failed')) return 'photo_failed';
  if (photos.some((p) => p.status !== 'ready')) return 'photo_processing';
  return null;
}

const originalKey = (regionId: string, photoId: string) => `attractions/${regionId.toLowerCase()}/${photoId.toLowerCase()}/original`;

/** The author's post, editable, locked (the photo count and the status are read under the lock). */
async function lockPostForPhotos(tx: Db, actor: AttractionActor, postId: string) {
  const { row } = await postOr404(tx, actor, postId);
  if (row.authorId !== actor.userId || row.municipalityId !== actor.tenantId) throw forbidden();
  const locked = await getPost(tx, { regionId: actor.regionId, id: postId, lock: 'update' });
  if (!locked) throw notFound();
  if (!EDITABLE.includes(locked.status)) throw conflict({ status: 'attraction_not_editable' });
  return locked;
}

async function emitProcessing(tx: Db, actor: AttractionActor, postId: string, photoId: string, seq: number) {
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'attraction.photo_uploaded', actorId: actor.userId,
    payload: { postId, photoId, seq, recipientIds: [] },
  });
}

/**
 * Stores an uploaded photo and adds it to the post (status processing). The post is locked before
 * counting, so two uploads at once cannot make an eleventh. `onStored` tells the caller the stored key
 * at once, to delete it should the transaction fail.
 */
export async function addPhoto(
  tx: Db, storage: FileStorage, actor: AttractionActor, postId: string, bytes: Buffer, onStored: (key: string) => void,
): Promise<AttractionPhoto> {
  const type = bytes.length ? sniffContentType(bytes, 'application/octet-stream', 'photo').contentType : '';
  if (!PHOTO_TYPES.has(type)) throw invalid({ photo: 'not_image' });
  if (bytes.length > PHOTO_MAX_BYTES) throw invalid({ photo: 'photo_too_large' });
  const post = await lockPostForPhotos(tx, actor, postId);
  const { count, maxSort } = await countPhotos(tx, postId);
  if (count >= MAX_PHOTOS) throw invalid({ photo: 'too_many_photos' });
  const id = randomUUID();
  const key = originalKey(post.regionId, id);
  await storage.put(key, bytes, { contentType: type });
  onStored(key);
  await insertPhoto(tx, {
    id, regionId: post.regionId, tenantId: actor.tenantId, postId, uploadedBy: actor.userId, originalKey: key,
    contentType: type, byteSize: bytes.length, sortOrder: maxSort + 1,
  });
  await touchPost(tx, postId);
  await emitProcessing(tx, actor, postId, id, 1);
  const photo = await getPhoto(tx, { regionId: actor.regionId, id });
  return photoView(photo!);
}

/** The photo of this post, its post the author's and editable; both locked. */
async function lockOwnPhoto(tx: Db, actor: AttractionActor, postId: string, photoId: string): Promise<PhotoRow> {
  await lockPostForPhotos(tx, actor, postId);
  const photo = await getPhoto(tx, { regionId: actor.regionId, id: photoId, lock: true });
  if (!photo || photo.postId !== postId) throw notFound();
  return photo;
}

/** The rights check and texts of a photo; a new keep-location choice processes it again. */
export async function changePhoto(
  tx: Db, actor: AttractionActor, postId: string, photoId: string, body: PhotoUpdate,
): Promise<AttractionPhoto> {
  const photo = await lockOwnPhoto(tx, actor, postId, photoId);
  const relocate = body.keepLocation !== undefined && body.keepLocation !== photo.keepLocation;
  const { keepLocation: _keep, ...rest } = body;
  const seq = await updatePhoto(tx, photoId, { ...rest, ...(relocate ? { keepLocation: body.keepLocation } : {}) });
  if (relocate) await emitProcessing(tx, actor, postId, photoId, seq);
  await touchPost(tx, postId);
  return photoView((await getPhoto(tx, { regionId: actor.regionId, id: photoId }))!);
}

/** Removes a photo; returns its stored files, to delete after the commit. */
export async function removePhoto(tx: Db, actor: AttractionActor, postId: string, photoId: string): Promise<{ keys: string[] }> {
  const photo = await lockOwnPhoto(tx, actor, postId, photoId);
  await deletePhoto(tx, photoId);
  await touchPost(tx, postId);
  return { keys: [photo.originalKey, ...Object.values(photo.variants ?? {}).flatMap((v) => (v?.key ? [v.key] : []))] };
}

/**
 * Where a variant of a photo is stored, for a reader who sees its post (drafts: the author; in review:
 * the author and the town's reviewers; the pool: the region). 404 otherwise, and while the photo is
 * not ready or has no such variant. The original is never served.
 */
export async function photoFile(tx: Db, actor: AttractionActor, photoId: string, variant: PhotoVariantName): Promise<{ key: string }> {
  const photo = await getPhoto(tx, { regionId: actor.regionId, id: photoId });
  if (!photo) throw notFound();
  const [reader, post] = await Promise.all([readerOf(tx, actor), getPost(tx, { regionId: actor.regionId, id: photo.postId })]);
  if (!post || !canSee(reader, post)) throw notFound();
  const v = photo.status === 'ready' ? photo.variants?.[variant] : undefined;
  if (!v?.key) throw notFound();
  return { key: v.key };
}
