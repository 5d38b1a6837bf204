import { z } from 'zod';
import type { Attraction, ScheduleInput, socialPreview } from '@yui/contracts';
import type { Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import { getPost, regionSlug, type AttractionRow } from '@yui/db/queries/attractions';
import { clearSchedule, getChannelsByIds, listChannels, setSchedule, setUnpublished, type ChannelRow } from '@yui/db/queries/attractions-curation';
import { composeSocialText, countFor } from '@yui/domain';
import { AppError, conflict, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { postOr404, reviewsTown, type AttractionActor, type Reader } from './access';
import { channelView, notCoordinator } from './channels';
import { detailView, publicPostUrl } from './view';

/**
 * Curation of the region's pool by its coordinators: scheduling (when, to which relays, with which
 * text per relay), taking a schedule back, and taking a post down (the coordinators, and the post's
 * own town's reviewers for their town's post).
 *
 * Every change locks the post (FOR UPDATE, after the rights are known: row-level security lets FOR
 * UPDATE see only rows the reader may change, so locking first would turn a 403 into a 404), bumps
 * schedule_seq and, for schedule and take-down, writes the outbox event in the same transaction —
 * in the actor's own town; the relay queues the publish job for the post's town (postTownId).
 * A job carries the seq it was queued with and does nothing once the post has moved on, so a
 * reschedule, an unschedule or a take-down wins over a job already in the queue.
 *
 * Double submits: the same schedule again (same time, relays and texts) changes nothing and emits
 * nothing — also once the worker has published it; unscheduling an approved post and taking down an
 * unpublished one answer the post as it is.
 */

export interface CurationOptions {
  /** YUI_PUBLIC_URL. */
  publicUrl: string;
}

/** A submit time up to this far back still means "now" (the form was opened a moment ago). */
const NOW_SLACK_MS = 5 * 60_000;
/** Nobody plans a post further ahead than a year (a typo in the year, most likely). */
const MAX_AHEAD_MS = 366 * 86_400_000;

/** 地域の魅力 statuses a schedule is set from. */
const SCHEDULE_FROM = ['approved', 'scheduled', 'unpublished'] as const;

/** The post the reader sees, as a coordinator (403 when they are not one), locked and read again. */
async function lockAsCoordinator(tx: Db, actor: AttractionActor, id: string): Promise<{ row: AttractionRow; reader: Reader }> {
  const { reader } = await postOr404(tx, actor, id);
  if (!reader.coordinator) throw notCoordinator();
  const row = await getPost(tx, { regionId: actor.regionId, id, lock: 'update' });
  // Not in the pool (their own town's draft, say): the coordinators' right to change it ends there.
  if (!row) throw conflict({ status: 'not_in_pool' });
  return { row, reader };
}

async function answer(tx: Db, reader: Reader, id: string, opts: CurationOptions): Promise<Attraction> {
  const row = await getPost(tx, { regionId: reader.regionId, id });
  if (!row) throw notFound();
  return detailView(tx, row, { reader, publicUrl: opts.publicUrl });
}

const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];

/** Relay texts as kept: for the chosen relays only, trimmed, an empty one meaning "the composed default". */
function keptTexts(channelIds: readonly string[], texts: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of channelIds) {
    const t = texts[id]?.trim();
    if (t) out[id] = t;
  }
  return out;
}

function sameSchedule(row: AttractionRow, s: { publishAt: Date; channelIds: string[]; socialTexts: Record<string, string> }): boolean {
  if (!row.publishAt || new Date(row.publishAt).getTime() !== s.publishAt.getTime()) return false;
  const a = [...row.channelIds].sort();
  const b = [...s.channelIds].sort();
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) return false;
  const ta = row.socialTexts ?? {};
  const keys = uniq([...Object.keys(ta), ...Object.keys(s.socialTexts)]);
  return keys.every((k) => ta[k] === s.socialTexts[k]);
}

/**
 * The schedule as asked, checked: publishAt from 5 minutes ago ("now") to a year ahead; relays that
 * are active relays of the region; each relay's own text within the relay's limit, counted its way.
 */
async function checkSchedule(
  tx: Db, actor: AttractionActor, body: ScheduleInput, now: Date,
): Promise<{ publishAt: Date; channelIds: string[]; socialTexts: Record<string, string> }> {
  const issues: Record<string, FieldIssue> = {};
  const publishAt = new Date(body.publishAt);
  if (publishAt.getTime() < now.getTime() - NOW_SLACK_MS) issues.publishAt = 'publish_in_past';
  else if (publishAt.getTime() > now.getTime() + MAX_AHEAD_MS) issues.publishAt = 'publish_too_far';

  const channelIds = uniq(body.channelIds);
  const channels = await getChannelsByIds(tx, { regionId: actor.regionId, ids: channelIds });
  const unknown = channelIds.find((id) => !channels.has(id));
  const paused = channelIds.find((id) => channels.get(id)?.active === false);
  if (unknown) issues.channelIds = 'unknown_channel';
  else if (paused) issues.channelIds = 'channel_inactive';

  const socialTexts = keptTexts(channelIds, body.socialTexts);
  for (const [id, text] of Object.entries(socialTexts)) {
    const ch = channels.get(id);
    if (!ch) continue;
    const count = countFor(ch.kind, text);
    if (count > ch.charLimit) {
      issues.socialTexts = { issue: 'over_char_limit', params: { name: ch.name, count, limit: ch.charLimit } };
      break;
    }
  }
  if (Object.keys(issues).length) throw invalid(issues);
  return { publishAt, channelIds, socialTexts };
}

