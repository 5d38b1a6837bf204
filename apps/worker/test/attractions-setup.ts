import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { QUEUE_NAME } from '@yui/contracts';
import { createTestDatabase, newTenancyFixture, newUser, type TestDatabase } from '@yui/db/testing';
import { LocalStorage } from '@yui/storage';
import { startWorkerApp, type WorkerApp } from '../src/app';
import type { ProcessorDeps } from '../src/processors/base';
import { dropRedisPrefix, removeDir, tempDir, testConfig, testLog } from './helpers';

/**
 * The cast of the 地域の魅力 worker tests: the worker app on its own database and Redis prefix, with
 * relay deliveries tried 5 times 50 ms apart (doubling) and photos in a folder of its own; towns A and
 * B of one region (the author and a reviewer in A, a coordinator in B) and C of another.
 */
export interface AttractionsTest {
  db: TestDatabase;
  app: WorkerApp;
  storage: LocalStorage;
  inspect: Queue;
  fx: Awaited<ReturnType<typeof newTenancyFixture>>;
  author: Person;
  reviewer: Person;
  coordinator: Person;
  /** What a processor is built with, as app.ts builds it. */
  deps: (now?: () => Date) => ProcessorDeps;
  close(): Promise<void>;
}
export type Person = Awaited<ReturnType<typeof newUser>>;

export const WEBHOOK = { attempts: 5, backoffMs: 50, timeoutMs: 2_000 };

export async function startAttractionsTest(): Promise<AttractionsTest> {
  const db = await createTestDatabase();
  const mailbox = await tempDir('mail');
  const files = await tempDir('files');
  const storage = new LocalStorage(files);
  const app = await startWorkerApp(testConfig(db, {
    YUI_MAILBOX_DIR: mailbox,
    YUI_WEBHOOK_ATTEMPTS: String(WEBHOOK.attempts), YUI_WEBHOOK_BACKOFF_MS: String(WEBHOOK.backoffMs), YUI_WEBHOOK_TIMEOUT_MS: String(WEBHOOK.timeoutMs),
  }), { log: testLog, startScheduler: false, storage });
  const inspectConn = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const inspect = new Queue(QUEUE_NAME, { connection: inspectConn, prefix: app.config.YUI_QUEUE_PREFIX });
  const o = db.owner;
  const fx = await newTenancyFixture(o);
  const author = await newUser(o, fx.a.id, { name: 'A町 職員' });
  const reviewer = await newUser(o, fx.a.id, { name: 'A町 観光課長', roles: [{ role: 'attraction_reviewer' }] });
  const coordinator = await newUser(o, fx.b.id, { name: 'B町 広域調整', roles: [{ role: 'regional_coordinator', regionId: fx.region.id }] });
  return {
    db, app, storage, inspect, fx, author, reviewer, coordinator,
    deps: (now) => ({
      sql: app.sql, log: testLog, mailer: app.mailer, storage, publicUrl: app.config.YUI_PUBLIC_URL, queue: app.queue, webhook: WEBHOOK, now,
    }),
    async close() {
      await inspect.close();
      inspectConn.disconnect();
      await app.close();
      await dropRedisPrefix(process.env.REDIS_URL, app.config.YUI_QUEUE_PREFIX);
      await db.drop();
      await removeDir(mailbox);
      await removeDir(files);
    },
  };
}

/** A job as BullMQ hands it to a processor, for running one directly. */
export const runnable = (name: string, data: unknown, attemptsMade = 0) => ({ id: `test-${randomUUID()}`, name, data, attemptsMade });

// ---------- arranging (as the owner, behind the API's back) ----------

type Town = { id: string; regionId: string };

export interface PostRow {
  town: Town;
  author: Person;
  status?: string;
  title?: string;
  body?: string;
  tags?: string[];
  category?: string;
  seq?: number;
  publishAt?: Date | null;
  channelIds?: string[];
  socialTexts?: Record<string, string>;
}

