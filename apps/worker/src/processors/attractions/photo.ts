import sharp from 'sharp';
import { UnrecoverableError } from 'bullmq';
import type { JobPayload } from '@yui/contracts';
import type { PhotoVariantName } from '@yui/db';
import { getPhotoToProcess, markPhotoFailed, markPhotoReady, type PhotoVariants } from '@yui/db/queries/attractions-worker';
import type { FileStorage, StoredFile } from '@yui/storage';
import { PHOTO_JOB_ATTEMPTS } from '../../outbox/event-jobs';
import { JobProcessor, type JobContext } from '../base';
import { exifHasGps } from './exif-gps';

/**
 * The published versions of a photo. The three "inside" ones keep the proportions and are never
 * enlarged; the card is exactly the share-card size (og:image, 1.91:1), cropped around what the
 * picture is about.
 */
export const PHOTO_VARIANTS: ReadonlyArray<{ name: PhotoVariantName; width: number; height: number; fit: 'inside' | 'cover' }> = [
  { name: 'large', width: 1600, height: 1600, fit: 'inside' },
  { name: 'medium', width: 800, height: 800, fit: 'inside' },
  { name: 'thumb', width: 400, height: 400, fit: 'inside' },
  { name: 'card', width: 1200, height: 630, fit: 'cover' },
];

/**
 * Where a version is stored. Storage keys allow no dot (packages/storage: no `..` possible), so there
 * is no `.jpg`; the type travels with the row. The seq is in the key: a version made before the
 * author changed the keep-location choice never shares a name with the one made after.
 */
export const photoVariantKey = (regionId: string, photoId: string, seq: number, variant: PhotoVariantName) =>
  `attractions/${regionId}/${photoId}/${seq}-${variant}`;

export type PhotoResult =
  | { status: 'ready'; hadLocation: boolean; width: number; height: number; variants: PhotoVariants }
  | { status: 'skipped'; reason: 'gone' | 'stale' };

/** The image could not be read: the author has to upload it again, retrying changes nothing. */
class UndecodableImage extends Error {}

/**
 * attractions.photo: makes the published versions of one photo, in the photo's town. JPEG, turned
 * upright (EXIF orientation applied), quality 82. Without keep_location sharp writes no metadata at
 * all — no GPS, no camera, no EXIF block; with it the EXIF (GPS included) is kept on purpose, with
 * the orientation reset to upright. had_location records whether the original carried a position,
 * so the author can be told it was removed.
 *
 * The row is updated only if its process_seq is still the job's: when the author changed the choice
 * meanwhile, this job's files are removed again and the newer job's result stands. Versions of older
 * seqs are removed after the update (best effort: a leftover costs space, never privacy, as nothing
 * points at it). A file that is not an image fails the photo at once; any other failure (the storage
 * away) is retried, and the last try marks the photo failed so the author is not left waiting.
 */
export class ProcessAttractionPhoto extends JobProcessor<'attractions.photo', PhotoResult> {
  readonly name = 'attractions.photo' as const;

