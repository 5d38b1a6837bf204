import { sql, type SQL } from 'drizzle-orm';
import { eventPayloads, type Person, type Staff } from '@yui/contracts';
import { normalizeKana, STANDARD_WEEKLY_MINUTES } from '@yui/domain';
import type { Db } from '../client';

/**
 * Queries of the staff directory (職員・組織). Every one names its tenant and filters by it; RLS is
 * the backstop. Lists of values travel as one jsonb parameter, so a list of any length (or none)
 * is one bound parameter.
 */

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

/** A LIKE pattern matching `s` anywhere, with its wildcards taken literally. */
const contains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ── departments ─────────────────────────────────────────────────────────────────────────────────

export type DepartmentRow = {
  id: string;
  parentId: string | null;
  kind: 'bu' | 'ka' | 'kakari';
  name: string;
  nameKana: string;
  code: string | null;
  emergencyDuties: string | null;
  active: boolean;
  sortOrder: number;
  activeStaff: number;
};

/** Every department of the town (a town has hundreds at most), with its count of active staff. */
export async function getDepartments(tx: Db, { tenantId, activeOnly = false }: { tenantId: string; activeOnly?: boolean }): Promise<DepartmentRow[]> {
  return tx.execute<DepartmentRow>(sql`
    select d.id, d.parent_id as "parentId", d.kind, d.name, d.name_kana as "nameKana", d.code,
           d.emergency_duties as "emergencyDuties", d.active, d.sort_order as "sortOrder",
           coalesce(s.n, 0)::int as "activeStaff"
    from departments d
    left join (
      select department_id, count(*) as n from users
      where municipality_id = ${tenantId} and active and department_id is not null
      group by department_id
    ) s on s.department_id = d.id
    where d.municipality_id = ${tenantId} ${activeOnly ? sql`and d.active` : sql``}`);
}

/**
 * Serialises changes to one town's department tree (moves must not race into a cycle). Held until
 * the transaction ends.
 */