/** POST /attractions/:id/schedule — a coordinator schedules (or reschedules) a pooled post. */
export async function schedulePost(tx: Db, actor: AttractionActor, id: string, body: ScheduleInput, opts: CurationOptions): Promise<Attraction> {
  const { row, reader } = await lockAsCoordinator(tx, actor, id);
  if (row.status !== 'published' && !(SCHEDULE_FROM as readonly string[]).includes(row.status)) throw conflict({ status: 'not_in_pool' });
  const s = await checkSchedule(tx, actor, body, new Date());
  // The same schedule again (a double submit): nothing changes, also once the worker has published it.
  if ((row.status === 'scheduled' || row.status === 'published') && sameSchedule(row, s)) return answer(tx, reader, id, opts);
  if (row.status === 'published') throw conflict({ status: 'already_published' });

  const publishAt = s.publishAt.toISOString();
  const seq = await setSchedule(tx, { id, publishAt, scheduledBy: actor.userId, channelIds: s.channelIds, socialTexts: s.socialTexts });
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'attraction.scheduled', actorId: actor.userId,
    payload: {
      postId: id, title: row.title, postTownId: row.municipalityId, publishAt, seq,
      recipientIds: row.authorId === actor.userId ? [] : [row.authorId],
    },
  });
  return answer(tx, reader, id, opts);
}

/** DELETE /attractions/:id/schedule — back to the pool (approved); the queued job finds a newer seq. */
export async function unschedulePost(tx: Db, actor: AttractionActor, id: string, opts: CurationOptions): Promise<Attraction> {
  const { row, reader } = await lockAsCoordinator(tx, actor, id);
  if (row.status === 'approved') return answer(tx, reader, id, opts);
  if (row.status !== 'scheduled') throw conflict({ status: 'not_scheduled' });
  await clearSchedule(tx, id);
  return answer(tx, reader, id, opts);
}

/**
 * POST /attractions/:id/unpublish — a coordinator, or a reviewer of the post's own town, takes a
 * published (or scheduled) post down. The public page and feeds drop it at once (they show published
 * posts only); the event makes the worker tell the relays it went to, and the author is told.
 */
export async function unpublishPost(
  tx: Db, actor: AttractionActor, id: string, body: { reason: string }, opts: CurationOptions,
): Promise<Attraction> {
  const { row: seen, reader } = await postOr404(tx, actor, id);
  if (!reader.coordinator && !reviewsTown(reader, seen)) throw new AppError(403, 'forbidden', { role: 'not_unpublisher' });
  const row = await getPost(tx, { regionId: actor.regionId, id, lock: 'update' });
  if (!row) throw conflict({ status: 'not_published' });
  if (row.status === 'unpublished') return answer(tx, reader, id, opts);
  if (row.status !== 'published' && row.status !== 'scheduled') throw conflict({ status: 'not_published' });

  const reason = body.reason.trim();
  const seq = await setUnpublished(tx, { id, by: actor.userId, reason });
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'attraction.unpublished', actorId: actor.userId,
    payload: {
      postId: id, title: row.title, postTownId: row.municipalityId, seq, reason,
      recipientIds: row.authorId === actor.userId ? [] : [row.authorId],
    },
  });
  return answer(tx, reader, id, opts);
}

type SocialPreview = z.infer<typeof socialPreview>;

/** The text a relay gets for a post: the coordinator's own, or the composed default cut to the relay's limit. */
export function relayText(row: AttractionRow, ch: Pick<ChannelRow, 'id' | 'kind' | 'charLimit'>, url: string): string {
  const own = row.socialTexts?.[ch.id]?.trim();
  if (own) return own;
  return composeSocialText({
    title: row.title, townName: row.municipalityName, body: row.body, tags: row.tags, url, kind: ch.kind, limit: ch.charLimit,
  });
}

/**
 * GET /attractions/:id/social-preview — per active relay of the region, the text it would get (the
 * coordinator's own for the relay, else the composed default with the public address), counted the
 * relay's way against its limit. The coordinators' (the relays' addresses are theirs to see).
 */
export async function previewSocial(tx: Db, actor: AttractionActor, id: string, opts: CurationOptions): Promise<SocialPreview> {
  const { row, reader } = await postOr404(tx, actor, id);
  if (!reader.coordinator) throw notCoordinator();
  const [channels, slug] = await Promise.all([listChannels(tx, { regionId: actor.regionId, activeOnly: true }), regionSlug(tx, actor.regionId)]);
  const url = publicPostUrl(opts.publicUrl, slug ?? '', row.id);
  return {
    items: channels.map((ch) => {
      const text = relayText(row, ch, url);
      const count = countFor(ch.kind, text);
      return { channel: channelView(ch), text, count, limit: ch.charLimit, over: count > ch.charLimit };
    }),
  };
}
