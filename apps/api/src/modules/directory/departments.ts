import { and, eq } from 'drizzle-orm';
import { departments, type Db } from '@yui/db';
import { getDepartments, lockDepartments, lockDepartmentTree, type DepartmentRow } from '@yui/db/queries/directory';
import type { Department, DepartmentCreate, DepartmentNode, DepartmentUpdate } from '@yui/contracts';
import { buildDepartmentTree, createsCycle, flattenDepartmentTree, normalizeKana, ranksBelow, type TreeNode } from '@yui/domain';
import { conflict, invalid, notFound } from '../../lib/errors';
import { uniqueViolation } from './db-errors';

/** The organisation chart everyone sees: active departments only, nested and sorted. */
export async function departmentTree(tx: Db, tenantId: string): Promise<DepartmentNode[]> {
  const toNode = ({ id, kind, name, nameKana, code, emergencyDuties, children }: TreeNode<DepartmentRow>): DepartmentNode =>
    ({ id, kind, name, nameKana, code, emergencyDuties, children: children.map(toNode) });
  return buildDepartmentTree(await getDepartments(tx, { tenantId, activeOnly: true })).map(toNode);
}

/** Every department, active or not, in tree order with depth and path: the admin's list. */
export async function listDepartments(tx: Db, tenantId: string): Promise<Department[]> {
  return flattenDepartmentTree(buildDepartmentTree(await getDepartments(tx, { tenantId })));
}

async function getDepartment(tx: Db, tenantId: string, id: string): Promise<Department> {
  const found = (await listDepartments(tx, tenantId)).find((d) => d.id === id);
  if (!found) throw notFound();
  return found;
}

/** The parent must be an active department of this town, of a higher rank. Locks it against deactivation. */
async function checkParent(tx: Db, tenantId: string, parentId: string, kind: DepartmentRow['kind']) {
  const parent = (await lockDepartments(tx, { tenantId, ids: [parentId] })).get(parentId);
  if (!parent) throw invalid({ parentId: 'unknown_department' });
  if (!parent.active) throw invalid({ parentId: 'inactive_department' });
  if (!ranksBelow(kind, parent.kind)) throw invalid({ parentId: 'kind_order' });
}

const codeTaken = (err: unknown) => uniqueViolation(err) === 'departments_tenant_code_uq';

export async function createDepartment(tx: Db, tenantId: string, body: DepartmentCreate): Promise<Department> {
  await lockDepartmentTree(tx, { tenantId });
  if (body.parentId) await checkParent(tx, tenantId, body.parentId, body.kind);
  const [row] = await tx
    .insert(departments)
    .values({ ...body, nameKana: normalizeKana(body.nameKana), municipalityId: tenantId })
    .returning({ id: departments.id })
    .catch((err) => {
      throw codeTaken(err) ? conflict({ code: 'duplicate' }) : err;
    });
  return getDepartment(tx, tenantId, row!.id);
}

/**
 * Rename, move, reorder, deactivate. Moves keep the tree a tree (no cycles, parent in this town,
 * 部 > 課 > 係); a department that still has active staff or active departments below it stays on.
 */
export async function updateDepartment(tx: Db, tenantId: string, id: string, patch: DepartmentUpdate): Promise<Department> {
  await lockDepartmentTree(tx, { tenantId });
  // Row lock first, so that staff placed here concurrently are counted below (they lock FOR SHARE).
  const [locked] = await tx.select({ id: departments.id }).from(departments)
    .where(and(eq(departments.id, id), eq(departments.municipalityId, tenantId))).for('update');
  if (!locked) throw notFound();
  const all = await getDepartments(tx, { tenantId });
  const current = all.find((d) => d.id === id)!;

  const parentId = patch.parentId === undefined ? current.parentId : patch.parentId;
  const kind = patch.kind ?? current.kind;
  const active = patch.active ?? current.active;
  const children = all.filter((d) => d.parentId === id);

  if (parentId !== current.parentId || kind !== current.kind || (active && !current.active)) {
    if (parentId) {
      if (createsCycle(new Map(all.map((d) => [d.id, d.parentId])), id, parentId)) throw invalid({ parentId: 'cycle' });
      await checkParent(tx, tenantId, parentId, kind);
    }
    if (children.some((c) => !ranksBelow(c.kind, kind))) throw invalid({ kind: 'kind_order' });
  }
  if (!active && current.active) {
    if (children.some((c) => c.active)) throw conflict({ active: 'has_active_children' });
    if (current.activeStaff > 0) throw conflict({ active: 'has_active_staff' });
  }

  const { nameKana, ...rest } = patch;
  await tx
    .update(departments)
    .set({ ...rest, ...(nameKana !== undefined ? { nameKana: normalizeKana(nameKana) } : {}), updatedAt: new Date() })
    .where(and(eq(departments.id, id), eq(departments.municipalityId, tenantId)))
    .catch((err) => {
      throw codeTaken(err) ? conflict({ code: 'duplicate' }) : err;
    });
  return getDepartment(tx, tenantId, id);
}
