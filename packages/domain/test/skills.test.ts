import { describe, expect, it } from 'vitest';
import { normalizeSkill, normalizeSkills, rankTalent } from '../src/skills';

const SUGGESTED = ['Excel', '写真撮影', 'イラスト'];

describe('normalizeSkill', () => {
  it('folds width, case of suggestions, spaces and a leading #', () => {
    expect(normalizeSkill('ＥＸＣＥＬ', SUGGESTED)).toBe('Excel');
    expect(normalizeSkill('  #写真撮影 ', SUGGESTED)).toBe('写真撮影');
    expect(normalizeSkill('ｲﾗｽﾄ', SUGGESTED)).toBe('イラスト');
    expect(normalizeSkill('Power  BI')).toBe('Power BI');
    expect(normalizeSkill('   ')).toBeNull();
  });
  it('drops duplicates, keeps order', () => {
    expect(normalizeSkills(['excel', 'Excel', '手話', 'ＥＸＣＥＬ', '手話 '], SUGGESTED)).toEqual(['Excel', '手話']);
  });
});

describe('rankTalent', () => {
  const people = [
    { id: 'c', skills: ['Excel', '写真撮影', '英語', '手話'], helpedCount: 0, sameTown: false },
    { id: 'a', skills: ['写真撮影'], helpedCount: 2, sameTown: true },
    { id: 'b', skills: ['写真撮影', 'イラスト'], helpedCount: 0, sameTown: false },
    { id: 'd', skills: ['ドローン'], helpedCount: 9, sameTown: true },
  ];
  it('ranks by matched skills, coverage, experience and town; leaves out no match', () => {
    const r = rankTalent(['写真撮影', 'イラスト'], people);
    expect(r.map((x) => x.id)).toEqual(['b', 'a', 'c']);
    expect(r[0]).toEqual({ id: 'b', matched: ['写真撮影', 'イラスト'], score: 25 });
    expect(r[1]!.score).toBe(14);
  });
  it('does not depend on input order and matches case-insensitively', () => {
    const a = rankTalent(['excel'], people).map((x) => x.id);
    const b = rankTalent(['excel'], [...people].reverse()).map((x) => x.id);
    expect(a).toEqual(['c']);
    expect(b).toEqual(a);
  });
  it('breaks ties by fewer skills, then id', () => {
    const tie = [
      { id: 'z', skills: ['手話'], helpedCount: 0, sameTown: false },
      { id: 'y', skills: ['手話', '英語'], helpedCount: 0, sameTown: false },
      { id: 'x', skills: ['手話'], helpedCount: 0, sameTown: false },
    ];
    expect(rankTalent(['手話'], tie).map((x) => x.id)).toEqual(['x', 'z', 'y']);
  });
  it('nothing wanted: nobody suggested', () => {
    expect(rankTalent([], people)).toEqual([]);
  });
});
