import type { Sql } from '@yui/db';
import type { Logger } from '../logger';
import type { JobQueue } from '../queues';
import {
  createPerTenantScheduler, perTenantSchedulerId, RETRYING_JOB_OPTS, type PerTenantScheduler, type SchedulerSyncResult,
} from './per-tenant';

/** One job scheduler per municipality: every job carries its tenant. */
export const timeRemindersSchedulerId = (tenantId: string) => perTenantSchedulerId('time.reminders', tenantId);

/** The reminders are idempotent (stamped per request), so a failed run is simply tried again. */
export const TIME_REMINDERS_JOB_OPTS = RETRYING_JOB_OPTS;

export type { SchedulerSyncResult };
export type TimeReminderScheduler = PerTenantScheduler;

export interface TimeReminderSchedulerOptions {
  sql: Sql;
  queue: JobQueue;
  log: Logger;
  /** YUI_REMINDER_CRON, in Asia/Tokyo. */
  pattern: string;
  /** How often the municipality list is looked at again (new towns get their scheduler). Default: hourly. */
  everyMs?: number;
}

/**
 * Keeps one BullMQ job scheduler `time.reminders:<tenantId>` per municipality, which adds the job
 * `time.reminders` {tenantId} on every tick of the cron pattern (see per-tenant.ts).
 */
export function createTimeReminderScheduler(opts: TimeReminderSchedulerOptions): TimeReminderScheduler {
  return createPerTenantScheduler({
    sql: opts.sql, queue: opts.queue, log: opts.log, component: 'time-reminder-scheduler', everyMs: opts.everyMs,
    jobs: [{ name: 'time.reminders', pattern: opts.pattern, opts: TIME_REMINDERS_JOB_OPTS }],
  });
}
