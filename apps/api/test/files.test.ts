import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';
import { communityCast, insertCommunity, type CastUser, type CommunityCast } from './community-fixtures';

// 添付ファイル: upload and download round trip on the local disk driver, the type decided by the bytes,
// downloads that never run as a page of our origin, and 404 for everyone who may not read them.

const dir = mkdtempSync(path.join(tmpdir(), 'yui-files-'));
/** Above the JSON body limit (1 MiB): uploads have their own. */
const LIMIT = 2 * 1024 * 1024;
const t = useTestApi({ YUI_FILES_DIR: dir, YUI_UPLOAD_LIMIT: String(LIMIT) });
let k: CommunityCast;
let open: { id: string };
let secret: { id: string };
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(300)]);

function multipart(filename: string, bytes: Buffer, type = 'application/octet-stream', field = 'file') {
  const boundary = `----yui${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  return { payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

const tokens = new Map<string, string>();
async function auth(who: CastUser) {
  if (!tokens.has(who.id)) tokens.set(who.id, (await t.login(who.email, who.password)).authorization);
  return tokens.get(who.id)!;
}
async function upload(who: CastUser, communityId: string, filename: string, bytes: Buffer, type?: string, lang = 'ja') {
  const m = multipart(filename, bytes, type);
  const res = await t.app.inject({
    method: 'POST', url: `/api/communities/${communityId}/files`, payload: m.payload,
    headers: { authorization: await auth(who), 'content-type': m.contentType, 'accept-language': lang },
  });
  return { status: res.statusCode, body: res.json() };
}
async function download(who: CastUser, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { authorization: await auth(who) } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}

beforeAll(async () => {
  k = await communityCast(t);
  open = await insertCommunity(t.db.owner, { regionId: k.region.id, createdBy: k.coordinator }, [[k.managerA, 'manager'], [k.staffA], [k.staffB]]);
  secret = await insertCommunity(t.db.owner, { regionId: k.region.id, createdBy: k.coordinator, visibility: 'invite' }, [[k.managerA, 'manager'], [k.staffA]]);
});

describe('files', () => {
  it('round-trips an image: inline, its own type, sandboxed', async () => {
    const up = await upload(k.staffA, open.id, '写真.png', PNG, 'text/html');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ filename: '写真.png', contentType: 'image/png', sizeBytes: PNG.length, inline: true, url: `/api/files/${up.body.id}` });
    const p = await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { body: '写真です', attachmentIds: [up.body.id] });
    expect(p.status).toBe(201);
    expect(p.body.attachments).toEqual([up.body]);

    const got = await download(k.staffB, up.body.url);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(PNG)).toBe(true);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(got.headers['content-disposition']).toMatch(/^inline; filename="__\.png"; filename\*=UTF-8''%E5%86%99%E7%9C%9F\.png$/);
    // The bytes are on the disk under <region>/<yyyy>/<mm>/<uuid>, nothing of the name.
    const months = await readdir(path.join(dir, k.region.id));
    expect(months.length).toBe(1);
  });

  it('serves an HTML upload as an octet-stream attachment, never as a page', async () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const up = await upload(k.staffA, open.id, '議事録 (案).html', html, 'text/html');
    expect(up.body).toMatchObject({ contentType: 'application/octet-stream', inline: false });
    await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { body: '資料', attachmentIds: [up.body.id] });
    const got = await download(k.staffB, up.body.url);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="___ (_).html"; filename*=UTF-8''${encodeURIComponent('議事録 ').replace(/'/g, '%27')}%28%E6%A1%88%29.html`,
    );
    expect(got.bytes.equals(html)).toBe(true);
  });

  it('downloads a PDF as an attachment: a sandboxed document would not open in the browser\'s PDF viewer', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%資料\n');
    const up = await upload(k.staffA, open.id, '会議資料.pdf', pdf, 'application/pdf');
    expect(up.body).toMatchObject({ contentType: 'application/pdf', inline: false });
    const post = await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { body: 'PDF', attachmentIds: [up.body.id] });
    expect(post.body.attachments).toEqual([expect.objectContaining({ id: up.body.id, inline: false })]);
    const got = await download(k.staffB, up.body.url);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('会議資料')}.pdf`);
    expect(got.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(got.bytes.equals(pdf)).toBe(true);
  });

  it('answers 404 to staff of another region and to a non-member of an invite-only community', async () => {
    const up = await upload(k.staffA, open.id, 'memo.txt', Buffer.from('メモ'));
    expect(up.body.contentType).toBe('text/plain; charset=utf-8');
    await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { body: 'メモ', attachmentIds: [up.body.id] });
    expect((await download(k.outsiderC, up.body.url)).status).toBe(404);
    expect((await upload(k.outsiderC, open.id, 'x.txt', Buffer.from('x'))).status).toBe(404);

    const s = await upload(k.staffA, secret.id, 'secret.pdf', Buffer.from('%PDF-1.4 secret'));
    expect(s.body).toMatchObject({ contentType: 'application/pdf', inline: false });
    await k.call(k.staffA, 'POST', `/api/communities/${secret.id}/posts`, { body: '秘密', attachmentIds: [s.body.id] });
    expect((await download(k.managerA, s.body.url)).status).toBe(200);
    expect((await download(k.staffB, s.body.url)).status).toBe(404);
    expect((await download(k.outsiderC, s.body.url)).status).toBe(404);
    expect((await upload(k.staffB, secret.id, 'x.txt', Buffer.from('x'))).status).toBe(404);
    // A reader of an open community who is not a member may download, not upload.
    const reader = await newUser(t.db.owner, k.b.id);
    expect((await download(reader, up.body.url)).status).toBe(200);
    expect((await upload(reader, open.id, 'x.txt', Buffer.from('x'))).status).toBe(403);
  });

  it('keeps an upload private to its uploader until attached, and attaches only my own unattached files', async () => {
    const mine = await upload(k.staffA, open.id, 'a.txt', Buffer.from('a'));
    expect((await download(k.staffA, mine.body.url)).status).toBe(200);
    expect((await download(k.staffB, mine.body.url)).status).toBe(404);
    const theirs = await upload(k.staffB, open.id, 'b.txt', Buffer.from('b'));
    const refused = await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { body: 'x', attachmentIds: [mine.body.id, theirs.body.id] }, 'en');
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.attachmentIds).toBe('Attachments is not a known file');
    // Refused as a whole: my file is still free to attach.
    const ok = await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { body: 'x', attachmentIds: [mine.body.id] });
    expect(ok.status).toBe(201);
    const again = await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { body: 'y', attachmentIds: [mine.body.id] });
    expect(again.body.error.fields.attachmentIds).toBe('添付ファイル: ファイルが見つかりません');
    expect((await download(k.staffB, mine.body.url)).status).toBe(200);
  });

  it('hides the attachments of a hidden post from all but its author and the managers; a deleted post\'s from everyone', async () => {
    const up = await upload(k.staffA, open.id, 'x.png', PNG);
    const p = (await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { body: 'x', attachmentIds: [up.body.id] })).body;
    await k.call(k.managerA, 'POST', `/api/posts/${p.id}/hide`, { reason: '肖像権' });
    expect((await k.call(k.staffB, 'GET', `/api/posts/${p.id}`)).body.attachments).toEqual([]);
    expect((await download(k.staffB, up.body.url)).status).toBe(404);
    expect((await download(k.staffA, up.body.url)).status).toBe(200);
    expect((await download(k.managerA, up.body.url)).status).toBe(200);
    await k.call(k.staffA, 'DELETE', `/api/posts/${p.id}`);
    expect((await download(k.staffA, up.body.url)).status).toBe(404);
  });

  it('refuses a file over the limit and an empty one, naming the field in Japanese and English', async () => {
    const big = await upload(k.staffA, open.id, 'big.bin', randomBytes(LIMIT + 1));
    expect(big.status).toBe(400);
    expect(big.body.error.fields.file).toBe('ファイル: ファイルが大きすぎます（上限 2 MB）');
    const bigEn = await upload(k.staffA, open.id, 'big.bin', randomBytes(LIMIT + 10), undefined, 'en');
    expect(bigEn.body.error.fields.file).toBe('File is too large (limit 2 MB)');
    const exact = await upload(k.staffA, open.id, 'exact.bin', randomBytes(LIMIT));
    expect(exact.status).toBe(201);
    const empty = await upload(k.staffA, open.id, 'empty.txt', Buffer.alloc(0), undefined, 'en');
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.file).toBe('File is empty');
    const [{ n }] = await t.db.owner`select count(*)::int as n from community_files where filename in ('big.bin', 'empty.txt')` as unknown as [{ n: number }];
    expect(n).toBe(0);
    const none = await t.app.inject({
      method: 'POST', url: `/api/communities/${open.id}/files`, payload: { file: 'x' },
      headers: { authorization: await auth(k.staffA), 'accept-language': 'en' },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields.file).toMatch(/^File /);
  });
});
