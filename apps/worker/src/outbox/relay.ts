import type { JobsOptions } from 'bullmq';
import { createDb, withTenant, type Sql } from '@yui/db';
import {
  getTenantRegions, listPendingOutboxEvents, lockPendingOutboxEvent, markOutboxEventRelayed, recordOutboxRelayFailure,
} from '@yui/db/queries/outbox-relay';
import type { Logger } from '../logger';
import type { JobQueue } from '../queues';
import { addQueuedJob, jobsForEvent } from './event-jobs';

/** The channel the outbox trigger (db/migrations/0001_security.sql) notifies on every insert. */
export const OUTBOX_CHANNEL = 'yui_outbox';

export interface RelayOptions {
  sql: Sql;
  queue: JobQueue;
  log: Logger;
  /** Safety net under LISTEN: a notification lost while disconnected is picked up by the next poll. */
  pollMs: number;
  batchSize?: number;
}

export interface RelayRound {
  relayed: number;
  failed: number;
  /** Locked by another relay, or relayed by it meanwhile. */
  skipped: number;
}

export interface OutboxRelay {
  /** LISTEN + poll; resolves once listening. */
  start(): Promise<void>;
  /** Stops waking up and waits for the round in progress. */
  stop(): Promise<void>;
  /** One round now (after any round in progress). The relay's rounds never overlap. */
  runOnce(): Promise<RelayRound>;
}

/** Five tries with exponential backoff; the event id as job id, so adding twice queues one job. */
export function deliverJobOptions(eventId: string): JobsOptions {
  return {
    jobId: eventId,
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    // Finished jobs are kept a while: as long as one exists, re-adding its id is a no-op.
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** After this many failed adds in a row the queue is taken to be down and the round ends early. */
const MAX_FAILURES_PER_ROUND = 3;
/** How soon a round that skipped a row locked by another transaction looks again. */
const SKIPPED_RETRY_MS = 250;

/**
 * Moves committed outbox events onto the queue. Per event, inside its tenant: lock the row if still
 * pending, add the job (id = event id) and the jobs the event implies (event-jobs.ts: a photo to
 * process, a post to publish — each with a fixed id), stamp relayed_at, commit. If an add fails, the
 * event stays pending with attempts + 1 and last_error, and a later round adds them all again. A
 * crash between the adds and the commit leaves it pending too; the next add of the same ids is a
 * no-op, so each job runs once.
 */
export function createOutboxRelay(opts: RelayOptions): OutboxRelay {
  const { sql, queue } = opts;
  const log = opts.log.child({ component: 'outbox-relay' });
  const db = createDb(sql);
  const batchSize = opts.batchSize ?? 100;

  let stopped = false;
  let queued = false;
  let timer: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };

  async function round(): Promise<RelayRound> {
    const result: RelayRound = { relayed: 0, failed: 0, skipped: 0 };
    const pending = await listPendingOutboxEvents(db, { limit: batchSize });
    if (pending.length === 0) return result;
    const regions = await getTenantRegions(db, { tenantIds: [...new Set(pending.map((e) => e.municipalityId))] });

    let failuresInARow = 0;
    for (const e of pending) {
      if (stopped) break;
      const regionId = regions.get(e.municipalityId);
      if (!regionId) continue; // cannot happen: municipality_id is a foreign key
      const tenant = { tenantId: e.municipalityId, regionId, userId: null };
      const outcome = await withTenant(sql, tenant, async (tx) => {
        const row = await lockPendingOutboxEvent(tx, { tenantId: tenant.tenantId, eventId: e.id });
        if (!row) return { kind: 'skipped' as const };
        try {
          await queue.add('outbox.deliver', { tenantId: tenant.tenantId, eventId: e.id }, deliverJobOptions(e.id));
          // A delay is real time on the queue's clock, whatever clock the jobs themselves are given.
          for (const job of jobsForEvent({ id: row.id, tenantId: tenant.tenantId, type: row.type, payload: row.payload }, new Date())) {
            await addQueuedJob(queue, job);
          }
        } catch (err) {
          const error = (err as Error).message || String(err);
          await recordOutboxRelayFailure(tx, { tenantId: tenant.tenantId, eventId: e.id, error });
          return { kind: 'failed' as const, error };
        }
        await markOutboxEventRelayed(tx, { tenantId: tenant.tenantId, eventId: e.id });
        return { kind: 'relayed' as const };
      });

      if (outcome.kind === 'failed') {
        result.failed++;
        failuresInARow++;
        log.warn({ eventId: e.id, tenantId: tenant.tenantId, err: outcome.error }, 'could not queue outbox event; it stays pending');
        if (failuresInARow >= MAX_FAILURES_PER_ROUND) break;
      } else {
        failuresInARow = 0;
        result[outcome.kind]++;
      }
    }
    if (result.relayed || result.failed) log.info(result, 'relay round');
    // A full batch that went through means there may be more behind it.
    if (pending.length === batchSize && result.failed === 0 && !stopped) wake();
    // An event skipped because another transaction held its row (another relay, or a delivery
    // stamping it) may still be pending once that commits, and no NOTIFY will come for it again:
    // look once more shortly rather than leave it to the slow poll.
    else if (result.skipped > 0 && !stopped) setTimeout(wake, SKIPPED_RETRY_MS).unref();
    return result;
  }

  /** Coalesces wake-ups: at most one round runs and one more waits behind it. */
  function wake() {
    if (stopped || queued) return;
    queued = true;
    void serial(async () => {
      queued = false;
      if (stopped) return;
      await round().catch((err: Error) => log.error({ err: err.message }, 'relay round failed'));
    });
  }

  return {
    async start() {
      stopped = false;
      // onlisten runs on every (re)connect of the LISTEN connection: catch up on what was missed.
      const meta = await sql.listen(OUTBOX_CHANNEL, () => wake(), () => wake());
      unlisten = meta.unlisten;
      timer = setInterval(wake, opts.pollMs);
      log.info({ pollMs: opts.pollMs, channel: OUTBOX_CHANNEL }, 'outbox relay listening');
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await unlisten?.().catch(() => {});
      unlisten = undefined;
      await tail;
    },
    runOnce: () => serial(round),
  };
}
