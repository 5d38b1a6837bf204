import { describe, expect, it } from 'vitest';
import { buildDepartmentTree, createsCycle, flattenDepartmentTree, ranksBelow } from '../src/index';

const d = (id: string, parentId: string | null, name: string, nameKana: string, sortOrder = 0, kind: 'bu' | 'ka' | 'kakari' = 'ka') =>
  ({ id, parentId, kind, name, nameKana, sortOrder });

describe('department tree', () => {
  const items = [
    d('k2', 'b1', '税務課', 'ぜいむか'),
    d('b1', null, '総務部', 'そうむぶ', 0, 'bu'),
    d('k1', 'b1', '人事課', 'じんじか'),
    d('b0', null, '市長公室', 'しちょうこうしつ', -1, 'bu'),
    d('x1', 'k1', '人事係', 'じんじかかり', 0, 'kakari'),
    d('k0', 'b1', '秘書課', 'ひしょか', -5),
    d('orphan', 'gone', '孤立課', 'こりつか', 9),
  ];

  it('nests by parent and sorts siblings by sort order, then kana', () => {
    const tree = buildDepartmentTree(items);
    expect(tree.map((n) => n.id)).toEqual(['b0', 'b1', 'orphan']);
    expect(tree[1]!.children.map((n) => n.id)).toEqual(['k0', 'k1', 'k2']);
    expect(tree[1]!.children[1]!.children.map((n) => n.id)).toEqual(['x1']);
  });

  it('flattens in tree order with depth and path', () => {
    const flat = flattenDepartmentTree(buildDepartmentTree(items));
    expect(flat.map((n) => [n.id, n.depth])).toEqual([['b0', 0], ['b1', 0], ['k0', 1], ['k1', 1], ['x1', 2], ['k2', 1], ['orphan', 0]]);
    expect(flat.find((n) => n.id === 'x1')!.path).toEqual(['総務部', '人事課', '人事係']);
    expect(flat[0]).not.toHaveProperty('children');
  });

  it('detects a move that would make a department its own ancestor', () => {
    const parentOf = new Map(items.map((i) => [i.id, i.parentId]));
    expect(createsCycle(parentOf, 'b1', 'x1')).toBe(true);
    expect(createsCycle(parentOf, 'b1', 'b1')).toBe(true);
    expect(createsCycle(parentOf, 'k1', 'b0')).toBe(false);
    expect(createsCycle(parentOf, 'k1', null)).toBe(false);
    expect(createsCycle(new Map([['a', 'b'], ['b', 'a']]), 'c', 'a')).toBe(true);
  });

  it('ranks 部 > 課 > 係', () => {
    expect(ranksBelow('ka', 'bu')).toBe(true);
    expect(ranksBelow('kakari', 'bu')).toBe(true);
    expect(ranksBelow('bu', 'ka')).toBe(false);
    expect(ranksBelow('ka', 'ka')).toBe(false);
  });
});
