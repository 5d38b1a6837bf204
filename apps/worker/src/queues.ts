import { Queue, Worker, withBackend, createPostgresBackend, runMigrations, UnrecoverableError,
  type Job, type JobsOptions, type JobSchedulerJson, type JobSchedulerTemplateOptions, type PgQueryable, type PgQueryResult } from 'bullmq';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { QUEUE_NAME, jobNames, jobPayloads, type JobName, type JobPayload } from '@yui/contracts';
import type { Config } from './config';
import type { Logger } from './logger';

/**
 * The one place that knows which datastore holds the queue. Redis when REDIS_URL is set, otherwise
 * BullMQ's PostgreSQL backend in schema `bullmq`. Everything else sees only JobQueue and JobWorker,
 * typed by the job contracts in @yui/contracts.
 */
export type QueueTarget =
  | { kind: 'redis'; url: string; prefix: string }
  | { kind: 'postgres'; connectionString: string; schema: string };

export function queueTarget(config: Pick<Config, 'REDIS_URL' | 'QUEUE_DATABASE_URL' | 'YUI_QUEUE_PREFIX'>): QueueTarget {
  if (config.REDIS_URL) return { kind: 'redis', url: config.REDIS_URL, prefix: config.YUI_QUEUE_PREFIX };
  if (config.QUEUE_DATABASE_URL) return { kind: 'postgres', connectionString: config.QUEUE_DATABASE_URL, schema: 'bullmq' };
  throw new Error('queue: set REDIS_URL or QUEUE_DATABASE_URL');
}

/** BullMQ keeps one data type per queue: the union of every job's payload. */
type AnyJobData = { [N in JobName]: JobPayload<N> }[JobName];

/** A job scheduler as both backends report it (BullMQ's JobSchedulerJson). */
export interface JobSchedulerInfo {
  /** The scheduler id given to upsertScheduler. */
  key: string;
  name: string;
  pattern?: string;
  tz?: string;
  /** Epoch ms of the next run. */
  next?: number;
  /** How many jobs it has made so far. */
  iterationCount?: number;
  template?: { data?: unknown; opts?: JobSchedulerTemplateOptions };
}

/** What JobQueue.requeue did: added a job that was not there, restarted a finished one, or found it still queued. */
export type RequeueOutcome = 'added' | 'restarted' | 'queued';

/** A cron schedule. Job schedulers on both backends take the same options. */
export interface CronRepeat {
  pattern: string;
  tz: string;
}

