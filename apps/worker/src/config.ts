import { getNextMillis } from 'bullmq';
import { z } from 'zod';
import { appDatabaseUrl } from '@yui/db';
import { checkStorageEnv, storageEnv } from '@yui/storage';

/** The time zone of every scheduled job: municipalities keep Japan's office hours. */
export const REMINDER_TZ = 'Asia/Tokyo';

/** Every setting the worker reads, validated once at start. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** The application role (yui_app): every tenant query runs under row-level security. */
    DATABASE_APP_URL: z.string().min(1),
    DB_POOL_MAX: z.coerce.number().int().min(2).default(5),
    /** BullMQ on Redis. When absent, the queue lives in PostgreSQL (QUEUE_DATABASE_URL). */
    REDIS_URL: z.string().min(1).optional(),
    /** BullMQ's PostgreSQL backend, schema `bullmq` (created by the migrations, owned by yui_app). */
    QUEUE_DATABASE_URL: z.string().min(1).optional(),
    /** Redis key prefix. The PostgreSQL backend namespaces by schema and ignores it. */
    YUI_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('yui'),
    YUI_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    SMTP_URL: z.string().min(1).optional(),
    YUI_MAIL_FROM: z.string().min(3).default('Yui <no-reply@yui.example>'),
    /** Without SMTP_URL, each mail is written here as an .eml file (development, tests). */
    YUI_MAILBOX_DIR: z.string().min(1).optional(),
    YUI_PUBLIC_URL: z.url().default('http://localhost:3000'),
    YUI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    YUI_OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(2000),
    /**
     * When the 20%ルール reminders run, per municipality, as a cron pattern in Asia/Tokyo (5 fields,
     * or 6 with seconds first). Default: weekdays at 09:00.
     */
    YUI_REMINDER_CRON: z.string().trim().regex(/^\S+(\s+\S+){4,5}$/, 'a cron pattern of 5 fields (or 6, seconds first)').default('0 9 * * 1-5')
      .superRefine((pattern, ctx) => {
        try {
          // The parser BullMQ's job schedulers use: a pattern it accepts here, it accepts there.
          if (!getNextMillis(Date.now(), { pattern, tz: REMINDER_TZ })) throw new Error('it never fires');
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: `not a usable cron pattern: ${(err as Error).message}` });
        }
      }),
    /**
     * 地域の魅力: deliveries to social-media relays (signed webhooks). How many tries in all, the
     * first retry's wait (doubling each time: 10 s, 20 s, 40 s … by default, about five minutes for
     * six tries), and how long one request may take.
     */
    YUI_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
    YUI_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
    YUI_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /**
     * File storage, the same settings as the API's (the same folder or bucket): the worker removes
     * uploads never attached to a post or an event (community.files_cleanup) and writes the resized
     * versions of attraction photos (attractions.photo).
     */
    ...storageEnv,
  })
  .superRefine((c, ctx) => {
    checkStorageEnv(c, ctx);
    if (!c.REDIS_URL && !c.QUEUE_DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'set REDIS_URL (Redis) or QUEUE_DATABASE_URL (PostgreSQL queue)' });
    }
    if (!c.SMTP_URL && !c.YUI_MAILBOX_DIR) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'set SMTP_URL, or YUI_MAILBOX_DIR to write mails as .eml files' });
    }
  });
export type Config = z.infer<typeof schema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string | undefined> = {};
  // An empty variable means "not set": launchers often pass REDIS_URL= to mean "no Redis".
  for (const [k, v] of Object.entries(env)) if (v !== '') input[k] = v;
  if (!input.DATABASE_APP_URL && input.DATABASE_URL) input.DATABASE_APP_URL = appDatabaseUrl(input);
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return parsed.data;
}
