import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Redis } from 'ioredis';
import type { EventPayload, EventType } from '@yui/contracts';
import { createClient, withTenant, type Sql } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import { createTestDatabase, type TestDatabase } from '@yui/db/testing';
import { Queue } from 'bullmq';
import { QUEUE_NAME } from '@yui/contracts';
import { startWorkerApp, type StartOptions, type WorkerApp } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import type { Logger } from '../src/logger';

export const testLog: Logger = pino({ level: process.env.YUI_TEST_LOG ? 'debug' : 'silent' });

export const uniquePrefix = () => `t${randomBytes(5).toString('hex')}`;

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `yui-worker-${label}-`));
}

/** Settings for a worker on a test database. Queue: REDIS_URL from the suite unless overridden. */
export function testConfig(db: TestDatabase, over: Record<string, string | undefined>): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_APP_URL: db.appUrl,
    DB_POOL_MAX: '4',
    REDIS_URL: process.env.REDIS_URL,
    YUI_QUEUE_PREFIX: uniquePrefix(),
    YUI_PUBLIC_URL: 'https://yui.test.example/app',
    YUI_LOG_LEVEL: 'silent',
    // Only LISTEN (or an explicit round) moves events in these tests, unless a test says otherwise.
    YUI_OUTBOX_POLL_MS: '600000',
    ...over,
  });
}

/** The application role's pool, as the API uses it. */
export const appPool = (db: TestDatabase): Sql => createClient(db.appUrl, { max: 2, applicationName: 'yui-worker-test' });

/** Emits an event the way the API does: in a tenant transaction, as yui_app. */
export function emitAs<T extends EventType>(
  app: Sql, tenant: { id: string; regionId: string }, type: T, payload: EventPayload<T>,
): Promise<string> {
  return withTenant(app, { tenantId: tenant.id, regionId: tenant.regionId }, (tx) => emitEvent(tx, { tenantId: tenant.id, type, payload }));
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 40_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------- the mailbox (.eml files) ----------

export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** Every .eml in `dir`, decoded just enough to read: headers, subject (RFC 2047) and a text/plain body. */
export async function readMailbox(dir: string): Promise<Mail[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map(async (f) => ({ file: f, ...parseEml(await readFile(path.join(dir, f), 'utf8')) })));
}

export function parseEml(eml: string): Omit<Mail, 'file'> {
  const raw = eml.replace(/\r\n/g, '\n');
  const split = raw.indexOf('\n\n');
  const head = raw.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const body = raw.slice(split + 2);
  const headers: Record<string, string> = {};
  for (const line of head.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text = cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : cte === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
  return { headers, to: headers.to ?? '', subject: decodeWords(headers.subject ?? ''), text };
}

function decodeQuotedPrintable(s: string): string {
  const src = s.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const hex = src.slice(i + 1, i + 3);
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(...Buffer.from(src[i]!, 'utf8'));
    }
  }
  return Buffer.from(out).toString('utf8');
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, _cs: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')));
}

/** Drops what a test left in the suite's Redis under its own prefix. */
export async function dropRedisPrefix(url: string | undefined, prefix: string): Promise<void> {
  if (!url) return;
  const r = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await r.connect();
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } catch {
    // best effort
  } finally {
    r.disconnect();
  }
}

export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

/**
 * The usual cast of a worker test: its own database, a mailbox folder, the worker app on the test
 * Redis with its own key prefix, and a plain BullMQ Queue to look at job states from outside.
 */
export interface WorkerTest {
  db: TestDatabase;
  mailbox: string;
  app: WorkerApp;
  inspect: Queue;
  close(): Promise<void>;
}

export async function startWorkerTest(opts: Omit<StartOptions, 'log'> = {}): Promise<WorkerTest> {
  const db = await createTestDatabase();
  const mailbox = await tempDir('mail');
  const app = await startWorkerApp(testConfig(db, { YUI_MAILBOX_DIR: mailbox }), { log: testLog, ...opts });
  const inspectConn = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const inspect = new Queue(QUEUE_NAME, { connection: inspectConn, prefix: app.config.YUI_QUEUE_PREFIX });
  return {
    db, mailbox, app, inspect,
    async close() {
      await inspect.close();
      inspectConn.disconnect();
      await app.close();
      await dropRedisPrefix(process.env.REDIS_URL, app.config.YUI_QUEUE_PREFIX);
      await db.drop();
      await removeDir(mailbox);
    },
  };
}
