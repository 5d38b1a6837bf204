import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import http, { type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import {
  checkStorageEnv, createStorage, LocalStorage, S3Storage, sniffContentType, storageEnv, storageSettings, StorageError, type StoredFile,
} from '../src/index';

async function bytesOf(file: StoredFile | null): Promise<Buffer> {
  expect(file).not.toBeNull();
  const body = file!.body;
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Every byte value, then random bytes: a body no text encoding would survive. */
function binaryBody(size = 70_000): Buffer {
  return Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(size - 256)]);
}

const TRAVERSAL = ['../x', '/etc/passwd', 'a/../../b', '..', 'a/..', './a', 'a/./b', 'a//b', 'a/', '', 'A/b', 'a\\..\\b', 'a\0b', 'a/b\n', `a/${'b'.repeat(201)}`];

describe('LocalStorage', () => {
  let root: string;
  let dir: string;
  let store: LocalStorage;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'yui-storage-'));
    dir = path.join(root, 'files');
    store = new LocalStorage(dir);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores, reads back with its size, replaces, and deletes', async () => {
    const key = 'region-1/2025/04/0b7c4a52-8a8e-4d6a-9d0e-2f1e3c4b5a69';
    const body = binaryBody();
    await store.put(key, body, { contentType: 'application/octet-stream' });
    const got = await store.get(key);
    expect(got?.size).toBe(body.length);
    expect((await bytesOf(got)).equals(body)).toBe(true);

    const again = Buffer.from('second version');
    await store.put(key, again, { contentType: 'text/plain' });
    expect((await bytesOf(await store.get(key))).equals(again)).toBe(true);
    // Written through a temporary file and renamed: nothing but the file is left in the folder.
    expect(await readdir(path.join(dir, 'region-1/2025/04'))).toEqual(['0b7c4a52-8a8e-4d6a-9d0e-2f1e3c4b5a69']);

    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  it('answers null for a missing file and ignores deleting one', async () => {
    expect(await store.get('region-1/2025/04/nothing-here')).toBeNull();
    expect(await store.get('no-such-folder/x')).toBeNull();
    await expect(store.delete('region-1/2025/04/nothing-here')).resolves.toBeUndefined();
    await store.put('r/2025/05/f', Buffer.from('x'), { contentType: 'text/plain' });
    // `r/2025` is a folder, not a stored file; a key below a file is not there either.
    expect(await store.get('r/2025')).toBeNull();
    expect(await store.get('r/2025/05/f/g')).toBeNull();
  });

  it.each(TRAVERSAL)('refuses the key %j for every operation', async (key) => {
    const secret = path.join(root, 'x');
    await writeFile(secret, 'outside');
    for (const op of [() => store.put(key, Buffer.from('pwned'), { contentType: 'text/plain' }), () => store.get(key), () => store.delete(key)]) {
      await expect(op()).rejects.toMatchObject({ name: 'StorageError', code: 'InvalidKey' });
    }
    expect(existsSync(secret)).toBe(true);
    expect(existsSync(path.join(path.dirname(root), 'b'))).toBe(false);
  });
});

// ---- S3 against a real S3-compatible server ------------------------------------------------------

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (opts: Record<string, unknown>) => S3rverInstance;

/** s3rver's fixed account. */
const ACCESS_KEY = 'S3RVER';
const SECRET = 'S3RVER';
const REGION = 'ap-northeast-1';
const BUCKET = 'yui-test';

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Checks a request's AWS Signature Version 4 as S3 does. s3rver stores and serves objects like S3
 * but accepts any V4 signature (its V4 check is unimplemented), so this front verifies it first,
 * written from the specification independently of aws4fetch. Answers S3's error, or null when the
 * signature is good (or absent, or from an access key it does not know: s3rver judges those).
 */
