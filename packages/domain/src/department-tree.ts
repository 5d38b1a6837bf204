import { compareKana } from './kana';

/** 部 > 課 > 係: a department sits below one of a higher rank (a 課 may sit right under the town). */
export const DEPARTMENT_RANK = { bu: 0, ka: 1, kakari: 2 } as const;
export type DepartmentKindName = keyof typeof DEPARTMENT_RANK;

export interface DepartmentLike {
  id: string;
  parentId: string | null;
  kind: DepartmentKindName;
  nameKana: string;
  sortOrder: number;
}

/** The order of siblings: the town's own sort order first, then 五十音順. */
export function compareDepartments(a: DepartmentLike, b: DepartmentLike): number {
  return a.sortOrder - b.sortOrder || compareKana(a.nameKana, b.nameKana) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export type TreeNode<T> = T & { children: TreeNode<T>[] };

/** Nests departments under their parents; one whose parent is not in the list becomes a root. */
export function buildDepartmentTree<T extends DepartmentLike>(items: readonly T[]): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>(items.map((d) => [d.id, { ...d, children: [] }]));
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: TreeNode<T>[]) => {
    list.sort(compareDepartments);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Depth-first in tree order, each with its depth and path of names from the top (部 > 課 > 係). */
export function flattenDepartmentTree<T extends DepartmentLike & { name: string }>(
  roots: readonly TreeNode<T>[],
): Array<T & { depth: number; path: string[] }> {
  const out: Array<T & { depth: number; path: string[] }> = [];
  const walk = (list: readonly TreeNode<T>[], path: string[]) => {
    for (const { children, ...d } of list) {
      const here = [...path, d.name];
      out.push({ ...(d as unknown as T), depth: path.length, path: here });
      walk(children, here);
    }
  };
  walk(roots, []);
  return out;
}

/** Would putting `id` under `newParentId` make it its own ancestor? `parentOf` maps every department to its parent. */
export function createsCycle(parentOf: ReadonlyMap<string, string | null>, id: string, newParentId: string | null): boolean {
  const seen = new Set<string>();
  for (let at = newParentId; at !== null; at = parentOf.get(at) ?? null) {
    if (at === id) return true;
    // Stored data with a cycle already: stop rather than loop forever.
    if (seen.has(at)) return true;
    seen.add(at);
  }
  return false;
}

/** A department must rank below its parent: 課 under 部, 係 under 課 or 部. */
export function ranksBelow(child: DepartmentKindName, parent: DepartmentKindName): boolean {
  return DEPARTMENT_RANK[child] > DEPARTMENT_RANK[parent];
}
