import { beforeAll, describe, expect, it } from 'vitest';
import { newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';
import { communityCast, insertCommunity, type CastUser, type CommunityCast } from './community-fixtures';

// 投稿・コメント・いいね・通報・解決・アイデア募集 and the home feed: who sees what, counts under
// concurrency, idempotent writes, history, moderation, and that nothing leaks across regions or
// out of an invite-only community.

const t = useTestApi();
let k: CommunityCast;
/** open: managerA manages; staffA, staffA2, staffB are members. */
let open: { id: string; name: string };
/** invite-only: managerA manages, staffA is a member; staffB (same region) must not see it. */
let secret: { id: string; name: string };
/** approval: managerB manages, staffB is a member; staffA is not. */
let closed: { id: string; name: string };

const XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))'];

/** No script or img element, no event handler attribute, no javascript: link: the payload is text at most. */
function expectHarmless(html: string) {
  expect(html).not.toMatch(/<script|<img|<iframe/i);
  expect(html).not.toMatch(/<[^>]*\son\w+=/i);
  expect(html).not.toMatch(/(href|src)\s*=\s*["']?\s*javascript:/i);
}

async function write(who: CastUser, communityId: string, body: Record<string, unknown>) {
  const res = await k.call(who, 'POST', `/api/communities/${communityId}/posts`, body);
  return res;
}
async function postOk(who: CastUser, communityId: string, body: Record<string, unknown>) {
  const res = await write(who, communityId, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; [k: string]: any };
}
async function outbox(type: string) {
  return t.db.owner<{ payload: any }[]>`select payload from outbox_events where type = ${type} order by created_at, id`;
}

beforeAll(async () => {
  k = await communityCast(t);
  const o = t.db.owner;
  open = await insertCommunity(o, { regionId: k.region.id, createdBy: k.coordinator, name: '観光まちづくり研究会' },
    [[k.managerA, 'manager'], [k.staffA], [k.staffA2], [k.staffB]]);
  secret = await insertCommunity(o, { regionId: k.region.id, createdBy: k.coordinator, name: '人事担当者の部屋', visibility: 'invite' },
    [[k.managerA, 'manager'], [k.staffA]]);
  closed = await insertCommunity(o, { regionId: k.region.id, createdBy: k.coordinator, name: '承認制の会', visibility: 'approval' },
    [[k.managerB, 'manager'], [k.staffB]]);
});

describe('writing posts', () => {
  it('renders stored XSS payloads harmlessly', async () => {
    for (const payload of XSS) {
      const p = await postOk(k.staffA, open.id, { body: `前置き ${payload} 後書き` });
      expectHarmless(p.bodyHtml);
      expect(p.body).toContain(payload); // the Markdown as written is kept for editing
      const again = await k.call(k.staffB, 'GET', `/api/posts/${p.id}`);
      expectHarmless(again.body.bodyHtml);
    }
  });

  it('applies the rules of each kind and names the fields in Japanese and English', async () => {
    const ja = await write(k.staffA, open.id, { kind: 'question', body: '本文' });
    expect(ja.status).toBe(400);
    expect(ja.body.error.fields.title).toMatch(/^タイトル: /);
    const en = await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { kind: 'case', body: 'text' }, 'en');
    expect(en.status).toBe(400);
    expect(Object.keys(en.body.error.fields).sort()).toEqual(['challenge', 'solution', 'title']);
    expect(en.body.error.fields.title).toBe('Title is required for this kind of post');
    expect(en.body.error.fields.challenge).toMatch(/^The problem /);
    const worry = await write(k.staffA, open.id, { kind: 'worry', title: '悩み', body: '本文', challenge: '  ' });
    expect(worry.body.error.fields).toEqual({ challenge: expect.stringMatching(/^課題感: /) });
    const anon = await write(k.staffA, open.id, { kind: 'post', body: '本文', anonymous: true });
    expect(anon.body.error.fields).toEqual({ anonymous: expect.stringContaining('相談（質問）だけ') });
    const empty = await k.call(k.staffA, 'POST', `/api/communities/${open.id}/posts`, { body: '' }, 'en');
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.body).toMatch(/^Text /);
    const okCase = await postOk(k.staffA, open.id, { kind: 'case', title: '窓口の待ち時間', body: '共有します', challenge: '待ち時間が長い', solution: '予約制にした' });
    expect(okCase.challengeHtml).toContain('待ち時間が長い');
    expect(okCase.solutionHtml).toContain('予約制');
  });

  it('lets members write, refuses others: 403 in the region, 404 outside it and for an invisible community', async () => {
    const stranger = await newUser(t.db.owner, k.b.id, { name: '非会員 花子' });
    expect((await write(stranger, open.id, { body: 'こんにちは' })).status).toBe(403);
    expect((await write(k.staffA, closed.id, { body: 'こんにちは' })).status).toBe(403);
    expect((await k.call(k.staffA, 'GET', `/api/communities/${closed.id}/posts`)).status).toBe(403);
    expect((await write(k.staffB, secret.id, { body: 'こんにちは' })).status).toBe(404);
    expect((await k.call(k.staffB, 'GET', `/api/communities/${secret.id}/posts`)).status).toBe(404);
    expect((await write(k.outsiderC, open.id, { body: 'こんにちは' })).status).toBe(404);
    expect((await k.call(k.outsiderC, 'GET', `/api/communities/${open.id}/posts`)).status).toBe(404);
    // An open community is read by the whole region.
    expect((await k.call(stranger, 'GET', `/api/communities/${open.id}/posts`)).status).toBe(200);
  });

  it('creates one post for one idempotency key, also when the requests race', async () => {
    const [before] = await t.db.owner`select post_count from communities where id = ${open.id}`;
    const body = { body: '二重送信のテスト', idempotencyKey: 'form-load-0001' };
    const first = await write(k.staffA2, open.id, body);
    expect(first.status).toBe(201);
    const second = await write(k.staffA2, open.id, body);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const race = await Promise.all(Array.from({ length: 6 }, () => write(k.staffA2, open.id, { ...body, idempotencyKey: 'form-load-0002' })));
    expect(race.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(race.map((r) => r.body.id)).size).toBe(1);
    const [after] = await t.db.owner`select post_count from communities where id = ${open.id}`;
    expect(after!.post_count).toBe(before!.post_count + 2);
    // Another person's same key is their own.
    expect((await write(k.staffA, open.id, body)).status).toBe(201);
  });

  it('tells members who follow everything, and the people mentioned (not the author, not the muted)', async () => {
    const o = t.db.owner;
    await o`update community_members set notify = 'all' where community_id = ${open.id} and user_id in (${k.staffA2.id}, ${k.staffA.id})`;
    await o`update community_members set notify = 'mute' where community_id = ${open.id} and user_id = ${k.managerA.id}`;
    const handle = (u: CastUser) => u.email.split('@')[0];
    const p = await postOk(k.staffA, open.id, {
      title: 'お知らせ', body: `@${handle(k.staffB)} @${handle(k.managerA)} @${handle(k.staffA)} @${handle(k.outsiderC)} 研修の件 #研修 #観光`,
    });
    expect(p.hashtags).toEqual(['研修', '観光']);
    const created = (await outbox('community.post_created')).filter((e) => e.payload.postId === p.id);
    expect(created).toHaveLength(1);
    expect(created[0]!.payload.recipientIds).toEqual([k.staffA2.id]);
    expect(created[0]!.payload.authorName).toBe(k.staffA.name);
    const mentioned = (await outbox('community.mentioned')).filter((e) => e.payload.postId === p.id);
    expect(mentioned).toHaveLength(1);
    // outsiderC is of another region: not a person here. managerA muted the community.
    expect(mentioned[0]!.payload.recipientIds).toEqual([k.staffB.id]);
    // In an invite-only community only its members can be mentioned.
    const s = await postOk(k.staffA, secret.id, { body: `@${handle(k.staffB)} @${handle(k.managerA)} 相談です` });
    const m2 = (await outbox('community.mentioned')).filter((e) => e.payload.postId === s.id);
    expect(m2.map((e) => e.payload.recipientIds)).toEqual([[k.managerA.id]]);
    await o`update community_members set notify = 'digest' where community_id = ${open.id}`;
  });
});

