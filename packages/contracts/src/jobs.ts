import { z } from 'zod';

/** Every job carries its tenant and runs inside that tenant's context. */
const tenantJob = z.object({ tenantId: z.uuid() });

export const QUEUE_NAME = 'yui';

export const jobPayloads = {
  /** Deliver one outbox event: notifications + e-mail. The job id is the event id, so it runs once. */
  'outbox.deliver': tenantJob.extend({ eventId: z.uuid() }),
  /**
   * 20%ルール reminders for one municipality: requests still pending after the policy's N working days
   * (to the approver, at most once per N working days) and approved requests whose actual hours are
   * missing N days after the date (to the requester, once). Scheduled per tenant by the worker
   * (scheduler id `time.reminders:<tenantId>`, weekdays 09:00 Asia/Tokyo by default); safe to run
   * twice, each reminder is stamped on its request in the transaction that emits it.
   */
  'time.reminders': tenantJob,
  /**
   * The daily community digest for one municipality's staff: one mail per person who chose
   * "digest" in at least one community, listing the new posts there since the last one. Scheduled
   * per tenant (`community.digest:<tenantId>`, daily 07:30 Asia/Tokyo); once per person and day
   * (community_digest_runs), so a second run or a second worker sends nothing.
   */
  'community.digest': tenantJob,
  /**
   * The day-before reminder for community events: the town's staff registered for an event that
   * starts tomorrow (Japan time) get a notification, stamped on the registration (once).
   * Scheduled per tenant (`community.event_reminders:<tenantId>`, daily 12:00 Asia/Tokyo).
   */
  'community.event_reminders': tenantJob,
  /**
   * Removes attachments the town's staff uploaded to a community but never attached to a post or an
   * event (post_id and event_id both null) more than 24 hours ago: the stored bytes first, then the
   * row, at most 200 per run (the oldest first; the rest on the next run). Scheduled per tenant
   * (`community.files_cleanup:<tenantId>`, daily 03:00 Asia/Tokyo); safe to run twice, a file
   * already gone from storage is simply forgotten.
   */
  'community.files_cleanup': tenantJob,
  /**
   * 職場応援 deadlines for the calls one municipality posted: open calls whose 募集締切日 has passed
   * (Japan date) become 締切 and their poster and contact are told (help.call_closed); closed calls
   * whose last work day has passed become 終了. Each call changes once (a guarded UPDATE), so a second
   * run or a second worker does nothing. Scheduled per tenant (`help.deadlines:<tenantId>`, daily
   * 00:10 Asia/Tokyo).
   */
  'help.deadlines': tenantJob,
  /**
   * 職員サポート制度: keeps the pairs of the programmes one municipality runs alive. An active pair with
   * no session held for the programme's nudge weeks (counted from its start when none yet) and none planned
   * ahead → both are nudged once (mentoring.nudge); for the escalation weeks → the programme's admins are told once
   * (mentoring.stalled, one notice per programme); the mid-point and the last two weeks of a pair →
   * both are asked for the survey once (mentoring.survey_due). A session held clears the stamps.
   * Each stamp is a guarded UPDATE, so a second run or a second worker does nothing. Scheduled per
   * tenant (`mentoring.keepalive:<tenantId>`, daily 08:30 Asia/Tokyo).
   */
  'mentoring.keepalive': tenantJob,
  /**
   * 地域の魅力: makes the resized versions of one photo (large 1600, medium 800, thumb 400 px wide,
   * card 1200×630 for share cards), turned upright, as JPEG, without metadata — unless the author
   * keeps the location on purpose, then EXIF (with GPS) stays. Records whether the original carried
   * GPS. Queued by the relay for `attraction.photo_uploaded` (job id `attractions.photo:<photoId>:<seq>`; keys
   * `attractions/<regionId>/<photoId>/<seq>-<variant>`, storage keys take no dot);
   * a job for an older seq does nothing.
   */
  'attractions.photo': tenantJob.extend({ photoId: z.uuid(), seq: z.number().int() }),
  /**
   * Publishes (or takes down) one post of the tenant's town at its scheduled time: queued by the relay
   * for `attraction.scheduled` (delayed until publishAt; job id `attractions.publish:<postId>:<seq>`)
   * and `attraction.unpublished` (at once; `attractions.unpublish:<postId>:<seq>` — BullMQ takes a custom id
   * with colons only in three parts). Does nothing unless the post is still at that seq (a reschedule or an
   * unpublish bumps it). Writes the publication log (the region's page and feeds; one row per relay)
   * and queues `attractions.deliver` for each relay.
   */
  'attractions.publish': tenantJob.extend({ postId: z.uuid(), seq: z.number().int(), action: z.enum(['publish', 'unpublish']) }),
  /**
   * Sends one publication to its relay: POST JSON signed with HMAC-SHA256 (X-Yui-Signature), the
   * publication id as X-Yui-Delivery. Job id = publication id; retried with exponential backoff; a
   * publication already delivered is never sent again.
   */
  'attractions.deliver': tenantJob.extend({ publicationId: z.uuid() }),
  /**
   * The safety net of publishing for one town, every 5 minutes: scheduled posts past their time that
   * were not published (a lost delayed job), relay deliveries still pending, photos stuck in processing.
   */
  'attractions.sweep': tenantJob,
} as const;
export type JobName = keyof typeof jobPayloads;
export type JobPayload<N extends JobName> = z.infer<(typeof jobPayloads)[N]>;
export const jobNames = Object.keys(jobPayloads) as JobName[];
