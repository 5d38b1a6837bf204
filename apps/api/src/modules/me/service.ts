import { sql } from 'drizzle-orm';
import { users } from '@yui/db';
import type { Db } from '@yui/db';
import type { Me } from '@yui/contracts';
import { and, eq } from 'drizzle-orm';
import { setOwnIntroduction } from '@yui/db/queries/department-pages';
import { notFound } from '../../lib/errors';

/**
 * Everything the shell shows about the signed-in person in one statement (one round trip): the
 * person, their town and region, the department path (部 > 課 > 係), role grants and unread count.
 */
export async function getMe(tx: Db, tenantId: string, userId: string): Promise<Me> {
  const rows = await tx.execute<{ me: Me }>(sql`
    select json_build_object(
      'id', u.id, 'email', u.email, 'name', u.name, 'nameKana', u.name_kana, 'position', u.position,
      'photoUrl', u.photo_url, 'introduction', u.introduction, 'locale', u.locale,
      'municipality', json_build_object('id', m.id, 'name', m.name, 'nameKana', m.name_kana, 'code', m.code, 'slug', m.slug),
      'region', json_build_object('id', r.id, 'name', r.name, 'nameKana', r.name_kana),
      'department', (
        with recursive up as (
          select d.id, d.parent_id, d.name, 0 as depth from departments d where d.id = u.department_id
          union all
          select p.id, p.parent_id, p.name, up.depth + 1 from departments p join up on p.id = up.parent_id
        )
        select json_build_object('id', u.department_id,
                                 'name', (select name from up where depth = 0),
                                 'path', json_agg(name order by depth desc))
        from up having count(*) > 0
      ),
      'roles', coalesce((
        select json_agg(json_build_object('role', g.role, 'departmentId', g.department_id,
                                          'departmentName', d.name, 'regionId', g.region_id) order by g.role)
        from role_grants g left join departments d on d.id = g.department_id
        where g.municipality_id = u.municipality_id and g.user_id = u.id
      ), '[]'::json),
      'unreadNotifications', (select count(*)::int from notifications n where n.municipality_id = u.municipality_id and n.user_id = u.id and n.read_at is null)
    ) as me
    from users u
    join municipalities m on m.id = u.municipality_id
    join regions r on r.id = m.region_id
    where u.municipality_id = ${tenantId} and u.id = ${userId} and u.active`);
  const me = rows[0]?.me;
  if (!me) throw notFound();
  return me;
}

export async function updateMe(tx: Db, tenantId: string, userId: string, patch: { locale?: 'ja' | 'en'; introduction?: string | null }) {
  if (patch.locale) {
    await tx.update(users).set({ locale: patch.locale, updatedAt: new Date() })
      .where(and(eq(users.municipalityId, tenantId), eq(users.id, userId)));
  }
  if (patch.introduction !== undefined) {
    // An empty box clears it: department pages then show nothing rather than an empty paragraph.
    await setOwnIntroduction(tx, { tenantId, userId, introduction: patch.introduction?.trim() ? patch.introduction : null });
  }
  return getMe(tx, tenantId, userId);
}
