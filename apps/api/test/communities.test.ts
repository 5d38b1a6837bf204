import { beforeAll, describe, expect, it } from 'vitest';
import { newUser } from '@yui/db/testing';
import { useTestApi } from './helpers';
import { communityCast, insertCommunity, type CastUser, type CommunityCast } from './community-fixtures';

const t = useTestApi();
let s: CommunityCast;

beforeAll(async () => {
  s = await communityCast(t);
});

const events = (type: string, communityId: string) => t.db.owner<{ payload: { recipientIds: string[]; [k: string]: unknown }; municipality_id: string; actor_id: string }[]>`
  select payload, municipality_id, actor_id from outbox_events where type = ${type} and payload->>'communityId' = ${communityId} order by created_at`;
const memberCount = async (id: string) => {
  const [row] = await t.db.owner<{ member_count: number; actual: number }[]>`
    select member_count, (select count(*)::int from community_members where community_id = c.id and status = 'active') as actual
    from communities c where id = ${id}`;
  return row!;
};
const ids = (items: Array<{ id: string }>) => items.map((c) => c.id);

describe('creating, editing and archiving (regional coordinators)', () => {
  it('creates a community with its managers as members; staff get 403', async () => {
    const body = {
      name: '観光DX勉強会', category: 'learning', visibility: 'open',
      description: '## 目的\n観光の**DX**を学びます <script>alert(1)</script> [x](javascript:alert(1))',
      managerIds: [s.managerA.id, s.managerB.id],
    };
    expect((await s.call(s.staffA, 'POST', '/api/communities', body)).status).toBe(403);

    const res = await s.call(s.coordinator, 'POST', '/api/communities', body);
    expect(res.status).toBe(201);
    const c = res.body;
    expect(c).toMatchObject({ name: '観光DX勉強会', category: 'learning', visibility: 'open', status: 'active', memberCount: 2, membership: null });
    expect(c.managers.map((m: { id: string }) => m.id).sort()).toEqual([s.managerA.id, s.managerB.id].sort());
    expect(c.managers.find((m: { id: string }) => m.id === s.managerB.id)).toMatchObject({ municipalityName: 'B町', departmentName: '企画課' });
    expect(c.descriptionHtml).toContain('<strong>DX</strong>');
    expect(c.descriptionHtml).not.toContain('<script');
    expect(c.descriptionHtml).not.toMatch(/href="javascript:/i);
    expect(c.excerpt).toContain('観光のDXを学びます');
    expect(c.can).toMatchObject({ administer: true, post: false, manage: false, join: true });
    expect(c.towns.sort()).toEqual(['A町', 'B町']);
    expect(await memberCount(c.id)).toEqual({ member_count: 2, actual: 2 });
    // The search index holds name and description as bigrams.
    const [hit] = await t.db.owner`select search @@ '観光 <-> 光の'::tsquery as found from communities where id = ${c.id}`;
    expect(hit!.found).toBe(true);

    // A manager sees what managers do.
    const asManager = await s.call(s.managerA, 'GET', `/api/communities/${c.id}`);
    expect(asManager.body.membership).toEqual({ role: 'manager', status: 'active', notify: 'digest' });
    expect(asManager.body.can).toMatchObject({ post: true, manage: true, administer: false, join: false });
  });

  it('refuses a duplicate name (ignoring case), a manager outside the region and a name too long, naming the field in ja and en', async () => {
    const base = { category: 'sharing', managerIds: [s.managerA.id] };
    expect((await s.call(s.coordinator, 'POST', '/api/communities', { ...base, name: 'Excel活用' })).status).toBe(201);
    const dup = await s.call(s.coordinator, 'POST', '/api/communities', { ...base, name: 'excel活用' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields.name).toContain('既に使われています');

    const outside = await s.call(s.coordinator, 'POST', '/api/communities', { ...base, name: '越境', managerIds: [s.outsiderC.id] });
    expect(outside.status).toBe(400);
    expect(outside.body.error.fields.managerIds).toBe('管理者: 広域圏の職員ではありません');
    const outsideEn = await s.call(s.coordinator, 'POST', '/api/communities', { ...base, name: '越境', managerIds: [s.outsiderC.id] }, 'en');
    expect(outsideEn.body.error.fields.managerIds).toBe('Managers is not a member of staff in this region');

    const long = 'あ'.repeat(81);
    const ja = await s.call(s.coordinator, 'POST', '/api/communities', { ...base, name: long });
    expect(ja.status).toBe(400);
    // The shared label of `name` (氏名) wins over the community's 名前 in the merged label map.
    expect(ja.body.error.fields.name).toMatch(/^(名前|氏名): 長すぎる/);
    const en = await s.call(s.coordinator, 'POST', '/api/communities', { ...base, name: long }, 'en');
    expect(en.body.error.fields.name).toBe('Name is too long or too large');
    const noCategory = await s.call(s.coordinator, 'POST', '/api/communities', { name: 'x', managerIds: [s.managerA.id], category: 'nope' });
    expect(noCategory.body.error.fields.category).toMatch(/^目的: /);

    const [n] = await t.db.owner`select count(*)::int as n from communities where region_id = ${s.region.id} and name in ('越境', ${long})`;
    expect(n!.n).toBe(0);
  });

  it('edits (re-rendered, re-indexed), archives and unarchives; staff get 403 on every one of these', async () => {
    const c = (await s.call(s.coordinator, 'POST', '/api/communities', { name: '防災の集い', category: 'other', managerIds: [s.managerA.id] })).body;
    for (const [method, url, payload] of [
      ['PATCH', `/api/communities/${c.id}`, { name: 'x' }],
      ['POST', `/api/communities/${c.id}/archive`, undefined],
      ['POST', `/api/communities/${c.id}/unarchive`, undefined],
      ['PUT', `/api/communities/${c.id}/managers`, { userIds: [s.staffA.id] }],
    ] as const) {
      // A manager of the community is not a coordinator either.
      expect((await s.call(s.staffA, method, url, payload)).status, `${method} ${url}`).toBe(403);
      expect((await s.call(s.managerA, method, url, payload)).status, `${method} ${url}`).toBe(403);
    }

    const edited = await s.call(s.coordinator, 'PATCH', `/api/communities/${c.id}`, { name: '防災・減災の集い', description: '**備蓄**の工夫', visibility: 'approval' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: '防災・減災の集い', visibility: 'approval', category: 'other' });
    expect(edited.body.descriptionHtml).toContain('<strong>備蓄</strong>');
    const [idx] = await t.db.owner`select search @@ '備蓄'::tsquery as desc_found, search @@ '減災'::tsquery as name_found from communities where id = ${c.id}`;
    expect(idx).toEqual({ desc_found: true, name_found: true });
    const taken = await s.call(s.coordinator, 'PATCH', `/api/communities/${c.id}`, { name: 'EXCEL活用' });
    expect(taken.status).toBe(409);

    const archived = await s.call(s.coordinator, 'POST', `/api/communities/${c.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe('archived');
    expect(archived.body.archivedAt).toBeTruthy();
    expect(archived.body.can.join).toBe(false);
    // Read-only: nobody joins, the coordinator does not edit it until it is back.
    const join = await s.call(s.staffB, 'POST', `/api/communities/${c.id}/join`, {});
    expect(join.status).toBe(409);
    expect(join.body.error.fields.communityId).toBe('コミュニティ: アーカイブされたコミュニティです');
    expect((await s.call(s.coordinator, 'PATCH', `/api/communities/${c.id}`, { name: 'y' })).status).toBe(409);
    // Out of the directory unless asked for.
    expect(ids((await s.call(s.staffB, 'GET', '/api/communities?limit=100')).body.items)).not.toContain(c.id);
    expect(ids((await s.call(s.staffB, 'GET', '/api/communities?limit=100&includeArchived=true')).body.items)).toContain(c.id);

    const back = await s.call(s.coordinator, 'POST', `/api/communities/${c.id}/unarchive`);
    expect(back.body).toMatchObject({ status: 'active', archivedAt: null });
  });

  it('a coordinator who is not in a community cannot make it invite-only (they could no longer see it); a member coordinator can', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.managerA, name: '閉じる予定' }, [[s.managerA, 'manager'], [s.staffA]]);
    const res = await s.call(s.coordinator, 'PATCH', `/api/communities/${c.id}`, { visibility: 'invite', description: '招待制にしました' });
    expect(res.status).toBe(409);
    expect(res.body.error.fields.visibility).toMatch(/^公開範囲: 招待制にできるのは/);
    const [row] = await t.db.owner`select visibility, description from communities where id = ${c.id}`;
    expect(row).toEqual({ visibility: 'open', description: '' });
  });

  // Needs yui_visible_invite_communities() to list the person's communities whatever their visibility
  // (the UPDATE's new row is checked against the policy with the function reading the old row).
  it('a coordinator who is a member, or the creator, makes a community invite-only', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.managerA }, [[s.managerA, 'manager'], [s.staffA]]);
    expect((await s.call(s.coordinator, 'POST', `/api/communities/${c.id}/join`, {})).status).toBe(201);
    const ok = await s.call(s.coordinator, 'PATCH', `/api/communities/${c.id}`, { visibility: 'invite' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ visibility: 'invite', memberCount: 3 });
    expect((await s.call(s.staffA2, 'GET', `/api/communities/${c.id}`)).status).toBe(404);
    const mine = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.coordinator }, [[s.managerA, 'manager']]);
    expect((await s.call(s.coordinator, 'PATCH', `/api/communities/${mine.id}`, { visibility: 'invite' })).status).toBe(200);
    expect((await s.call(s.staffA2, 'GET', `/api/communities/${mine.id}`)).status).toBe(404);
  });

  it('sets the managers: listed people manage (joining if needed), the others stay as members', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.coordinator }, [[s.managerA, 'manager'], [s.staffA]]);
    const res = await s.call(s.coordinator, 'PUT', `/api/communities/${c.id}/managers`, { userIds: [s.staffA.id, s.staffB.id] });
    expect(res.status).toBe(200);
    expect(res.body.managers.map((m: { id: string }) => m.id).sort()).toEqual([s.staffA.id, s.staffB.id].sort());
    expect(res.body.memberCount).toBe(3);
    const rows = await t.db.owner`select user_id, role, status from community_members where community_id = ${c.id} order by user_id`;
    expect(Object.fromEntries(rows.map((r) => [r.user_id, `${r.role}/${r.status}`]))).toEqual({
      [s.managerA.id]: 'member/active', [s.staffA.id]: 'manager/active', [s.staffB.id]: 'manager/active',
    });
    const none = await s.call(s.coordinator, 'PUT', `/api/communities/${c.id}/managers`, { userIds: [] });
    expect(none.status).toBe(400);
    const outside = await s.call(s.coordinator, 'PUT', `/api/communities/${c.id}/managers`, { userIds: [s.outsiderC.id] });
    expect(outside.status).toBe(400);
    expect(outside.body.error.fields.userIds).toBe('職員: 広域圏の職員ではありません');
  });
});

describe('invite-only communities', () => {
  it('are invisible to non-members of the region until they are invited, and visible once they accept', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.managerA, visibility: 'invite', name: '人事担当者の輪' },
      [[s.managerA, 'manager'], [s.staffA]]);
    for (const who of [s.staffB, s.staffA2, s.coordinator]) {
      expect((await s.call(who, 'GET', `/api/communities/${c.id}`)).status).toBe(404);
      expect((await s.call(who, 'GET', `/api/communities/${c.id}/members`)).status).toBe(404);
      expect((await s.call(who, 'POST', `/api/communities/${c.id}/join`, {})).status).toBe(404);
      expect(ids((await s.call(who, 'GET', '/api/communities?limit=100')).body.items)).not.toContain(c.id);
    }
    const member = await s.call(s.staffA, 'GET', `/api/communities/${c.id}`);
    expect(member.status).toBe(200);
    expect(ids((await s.call(s.staffA, 'GET', '/api/communities?limit=100')).body.items)).toContain(c.id);

    // Plain members do not invite; the manager does, and only people of the region.
    expect((await s.call(s.staffA, 'POST', `/api/communities/${c.id}/invitations`, { userIds: [s.staffB.id] })).status).toBe(403);
    const outside = await s.call(s.managerA, 'POST', `/api/communities/${c.id}/invitations`, { userIds: [s.staffB.id, s.outsiderC.id] });
    expect(outside.status).toBe(400);
    expect(outside.body.error.fields.userIds).toContain('広域圏の職員ではありません');
    expect((await s.call(s.staffB, 'GET', `/api/communities/${c.id}`)).status).toBe(404); // nobody was invited

    expect((await s.call(s.managerA, 'POST', `/api/communities/${c.id}/invitations`, { userIds: [s.staffB.id] })).status).toBe(200);
    const [ev] = await events('community.invited', c.id);
    expect(ev!.payload).toMatchObject({ recipientIds: [s.staffB.id], communityName: '人事担当者の輪', inviterName: '課長 一郎' });
    expect(ev!.actor_id).toBe(s.managerA.id);

    const invited = await s.call(s.staffB, 'GET', `/api/communities/${c.id}`);
    expect(invited.status).toBe(200);
    expect(invited.body.membership).toMatchObject({ status: 'invited' });
    expect(invited.body.can).toMatchObject({ join: true, post: false });
    expect(ids((await s.call(s.staffB, 'GET', '/api/communities?limit=100')).body.items)).toContain(c.id);
    // Invited is not yet a member: the content stays closed.
    expect((await s.call(s.staffB, 'GET', `/api/communities/${c.id}/members`)).status).toBe(403);

    const accepted = await s.call(s.staffB, 'POST', `/api/communities/${c.id}/join`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body.membership).toEqual({ role: 'member', status: 'active', notify: 'digest' });
    const list = await s.call(s.staffB, 'GET', `/api/communities/${c.id}/members`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { person: { id: string } }) => m.person.id)).toContain(s.staffB.id);
    expect(await memberCount(c.id)).toEqual({ member_count: 3, actual: 3 });
    // Still nothing for the others.
    expect((await s.call(s.staffA2, 'GET', `/api/communities/${c.id}`)).status).toBe(404);

    // Leaving makes it invisible again, and the count follows.
    expect((await s.call(s.staffB, 'POST', `/api/communities/${c.id}/leave`)).body).toEqual({ membership: null });
    expect((await s.call(s.staffB, 'GET', `/api/communities/${c.id}`)).status).toBe(404);
    expect(await memberCount(c.id)).toEqual({ member_count: 2, actual: 2 });
  });

  it('an invite-only community the coordinator creates is theirs to see and administer', async () => {
    const res = await s.call(s.coordinator, 'POST', '/api/communities', { name: '秘密の相談室', category: 'consultation', visibility: 'invite', managerIds: [s.staffB.id] });
    expect(res.status).toBe(201);
    expect(res.body.managers.map((m: { id: string }) => m.id)).toEqual([s.staffB.id]);
    expect((await s.call(s.staffB, 'GET', `/api/communities/${res.body.id}`)).status).toBe(200);
    expect((await s.call(s.staffA, 'GET', `/api/communities/${res.body.id}`)).status).toBe(404);
    expect((await s.call(s.coordinator, 'PATCH', `/api/communities/${res.body.id}`, { description: '匿名で相談できます' })).status).toBe(200);
  });
});

describe('another region', () => {
  it('staff (and a coordinator) of town C get 404 on every route of a community of R, and none in the list', async () => {
    const open = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.coordinator, name: '公開コミュニティR' },
      [[s.managerA, 'manager'], [s.staffA]]);
    const secret = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.coordinator, visibility: 'invite' },
      [[s.managerA, 'manager'], [s.staffB, 'member', 'pending']]);
    const [before] = await t.db.owner`select count(*)::int as n, max(updated_at) as at from community_members where community_id in (${open.id}, ${secret.id})`;
    for (const c of [open, secret]) {
      const routes = [
        ['GET', `/api/communities/${c.id}`],
        ['PATCH', `/api/communities/${c.id}`, { name: '乗っ取り' }],
        ['POST', `/api/communities/${c.id}/archive`],
        ['POST', `/api/communities/${c.id}/unarchive`],
        ['PUT', `/api/communities/${c.id}/managers`, { userIds: [s.outsiderC.id] }],
        ['POST', `/api/communities/${c.id}/join`, {}],
        ['POST', `/api/communities/${c.id}/leave`],
        ['PUT', `/api/communities/${c.id}/notify`, { notify: 'mute' }],
        ['GET', `/api/communities/${c.id}/members`],
        ['GET', `/api/communities/${c.id}/members?status=pending`],
        ['POST', `/api/communities/${c.id}/members/${s.staffB.id}/approve`],
        ['POST', `/api/communities/${c.id}/members/${s.staffB.id}/decline`],
        ['DELETE', `/api/communities/${c.id}/members/${s.staffA.id}`],
        ['POST', `/api/communities/${c.id}/invitations`, { userIds: [s.outsiderC.id] }],
        ['GET', `/api/community-reports?communityId=${c.id}`],
      ] as const;
      for (const [method, url, payload] of routes) {
        const res = await s.call(s.outsiderC, method, url, payload);
        expect(res.status, `${method} ${url}`).toBe(404);
      }
    }
    const list = await s.call(s.outsiderC, 'GET', '/api/communities?limit=100&includeArchived=true');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const people = await s.call(s.outsiderC, 'GET', `/api/communities/people?q=${encodeURIComponent('郡山')}`);
    expect(people.body.items).toEqual([]);
    const [after] = await t.db.owner`select count(*)::int as n, max(updated_at) as at from community_members where community_id in (${open.id}, ${secret.id})`;
    expect(after).toEqual(before);
    const [c] = await t.db.owner`select name, status from communities where id = ${open.id}`;
    expect(c).toEqual({ name: '公開コミュニティR', status: 'active' });
  });
});

describe('membership', () => {
  it('join on approval: a request the managers are told of, approved or declined by a manager', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.coordinator, visibility: 'approval', name: '育休経験者の会' },
      [[s.managerA, 'manager'], [s.managerB, 'manager']]);
    // Not a member: the card, not the content.
    const card = await s.call(s.staffA, 'GET', `/api/communities/${c.id}`);
    expect(card.status).toBe(200);
    expect(card.body.can).toMatchObject({ join: true, post: false });
    expect(card.body.pendingCount).toBe(0);
    expect((await s.call(s.staffA, 'GET', `/api/communities/${c.id}/members`)).status).toBe(403);

    const asked = await s.call(s.staffA, 'POST', `/api/communities/${c.id}/join`, { message: '来月から育休を取ります' });
    expect(asked.status).toBe(201);
    expect(asked.body.membership).toEqual({ role: 'member', status: 'pending', notify: 'digest' });
    const again = await s.call(s.staffA, 'POST', `/api/communities/${c.id}/join`, {});
    expect(again.status).toBe(200);
    expect(again.body.membership.status).toBe('pending');
    const [requested, ...more] = await events('community.join_requested', c.id);
    expect(more).toEqual([]);
    expect(requested!.payload.recipientIds.sort()).toEqual([s.managerA.id, s.managerB.id].sort());
    expect(requested!.payload).toMatchObject({ requesterName: '郡山 太郎', communityName: '育休経験者の会' });
    expect(requested!.municipality_id).toBe(s.a.id);
    expect(await memberCount(c.id)).toEqual({ member_count: 2, actual: 2 });

    const forManager = await s.call(s.managerB, 'GET', `/api/communities/${c.id}`);
    expect(forManager.body.pendingCount).toBe(1);
    expect((await s.call(s.staffA, 'GET', `/api/communities/${c.id}`)).body.can.join).toBe(false);
    const pending = await s.call(s.managerB, 'GET', `/api/communities/${c.id}/members?status=pending`);
    expect(pending.status).toBe(200);
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0]).toMatchObject({ status: 'pending', message: '来月から育休を取ります', joinedAt: null, person: { id: s.staffA.id, municipalityName: 'A町' } });

    // Only managers decide.
    expect((await s.call(s.staffA, 'POST', `/api/communities/${c.id}/members/${s.staffA.id}/approve`)).status).toBe(403);
    expect((await s.call(s.coordinator, 'POST', `/api/communities/${c.id}/members/${s.staffA.id}/approve`)).status).toBe(403);
    const ok = await s.call(s.managerB, 'POST', `/api/communities/${c.id}/members/${s.staffA.id}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'active', role: 'member', person: { id: s.staffA.id, departmentName: '観光課' } });
    expect(ok.body.joinedAt).toBeTruthy();
    const [approved] = await events('community.join_approved', c.id);
    expect(approved!.payload.recipientIds).toEqual([s.staffA.id]);
    expect(approved!.municipality_id).toBe(s.b.id); // the acting manager's town
    expect(await memberCount(c.id)).toEqual({ member_count: 3, actual: 3 });
    expect((await s.call(s.managerB, 'POST', `/api/communities/${c.id}/members/${s.staffA.id}/approve`)).status).toBe(409);

    // Declined: the request is gone, and they may ask again.
    expect((await s.call(s.staffA2, 'POST', `/api/communities/${c.id}/join`, {})).status).toBe(201);
    expect((await s.call(s.managerA, 'POST', `/api/communities/${c.id}/members/${s.staffA2.id}/decline`)).status).toBe(200);
    const after = await s.call(s.staffA2, 'GET', `/api/communities/${c.id}`);
    expect(after.body.membership).toBeNull();
    expect(after.body.can.join).toBe(true);
    expect((await s.call(s.managerA, 'POST', `/api/communities/${c.id}/members/${s.staffA2.id}/decline`)).status).toBe(404);
    expect(await memberCount(c.id)).toEqual({ member_count: 3, actual: 3 });
    expect(await events('community.join_requested', c.id)).toHaveLength(2);
  });

  it('an open community: join at once (idempotent), leave; the last manager cannot leave or be removed', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.coordinator }, [[s.managerA, 'manager']]);
    const joined = await s.call(s.staffB, 'POST', `/api/communities/${c.id}/join`, { message: 'よろしく' });
    expect(joined.status).toBe(201);
    expect(joined.body.membership).toEqual({ role: 'member', status: 'active', notify: 'digest' });
    expect((await s.call(s.staffB, 'POST', `/api/communities/${c.id}/join`, {})).status).toBe(200);
    expect(await events('community.join_requested', c.id)).toEqual([]);
    expect(await memberCount(c.id)).toEqual({ member_count: 2, actual: 2 });

    const last = await s.call(s.managerA, 'POST', `/api/communities/${c.id}/leave`);
    expect(last.status).toBe(409);
    expect(last.body.error.fields.userId).toContain('管理者が1人もいなくなります');
    const lastEn = await s.call(s.managerA, 'DELETE', `/api/communities/${c.id}/members/${s.managerA.id}`, undefined, 'en');
    expect(lastEn.status).toBe(409);
    expect(lastEn.body.error.fields.userId).toContain('would leave the community without a manager');
    // Plain members remove nobody.
    expect((await s.call(s.staffB, 'DELETE', `/api/communities/${c.id}/members/${s.managerA.id}`)).status).toBe(403);

    // With a second manager, the first may go.
    await s.call(s.coordinator, 'PUT', `/api/communities/${c.id}/managers`, { userIds: [s.managerA.id, s.staffB.id] });
    expect((await s.call(s.managerA, 'POST', `/api/communities/${c.id}/leave`)).status).toBe(200);
    expect(await memberCount(c.id)).toEqual({ member_count: 1, actual: 1 });
    // Leaving twice is nothing.
    expect((await s.call(s.managerA, 'POST', `/api/communities/${c.id}/leave`)).body).toEqual({ membership: null });

    // A manager removes a member.
    await s.call(s.staffA, 'POST', `/api/communities/${c.id}/join`, {});
    expect((await s.call(s.staffB, 'DELETE', `/api/communities/${c.id}/members/${s.staffA.id}`)).status).toBe(200);
    expect((await s.call(s.staffB, 'DELETE', `/api/communities/${c.id}/members/${s.staffA.id}`)).status).toBe(404);
    expect(await memberCount(c.id)).toEqual({ member_count: 1, actual: 1 });
  });

  it('the member list shows the town and department of people from two towns, with counts per town', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.coordinator, name: '広報の部屋' },
      [[s.managerA, 'manager'], [s.staffA], [s.staffB], [s.staffA2, 'member', 'pending']]);
    // Open: anyone of the region reads it.
    const res = await s.call(s.coordinator, 'GET', `/api/communities/${c.id}/members`);
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.items.map((m: { person: { id: string } }) => [m.person.id, m]));
    expect(Object.keys(byId).sort()).toEqual([s.managerA.id, s.staffA.id, s.staffB.id].sort());
    expect(byId[s.staffA.id].person).toMatchObject({ name: '郡山 太郎', nameKana: 'こおりやま たろう', municipalityName: 'A町', departmentName: '観光課' });
    expect(byId[s.staffB.id].person).toMatchObject({ name: '三春 桜', municipalityId: s.b.id, municipalityName: 'B町', departmentName: '企画課' });
    expect(byId[s.managerA.id].role).toBe('manager');
    expect(res.body.towns).toEqual([
      { municipalityId: s.a.id, municipalityName: 'A町', count: 2 },
      { municipalityId: s.b.id, municipalityName: 'B町', count: 1 },
    ]);
    // Pending and invited lists are for managers only.
    expect((await s.call(s.staffA, 'GET', `/api/communities/${c.id}/members?status=pending`)).status).toBe(403);
    expect((await s.call(s.staffA, 'GET', `/api/communities/${c.id}/members?status=invited`)).status).toBe(403);

    // One town, and page by page.
    const onlyB = await s.call(s.staffA, 'GET', `/api/communities/${c.id}/members?municipalityId=${s.b.id}`);
    expect(onlyB.body.items.map((m: { person: { id: string } }) => m.person.id)).toEqual([s.staffB.id]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: { body: { items: Array<{ person: { id: string } }>; nextCursor: string | null } } =
        await s.call(s.staffA, 'GET', `/api/communities/${c.id}/members?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.body.items.map((m) => m.person.id));
      cursor = p.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(Object.keys(byId).sort());
    expect((await s.call(s.staffA, 'GET', `/api/communities/${c.id}/members?cursor=nonsense`)).status).toBe(400);

    // The directory card's towns: most members first.
    const card = (await s.call(s.staffA, 'GET', `/api/communities/${c.id}`)).body;
    expect(card.towns).toEqual(['A町', 'B町']);
  });

  it('my notification setting per community', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.coordinator }, [[s.managerA, 'manager'], [s.staffA]]);
    const res = await s.call(s.staffA, 'PUT', `/api/communities/${c.id}/notify`, { notify: 'mute' });
    expect(res.status).toBe(200);
    expect(res.body.membership).toEqual({ role: 'member', status: 'active', notify: 'mute' });
    const [row] = await t.db.owner`select notify from community_members where community_id = ${c.id} and user_id = ${s.staffA.id}`;
    expect(row!.notify).toBe('mute');
    const notMember = await s.call(s.staffB, 'PUT', `/api/communities/${c.id}/notify`, { notify: 'all' });
    expect(notMember.status).toBe(409);
    expect(notMember.body.error.fields.notify).toBe('通知: このコミュニティのメンバーではありません');
    expect((await s.call(s.staffA, 'PUT', `/api/communities/${c.id}/notify`, { notify: 'loud' })).status).toBe(400);
  });

  it('20 concurrent joins leave member_count exactly right', async () => {
    const c = await insertCommunity(t.db.owner, { regionId: s.region.id, createdBy: s.coordinator }, [[s.managerA, 'manager']]);
    const people: CastUser[] = [];
    for (let i = 0; i < 20; i++) people.push(await newUser(t.db.owner, i % 2 ? s.a.id : s.b.id, { name: `参加 ${i}` }));
    // Sign in first, so the joins themselves run side by side.
    for (const p of people) await s.call(p, 'GET', '/api/communities?limit=1');
    const results = await Promise.all(people.map((p) => s.call(p, 'POST', `/api/communities/${c.id}/join`, {})));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(await memberCount(c.id)).toEqual({ member_count: 21, actual: 21 });
    // And 10 leaving at once while 10 join again.
    const mixed = await Promise.all(people.map((p, i) => s.call(p, 'POST', `/api/communities/${c.id}/${i % 2 ? 'leave' : 'join'}`, i % 2 ? undefined : {})));
    expect(mixed.every((r) => r.status === 200)).toBe(true);
    expect(await memberCount(c.id)).toEqual({ member_count: 11, actual: 11 });
  });
});

describe('the directory', () => {
  it('filters by purpose, town, activity and mine; pages through every sort without repeats', async () => {
    const o = t.db.owner;
    const r = s.region.id;
    const x = await insertCommunity(o, { regionId: r, createdBy: s.coordinator, name: 'Dir あ', category: 'work_life' }, [[s.managerB, 'manager'], [s.staffB]]);
    const y = await insertCommunity(o, { regionId: r, createdBy: s.coordinator, name: 'Dir い', category: 'work_life' }, [[s.managerA, 'manager']]);
    const z = await insertCommunity(o, { regionId: r, createdBy: s.coordinator, name: 'Dir う', category: 'local' }, [[s.managerA, 'manager'], [s.staffA], [s.staffA2]]);
    // The longest name, in Japanese: its cursor still fits the 200 characters a cursor may have.
    await insertCommunity(o, { regionId: r, createdBy: s.coordinator, name: `Dir え${'長'.repeat(75)}` }, [[s.managerA, 'manager']]);
    await o`update communities set last_post_at = now() - interval '2 days', post_count = 4 where id = ${z.id}`;
    await o`update communities set last_post_at = now() - interval '60 days', post_count = 1 where id = ${x.id}`;

    const get = async (who: CastUser, qs: string) => {
      const res = await s.call(who, 'GET', `/api/communities?limit=100&${qs}`);
      expect(res.status, qs).toBe(200);
      return res.body.items as Array<{ id: string; name: string; membership: unknown; towns: string[]; postCount: number; lastPostAt: string | null }>;
    };
    const work = ids(await get(s.staffA, 'category=work_life'));
    expect(work).toEqual(expect.arrayContaining([x.id, y.id]));
    expect(work).not.toContain(z.id);
    const fromB = ids(await get(s.staffA, `municipalityId=${s.b.id}`));
    expect(fromB).toContain(x.id);
    expect(fromB).not.toContain(y.id);
    expect(fromB).not.toContain(z.id);
    const active = ids(await get(s.staffA, 'activity=active'));
    expect(active).toContain(z.id);
    expect(active).not.toContain(x.id);
    const quiet = ids(await get(s.staffA, 'activity=quiet'));
    expect(quiet).toEqual(expect.arrayContaining([x.id, y.id]));
    expect(quiet).not.toContain(z.id);
    const mine = await get(s.staffA2, 'mine=true');
    expect(ids(mine)).toEqual([z.id]);
    expect(mine[0]).toMatchObject({ membership: { role: 'member', status: 'active' }, towns: ['A町'], postCount: 4 });
    // Activity first: z (2 days ago) before x (60 days ago).
    const byActivity = ids(await get(s.staffA, 'sort=activity'));
    expect(byActivity.indexOf(z.id)).toBeLessThan(byActivity.indexOf(x.id));
    const byMembers = ids(await get(s.staffA, 'sort=members'));
    expect(byMembers.indexOf(z.id)).toBeLessThan(byMembers.indexOf(y.id));

    for (const sort of ['activity', 'members', 'name', 'newest']) {
      const all = ids(await get(s.staffA, `sort=${sort}`));
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } =
          await s.call(s.staffA, 'GET', `/api/communities?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        paged.push(...ids(res.body.items));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged, sort).toEqual(all);
      expect(new Set(paged).size).toBe(paged.length);
    }
    const names = (await get(s.staffA, 'sort=name')).map((c) => c.name).filter((n) => n.startsWith('Dir '));
    expect(names).toEqual(['Dir あ', 'Dir い', 'Dir う', `Dir え${'長'.repeat(75)}`]);
    // A cursor of another sort is refused.
    const first = await s.call(s.staffA, 'GET', '/api/communities?sort=name&limit=1');
    expect((await s.call(s.staffA, 'GET', `/api/communities?sort=members&cursor=${first.body.nextCursor}`)).status).toBe(400);
    expect((await s.call(s.staffA, 'GET', '/api/communities?cursor=%%%')).status).toBe(400);
  });

  it('finds people of the region for inviting', async () => {
    const res = await s.call(s.staffB, 'GET', `/api/communities/people?q=${encodeURIComponent('郡山')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string }) => p.id).sort()).toEqual([s.staffA.id, s.staffA2.id].sort());
    expect(res.body.items[0]).toMatchObject({ municipalityName: 'A町', departmentName: '観光課' });
    expect(res.body.items[0]).not.toHaveProperty('email');
    const kana = await s.call(s.staffB, 'GET', `/api/communities/people?q=${encodeURIComponent('みはる')}`);
    expect(kana.body.items.map((p: { id: string }) => p.id)).toEqual([s.staffB.id]);
    expect((await s.call(s.staffA, 'GET', `/api/communities/people?q=${encodeURIComponent('他県')}`)).body.items).toEqual([]);
    expect((await s.call(s.staffA, 'GET', '/api/communities/people?q=')).status).toBe(400);
    // A query is text, not a pattern; an e-mail local part matches whole or not at all.
    expect((await s.call(s.staffA, 'GET', '/api/communities/people?q=_')).body.items).toEqual([]);
    expect((await s.call(s.staffA, 'GET', '/api/communities/people?q=%25')).body.items).toEqual([]);
    const local = s.staffB.email.split('@')[0]!;
    expect((await s.call(s.staffA, 'GET', `/api/communities/people?q=${local.slice(0, 3)}`)).body.items).toEqual([]);
    expect((await s.call(s.staffA, 'GET', `/api/communities/people?q=${local}`)).body.items.map((p: { id: string }) => p.id)).toEqual([s.staffB.id]);
  });

  it('lists the towns of my region only, for the directory\'s town filter', async () => {
    const res = await s.call(s.staffA, 'GET', '/api/communities/towns');
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { id: string }) => m.id).sort()).toEqual([s.a.id, s.b.id].sort());
    const other = await s.call(s.outsiderC, 'GET', '/api/communities/towns');
    expect(other.body.items.map((m: { id: string }) => m.id)).toEqual([s.c.id]);
  });
});