export async function lockDepartmentTree(tx: Db, { tenantId }: { tenantId: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('yui.departments:' || ${tenantId}, 0))`);
}

/**
 * Locks departments against deactivation while staff or departments are placed in them (FOR SHARE
 * conflicts with the deactivating UPDATE) and answers those of them that exist in the town.
 */
export async function lockDepartments(
  tx: Db, { tenantId, ids }: { tenantId: string; ids: string[] },
): Promise<Map<string, { kind: 'bu' | 'ka' | 'kakari'; name: string; active: boolean }>> {
  if (!ids.length) return new Map();
  const rows = await tx.execute<{ id: string; kind: 'bu' | 'ka' | 'kakari'; name: string; active: boolean }>(sql`
    select id, kind, name, active from departments
    where municipality_id = ${tenantId} and id in (select value::uuid from jsonb_array_elements_text(${json(ids)}))
    order by id
    for share`);
  return new Map(rows.map(({ id, ...d }) => [id, d]));
}

// ── people ──────────────────────────────────────────────────────────────────────────────────────

/** A colleague as any staff of the town sees them; null for a person of another town or one who left. */
export async function getPerson(tx: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<Person | null> {
  const rows = await tx.execute<Person>(sql`
    select u.id, u.name, u.name_kana as "nameKana", u.position, u.photo_url as "photoUrl", u.introduction,
      (
        with recursive up as (
          select d.id, d.parent_id, d.name, 0 as depth from departments d
          where d.id = u.department_id and d.municipality_id = ${tenantId}
          union all
          select p.id, p.parent_id, p.name, up.depth + 1 from departments p join up on p.id = up.parent_id
          where p.municipality_id = ${tenantId} and up.depth < 10
        )
        select json_build_object('id', u.department_id, 'name', (select name from up where depth = 0),
                                 'path', json_agg(name order by depth desc))
        from up having count(*) > 0
      ) as department
    from users u
    where u.id = ${userId} and u.municipality_id = ${tenantId} and u.active`);
  return rows[0] ?? null;
}

export interface StaffFilter {
  tenantId: string;
  ids?: string[];
  q?: string;
  /** This department and every department below it. */
  departmentId?: string;
  active?: 'true' | 'false' | 'all';
  /** Keyset: rows after this (name_kana, id). */
  after?: { kana: string; id: string } | null;
  limit?: number;
}

/** Staff for the admin, ordered by ふりがな then id, with department and role grants, in one statement. */
export async function getStaff(tx: Db, f: StaffFilter): Promise<Staff[]> {
  const where: SQL[] = [sql`u.municipality_id = ${f.tenantId}`];
  if (f.ids) where.push(sql`u.id in (select value::uuid from jsonb_array_elements_text(${json(f.ids)}))`);
  if (f.active === 'true') where.push(sql`u.active`);
  if (f.active === 'false') where.push(sql`not u.active`);
  if (f.q) {
    const text = contains(f.q);
    const kana = contains(normalizeKana(f.q));
    where.push(sql`(u.name ilike ${text} or u.name_kana ilike ${kana} or u.email ilike ${text})`);
  }
  if (f.departmentId) {
    where.push(sql`u.department_id in (
      with recursive sub as (
        select id from departments where id = ${f.departmentId} and municipality_id = ${f.tenantId}
        union
        select c.id from departments c join sub on c.parent_id = sub.id where c.municipality_id = ${f.tenantId}
      ) select id from sub)`);
  }
  if (f.after) where.push(sql`(u.name_kana, u.id) > (${f.after.kana}, ${f.after.id}::uuid)`);
  return tx.execute<Staff>(sql`
    select u.id, u.email, u.name, u.name_kana as "nameKana", u.position, to_char(u.hire_date, 'YYYY-MM-DD') as "hireDate",
           u.weekly_minutes as "weeklyMinutes", u.department_id as "departmentId", d.name as "departmentName",
           d.code as "departmentCode", u.photo_url as "photoUrl", u.active,
           coalesce((
             select json_agg(json_build_object('role', g.role, 'departmentId', g.department_id, 'departmentName', gd.name)
                             order by g.role, gd.name_kana)
             from role_grants g left join departments gd on gd.id = g.department_id
             where g.user_id = u.id and g.municipality_id = ${f.tenantId}
           ), '[]'::json) as roles
    from users u
    left join departments d on d.id = u.department_id
    where ${sql.join(where, sql` and `)}
    order by u.name_kana, u.id
    ${f.limit ? sql`limit ${f.limit}` : sql``}`);
}

/** Staff of this town by e-mail (lower case), for the CSV import. */
export async function getStaffIdsByEmail(tx: Db, { tenantId, emails }: { tenantId: string; emails: string[] }): Promise<Map<string, string>> {
  if (!emails.length) return new Map();
  const rows = await tx.execute<{ id: string; email: string }>(sql`
    select id, lower(email) as email from users
    where municipality_id = ${tenantId} and lower(email) in (select value from jsonb_array_elements_text(${json(emails)}))`);
  return new Map(rows.map((r) => [r.email, r.id]));
}

/**
 * Which of these e-mails already sign in to another town. E-mail is unique across the service but
 * RLS hides other towns, so this goes through auth_find_user() (SECURITY DEFINER, the sign-in
 * lookup) and returns only the addresses — never which town.
 */
export async function getEmailsOfOtherTowns(tx: Db, { tenantId, emails }: { tenantId: string; emails: string[] }): Promise<Set<string>> {
  if (!emails.length) return new Set();
  const rows = await tx.execute<{ email: string }>(sql`
    select e.value as email from jsonb_array_elements_text(${json(emails)}) e
    where exists (select 1 from auth_find_user(e.value) f where f.municipality_id <> ${tenantId})`);
  return new Set(rows.map((r) => r.email));
}

/**
 * Whether this person is, right now, an active 自治体管理者 of the town. The access token's roles are
 * as old as the token (up to its lifetime); this is what the database says.
 */
export async function isActiveAdmin(tx: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from users u
    join role_grants g on g.municipality_id = u.municipality_id and g.user_id = u.id and g.role = 'municipality_admin'
    where u.municipality_id = ${tenantId} and u.id = ${userId} and u.active`);
  return rows.length > 0;
}

