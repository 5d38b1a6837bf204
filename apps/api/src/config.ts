import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { appDatabaseUrl } from '@yui/db';
import { checkStorageEnv, storageEnv } from '@yui/storage';

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
  YUI_UPLOAD_LIMIT: z.coerce.number().int().default(10 * 1024 * 1024),
  YUI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  YUI_PUBLIC_URL: z.string().default('http://localhost:3000'),
  YUI_TRUST_PROXY: z.string().default('loopback'),
  /** File storage (attachments): YUI_FILES_DIR or a bucket, YUI_S3_*. The worker reads the same. */
  ...storageEnv,
}).superRefine((c, ctx) => checkStorageEnv(c, ctx));
export type Config = z.infer<typeof schema>;

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
