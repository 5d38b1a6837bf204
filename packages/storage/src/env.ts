import { z } from 'zod';
import type { StorageSettings } from './index';

/** An empty variable means "not set" for the storage settings: launchers pass `X=` to mean none. */
function blankIsUnset(v: unknown): unknown {
  return v === '' ? undefined : v;
}

/**
 * The storage settings as environment variables, one zod field each: spread into a process's
 * config schema (API and worker read the same ones, so the two always agree on where files are),
 * and call checkStorageEnv from its superRefine. deploy/README.md documents each.
 */
export const storageEnv = {
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
};

export type StorageEnv = z.infer<z.ZodObject<typeof storageEnv>>;

/** A bucket needs its keys: names each one missing. For the config schema's superRefine. */
export function checkStorageEnv(c: StorageEnv, ctx: z.RefinementCtx): void {
  if (!c.YUI_S3_BUCKET) return;
  for (const key of ['YUI_S3_ACCESS_KEY_ID', 'YUI_S3_SECRET_ACCESS_KEY'] as const) {
    if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when YUI_S3_BUCKET is set' });
  }
}

/** The parsed settings as createStorage takes them: the bucket when YUI_S3_BUCKET is set, else the folder. */
export function storageSettings(c: StorageEnv): StorageSettings {
  if (!c.YUI_S3_BUCKET) return { filesDir: c.YUI_FILES_DIR, s3: null };
  if (!c.YUI_S3_ACCESS_KEY_ID || !c.YUI_S3_SECRET_ACCESS_KEY) {
    throw new Error('YUI_S3_BUCKET is set: YUI_S3_ACCESS_KEY_ID and YUI_S3_SECRET_ACCESS_KEY are required');
  }
  return {
    filesDir: c.YUI_FILES_DIR,
    s3: {
      bucket: c.YUI_S3_BUCKET,
      region: c.YUI_S3_REGION,
      accessKeyId: c.YUI_S3_ACCESS_KEY_ID,
      secretAccessKey: c.YUI_S3_SECRET_ACCESS_KEY,
      ...(c.YUI_S3_ENDPOINT ? { endpoint: c.YUI_S3_ENDPOINT } : {}),
      ...(c.YUI_S3_FORCE_PATH_STYLE !== undefined ? { forcePathStyle: c.YUI_S3_FORCE_PATH_STYLE } : {}),
    },
  };
}
