import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { newUser } from '@yui/db/testing';
import { helpCast, type HelpTown, type HelpUser } from './help-fixtures';
import type { TestApi } from './helpers';

/**
 * The cast of the 地域の魅力 tests: helpCast's region R (townA 郡山市, townB 三春町, townC 田村市) and
 * the other region, plus
 *  - reviewers (審査担当, role attraction_reviewer): managerA (郡山市 観光政策課長) and managerB (三春町);
 *  - coordinator: a regional coordinator of R working in townA (郡山市);
 *  - staffA1 / staffB1 / staffC1 write posts.
 * `insertPost()` writes a post straight into the database as the owner (any status), for tests that
 * start from a state; `photoBytes` is a 1600×1200 JPEG carrying GPS coordinates (37.442 N, 140.490 E).
 */
export const photoBytes = readFileSync(fileURLToPath(new URL('../../../tests/fixtures/sakura-gps.jpg', import.meta.url)));

export async function attractionCast(t: TestApi) {
  const c = await helpCast(t);
  const o = t.db.owner;
  for (const [town, user] of [[c.townA, c.managerA], [c.townB, c.managerB]] as const) {
    await o`insert into role_grants (municipality_id, user_id, role) values (${town.id}, ${user.id}, 'attraction_reviewer')`;
  }
  const coordinator = await newUser(o, c.townA.id, {
    departmentId: c.deptA.id, name: '広域 調整', nameKana: 'こういき ちょうせい', roles: [{ role: 'regional_coordinator', regionId: c.region.id }],
  });
  return { ...c, coordinator };
}
export type AttractionCast = Awaited<ReturnType<typeof attractionCast>>;

export interface InsertPost {
  town: HelpTown;
  author: HelpUser;
  status?: 'draft' | 'in_review' | 'returned' | 'rejected' | 'approved' | 'scheduled' | 'published' | 'unpublished';
  category?: 'spot' | 'event' | 'food' | 'experience' | 'product' | 'other';
  title?: string;
  body?: string;
  eventStartsOn?: string | null;
  eventEndsOn?: string | null;
  tags?: string[];
  publishedAt?: Date | null;
  publishAt?: Date | null;
}

/** A post as the owner writes it (no RLS): for tests that need a post in a given state. */
export async function insertPost(t: TestApi, p: InsertPost): Promise<{ id: string }> {
  const status = p.status ?? 'draft';
  const pooled = ['approved', 'scheduled', 'published', 'unpublished'].includes(status);
  const [row] = await t.db.owner<{ id: string }[]>`
    insert into attraction_posts (region_id, municipality_id, author_id, status, category, title, body, tags,
      event_starts_on, event_ends_on, submitted_at, approved_at, publish_at, published_at)
    values (
      (select region_id from municipalities where id = ${p.town.id}), ${p.town.id}, ${p.author.id}, ${status},
      ${p.category ?? 'spot'}, ${p.title ?? '三春滝桜'}, ${p.body ?? '樹齢千年を超える紅枝垂桜。'}, ${p.tags ?? []},
      ${p.eventStartsOn ?? null}, ${p.eventEndsOn ?? null},
      ${status === 'draft' ? null : new Date()}, ${pooled ? new Date() : null},
      ${p.publishAt ?? null}, ${p.publishedAt ?? (status === 'published' ? new Date() : null)})
    returning id`;
  return row!;
}

// ── posts, photos and review (API-1's tests; API-2 may use them too) ───────────────────────────────

/** A draft's body as the form sends it (a 観光スポット unless overridden). */
export const draftBody = (over: Record<string, unknown> = {}) => ({
  category: 'spot', title: '三春滝桜', body: '樹齢千年を超える紅枝垂桜。', placeName: '三春滝桜', tags: ['桜'], ...over,
});

/** A multipart/form-data body with one file part (field "file" unless told). */
export function multipartBody(bytes: Buffer, opts: { filename?: string; type?: string; field?: string } = {}) {
  const boundary = `----yui${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${opts.field ?? 'file'}"; `
    + `filename="${opts.filename ?? 'photo.jpg'}"\r\nContent-Type: ${opts.type ?? 'image/jpeg'}\r\n\r\n`);
  return { payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

const uploadTokens = new WeakMap<TestApi, Map<string, string>>();
/** POST /api/attractions/:postId/photos as `who` (multipart). */
export async function uploadPhoto(t: TestApi, who: HelpUser, postId: string, bytes: Buffer = photoBytes, lang = 'ja') {
  const tokens = uploadTokens.get(t) ?? new Map<string, string>();
  uploadTokens.set(t, tokens);
  if (!tokens.has(who.id)) tokens.set(who.id, (await t.login(who.email, who.password)).authorization);
  const m = multipartBody(bytes);
  const res = await t.app.inject({
    method: 'POST', url: `/api/attractions/${postId}/photos`, payload: m.payload,
    headers: { authorization: tokens.get(who.id)!, 'content-type': m.contentType, 'accept-language': lang },
  });
  let body: any = null;
  try { body = res.json(); } catch { body = res.body; }
  return { status: res.statusCode, body, headers: res.headers };
}

/**
 * What the worker would do to a photo, as the owner: ready, with fake variants (medium, thumb, card —
 * no large) whose bytes are stored, so the staff route can serve them. `rights` also answers the
 * rights check (photographer, no people, may publish).
 */
export async function markPhotoReady(t: TestApi, photoId: string, opts: { rights?: boolean } = {}) {
  const [p] = await t.db.owner<{ region_id: string; process_seq: number }[]>`
    select region_id, process_seq from attraction_photos where id = ${photoId}`;
  const variants: Record<string, { key: string; width: number; height: number; bytes: number }> = {};
  for (const [name, width, height] of [['medium', 800, 600], ['thumb', 400, 300], ['card', 1200, 630]] as const) {
    const key = `attractions/${p!.region_id}/${photoId}/${p!.process_seq}-${name}`;
    await t.app.storage.put(key, photoBytes, { contentType: 'image/jpeg' });
    variants[name] = { key, width, height, bytes: photoBytes.length };
  }
  await t.db.owner`
    update attraction_photos set status = 'ready', width = 1600, height = 1200, had_location = true,
      variants = ${t.db.owner.json(variants)}
      ${opts.rights ? t.db.owner`, photographer = '郡山市観光課', people = 'none', may_publish = true` : t.db.owner``}
    where id = ${photoId}`;
  return variants;
}

/** A photo row written as the owner (no stored bytes), e.g. to fill a post up to the limit. */
export async function insertPhoto(t: TestApi, postId: string, opts: { ready?: boolean; rights?: boolean } = {}): Promise<{ id: string }> {
  const [row] = await t.db.owner<{ id: string }[]>`
    insert into attraction_photos (region_id, municipality_id, post_id, uploaded_by, original_key, content_type, byte_size, status,
      photographer, people, may_publish)
    select p.region_id, p.municipality_id, p.id, p.author_id, 'attractions/x/original', 'image/jpeg', 100,
      ${opts.ready ? 'ready' : 'processing'}, ${opts.rights ? '撮影者' : ''}, ${opts.rights ? 'none' : 'not_asked'}, ${!!opts.rights}
    from attraction_posts p where p.id = ${postId}
    returning id`;
  return row!;
}
