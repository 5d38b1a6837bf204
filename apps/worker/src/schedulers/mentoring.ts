import type { Sql } from '@yui/db';
import type { Logger } from '../logger';
import type { JobQueue } from '../queues';
import { createPerTenantScheduler, perTenantSchedulerId, RETRYING_JOB_OPTS, type PerTenantScheduler } from './per-tenant';

/**
 * 職員サポート制度's daily job, per town, in Asia/Tokyo: at the start of the working day, so nudges,
 * survey requests and the admins' notice arrive when people are at their desks.
 */
export const MENTORING_KEEPALIVE_CRON = '30 8 * * *';

/** Every pair changes once (guarded UPDATEs), so a failed run is simply tried again. */
export const MENTORING_JOB_OPTS = RETRYING_JOB_OPTS;

export const mentoringKeepaliveSchedulerId = (tenantId: string) => perTenantSchedulerId('mentoring.keepalive', tenantId);

export interface MentoringSchedulerOptions {
  sql: Sql;
  queue: JobQueue;
  log: Logger;
  /** Tests fire it more often; the process uses the default. */
  keepalivePattern?: string;
  everyMs?: number;
}

/**
 * Keeps `mentoring.keepalive:<tenantId>` (daily 08:30) per municipality on the queue (see
 * per-tenant.ts). Every town gets one: a town that runs no programme finds nothing to do.
 */
export function createMentoringScheduler(opts: MentoringSchedulerOptions): PerTenantScheduler {
  return createPerTenantScheduler({
    sql: opts.sql, queue: opts.queue, log: opts.log, component: 'mentoring-scheduler', everyMs: opts.everyMs,
    jobs: [{ name: 'mentoring.keepalive', pattern: opts.keepalivePattern ?? MENTORING_KEEPALIVE_CRON, opts: MENTORING_JOB_OPTS }],
  });
}
