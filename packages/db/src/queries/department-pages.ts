import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * 各課広報 (department pages) and staff photos. `departments` and `users` are town-owned (RLS), so
 * another town's departments and staff are read through the SECURITY DEFINER functions of migration
 * 0006 (region_departments, region_department, region_department_staff, region_people_cards): only
 * the current region, only what the region may see (never e-mail or hours). Writes (a page's text,
 * one's own photo and introduction) touch the caller's own town only, through RLS as usual.
 */

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type DeptKind = 'bu' | 'ka' | 'kakari';

export type RegionDepartmentRow = {
  id: string;
  municipalityId: string;
  municipalityName: string;
  parentId: string | null;
  kind: DeptKind;
  name: string;
  nameKana: string;
  sortOrder: number;
  hasDescription: boolean;
  staffCount: number;
};

/** The active departments of the region (or of one town of it), by town code, then sort order. */
export async function getRegionDepartments(tx: Db, { municipalityId }: { municipalityId: string | null }): Promise<RegionDepartmentRow[]> {
  return tx.execute<RegionDepartmentRow>(sql`
    select d.id, d.municipality_id as "municipalityId", d.municipality_name as "municipalityName", d.parent_id as "parentId",
      d.kind, d.name, d.name_kana as "nameKana", d.sort_order as "sortOrder", d.has_description as "hasDescription",
      d.staff_count as "staffCount"
    from region_departments(${municipalityId}::uuid) d
    join municipalities m on m.id = d.municipality_id
    order by m.code, d.sort_order, d.name_kana, d.id`);
}

export type DepartmentPageRow = {
  id: string;
  municipalityId: string;
  municipalityName: string;
  parentId: string | null;
  kind: DeptKind;
  name: string;
  nameKana: string;
  description: string | null;
  emergencyDuties: string | null;
  path: string;
  updatedAt: string;
};

/** One active department of the region with its path (部 > 課 > 係), or null (another region, none, inactive). */
export async function getDepartmentPage(tx: Db, { id }: { id: string }): Promise<DepartmentPageRow | null> {
  const rows = await tx.execute<DepartmentPageRow>(sql`
    select d.id, d.municipality_id as "municipalityId", d.municipality_name as "municipalityName", d.parent_id as "parentId",
      d.kind, d.name, d.name_kana as "nameKana", d.description, d.emergency_duties as "emergencyDuties", d.path,
      ${iso(sql`d.updated_at`)} as "updatedAt"
    from region_department(${id}::uuid) d`);
  return rows[0] ?? null;
}

export type DepartmentStaffRow = {
  id: string;
  departmentId: string;
  departmentName: string;
  name: string;
  nameKana: string;
  position: string | null;
  photoUrl: string | null;
  introduction: string | null;
};

/**
 * The active staff of a department and of those below it: the department's own people first, then
 * each 係 by its sort order, by ふりがな within each.
 */
export async function getDepartmentStaff(tx: Db, { id }: { id: string }): Promise<DepartmentStaffRow[]> {
  return tx.execute<DepartmentStaffRow>(sql`
    select s.id, s.department_id as "departmentId", s.department_name as "departmentName", s.name, s.name_kana as "nameKana",
      s.position, s.photo_url as "photoUrl", s.introduction
    from region_department_staff(${id}::uuid) s
    left join region_departments(null) d on d.id = s.department_id
    order by (s.department_id = ${id}::uuid) desc, d.sort_order nulls last, s.department_name, s.name_kana, s.id`);
}

/**
 * Whether the person may edit the page of department `id` of their own town: a 自治体管理者, or the
 * manager of the department or of one above it — asked of the database, not the token.
 */
export async function canEditDepartment(tx: Db, { tenantId, userId, id }: { tenantId: string; userId: string; id: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    with recursive up(id, parent_id, depth) as (
      select d.id, d.parent_id, 0 from departments d where d.municipality_id = ${tenantId} and d.id = ${id}
      union all
      select p.id, p.parent_id, up.depth + 1 from departments p join up on p.id = up.parent_id
        where p.municipality_id = ${tenantId} and up.depth < 10
    )
    select 1 from users u
    join role_grants g on g.municipality_id = u.municipality_id and g.user_id = u.id
    where u.municipality_id = ${tenantId} and u.id = ${userId} and u.active
      and (g.role = 'municipality_admin' or (g.role = 'manager' and g.department_id in (select id from up)))
    limit 1`);
  return rows.length > 0;
}

/** Changes the page text of a department of the caller's own town (undefined: unchanged; null: cleared). */
export async function updateDepartmentPage(
  tx: Db,
  { tenantId, id, description, emergencyDuties }: { tenantId: string; id: string; description?: string | null; emergencyDuties?: string | null },
): Promise<void> {
  const sets: SQL[] = [sql`updated_at = now()`];
  if (description !== undefined) sets.push(sql`description = ${description}`);
  if (emergencyDuties !== undefined) sets.push(sql`emergency_duties = ${emergencyDuties}`);
  await tx.execute(sql`update departments set ${sql.join(sets, sql`, `)} where municipality_id = ${tenantId} and id = ${id}`);
}

// ── photos and introduction ────────────────────────────────────────────────────────────────────

/** Locks the person's own row and returns their stored photo key (null: none), or undefined if they are not there. */
export async function lockOwnPhoto(tx: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<{ photoKey: string | null } | undefined> {
  const rows = await tx.execute<{ photoKey: string | null }>(sql`
    select photo_key as "photoKey" from users where municipality_id = ${tenantId} and id = ${userId} and active for update`);
  return rows[0];
}

/** Sets (or with nulls, clears) the person's photo key and the address it is served at. */
export async function setOwnPhoto(
  tx: Db, { tenantId, userId, photoKey, photoUrl }: { tenantId: string; userId: string; photoKey: string | null; photoUrl: string | null },
): Promise<void> {
  await tx.execute(sql`
    update users set photo_key = ${photoKey}, photo_url = ${photoUrl}, updated_at = now()
    where municipality_id = ${tenantId} and id = ${userId}`);
}

/** The stored photo key of an active person of the current region, or null (none, another region, left). */
export async function getPersonPhotoKey(tx: Db, { id }: { id: string }): Promise<string | null> {
  const rows = await tx.execute<{ photoKey: string | null }>(sql`
    select photo_key as "photoKey" from region_people_cards(array[${id}::uuid])`);
  return rows[0]?.photoKey ?? null;
}

/** Sets the person's self-introduction (null: none). */
export async function setOwnIntroduction(
  tx: Db, { tenantId, userId, introduction }: { tenantId: string; userId: string; introduction: string | null },
): Promise<void> {
  await tx.execute(sql`
    update users set introduction = ${introduction}, updated_at = now() where municipality_id = ${tenantId} and id = ${userId}`);
}
