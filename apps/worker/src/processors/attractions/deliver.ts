import { UnrecoverableError } from 'bullmq';
import { webhookBody, type JobPayload, type WebhookBody } from '@yui/contracts';
import {
  getPlaceNames, getPublicationToDeliver, getRelayTurn, listNextToRelay, listReadyPhotos, markPublicationDelivered,
  markPublicationSuperseded, recordPublicationFailure, type PublicationToDeliver,
} from '@yui/db/queries/attractions-worker';
import { deliverJob, requeueJob } from '../../outbox/event-jobs';
import { DEFAULT_WEBHOOK_SETTINGS, JobProcessor, type JobContext, type WebhookSettings } from '../base';
import { publicPostUrl } from './publish';
import { sign } from './signature';

export type DeliverPublicationResult =
  | { sent: true; status: number }
  /**
   * Nothing sent: already delivered or given up, gone; superseded (a publish by a take-down or
   * reschedule, a take-down by a newer publish that reached the relay); the relay paused; an earlier
   * version still on the relay (its take-down did not go through) — all given up now; or waiting
   * for an earlier delivery to the same relay (sent when that one is settled).
   */
  | { sent: false; reason: 'gone' | 'delivered' | 'failed' | 'not_a_relay' | 'superseded' | 'paused' | 'earlier_version_held' | 'waiting' };

/** The public address of a photo's large version (published posts only; the API serves it). */
export const publicPhotoUrl = (publicUrl: string, regionSlug: string, photoId: string, seq: number) =>
  `${publicUrl.replace(/\/+$/, '')}/api/attractions/public/${encodeURIComponent(regionSlug)}/photos/${photoId}/large?v=${seq}`;

/** What a relay answered that is worth keeping for the publication log: the status and the start of the body. */
const answerText = (status: number, body: string) => {
  const head = body.replace(/\s+/g, ' ').trim().slice(0, 300);
  const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
  return `HTTP ${status}${redirect}${head ? `: ${head}` : ''}`;
};

/**
 * attractions.deliver: sends one publication to its relay, in the post's town. POST of the JSON
 * `webhookBody` (contracts), signed (X-Yui-Signature, signature.ts) with the relay's secret, the
 * publication id as X-Yui-Delivery (the same on every try: relays drop repeats by it).
 *
 * A 2xx answer marks it delivered — a guarded UPDATE (… where status = 'pending'), and a delivered
 * publication is never sent again, whoever queues its job again. Anything else counts as a failed try
 * (attempts + 1, the status and the start of the answer kept) and the job is retried with backoff; a
 * redirect is a failure too, never followed (the address the coordinator set is where the post goes).
 * The last try (YUI_WEBHOOK_ATTEMPTS) marks it failed. The request is sent outside any transaction;
 * its result is written in one of its own.
 *
 * One relay, one post: its deliveries go out one at a time, in log order — by seq, and within a seq
 * the take-down before the publish (publishing writes a take-down ahead of itself for a relay that
 * still shows an earlier version). Only the next in line is queued (by publishing, by the sweep);
 * when it is settled — delivered, or given up — this job queues the one after it. So a take-down
 * retrying with backoff is never overtaken by the publish after it, nor a publish in flight by the
 * take-down after it. Should a delivery run anyway while an earlier one is pending, it is not sent
 * and its job ends ('waiting'); the earlier one queues it again when settled (the sweep too).
 * Not sent at all, given up with the reason in the log:
 *  - a 'publish' whose post was taken down or rescheduled first (no longer published at its seq);
 *  - a 'publish' to a relay still showing an earlier version of the post because that version's
 *    take-down failed: sending it would show the post twice (a coordinator can take the post down
 *    and publish it again once the relay answers);
 *  - a take-down once a 'publish' of its seq or later reached the relay: it would remove the live
 *    post. With the order above that does not happen; this is the guard;
 *  - anything to a relay paused since it was queued: a paused relay gets nothing. A coordinator can
 *    publish the post again once it is back (a take-down it missed is then sent first).
 */
export class DeliverPublication extends JobProcessor<'attractions.deliver', DeliverPublicationResult> {
  readonly name = 'attractions.deliver' as const;

