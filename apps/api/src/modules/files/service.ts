import { randomUUID } from 'node:crypto';
import type { Db } from '@yui/db';
import type { FileRef } from '@yui/contracts';
import { getFile, getPostVisibility, insertFile, type FileRow } from '@yui/db/queries/community-posts';
import { communityAccess, requirePost, type CommunityActor } from '../communities/access';
import { sniffContentType, type FileStorage, type StoredFile } from '@yui/storage';
import { attachment } from '../../lib/download';
import { invalid, notFound } from '../../lib/errors';

/**
 * 添付ファイル: bytes in file storage (local folder or S3) under a key we make up, the name and the
 * type in community_files. The type is decided by the bytes (sniffContentType), never by the upload's
 * claim; only images are shown inline, everything else (PDF too) downloads.
 */

/**
 * Shown in the page (their type was proven by their first bytes on upload). Not PDF: every file is
 * served with `Content-Security-Policy: sandbox`, and Chrome's PDF viewer refuses a sandboxed document
 * (a blank page) — a PDF downloads and opens in the reader's own viewer (as sniffContentType says).
 */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const fileUrl = (id: string) => `/api/files/${id}`;

export function fileRefOf(f: Pick<FileRow, 'id' | 'filename' | 'contentType' | 'sizeBytes'>): FileRef {
  return { id: f.id, filename: f.filename, contentType: f.contentType, sizeBytes: f.sizeBytes, inline: INLINE.has(f.contentType), url: fileUrl(f.id) };
}

/** "5 MB", "500 KB": the limit in the error message. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Number((n / 1024 / 1024).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n} B`;
}

/**
 * The name as shown and saved: the last path segment (old browsers send `C:\…\資料.xlsx`), NFC,
 * without control characters, at most 200 characters with the extension kept.
 */
export function cleanFilename(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const name = base.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  if (!name) return 'file';
  const chars = Array.from(name);
  if (chars.length <= 200) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return chars.slice(0, 200 - ext.length).join('') + ext;
}

/** Where the bytes go: `<regionId>/<yyyy>/<mm>/<uuid>` (UTC month; only our own characters). */
const storageKey = (regionId: string, id: string, now = new Date()) =>
  `${regionId.toLowerCase()}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;

/**
 * Stores an upload for the community (members only, not archived). The row is written, then the
 * bytes, in the caller's transaction: if storing fails nothing is recorded; `onStored` tells the
 * caller the key, so that it can remove the bytes if the commit fails after all (see routes).
 */
export async function uploadFile(
  tx: Db, storage: FileStorage, actor: CommunityActor, communityId: string,
  file: { bytes: Buffer; filename: string | undefined; declaredType: string },
  onStored: (key: string) => void = () => {},
): Promise<FileRef> {
  const access = await communityAccess(tx, actor, communityId);
  requirePost(access);
  if (file.bytes.length === 0) throw invalid({ file: 'file_empty' });
  const filename = cleanFilename(file.filename);
  const sniffed = sniffContentType(file.bytes, file.declaredType, filename);
  const id = randomUUID();
  const key = storageKey(actor.regionId, id);
  const row = await insertFile(tx, {
    id, regionId: actor.regionId, communityId, uploadedBy: actor.userId, uploaderMunicipalityId: actor.tenantId,
    filename, contentType: sniffed.contentType, sizeBytes: file.bytes.length, storageKey: key,
  });
  await storage.put(key, file.bytes, { contentType: sniffed.contentType });
  onStored(key);
  return fileRefOf(row);
}

/**
 * The file if the reader may have it, else 404 — never 403, whatever the reason: another region or
 * an invite-only community (RLS), a community they may not read, the attachment of a deleted post or
 * of a hidden one (only its author and the managers), an upload not yet attached (only its uploader).
 */
export async function fileForReader(tx: Db, actor: CommunityActor, id: string): Promise<FileRow> {
  const file = await getFile(tx, { regionId: actor.regionId, id });
  if (!file) throw notFound();
  const access = await communityAccess(tx, actor, file.communityId);
  if (!access.canRead) throw notFound();
  if (file.postId) {
    const post = await getPostVisibility(tx, { regionId: actor.regionId, postId: file.postId });
    if (!post || post.deleted) throw notFound();
    if (post.hidden && post.authorId !== actor.userId && !access.isManager) throw notFound();
  } else if (!file.eventId && file.uploadedBy !== actor.userId) {
    throw notFound();
  }
  return file;
}

/** The headers of a download: our type, never sniffed, never run as a page of our origin. */
export function downloadHeaders(file: Pick<FileRow, 'filename' | 'contentType'>, size: number | undefined): Record<string, string> {
  const inline = INLINE.has(file.contentType);
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const disposition = attachment({ name: file.filename, ascii });
  return {
    'content-type': file.contentType,
    'x-content-type-options': 'nosniff',
    'content-disposition': inline ? disposition.replace(/^attachment/, 'inline') : disposition,
    'content-security-policy': "sandbox; default-src 'none'",
    // The id never changes its bytes, but the reader's right to them may: keep it in their browser only.
    'cache-control': 'private, max-age=300',
    ...(size !== undefined ? { 'content-length': String(size) } : {}),
  };
}

export type { StoredFile };
