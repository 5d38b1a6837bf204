import type { Sql } from '@yui/db';
import type { Logger } from '../logger';
import type { JobQueue } from '../queues';
import { createPerTenantScheduler, perTenantSchedulerId, RETRYING_JOB_OPTS, type PerTenantJob, type PerTenantScheduler } from './per-tenant';

/** 目的別コミュニティ's daily jobs, per town, in Asia/Tokyo. */
export const COMMUNITY_DIGEST_CRON = '30 7 * * *';
export const COMMUNITY_EVENT_REMINDERS_CRON = '0 12 * * *';
/** At night, outside office hours (uploads younger than a day are left alone anyway). */
export const COMMUNITY_FILES_CLEANUP_CRON = '0 3 * * *';

/**
 * The digest and the reminders are once-per-person-and-day (digest runs, reminder stamps) and the
 * files cleanup is idempotent, so a failed run is simply tried again.
 */
export const COMMUNITY_JOB_OPTS = RETRYING_JOB_OPTS;

export const communityDigestSchedulerId = (tenantId: string) => perTenantSchedulerId('community.digest', tenantId);
export const communityEventRemindersSchedulerId = (tenantId: string) => perTenantSchedulerId('community.event_reminders', tenantId);
export const communityFilesCleanupSchedulerId = (tenantId: string) => perTenantSchedulerId('community.files_cleanup', tenantId);

export interface CommunitySchedulerOptions {
  sql: Sql;
  queue: JobQueue;
  log: Logger;
  /** Tests fire them more often; the process uses the defaults. */
  digestPattern?: string;
  eventRemindersPattern?: string;
  filesCleanupPattern?: string;
  everyMs?: number;
}

/**
 * Keeps, per municipality, `community.digest:<tenantId>` (daily 07:30),
 * `community.event_reminders:<tenantId>` (daily 12:00) and `community.files_cleanup:<tenantId>`
 * (daily 03:00) on the queue.
 */
export function createCommunityScheduler(opts: CommunitySchedulerOptions): PerTenantScheduler {
  const jobs: PerTenantJob[] = [
    { name: 'community.digest', pattern: opts.digestPattern ?? COMMUNITY_DIGEST_CRON, opts: COMMUNITY_JOB_OPTS },
    { name: 'community.event_reminders', pattern: opts.eventRemindersPattern ?? COMMUNITY_EVENT_REMINDERS_CRON, opts: COMMUNITY_JOB_OPTS },
    { name: 'community.files_cleanup', pattern: opts.filesCleanupPattern ?? COMMUNITY_FILES_CLEANUP_CRON, opts: COMMUNITY_JOB_OPTS },
  ];
  return createPerTenantScheduler({ sql: opts.sql, queue: opts.queue, log: opts.log, jobs, component: 'community-scheduler', everyMs: opts.everyMs });
}
