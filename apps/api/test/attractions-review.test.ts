import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestApi } from './helpers';
import { attractionCast, draftBody, insertPhoto, insertPost, type AttractionCast } from './attraction-fixtures';
import type { HelpUser } from './help-fixtures';
import { whileHolding } from './mentoring-fixtures';

// 地域の魅力, the reviewers' side: who reviews (the post's town's attraction_reviewer or 自治体管理者,
// never their own post), return and reject need a comment, the history and the author's notice, two
// reviewers at once (one wins, 409 for the other), the rights check again on approval; once approved the
// post is in the region's pool — every town sees it, none but its own changes it, the other region
// sees nothing.

const dir = mkdtempSync(path.join(tmpdir(), 'yui-attractions-review-'));
const t = useTestApi({ YUI_FILES_DIR: dir });
let k: AttractionCast;
beforeAll(async () => {
  k = await attractionCast(t);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const events = (type: string, postId: string) => t.db.owner<{ payload: any; municipality_id: string; actor_id: string }[]>`
  select payload, municipality_id, actor_id from outbox_events where type = ${type} and payload->>'postId' = ${postId} order by created_at`;
const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

/** A post written and submitted through the API (version 2 once in review). */
async function submitted(author: HelpUser = k.staffA1, over: Record<string, unknown> = {}): Promise<string> {
  const p = await k.call(author, 'POST', '/api/attractions', draftBody(over));
  expect(p.status).toBe(201);
  const s = await k.call(author, 'POST', `/api/attractions/${p.body.id}/submit`, { version: 1 });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return p.body.id;
}

describe('review', () => {
  it('returns with a comment, the author edits and submits again, the reviewer approves into the pool', async () => {
    const id = await submitted();
    // In review: the author and the town's reviewers; colleagues and other towns still see nothing.
    expect((await k.call(k.staffA2, 'GET', `/api/attractions/${id}`)).status).toBe(404);
    expect((await k.call(k.managerB, 'GET', `/api/attractions/${id}`)).status).toBe(404);
    const queue = await k.call(k.managerA, 'GET', '/api/attractions?view=review');
    expect(ids(queue.body)).toContain(id);
    const seen = await k.call(k.managerA, 'GET', `/api/attractions/${id}`);
    expect(seen.body.can).toMatchObject({ review: true, edit: false, withdraw: false });

    const noComment = await k.call(k.managerA, 'POST', `/api/attractions/${id}/review`, { decision: 'return', version: 2 });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.fields).toEqual({ comment: 'コメント: 差し戻し・見送りには理由を書いてください' });
    const noCommentEn = await k.call(k.managerA, 'POST', `/api/attractions/${id}/review`, { decision: 'reject', comment: '  ', version: 2 }, 'en');
    expect(noCommentEn.body.error.fields).toEqual({ comment: 'Comment is required when returning or rejecting' });

    const ret = await k.call(k.managerA, 'POST', `/api/attractions/${id}/review`, { decision: 'return', comment: '開花時期を書いてください', version: 2 });
    expect(ret.status).toBe(200);
    expect(ret.body).toMatchObject({ status: 'returned', reviewComment: '開花時期を書いてください', reviewedBy: { id: k.managerA.id }, version: 3 });
    const [told] = await events('attraction.reviewed', id);
    expect(told).toMatchObject({
      municipality_id: k.townA.id, actor_id: k.managerA.id,
      payload: { postId: id, recipientIds: [k.staffA1.id], decision: 'returned', reviewerName: '課長 花子', comment: '開花時期を書いてください' },
    });
    // Returned: the author's to edit again; the reviewer still sees it, without the review button.
    expect((await k.call(k.managerA, 'GET', `/api/attractions/${id}`)).body.can.review).toBe(false);
    const author = await k.call(k.staffA1, 'GET', `/api/attractions/${id}`);
    expect(author.body.can).toMatchObject({ edit: true, submit: true, delete: true });
    expect((await k.call(k.staffA1, 'PATCH', `/api/attractions/${id}`, { version: 3, body: '見頃は4月中旬。' })).status).toBe(200);
    expect((await k.call(k.staffA1, 'POST', `/api/attractions/${id}/submit`, { version: 4 })).status).toBe(200);

    const ok = await k.call(k.managerA, 'POST', `/api/attractions/${id}/review`, { decision: 'approve', version: 5 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', reviewComment: null, version: 6 });
    expect(ok.body.approvedAt).toBeTruthy();
    expect(ok.body.reviews.map((r: { action: string; actor: { id: string } }) => [r.action, r.actor.id])).toEqual([
      ['submitted', k.staffA1.id], ['returned', k.managerA.id], ['submitted', k.staffA1.id], ['approved', k.managerA.id],
    ]);
    expect((await events('attraction.reviewed', id)).map((e) => e.payload.decision)).toEqual(['returned', 'approved']);
    // Decided: a second decision is 409.
    const again = await k.call(k.managerA, 'POST', `/api/attractions/${id}/review`, { decision: 'reject', comment: 'やはり', version: 6 });
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual({ status: '状態: 審査中の投稿ではありません' });
  });

  it('is the post\'s town\'s reviewers\' only, and never one\'s own post', async () => {
    const own = await submitted(k.managerA);
    const mine = await k.call(k.managerA, 'POST', `/api/attractions/${own}/review`, { decision: 'approve', version: 2 });
    expect(mine.status).toBe(403);
    expect(mine.body.error.fields).toEqual({ decision: '審査結果: 自分の投稿は審査できません' });
    expect((await k.call(k.managerA, 'GET', `/api/attractions/${own}`)).body.can.review).toBe(false);
    // The town's 自治体管理者 reviews too.
    const byAdmin = await k.call(k.adminA, 'POST', `/api/attractions/${own}/review`, { decision: 'approve', version: 2 });
    expect(byAdmin.status).toBe(200);

    const id = await submitted();
    // Not a reviewer: the post in review is not even visible to them.
    for (const who of [k.staffA2, k.managerB, k.coordinator, k.outsider]) {
      expect((await k.call(who, 'POST', `/api/attractions/${id}/review`, { decision: 'approve', version: 2 })).status, who.name).toBe(404);
    }
  });

  it('lets one of two reviewers deciding at once win; the other gets 409', async () => {
    const id = await submitted();
    const results = await whileHolding(
      t,
      (tx) => tx`select id from attraction_posts where id = ${id} for update`,
      [
        () => k.call(k.managerA, 'POST', `/api/attractions/${id}/review`, { decision: 'approve', version: 2 }),
        () => k.call(k.adminA, 'POST', `/api/attractions/${id}/review`, { decision: 'return', comment: '写真を替えて', version: 2 }),
      ],
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const [{ n }] = await t.db.owner<[{ n: number }]>`
      select count(*)::int as n from attraction_reviews where post_id = ${id} and action <> 'submitted'`;
    expect(n).toBe(1);
    expect((await events('attraction.reviewed', id)).length).toBe(1);
    const [post] = await t.db.owner<{ status: string }[]>`select status from attraction_posts where id = ${id}`;
    expect(post!.status).toBe(winner.body.status);
  });

  it('checks the photos again on approval', async () => {
    const p = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'in_review' });
    const photo = await insertPhoto(t, p.id, { ready: true });
    const [{ version }] = await t.db.owner<[{ version: number }]>`select version from attraction_posts where id = ${p.id}`;
    const res = await k.call(k.managerA, 'POST', `/api/attractions/${p.id}/review`, { decision: 'approve', version }, 'en');
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ photos: 'Photos need the rights check of every photo (photographer, consent, permission)' });
    await t.db.owner`update attraction_photos set photographer = '撮影者', people = 'none', may_publish = true where id = ${photo.id}`;
    // Answered: approved.
    expect((await k.call(k.managerA, 'POST', `/api/attractions/${p.id}/review`, { decision: 'approve', version })).status).toBe(200);
  });

  it('rejects for good: the author can neither edit nor submit it again', async () => {
    const id = await submitted();
    const rej = await k.call(k.managerA, 'POST', `/api/attractions/${id}/review`, { decision: 'reject', comment: '対象外です', version: 2 });
    expect(rej.body).toMatchObject({ status: 'rejected', reviewComment: '対象外です' });
    expect((await k.call(k.staffA1, 'PATCH', `/api/attractions/${id}`, { version: 3, title: 'もう一度' })).status).toBe(409);
    expect((await k.call(k.staffA1, 'POST', `/api/attractions/${id}/submit`, { version: 3 })).status).toBe(409);
    expect((await k.call(k.staffA1, 'DELETE', `/api/attractions/${id}`)).status).toBe(409);
    expect((await k.call(k.staffA1, 'GET', `/api/attractions/${id}`)).body.can).toEqual({
      edit: false, submit: false, withdraw: false, review: false, schedule: false, unpublish: false, delete: false,
    });
    expect((await k.call(k.staffA2, 'GET', `/api/attractions/${id}`)).status).toBe(404);
    const queue = await k.call(k.managerA, 'GET', '/api/attractions?view=review&status=rejected');
    expect(ids(queue.body)).toContain(id);
  });
});

