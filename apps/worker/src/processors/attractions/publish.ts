import type { JobPayload } from '@yui/contracts';
import { publicPostPath } from '@yui/domain/attractions';
import { composeSocialText } from '@yui/domain/social';
import {
  getPlaceNames, insertPublications, listActiveChannels, listChannelsToTakeDown, listPendingPublicationIds, lockPostToPublish,
  setPostPublished, type NewPublication,
} from '@yui/db/queries/attractions-worker';
import { emitEvent } from '@yui/db/queries/outbox';
import { addQueuedJob, deliverJob } from '../../outbox/event-jobs';
import { DEFAULT_WEBHOOK_SETTINGS, JobProcessor, type JobContext, type ProcessorDeps } from '../base';

/** A delayed job may fire a moment before the database's idea of publish_at (clocks differ a little). */
export const PUBLISH_EARLY_MS = 5_000;

export type PublishOutcome =
  /** Done now: the post's status changed (publish) and the log was written. */
  | 'published' | 'unpublished'
  /**
   * A take-down whose seq has moved on (rescheduled, back in the pool, taken down again) while relays
   * still showed the post: they were told to take it down, at the post's current seq.
   */
  | 'retracted'
  /** This schedule was already carried out (a retry, the sweep): only its pending deliveries are queued again. */
  | 'already'
  /** Nothing to do: the post is gone, at another seq (rescheduled, unscheduled, taken down), or not due yet. */
  | 'gone' | 'stale' | 'not_due';

export interface PublishResult {
  outcome: PublishOutcome;
  /** Relay deliveries queued (new, or still pending from an earlier run). */
  queued: string[];
}

/** `${publicUrl}/visit/<region>/<id>`: the address of the post's public page, joined as a string so a path prefix stays. */
export const publicPostUrl = (publicUrl: string, regionSlug: string, postId: string) =>
  `${publicUrl.replace(/\/+$/, '')}${publicPostPath(regionSlug, postId)}`;

/**
 * Carries out one schedule of one post, in the post's town (`ctx` is that town's job context): the
 * publish job and the sweep both come here.
 *
 * One transaction with the post locked. 'publish' needs the post still scheduled at `seq` and due
 * (publish_at at most PUBLISH_EARLY_MS ahead); it becomes published, the log gets the region's own
 * page and feeds (delivered at once) and one pending row per chosen relay that is still active, with
 * the text the coordinator wrote for it or the composed default, and the author is told
 * (attraction.published, with the public address). 'unpublish' needs the post taken down at `seq`
 * (the API changed the status); the log gets the region's page and one pending row per relay that
 * had been sent the post (or was about to be).
 *
 * A relay never shows the post twice, and never hears "take down" after the post went out to it
 * again. Two rules keep it so:
 *  - take-downs are written wherever a relay may still show a post that is not public, at the post's
 *    current seq: by the take-down job; by a take-down job that comes late, after a reschedule or an
 *    unschedule (its seq moved on, but nothing else would tell the relays — the post may stay in the
 *    pool for weeks); by publishing, ahead of its own rows, for relays that still show an earlier
 *    version (a take-down lost, failed, or never written); and by the sweep for a lost job. Once the
 *    post is public again at a later seq a late take-down job does nothing: that publish already did it;
 *  - the deliver job sends a post's deliveries to one relay one at a time, in log order (by seq, the
 *    take-down before the publish within one): see deliver.ts.
 *
 * The log is unique per (post, relay, action, seq): a second run — a retry, the sweep at the same
 * moment — inserts nothing and emits nothing, and only queues the still-pending deliveries again,
 * which is a no-op for a job id (= publication id) already on the queue. The deliveries are queued
 * after the commit, so a delivery never looks for a row that is not there yet; if queueing fails the
 * job is retried (and the sweep re-queues pending deliveries in any case).
 */
