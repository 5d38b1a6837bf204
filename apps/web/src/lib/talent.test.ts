import { describe, expect, it } from 'vitest';
import {
  byTown,
  datesBetween,
  daysTotal,
  departmentTree,
  directStatusLabel,
  directStatusTone,
  helpCategoryLabel,
  initial,
  keepNotify,
  parseHours,
  parseSkills,
  photoSrc,
  readDays,
  requestBox,
  talentFilters,
  talentParams,
  type DeptRow,
} from './talent';

const ID = '0a1b2c3d-0000-4000-8000-00000000abcd';

describe('photoSrc', () => {
  it('turns the API photo address into the web proxy address, keeping the version', () => {
    expect(photoSrc(`/api/people/${ID}/photo?v=1a2b3c4d`)).toBe(`/people/${ID}/photo?v=1a2b3c4d`);
    expect(photoSrc(`/api/people/${ID.toUpperCase()}/photo`)).toBe(`/people/${ID}/photo`);
  });
  it('shows nothing for a missing or foreign address', () => {
    expect(photoSrc(null)).toBeNull();
    expect(photoSrc('')).toBeNull();
    expect(photoSrc('https://evil.example/x.png')).toBeNull();
    expect(photoSrc(`/api/people/${ID}/photo?v=1"onerror=x`)).toBeNull();
    expect(photoSrc(`/api/people/../files/${ID}/photo`)).toBeNull();
  });
});

describe('initial', () => {
  it('is the first character, surrogate pairs kept whole', () => {
    expect(initial('山田 花子')).toBe('山');
    expect(initial(' 𠮷田')).toBe('𠮷');
    expect(initial('')).toBe('?');
  });
});

describe('parseSkills', () => {
  it('splits on Japanese and ASCII commas and new lines, trims, drops duplicates ignoring case and width', () => {
    expect(parseSkills('イラスト、 写真撮影,excel\nＥｘｃｅｌ，  動画  編集 ,,')).toEqual(['イラスト', '写真撮影', 'excel', '動画 編集']);
  });
  it('answers nothing for an empty field', () => {
    expect(parseSkills('  ,、 ')).toEqual([]);
  });
});

describe('keepNotify', () => {
  it('keeps only skills still listed, in the listed spelling', () => {
    expect(keepNotify(['excel', '手話', 'ドローン'], ['Excel', 'ドローン'])).toEqual(['Excel', 'ドローン']);
  });
});

describe('talent filters', () => {
  it('reads skill, town and keyword, dropping a town that is not an id', () => {
    const f = talentFilters(new URL(`http://x/help/talent?skill=%20手話%20&town=${ID}&q=観光&cursor=abc`));
    expect(f).toEqual({ skill: '手話', town: ID, q: '観光', cursor: 'abc' });
    expect(talentFilters(new URL('http://x/help/talent?town=1;drop')).town).toBe('');
  });
  it('writes them back, empty ones left out', () => {
    expect(talentParams({ skill: '手話', town: '', q: '' })).toBe('?skill=%E6%89%8B%E8%A9%B1');
    expect(talentParams({ skill: '', town: '', q: '' })).toBe('');
    expect(talentParams({ skill: '', town: ID, q: 'a b' }, 'next')).toBe(`?town=${ID}&q=a+b&cursor=next`);
  });
  it('reads the request box, received by default', () => {
    expect(requestBox(new URL('http://x/help/requests?box=sent'))).toBe('sent');
    expect(requestBox(new URL('http://x/help/requests?box=other'))).toBe('received');
  });
});

describe('days', () => {
  it('lists the dates of a period, inclusive, capped', () => {
    expect(datesBetween('2026-04-29', '2026-05-02')).toEqual(['2026-04-29', '2026-04-30', '2026-05-01', '2026-05-02']);
    expect(datesBetween('2026-05-02', '2026-05-01')).toEqual([]);
    expect(datesBetween('2026-01-01', '2026-12-31', 31)).toHaveLength(31);
    expect(datesBetween('bad', '2026-01-01')).toEqual([]);
  });
  it('reads ticked days within the allowed dates, with their minutes or the default', () => {
    const form = new FormData();
    form.append('day', '2026-05-02');
    form.append('day', '2026-05-01');
    form.append('day', '2026-05-01');
    form.append('day', '2026-06-30');
    form.set('minutes-2026-05-01', '90');
    form.set('minutes-2026-05-02', '7');
    form.set('minutes-2026-05-03', '120');
    const allowed = datesBetween('2026-05-01', '2026-05-03');
    expect(readDays(form, allowed, 180)).toEqual([
      { date: '2026-05-01', minutes: 90 },
      { date: '2026-05-02', minutes: 180 },
    ]);
  });
  it('sums the days up', () => {
    expect(daysTotal([{ date: '2026-05-01', minutes: 90 }, { date: '2026-05-02', minutes: 90 }], 'ja')).toBe('2日・合計3時間');
    expect(daysTotal([{ date: '2026-05-01', minutes: 45 }], 'en')).toBe('1 day, 45m in all');
  });
  it('reads hours as decimals or h:mm', () => {
    expect(parseHours('1.5')).toBe(90);
    expect(parseHours('２')).toBe(120);
    expect(parseHours('2:15')).toBe(135);
    expect(parseHours('0')).toBe(0);
    expect(parseHours('')).toBeNull();
    expect(parseHours('-1')).toBeNull();
    expect(parseHours('abc')).toBeNull();
  });
});

describe('labels', () => {
  it('names categories and direct-request statuses in both languages', () => {
    expect(helpCategoryLabel('busy_season', 'ja')).toBe('繁忙期応援');
    expect(helpCategoryLabel('busy_season', 'en')).toBe('Busy-season help');
    expect(directStatusLabel('sent', 'ja')).toBe('回答待ち');
    expect(directStatusTone('accepted')).toBe('ok');
    expect(directStatusTone('withdrawn')).toBe('off');
  });
});

describe('departmentTree', () => {
  const town = { id: 't1', name: '郡山市' };
  const other = { id: 't2', name: '須賀川市' };
  const d = (id: string, parentId: string | null, kind: DeptRow['kind'], nameKana: string, t = town): DeptRow => ({
    id, parentId, kind, name: id, nameKana, town: t,
  });
  const items = [
    d('観光政策課', '産業観光部', 'ka', 'かんこうせいさくか'),
    d('産業観光部', null, 'bu', 'さんぎょうかんこうぶ'),
    d('企画係', '観光政策課', 'kakari', 'きかくかかり'),
    d('総務部', null, 'bu', 'そうむぶ'),
    d('商工課', '産業観光部', 'ka', 'しょうこうか'),
    d('孤立課', 'missing', 'ka', 'こりつか'),
    d('秘書課', null, 'ka', 'ひしょか', other),
  ];
  it('orders a town in tree order with depths, siblings by reading', () => {
    const rows = departmentTree(items.filter((x) => x.town.id === 't1')).map((r) => `${r.depth}:${r.dept.id}`);
    expect(rows).toEqual(['0:孤立課', '0:産業観光部', '1:観光政策課', '2:企画係', '1:商工課', '0:総務部']);
  });
  it('groups by town in the given order, leaving out towns without departments', () => {
    const groups = byTown(items, [other, { id: 't3', name: '空' }, town]);
    expect(groups.map((g) => [g.town.name, g.rows.length])).toEqual([['須賀川市', 1], ['郡山市', 6]]);
  });
});
