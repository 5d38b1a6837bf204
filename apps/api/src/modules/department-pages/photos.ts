import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '@yui/db';
import { getPersonPhotoKey, lockOwnPhoto, setOwnPhoto } from '@yui/db/queries/department-pages';
import { sniffContentType, type FileStorage, type StoredFile } from '@yui/storage';
import { invalid, notFound } from '../../lib/errors';
import type { PageActor } from './service';

/**
 * Staff photos (顔写真): each person uploads or removes their own. The bytes live in file storage
 * under a key we make up (`<regionId>/people/<userId>/<uuid>-<type>`); users.photo_key keeps it and
 * users.photo_url the address it is served at (`/api/people/<id>/photo?v=<8 hex>`), so clients never
 * see the key and the `v` changes with every upload (browsers cache a photo for an hour).
 */

/** Only these are accepted: decided by the bytes (sniffContentType), never by the upload's claim. */
const PHOTO_TYPES: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };
const TYPE_OF_SUFFIX: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
/** A face photo needs no more: larger uploads are refused (400 photo: file_too_large). */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

export const photoUrlOf = (userId: string, version: string) => `/api/people/${userId}/photo?v=${version}`;

/**
 * Stores the photo, then points the person's row at it (their row locked, so two uploads at once
 * end with one of them, and each removes the key it replaced). Returns the key replaced (to remove
 * after the commit) and the new one (to remove if the commit fails).
 * `onStored` tells the caller the new key as soon as it is stored (see routes).
 */
export async function setPhoto(
  tx: Db, storage: FileStorage, actor: PageActor, bytes: Buffer, onStored: (key: string) => void,
): Promise<{ replaced: string | null }> {
  if (bytes.length === 0) throw invalid({ photo: 'file_empty' });
  const sniffed = sniffContentType(bytes, 'application/octet-stream', 'photo');
  const suffix = PHOTO_TYPES[sniffed.contentType];
  if (!suffix) throw invalid({ photo: 'photo_type' });
  const current = await lockOwnPhoto(tx, actor);
  if (!current) throw notFound();
  const key = `${actor.regionId.toLowerCase()}/people/${actor.userId.toLowerCase()}/${randomUUID()}-${suffix}`;
  await storage.put(key, bytes, { contentType: sniffed.contentType });
  onStored(key);
  await setOwnPhoto(tx, { ...actor, photoKey: key, photoUrl: photoUrlOf(actor.userId, randomBytes(4).toString('hex')) });
  return { replaced: current.photoKey };
}

/** Removes the person's photo; returns the key to delete after the commit (null: there was none). */
export async function removePhoto(tx: Db, actor: PageActor): Promise<{ replaced: string | null }> {
  const current = await lockOwnPhoto(tx, actor);
  if (!current) throw notFound();
  await setOwnPhoto(tx, { ...actor, photoKey: null, photoUrl: null });
  return { replaced: current.photoKey };
}

/**
 * Where the photo of an active person of the reader's region is stored, with its type (from the key's
 * suffix), or 404: no photo, another region, someone who has left.
 */
export async function photoOf(tx: Db, id: string): Promise<{ key: string; contentType: string }> {
  const key = await getPersonPhotoKey(tx, { id });
  const contentType = key ? TYPE_OF_SUFFIX[key.slice(key.lastIndexOf('-') + 1)] : undefined;
  if (!key || !contentType) throw notFound();
  return { key, contentType };
}

export type { StoredFile };
