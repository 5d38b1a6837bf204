import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';
import {
  attractionCast, draftBody, insertPhoto, insertPost, markPhotoReady, photoBytes, uploadPhoto, type AttractionCast,
} from './attraction-fixtures';
import { whileHolding } from './mentoring-fixtures';

// 地域の魅力, the author's side: drafts (field rules, tags, idempotent create, versions), who sees a
// draft (its author only: 404 for colleagues, other towns, other regions — list, read, edit, photos),
// photos (type by the bytes, 10 MB, 10 per post even when two uploads meet, the stored original and the
// outbox event, keep-location reprocessing, removal), submitting (rights check, who is told) and
// withdrawing.

const dir = mkdtempSync(path.join(tmpdir(), 'yui-attractions-'));
// The attachment limit is above the photo limit: photos still stop at 10 MB.
const t = useTestApi({ YUI_FILES_DIR: dir, YUI_UPLOAD_LIMIT: String(20 * 1024 * 1024) });
let k: AttractionCast;
beforeAll(async () => {
  k = await attractionCast(t);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Whether a file is stored (its stream closed again at once). */
async function stored(key: string): Promise<boolean> {
  const f = await t.app.storage.get(key);
  if (f && !Buffer.isBuffer(f.body)) (f.body as NodeJS.ReadableStream & { destroy(): void }).destroy();
  return !!f;
}

const events = (type: string, postId: string) => t.db.owner<{ payload: any; municipality_id: string; actor_id: string }[]>`
  select payload, municipality_id, actor_id from outbox_events where type = ${type} and payload->>'postId' = ${postId} order by created_at`;

async function newDraft(who = () => k.staffA1, over: Record<string, unknown> = {}) {
  const res = await k.call(who(), 'POST', '/api/attractions', draftBody(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('drafts', () => {
  it('creates a draft in the author\'s town: tags without # and repeats, the event\'s end defaulting to its start', async () => {
    const res = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({
      category: 'event', title: 'さくらまつり', eventStartsOn: '2026-04-10', eventStartTime: '10:00', eventEndTime: '15:00',
      tags: ['#桜', '桜', '＃夜桜', ' 夜桜 ', 'ＳＡＫＵＲＡ', 'sakura'], latitude: 37.442, longitude: 140.49,
    }));
    expect(res.status).toBe(201);
    const p = res.body;
    expect(p).toMatchObject({
      status: 'draft', category: 'event', town: { id: k.townA.id, name: '郡山市' }, author: { id: k.staffA1.id },
      eventStartsOn: '2026-04-10', eventEndsOn: '2026-04-10', eventStartTime: '10:00', eventEndTime: '15:00',
      tags: ['桜', '夜桜', 'SAKURA'], latitude: 37.442, longitude: 140.49, photos: [], reviews: [], publications: [], version: 1,
      can: { edit: true, submit: true, withdraw: false, review: false, schedule: false, unpublish: false, delete: true },
    });
  });

  it('names the field of each rule, in Japanese and in English', async () => {
    const ev = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({ category: 'event' }));
    expect(ev.status).toBe(400);
    expect(ev.body.error.fields).toEqual({ eventStartsOn: '開催開始日: イベントには開催日が必要です' });
    const en = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({ category: 'event' }), 'en');
    expect(en.body.error.fields).toEqual({ eventStartsOn: 'Event starts on is required for an event' });

    const coords = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({ latitude: 37.4 }), 'en');
    expect(coords.body.error.fields).toEqual({ longitude: 'Longitude needs both latitude and longitude' });
    const order = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({ eventStartsOn: '2026-05-02', eventEndsOn: '2026-05-01' }));
    expect(order.body.error.fields).toEqual({ eventEndsOn: '開催終了日: 開催開始日より後の日付にしてください' });
    const times = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({
      category: 'event', eventStartsOn: '2026-05-02', eventStartTime: '15:00', eventEndTime: '10:00',
    }));
    expect(times.body.error.fields).toEqual({ eventEndTime: '終了時刻: 開始時刻より後にしてください' });
    // Across days, the end time may be earlier in the day than the start time.
    const overnight = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({
      category: 'event', eventStartsOn: '2026-05-02', eventEndsOn: '2026-05-03', eventStartTime: '18:00', eventEndTime: '02:00',
    }));
    expect(overnight.status).toBe(201);
    const title = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({ title: ' ' }));
    expect(title.body.error.fields).toEqual({ title: 'タイトル: 入力してください' });
    const link = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({ linkUrl: 'javascript:alert(1)' }));
    expect(Object.keys(link.body.error.fields)).toEqual(['linkUrl']);
  });

  it('creates once per idempotency key, also when the two requests meet', async () => {
    const key = randomUUID();
    const first = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({ title: '二度押し', idempotencyKey: key }));
    const again = await k.call(k.staffA1, 'POST', '/api/attractions', draftBody({ title: '二度押し', idempotencyKey: key }));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);

    const key2 = randomUUID();
    const both = await Promise.all([1, 2].map(() => k.call(k.staffA1, 'POST', '/api/attractions', draftBody({ idempotencyKey: key2 }))));
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(both[0]!.body.id).toBe(both[1]!.body.id);
    const [{ n }] = await t.db.owner<[{ n: number }]>`select count(*)::int as n from attraction_posts where idempotency_key = ${key2}`;
    expect(n).toBe(1);
  });

  it('edits with the version the form was opened on (stale: 409), absent keeps and null clears', async () => {
    const p = await newDraft(() => k.staffA1, { address: '三春町大字滝', latitude: 37.4, longitude: 140.4 });
    const edited = await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}`, { version: 1, title: '三春滝桜（夜）', address: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: '三春滝桜（夜）', address: null, latitude: 37.4, placeName: '三春滝桜', version: 2 });
    // Fields the PATCH leaves out keep their text (the create defaults never apply to an edit).
    const [before] = await t.db.owner<[{ body: string; tags: string[] }]>`select body, tags from attraction_posts where id = ${p.id}`;
    expect(before.body.length).toBeGreaterThan(0);
    expect(edited.body).toMatchObject({ body: before.body, tags: before.tags });
    const stale = await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}`, { version: 1, title: '古い版' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields).toEqual({ version: '版: ほかの人が先に保存しました。最新の内容を確認してください' });
    // The rules hold for the result: clearing one coordinate leaves half a pair.
    const half = await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}`, { version: 2, latitude: null });
    expect(half.body.error.fields).toEqual({ latitude: '緯度: 緯度と経度は両方入力してください' });
    const toEvent = await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}`, { version: 2, category: 'event' });
    expect(Object.keys(toEvent.body.error.fields)).toEqual(['eventStartsOn']);
  });

  it('shows a draft to its author only: colleagues, other towns and the other region get 404 everywhere', async () => {
    const p = await newDraft();
    const up = await uploadPhoto(t, k.staffA1, p.id);
    expect(up.status).toBe(201);
    await markPhotoReady(t, up.body.id);
    const own = await k.call(k.staffA1, 'GET', `/api/attractions/photos/${up.body.id}/medium`);
    expect(own.status).toBe(200);

    for (const who of [k.staffA2, k.managerA, k.adminA, k.coordinator, k.staffB1, k.managerB, k.outsider]) {
      expect((await k.call(who, 'GET', `/api/attractions/${p.id}`)).status, who.name).toBe(404);
      expect((await k.call(who, 'PATCH', `/api/attractions/${p.id}`, { version: 1, title: '横取り' })).status, who.name).toBe(404);
      expect((await k.call(who, 'DELETE', `/api/attractions/${p.id}`)).status, who.name).toBe(404);
      expect((await k.call(who, 'POST', `/api/attractions/${p.id}/submit`, { version: 1 })).status, who.name).toBe(404);
      expect((await k.call(who, 'GET', `/api/attractions/photos/${up.body.id}/medium`)).status, who.name).toBe(404);
      expect((await k.call(who, 'PATCH', `/api/attractions/${p.id}/photos/${up.body.id}`, { photographer: 'x' })).status, who.name).toBe(404);
      expect((await uploadPhoto(t, who, p.id)).status, who.name).toBe(404);
      for (const view of ['mine', 'pool']) {
        const list = await k.call(who, 'GET', `/api/attractions?view=${view}&limit=100`);
        expect(list.body.items.map((i: { id: string }) => i.id), who.name).not.toContain(p.id);
      }
    }
    const mine = await k.call(k.staffA1, 'GET', '/api/attractions?view=mine&limit=100');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(p.id);
  });

  it('lists my posts newest change first with cursors, filtered by status, category and words', async () => {
    const author = await newUser(t.db.owner, k.townB.id, { departmentId: k.deptB.id, name: '一覧 確認' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await k.call(author, 'POST', '/api/attractions', draftBody({ title: `投稿${i}`, category: i === 4 ? 'food' : 'spot' }));
      ids.push(r.body.id);
    }
    const first = await k.call(author, 'GET', '/api/attractions?limit=3');
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([ids[4], ids[3], ids[2]]);
    const second = await k.call(author, 'GET', `/api/attractions?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([ids[1], ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    expect((await k.call(author, 'GET', '/api/attractions?category=food')).body.items.map((i: { id: string }) => i.id)).toEqual([ids[4]]);
    expect((await k.call(author, 'GET', `/api/attractions?q=${encodeURIComponent('投稿2')}`)).body.items.map((i: { id: string }) => i.id)).toEqual([ids[2]]);
    expect((await k.call(author, 'GET', '/api/attractions?status=in_review')).body.items).toEqual([]);
    // The review queue is the reviewers'.
    expect((await k.call(author, 'GET', '/api/attractions?view=review')).status).toBe(403);
  });

  it('deletes a draft with its photo files; not once it is submitted', async () => {
    const p = await newDraft();
    const up = await uploadPhoto(t, k.staffA1, p.id);
    const variants = await markPhotoReady(t, up.body.id);
    const [row] = await t.db.owner<{ original_key: string }[]>`select original_key from attraction_photos where id = ${up.body.id}`;
    expect(await stored(row!.original_key)).toBe(true);
    expect((await k.call(k.staffA1, 'DELETE', `/api/attractions/${p.id}`)).body).toEqual({ ok: true });
    expect(await stored(row!.original_key)).toBe(false);
    expect(await stored(variants.medium!.key)).toBe(false);
    expect((await k.call(k.staffA1, 'GET', `/api/attractions/${p.id}`)).status).toBe(404);

    const q = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'in_review' });
    const refused = await k.call(k.staffA1, 'DELETE', `/api/attractions/${q.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields.status).toContain('編集できません');
  });
});