describe('reading posts', () => {
  it('counts each reader once', async () => {
    const p = await postOk(k.staffA, open.id, { body: '閲覧数' });
    for (const who of [k.staffA, k.staffB, k.staffB, k.managerA, k.staffB]) expect((await k.call(who, 'GET', `/api/posts/${p.id}`)).status).toBe(200);
    const last = await k.call(k.staffA, 'GET', `/api/posts/${p.id}`);
    expect(last.body.viewCount).toBe(3);
  });

  it('names the asker of an anonymous question only to the managers and the asker', async () => {
    const q = await postOk(k.staffA, open.id, { kind: 'question', title: '今さら聞けない起案の書き方', body: '教えてください', anonymous: true });
    expect(q.author.id).toBe(k.staffA.id);
    const asB = await k.call(k.staffB, 'GET', `/api/posts/${q.id}`);
    expect(asB.body.author).toBeNull();
    expect(asB.body.anonymous).toBe(true);
    expect(JSON.stringify(asB.body)).not.toContain(k.staffA.id);
    const asManager = await k.call(k.managerA, 'GET', `/api/posts/${q.id}`);
    expect(asManager.body.author.id).toBe(k.staffA.id);
    const list = await k.call(k.staffB, 'GET', `/api/communities/${open.id}/posts?kind=question`);
    const row = list.body.items.find((i: { id: string }) => i.id === q.id);
    expect(row.author).toBeNull();
    const mlist = await k.call(k.managerA, 'GET', `/api/communities/${open.id}/posts?kind=question`);
    expect(mlist.body.items.find((i: { id: string }) => i.id === q.id).author.id).toBe(k.staffA.id);
    // The asker answering in the thread stays unnamed to others as well.
    const c = await k.call(k.staffA, 'POST', `/api/posts/${q.id}/comments`, { body: '補足です' });
    expect(c.status).toBe(201);
    const comments = await k.call(k.staffB, 'GET', `/api/posts/${q.id}/comments`);
    expect(comments.body.items[0].author).toBeNull();
    expect((await k.call(k.managerA, 'GET', `/api/posts/${q.id}/comments`)).body.items[0].author.id).toBe(k.staffA.id);
    const created = (await outbox('community.post_created')).filter((e) => e.payload.postId === q.id);
    for (const e of created) expect(e.payload.authorName).toBeNull();
  });

  it('keeps the history of edits', async () => {
    const p = await postOk(k.staffA, open.id, { title: '初版', body: '最初の本文' });
    const e1 = await k.call(k.staffA, 'PATCH', `/api/posts/${p.id}`, { body: '二版の本文 #改訂' });
    expect(e1.status).toBe(200);
    expect(e1.body.editedAt).not.toBeNull();
    expect(e1.body.hashtags).toEqual(['改訂']);
    const e2 = await k.call(k.staffA, 'PATCH', `/api/posts/${p.id}`, { title: '三版' });
    expect(e2.body.title).toBe('三版');
    expect(e2.body.revisionCount).toBe(2);
    // An edit that changes nothing keeps no copy.
    expect((await k.call(k.staffA, 'PATCH', `/api/posts/${p.id}`, { title: '三版' })).body.revisionCount).toBe(2);
    const hist = await k.call(k.staffB, 'GET', `/api/posts/${p.id}/revisions`);
    expect(hist.status).toBe(200);
    expect(hist.body.items.map((r: { title: string; body: string }) => [r.title, r.body])).toEqual([['初版', '二版の本文 #改訂'], ['初版', '最初の本文']]);
    expect(hist.body.items[0].editedBy.id).toBe(k.staffA.id);
    expect((await k.call(k.staffB, 'PATCH', `/api/posts/${p.id}`, { body: '乗っ取り' })).status).toBe(403);
    expect((await k.call(k.managerA, 'PATCH', `/api/posts/${p.id}`, { body: '管理者でも不可' })).status).toBe(403);
  });

  it('hides a post with a reason: others see the reason only, the author and managers the text', async () => {
    const p = await postOk(k.staffA, open.id, { title: '不適切なタイトル', body: '不適切な本文 #不適切' });
    expect((await k.call(k.staffB, 'POST', `/api/posts/${p.id}/hide`, { reason: '個人情報' })).status).toBe(403);
    const hidden = await k.call(k.managerA, 'POST', `/api/posts/${p.id}/hide`, { reason: '個人情報が含まれています' });
    expect(hidden.status).toBe(200);
    expect(hidden.body.bodyHtml).toContain('不適切な本文');
    const asB = await k.call(k.staffB, 'GET', `/api/posts/${p.id}`);
    expect(asB.body).toMatchObject({ hidden: true, hiddenReason: '個人情報が含まれています', body: '', bodyHtml: '', title: null, excerpt: '', hashtags: [] });
    const row = (await k.call(k.staffB, 'GET', `/api/communities/${open.id}/posts`)).body.items.find((i: { id: string }) => i.id === p.id);
    expect(row).toMatchObject({ hidden: true, title: null, excerpt: '' });
    const asAuthor = await k.call(k.staffA, 'GET', `/api/posts/${p.id}`);
    expect(asAuthor.body.body).toContain('不適切な本文');
    expect(asAuthor.body.hiddenReason).toBe('個人情報が含まれています');
    expect((await k.call(k.staffB, 'GET', `/api/posts/${p.id}/revisions`)).body.items).toEqual([]);
    const shown = await k.call(k.managerA, 'POST', `/api/posts/${p.id}/unhide`);
    expect(shown.body).toMatchObject({ hidden: false, hiddenReason: null });
    expect((await k.call(k.staffB, 'GET', `/api/posts/${p.id}`)).body.body).toContain('不適切な本文');
  });

  it('closes a hidden post\'s thread to all but its author and the managers: no comments, interested people, likes or interest', async () => {
    const idea = await postOk(k.staffA, open.id, { kind: 'idea', title: '非表示になる募集', body: '一緒にやりませんか' });
    const c = (await k.call(k.staffB, 'POST', `/api/posts/${idea.id}/comments`, { body: 'やります' })).body;
    expect((await k.call(k.staffA2, 'PUT', `/api/posts/${idea.id}/interest`, { note: '手伝えます' })).status).toBe(200);
    expect((await k.call(k.managerA, 'POST', `/api/posts/${idea.id}/hide`, { reason: '個人情報' })).status).toBe(200);
    const [before] = await t.db.owner`select like_count, interest_count, comment_count from community_posts where id = ${idea.id}`;

    for (const who of [k.staffB, k.staffA2]) {
      expect((await k.call(who, 'GET', `/api/posts/${idea.id}/comments`)).body.items).toEqual([]);
      expect((await k.call(who, 'GET', `/api/posts/${idea.id}/interested`)).body.items).toEqual([]);
    }
    for (const who of [k.staffA, k.managerA]) {
      expect((await k.call(who, 'GET', `/api/posts/${idea.id}/comments`)).body.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
      expect((await k.call(who, 'GET', `/api/posts/${idea.id}/interested`)).body.items.map((i: { person: { id: string } }) => i.person.id)).toEqual([k.staffA2.id]);
    }
    const comment = await k.call(k.staffB, 'POST', `/api/posts/${idea.id}/comments`, { body: 'まだ書ける?' });
    expect(comment.status).toBe(409);
    expect(comment.body.error.fields.postId).toMatch(/非表示の投稿です$/);
    const en = await k.call(k.staffB, 'PUT', `/api/posts/${idea.id}/like`, undefined, 'en');
    expect(en.status).toBe(409);
    expect(en.body.error.fields.postId).toMatch(/has been hidden$/);
    expect((await k.call(k.staffB, 'PUT', `/api/posts/${idea.id}/interest`, {})).status).toBe(409);
    expect((await k.call(k.staffA2, 'PUT', `/api/posts/${idea.id}/interest`, { note: '書き換え' })).status).toBe(409);
    expect((await k.call(k.staffA2, 'PUT', `/api/comments/${c.id}/like`)).status).toBe(409);
    expect((await k.call(k.staffB, 'PATCH', `/api/comments/${c.id}`, { body: '書き換え' })).status).toBe(409);
    const [after] = await t.db.owner`select like_count, interest_count, comment_count from community_posts where id = ${idea.id}`;
    expect(after).toEqual(before);
    expect((await t.db.owner`select body from community_comments where id = ${c.id}`)[0]!.body).toBe('やります');

    // Taking one's own part back is still possible; the author and the managers carry on.
    expect((await k.call(k.staffA2, 'DELETE', `/api/posts/${idea.id}/interest`)).body).toEqual({ interested: false, interestCount: 0 });
    expect((await k.call(k.staffA, 'POST', `/api/posts/${idea.id}/comments`, { body: '修正します' })).status).toBe(201);
    expect((await k.call(k.managerA, 'PUT', `/api/posts/${idea.id}/like`)).status).toBe(200);
    // Shown again: open to everyone again.
    await k.call(k.managerA, 'POST', `/api/posts/${idea.id}/unhide`);
    expect((await k.call(k.staffB, 'GET', `/api/posts/${idea.id}/comments`)).body.items).toHaveLength(2);
    expect((await k.call(k.staffB, 'POST', `/api/posts/${idea.id}/comments`, { body: '再開' })).status).toBe(201);
  });

  it('pins and unpins (managers), and lists the pinned posts', async () => {
    const p = await postOk(k.staffA, open.id, { body: 'ピン留めしてほしい' });
    expect((await k.call(k.staffA, 'POST', `/api/posts/${p.id}/pin`)).status).toBe(403);
    expect((await k.call(k.managerA, 'POST', `/api/posts/${p.id}/pin`)).body.pinned).toBe(true);
    const pinned = await k.call(k.staffB, 'GET', `/api/communities/${open.id}/posts?pinned=true`);
    expect(pinned.body.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
    expect((await k.call(k.managerA, 'POST', `/api/posts/${p.id}/unpin`)).body.pinned).toBe(false);
    expect((await k.call(k.staffB, 'GET', `/api/communities/${open.id}/posts?pinned=true`)).body.items).toEqual([]);
    const bad = await k.call(k.staffB, 'GET', `/api/communities/${open.id}/posts?pinned=maybe`, undefined, 'en');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.pinned).toMatch(/^Pinned /);
  });

  it('filters a timeline by #tag and kind', async () => {
    const tagged = await postOk(k.staffB, open.id, { body: '＃ＤＸ推進 の勉強会' });
    const list = await k.call(k.staffA, 'GET', `/api/communities/${open.id}/posts?tag=${encodeURIComponent('#dx推進')}`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([tagged.id]);
    const q = await postOk(k.staffB, open.id, { kind: 'question', title: 'DXの質問', body: '#DX推進 について' });
    const withKind = await k.call(k.staffA, 'GET', `/api/communities/${open.id}/posts?tag=${encodeURIComponent('dx推進')}&kind=question`);
    expect(withKind.body.items.map((i: { id: string }) => i.id)).toEqual([q.id]);
  });

  it('never lets a hidden post\'s tags find it for others, with a kind or pinned filter too', async () => {
    const p = await postOk(k.staffA, open.id, { kind: 'question', title: '隠れる質問', body: '#隠しタグ の件' });
    await k.call(k.managerA, 'POST', `/api/posts/${p.id}/hide`, { reason: '不適切' });
    const ids = async (who: CastUser, query: string) =>
      (await k.call(who, 'GET', `/api/communities/${open.id}/posts?tag=${encodeURIComponent('隠しタグ')}${query}`)).body.items.map((i: { id: string }) => i.id);
    for (const query of ['', '&kind=question', '&pinned=false']) {
      expect(await ids(k.staffB, query), query).toEqual([]);
      expect(await ids(k.staffA, query), query).toEqual([p.id]);
      expect(await ids(k.managerA, query), query).toEqual([p.id]);
    }
  });

  it('deletes: the author only; then it is gone everywhere and no longer counted', async () => {
    const p = await postOk(k.staffA, open.id, { body: '消します' });
    const [before] = await t.db.owner`select post_count from communities where id = ${open.id}`;
    expect((await k.call(k.managerA, 'DELETE', `/api/posts/${p.id}`)).status).toBe(403);
    expect((await k.call(k.staffA, 'DELETE', `/api/posts/${p.id}`)).status).toBe(200);
    expect((await k.call(k.staffA, 'GET', `/api/posts/${p.id}`)).status).toBe(404);
    expect((await k.call(k.staffA, 'PUT', `/api/posts/${p.id}/like`)).status).toBe(404);
    const [after] = await t.db.owner`select post_count from communities where id = ${open.id}`;
    expect(after!.post_count).toBe(before!.post_count - 1);
    const list = await k.call(k.staffA, 'GET', `/api/communities/${open.id}/posts?limit=100`);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(p.id);
  });

  it('keeps last_post_at at the newest post left when a post is deleted', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: k.region.id, createdBy: k.coordinator, name: '最終投稿日の会' }, [[k.staffA], [k.staffB]]);
    const lastPost = async () => (await t.db.owner`
      select (select p.id from community_posts p where p.community_id = c.id and p.created_at = c.last_post_at) as id, c.last_post_at as at
      from communities c where c.id = ${c.id}`)[0]!;
    const first = await postOk(k.staffA, c.id, { body: '一つ目' });
    const second = await postOk(k.staffB, c.id, { body: '二つ目' });
    expect((await lastPost()).id).toBe(second.id);
    expect((await k.call(k.staffB, 'DELETE', `/api/posts/${second.id}`)).status).toBe(200);
    expect((await lastPost()).id).toBe(first.id);
    expect((await k.call(k.staffA, 'DELETE', `/api/posts/${first.id}`)).status).toBe(200);
    expect((await lastPost()).at).toBeNull();
  });
});

