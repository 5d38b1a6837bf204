import type { JobSchedulerTemplateOptions } from 'bullmq';
import { createDb, type Sql } from '@yui/db';
import { listMunicipalityIds } from '@yui/db/queries/time-reminders';
import { REMINDER_TZ } from '../config';
import type { Logger } from '../logger';
import type { JobQueue, JobSchedulerInfo } from '../queues';

/** One job scheduler per municipality: every job carries its tenant. */
export const TIME_REMINDERS_SCHEDULER_PREFIX = 'time.reminders:';
export const timeRemindersSchedulerId = (tenantId: string) => `${TIME_REMINDERS_SCHEDULER_PREFIX}${tenantId}`;

/** The reminders are idempotent (stamped per request), so a failed run is simply tried again. */
export const TIME_REMINDERS_JOB_OPTS: JobSchedulerTemplateOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: { age: 14 * 24 * 3600, count: 5_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface SchedulerSyncResult {
  /** Created, or changed (another pattern, say). */
  upserted: number;
  unchanged: number;
  /** Schedulers of municipalities that no longer exist. */
  removed: number;
}

export interface TimeReminderScheduler {
  /** Syncs once (a failure is logged, not thrown: the next round tries again), then every `everyMs`. */
  start(): Promise<void>;
  /** Stops the timer and waits for the round in progress. */
  stop(): Promise<void>;
  /** One round now (after any round in progress); throws if the database or the queue is away. */
  syncOnce(): Promise<SchedulerSyncResult>;
}

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
 * `time.reminders` {tenantId} on every tick of the cron pattern. The queue holds the schedule, so
 * however many workers run, each tick makes one job per municipality; every worker runs this sync
 * (at start and hourly), and a sync only writes what differs — a scheduler that is already right is
 * left alone, which also keeps its pending job and iteration count. Works the same on Redis and on
 * BullMQ's PostgreSQL backend (table bullmq.scheduler).
 */
export function createTimeReminderScheduler(opts: TimeReminderSchedulerOptions): TimeReminderScheduler {
  const db = createDb(opts.sql);
  const log = opts.log.child({ component: 'time-reminder-scheduler' });
  const everyMs = opts.everyMs ?? 3_600_000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let tail: Promise<unknown> = Promise.resolve();

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };

  const upToDate = (s: JobSchedulerInfo | undefined, tenantId: string) =>
    !!s && s.name === 'time.reminders' && s.pattern === opts.pattern && s.tz === REMINDER_TZ
    && (s.template?.data as { tenantId?: unknown } | undefined)?.tenantId === tenantId
    && s.template?.opts?.attempts === TIME_REMINDERS_JOB_OPTS.attempts;

  async function round(): Promise<SchedulerSyncResult> {
    const result: SchedulerSyncResult = { upserted: 0, unchanged: 0, removed: 0 };
    // Municipalities are public (RLS lets the app role read them without a tenant context).
    const tenantIds = await listMunicipalityIds(db);
    const existing = new Map(
      (await opts.queue.listSchedulers())
        .filter((s) => s.key.startsWith(TIME_REMINDERS_SCHEDULER_PREFIX))
        .map((s) => [s.key, s]),
    );
    for (const tenantId of tenantIds) {
      if (stopped) break;
      const id = timeRemindersSchedulerId(tenantId);
      if (upToDate(existing.get(id), tenantId)) {
        result.unchanged++;
      } else {
        await opts.queue.upsertScheduler(id, { pattern: opts.pattern, tz: REMINDER_TZ }, {
          name: 'time.reminders', data: { tenantId }, opts: TIME_REMINDERS_JOB_OPTS,
        });
        result.upserted++;
      }
      existing.delete(id);
    }
    if (!stopped) {
      for (const id of existing.keys()) {
        if (await opts.queue.removeScheduler(id)) result.removed++;
      }
    }
    if (result.upserted || result.removed) log.info({ ...result, pattern: opts.pattern, tz: REMINDER_TZ }, 'time reminder schedulers synced');
    return result;
  }

  const tick = () => {
    if (stopped) return;
    void serial(round).catch((err: Error) => log.error({ err: err.message }, 'time reminder scheduler sync failed; retrying next round'));
  };

  return {
    async start() {
      stopped = false;
      await serial(round).catch((err: Error) =>
        log.error({ err: err.message }, 'time reminder scheduler sync failed at start; retrying next round'));
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
