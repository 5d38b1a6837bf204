import { createClient, type Sql } from '@yui/db';
import { createStorage, storageSettings, type FileStorage } from '@yui/storage';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { createMailer, type Mailer } from './mail';
import { createOutboxRelay, type OutboxRelay } from './outbox/relay';
import { createProcessors } from './processors/index';
import { openJobQueue, queueTarget, startJobWorker, type JobQueue, type JobWorker } from './queues';
import { createAttractionsScheduler } from './schedulers/attractions';
import { createCommunityScheduler } from './schedulers/community';
import { createHelpScheduler } from './schedulers/help';
import { createMentoringScheduler } from './schedulers/mentoring';
import type { PerTenantScheduler } from './schedulers/per-tenant';
import { createTimeReminderScheduler, type TimeReminderScheduler } from './schedulers/time-reminders';

export interface WorkerApp {
  config: Config;
  log: Logger;
  sql: Sql;
  queue: JobQueue;
  worker: JobWorker;
  relay: OutboxRelay;
  /** Keeps one `time.reminders` job scheduler per municipality on the queue. */
  reminderScheduler: TimeReminderScheduler;
  /**
   * Keeps `community.digest` (07:30), `community.event_reminders` (12:00) and `community.files_cleanup`
   * (03:00) schedulers per municipality.
   */
  communityScheduler: PerTenantScheduler;
  /** Keeps a `help.deadlines` (00:10) scheduler per municipality: 職場応援 calls close and finish on time. */
  helpScheduler: PerTenantScheduler;
  /** Keeps a `mentoring.keepalive` (08:30) scheduler per municipality: 職員サポート制度 pairs are nudged, asked for surveys and ended on time. */
  mentoringScheduler: PerTenantScheduler;
  /** Keeps an `attractions.sweep` (every 5 minutes) scheduler per municipality: 地域の魅力's lost jobs are picked up. */
  attractionsScheduler: PerTenantScheduler;
  mailer: Mailer;
  /** Where attachment bytes live: the same folder or bucket as the API's. */
  storage: FileStorage;
  /** Stops the scheduler syncs and the relay, then the worker (finishing running jobs), then the queue, mail and pool. */
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Tests drive the relay round by round; the process always starts it. */
  startRelay?: boolean;
  /** Tests drive the scheduler syncs (time reminders, community, help, mentoring and attractions jobs) themselves; the process always starts them. */
  startScheduler?: boolean;
  /** The clock of date-driven jobs; tests move it. */
  now?: () => Date;
  /** Replaces the configured file storage (tests). */
  storage?: FileStorage;
}

/** The whole worker process as one object: main.ts starts it, tests start it against their database. */
export async function startWorkerApp(config: Config, opts: StartOptions = {}): Promise<WorkerApp> {
  const log = opts.log ?? createLogger(config.YUI_LOG_LEVEL);
  const sql = createClient(config.DATABASE_APP_URL, { max: config.DB_POOL_MAX, applicationName: 'yui-worker' });
  // Like the API's: touches neither disk nor network until a file is removed.
  const storage = opts.storage ?? createStorage(storageSettings(config));
  const mailer = createMailer({ from: config.YUI_MAIL_FROM, smtpUrl: config.SMTP_URL, mailboxDir: config.YUI_MAILBOX_DIR, log });
  const target = queueTarget(config);
  const cleanup: Array<() => Promise<unknown> | void> = [() => sql.end({ timeout: 5 }), () => mailer.close()];
  const unwind = async () => {
    for (const fn of cleanup.splice(0).reverse()) await Promise.resolve().then(fn).catch(() => {});
  };
  try {
    const queue = await openJobQueue(target, { log });
    cleanup.push(() => queue.close());
    const processors = createProcessors({
      sql, log, mailer, storage, publicUrl: config.YUI_PUBLIC_URL, now: opts.now, queue,
      webhook: { attempts: config.YUI_WEBHOOK_ATTEMPTS, backoffMs: config.YUI_WEBHOOK_BACKOFF_MS, timeoutMs: config.YUI_WEBHOOK_TIMEOUT_MS },
    });
    const worker = await startJobWorker(target, processors, { log, concurrency: config.YUI_WORKER_CONCURRENCY });
    cleanup.push(() => worker.close());
    const relay = createOutboxRelay({ sql, queue, log, pollMs: config.YUI_OUTBOX_POLL_MS });
    cleanup.push(() => relay.stop());
    if (opts.startRelay ?? true) await relay.start();
    const reminderScheduler = createTimeReminderScheduler({ sql, queue, log, pattern: config.YUI_REMINDER_CRON });
    cleanup.push(() => reminderScheduler.stop());
    if (opts.startScheduler ?? true) await reminderScheduler.start();
    const communityScheduler = createCommunityScheduler({ sql, queue, log });
    cleanup.push(() => communityScheduler.stop());
    if (opts.startScheduler ?? true) await communityScheduler.start();
    const helpScheduler = createHelpScheduler({ sql, queue, log });
    cleanup.push(() => helpScheduler.stop());
    if (opts.startScheduler ?? true) await helpScheduler.start();
    const mentoringScheduler = createMentoringScheduler({ sql, queue, log });
    cleanup.push(() => mentoringScheduler.stop());
    if (opts.startScheduler ?? true) await mentoringScheduler.start();
    const attractionsScheduler = createAttractionsScheduler({ sql, queue, log });
    cleanup.push(() => attractionsScheduler.stop());
    if (opts.startScheduler ?? true) await attractionsScheduler.start();
    log.info({ queue: target.kind, mail: mailer.kind, storage: storage.kind, concurrency: config.YUI_WORKER_CONCURRENCY, reminderCron: config.YUI_REMINDER_CRON }, 'worker started');
    return { config, log, sql, queue, worker, relay, reminderScheduler, communityScheduler, helpScheduler, mentoringScheduler, attractionsScheduler, mailer, storage, close: unwind };
  } catch (err) {
    await unwind();
    throw err;
  }
}