function verifySigV4(req: IncomingMessage, body: Buffer, secrets: Record<string, string>): { status: number; code: string } | null {
  const auth = req.headers.authorization;
  if (!auth) return null;
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { status: 400, code: 'AuthorizationHeaderMalformed' };
  const [, accessKey, date, region, service, signedHeaders, signature] = m as unknown as string[];
  const secret = secrets[accessKey!];
  if (secret === undefined) return null;
  if (region !== REGION || service !== 's3') return { status: 400, code: 'AuthorizationHeaderMalformed' };
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (!payloadHash) return { status: 400, code: 'InvalidRequest' };
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return { status: 400, code: 'XAmzContentSHA256Mismatch' };
  const url = new URL(req.url!, 'http://front');
  const query = [...url.searchParams]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signedHeaders!.split(';');
  if (!headers.includes('host') || !headers.includes('x-amz-date')) return { status: 403, code: 'AccessDenied' };
  const canonical = [
    req.method,
    url.pathname,
    query,
    headers.map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}`).join('\n') + '\n',
    signedHeaders,
    payloadHash,
  ].join('\n');
  const amzDate = String(req.headers['x-amz-date']);
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service!), 'aws4_request');
  const expected = hmac(key, stringToSign);
  return timingSafeEqual(expected, Buffer.from(signature!, 'hex')) ? null : { status: 403, code: 'SignatureDoesNotMatch' };
}

describe('S3Storage against s3rver', () => {
  let root: string;
  let s3rver: S3rverInstance;
  let front: Server;
  let endpoint: string;
  let s3rverUrl: string;
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; bodyLength: number }[] = [];

  const storage = (opts: Partial<ConstructorParameters<typeof S3Storage>[0]> = {}) =>
    new S3Storage({ endpoint, bucket: BUCKET, region: REGION, accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, ...opts });

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'yui-s3rver-'));
    s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: root, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await s3rver.run();
    s3rverUrl = `http://127.0.0.1:${port}`;
    front = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, bodyLength: body.length });
      const denied = verifySigV4(req, body, { [ACCESS_KEY]: SECRET });
      if (denied) {
        res.writeHead(denied.status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${denied.code}</Code><Message>denied by the test's SigV4 check</Message></Error>`);
        return;
      }
      const up = http.request(`${s3rverUrl}${req.url}`, { method: req.method, headers: req.headers }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => front?.close(resolve));
    front?.closeAllConnections();
    await s3rver?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('puts with type, length and a signed payload hash, gets it back, and deletes it', async () => {
    const s3 = storage();
    expect(s3.kind).toBe('s3');
    const key = 'region-1/2025/04/5f0c2d7e-1b7a-4c39-a1b2-c3d4e5f6a7b8';
    const body = binaryBody();
    seen.length = 0;
    await s3.put(key, body, { contentType: 'image/png' });

    const put = seen.at(-1)!;
    expect(put.method).toBe('PUT');
    expect(put.url).toBe(`/${BUCKET}/${key}`); // path-style, as for any custom endpoint
    expect(put.headers['content-type']).toBe('image/png');
    expect(put.headers['content-length']).toBe(String(body.length));
    expect(put.bodyLength).toBe(body.length);
    expect(put.headers['x-amz-content-sha256']).toBe(sha256(body));
    expect(put.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-content-sha256/);

    // The object as s3rver stored it, read without our driver: same bytes, same type.
    const raw = await fetch(`${s3rverUrl}/${BUCKET}/${key}`);
    expect(raw.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await raw.arrayBuffer()).equals(body)).toBe(true);

    const got = await s3.get(key);
    expect(got?.size).toBe(body.length);
    expect((await bytesOf(got)).equals(body)).toBe(true);

    await s3.delete(key);
    expect(await s3.get(key)).toBeNull();
    expect((await fetch(`${s3rverUrl}/${BUCKET}/${key}`)).status).toBe(404);
  });

  it('answers null for a missing key and ignores deleting one', async () => {
    const s3 = storage();
    expect(await s3.get('region-1/2025/04/missing')).toBeNull();
    await expect(s3.delete('region-1/2025/04/missing')).resolves.toBeUndefined();
  });

  it('fails with the status and S3 code on a wrong secret, for reads too (not a silent null)', async () => {
    const s3 = storage({ secretAccessKey: 'not-the-secret' });
    const put = s3.put('region-1/2025/04/denied', Buffer.from('x'), { contentType: 'text/plain' });
    await expect(put).rejects.toBeInstanceOf(StorageError);
    await expect(put).rejects.toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    await expect(s3.get('region-1/2025/04/denied')).rejects.toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    await expect(s3.delete('region-1/2025/04/denied')).rejects.toMatchObject({ status: 403 });
    expect((await fetch(`${s3rverUrl}/${BUCKET}/region-1/2025/04/denied`)).status).toBe(404);
  });

  it('fails on an unknown access key (s3rver itself refuses it)', async () => {
    await expect(storage({ accessKeyId: 'NOBODY' }).get('a/b')).rejects.toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
  });

  it('treats a missing bucket as an error, not as a missing file', async () => {
    await expect(storage({ bucket: 'no-such-bucket' }).get('a/b')).rejects.toMatchObject({ status: 404, code: 'NoSuchBucket' });
  });

  it('refuses bad keys before sending anything', async () => {
    const s3 = storage();
    seen.length = 0;
    for (const key of TRAVERSAL) {
      await expect(s3.get(key)).rejects.toMatchObject({ code: 'InvalidKey' });
      await expect(s3.put(key, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toMatchObject({ code: 'InvalidKey' });
      await expect(s3.delete(key)).rejects.toMatchObject({ code: 'InvalidKey' });
    }
    expect(seen).toEqual([]);
  });

  it('reports an unreachable store as a StorageError', async () => {
    const down = storage({ endpoint: 'http://127.0.0.1:1' });
    await expect(down.get('a/b')).rejects.toMatchObject({ name: 'StorageError', code: 'NetworkError' });
  });
});

