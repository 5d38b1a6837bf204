import type { JobsOptions } from 'bullmq';
import { eventPayloads, type JobName, type JobPayload } from '@yui/contracts';
import type { JobQueue, RequeueOutcome } from '../queues';

/**
 * Jobs an outbox event implies besides its notifications (outbox.deliver). The relay adds them in
 * the same step as outbox.deliver, inside the event's tenant, before it stamps the event relayed: if
 * any add fails, the event stays pending and the next round adds them all again. Every job has a
 * fixed id, so adding it twice queues it once.
 *
 * BullMQ allows a custom job id with a colon only as exactly three colon-separated parts (the shape
 * of its own repeatable jobs): `attractions.photo:<photoId>:<seq>`, and for publishing the action
 * goes into the first part — `attractions.publish:<postId>:<seq>` / `attractions.unpublish:<postId>:<seq>`.
 */

/** A job ready for JobQueue.add, its payload typed by its name. */
export type QueuedJob = { [N in JobName]: { name: N; data: JobPayload<N>; opts: JobsOptions } }[JobName];

export function addQueuedJob(queue: JobQueue, job: QueuedJob): Promise<void> {
  // The union loses the link between name and payload; JobQueue.add checks the payload against the contract again.
  return (queue.add as (name: JobName, data: unknown, opts?: JobsOptions) => Promise<void>)(job.name, job.data, job.opts);
}

/**
 * The job again even when a finished job of its id is still kept (JobQueue.requeue): for the sweep and
 * for a delivery whose turn came, where the row says the work is not done whatever the queue says.
 */
export function requeueJob(queue: JobQueue, job: QueuedJob): Promise<RequeueOutcome> {
  return (queue.requeue as (name: JobName, data: unknown, opts: JobsOptions & { jobId: string }) => Promise<RequeueOutcome>)(
    job.name, job.data, { ...job.opts, jobId: job.opts.jobId! },
  );
}

/**
 * Finished jobs are kept a while: as long as one exists, adding its id again is a no-op (requeueJob
 * is the way to run one again).
 */
const KEEP: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * A photo is tried three times (the storage may be away a moment); an image that cannot be decoded
 * fails at once (UnrecoverableError) and the last try marks the photo failed.
 */
export const PHOTO_JOB_ATTEMPTS = 3;

export const photoJobId = (photoId: string, seq: number) => `attractions.photo:${photoId}:${seq}`;

export function photoJob(tenantId: string, photoId: string, seq: number): QueuedJob {
  return {
    name: 'attractions.photo',
    data: { tenantId, photoId, seq },
    opts: { jobId: photoJobId(photoId, seq), attempts: PHOTO_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 5_000 }, ...KEEP },
  };
}

export const publishJobId = (postId: string, seq: number, action: 'publish' | 'unpublish') => `attractions.${action}:${postId}:${seq}`;

/**
 * Publishing writes only to the database and the queue; a failure (the database away) is retried.
 * `delay` holds a scheduled post until its time; the sweep publishes one whose delayed job was lost.
 */
export function publishJob(tenantId: string, postId: string, seq: number, action: 'publish' | 'unpublish', delayMs = 0): QueuedJob {
  return {
    name: 'attractions.publish',
    data: { tenantId, postId, seq, action },
    opts: {
      jobId: publishJobId(postId, seq, action), attempts: 5, backoff: { type: 'exponential', delay: 5_000 },
      ...(delayMs > 0 ? { delay: delayMs } : {}), ...KEEP,
    },
  };
}

/** How a relay delivery is retried: YUI_WEBHOOK_ATTEMPTS tries, exponential from YUI_WEBHOOK_BACKOFF_MS. */
export interface WebhookRetry {
  attempts: number;
  backoffMs: number;
}

/** Job id = publication id: one delivery job per publication, whoever queues it (publish job, sweep). */
export function deliverJob(tenantId: string, publicationId: string, retry: WebhookRetry): QueuedJob {
  return {
    name: 'attractions.deliver',
    data: { tenantId, publicationId },
    opts: { jobId: publicationId, attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs }, ...KEEP },
  };
}

export interface RelayedEvent {
  id: string;
  /** The event's tenant (the town it was written in). */
  tenantId: string;
  type: string;
  payload: unknown;
}

/**
 * The jobs `event` implies, besides outbox.deliver. `now` measures the delay of a scheduled post.
 * An event whose payload does not match its contract implies nothing here (outbox.deliver fails it
 * for good and says why).
 */
export function jobsForEvent(event: RelayedEvent, now: Date): QueuedJob[] {
  switch (event.type) {
    case 'attraction.photo_uploaded': {
      const p = eventPayloads['attraction.photo_uploaded'].safeParse(event.payload);
      // The photo belongs to the town that uploaded it: the event's tenant.
      return p.success ? [photoJob(event.tenantId, p.data.photoId, p.data.seq)] : [];
    }
    case 'attraction.scheduled': {
      const p = eventPayloads['attraction.scheduled'].safeParse(event.payload);
      if (!p.success) return [];
      // The coordinator (any town) scheduled it; the post's own town publishes it.
      const delay = Math.max(0, Date.parse(p.data.publishAt) - now.getTime());
      return [publishJob(p.data.postTownId, p.data.postId, p.data.seq, 'publish', delay)];
    }
    case 'attraction.unpublished': {
      const p = eventPayloads['attraction.unpublished'].safeParse(event.payload);
      return p.success ? [publishJob(p.data.postTownId, p.data.postId, p.data.seq, 'unpublish')] : [];
    }
    default:
      return [];
  }
}
