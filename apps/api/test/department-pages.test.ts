import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { newDepartment, newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';
import { helpCast, insertHelpCall, type HelpCast, type HelpUser } from './help-fixtures';

// 各課広報: the region's department directory and pages (staff with photo and introduction, open
// calls), who may edit a page (404 across towns, 403 not_editor inside one's own town), and staff
// photos: upload (type by the bytes, 2 MB), serving across the region (never another region), removal.

const dir = mkdtempSync(path.join(tmpdir(), 'yui-photos-'));
// The attachment limit is above the photo limit: photos still stop at 2 MB.
const t = useTestApi({ YUI_FILES_DIR: dir, YUI_UPLOAD_LIMIT: String(10 * 1024 * 1024) });
let k: HelpCast;
let kakari: { id: string; name: string };
let kakariStaff: HelpUser;
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(300)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300)]);
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), randomBytes(100)]);

function multipart(filename: string, bytes: Buffer, type = 'application/octet-stream', field = 'file') {
  const boundary = `----yui${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  return { payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

const tokens = new Map<string, string>();
async function auth(who: HelpUser) {
  if (!tokens.has(who.id)) tokens.set(who.id, (await t.login(who.email, who.password)).authorization);
  return tokens.get(who.id)!;
}
async function uploadPhoto(who: HelpUser, bytes: Buffer, opts: { filename?: string; type?: string; field?: string; lang?: string } = {}) {
  const m = multipart(opts.filename ?? 'me.png', bytes, opts.type ?? 'image/png', opts.field);
  const res = await t.app.inject({
    method: 'PUT', url: '/api/me/photo', payload: m.payload,
    headers: { authorization: await auth(who), 'content-type': m.contentType, 'accept-language': opts.lang ?? 'ja' },
  });
  return { status: res.statusCode, body: res.json() };
}
async function photo(who: HelpUser, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { authorization: await auth(who) } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}
const photoKey = async (u: HelpUser) => (await t.db.owner<{ photo_key: string | null }[]>`select photo_key from users where id = ${u.id}`)[0]!.photo_key;

beforeAll(async () => {
  k = await helpCast(t);
  kakari = await newDepartment(t.db.owner, k.townA.id, { kind: 'kakari', name: '観光企画係', parentId: k.deptA.id });
  kakariStaff = await newUser(t.db.owner, k.townA.id, { departmentId: kakari.id, name: '係員 一郎', nameKana: 'かかりいん いちろう' });
});

describe('department directory', () => {
  it('lists the departments of every town of the region in chart order, never another region', async () => {
    const res = await k.call(k.staffB1, 'GET', '/api/departments');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((d: { id: string }) => d.id);
    for (const d of [k.buA, k.deptA, k.deptA2, k.deptB, k.deptC, kakari]) expect(ids).toContain(d.id);
    expect(ids).not.toContain(k.deptOther.id);
    // Parents come before their children.
    expect(ids.indexOf(k.buA.id)).toBeLessThan(ids.indexOf(k.deptA.id));
    expect(ids.indexOf(k.deptA.id)).toBeLessThan(ids.indexOf(kakari.id));
    const deptA = res.body.items.find((d: { id: string }) => d.id === k.deptA.id);
    expect(deptA).toMatchObject({ town: { id: k.townA.id, name: '郡山市' }, parentId: k.buA.id, kind: 'ka', name: '観光政策課', staffCount: 4 });
    expect(res.body.towns.map((x: { id: string }) => x.id).sort()).toEqual([k.townA.id, k.townB.id, k.townC.id].sort());
  });

  it('narrows to one town; another region\'s town gives an empty list', async () => {
    const one = await k.call(k.staffA1, 'GET', `/api/departments?town=${k.townB.id}`);
    expect(one.body.items.map((d: { id: string }) => d.id)).toEqual([k.deptB.id]);
    const other = await k.call(k.staffA1, 'GET', `/api/departments?town=${k.otherTown.id}`);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    const outsider = await k.call(k.outsider, 'GET', '/api/departments');
    expect(outsider.body.items.map((d: { id: string }) => d.id)).toEqual([k.deptOther.id]);
  });
});

describe('department page', () => {
  it('shows staff of the department and of its 係, children, path; can.edit for its managers only', async () => {
    const res = await k.call(k.staffB1, 'GET', `/api/departments/${k.deptA.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: k.deptA.id, name: '観光政策課', path: '産業観光部 > 観光政策課', town: { id: k.townA.id }, can: { edit: false } });
    expect(res.body.children).toEqual([{ id: kakari.id, name: '観光企画係', kind: 'kakari' }]);
    const staff = res.body.staff.map((s: { id: string }) => s.id);
    expect(staff.sort()).toEqual([k.managerA.id, k.staffA1.id, k.staffA2.id, k.staffA3.id, kakariStaff.id].sort());
    // The department's own people first, then its 係.
    expect(res.body.staff.at(-1)).toMatchObject({ id: kakariStaff.id, departmentId: kakari.id, departmentName: '観光企画係' });
    // Never e-mail or anything beyond the card.
    expect(Object.keys(res.body.staff[0]).sort()).toEqual(['departmentId', 'departmentName', 'id', 'introduction', 'name', 'nameKana', 'photoUrl', 'position']);
    // A 部 page lists everyone below it.
    const bu = await k.call(k.staffB1, 'GET', `/api/departments/${k.buA.id}`);
    expect(bu.body.staff.map((s: { id: string }) => s.id)).toContain(kakariStaff.id);

    expect((await k.call(k.managerA, 'GET', `/api/departments/${k.deptA.id}`)).body.can.edit).toBe(true);
    expect((await k.call(k.buHeadA, 'GET', `/api/departments/${k.deptA.id}`)).body.can.edit).toBe(true);
    expect((await k.call(k.adminA, 'GET', `/api/departments/${k.deptA.id}`)).body.can.edit).toBe(true);
    expect((await k.call(k.managerA, 'GET', `/api/departments/${kakari.id}`)).body.can.edit).toBe(true);
    expect((await k.call(k.staffA1, 'GET', `/api/departments/${k.deptA.id}`)).body.can.edit).toBe(false);
    expect((await k.call(k.managerA2, 'GET', `/api/departments/${k.deptA.id}`)).body.can.edit).toBe(false);
    expect((await k.call(k.managerA, 'GET', `/api/departments/${k.buA.id}`)).body.can.edit).toBe(false);
  });

  it('is 404 for another region, an unknown id and an inactive department', async () => {
    expect((await k.call(k.outsider, 'GET', `/api/departments/${k.deptA.id}`)).status).toBe(404);
    expect((await k.call(k.staffA1, 'GET', `/api/departments/${k.deptOther.id}`)).status).toBe(404);
    expect((await k.call(k.staffA1, 'GET', '/api/departments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const old = await newDepartment(t.db.owner, k.townB.id, { name: '廃止課' });
    await t.db.owner`update departments set active = false where id = ${old.id}`;
    expect((await k.call(k.staffB1, 'GET', `/api/departments/${old.id}`)).status).toBe(404);
  });

  it('lists the department\'s open calls the reader may see, with their own status', async () => {
    const o = t.db.owner;
    const base = { regionId: k.region.id, municipalityId: k.townA.id, departmentId: k.deptA.id, createdBy: k.managerA };
    const regionCall = await insertHelpCall(o, { ...base, title: '広域の募集', headcount: 1, acceptedCount: 1, appliedCount: 1 });
    const townCall = await insertHelpCall(o, { ...base, title: '町内だけの募集', reach: 'town' });
    const closed = await insertHelpCall(o, { ...base, title: '締切済み', status: 'closed' });
    await o`insert into help_applications (region_id, call_id, user_id, municipality_id, status, counted_at)
            values (${k.region.id}, ${regionCall.id}, ${k.staffB1.id}, ${k.townB.id}, 'accepted', now())`;

    const b = await k.call(k.staffB1, 'GET', `/api/departments/${k.deptA.id}`);
    const bCalls = b.body.openCalls;
    expect(bCalls.map((c: { id: string }) => c.id)).toEqual([regionCall.id]);
    expect(bCalls[0]).toMatchObject({
      title: '広域の募集', status: 'open', full: true, myStatus: 'accepted',
      town: { id: k.townA.id, name: '郡山市' }, department: { id: k.deptA.id, name: '観光政策課', path: '産業観光部 > 観光政策課' },
    });
    const a = await k.call(k.staffA1, 'GET', `/api/departments/${k.deptA.id}`);
    const aIds = a.body.openCalls.map((c: { id: string }) => c.id);
    expect(aIds).toContain(townCall.id);
    expect(aIds).not.toContain(closed.id);
    expect(a.body.openCalls.find((c: { id: string }) => c.id === regionCall.id).myStatus).toBeNull();
  });
});

describe('editing a department page', () => {
  it('lets its manager, a manager above it and the town admin edit; blank clears', async () => {
    const res = await k.call(k.managerA, 'PATCH', `/api/departments/${k.deptA.id}`, { description: '観光振興と誘客を担当します。', emergencyDuties: '観光客の避難誘導' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ description: '観光振興と誘客を担当します。', emergencyDuties: '観光客の避難誘導', can: { edit: true } });
    expect((await k.call(k.buHeadA, 'PATCH', `/api/departments/${k.deptA.id}`, { description: '部長が書き直しました。' })).body)
      .toMatchObject({ description: '部長が書き直しました。', emergencyDuties: '観光客の避難誘導' });
    expect((await k.call(k.adminA, 'PATCH', `/api/departments/${k.deptA.id}`, { emergencyDuties: '  ' })).body)
      .toMatchObject({ description: '部長が書き直しました。', emergencyDuties: null });
    // Others of the region read it and see that it has a page.
    const list = await k.call(k.staffC1, 'GET', `/api/departments?town=${k.townA.id}`);
    expect(list.body.items.find((d: { id: string }) => d.id === k.deptA.id).hasDescription).toBe(true);
    expect((await k.call(k.staffC1, 'GET', `/api/departments/${k.deptA.id}`)).body.description).toBe('部長が書き直しました。');
  });

  it('answers 403 not_editor inside the town and 404 for other towns and regions', async () => {
    const staff = await k.call(k.staffA1, 'PATCH', `/api/departments/${k.deptA.id}`, { description: 'x' });
    expect(staff.status).toBe(403);
    expect(staff.body.error.fields.departmentId).toBe('所属: この所属のページを編集できるのは所属長と管理者です');
    const en = await k.call(k.managerA2, 'PATCH', `/api/departments/${k.deptA.id}`, { description: 'x' }, 'en');
    expect(en.status).toBe(403);
    expect(en.body.error.fields.departmentId).toMatch(/manager and the admins/);
    // A 課長 may not edit the 部 above their 課.
    expect((await k.call(k.managerA, 'PATCH', `/api/departments/${k.buA.id}`, { description: 'x' })).status).toBe(403);
    expect((await k.call(k.managerB, 'PATCH', `/api/departments/${k.deptA.id}`, { description: 'x' })).status).toBe(404);
    expect((await k.call(k.outsider, 'PATCH', `/api/departments/${k.deptA.id}`, { description: 'x' })).status).toBe(404);
    const [row] = await t.db.owner<{ description: string | null }[]>`select description from departments where id = ${k.deptA.id}`;
    expect(row!.description).toBe('部長が書き直しました。');
  });
});

describe('photos and introduction', () => {
  it('uploads a photo, serves it region-wide with a private cache, and replaces it with a new address', async () => {
    const up = await uploadPhoto(k.staffA1, PNG);
    expect(up.status).toBe(200);
    const url: string = up.body.photoUrl;
    expect(url).toMatch(new RegExp(`^/api/people/${k.staffA1.id}/photo\\?v=[0-9a-f]{8}$`));
    const key1 = await photoKey(k.staffA1);
    expect(url).not.toContain(key1!);

    const got = await photo(k.staffC1, url);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['cache-control']).toBe('private, max-age=3600');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(got.bytes, PNG)).toBe(0);
    expect((await photo(k.outsider, url)).status).toBe(404);

    // Shown on the department page.
    const page = await k.call(k.staffB1, 'GET', `/api/departments/${k.deptA.id}`);
    expect(page.body.staff.find((s: { id: string }) => s.id === k.staffA1.id).photoUrl).toBe(url);

    const again = await uploadPhoto(k.staffA1, JPEG, { filename: 'me.jpg', type: 'image/jpeg' });
    expect(again.status).toBe(200);
    expect(again.body.photoUrl).not.toBe(url);
    const key2 = await photoKey(k.staffA1);
    expect(key2).not.toBe(key1);
    // The replaced photo is gone from storage.
    expect(await t.app.storage.get(key1!)).toBeNull();
    const jpeg = await photo(k.staffB2, again.body.photoUrl);
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(jpeg.bytes, JPEG)).toBe(0);
  });

  it('refuses anything but JPEG, PNG or WebP (by the bytes), empty files and more than 2 MB', async () => {
    const gif = await uploadPhoto(k.staffA2, GIF, { filename: 'a.png', type: 'image/png' });
    expect(gif.status).toBe(400);
    expect(gif.body.error.fields.photo).toBe('写真: JPEG・PNG・WebPの画像を選んでください');
    // A script claiming to be an image.
    const html = await uploadPhoto(k.staffA2, Buffer.from('<svg onload="alert(1)"></svg>'), { filename: 'x.png', type: 'image/png' });
    expect(html.status).toBe(400);
    expect((await uploadPhoto(k.staffA2, Buffer.alloc(0))).status).toBe(400);
    const big = await uploadPhoto(k.staffA2, Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]));
    expect(big.status).toBe(400);
    expect(Object.keys(big.body.error.fields)).toEqual(['photo']);
    expect((await uploadPhoto(k.staffA2, PNG, { field: 'image' })).status).toBe(400);
    expect(await photoKey(k.staffA2)).toBeNull();
  });

  it('removes the photo: no address, 404, bytes deleted', async () => {
    const up = await uploadPhoto(k.staffB1, PNG);
    const key = await photoKey(k.staffB1);
    const res = await k.call(k.staffB1, 'DELETE', '/api/me/photo');
    expect(res.status).toBe(200);
    expect(res.body.photoUrl).toBeNull();
    expect(await photoKey(k.staffB1)).toBeNull();
    expect(await t.app.storage.get(key!)).toBeNull();
    expect((await photo(k.staffA1, up.body.photoUrl)).status).toBe(404);
    // Again: nothing to remove, still fine.
    expect((await k.call(k.staffB1, 'DELETE', '/api/me/photo')).status).toBe(200);
    // Nobody's photo: 404.
    expect((await photo(k.staffA1, `/api/people/${k.staffC2.id}/photo`)).status).toBe(404);
  });

  it('sets the self-introduction with PATCH /api/me; blank clears it', async () => {
    const res = await k.call(k.staffA3, 'PATCH', '/api/me', { introduction: '写真撮影と動画編集が得意です。' });
    expect(res.status).toBe(200);
    const page = await k.call(k.staffC1, 'GET', `/api/departments/${k.deptA.id}`);
    expect(page.body.staff.find((s: { id: string }) => s.id === k.staffA3.id).introduction).toBe('写真撮影と動画編集が得意です。');
    expect((await k.call(k.staffA3, 'PATCH', '/api/me', { introduction: 'x'.repeat(2001) })).status).toBe(400);
    // Language only: the introduction stays.
    await k.call(k.staffA3, 'PATCH', '/api/me', { locale: 'en' });
    const [row] = await t.db.owner<{ introduction: string | null; locale: string }[]>`select introduction, locale from users where id = ${k.staffA3.id}`;
    expect(row).toEqual({ introduction: '写真撮影と動画編集が得意です。', locale: 'en' });
    await k.call(k.staffA3, 'PATCH', '/api/me', { introduction: '   ' });
    const [cleared] = await t.db.owner<{ introduction: string | null }[]>`select introduction from users where id = ${k.staffA3.id}`;
    expect(cleared!.introduction).toBeNull();
  });
});