// ---- choosing the driver -------------------------------------------------------------------------

describe('createStorage and its settings', () => {
  // As the API's and the worker's config schemas use them.
  const schema = z.object(storageEnv).superRefine((c, ctx) => checkStorageEnv(c, ctx));
  const load = (env: Record<string, string>) => {
    const parsed = schema.safeParse(env);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    return parsed.data;
  };

  it('uses the local folder without a bucket (blank settings count as unset)', () => {
    const c = load({ YUI_S3_BUCKET: '', YUI_S3_ENDPOINT: '', YUI_FILES_DIR: '' });
    expect(c.YUI_FILES_DIR).toBe('.data/files');
    expect(storageSettings(c)).toEqual({ filesDir: '.data/files', s3: null });
    const s = createStorage(storageSettings(c));
    expect(s).toBeInstanceOf(LocalStorage);
    expect((s as LocalStorage).dir).toBe(path.resolve('.data/files'));
    expect((createStorage(storageSettings(load({ YUI_FILES_DIR: '/var/lib/yui/uploads' }))) as LocalStorage).dir).toBe('/var/lib/yui/uploads');
  });

  it('uses S3 when YUI_S3_BUCKET is set, and names the missing settings otherwise', () => {
    const s3 = { YUI_S3_BUCKET: 'b', YUI_S3_ACCESS_KEY_ID: 'k', YUI_S3_SECRET_ACCESS_KEY: 's' };
    const c = load({ ...s3, YUI_S3_ENDPOINT: 'https://s3.isk01.sakurastorage.jp', YUI_S3_FORCE_PATH_STYLE: 'false' });
    expect(c.YUI_S3_REGION).toBe('ap-northeast-1');
    expect(c.YUI_S3_FORCE_PATH_STYLE).toBe(false);
    expect(storageSettings(c).s3).toEqual({
      bucket: 'b', region: 'ap-northeast-1', accessKeyId: 'k', secretAccessKey: 's', endpoint: 'https://s3.isk01.sakurastorage.jp', forcePathStyle: false,
    });
    expect(createStorage(storageSettings(c)).kind).toBe('s3');
    expect(load(s3).YUI_S3_FORCE_PATH_STYLE).toBeUndefined();
    expect(storageSettings(load(s3)).s3).not.toHaveProperty('forcePathStyle');

    expect(() => load({ YUI_S3_BUCKET: 'b' })).toThrow(/YUI_S3_ACCESS_KEY_ID: required when YUI_S3_BUCKET is set[\s\S]*YUI_S3_SECRET_ACCESS_KEY: required/);
    expect(() => load({ ...s3, YUI_S3_SECRET_ACCESS_KEY: '' })).toThrow(/YUI_S3_SECRET_ACCESS_KEY/);
    expect(() => load({ ...s3, YUI_S3_ENDPOINT: 'sakura' })).toThrow(/YUI_S3_ENDPOINT/);
    expect(() => load({ ...s3, YUI_S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/YUI_S3_FORCE_PATH_STYLE/);
  });

  it('refuses settings built by hand with a bucket but no keys', () => {
    expect(() => createStorage({ filesDir: 'x', s3: { bucket: 'b', region: 'r', accessKeyId: '', secretAccessKey: 's' } })).toThrow(/access key/);
    expect(() => storageSettings({ ...load({}), YUI_S3_BUCKET: 'b' })).toThrow(/YUI_S3_ACCESS_KEY_ID/);
  });
});

// ---- content types -------------------------------------------------------------------------------

describe('sniffContentType', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);

  it('shows the allow-listed formats inline, by their bytes', () => {
    expect(sniffContentType(png, 'image/png', 'photo.png')).toEqual({ contentType: 'image/png', inline: true });
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg', 'a.jpg')).toEqual({ contentType: 'image/jpeg', inline: true });
    expect(sniffContentType(Buffer.from('GIF89a....'), 'image/gif', 'a.gif')).toEqual({ contentType: 'image/gif', inline: true });
    expect(sniffContentType(Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1'), 'image/webp', 'a.webp')).toEqual({ contentType: 'image/webp', inline: true });
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'), 'application/pdf', '議事録.pdf')).toEqual({ contentType: 'application/pdf', inline: false });
    // The bytes decide, not the name or the declared type.
    expect(sniffContentType(png, 'text/html', 'page.html')).toEqual({ contentType: 'image/png', inline: true });
  });

  it('never serves HTML or SVG as such', () => {
    expect(sniffContentType(html, 'text/html', 'index.html')).toEqual({ contentType: 'application/octet-stream', inline: false });
    expect(sniffContentType(svg, 'image/svg+xml', 'logo.svg')).toEqual({ contentType: 'application/octet-stream', inline: false });
    expect(sniffContentType(html, 'image/png', 'fake.png')).toEqual({ contentType: 'application/octet-stream', inline: false });
    expect(sniffContentType(Buffer.alloc(0), 'image/png', 'empty.png')).toEqual({ contentType: 'application/octet-stream', inline: false });
  });

  it('keeps Office types for zip files with their extension, as downloads', () => {
    expect(sniffContentType(zip, 'application/octet-stream', '予算.xlsx')).toEqual({
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', inline: false,
    });
    expect(sniffContentType(zip, '', 'C:\\Users\\職員\\報告.DOCX').contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffContentType(zip, '', 'slides.pptx').contentType).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
    // Not a zip, or a zip without an Office extension: bytes only.
    expect(sniffContentType(html, 'application/vnd.ms-excel', 'fake.xlsx')).toEqual({ contentType: 'application/octet-stream', inline: false });
    expect(sniffContentType(zip, 'application/zip', 'archive.zip')).toEqual({ contentType: 'application/octet-stream', inline: false });
  });

  it('serves text and CSV as plain UTF-8 text downloads', () => {
    const text = { contentType: 'text/plain; charset=utf-8', inline: false };
    expect(sniffContentType(Buffer.from('名前,所属\n'), 'application/vnd.ms-excel', 'staff.csv')).toEqual(text);
    expect(sniffContentType(Buffer.from('memo'), 'text/plain', 'memo.TXT')).toEqual(text);
    expect(sniffContentType(Buffer.from('memo'), 'text/plain; charset=utf-8', 'README')).toEqual(text);
    expect(sniffContentType(html, 'text/html', 'README')).toEqual({ contentType: 'application/octet-stream', inline: false });
  });
});
