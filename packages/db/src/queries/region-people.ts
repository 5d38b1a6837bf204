import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * People across town lines. `users` is town-owned (RLS), so another town's staff are read through
 * the narrow SECURITY DEFINER functions of migration 0005: only the current region, only the card
 * everyone may see (name, ふりがな, town, department, position), never e-mail or hours.
 */

export type RegionPerson = {
  id: string;
  municipalityId: string;
  municipalityName: string;
  name: string;
  nameKana: string;
  position: string | null;
  departmentId: string | null;
  departmentName: string | null;
  departmentPath: string | null;
  active: boolean;
};

/** The cards of these people (only those in the current region); one query for a page of anything. */
export async function getRegionPeople(tx: Db, ids: readonly string[]): Promise<Map<string, RegionPerson>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx.execute<RegionPerson>(sql`
    select id, municipality_id as "municipalityId", municipality_name as "municipalityName", name, name_kana as "nameKana",
      position, department_id as "departmentId", department_name as "departmentName", department_path as "departmentPath", active
    from region_people(${sql.param(unique)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

/** @mention handles (e-mail local part or full address) → people of the region; ambiguous ones are left out. */
export async function findPeopleByHandles(
  tx: Db, handles: readonly string[],
): Promise<Array<{ handle: string; id: string; municipalityId: string }>> {
  if (handles.length === 0) return [];
  return tx.execute<{ handle: string; id: string; municipalityId: string }>(sql`
    select handle, id, municipality_id as "municipalityId" from region_people_by_handle(${sql.param([...handles])}::text[])`);
}

/** Active people of the region whose name, ふりがな or e-mail local part matches, by ふりがな. */
export async function searchRegionPeople(tx: Db, { q, limit }: { q: string; limit: number }): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`select id from region_people_search(${q}, ${limit})`);
  return rows.map((r) => r.id);
}

/** Is this person a regional coordinator of the current region, checked in the database (not the token)? */
export async function isRegionalCoordinator(
  tx: Db, { tenantId, userId, regionId }: { tenantId: string; userId: string; regionId: string },
): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from users u
    join role_grants g on g.municipality_id = u.municipality_id and g.user_id = u.id
      and g.role = 'regional_coordinator' and g.region_id = ${regionId}
    where u.municipality_id = ${tenantId} and u.id = ${userId} and u.active`);
  return rows.length > 0;
}

/** The towns of a region, by 団体コード (municipalities are public reference data). */
export async function getRegionTowns(tx: Db, regionId: string): Promise<Array<{ id: string; name: string; nameKana: string; code: string }>> {
  return tx.execute<{ id: string; name: string; nameKana: string; code: string }>(sql`
    select id, name, name_kana as "nameKana", code from municipalities where region_id = ${regionId} order by code`);
}

/** Photo address and self-introduction of people of the current region (region_people_cards, migration 0006). */
export async function peopleCards(tx: Db, ids: readonly string[]): Promise<Map<string, { photoUrl: string | null; introduction: string | null }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await tx.execute<{ id: string; photoUrl: string | null; introduction: string | null }>(sql`
    select id, photo_url as "photoUrl", introduction from region_people_cards(${sql.param(unique)}::uuid[])`);
  return new Map(rows.map((r) => [r.id, { photoUrl: r.photoUrl, introduction: r.introduction }]));
}
