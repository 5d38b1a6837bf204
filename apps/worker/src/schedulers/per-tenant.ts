import type { JobSchedulerTemplateOptions } from 'bullmq';
import type { JobName } from '@yui/contracts';
import { createDb, type Sql } from '@yui/db';
import { listMunicipalityIds } from '@yui/db/queries/time-reminders';
import { REMINDER_TZ } from '../config';
import type { Logger } from '../logger';
import type { JobQueue, JobSchedulerInfo } from '../queues';

/** A job that runs per municipality on a cron pattern (Asia/Tokyo), its payload being { tenantId }. */
export interface PerTenantJob {
  name: JobName;
  pattern: string;
  opts: JobSchedulerTemplateOptions;
}

/** `<job name>:<tenantId>`, as the job contracts name them. */
export const perTenantSchedulerId = (name: JobName, tenantId: string) => `${name}:${tenantId}`;

export interface SchedulerSyncResult {
  /** Created, or changed (another pattern, say). */
  upserted: number;
  unchanged: number;
  /** Schedulers of municipalities that no longer exist. */
  removed: number;
}

export interface PerTenantScheduler {
  /** Syncs once (a failure is logged, not thrown: the next round tries again), then every `everyMs`. */
  start(): Promise<void>;
  /** Stops the timer and waits for the round in progress. */
  stop(): Promise<void>;
  /** One round now (after any round in progress); throws if the database or the queue is away. */
  syncOnce(): Promise<SchedulerSyncResult>;
}

/**
 * Options of a daily or weekly per-town job that is safe to run again (its work is stamped per row):
 * a failed run is simply tried again; history is kept a while for the operator.
 */
export const RETRYING_JOB_OPTS: JobSchedulerTemplateOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: { age: 14 * 24 * 3600, count: 5_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface PerTenantSchedulerOptions {
  sql: Sql;
  queue: JobQueue;
  log: Logger;
  jobs: PerTenantJob[];
  /** For the log. */
  component: string;
  /** How often the municipality list is looked at again (new towns get their schedulers). Default: hourly. */
  everyMs?: number;
}

/**
 * Keeps one BullMQ job scheduler `<name>:<tenantId>` per job and municipality, which adds job `name`
 * {tenantId} on every tick. The queue holds the schedule, so however many workers run, a tick makes
 * one job per town; every worker syncs at start and hourly, writing only what differs (a scheduler
 * that is already right keeps its pending job and iteration count); schedulers of towns that are
 * gone are removed. Works the same on Redis and on BullMQ's PostgreSQL backend (bullmq.scheduler).
 */
export function createPerTenantScheduler(opts: PerTenantSchedulerOptions): PerTenantScheduler {
  const db = createDb(opts.sql);
  const log = opts.log.child({ component: opts.component });
  const everyMs = opts.everyMs ?? 3_600_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let tail: Promise<unknown> = Promise.resolve();

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };

  const upToDate = (s: JobSchedulerInfo | undefined, job: PerTenantJob, tenantId: string) =>
    !!s && s.name === job.name && s.pattern === job.pattern && s.tz === REMINDER_TZ
    && (s.template?.data as { tenantId?: unknown } | undefined)?.tenantId === tenantId
    && s.template?.opts?.attempts === job.opts.attempts;

  async function round(): Promise<SchedulerSyncResult> {
    const result: SchedulerSyncResult = { upserted: 0, unchanged: 0, removed: 0 };
    // Municipalities are public (RLS lets the app role read them without a tenant context).
    const tenantIds = await listMunicipalityIds(db);
    const prefixes = opts.jobs.map((j) => `${j.name}:`);
    const existing = new Map(
      (await opts.queue.listSchedulers())
        .filter((s) => prefixes.some((p) => s.key.startsWith(p)))
        .map((s) => [s.key, s]),
    );
    for (const tenantId of tenantIds) {
      if (stopped) break;
      for (const job of opts.jobs) {
        if (stopped) break;
        const id = perTenantSchedulerId(job.name, tenantId);
        if (upToDate(existing.get(id), job, tenantId)) {
          result.unchanged++;
        } else {
          await opts.queue.upsertScheduler(id, { pattern: job.pattern, tz: REMINDER_TZ }, { name: job.name, data: { tenantId }, opts: job.opts });
          result.upserted++;
        }
        existing.delete(id);
      }
    }
    if (!stopped) {
      for (const id of existing.keys()) {
        if (await opts.queue.removeScheduler(id)) result.removed++;
      }
    }
    if (result.upserted || result.removed) {
      log.info({ ...result, jobs: opts.jobs.map((j) => `${j.name} ${j.pattern}`), tz: REMINDER_TZ }, 'job schedulers synced');
    }
    return result;
  }

  const tick = () => {
    if (stopped) return;
    void serial(round).catch((err: Error) => log.error({ err: err.message }, 'scheduler sync failed; retrying next round'));
  };

  return {
    async start() {
      stopped = false;
      await serial(round).catch((err: Error) => log.error({ err: err.message }, 'scheduler sync failed at start; retrying next round'));
      timer = setInterval(tick, everyMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await tail;
    },
    syncOnce: () => serial(round),
  };
}
