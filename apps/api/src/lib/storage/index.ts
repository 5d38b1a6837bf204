import type { Config } from '../../config';
import type { FileStorage } from './common';
import { LocalStorage } from './local';
import { S3Storage } from './s3';

export { assertValidKey, isValidKey, StorageError, type FileStorage, type StoredFile } from './common';
export { LocalStorage } from './local';
export { S3Storage, type S3Options } from './s3';
export { sniffContentType, type SniffedType } from './sniff';

export type StorageConfig = Pick<
  Config,
  | 'YUI_FILES_DIR'
  | 'YUI_S3_BUCKET'
  | 'YUI_S3_ENDPOINT'
  | 'YUI_S3_REGION'
  | 'YUI_S3_ACCESS_KEY_ID'
  | 'YUI_S3_SECRET_ACCESS_KEY'
  | 'YUI_S3_FORCE_PATH_STYLE'
>;

/**
 * The bucket when YUI_S3_BUCKET is set, otherwise the folder YUI_FILES_DIR (`.data/files` under the
 * working directory, which is the repository root under `npm start`). loadConfig has already
 * refused a bucket without its keys; the check here covers callers that build the settings by hand.
 */
export function createStorage(config: StorageConfig): FileStorage {
  if (!config.YUI_S3_BUCKET) return new LocalStorage(config.YUI_FILES_DIR);
  if (!config.YUI_S3_ACCESS_KEY_ID || !config.YUI_S3_SECRET_ACCESS_KEY) {
    throw new Error('YUI_S3_BUCKET is set: YUI_S3_ACCESS_KEY_ID and YUI_S3_SECRET_ACCESS_KEY are required');
  }
  return new S3Storage({
    bucket: config.YUI_S3_BUCKET,
    region: config.YUI_S3_REGION,
    accessKeyId: config.YUI_S3_ACCESS_KEY_ID,
    secretAccessKey: config.YUI_S3_SECRET_ACCESS_KEY,
    ...(config.YUI_S3_ENDPOINT ? { endpoint: config.YUI_S3_ENDPOINT } : {}),
    ...(config.YUI_S3_FORCE_PATH_STYLE !== undefined ? { forcePathStyle: config.YUI_S3_FORCE_PATH_STYLE } : {}),
  });
}