describe('いいね', () => {
  it('is exact under 20 concurrent likes by different people, and idempotent for one person', async () => {
    const o = t.db.owner;
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => newUser(o, i % 2 ? k.a.id : k.b.id, { name: `いいね ${i}` })));
    for (const p of people) {
      await o`insert into community_members (region_id, community_id, user_id, municipality_id, status, joined_at)
              values (${k.region.id}, ${open.id}, ${p.id}, ${p.municipalityId}, 'active', now())`;
    }
    const post = await postOk(k.staffA, open.id, { body: 'わかった人はいいねを' });
    const results = await Promise.all(people.map((p) => k.call(p, 'PUT', `/api/posts/${post.id}/like`)));
    expect(results.every((r) => r.status === 200 && r.body.liked)).toBe(true);
    const [row] = await o`select like_count, (select count(*)::int from community_likes where target_id = ${post.id}) as likes from community_posts where id = ${post.id}`;
    expect(row).toEqual({ like_count: 20, likes: 20 });

    const mine = await Promise.all(Array.from({ length: 10 }, () => k.call(k.staffB, 'PUT', `/api/posts/${post.id}/like`)));
    expect(mine.map((r) => r.body.liked)).toEqual(Array(10).fill(true));
    expect((await k.call(k.staffB, 'GET', `/api/posts/${post.id}`)).body).toMatchObject({ likeCount: 21, liked: true });
    const off = await Promise.all(Array.from({ length: 5 }, () => k.call(k.staffB, 'DELETE', `/api/posts/${post.id}/like`)));
    expect(off.map((r) => r.body)).toEqual(Array(5).fill({ liked: false, likeCount: 20 }));
    // Reading is not liking: a reader who is not a member may not like.
    const reader = await newUser(o, k.b.id);
    expect((await k.call(reader, 'PUT', `/api/posts/${post.id}/like`)).status).toBe(403);
  });

  it('likes comments the same way', async () => {
    const post = await postOk(k.staffA, open.id, { body: 'コメントにいいね' });
    const c = (await k.call(k.staffB, 'POST', `/api/posts/${post.id}/comments`, { body: '同感です' })).body;
    const likes = await Promise.all([k.staffA, k.staffA2, k.managerA, k.staffA].map((u) => k.call(u, 'PUT', `/api/comments/${c.id}/like`)));
    expect(likes.every((r) => r.status === 200)).toBe(true);
    const list = await k.call(k.staffA, 'GET', `/api/posts/${post.id}/comments`);
    expect(list.body.items[0]).toMatchObject({ likeCount: 3, liked: true });
    expect((await k.call(k.staffA, 'DELETE', `/api/comments/${c.id}/like`)).body).toEqual({ liked: false, likeCount: 2 });
  });
});