  protected async handle({ tenantId, photoId, seq }: JobPayload<'attractions.photo'>, ctx: JobContext): Promise<PhotoResult> {
    const photo = await ctx.inTenant((tx) => getPhotoToProcess(tx, { tenantId, photoId }));
    if (!photo) {
      ctx.log.info({ photoId }, 'photo gone (post or photo deleted); nothing to do');
      return { status: 'skipped', reason: 'gone' };
    }
    if (photo.processSeq !== seq) {
      ctx.log.info({ photoId, seq, current: photo.processSeq }, 'photo changed since this job was queued; the newer job processes it');
      return { status: 'skipped', reason: 'stale' };
    }
    const storage = this.deps.storage;
    const fail = async (error: string) => {
      await ctx.inTenant((tx) => markPhotoFailed(tx, { tenantId, photoId, seq, error }));
    };

    let made: Awaited<ReturnType<typeof makeVariants>>;
    try {
      const stored = await storage.get(photo.originalKey);
      if (!stored) throw new UndecodableImage('the original is not in the storage');
      made = await makeVariants(await readAll(stored), photo.keepLocation);
    } catch (err) {
      const message = (err as Error).message || String(err);
      if (err instanceof UndecodableImage) {
        await fail(message);
        ctx.log.warn({ photoId, err: message }, 'photo cannot be processed; marked failed');
        throw new UnrecoverableError(`photo ${photoId}: ${message}`);
      }
      if (ctx.attempt >= PHOTO_JOB_ATTEMPTS) await fail(`could not be processed: ${message}`);
      throw err;
    }

    const variants: PhotoVariants = {};
    try {
      for (const v of made.variants) {
        const key = photoVariantKey(photo.regionId, photoId, seq, v.name);
        await storage.put(key, v.data, { contentType: 'image/jpeg' });
        variants[v.name] = { key, width: v.width, height: v.height, bytes: v.data.length };
      }
    } catch (err) {
      if (ctx.attempt >= PHOTO_JOB_ATTEMPTS) await fail(`could not be stored: ${(err as Error).message}`);
      throw err;
    }

    const updated = await ctx.inTenant((tx) => markPhotoReady(tx, {
      tenantId, photoId, seq, width: made.width, height: made.height, hadLocation: made.hadLocation, variants,
    }));
    const newKeys = new Set(Object.values(variants).map((v) => v.key));
    if (!updated) {
      ctx.log.info({ photoId, seq }, 'photo changed while processing; dropping this result');
      await removeQuietly(storage, [...newKeys], ctx);
      return { status: 'skipped', reason: 'stale' };
    }
    const older = Object.values(photo.variants).map((v) => v.key).filter((k) => !newKeys.has(k));
    await removeQuietly(storage, older, ctx);

    ctx.log.info({ photoId, seq, hadLocation: made.hadLocation, keepLocation: photo.keepLocation }, 'photo processed');
    return { status: 'ready', hadLocation: made.hadLocation, width: made.width, height: made.height, variants };
  }
}

/** The upright size of the original, whether it carried GPS, and the JPEG of every version. */
export async function makeVariants(original: Buffer, keepLocation: boolean) {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(original).metadata();
  } catch (err) {
    throw new UndecodableImage(`not a readable image: ${(err as Error).message}`);
  }
  if (!meta.width || !meta.height) throw new UndecodableImage('not a readable image: no size');
  // Orientations 5–8 turn the picture a quarter: upright, width and height swap.
  const quarterTurn = (meta.orientation ?? 1) >= 5;
  const width = quarterTurn ? meta.height : meta.width;
  const height = quarterTurn ? meta.width : meta.height;

  const variants: Array<{ name: PhotoVariantName; data: Buffer; width: number; height: number }> = [];
  for (const v of PHOTO_VARIANTS) {
    let pipeline = sharp(original)
      .rotate()
      // A transparent PNG or WebP goes onto white, not JPEG's default black.
      .flatten({ background: '#ffffff' })
      .resize(v.width, v.height, v.fit === 'inside' ? { fit: 'inside', withoutEnlargement: true } : { fit: 'cover', position: sharp.strategy.attention });
    // sharp's default writes no metadata; keeping it is the author's explicit choice.
    if (keepLocation) pipeline = pipeline.keepExif();
    try {
      const { data, info } = await pipeline.jpeg({ quality: 82, mozjpeg: false }).toBuffer({ resolveWithObject: true });
      variants.push({ name: v.name, data, width: info.width, height: info.height });
    } catch (err) {
      throw new UndecodableImage(`could not be converted: ${(err as Error).message}`);
    }
  }
  return { width, height, hadLocation: exifHasGps(meta.exif), variants };
}

async function readAll(file: StoredFile): Promise<Buffer> {
  if (Buffer.isBuffer(file.body)) return file.body;
  const chunks: Buffer[] = [];
  for await (const chunk of file.body as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

async function removeQuietly(storage: FileStorage, keys: string[], ctx: JobContext) {
  for (const key of keys) {
    await storage.delete(key).catch((err: Error) => ctx.log.warn({ key, err: err.message }, 'could not remove an old photo version; left behind'));
  }
}