  protected async handle({ tenantId, publicationId }: JobPayload<'attractions.deliver'>, ctx: JobContext): Promise<DeliverPublicationResult> {
    const settings = this.deps.webhook ?? DEFAULT_WEBHOOK_SETTINGS;
    const found = await ctx.inTenant(async (tx) => {
      const pub = await getPublicationToDeliver(tx, { tenantId, publicationId });
      if (!pub || pub.status !== 'pending' || !pub.channel) return { pub };
      const turn = await getRelayTurn(tx, { tenantId, publicationId });
      const names = await getPlaceNames(tx, { regionId: pub.regionId, municipalityId: tenantId });
      const photos = await listReadyPhotos(tx, { tenantId, postId: pub.postId });
      return { pub, turn, names, photos };
    });
    const { pub } = found;
    if (!pub) {
      ctx.log.info({ publicationId }, 'publication gone; nothing to send');
      return { sent: false, reason: 'gone' };
    }
    if (pub.status !== 'pending') return { sent: false, reason: pub.status };
    if (!pub.channel) return { sent: false, reason: 'not_a_relay' };
    const turn = found.turn!;

    const giveUp = async (reason: 'superseded' | 'paused' | 'earlier_version_held', why: string): Promise<DeliverPublicationResult> => {
      await ctx.inTenant((tx) => markPublicationSuperseded(tx, { tenantId, publicationId, reason: why }));
      ctx.log.info({ publicationId, action: pub.action, postStatus: pub.post.status, reason }, 'publication not sent');
      await this.nextInLine(pub, ctx, settings);
      return { sent: false, reason };
    };
    if (!pub.channel.active) return giveUp('paused', 'not sent: the relay was paused');
    if (pub.action === 'publish' && (pub.post.status !== 'published' || pub.post.scheduleSeq !== pub.scheduleSeq)) {
      return giveUp('superseded', 'not sent: the post was taken down or rescheduled first');
    }
    if (pub.action === 'unpublish' && turn.newerPublishDelivered) {
      return giveUp('superseded', 'not sent: the post went out to this relay again since');
    }
    if (turn.earlierPending > 0) {
      ctx.log.info({ publicationId, action: pub.action, earlier: turn.earlierPending }, 'publication waits for an earlier one to the same relay');
      return { sent: false, reason: 'waiting' };
    }
    if (pub.action === 'publish' && turn.olderVersionHeld) {
      return giveUp('earlier_version_held', 'not sent: the relay still shows an earlier version of the post (its take-down did not go through)');
    }
    if (!found.names) throw new Error(`attractions: town ${tenantId} has no region ${pub.regionId}`);

    const body = JSON.stringify(composeWebhookBody(pub, found.names, found.photos ?? [], this.deps.publicUrl));
    const channel = pub.channel;
    // Signed with the real clock: the relay checks the time against its own.
    const signature = sign(channel.secret, body, Date.now() / 1000);
    const final = ctx.attempt >= settings.attempts;

    let status: number | null = null;
    let error: string;
    try {
      const res = await fetch(channel.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Yui-Webhook/1',
          'x-yui-event': `attraction.${pub.action}`,
          'x-yui-delivery': pub.id,
          'x-yui-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      status = res.status;
      const answer = await res.text().catch(() => '');
      if (res.status >= 200 && res.status < 300) {
        const marked = await ctx.inTenant((tx) => markPublicationDelivered(tx, { tenantId, publicationId, responseStatus: res.status }));
        ctx.log.info({ publicationId, channel: channel.id, status: res.status, attempt: ctx.attempt, marked }, 'publication delivered');
        await this.nextInLine(pub, ctx, settings);
        return { sent: true, status: res.status };
      }
      error = answerText(res.status, answer);
    } catch (err) {
      const e = err as Error;
      error = e.name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : `${e.message}${e.cause ? `: ${(e.cause as Error).message ?? e.cause}` : ''}`;
    }

    await ctx.inTenant((tx) => recordPublicationFailure(tx, { tenantId, publicationId, responseStatus: status, error, final }));
    ctx.log.warn({ publicationId, channel: channel.id, status, attempt: ctx.attempt, final, err: error }, final ? 'publication failed for good' : 'publication failed; will retry');
    if (final) {
      await this.nextInLine(pub, ctx, settings);
      throw new UnrecoverableError(`relay ${channel.id}: ${error}`);
    }
    throw new Error(`relay ${channel.id}: ${error}`);
  }

  /**
   * A delivery was settled (delivered, given up): the next one of the post to the same relay is queued
   * (requeue: a job of its id that ended waiting is restarted). After the commit, so it finds this
   * one settled. Should that fail (the queue away), the sweep queues it after two minutes.
   */
  private async nextInLine(pub: PublicationToDeliver, ctx: JobContext, settings: WebhookSettings): Promise<void> {
    const queue = this.deps.queue;
    if (!queue || !pub.channel) return;
    const { tenantId } = ctx.tenant;
    try {
      const next = await ctx.inTenant((tx) => listNextToRelay(tx, { tenantId, postId: pub.postId, channelId: pub.channel!.id }));
      for (const id of next) await requeueJob(queue, deliverJob(tenantId, id, settings));
    } catch (err) {
      ctx.log.warn({ publicationId: pub.id, err: (err as Error).message }, 'could not queue the next deliveries to the relay; the sweep will');
    }
  }
}

/** The body a relay receives; checked against the contract, so a relay never sees a shape it was not promised. */
export function composeWebhookBody(
  pub: PublicationToDeliver, names: { regionSlug: string; townName: string }, photos: Array<{ id: string; processSeq: number }>, publicUrl: string,
): WebhookBody {
  const channel = pub.channel!;
  return webhookBody.parse({
    id: pub.id,
    event: `attraction.${pub.action}`,
    sentAt: new Date().toISOString(),
    channel: { id: channel.id, name: channel.name, kind: channel.kind },
    post: {
      id: pub.postId,
      url: publicPostUrl(publicUrl, names.regionSlug, pub.postId),
      title: pub.post.title,
      text: pub.text,
      category: pub.post.category,
      town: names.townName,
      tags: pub.post.tags,
      images: photos.map((p) => publicPhotoUrl(publicUrl, names.regionSlug, p.id, p.processSeq)),
      eventStartsOn: pub.post.eventStartsOn,
      eventEndsOn: pub.post.eventEndsOn,
    },
  });
}