describe('comments', () => {
  it('nests replies one level, keeps replies of deleted comments and shows only the reason of hidden ones', async () => {
    const post = await postOk(k.staffA, open.id, { body: 'ご意見ください' });
    const c1 = (await k.call(k.staffB, 'POST', `/api/posts/${post.id}/comments`, { body: '一つ目' })).body;
    const r1 = await k.call(k.staffA2, 'POST', `/api/posts/${post.id}/comments`, { body: '返信', parentId: c1.id });
    expect(r1.status).toBe(201);
    expect(r1.body.parentId).toBe(c1.id);
    const r2 = await k.call(k.staffA, 'POST', `/api/posts/${post.id}/comments`, { body: '返信への返信', parentId: r1.body.id });
    expect(r2.body.parentId).toBe(c1.id); // attached to the top-level comment
    const c2 = (await k.call(k.staffA2, 'POST', `/api/posts/${post.id}/comments`, { body: '<script>alert(1)</script>二つ目' })).body;
    expectHarmless(c2.bodyHtml);

    expect((await k.call(k.staffA, 'DELETE', `/api/comments/${c1.id}`)).status).toBe(403);
    expect((await k.call(k.staffB, 'DELETE', `/api/comments/${c1.id}`)).status).toBe(200);
    expect((await k.call(k.managerA, 'POST', `/api/comments/${c2.id}/hide`, { reason: '話題と無関係' })).status).toBe(200);

    const list = await k.call(k.staffB, 'GET', `/api/posts/${post.id}/comments`);
    expect(list.body.items).toHaveLength(2);
    const [first, second] = list.body.items;
    expect(first).toMatchObject({ id: c1.id, deleted: true, body: '', bodyHtml: '', author: null });
    expect(first.replies.map((r: { body: string }) => r.body)).toEqual(['返信', '返信への返信']);
    expect(second).toMatchObject({ id: c2.id, hidden: true, hiddenReason: '話題と無関係', body: '', bodyHtml: '' });
    const asAuthor = await k.call(k.staffA2, 'GET', `/api/posts/${post.id}/comments`);
    expect(asAuthor.body.items[1].body).toContain('二つ目');
    expect((await k.call(k.staffA, 'GET', `/api/posts/${post.id}`)).body.commentCount).toBe(3);
  });

  it('tells the post author of a comment and the replied-to author of a reply, once each', async () => {
    const post = await postOk(k.staffA, open.id, { body: '通知のテスト' });
    const c = (await k.call(k.staffB, 'POST', `/api/posts/${post.id}/comments`, { body: '回答' })).body;
    await k.call(k.staffA2, 'POST', `/api/posts/${post.id}/comments`, { body: `返信 @${k.staffB.email.split('@')[0]}`, parentId: c.id });
    const replied = (await outbox('community.replied')).filter((e) => e.payload.postId === post.id);
    expect(replied.map((e) => e.payload.recipientIds)).toEqual([[k.staffA.id], [k.staffB.id, k.staffA.id]]);
    // staffB was told of the reply already: not again as mentioned.
    expect((await outbox('community.mentioned')).filter((e) => e.payload.postId === post.id)).toEqual([]);
  });

  it('takes advice only on the share board, and replies only to comments of the same post', async () => {
    const plain = await postOk(k.staffA, open.id, { body: '普通の投稿' });
    const adv = await k.call(k.staffB, 'POST', `/api/posts/${plain.id}/comments`, { body: 'アドバイス', kind: 'advice' });
    expect(adv.status).toBe(400);
    expect(adv.body.error.fields.kind).toMatch(/アドバイスはお悩み・事例の共有にだけ/);
    const worry = await postOk(k.staffA, open.id, { kind: 'worry', title: '引継ぎが大変', body: '本文', challenge: '人が足りない' });
    const ok = await k.call(k.staffB, 'POST', `/api/posts/${worry.id}/comments`, { body: 'マニュアル化を', kind: 'advice' });
    expect(ok.body.kind).toBe('advice');
    const other = await k.call(k.staffB, 'POST', `/api/posts/${plain.id}/comments`, { body: '返信', parentId: ok.body.id }, 'en');
    expect(other.status).toBe(400);
    // (The label of parentId is the directory's "Parent department": the shared label map keeps the first feature's word.)
    expect(other.body.error.fields.parentId).toMatch(/ is not a comment on this post$/);
  });

  it('is idempotent per key, and only the author edits', async () => {
    const post = await postOk(k.staffA, open.id, { body: '重複コメント' });
    const a = await k.call(k.staffB, 'POST', `/api/posts/${post.id}/comments`, { body: 'x', idempotencyKey: 'comment-key-1' });
    const b = await k.call(k.staffB, 'POST', `/api/posts/${post.id}/comments`, { body: 'x', idempotencyKey: 'comment-key-1' });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body.id).toBe(a.body.id);
    expect((await k.call(k.staffA, 'PATCH', `/api/comments/${a.body.id}`, { body: 'y' })).status).toBe(403);
    const edited = await k.call(k.staffB, 'PATCH', `/api/comments/${a.body.id}`, { body: '**直しました**' });
    expect(edited.body.bodyHtml).toContain('<strong>直しました</strong>');
    expect(edited.body.editedAt).not.toBeNull();
  });
});

