import type { JobSchedulerTemplateOptions } from 'bullmq';
import type { Sql } from '@yui/db';
import type { Logger } from '../logger';
import type { JobQueue } from '../queues';
import { createPerTenantScheduler, perTenantSchedulerId, type PerTenantScheduler } from './per-tenant';

/** 地域の魅力's safety net, per town: every five minutes (Asia/Tokyo, though the zone does not matter here). */
export const ATTRACTIONS_SWEEP_CRON = '*/5 * * * *';

/**
 * One try: the next tick comes in five minutes and does the same work, so a failed sweep is not
 * retried; its history is kept only briefly (288 runs a day per town).
 */
export const ATTRACTIONS_SWEEP_JOB_OPTS: JobSchedulerTemplateOptions = {
  attempts: 1,
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const attractionsSweepSchedulerId = (tenantId: string) => perTenantSchedulerId('attractions.sweep', tenantId);

export interface AttractionsSchedulerOptions {
  sql: Sql;
  queue: JobQueue;
  log: Logger;
  /** Tests fire it more often; the process uses the default. */
  sweepPattern?: string;
  everyMs?: number;
}

/**
 * Keeps `attractions.sweep:<tenantId>` (every 5 minutes) per municipality on the queue (see
 * per-tenant.ts). Every town gets one: a town with nothing scheduled finds nothing to do.
 */
export function createAttractionsScheduler(opts: AttractionsSchedulerOptions): PerTenantScheduler {
  return createPerTenantScheduler({
    sql: opts.sql, queue: opts.queue, log: opts.log, component: 'attractions-scheduler', everyMs: opts.everyMs,
    jobs: [{ name: 'attractions.sweep', pattern: opts.sweepPattern ?? ATTRACTIONS_SWEEP_CRON, opts: ATTRACTIONS_SWEEP_JOB_OPTS }],
  });
}
