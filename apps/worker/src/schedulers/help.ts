import type { Sql } from '@yui/db';
import type { Logger } from '../logger';
import type { JobQueue } from '../queues';
import { createPerTenantScheduler, perTenantSchedulerId, RETRYING_JOB_OPTS, type PerTenantScheduler } from './per-tenant';

/**
 * 職場応援's daily job, per town, in Asia/Tokyo: just after midnight, so a call whose 募集締切日 was
 * yesterday shows 締切 from the start of the working day (applying on the deadline day itself stays open).
 */
export const HELP_DEADLINES_CRON = '10 0 * * *';

/** Every call changes once (guarded UPDATEs), so a failed run is simply tried again. */
export const HELP_JOB_OPTS = RETRYING_JOB_OPTS;

export const helpDeadlinesSchedulerId = (tenantId: string) => perTenantSchedulerId('help.deadlines', tenantId);

export interface HelpSchedulerOptions {
  sql: Sql;
  queue: JobQueue;
  log: Logger;
  /** Tests fire it more often; the process uses the default. */
  deadlinesPattern?: string;
  everyMs?: number;
}

/** Keeps `help.deadlines:<tenantId>` (daily 00:10) per municipality on the queue (see per-tenant.ts). */
export function createHelpScheduler(opts: HelpSchedulerOptions): PerTenantScheduler {
  return createPerTenantScheduler({
    sql: opts.sql, queue: opts.queue, log: opts.log, component: 'help-scheduler', everyMs: opts.everyMs,
    jobs: [{ name: 'help.deadlines', pattern: opts.deadlinesPattern ?? HELP_DEADLINES_CRON, opts: HELP_JOB_OPTS }],
  });
}