describe('相談: the answer that solved it', () => {
  it('lets the asker or a manager accept, not a third person; the answerer is told', async () => {
    const q = await postOk(k.staffA, open.id, { kind: 'question', title: '会計年度任用職員の休暇', body: '教えてください' });
    const answer = (await k.call(k.staffB, 'POST', `/api/posts/${q.id}/comments`, { body: '規則の第5条です' })).body;
    const reply = (await k.call(k.staffA2, 'POST', `/api/posts/${q.id}/comments`, { body: '補足', parentId: answer.id })).body;
    expect((await k.call(k.staffA2, 'POST', `/api/posts/${q.id}/accept`, { commentId: answer.id })).status).toBe(403);

    const unanswered = await k.call(k.staffB, 'GET', `/api/questions?communityId=${open.id}`);
    expect(unanswered.body.items.map((i: { id: string }) => i.id)).toContain(q.id);

    const res = await k.call(k.staffA, 'POST', `/api/posts/${q.id}/accept`, { commentId: answer.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ solved: true, acceptedCommentId: answer.id });
    const comments = await k.call(k.staffB, 'GET', `/api/posts/${q.id}/comments`);
    expect(comments.body.items[0].accepted).toBe(true);
    const told = (await outbox('community.answer_accepted')).filter((e) => e.payload.postId === q.id);
    expect(told.map((e) => e.payload.recipientIds)).toEqual([[k.staffB.id]]);
    const [row] = await t.db.owner`select solved_by, solved_at from community_posts where id = ${q.id}`;
    expect(row!.solved_by).toBe(k.staffA.id);

    expect((await k.call(k.staffB, 'GET', `/api/questions?communityId=${open.id}`)).body.items.map((i: { id: string }) => i.id)).not.toContain(q.id);
    expect((await k.call(k.staffB, 'GET', `/api/questions?communityId=${open.id}&unanswered=false`)).body.items.map((i: { id: string }) => i.id)).toContain(q.id);

    // A manager may move the mark to a reply; the asker may take it away.
    expect((await k.call(k.managerA, 'POST', `/api/posts/${q.id}/accept`, { commentId: reply.id })).body.acceptedCommentId).toBe(reply.id);
    const cleared = await k.call(k.staffA, 'DELETE', `/api/posts/${q.id}/accept`);
    expect(cleared.body).toMatchObject({ solved: false, acceptedCommentId: null });
  });

  it('tells nobody who muted the community of an accepted answer or of interest in their idea', async () => {
    const o = t.db.owner;
    await o`update community_members set notify = 'mute' where community_id = ${open.id} and user_id = ${k.staffB.id}`;
    try {
      const q = await postOk(k.staffA, open.id, { kind: 'question', title: 'ミュート中の回答者', body: '教えてください' });
      const answer = (await k.call(k.staffB, 'POST', `/api/posts/${q.id}/comments`, { body: '回答です' })).body;
      expect((await k.call(k.staffA, 'POST', `/api/posts/${q.id}/accept`, { commentId: answer.id })).body.acceptedCommentId).toBe(answer.id);
      expect((await outbox('community.answer_accepted')).filter((e) => e.payload.postId === q.id)).toEqual([]);
      const idea = await postOk(k.staffB, open.id, { kind: 'idea', title: 'ミュート中の募集', body: '一緒に' });
      expect((await k.call(k.staffA, 'PUT', `/api/posts/${idea.id}/interest`, {})).status).toBe(200);
      expect((await outbox('community.interested')).filter((e) => e.payload.postId === idea.id)).toEqual([]);
    } finally {
      await o`update community_members set notify = 'digest' where community_id = ${open.id} and user_id = ${k.staffB.id}`;
    }
  });

  it('refuses a comment of another post and a post that is not a question', async () => {
    const q = await postOk(k.staffA, open.id, { kind: 'question', title: '質問', body: '本文' });
    const p = await postOk(k.staffA, open.id, { body: '普通の投稿' });
    const foreign = (await k.call(k.staffB, 'POST', `/api/posts/${p.id}/comments`, { body: '別の投稿へのコメント' })).body;
    const wrong = await k.call(k.staffA, 'POST', `/api/posts/${q.id}/accept`, { commentId: foreign.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.commentId).toMatch(/^回答: /);
    const notQ = await k.call(k.staffA, 'POST', `/api/posts/${p.id}/accept`, { commentId: foreign.id }, 'en');
    expect(notQ.status).toBe(400);
    expect(notQ.body.error.fields.kind).toBe('Kind is not a question');
  });
});

describe('アイデア募集 and the share board', () => {
  it('collects interested people and tells the author once per person', async () => {
    const idea = await postOk(k.staffA, open.id, { kind: 'idea', title: '広域で移住フェアを', body: '一緒にやりませんか' });
    const stranger = await newUser(t.db.owner, k.b.id, { name: '興味 太郎' });
    const r1 = await k.call(stranger, 'PUT', `/api/posts/${idea.id}/interest`, { note: '手伝えます' });
    expect(r1.body).toEqual({ interested: true, interestCount: 1 });
    const r2 = await k.call(stranger, 'PUT', `/api/posts/${idea.id}/interest`, { note: '週1なら' });
    expect(r2.body).toEqual({ interested: true, interestCount: 1 });
    await k.call(k.staffB, 'PUT', `/api/posts/${idea.id}/interest`, {});
    const list = await k.call(k.staffA2, 'GET', `/api/posts/${idea.id}/interested`);
    expect(list.body.items.map((i: { person: { id: string }; note: string | null }) => [i.person.id, i.note])).toEqual([[stranger.id, '週1なら'], [k.staffB.id, null]]);
    expect(list.body.items[0].person.municipalityName).toBe('B町');
    const told = (await outbox('community.interested')).filter((e) => e.payload.postId === idea.id);
    expect(told.map((e) => e.payload.personName)).toEqual(['興味 太郎', k.staffB.name]);
    expect((await k.call(stranger, 'DELETE', `/api/posts/${idea.id}/interest`)).body).toEqual({ interested: false, interestCount: 1 });
    const plain = await postOk(k.staffA, open.id, { body: '普通' });
    const no = await k.call(k.staffB, 'PUT', `/api/posts/${plain.id}/interest`, {});
    expect(no.status).toBe(400);
    expect(no.body.error.fields.kind).toMatch(/アイデア募集/);
  });

  it('lists お悩み and 事例 across the communities I read', async () => {
    const w = await postOk(k.staffA, open.id, { kind: 'worry', title: '議事録が遅い', body: 'b', challenge: '時間がかかる' });
    const c = await postOk(k.staffB, closed.id, { kind: 'case', title: '音声入力', body: 'b', challenge: '遅い', solution: '音声入力を使った' });
    const s = await postOk(k.staffA, secret.id, { kind: 'case', title: '秘密の事例', body: 'b', challenge: 'x', solution: 'y' });
    const asB = (await k.call(k.staffB, 'GET', '/api/board?limit=50')).body.items.map((i: { id: string }) => i.id);
    expect(asB).toEqual(expect.arrayContaining([w.id, c.id]));
    expect(asB).not.toContain(s.id);
    const asA = (await k.call(k.staffA, 'GET', '/api/board?limit=50')).body.items.map((i: { id: string }) => i.id);
    expect(asA).toEqual(expect.arrayContaining([w.id, s.id]));
    expect(asA).not.toContain(c.id); // approval community, not a member
    const cases = (await k.call(k.staffB, 'GET', '/api/board?kind=case&limit=50')).body.items.map((i: { id: string }) => i.id);
    expect(cases).toContain(c.id);
    expect(cases).not.toContain(w.id);
    expect((await k.call(k.outsiderC, 'GET', '/api/board')).body.items).toEqual([]);
    expect((await k.call(k.staffA, 'GET', `/api/board?communityId=${closed.id}`)).status).toBe(403);
  });
});

describe('archiving while someone writes', () => {
  /**
   * Archives the community the way setArchived does (the row FOR UPDATE, then the status) while
   * `write` runs: the request is let go as far as the community row (it then waits for the lock),
   * the archive commits, and the request's answer is returned.
   */
  async function whileArchiving(communityId: string, write: () => Promise<{ status: number; body: any }>) {
    const o = t.db.owner;
    let pending!: Promise<{ status: number; body: any }>;
    await o.begin(async (tx) => {
      await tx`select id from communities where id = ${communityId} for update`;
      await tx`update communities set status = 'archived', archived_at = now() where id = ${communityId}`;
      let settled = false;
      pending = write().finally(() => { settled = true; });
      for (let i = 0; i < 500 && !settled; i++) {
        const [w] = await o`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        if (w!.n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    return pending;
  }

  it('lets no comment, reply or like in once the community is archived', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: k.region.id, createdBy: k.coordinator, name: 'アーカイブ競合の会' }, [[k.staffA], [k.staffB]]);
    const p = await postOk(k.staffA, c.id, { body: 'アーカイブ直前の投稿' });
    const first = (await k.call(k.staffB, 'POST', `/api/posts/${p.id}/comments`, { body: '先に書いた' })).body;
    const unarchive = () => t.db.owner`update communities set status = 'active', archived_at = null where id = ${c.id}`;

    const comment = await whileArchiving(c.id, () => k.call(k.staffB, 'POST', `/api/posts/${p.id}/comments`, { body: '滑り込み' }));
    expect(comment.status).toBe(409);
    expect(comment.body.error.fields.communityId).toMatch(/アーカイブ/);
    await unarchive();
    const reply = await whileArchiving(c.id, () => k.call(k.staffA, 'POST', `/api/posts/${p.id}/comments`, { body: '返信', parentId: first.id }));
    expect(reply.status).toBe(409);
    await unarchive();
    expect((await whileArchiving(c.id, () => k.call(k.staffB, 'PUT', `/api/posts/${p.id}/like`))).status).toBe(409);
    await unarchive();
    expect((await whileArchiving(c.id, () => k.call(k.staffA, 'PUT', `/api/comments/${first.id}/like`))).status).toBe(409);
    await unarchive();
    expect((await whileArchiving(c.id, () => k.call(k.staffB, 'PATCH', `/api/comments/${first.id}`, { body: '書き換え' }))).status).toBe(409);

    const [row] = await t.db.owner`select comment_count, like_count from community_posts where id = ${p.id}`;
    expect(row).toEqual({ comment_count: 1, like_count: 0 });
    const [n] = await t.db.owner`select count(*)::int as n from community_comments where post_id = ${p.id}`;
    expect(n!.n).toBe(1);
    expect((await t.db.owner`select body, like_count from community_comments where id = ${first.id}`)[0]).toEqual({ body: '先に書いた', like_count: 0 });
  });
});

describe('reports', () => {
  it('reports once per person while open, tells the managers, and lets them resolve', async () => {
    const p = await postOk(k.staffA, open.id, { body: '通報される投稿' });
    const c = (await k.call(k.staffA2, 'POST', `/api/posts/${p.id}/comments`, { body: '通報されるコメント' })).body;
    const reader = await newUser(t.db.owner, k.b.id);
    expect((await k.call(reader, 'POST', `/api/posts/${p.id}/report`, { reason: '誹謗中傷' })).status).toBe(201);
    expect((await k.call(reader, 'POST', `/api/posts/${p.id}/report`, { reason: 'もう一度' })).status).toBe(200);
    expect((await k.call(k.staffB, 'POST', `/api/comments/${c.id}/report`, { reason: '宣伝' })).status).toBe(201);
    const told = (await outbox('community.reported')).filter((e) => e.payload.postId === p.id);
    expect(told.map((e) => e.payload.recipientIds)).toEqual([[k.managerA.id], [k.managerA.id]]);

    expect((await k.call(k.staffA, 'GET', `/api/communities/${open.id}/reports`)).status).toBe(403);
    const queue = await k.call(k.managerA, 'GET', `/api/communities/${open.id}/reports`);
    const mine = queue.body.items.filter((r: { postId: string }) => r.postId === p.id);
    expect(mine.map((r: any) => [r.targetType, r.reason, r.excerpt])).toEqual([
      ['post', '誹謗中傷', '通報される投稿'], ['comment', '宣伝', '通報されるコメント'],
    ]);
    expect(mine[0].reporter.id).toBe(reader.id);
    const done = await k.call(k.managerA, 'POST', `/api/reports/${mine[0].id}/resolve`, { status: 'resolved' });
    expect(done.body.status).toBe('resolved');
    expect((await k.call(k.managerA, 'POST', `/api/reports/${mine[0].id}/resolve`, { status: 'dismissed' })).status).toBe(409);
    expect((await k.call(k.staffB, 'POST', `/api/reports/${mine[1].id}/resolve`, { status: 'dismissed' })).status).toBe(403);
    // Resolved: the same person may report again.
    expect((await k.call(reader, 'POST', `/api/posts/${p.id}/report`, { reason: '再発' })).status).toBe(201);
  });
});

describe('the home feed', () => {
  it('pages through my communities newest first without duplicates or gaps, ties broken by id', async () => {
    const o = t.db.owner;
    const reader = await newUser(o, k.a.id, { name: 'フィード 読者' });
    const mine = await Promise.all([1, 2, 3].map((i) => insertCommunity(o, { regionId: k.region.id, createdBy: k.coordinator, name: `フィード${i}` }, [[reader], [k.staffA]])));
    const other = await insertCommunity(o, { regionId: k.region.id, createdBy: k.coordinator, name: 'フィード外' }, [[k.staffA]]);
    const pending = await insertCommunity(o, { regionId: k.region.id, createdBy: k.coordinator, name: 'フィード申請中', visibility: 'approval' }, [[reader, 'member', 'pending']]);
    const base = Date.parse('2025-06-01T00:00:00Z');
    const expected: Array<{ id: string; at: number }> = [];
    for (let i = 0; i < 40; i++) {
      // Every fourth post shares its timestamp with the one before: the cursor must not skip or repeat it.
      const at = new Date(base + Math.floor(i - (i % 4 === 3 ? 1 : 0)) * 60_000 + (i % 4 === 3 ? 0 : 123));
      const c = mine[i % 3]!;
      const [row] = await o`insert into community_posts (region_id, community_id, author_id, author_municipality_id, body, body_html, created_at, deleted_at)
        values (${k.region.id}, ${c.id}, ${k.staffA.id}, ${k.staffA.municipalityId}, ${`投稿${i}`}, '', ${at}, ${i === 17 ? at : null}) returning id`;
      if (i !== 17) expected.push({ id: row!.id, at: at.getTime() });
    }
    const [hid] = expected.slice(-5);
    await o`update community_posts set hidden_at = now(), hidden_reason = '理由' where id = ${hid!.id}`;
    for (const c of [other, pending]) {
      await o`insert into community_posts (region_id, community_id, author_id, author_municipality_id, body, body_html, created_at)
              values (${k.region.id}, ${c.id}, ${k.staffA.id}, ${k.staffA.municipalityId}, '対象外', '', ${new Date(base + 10 * 60_000)})`;
    }
    expected.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/feed?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await k.call(reader, 'GET', url);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(expected.map((e) => e.id));
    const page1 = await k.call(reader, 'GET', '/api/feed?limit=50');
    const hiddenRow = page1.body.items.find((i: { id: string }) => i.id === hid!.id);
    expect(hiddenRow).toMatchObject({ hidden: true, excerpt: '' });
    expect((await k.call(reader, 'GET', '/api/feed?cursor=bm9wZQ', undefined, 'en')).body.error.fields.cursor).toMatch(/^Cursor|^cursor/i);
    expect((await k.call(k.outsiderC, 'GET', '/api/feed')).body.items).toEqual([]);
  });
});

describe('isolation: every id route answers 404 outside the region and for an invisible community', () => {
  let ids: { post: string; comment: string; report: string; community: string };

  async function fixtureIn(communityId: string, author: CastUser, manager: CastUser) {
    const p = await postOk(author, communityId, { kind: 'idea', title: '見えないはず', body: '本文' });
    const c = (await k.call(author, 'POST', `/api/posts/${p.id}/comments`, { body: 'コメント' })).body;
    await k.call(author, 'POST', `/api/posts/${p.id}/report`, { reason: '確認' });
    const queue = await k.call(manager, 'GET', `/api/communities/${communityId}/reports`);
    return { post: p.id, comment: c.id, report: queue.body.items.at(-1).id, community: communityId };
  }

  const routes = (x: typeof ids): Array<[('GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'), string, unknown?]> => [
    ['GET', `/api/communities/${x.community}/posts`],
    ['POST', `/api/communities/${x.community}/posts`, { body: 'x' }],
    ['GET', `/api/communities/${x.community}/reports`],
    ['GET', `/api/posts/${x.post}`],
    ['PATCH', `/api/posts/${x.post}`, { body: 'x' }],
    ['DELETE', `/api/posts/${x.post}`],
    ['GET', `/api/posts/${x.post}/revisions`],
    ['POST', `/api/posts/${x.post}/hide`, { reason: 'x' }],
    ['POST', `/api/posts/${x.post}/unhide`],
    ['POST', `/api/posts/${x.post}/pin`],
    ['POST', `/api/posts/${x.post}/unpin`],
    ['PUT', `/api/posts/${x.post}/like`],
    ['DELETE', `/api/posts/${x.post}/like`],
    ['POST', `/api/posts/${x.post}/report`, { reason: 'x' }],
    ['POST', `/api/posts/${x.post}/accept`, { commentId: x.comment }],
    ['DELETE', `/api/posts/${x.post}/accept`],
    ['PUT', `/api/posts/${x.post}/interest`, {}],
    ['DELETE', `/api/posts/${x.post}/interest`],
    ['GET', `/api/posts/${x.post}/interested`],
    ['GET', `/api/posts/${x.post}/comments`],
    ['POST', `/api/posts/${x.post}/comments`, { body: 'x' }],
    ['PATCH', `/api/comments/${x.comment}`, { body: 'x' }],
    ['DELETE', `/api/comments/${x.comment}`],
    ['POST', `/api/comments/${x.comment}/hide`, { reason: 'x' }],
    ['POST', `/api/comments/${x.comment}/unhide`],
    ['PUT', `/api/comments/${x.comment}/like`],
    ['DELETE', `/api/comments/${x.comment}/like`],
    ['POST', `/api/comments/${x.comment}/report`, { reason: 'x' }],
    ['POST', `/api/reports/${x.report}/resolve`, { status: 'dismissed' }],
  ];

  async function snapshot() {
    const o = t.db.owner;
    return JSON.stringify(await Promise.all([
      o`select id, title, body, hidden_at, pinned_at, deleted_at, like_count, interest_count, comment_count, view_count, accepted_comment_id from community_posts order by id`,
      o`select id, body, hidden_at, deleted_at, like_count from community_comments order by id`,
      o`select id, status from community_reports order by id`,
      o`select count(*)::int from community_likes`,
      o`select count(*)::int from community_post_views`,
      o`select count(*)::int from outbox_events`,
    ]));
  }

  it('outsiderC (another region) gets 404 on every route of an open community, and changes nothing', async () => {
    ids = await fixtureIn(open.id, k.staffA, k.managerA);
    const before = await snapshot();
    for (const [method, url, payload] of routes(ids)) {
      const res = await k.call(k.outsiderC, method, url, payload);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    expect(await snapshot()).toBe(before);
  });

  it('staffB (same region, not a member) gets 404 on every route of an invite-only community', async () => {
    const x = await fixtureIn(secret.id, k.staffA, k.managerA);
    const before = await snapshot();
    for (const [method, url, payload] of routes(x)) {
      const res = await k.call(k.staffB, method, url, payload);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    expect(await snapshot()).toBe(before);
    // The feed and the lists of staffB do not show it either.
    const feed = await k.call(k.staffB, 'GET', '/api/feed?limit=50');
    expect(feed.body.items.map((i: { communityId: string }) => i.communityId)).not.toContain(secret.id);
    const qs = await k.call(k.staffB, 'GET', `/api/questions?communityId=${secret.id}`);
    expect(qs.status).toBe(404);
  });
});
