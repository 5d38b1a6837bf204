import { newDepartment, newTenancyFixture, newUser, type Sql } from '@yui/db/testing';
import type { TestApi } from './helpers';

/**
 * The usual cast of a community test: region R with towns A and B, town C in another region.
 *  - coordinator: regional coordinator of R (works in A)
 *  - staffA, staffA2: staff of A (観光課), whose 課長 is managerA
 *  - staffB: staff of B (企画課), whose 課長 is managerB
 *  - outsiderC: staff of C (another region): must see nothing of R
 * `call(user, method, url, payload?, lang?)` signs in lazily and returns { status, body, headers, raw }.
 */
export type CastUser = Awaited<ReturnType<typeof newUser>>;

export async function communityCast(t: TestApi) {
  const fx = await newTenancyFixture(t.db.owner);
  const o = t.db.owner;
  const deptA = await newDepartment(o, fx.a.id, { name: '観光課' });
  const deptB = await newDepartment(o, fx.b.id, { name: '企画課' });
  const deptC = await newDepartment(o, fx.c.id, { name: '総務課' });
  const managerA = await newUser(o, fx.a.id, { departmentId: deptA.id, name: '課長 一郎', nameKana: 'かちょう いちろう', roles: [{ role: 'manager', departmentId: deptA.id }] });
  const managerB = await newUser(o, fx.b.id, { departmentId: deptB.id, name: '課長 二郎', nameKana: 'かちょう じろう', roles: [{ role: 'manager', departmentId: deptB.id }] });
  const coordinator = await newUser(o, fx.a.id, { departmentId: deptA.id, name: '調整 花子', nameKana: 'ちょうせい はなこ', roles: [{ role: 'regional_coordinator', regionId: fx.region.id }] });
  const staffA = await newUser(o, fx.a.id, { departmentId: deptA.id, name: '郡山 太郎', nameKana: 'こおりやま たろう' });
  const staffA2 = await newUser(o, fx.a.id, { departmentId: deptA.id, name: '郡山 次郎', nameKana: 'こおりやま じろう' });
  const staffB = await newUser(o, fx.b.id, { departmentId: deptB.id, name: '三春 桜', nameKana: 'みはる さくら' });
  const outsiderC = await newUser(o, fx.c.id, { departmentId: deptC.id, name: '他県 守', nameKana: 'たけん まもる', roles: [{ role: 'regional_coordinator', regionId: fx.otherRegion.id }] });

  const tokens = new Map<string, string>();
  async function call(who: CastUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, lang = 'ja') {
    if (!tokens.has(who.id)) tokens.set(who.id, (await t.login(who.email, who.password)).authorization);
    const res = await t.app.inject({
      method, url, payload: payload as object, headers: { authorization: tokens.get(who.id)!, 'accept-language': lang },
    });
    let body: any = null;
    try { body = res.json(); } catch { body = res.body; }
    return { status: res.statusCode, body, headers: res.headers, raw: res };
  }

  return { ...fx, deptA, deptB, deptC, managerA, managerB, coordinator, staffA, staffA2, staffB, outsiderC, call };
}
export type CommunityCast = Awaited<ReturnType<typeof communityCast>>;

/**
 * A community written behind the API's back (owner connection), with its members, for tests that
 * are not about creating one. members: [user, role?, status?].
 */
export async function insertCommunity(
  o: Sql,
  c: { regionId: string; createdBy: CastUser; name?: string; visibility?: 'open' | 'approval' | 'invite'; category?: string },
  members: Array<[CastUser, ('manager' | 'member')?, ('active' | 'pending' | 'invited')?]> = [],
): Promise<{ id: string; name: string }> {
  const name = c.name ?? `テストコミュニティ${Math.random().toString(36).slice(2, 8)}`;
  const [row] = await o`
    insert into communities (region_id, name, category, description, description_html, visibility, created_by, created_by_municipality_id, member_count)
    values (${c.regionId}, ${name}, ${c.category ?? 'learning'}, '', '', ${c.visibility ?? 'open'}, ${c.createdBy.id}, ${c.createdBy.municipalityId},
            ${members.filter((m) => (m[2] ?? 'active') === 'active').length})
    returning id, name`;
  for (const [u, role, status] of members) {
    await o`insert into community_members (region_id, community_id, user_id, municipality_id, role, status, joined_at)
            values (${c.regionId}, ${row!.id}, ${u.id}, ${u.municipalityId}, ${role ?? 'member'}, ${status ?? 'active'},
                    ${(status ?? 'active') === 'active' ? new Date() : null})`;
  }
  return row as { id: string; name: string };
}
