import type { z } from 'zod';
import type { departmentPage, departmentPageUpdate, regionDepartment, regionDepartmentList } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  canEditDepartment, getDepartmentPage, getDepartmentStaff, getRegionDepartments, updateDepartmentPage,
  type DepartmentPageRow, type RegionDepartmentRow,
} from '@yui/db/queries/department-pages';
import { openCallsOfDepartment } from '@yui/db/queries/help-calls';
import { getRegionTowns } from '@yui/db/queries/region-people';
import { AppError, notFound } from '../../lib/errors';
import { callSummaryView } from '../help-calls/view';

/**
 * 各課広報: every town's departments introduce themselves to the region — what they do, their duties
 * in an emergency, their people (photo, position, self-introduction) and their open calls for help.
 * Everyone of the region reads; only the department's own town writes (see README.md).
 */

export interface PageActor {
  tenantId: string;
  regionId: string;
  userId: string;
}

type DepartmentPage = z.infer<typeof departmentPage>;
type RegionDepartment = z.infer<typeof regionDepartment>;

/** Parents before their children, siblings by sort order: the order of the organisation chart. */
function treeOrder(rows: RegionDepartmentRow[]): RegionDepartmentRow[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, RegionDepartmentRow[]>();
  for (const r of rows) {
    // A department under a deactivated one is listed at the top of its town rather than lost.
    const parent = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: RegionDepartmentRow[] = [];
  const walk = (parent: string | null, town: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      if (town && r.municipalityId !== town) continue;
      out.push(r);
      if (depth < 10) walk(r.id, r.municipalityId, depth + 1);
    }
  };
  // Roots come in town order (the query sorts by 団体コード first).
  walk(null, null, 0);
  return out;
}

export async function listDepartments(tx: Db, actor: PageActor, town: string | undefined): Promise<z.infer<typeof regionDepartmentList>> {
  const [rows, towns] = await Promise.all([
    getRegionDepartments(tx, { municipalityId: town ?? null }),
    getRegionTowns(tx, actor.regionId),
  ]);
  const items: RegionDepartment[] = treeOrder(rows).map((r) => ({
    id: r.id, town: { id: r.municipalityId, name: r.municipalityName }, parentId: r.parentId, kind: r.kind,
    name: r.name, nameKana: r.nameKana, hasDescription: r.hasDescription, staffCount: r.staffCount,
  }));
  return { items, towns: towns.map((t) => ({ id: t.id, name: t.name })) };
}

/** The page of a department of the region (404 for anything else: another region, inactive, no such id). */
export async function readDepartment(tx: Db, actor: PageActor, id: string): Promise<DepartmentPage> {
  const page = await getDepartmentPage(tx, { id });
  if (!page) throw notFound();
  const [staff, town, calls, edit] = await Promise.all([
    getDepartmentStaff(tx, { id }),
    getRegionDepartments(tx, { municipalityId: page.municipalityId }),
    openCallsOfDepartment(tx, { regionId: actor.regionId, tenantId: actor.tenantId, departmentId: id, userId: actor.userId }),
    page.municipalityId === actor.tenantId ? canEditDepartment(tx, { tenantId: actor.tenantId, userId: actor.userId, id }) : false,
  ]);
  return {
    id: page.id,
    town: { id: page.municipalityId, name: page.municipalityName },
    kind: page.kind,
    name: page.name,
    nameKana: page.nameKana,
    path: page.path,
    description: page.description,
    emergencyDuties: page.emergencyDuties,
    staff,
    children: town.filter((d) => d.parentId === id).map((d) => ({ id: d.id, name: d.name, kind: d.kind })),
    // Soonest deadline first: what a reader of the page can still join.
    openCalls: calls
      .sort((x, y) => x.deadline.localeCompare(y.deadline) || y.publishedOn.localeCompare(x.publishedOn) || x.id.localeCompare(y.id))
      .map(callSummaryView),
    updatedAt: page.updatedAt,
    can: { edit },
  };
}

/** Blank text clears the field (a page says nothing rather than an empty paragraph). */
const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v && v.trim() ? v : null);

/**
 * Edits what the page says. Another town's department (or none): 404, exactly as for reading across
 * regions; in one's own town, anyone but a 自治体管理者 or a manager of the department or one above
 * it: 403 `departmentId: not_editor`.
 */
export async function editDepartment(
  tx: Db, actor: PageActor, id: string, patch: z.infer<typeof departmentPageUpdate>,
): Promise<DepartmentPage> {
  const page = await getDepartmentPage(tx, { id });
  if (!page || page.municipalityId !== actor.tenantId) throw notFound();
  if (!(await canEditDepartment(tx, { tenantId: actor.tenantId, userId: actor.userId, id }))) {
    throw new AppError(403, 'forbidden', { departmentId: 'not_editor' });
  }
  await updateDepartmentPage(tx, {
    tenantId: actor.tenantId, id,
    description: blankToNull(patch.description),
    emergencyDuties: blankToNull(patch.emergencyDuties),
  });
  return readDepartment(tx, actor, id);
}