export interface JobQueue {
  readonly kind: QueueTarget['kind'];
  /** Throws when the queue cannot be reached within `addTimeoutMs`. */
  add<N extends JobName>(name: N, data: JobPayload<N>, opts?: JobsOptions): Promise<void>;
  /**
   * add() for a job that must run again. Adding an id that already exists is a no-op, also when that
   * job has finished — completed, or failed for good — and BullMQ keeps finished jobs for days. A
   * finished job of that id is removed first and the job is added anew, with fresh tries; one still
   * waiting, delayed or running is left alone (it runs anyway). Says which it was.
   */
  requeue<N extends JobName>(name: N, data: JobPayload<N>, opts: JobsOptions & { jobId: string }): Promise<RequeueOutcome>;
  /**
   * Creates or replaces job scheduler `id`: from now on the queue itself adds job `name` with
   * `data` on every tick of `repeat`, whichever worker is running. Upserting with the same id
   * replaces the scheduler and its next pending job; it never adds a second one.
   */
  upsertScheduler<N extends JobName>(
    id: string, repeat: CronRepeat, job: { name: N; data: JobPayload<N>; opts?: JobSchedulerTemplateOptions },
  ): Promise<void>;
  getScheduler(id: string): Promise<JobSchedulerInfo | undefined>;
  /** Every scheduler of the queue. */
  listSchedulers(): Promise<JobSchedulerInfo[]>;
  /** Removes the scheduler and its pending job; false when there was none. */
  removeScheduler(id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** What a processor sees of a BullMQ job, whatever the backend. */
export interface RunnableJob {
  id?: string;
  name: string;
  data: unknown;
  attemptsMade: number;
}
export interface JobHandler {
  process(job: RunnableJob): Promise<unknown>;
}
/** A processor for every job name: the compiler insists, and startJobWorker checks again at run time. */
export type JobHandlers = { [N in JobName]: JobHandler };

export interface JobWorker {
  close(): Promise<void>;
}

export interface QueueOptions {
  log: Logger;
  /** An add that has not answered by then counts as failed (the relay retries; the job id dedupes). */
  addTimeoutMs?: number;
}

export async function openJobQueue(target: QueueTarget, opts: QueueOptions): Promise<JobQueue> {
  const timeoutMs = opts.addTimeoutMs ?? 5000;
  let queue: Queue<AnyJobData, unknown, JobName> | InstanceType<PgClasses['Queue']>;
  let client: Redis | undefined;
  if (target.kind === 'redis') {
    // A producer must fail fast while Redis is away: no offline queue, no endless retries. The
    // relay keeps the event pending and tries again on its next round.
    client = new Redis(target.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5000 });
    client.on('error', (err) => opts.log.debug({ err: err.message }, 'queue: redis connection error'));
    queue = new Queue<AnyJobData, unknown, JobName>(QUEUE_NAME, { connection: client, prefix: target.prefix });
  } else {
    await preparePostgresQueueSchema(target);
    queue = new (pgClasses().Queue)<AnyJobData, unknown, JobName>(QUEUE_NAME, { connection: pgConnection(target, 2) });
  }
  queue.on('error', throttled(opts.log, 'queue error'));
  const jobQueue: JobQueue = {
    kind: target.kind,
    async add(name, data, jobOpts) {
      // The contract is checked on the way in too: a bad payload is a bug here, not at 3 a.m. in a job.
      const payload = jobPayloads[name].parse(data) as AnyJobData;
      await withTimeout(queue.add(name, payload, jobOpts), timeoutMs, `queue.add(${name})`);
    },
    async requeue(name, data, jobOpts) {
      const id = jobOpts.jobId;
      const state = await withTimeout(queue.getJobState(id), timeoutMs, `queue.getJobState(${id})`);
      if (state === 'completed' || state === 'failed') {
        // 0: locked, i.e. someone else restarted it a moment ago and a worker has it: it runs anyway.
        const removed = await withTimeout(queue.remove(id), timeoutMs, `queue.remove(${id})`);
        if (removed !== 1) return 'queued';
      } else if (state !== 'unknown') {
        return 'queued';
      }
      await jobQueue.add(name, data, jobOpts);
      return state === 'unknown' ? 'added' : 'restarted';
    },
    async upsertScheduler(id, repeat, job) {
      const data = jobPayloads[job.name].parse(job.data) as AnyJobData;
      // BullMQ types the scheduler id as a job name; any string is accepted at run time.
      await withTimeout(
        queue.upsertJobScheduler(id as JobName, { pattern: repeat.pattern, tz: repeat.tz }, { name: job.name, data, opts: job.opts }),
        timeoutMs, `queue.upsertJobScheduler(${id})`,
      );
    },
    async getScheduler(id) {
      const s = await withTimeout(queue.getJobScheduler(id), timeoutMs, `queue.getJobScheduler(${id})`);
      return s ? schedulerInfo(s) : undefined;
    },
    async listSchedulers() {
      const all = await withTimeout(queue.getJobSchedulers(0, -1, true), timeoutMs, 'queue.getJobSchedulers');
      return all.map(schedulerInfo);
    },
    async removeScheduler(id) {
      return withTimeout(queue.removeJobScheduler(id), timeoutMs, `queue.removeJobScheduler(${id})`);
    },
    async close() {
      await queue.close().catch((err: Error) => opts.log.warn({ err: err.message }, 'queue close'));
      client?.disconnect();
    },
  };
  return jobQueue;
}

const schedulerInfo = (s: JobSchedulerJson): JobSchedulerInfo => ({
  key: s.key, name: s.name, pattern: s.pattern, tz: s.tz, next: s.next, iterationCount: s.iterationCount, template: s.template,
});

export interface WorkerOptions {
  log: Logger;
  concurrency: number;
}

/** Refuses to start unless every job name in the contracts has a processor. */
export async function startJobWorker(target: QueueTarget, handlers: Partial<Record<string, JobHandler>>, opts: WorkerOptions): Promise<JobWorker> {
  const missing = jobNames.filter((n) => typeof handlers[n]?.process !== 'function');
  if (missing.length) throw new Error(`worker: no processor for job(s) ${missing.join(', ')}; refusing to start`);

  const processor = async (job: Job<AnyJobData, unknown, JobName>) => {
    const handler = handlers[job.name];
    // A name outside the contracts came from something else writing to our queue: never retry it.
    if (!handler) throw new UnrecoverableError(`no processor for job "${job.name}"`);
    return handler.process(job);
  };
  const log = opts.log;
  const onError = throttled(log, 'worker error');
  const onFailed = (job: { id?: string; name: string; attemptsMade: number; opts: { attempts?: number } } | undefined, err: Error) => {
    if (!job) return;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    log[final ? 'error' : 'warn']({ jobId: job.id, job: job.name, attempt: job.attemptsMade, err: err.message }, final ? 'job failed for good' : 'job failed, will retry');
  };
  // Each backend has its own Worker type; both get the same listeners. Without an 'error' listener
  // a dropped connection would crash the process (BullMQ reconnects by itself).
  let worker: { close(): Promise<void>; waitUntilReady(): Promise<unknown> };
  let client: Redis | undefined;
  if (target.kind === 'redis') {
    // BullMQ blocks on a duplicate of this connection; such connections must retry forever.
    client = new Redis(target.url, { maxRetriesPerRequest: null });
    client.on('error', (err) => log.debug({ err: err.message }, 'worker: redis connection error'));
    const w = new Worker<AnyJobData, unknown, JobName>(QUEUE_NAME, processor, {
      connection: client, prefix: target.prefix, concurrency: opts.concurrency,
    });
    w.on('error', onError);
    w.on('failed', onFailed);
    worker = w;
  } else {
    await preparePostgresQueueSchema(target);
    const w = new (pgClasses().Worker)<AnyJobData, unknown, JobName>(QUEUE_NAME, processor, {
      connection: pgConnection(target, opts.concurrency + 2), concurrency: opts.concurrency,
    });
    w.on('error', onError);
    w.on('failed', onFailed);
    worker = w;
  }
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close().catch((err: Error) => log.warn({ err: err.message }, 'worker close'));
      client?.disconnect();
    },
  };
}

