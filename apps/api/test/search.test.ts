import { beforeAll, describe, expect, it } from 'vitest';
import { toTsvectorLiteral } from '@yui/domain';
import { useTestApi } from './helpers';
import { communityCast, insertCommunity, type CastUser, type CommunityCast } from './community-fixtures';

// 検索: Japanese words of two characters (観光, 育休) and parts of words are found; nothing of an
// invite-only community for a non-member, nothing of the region for staff of another region.

const t = useTestApi();
let k: CommunityCast;
let open: { id: string; name: string };
let secret: { id: string; name: string };
let closed: { id: string; name: string };
let other: { id: string; name: string };
const posts: Record<string, string> = {};

async function post(who: CastUser, communityId: string, body: Record<string, unknown>) {
  const res = await k.call(who, 'POST', `/api/communities/${communityId}/posts`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const find = async (who: CastUser, q: string, extra = '') => {
  const res = await k.call(who, 'GET', `/api/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { communities: Array<{ id: string }>; posts: Array<{ id: string; title: string | null }>; events: Array<{ id: string }> };
};
const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);

beforeAll(async () => {
  k = await communityCast(t);
  const o = t.db.owner;
  open = await insertCommunity(o, { regionId: k.region.id, createdBy: k.coordinator, name: '観光まちづくり研究会' }, [[k.managerA, 'manager'], [k.staffA], [k.staffB]]);
  secret = await insertCommunity(o, { regionId: k.region.id, createdBy: k.coordinator, name: '育休経験者の会', visibility: 'invite' }, [[k.managerA, 'manager'], [k.staffA]]);
  closed = await insertCommunity(o, { regionId: k.region.id, createdBy: k.coordinator, name: '承認制の会', visibility: 'approval' }, [[k.managerB, 'manager'], [k.staffB]]);
  // The same words in another region: outsiderC's own community.
  other = await insertCommunity(o, { regionId: k.otherRegion.id, createdBy: k.outsiderC, name: '他県の観光部会' }, [[k.outsiderC, 'manager']]);
  for (const c of [open, secret, closed, other]) {
    await o`update communities set search = ${toTsvectorLiteral([c.name, '説明文'])}::tsvector where id = ${c.id}`;
  }

  posts.kanko = await post(k.staffA, open.id, { title: '観光PRの相談', body: 'インバウンド向けのパンフレットを作りたい' });
  posts.ikukyu = await post(k.staffB, open.id, { kind: 'question', title: '男性の育休', body: '取得した方の体験を聞きたいです。#育休' });
  posts.excel = await post(k.staffA, open.id, { kind: 'case', title: '集計の自動化', body: '毎月の集計が大変', challenge: '手作業の転記', solution: 'Excelのマクロで自動化しました' });
  posts.secret = await post(k.staffA, secret.id, { body: '育休から復帰したときの観光課の話' });
  posts.closed = await post(k.staffB, closed.id, { body: '承認制の会での観光の話' });
  posts.otherRegion = await post(k.outsiderC, other.id, { body: '他県の観光と育休の話' });
  const future = new Date(Date.now() + 7 * 86400_000);
  const [ev] = await o`
    insert into community_events (region_id, community_id, title, description, starts_at, ends_at, created_by, created_by_municipality_id, search)
    values (${k.region.id}, ${open.id}, '観光ガイド勉強会', '地域の魅力を学ぶ', ${future}, ${new Date(future.getTime() + 3600_000)},
            ${k.managerA.id}, ${k.managerA.municipalityId}, ${toTsvectorLiteral(['観光ガイド勉強会', '地域の魅力を学ぶ'])}::tsvector)
    returning id`;
  posts.event = ev!.id;
  const [sev] = await o`
    insert into community_events (region_id, community_id, title, starts_at, ends_at, created_by, created_by_municipality_id, search)
    values (${k.region.id}, ${secret.id}, '育休座談会', ${future}, ${new Date(future.getTime() + 3600_000)},
            ${k.managerA.id}, ${k.managerA.municipalityId}, ${toTsvectorLiteral(['育休座談会'])}::tsvector)
    returning id`;
  posts.secretEvent = sev!.id;
});

describe('search', () => {
  it('finds 観光 in a post, a community and an event', async () => {
    const r = await find(k.staffB, '観光');
    expect(ids(r.posts)).toContain(posts.kanko);
    expect(ids(r.communities)).toContain(open.id);
    expect(ids(r.events)).toEqual([posts.event]);
    expect(r.posts[0]).toHaveProperty('communityName');
  });

  it('finds 育休 (two characters), parts of words and Latin prefixes', async () => {
    expect(ids((await find(k.staffA, '育休')).posts)).toEqual(expect.arrayContaining([posts.ikukyu, posts.secret]));
    expect(ids((await find(k.staffA, 'バウンド')).posts)).toEqual([posts.kanko]); // inside インバウンド
    expect(ids((await find(k.staffA, 'フレット')).posts)).toEqual([posts.kanko]);
    expect(ids((await find(k.staffA, '転記')).posts)).toEqual([posts.excel]); // 課題感
    expect(ids((await find(k.staffA, 'マクロ')).posts)).toEqual([posts.excel]); // どうやって解決したか
    expect(ids((await find(k.staffA, 'exc')).posts)).toEqual([posts.excel]);
    expect(ids((await find(k.staffA, 'ＥＸＣＥＬ')).posts)).toEqual([posts.excel]); // full-width
    expect(ids((await find(k.staffA, '観光　相談')).posts)).toEqual([posts.kanko]); // every word must match
    expect((await find(k.staffA, '観光協会')).posts).toEqual([]); // a phrase, not two bigrams anywhere
  });

  it('finds exactly a #tag', async () => {
    const r = await find(k.staffA, '#育休');
    expect(ids(r.posts)).toEqual([posts.ikukyu]);
    expect(r.communities).toEqual([]);
    expect((await find(k.staffA, '#育')).posts).toEqual([]);
  });

  it('does not find posts or events of an invite-only community for a non-member of the same region', async () => {
    const asB = await find(k.staffB, '育休');
    expect(ids(asB.posts)).toEqual([posts.ikukyu]);
    expect(ids(asB.communities)).not.toContain(secret.id);
    expect(asB.events).toEqual([]);
    const asA = await find(k.staffA, '育休');
    expect(ids(asA.communities)).toContain(secret.id);
    expect(ids(asA.events)).toEqual([posts.secretEvent]);
  });

  it('finds the posts of an approval community for its members only, the community card for everyone', async () => {
    expect(ids((await find(k.staffB, '承認制')).posts)).toEqual([posts.closed]);
    const asA = await find(k.staffA, '承認制');
    expect(asA.posts).toEqual([]);
    expect(ids(asA.communities)).toEqual([closed.id]);
  });

  it('shows staff of another region nothing of region R', async () => {
    for (const q of ['観光', '育休', '承認制', '#育休', 'exc']) {
      const r = await find(k.outsiderC, q);
      expect(ids(r.posts).filter((id) => id !== posts.otherRegion)).toEqual([]);
      expect(ids(r.communities).filter((id) => id !== other.id)).toEqual([]);
      expect(r.events).toEqual([]);
    }
    // …and their own region's words are not visible to region R.
    expect(ids((await find(k.staffA, '他県')).posts)).toEqual([]);
    expect(ids((await find(k.staffA, '他県')).communities)).toEqual([]);
  });

  it('does not lead others to a hidden post by its words', async () => {
    const p = await post(k.staffA, open.id, { body: '削除予定の不適切な文言' });
    await k.call(k.managerA, 'POST', `/api/posts/${p}/hide`, { reason: '不適切' });
    expect((await find(k.staffB, '不適切な文言')).posts).toEqual([]);
    expect(ids((await find(k.staffA, '不適切な文言')).posts)).toEqual([p]);
    expect(ids((await find(k.managerA, '不適切な文言')).posts)).toEqual([p]);
    await k.call(k.staffA, 'DELETE', `/api/posts/${p}`);
    expect((await find(k.staffA, '不適切な文言')).posts).toEqual([]);
  });

  it('finds an edited post by its new words, not its old ones', async () => {
    const p = await post(k.staffA, open.id, { body: '旧い文言ふるさと納税' });
    await k.call(k.staffA, 'PATCH', `/api/posts/${p}`, { body: '新しい文言企業版' });
    expect((await find(k.staffA, 'ふるさと納税')).posts).toEqual([]);
    expect(ids((await find(k.staffA, '企業版')).posts)).toEqual([p]);
  });

  it('narrows by type and limits', async () => {
    const r = await find(k.staffA, '観光', '&type=events');
    expect(r.posts).toEqual([]);
    expect(r.communities).toEqual([]);
    expect(ids(r.events)).toEqual([posts.event]);
    expect((await find(k.staffA, '観光', '&type=posts&limit=1')).posts).toHaveLength(1);
    expect(await find(k.staffA, '!!!')).toEqual({ communities: [], posts: [], events: [] });
  });

  it('names the search words when they are missing, in Japanese and English', async () => {
    const ja = await k.call(k.staffA, 'GET', '/api/search?q=');
    expect(ja.status).toBe(400);
    expect(ja.body.error.fields.q).toMatch(/: /);
    const en = await k.call(k.staffA, 'GET', '/api/search?q=x&type=people', undefined, 'en');
    expect(en.status).toBe(400);
    expect(en.body.error.fields.type).toMatch(/^Search in /);
  });
});
