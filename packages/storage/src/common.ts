/**
 * What every storage driver shares: the interface, the one error type, and the key rule that makes
 * path traversal impossible whichever driver is behind it.
 */

/** A stored file as read back. `size` is known when the driver can tell it without reading the body. */
export interface StoredFile {
  body: NodeJS.ReadableStream | Buffer;
  size?: number;
}

/**
 * Where attachments live (community post attachments now, photos later). Callers generate the keys
 * (`<regionId>/<yyyy>/<mm>/<uuid>`) and keep the file's name and type in the database: the store
 * holds bytes only, so nothing a user typed ever becomes a path or an object name.
 */
export interface FileStorage {
  /** Stores the whole body under `key`, replacing what was there. Readers never see half a file. */
  put(key: string, body: Buffer, meta: { contentType: string }): Promise<void>;
  /** The file, or null when there is none under `key`. */
  get(key: string): Promise<StoredFile | null>;
  /** Removes the file; removing a file that is not there is not an error (retries are safe). */
  delete(key: string): Promise<void>;
  readonly kind: 'local' | 's3';
}

/** A storage operation that failed. For S3, `status` is the HTTP status and `code` S3's error code. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/**
 * Lower-case letters, digits, `/`, `_` and `-`, starting with a letter or digit. No dot at all, so
 * no `..`, and no leading slash, so a key can neither climb out of the local folder nor name an
 * absolute path. Empty segments (`a//b`, `a/`) are refused too: the disk would fold them into
 * `a/b` while S3 keeps them apart, and the two drivers must agree on what a key means.
 */
const KEY = /^[a-z0-9][a-z0-9/_-]{0,200}$/;

export function isValidKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key) && !key.includes('..') && !key.includes('//') && !key.endsWith('/');
}

/** Throws unless `key` is a valid storage key (see isValidKey). Every driver calls it first. */
export function assertValidKey(key: unknown): asserts key is string {
  if (!isValidKey(key)) {
    // The key may be hostile: quote it with JSON so control characters cannot forge log lines.
    throw new StorageError(`invalid storage key ${JSON.stringify(String(key)).slice(0, 240)}`, undefined, 'InvalidKey');
  }
}
