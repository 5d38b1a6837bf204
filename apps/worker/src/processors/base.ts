import { performance } from 'node:perf_hooks';
import { UnrecoverableError } from 'bullmq';
import { jobPayloads, type JobName, type JobPayload } from '@yui/contracts';
import { createDb, withTenant, type Db, type Sql, type TenantContext } from '@yui/db';
import { getTenantRegions } from '@yui/db/queries/outbox-relay';
import type { FileStorage } from '@yui/storage';
import type { Logger } from '../logger';
import type { Mailer } from '../mail';
import type { JobHandler, JobQueue, RunnableJob } from '../queues';

/** How relay deliveries (attractions.deliver) are tried: YUI_WEBHOOK_ATTEMPTS, _BACKOFF_MS, _TIMEOUT_MS. */
export interface WebhookSettings {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
}
export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { attempts: 6, backoffMs: 10_000, timeoutMs: 10_000 };

/** What processors need from the process: built once in app.ts. */
export interface ProcessorDeps {
  sql: Sql;
  log: Logger;
  mailer: Mailer;
  publicUrl: string;
  /** Attachment bytes: the API's folder or bucket (community.files_cleanup removes orphans). */
  storage: FileStorage;
  /** The clock of date-driven jobs (reminders); tests move it. Default: the system clock. */
  now?: () => Date;
  /**
   * The queue, for jobs that queue follow-ups (publishing queues one delivery per relay; the sweep
   * re-queues lost ones). Those jobs refuse to run without it.
   */
  queue?: JobQueue;
  /** Relay deliveries; DEFAULT_WEBHOOK_SETTINGS when absent. */
  webhook?: WebhookSettings;
}

export interface JobContext {
  jobId: string | undefined;
  /** 1 on the first run. */
  attempt: number;
  tenant: TenantContext;
  /**
   * Runs `fn` in one transaction inside the job's tenant. A handler may open several (one per
   * e-mail, say), because a mail that has gone out cannot be rolled back with the rows around it;
   * it never gets a connection without the tenant context.
   */
  inTenant<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * As inTenant, but inside another municipality of the job tenant's own region (no person in the
   * context): how a community event of one town reaches staff of another. Refuses a municipality of
   * any other region, so a forged event cannot write into a town outside it.
   */
  inRegionTenant<T>(municipalityId: string, fn: (tx: Db) => Promise<T>): Promise<T>;
  log: Logger;
}

/**
 * Base of every job processor: validates the payload against its contract (a bad payload fails for
 * good, BullMQ does not retry an UnrecoverableError), resolves the tenant's region, runs the handler
 * in that tenant and logs how long it took.
 */
export abstract class JobProcessor<N extends JobName, R = unknown> implements JobHandler {
  abstract readonly name: N;
  private readonly db: Db;

  constructor(protected readonly deps: ProcessorDeps) {
    this.db = createDb(deps.sql);
  }

  protected abstract handle(payload: JobPayload<N>, ctx: JobContext): Promise<R>;

  async process(job: RunnableJob): Promise<R> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const log = this.deps.log.child({ job: this.name, jobId: job.id, attempt: job.attemptsMade + 1 });

    const parsed = jobPayloads[this.name].safeParse(job.data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      log.error({ issues }, 'job payload does not match its contract; not retrying');
      throw new UnrecoverableError(`invalid payload for ${this.name}: ${issues}`);
    }
    const payload = parsed.data as JobPayload<N>;
    const deps = this.deps;

    const regionId = (await getTenantRegions(this.db, { tenantIds: [payload.tenantId] })).get(payload.tenantId);
    if (!regionId) {
      log.error({ tenantId: payload.tenantId }, 'job names an unknown tenant; not retrying');
      throw new UnrecoverableError(`unknown tenant ${payload.tenantId}`);
    }
    const tenant: TenantContext = { tenantId: payload.tenantId, regionId, userId: null };
    const tlog = log.child({ tenantId: tenant.tenantId });
    // Municipalities are public: a town's region is read without any tenant context.
    const sameRegion = new Map<string, Promise<boolean>>([[tenant.tenantId, Promise.resolve(true)]]);
    const inSameRegion = (municipalityId: string) => {
      let known = sameRegion.get(municipalityId);
      if (!known) {
        known = getTenantRegions(this.db, { tenantIds: [municipalityId] }).then((m) => m.get(municipalityId) === regionId);
        known.catch(() => sameRegion.delete(municipalityId));
        sameRegion.set(municipalityId, known);
      }
      return known;
    };
    const ctx: JobContext = {
      jobId: job.id,
      attempt: job.attemptsMade + 1,
      tenant,
      inTenant: (fn) => withTenant(this.deps.sql, tenant, fn),
      async inRegionTenant(municipalityId, fn) {
        if (!(await inSameRegion(municipalityId))) {
          throw new UnrecoverableError(`municipality ${municipalityId} is not in region ${regionId} of tenant ${tenant.tenantId}`);
        }
        return withTenant(deps.sql, { tenantId: municipalityId, regionId, userId: null }, fn);
      },
      log: tlog,
    };

    try {
      const result = await this.handle(payload, ctx);
      tlog.info({ ms: ms() }, 'job done');
      return result;
    } catch (err) {
      const e = err as Error;
      tlog.warn({ ms: ms(), err: e.message, unrecoverable: e instanceof UnrecoverableError }, 'job failed');
      throw err;
    }
  }
}