describe('photos', () => {
  it('stores the original privately, adds the photo as processing and emits attraction.photo_uploaded', async () => {
    const p = await newDraft();
    const up = await uploadPhoto(t, k.staffA1, p.id);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      status: 'processing', keepLocation: false, hadLocation: null, variants: {}, photographer: '', people: 'not_asked',
      mayPublish: false, sortOrder: 0, rightsMissing: ['photographer', 'people', 'mayPublish'],
    });
    const [row] = await t.db.owner<{ original_key: string; content_type: string; byte_size: number; process_seq: number; municipality_id: string }[]>`
      select original_key, content_type, byte_size, process_seq, municipality_id from attraction_photos where id = ${up.body.id}`;
    expect(row).toMatchObject({
      original_key: `attractions/${k.region.id}/${up.body.id}/original`, content_type: 'image/jpeg', byte_size: photoBytes.length,
      process_seq: 1, municipality_id: k.townA.id,
    });
    const file = await t.app.storage.get(row!.original_key);
    const body = Buffer.isBuffer(file!.body) ? file!.body : Buffer.concat(await collect(file!.body as AsyncIterable<Buffer>));
    expect(body.equals(photoBytes)).toBe(true);
    const ev = await events('attraction.photo_uploaded', p.id);
    expect(ev).toEqual([{
      payload: { postId: p.id, photoId: up.body.id, seq: 1, recipientIds: [] }, municipality_id: k.townA.id, actor_id: k.staffA1.id,
    }]);
    // The original is never served; variants only once ready.
    expect((await k.call(k.staffA1, 'GET', `/api/attractions/photos/${up.body.id}/medium`)).status).toBe(404);
    const second = await uploadPhoto(t, k.staffA1, p.id);
    expect(second.body.sortOrder).toBe(1);
  });

  it('answers a body that is not well-formed multipart with a 400 on the photo, never a 500', async () => {
    const p = await newDraft();
    const { authorization } = await t.login(k.staffA1.email, k.staffA1.password);
    for (const [what, contentType, payload] of [
      ['no boundary', 'multipart/form-data', 'abc'],
      ['cut short', 'multipart/form-data; boundary=XX',
        Buffer.from('--XX\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff', 'latin1')],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: `/api/attractions/${p.id}/photos`, payload, headers: { authorization, 'content-type': contentType } });
      expect(res.statusCode, what).toBe(400);
      expect(Object.keys(res.json().error.fields ?? {}), what).toEqual(['photo']);
    }
  });

  it('decides the type by the bytes and refuses more than 10 MB, in Japanese and English', async () => {
    const p = await newDraft();
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), randomBytes(100)]);
    const notImage = await uploadPhoto(t, k.staffA1, p.id, gif);
    expect(notImage.status).toBe(400);
    expect(notImage.body.error.fields).toEqual({ photo: '写真: JPEG・PNG・WebP の画像を選んでください' });
    const text = await uploadPhoto(t, k.staffA1, p.id, Buffer.from('<svg onload="alert(1)"/>'), 'en');
    expect(text.body.error.fields).toEqual({ photo: 'Photo must be a JPEG, PNG or WebP image' });
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await uploadPhoto(t, k.staffA1, p.id, big);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.fields).toEqual({ photo: '写真: 写真は10MBまでです' });
    const webp = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), Buffer.from('WEBPVP8 ', 'latin1'), randomBytes(64)]);
    expect((await uploadPhoto(t, k.staffA1, p.id, webp)).status).toBe(201);
    const [{ n }] = await t.db.owner<[{ n: number }]>`select count(*)::int as n from attraction_photos where post_id = ${p.id}`;
    expect(n).toBe(1);
  });

  it('keeps to 10 photos per post when two uploads meet at the post\'s lock', async () => {
    const p = await newDraft();
    for (let i = 0; i < 9; i++) await insertPhoto(t, p.id);
    const results = await whileHolding(
      t,
      (tx) => tx`select id from attraction_posts where id = ${p.id} for update`,
      [() => uploadPhoto(t, k.staffA1, p.id), () => uploadPhoto(t, k.staffA1, p.id)],
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(results.find((r) => r.status === 400)!.body.error.fields).toEqual({ photo: '写真: 写真は1件につき10枚までです' });
    const [{ n }] = await t.db.owner<[{ n: number }]>`select count(*)::int as n from attraction_photos where post_id = ${p.id}`;
    expect(n).toBe(10);
  });

  it('records the rights check; a new keep-location choice processes the photo again under the next seq', async () => {
    const p = await newDraft();
    const up = await uploadPhoto(t, k.staffA1, p.id);
    await markPhotoReady(t, up.body.id);
    const rights = await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}/photos/${up.body.id}`, {
      photographer: '郡山市観光課', people: 'consented', mayPublish: true, alt: '満開の滝桜', caption: '4月中旬',
    });
    expect(rights.status).toBe(200);
    expect(rights.body).toMatchObject({ status: 'ready', rightsMissing: [], alt: '満開の滝桜' });
    expect(rights.body.variants.medium.url).toBe(`/attractions/photos/${up.body.id}/medium?v=1`);
    expect((await events('attraction.photo_uploaded', p.id)).length).toBe(1);

    const keep = await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}/photos/${up.body.id}`, { keepLocation: true });
    expect(keep.body).toMatchObject({ status: 'processing', keepLocation: true, variants: {} });
    const ev = await events('attraction.photo_uploaded', p.id);
    expect(ev.map((e) => e.payload.seq)).toEqual([1, 2]);
    // The same choice again changes nothing.
    await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}/photos/${up.body.id}`, { keepLocation: true });
    expect((await events('attraction.photo_uploaded', p.id)).length).toBe(2);
    // A photo of another post through this post's address: 404.
    const other = await newDraft();
    expect((await k.call(k.staffA1, 'PATCH', `/api/attractions/${other.id}/photos/${up.body.id}`, { alt: 'x' })).status).toBe(404);
  });

  it('serves ready variants privately to those who see the post, never another region', async () => {
    const p = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'draft' });
    const up = await uploadPhoto(t, k.staffA1, p.id);
    await markPhotoReady(t, up.body.id, { rights: true });
    const res = await k.call(k.staffA1, 'GET', `/api/attractions/photos/${up.body.id}/card?v=1`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('private, max-age=3600');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.raw.rawPayload.equals(photoBytes)).toBe(true);
    // A variant the worker did not make.
    expect((await k.call(k.staffA1, 'GET', `/api/attractions/photos/${up.body.id}/large`)).status).toBe(404);
    expect((await k.call(k.staffA1, 'GET', `/api/attractions/photos/${up.body.id}/original`)).status).toBe(400);

    await t.db.owner`update attraction_posts set status = 'approved', approved_at = now() where id = ${p.id}`;
    expect((await k.call(k.staffB1, 'GET', `/api/attractions/photos/${up.body.id}/card`)).status).toBe(200);
    expect((await k.call(k.outsider, 'GET', `/api/attractions/photos/${up.body.id}/card`)).status).toBe(404);
    // Pooled: no longer the author's to change.
    expect((await k.call(k.staffA1, 'DELETE', `/api/attractions/${p.id}/photos/${up.body.id}`)).status).toBe(409);
    expect((await k.call(k.staffB1, 'DELETE', `/api/attractions/${p.id}/photos/${up.body.id}`)).status).toBe(403);
  });

  it('removes a photo and its files after the commit', async () => {
    const p = await newDraft();
    const up = await uploadPhoto(t, k.staffA1, p.id);
    const variants = await markPhotoReady(t, up.body.id);
    const key = `attractions/${k.region.id}/${up.body.id}/original`;
    expect((await k.call(k.staffA1, 'DELETE', `/api/attractions/${p.id}/photos/${up.body.id}`)).body).toEqual({ ok: true });
    expect(await stored(key)).toBe(false);
    expect(await stored(variants.thumb!.key)).toBe(false);
    expect((await k.call(k.staffA1, 'GET', `/api/attractions/${p.id}`)).body.photos).toEqual([]);
  });
});

describe('submitting', () => {
  it('needs the rights check of every photo and every photo processed', async () => {
    const p = await newDraft();
    const up = await uploadPhoto(t, k.staffA1, p.id);
    const rights = await k.call(k.staffA1, 'POST', `/api/attractions/${p.id}/submit`, { version: 1 });
    expect(rights.status).toBe(400);
    expect(rights.body.error.fields).toEqual({ photos: '写真: すべての写真の権利確認（撮影者・写っている人の同意・公開の許諾）が必要です' });
    await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}/photos/${up.body.id}`, { photographer: '郡山 太郎', people: 'none', mayPublish: true });
    const processing = await k.call(k.staffA1, 'POST', `/api/attractions/${p.id}/submit`, { version: 1 }, 'en');
    expect(processing.body.error.fields).toEqual({ photos: 'Photos are still being processed' });
    await t.db.owner`update attraction_photos set status = 'failed', process_error = 'bad' where id = ${up.body.id}`;
    const failed = await k.call(k.staffA1, 'POST', `/api/attractions/${p.id}/submit`, { version: 1 });
    expect(failed.body.error.fields.photos).toContain('処理できなかった写真');
    await markPhotoReady(t, up.body.id);
    const ok = await k.call(k.staffA1, 'POST', `/api/attractions/${p.id}/submit`, { version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'in_review', version: 2, can: { edit: false, submit: false, withdraw: true, delete: false } });
    expect(ok.body.submittedAt).toBeTruthy();
    expect(ok.body.reviews.map((r: { action: string }) => r.action)).toEqual(['submitted']);
  });

  it('tells the town\'s reviewers (its 自治体管理者 when it named none); a post without photos may go', async () => {
    const a = await newDraft();
    const res = await k.call(k.staffA1, 'POST', `/api/attractions/${a.id}/submit`, { version: 1 });
    expect(res.status).toBe(200);
    const [ev] = await events('attraction.submitted', a.id);
    expect(ev).toMatchObject({ municipality_id: k.townA.id, actor_id: k.staffA1.id, payload: { postId: a.id, title: '三春滝桜', authorName: '郡山 太郎' } });
    expect(ev!.payload.recipientIds).toEqual([k.managerA.id]);

    const adminC = await newUser(t.db.owner, k.townC.id, { departmentId: k.deptC.id, name: '田村 管理', roles: [{ role: 'municipality_admin' }] });
    const c = await newDraft(() => k.staffC1);
    await k.call(k.staffC1, 'POST', `/api/attractions/${c.id}/submit`, { version: 1 });
    const [evC] = await events('attraction.submitted', c.id);
    expect(evC!.payload.recipientIds).toEqual([adminC.id]);
  });

  it('freezes the post in review (409) until the author withdraws it back to a draft', async () => {
    const p = await newDraft();
    await k.call(k.staffA1, 'POST', `/api/attractions/${p.id}/submit`, { version: 1 });
    const edit = await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}`, { version: 2, title: '直したい' }, 'en');
    expect(edit.status).toBe(409);
    expect(edit.body.error.fields).toEqual({ status: 'Status cannot be edited in this state (only drafts and returned posts)' });
    expect((await uploadPhoto(t, k.staffA1, p.id)).status).toBe(409);
    expect((await k.call(k.staffA1, 'POST', `/api/attractions/${p.id}/submit`, { version: 2 })).status).toBe(409);
    // A reviewer sees it, but it is not theirs to withdraw or edit.
    expect((await k.call(k.managerA, 'POST', `/api/attractions/${p.id}/withdraw`, { version: 2 })).status).toBe(403);
    expect((await k.call(k.managerA, 'PATCH', `/api/attractions/${p.id}`, { version: 2, title: 'x' })).status).toBe(403);
    expect((await k.call(k.staffA1, 'POST', `/api/attractions/${p.id}/withdraw`, { version: 1 })).status).toBe(409);
    const back = await k.call(k.staffA1, 'POST', `/api/attractions/${p.id}/withdraw`, { version: 2 });
    expect(back.body).toMatchObject({ status: 'draft', version: 3 });
    expect(back.body.reviews.map((r: { action: string }) => r.action)).toEqual(['submitted', 'withdrawn']);
    // A draft again: the reviewer no longer sees it.
    expect((await k.call(k.managerA, 'GET', `/api/attractions/${p.id}`)).status).toBe(404);
    expect((await k.call(k.staffA1, 'PATCH', `/api/attractions/${p.id}`, { version: 3, title: '直した' })).status).toBe(200);
  });
});

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return chunks;
}