describe('the shared pool', () => {
  it('is seen by every town of the region, changed by none but the post\'s own, and unseen by the other region', async () => {
    const id = await submitted(k.staffA1, { title: '開成山公園の桜', category: 'spot' });
    await k.call(k.managerA, 'POST', `/api/attractions/${id}/review`, { decision: 'approve', version: 2 });

    const fromB = await k.call(k.staffB1, 'GET', `/api/attractions/${id}`);
    expect(fromB.status).toBe(200);
    expect(fromB.body).toMatchObject({ status: 'approved', town: { id: k.townA.id }, author: { id: k.staffA1.id } });
    // The review history is the town's own.
    expect(fromB.body.reviews).toEqual([]);
    expect(fromB.body.can).toEqual({ edit: false, submit: false, withdraw: false, review: false, schedule: false, unpublish: false, delete: false });
    expect(ids((await k.call(k.staffB1, 'GET', '/api/attractions?view=pool&limit=100')).body)).toContain(id);
    expect(ids((await k.call(k.staffB1, 'GET', `/api/attractions?view=pool&municipalityId=${k.townA.id}&limit=100`)).body)).toContain(id);
    expect(ids((await k.call(k.staffB1, 'GET', `/api/attractions?view=pool&municipalityId=${k.townB.id}&limit=100`)).body)).not.toContain(id);
    expect((await k.call(k.staffA2, 'GET', `/api/attractions/${id}`)).body.reviews.length).toBe(2);

    // Seen, not theirs: 403 — the author's colleagues, another town's staff and reviewers alike.
    for (const who of [k.staffB1, k.managerB, k.staffA2]) {
      expect((await k.call(who, 'PATCH', `/api/attractions/${id}`, { version: 3, title: '横取り' })).status, who.name).toBe(403);
      expect((await k.call(who, 'DELETE', `/api/attractions/${id}`)).status, who.name).toBe(403);
      expect((await k.call(who, 'POST', `/api/attractions/${id}/submit`, { version: 3 })).status, who.name).toBe(403);
    }
    const review = await k.call(k.managerB, 'POST', `/api/attractions/${id}/review`, { decision: 'reject', comment: 'x', version: 3 });
    expect(review.status).toBe(403);
    expect(review.body.error.fields).toEqual({ decision: '審査結果: この市町村の審査担当者だけが審査できます' });
    // The author: no longer editable.
    expect((await k.call(k.staffA1, 'PATCH', `/api/attractions/${id}`, { version: 3, title: '直し' })).status).toBe(409);

    // The other region: nothing at all.
    expect((await k.call(k.outsider, 'GET', `/api/attractions/${id}`)).status).toBe(404);
    expect((await k.call(k.outsider, 'PATCH', `/api/attractions/${id}`, { version: 3, title: 'x' })).status).toBe(404);
    expect((await k.call(k.outsider, 'POST', `/api/attractions/${id}/review`, { decision: 'approve', version: 3 })).status).toBe(404);
    expect(ids((await k.call(k.outsider, 'GET', '/api/attractions?view=pool&limit=100')).body)).toEqual([]);
  });

  it('tells coordinators and the town\'s reviewers what they may do with a pooled post (can.schedule, can.unpublish)', async () => {
    const approved = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'approved' });
    const published = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'published' });
    const coord = (await k.call(k.coordinator, 'GET', `/api/attractions/${approved.id}`)).body.can;
    expect(coord).toMatchObject({ schedule: true, unpublish: false, review: false, edit: false });
    expect((await k.call(k.coordinator, 'GET', `/api/attractions/${published.id}`)).body.can).toMatchObject({ schedule: false, unpublish: true });
    // The post's own town's reviewer may take it down; another town's may not.
    expect((await k.call(k.managerB, 'GET', `/api/attractions/${published.id}`)).body.can).toMatchObject({ schedule: false, unpublish: true });
    expect((await k.call(k.managerA, 'GET', `/api/attractions/${published.id}`)).body.can).toMatchObject({ schedule: false, unpublish: false });
    const pub = await k.call(k.staffA1, 'GET', `/api/attractions/${published.id}`);
    expect(pub.body.publicUrl).toMatch(new RegExp(`/visit/${k.region.slug}/${published.id}$`));
    expect((await k.call(k.staffA1, 'GET', `/api/attractions/${approved.id}`)).body.publicUrl).toBeNull();
  });

  it('keeps the review queue to the reviewer\'s own town', async () => {
    const a = await submitted(k.staffA1, { title: '郡山の投稿' });
    const b = await submitted(k.staffB1, { title: '三春の投稿' });
    expect(ids((await k.call(k.managerA, 'GET', '/api/attractions?view=review&limit=100')).body)).toEqual(expect.arrayContaining([a]));
    expect(ids((await k.call(k.managerA, 'GET', '/api/attractions?view=review&limit=100')).body)).not.toContain(b);
    expect(ids((await k.call(k.managerB, 'GET', '/api/attractions?view=review&limit=100')).body)).toEqual([b]);
    const refused = await k.call(k.staffA2, 'GET', '/api/attractions?view=review');
    expect(refused.status).toBe(403);
  });
});
