import type { FileStorage } from './common';
import { LocalStorage } from './local';
import { S3Storage, type S3Options } from './s3';

export { assertValidKey, isValidKey, StorageError, type FileStorage, type StoredFile } from './common';
export { LocalStorage } from './local';
export { S3Storage, type S3Options } from './s3';
export { sniffContentType, type SniffedType } from './sniff';
export { checkStorageEnv, storageEnv, storageSettings, type StorageEnv } from './env';

/**
 * Where attachments live, whoever reads them (the API stores and serves them, the worker removes
 * orphans): a bucket when `s3` is given, otherwise the folder `filesDir` (relative to the working
 * directory, which is the repository root under `npm start`).
 */
export interface StorageSettings {
  filesDir: string;
  s3: S3Options | null;
}

/**
 * The driver for the settings. Touches neither disk nor network: the first upload creates the
 * folder. The settings' loaders (storageEnv + checkStorageEnv) have already refused a bucket
 * without its keys; the check here covers callers that build the settings by hand.
 */
export function createStorage(settings: StorageSettings): FileStorage {
  if (!settings.s3) return new LocalStorage(settings.filesDir);
  if (!settings.s3.bucket || !settings.s3.accessKeyId || !settings.s3.secretAccessKey) {
    throw new Error('S3 storage needs a bucket, an access key id and a secret access key');
  }
  return new S3Storage(settings.s3);
}
