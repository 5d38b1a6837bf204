import type { FastifyBaseLogger } from 'fastify';
import type { Db, TenantContext } from '@yui/db';
import { addViews } from '@yui/db/queries/attractions-public';
import { todayInJapan } from '@yui/domain';

/**
 * Views of published posts on the public pages (閲覧数), per post and Japan day. A public post is
 * the most-read page there is: counting it with a write per view would put a row lock and a WAL
 * record on every read. Views are added up in the process instead and written every 5 seconds (and
 * when the app closes), one statement per region: `insert … on conflict (post_id, day) do update set
 * views = views + excluded.views`.
 *
 * The figures are for people, not for billing: a process that dies loses at most its last 5 seconds,
 * and a batch the database refuses is logged and dropped rather than retried forever. A post taken
 * down between a view and the flush is not counted (addViews keeps to published posts).
 *
 * The write runs in the region's context with the post's own town: attraction_views is readable with
 * a town only, and `on conflict do update` reads the row it adds to.
 */

type Run = <T>(ctx: TenantContext, fn: (tx: Db) => Promise<T>) => Promise<T>;

interface Pending {
  regionId: string;
  municipalityId: string;
  postId: string;
  day: string;
  views: number;
}

export const FLUSH_EVERY_MS = 5_000;
/** Posts × days kept waiting at most (about a few MB): beyond it, a failed write is dropped, not requeued. */
const MAX_PENDING = 100_000;

export class ViewCounter {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly run: Run, private readonly log: FastifyBaseLogger, everyMs = FLUSH_EVERY_MS) {
    this.timer = setInterval(() => void this.flush(), everyMs);
    // The timer alone never keeps the process alive: closing the app flushes what is left.
    this.timer.unref();
  }

  /** One view of a published post, now. */
  count(post: { id: string; regionId: string; municipalityId: string }, now: Date = new Date()): void {
    const day = todayInJapan(now);
    const key = `${post.id}|${day}`;
    const p = this.pending.get(key);
    if (p) p.views++;
    else this.pending.set(key, { regionId: post.regionId, municipalityId: post.municipalityId, postId: post.id, day, views: 1 });
  }

  /** Adds counts (a failed write's, put back). */
  private add(r: Pending): void {
    const key = `${r.postId}|${r.day}`;
    const p = this.pending.get(key);
    if (p) p.views += r.views;
    else this.pending.set(key, { ...r });
  }

  /** Views counted and not yet written. */
  get size(): number {
    return this.pending.size;
  }

  /** Writes what has been counted (one statement per region); flushes never overlap. */
  flush(): Promise<void> {
    this.running = this.running.then(() => this.write());
    return this.running;
  }

  /** Stops the timer and writes the rest (the app's onClose). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (!this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    const byRegion = new Map<string, Pending[]>();
    for (const p of batch.values()) byRegion.set(p.regionId, [...(byRegion.get(p.regionId) ?? []), p]);
    for (const [regionId, unordered] of byRegion) {
      // Always the same order (post, day): two API processes flushing the same posts then take their
      // row locks in the same order and queue behind each other instead of deadlocking.
      const rows = unordered.sort((x, y) => (x.postId < y.postId ? -1 : x.postId > y.postId ? 1 : x.day < y.day ? -1 : x.day > y.day ? 1 : 0));
      try {
        await this.run({ tenantId: rows[0]!.municipalityId, regionId, userId: null }, (tx) => addViews(tx, { regionId, rows }));
      } catch (err) {
        // Not lost: back into the counts for the next flush (a conflict, the database briefly away).
        // Only when far too much has piled up (the database gone for long) are they dropped.
        const requeue = this.pending.size < MAX_PENDING;
        if (requeue) for (const r of rows) this.add(r);
        this.log.warn({ err, regionId, views: rows.reduce((n, r) => n + r.views, 0), requeued: requeue }, 'attraction views not written yet');
      }
    }
  }
}

/**
 * The counter of an app, for tests that flush it (`viewCounterOf(app).flush()`). Keyed by the HTTP
 * server, which every plugin context of one app shares.
 */
const counters = new WeakMap<object, ViewCounter>();
export const registerViewCounter = (server: object, counter: ViewCounter) => counters.set(server, counter);
export const viewCounterOf = (app: { server: object }): ViewCounter | undefined => counters.get(app.server);
