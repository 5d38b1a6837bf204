import type { JobPayload } from '@yui/contracts';
import { deleteFileRow, listOrphanFiles, lockOrphanFile } from '@yui/db/queries/community-jobs';
import { JobProcessor, type JobContext } from '../base';

/** Files handled per run; the rest wait for the next night. */
export const FILES_CLEANUP_BATCH = 200;
/** An upload younger than this may still be attached: a post being written, an event being edited. */
export const ORPHAN_FILE_MIN_AGE_MS = 24 * 3_600_000;

export interface CommunityFilesCleanupResult {
  /** Orphans older than a day found (at most FILES_CLEANUP_BATCH). */
  found: number;
  /** Removed from storage and from the database. */
  deleted: number;
  /** Attached, removed or being attached by the time it was locked: left alone. */
  skipped: number;
  failed: number;
  /** A full batch: there may be more for the next run. */
  more: boolean;
}

/**
 * community.files_cleanup: an upload attached to neither a post nor an event (the person uploaded
 * and then never posted, or the post or event let go of it) stays in storage for ever otherwise.
 * Each town removes its own staff's orphans older than a day, the oldest first, one transaction per
 * file: lock the row if it is still an orphan (a post attaching it waits, then finds nothing), delete
 * the stored bytes, delete the row. Bytes first: should the commit fail, the row is still there and
 * the next run tries again, and deleting bytes already gone is not an error. A row without bytes
 * answers 404 to its uploader meanwhile (the file route treats missing bytes as gone).
 */
export class CleanUpCommunityFiles extends JobProcessor<'community.files_cleanup', CommunityFilesCleanupResult> {
  readonly name = 'community.files_cleanup' as const;

  protected async handle({ tenantId }: JobPayload<'community.files_cleanup'>, ctx: JobContext): Promise<CommunityFilesCleanupResult> {
    const { storage } = this.deps;
    const { regionId } = ctx.tenant;
    const before = new Date((this.deps.now?.() ?? new Date()).getTime() - ORPHAN_FILE_MIN_AGE_MS);
    const files = await ctx.inTenant((tx) => listOrphanFiles(tx, { tenantId, regionId, before, limit: FILES_CLEANUP_BATCH }));
    const result: CommunityFilesCleanupResult = { found: files.length, deleted: 0, skipped: 0, failed: 0, more: files.length === FILES_CLEANUP_BATCH };

    for (const { id } of files) {
      try {
        const deleted = await ctx.inTenant(async (tx) => {
          const file = await lockOrphanFile(tx, { tenantId, regionId, id, before });
          if (!file) return false;
          await storage.delete(file.storageKey);
          return deleteFileRow(tx, { regionId, id });
        });
        if (deleted) result.deleted++;
        else result.skipped++;
      } catch (err) {
        result.failed++;
        ctx.log.error({ fileId: id, err: (err as Error).message }, 'orphaned community file not removed');
      }
    }

    ctx.log.info({ ...result, storage: storage.kind }, 'orphaned community files removed');
    if (result.failed) throw new Error(`community files cleanup: ${result.failed} failed (see the log); the rest were removed`);
    return result;
  }
}