export async function carryOutSchedule(
  deps: ProcessorDeps, ctx: JobContext, { postId, seq, action }: { postId: string; seq: number; action: 'publish' | 'unpublish' },
): Promise<PublishResult> {
  const { tenantId } = ctx.tenant;
  const queue = deps.queue;
  if (!queue) throw new Error('attractions: publishing needs the queue (ProcessorDeps.queue)');
  const now = deps.now?.() ?? new Date();

  const result = await ctx.inTenant(async (tx): Promise<{ outcome: PublishOutcome; pending: string[] }> => {
    const post = await lockPostToPublish(tx, { tenantId, postId });
    if (!post) return { outcome: 'gone', pending: [] };
    const pending = () => listPendingPublicationIds(tx, { tenantId, postId, seq: post.scheduleSeq });
    // Relays that may still show an earlier version get a take-down at the current seq (once: the log is unique).
    const takeDownRows = async (): Promise<NewPublication[]> =>
      (await listChannelsToTakeDown(tx, { tenantId, postId })).map((r) => ({ channelId: r.channelId, text: r.text, delivered: false }));

    if (action === 'publish') {
      if (post.scheduleSeq !== seq) return { outcome: 'stale', pending: [] };
      if (post.status === 'published') return { outcome: 'already', pending: await pending() };
      if (post.status !== 'scheduled') return { outcome: 'stale', pending: [] };
      if (!post.publishAt || post.publishAt.getTime() > now.getTime() + PUBLISH_EARLY_MS) return { outcome: 'not_due', pending: [] };

      const names = await getPlaceNames(tx, { regionId: post.regionId, municipalityId: tenantId });
      if (!names) throw new Error(`attractions: town ${tenantId} has no region ${post.regionId}`);
      const url = publicPostUrl(deps.publicUrl, names.regionSlug, postId);
      const channels = await listActiveChannels(tx, { regionId: post.regionId, ids: post.channelIds });
      const rows: NewPublication[] = [
        { channelId: null, text: '', delivered: true },
        ...channels.map((c) => ({
          channelId: c.id,
          text: post.socialTexts[c.id]?.trim()
            ? post.socialTexts[c.id]!
            : composeSocialText({ title: post.title, townName: names.townName, body: post.body, tags: post.tags, url, kind: c.kind, limit: c.charLimit }),
          delivered: false,
        })),
      ];
      await setPostPublished(tx, { tenantId, postId, seq, at: now });
      // First the take-downs of an earlier version still out there, then this version.
      await insertPublications(tx, { tenantId, regionId: post.regionId, postId, action: 'unpublish', seq, rows: await takeDownRows() });
      await insertPublications(tx, { tenantId, regionId: post.regionId, postId, action, seq, rows });
      await emitEvent(tx, {
        tenantId, type: 'attraction.published', payload: { postId, title: post.title, recipientIds: [post.authorId], url },
      });
      return { outcome: 'published', pending: await pending() };
    }

    // Public again (at a later seq): that publish told the relays still showing the old version first.
    if (post.status === 'published') return { outcome: 'stale', pending: [] };
    if (post.scheduleSeq === seq && post.status === 'unpublished') {
      const created = await insertPublications(tx, {
        tenantId, regionId: post.regionId, postId, action, seq, rows: [{ channelId: null, text: '', delivered: true }, ...await takeDownRows()],
      });
      return { outcome: created.length > 0 ? 'unpublished' : 'already', pending: await pending() };
    }
    // The seq moved on (rescheduled, back in the pool, taken down again) before this job ran — or the
    // sweep found relays still showing a post that is not public — and the post is not public. The
    // relays it went to must still drop it now, not when (or if) it goes out again: at the current
    // seq, so a later publish finds them told and a later take-down adds nothing for them.
    if (post.scheduleSeq < seq) return { outcome: 'stale', pending: [] };
    if (post.status !== 'approved' && post.status !== 'scheduled' && post.status !== 'unpublished') return { outcome: 'stale', pending: [] };
    const created = await insertPublications(tx, {
      tenantId, regionId: post.regionId, postId, action, seq: post.scheduleSeq, rows: await takeDownRows(),
    });
    return { outcome: created.length > 0 ? 'retracted' : 'stale', pending: await pending() };
  });

  const webhook = deps.webhook ?? DEFAULT_WEBHOOK_SETTINGS;
  for (const id of result.pending) await addQueuedJob(queue, deliverJob(tenantId, id, webhook));
  const level = result.outcome === 'published' || result.outcome === 'unpublished' || result.outcome === 'retracted' ? 'info' : 'debug';
  ctx.log[level]({ postId, seq, action, outcome: result.outcome, queued: result.pending.length }, 'attraction schedule');
  return { outcome: result.outcome, queued: result.pending };
}

/**
 * attractions.publish: one schedule of one post of the job's town (queued by the relay for
 * attraction.scheduled, delayed until publish_at, and attraction.unpublished). See carryOutSchedule.
 */
export class PublishAttraction extends JobProcessor<'attractions.publish', PublishResult> {
  readonly name = 'attractions.publish' as const;

  protected async handle({ postId, seq, action }: JobPayload<'attractions.publish'>, ctx: JobContext): Promise<PublishResult> {
    const r = await carryOutSchedule(this.deps, ctx, { postId, seq, action });
    if (r.outcome === 'stale' || r.outcome === 'gone' || r.outcome === 'not_due') {
      ctx.log.info({ postId, seq, action, outcome: r.outcome }, 'schedule no longer current; nothing done');
    }
    return r;
  }
}
