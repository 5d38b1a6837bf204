import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { appDatabaseUrl } from '@yui/db';

/** Every setting the API reads, validated once at start. deploy/README.md documents each. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().default(3001),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_APP_URL: z.string().min(1),
  DB_POOL_MAX: z.coerce.number().int().min(1).default(10),
  REDIS_URL: z.string().optional(),
  YUI_JWT_SECRET: z.string().min(32, 'YUI_JWT_SECRET must be at least 32 characters'),
  YUI_ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).default(900),
  YUI_REFRESH_TOKEN_DAYS: z.coerce.number().int().min(1).default(30),
  YUI_SESSION_MAX_DAYS: z.coerce.number().int().min(1).default(90),
  /** Sign-in attempts per minute from one address, whatever the e-mail (a town office shares one). */
  YUI_LOGIN_RATE_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  YUI_LOGIN_RATE_MAX: z.coerce.number().int().min(1).default(10),
  YUI_BODY_LIMIT: z.coerce.number().int().default(1024 * 1024),
  YUI_UPLOAD_LIMIT: z.coerce.number().int().default(5 * 1024 * 1024),
  YUI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  YUI_PUBLIC_URL: z.string().default('http://localhost:3000'),
  YUI_TRUST_PROXY: z.string().default('loopback'),
  /** Attachments on this machine's disk, when there is no bucket. Relative to the working directory. */
  YUI_FILES_DIR: z.preprocess(blankIsUnset, z.string().default('.data/files')),
  /** Attachments in an S3-compatible bucket; when set, the YUI_S3_* keys below are required. */
  YUI_S3_BUCKET: z.preprocess(blankIsUnset, z.string().optional()),
  /** The service's address (MinIO, さくら, IIJ, Wasabi…); without one, AWS in YUI_S3_REGION. */
  YUI_S3_ENDPOINT: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional()),
  YUI_S3_REGION: z.preprocess(blankIsUnset, z.string().default('ap-northeast-1')),
  YUI_S3_ACCESS_KEY_ID: z.preprocess(blankIsUnset, z.string().optional()),
  YUI_S3_SECRET_ACCESS_KEY: z.preprocess(blankIsUnset, z.string().optional()),
  /** `https://host/bucket/key` addressing; unset means true with YUI_S3_ENDPOINT, false for AWS. */
  YUI_S3_FORCE_PATH_STYLE: z.preprocess(blankIsUnset, z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional()),
}).superRefine((c, ctx) => {
  if (!c.YUI_S3_BUCKET) return;
  for (const key of ['YUI_S3_ACCESS_KEY_ID', 'YUI_S3_SECRET_ACCESS_KEY'] as const) {
    if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when YUI_S3_BUCKET is set' });
  }
});
export type Config = z.infer<typeof schema>;

/** An empty variable means "not set" for the storage settings: launchers pass `X=` to mean none. */
function blankIsUnset(v: unknown): unknown {
  return v === '' ? undefined : v;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input = { ...env };
  if (!input.DATABASE_APP_URL && input.DATABASE_URL) input.DATABASE_APP_URL = appDatabaseUrl(input);
  if (!input.YUI_JWT_SECRET && input.NODE_ENV !== 'production') input.YUI_JWT_SECRET = randomBytes(32).toString('base64url');
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return parsed.data;
}
