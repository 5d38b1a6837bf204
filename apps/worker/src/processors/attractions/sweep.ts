import type { JobPayload } from '@yui/contracts';
import { listOverdueScheduledPosts, listPostsToTakeDown, listStalePendingPublications, listStuckPhotos } from '@yui/db/queries/attractions-worker';
import { deliverJob, photoJob, requeueJob } from '../../outbox/event-jobs';
import { DEFAULT_WEBHOOK_SETTINGS, JobProcessor, type JobContext } from '../base';
import { carryOutSchedule, type PublishOutcome } from './publish';

/** A scheduled post this long past its time without its job having run is published by the sweep. */
export const SWEEP_PUBLISH_GRACE_MS = 60_000;
/** A relay delivery pending and untouched this long has its job queued again (a no-op while it is queued). */
export const SWEEP_DELIVERY_AFTER_MS = 2 * 60_000;
/** A post that is not public, untouched this long while relays may still show it, has its take-down carried out. */
export const SWEEP_TAKEDOWN_AFTER_MS = 2 * 60_000;
/** A photo processing this long has its job queued again. */
export const SWEEP_PHOTO_AFTER_MS = 10 * 60_000;
const BATCH = 100;

export interface SweepResult {
  /** Overdue scheduled posts and what carrying out their schedule did. */
  published: Array<{ postId: string; outcome: PublishOutcome }>;
  /** Posts not public that relays may still show, and what carrying out their take-down did. */
  takenDown: Array<{ postId: string; outcome: PublishOutcome }>;
  /** Pending relay deliveries whose job was queued again. */
  deliveries: string[];
  /** Photos whose job was queued again. */
  photos: string[];
}

/**
 * attractions.sweep, per town every 5 minutes: the safety net of publishing, for what a lost job
 * (a queue flushed or restored from a backup, a delayed job fired while the clocks disagreed) would
 * otherwise leave undone for good.
 *
 *  - scheduled posts more than a minute past their time: their schedule is carried out here, as the
 *    publish job would (carryOutSchedule: the same lock and seq check, so whichever comes second does
 *    nothing). Done directly rather than by re-adding the job: a job that already ran — early, say —
 *    keeps its id for a week, and adding it again would change nothing;
 *  - posts not public (taken down, back in the pool, scheduled again) that a relay may still show
 *    with no take-down sent to it: the take-down is carried out as the take-down job would — its job
 *    was lost, or came after a reschedule (see carryOutSchedule);
 *  - relay deliveries pending for two minutes: their job (id = publication id) is queued again;
 *  - photos processing for ten minutes: likewise, with the photo's current seq.
 *
 * "Queued again" is JobQueue.requeue: nothing while the job waits for its next try or runs, a fresh
 * start when it was lost — and also when BullMQ holds it as finished (failed after its tries without
 * the row being settled: the database away on the last one, a job stalled too often; or completed
 * while waiting for an earlier delivery to its relay). Adding the id again would be a no-op then,
 * for as long as BullMQ keeps the finished job (days), and the row would stay pending.
 */
export class SweepAttractions extends JobProcessor<'attractions.sweep', SweepResult> {
  readonly name = 'attractions.sweep' as const;

  protected async handle({ tenantId }: JobPayload<'attractions.sweep'>, ctx: JobContext): Promise<SweepResult> {
    const queue = this.deps.queue;
    if (!queue) throw new Error('attractions.sweep needs the queue (ProcessorDeps.queue)');
    const now = (this.deps.now?.() ?? new Date()).getTime();
    const webhook = this.deps.webhook ?? DEFAULT_WEBHOOK_SETTINGS;

    const { overdue, notPublic } = await ctx.inTenant(async (tx) => ({
      overdue: await listOverdueScheduledPosts(tx, { tenantId, dueBefore: new Date(now - SWEEP_PUBLISH_GRACE_MS), limit: BATCH }),
      notPublic: await listPostsToTakeDown(tx, { tenantId, before: new Date(now - SWEEP_TAKEDOWN_AFTER_MS), limit: BATCH }),
    }));

    // Each locks its post and looks again, so a job running at the same moment makes one of them a no-op.
    const takenDown: SweepResult['takenDown'] = [];
    for (const post of notPublic) {
      const r = await carryOutSchedule(this.deps, ctx, { postId: post.id, seq: post.scheduleSeq, action: 'unpublish' });
      takenDown.push({ postId: post.id, outcome: r.outcome });
    }
    const published: SweepResult['published'] = [];
    for (const post of overdue) {
      const r = await carryOutSchedule(this.deps, ctx, { postId: post.id, seq: post.scheduleSeq, action: 'publish' });
      published.push({ postId: post.id, outcome: r.outcome });
    }

    // Read after the schedules above, which may have queued deliveries of their own (requeue leaves those be).
    const { pending, stuck } = await ctx.inTenant(async (tx) => ({
      pending: await listStalePendingPublications(tx, { tenantId, before: new Date(now - SWEEP_DELIVERY_AFTER_MS), limit: BATCH }),
      stuck: await listStuckPhotos(tx, { tenantId, before: new Date(now - SWEEP_PHOTO_AFTER_MS), limit: BATCH }),
    }));
    for (const id of pending) await requeueJob(queue, deliverJob(tenantId, id, webhook));
    for (const photo of stuck) await requeueJob(queue, photoJob(tenantId, photo.id, photo.processSeq));

    if (overdue.length || notPublic.length || pending.length || stuck.length) {
      ctx.log.info(
        { overdue: overdue.length, takenDown: notPublic.length, deliveries: pending.length, photos: stuck.length },
        'attractions sweep picked up leftovers',
      );
    }
    return { published, takenDown, deliveries: pending, photos: stuck.map((p) => p.id) };
  }
}
