import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import { assertValidKey, StorageError, type FileStorage, type StoredFile } from './common';

export interface S3Options {
  /**
   * The service's address, e.g. `https://s3.isk01.sakurastorage.jp` or `http://minio:9000`.
   * Without one, AWS itself in `region`.
   */
  endpoint?: string;
  bucket: string;
  /** Signed into every request. S3-compatible services that ignore regions accept any value. */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /**
   * `https://host/bucket/key` instead of `https://bucket.host/key`. Most S3-compatible services
   * (MinIO, and any endpoint without wildcard DNS/TLS) need it, so it defaults to true when there is
   * an endpoint; AWS itself prefers virtual-hosted addresses.
   */
  forcePathStyle?: boolean;
  /** Per request, retries included. A stalled store must not hold an upload for ever. */
  timeoutMs?: number;
}

/**
 * Any S3-compatible object store (AWS, MinIO, さくらのクラウド, IIJ GIO, Wasabi…) through plain
 * fetch and SigV4 signing (aws4fetch): three verbs need no SDK.
 */
export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly client: AwsClient;
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(opts: S3Options) {
    // Retries only for 5xx and 429, with backoff: a few, since the caller's request is waiting.
    this.client = new AwsClient({ accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey, service: 's3', region: opts.region, retries: 3 });
    const endpoint = new URL(opts.endpoint ?? `https://s3.${opts.region}.amazonaws.com`);
    const pathStyle = opts.forcePathStyle ?? opts.endpoint !== undefined;
    const bucket = encodeURIComponent(opts.bucket);
    const root = endpoint.pathname.replace(/\/+$/, '');
    this.base = pathStyle
      ? `${endpoint.protocol}//${endpoint.host}${root}/${bucket}/`
      : `${endpoint.protocol}//${bucket}.${endpoint.host}${root}/`;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  private url(key: string): string {
    assertValidKey(key);
    return this.base + key;
  }

  /**
   * Sends the body's SHA-256 in the signature (not UNSIGNED-PAYLOAD), so the store rejects a body
   * that was altered or cut short on the way.
   */
  async put(key: string, body: Buffer, meta: { contentType: string }): Promise<void> {
    const url = this.url(key);
    const res = await this.send('PUT', key, url, {
      body,
      headers: {
        'content-type': meta.contentType,
        'content-length': String(body.byteLength),
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      },
    });
    if (!res.ok) throw await s3Error('PUT', key, res);
    await res.body?.cancel();
  }

  async get(key: string): Promise<StoredFile | null> {
    const url = this.url(key);
    const res = await this.send('GET', key, url, {});
    if (res.status === 404) {
      const err = await s3Error('GET', key, res);
      // A missing bucket is a configuration error, not a missing file.
      if (err.code === 'NoSuchKey' || err.code === undefined) return null;
      throw err;
    }
    if (!res.ok || !res.body) throw await s3Error('GET', key, res);
    const length = Number(res.headers.get('content-length'));
    return {
      body: Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
      ...(res.headers.has('content-length') && Number.isSafeInteger(length) ? { size: length } : {}),
    };
  }

  async delete(key: string): Promise<void> {
    const url = this.url(key);
    const res = await this.send('DELETE', key, url, {});
    if (res.ok) {
      await res.body?.cancel();
      return;
    }
    const err = await s3Error('DELETE', key, res);
    // S3 answers 204 for a missing key; some compatible stores answer 404 NoSuchKey instead.
    if (res.status === 404 && err.code === 'NoSuchKey') return;
    throw err;
  }

  private async send(method: string, key: string, url: string, init: { body?: Buffer; headers?: Record<string, string> }): Promise<Response> {
    try {
      return await this.client.fetch(url, { method, ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      // Network failures and timeouts: no status, but the same error type for callers to handle.
      throw new StorageError(`S3 ${method} ${key}: ${(err as Error).message}`, undefined, (err as Error).name === 'TimeoutError' ? 'Timeout' : 'NetworkError', { cause: err });
    }
  }
}

/** S3's XML error body (`<Error><Code>…</Code><Message>…</Message></Error>`) as a StorageError. */
async function s3Error(method: string, key: string, res: Response): Promise<StorageError> {
  const text = await res.text().catch(() => '');
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]{1,300})<\/Message>/.exec(text)?.[1];
  return new StorageError(`S3 ${method} ${key}: ${res.status}${code ? ` ${code}` : ''}${message ? ` — ${message}` : ''}`, res.status, code);
}