// ---------- PostgreSQL backend ----------

const bindPostgres = () => withBackend(createPostgresBackend);
type PgClasses = ReturnType<typeof bindPostgres>;
let pg: PgClasses | undefined;
const pgClasses = (): PgClasses => (pg ??= bindPostgres());

/**
 * Migrations already ran in preparePostgresQueueSchema; BullMQ then only checks the ledger. Pools are
 * sized here (pg's default is 10 each) so one worker's share of max_connections stays small.
 */
const pgConnection = (t: Extract<QueueTarget, { kind: 'postgres' }>, max: number) =>
  ({ connectionString: t.connectionString, schema: t.schema, max });

/**
 * Brings BullMQ's tables in schema `bullmq` up to date, as the application role.
 *
 * BullMQ's own `migrate: true` starts with `CREATE SCHEMA IF NOT EXISTS`, and PostgreSQL checks
 * CREATE on the database before it looks whether the schema exists — a right yui_app does not
 * (and should not) have. db/src/migrate.ts creates the schema, owned by yui_app, so here that
 * one statement is skipped when the schema is already there; every other statement runs as BullMQ
 * wrote it, in its transaction and under its advisory lock, so concurrent starters are safe.
 */
export async function preparePostgresQueueSchema(t: Extract<QueueTarget, { kind: 'postgres' }>): Promise<void> {
  const sql = postgres(t.connectionString, { max: 1, onnotice: () => {}, connection: { application_name: 'yui-worker-migrate' } });
  try {
    const [state] = await sql<{ canCreate: boolean; hasSchema: boolean }[]>`
      select has_database_privilege(current_database(), 'CREATE') as "canCreate",
             exists (select 1 from pg_namespace where nspname = ${t.schema}) as "hasSchema"`;
    if (!state!.canCreate && !state!.hasSchema) {
      throw new Error(`queue: schema "${t.schema}" does not exist and this role cannot create it; run the database migrations first`);
    }
    const conn = await sql.reserve();
    try {
      const skipCreateSchema = !state!.canCreate;
      const session: PgQueryable = {
        async query<R>(text: string, params?: readonly unknown[]): Promise<PgQueryResult<R>> {
          if (skipCreateSchema && /^\s*CREATE SCHEMA IF NOT EXISTS\b/i.test(text)) return { rows: [], rowCount: 0 };
          // Migration files hold several statements: those go as one simple-protocol message.
          const result = params?.length
            ? await conn.unsafe(text, params as postgres.ParameterOrJSON<never>[])
            : await conn.unsafe(text).simple();
          return { rows: [...result] as unknown as R[], rowCount: result.count ?? null };
        },
      };
      await runMigrations(session, t.schema);
    } finally {
      conn.release();
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** While a datastore is away every reconnect attempt errors: warn once per interval, the rest at debug. */
function throttled(log: Logger, msg: string, everyMs = 30_000) {
  let last = 0;
  let suppressed = 0;
  return (err: Error) => {
    const now = Date.now();
    if (now - last < everyMs) {
      suppressed++;
      log.debug({ err: err.message }, msg);
      return;
    }
    log.warn({ err: err.message, suppressed }, msg);
    last = now;
    suppressed = 0;
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  // A late rejection of the original promise must not surface as unhandled.
  p.catch(() => {});
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