export async function insertPost(db: TestDatabase, p: PostRow): Promise<string> {
  const status = p.status ?? 'scheduled';
  const [row] = await db.owner<{ id: string }[]>`
    insert into attraction_posts (region_id, municipality_id, author_id, status, category, title, body, tags, submitted_at, approved_at,
      publish_at, schedule_seq, channel_ids, social_texts, event_starts_on)
    values (${p.town.regionId}, ${p.town.id}, ${p.author.id}, ${status}, ${p.category ?? 'spot'}, ${p.title ?? '三春滝桜'},
      ${p.body ?? '樹齢千年を超える紅枝垂桜。四月中旬が見頃です。'}, ${p.tags ?? ['桜', '春']}, now(), now(),
      ${p.publishAt === undefined ? new Date(Date.now() - 1000) : p.publishAt}, ${p.seq ?? 1}, ${p.channelIds ?? []}::uuid[],
      ${db.owner.json(p.socialTexts ?? {})}, ${p.category === 'event' ? '2025-04-10' : null})
    returning id`;
  return row!.id;
}

export async function insertChannel(
  db: TestDatabase, p: { town: Town; by: Person; url: string; kind?: string; name?: string; active?: boolean; charLimit?: number },
): Promise<{ id: string; secret: string }> {
  const secret = `whsec_${randomUUID().replace(/-/g, '')}`;
  const [row] = await db.owner<{ id: string }[]>`
    insert into attraction_channels (region_id, municipality_id, name, kind, url, secret, char_limit, active, created_by)
    values (${p.town.regionId}, ${p.town.id}, ${p.name ?? `中継${randomUUID().slice(0, 8)}`}, ${p.kind ?? 'x'}, ${p.url}, ${secret},
      ${p.charLimit ?? 280}, ${p.active ?? true}, ${p.by.id})
    returning id`;
  return { id: row!.id, secret };
}

export async function insertPhoto(
  db: TestDatabase,
  p: { town: Town; postId: string; by: Person; status?: string; seq?: number; keepLocation?: boolean; sortOrder?: number; id?: string },
): Promise<{ id: string; originalKey: string }> {
  const id = p.id ?? randomUUID();
  const originalKey = `attractions/${p.town.regionId}/${id}/original`;
  await db.owner`
    insert into attraction_photos (id, region_id, municipality_id, post_id, uploaded_by, original_key, content_type, byte_size, status,
      keep_location, process_seq, photographer, people, may_publish, sort_order)
    values (${id}, ${p.town.regionId}, ${p.town.id}, ${p.postId}, ${p.by.id}, ${originalKey}, 'image/jpeg', 1000, ${p.status ?? 'processing'},
      ${p.keepLocation ?? false}, ${p.seq ?? 1}, '撮影 太郎', 'none', true, ${p.sortOrder ?? 0})`;
  return { id, originalKey };
}

/** A row of the publication log (relay `channelId`, or the region's own page with null). */
export async function insertPublication(
  db: TestDatabase,
  p: { town: Town; postId: string; channelId: string | null; action: 'publish' | 'unpublish'; seq: number; status?: string; attempts?: number; text?: string; ageMinutes?: number },
): Promise<string> {
  const status = p.status ?? 'pending';
  const [row] = await db.owner<{ id: string }[]>`
    insert into attraction_publications (region_id, municipality_id, post_id, channel_id, action, schedule_seq, text, status, attempts, delivered_at, created_at, updated_at)
    values (${p.town.regionId}, ${p.town.id}, ${p.postId}, ${p.channelId}, ${p.action}, ${p.seq}, ${p.text ?? '三春滝桜'}, ${status}, ${p.attempts ?? 0},
      ${status === 'delivered' ? new Date() : null}, now() - make_interval(mins => ${p.ageMinutes ?? 0}), now() - make_interval(mins => ${p.ageMinutes ?? 0}))
    returning id`;
  return row!.id;
}

// ---------- a relay (webhook receiver) ----------

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A local HTTP relay answering the n-th request (1-based) as `answer` says. */
export async function startReceiver(answer: (n: number) => { status: number; body?: string; headers?: Record<string, string> }): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const a = answer(requests.length + 1);
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: a.status });
      res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/yui`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