/** Signs a person out everywhere: every refresh token they hold stops working. */
export async function revokeRefreshTokens(tx: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<number> {
  const rows = await tx.execute(sql`
    update refresh_tokens set revoked_at = now()
    where municipality_id = ${tenantId} and user_id = ${userId} and revoked_at is null
    returning id`);
  return rows.length;
}

export interface StaffWrite {
  email: string;
  name: string;
  nameKana: string;
  position?: string | null;
  hireDate?: string | null;
  departmentId?: string | null;
  weeklyMinutes?: number;
}
const OPTIONAL_COLUMNS = { position: 'position', hireDate: 'hire_date', departmentId: 'department_id', weeklyMinutes: 'weekly_minutes' } as const;
const RECORD = sql.raw('v(id uuid, email text, name text, name_kana text, position text, hire_date date, department_id uuid, weekly_minutes int)');
const record = (r: StaffWrite & { id?: string }) => ({
  id: r.id ?? null, email: r.email, name: r.name, name_kana: r.nameKana, position: r.position ?? null,
  hire_date: r.hireDate ?? null, department_id: r.departmentId ?? null, weekly_minutes: r.weeklyMinutes ?? null,
});

/**
 * Creates many staff at once (the CSV import): the users, their 'staff' grants, one 'staff.welcomed'
 * event each. One parameter per statement whatever the count, so there is no bind-parameter limit.
 */
export async function insertStaff(
  tx: Db, { tenantId, rows, actorId }: { tenantId: string; rows: StaffWrite[]; actorId: string | null },
): Promise<string[]> {
  if (!rows.length) return [];
  const created = await tx.execute<{ id: string }>(sql`
    insert into users (municipality_id, email, name, name_kana, position, hire_date, department_id, weekly_minutes)
    select ${tenantId}, v.email, v.name, v.name_kana, v.position, v.hire_date, v.department_id, coalesce(v.weekly_minutes, ${STANDARD_WEEKLY_MINUTES})
    from jsonb_to_recordset(${json(rows.map(record))}) as ${RECORD}
    returning id`);
  const ids = created.map((r) => r.id);
  await tx.execute(sql`
    insert into role_grants (municipality_id, user_id, role)
    select ${tenantId}, value::uuid, 'staff' from jsonb_array_elements_text(${json(ids)})`);
  const payloads = ids.map((userId) => eventPayloads['staff.welcomed'].parse({ userId }));
  await tx.execute(sql`
    insert into outbox_events (municipality_id, type, payload, actor_id)
    select ${tenantId}, 'staff.welcomed', value, ${actorId} from jsonb_array_elements(${json(payloads)})`);
  return ids;
}

/**
 * Updates many staff of the town at once. Only the optional columns named in `columns` are written
 * (a CSV without a 職名 column leaves positions alone); e-mail, name and ふりがな always are.
 */
export async function updateStaffRows(
  tx: Db,
  { tenantId, rows, columns }: { tenantId: string; rows: Array<StaffWrite & { id: string }>; columns: Array<keyof typeof OPTIONAL_COLUMNS> },
): Promise<number> {
  if (!rows.length) return 0;
  const sets = [sql`name = v.name`, sql`name_kana = v.name_kana`, sql`updated_at = now()`];
  for (const c of columns) sets.push(sql`${sql.identifier(OPTIONAL_COLUMNS[c])} = v.${sql.identifier(OPTIONAL_COLUMNS[c])}`);
  const updated = await tx.execute(sql`
    update users u set ${sql.join(sets, sql`, `)}
    from jsonb_to_recordset(${json(rows.map(record))}) as ${RECORD}
    where u.id = v.id and u.municipality_id = ${tenantId}
    returning u.id`);
  return updated.length;
}
