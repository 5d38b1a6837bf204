import { describe, expect, it } from 'vitest';
import type { PersonRef } from '@yui/contracts';
import {
  categoryLabel,
  directoryApiQuery,
  directoryFilters,
  directoryParams,
  formatBytes,
  formatDay,
  kindLabel,
  normalizeTag,
  personLine,
  personPlace,
  query,
  readPostForm,
  relativeTime,
  timelineFilters,
} from './communities';

const person = (over: Partial<PersonRef> = {}): PersonRef => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: '山田 花子',
  nameKana: 'やまだ はなこ',
  municipalityId: '00000000-0000-4000-8000-000000000002',
  municipalityName: '郡山市',
  departmentName: '観光政策課',
  departmentPath: '産業観光部 > 観光政策課',
  position: '主事',
  ...over,
});

describe('people from several towns', () => {
  it('shows the name, its reading, the town and the department', () => {
    expect(personLine(person(), 'ja')).toBe('山田 花子（やまだ はなこ）・郡山市・観光政策課');
    expect(personLine(person(), 'en')).toBe('山田 花子 (やまだ はなこ) · 郡山市 · 観光政策課');
  });

  it('leaves out what is not known', () => {
    expect(personLine(person({ departmentName: null }), 'ja')).toBe('山田 花子（やまだ はなこ）・郡山市');
    expect(personPlace(person({ departmentName: null }), 'en')).toBe('郡山市');
  });

  it('names nobody when the question was asked without a name', () => {
    expect(personLine(null, 'ja')).toBe('匿名の職員');
    expect(personLine(null, 'en')).toBe('Anonymous colleague');
  });
});

describe('relative dates in Japan time', () => {
  const now = '2026-05-10T03:00:00Z'; // 12:00 in Japan

  it('says how long ago within the same day', () => {
    expect(relativeTime('2026-05-10T02:59:40Z', 'ja', now)).toBe('たった今');
    expect(relativeTime('2026-05-10T02:55:00Z', 'ja', now)).toBe('5分前');
    expect(relativeTime('2026-05-10T02:55:00Z', 'en', now)).toBe('5 min ago');
    expect(relativeTime('2026-05-10T00:00:00Z', 'ja', now)).toBe('3時間前');
    expect(relativeTime('2026-05-10T02:00:00Z', 'en', now)).toBe('1 hour ago');
  });

  it('counts calendar days in Japan, not hours', () => {
    // 23:30 the day before in Japan, 12h30 ago: yesterday, not "12 hours ago".
    expect(relativeTime('2026-05-09T14:30:00Z', 'ja', now)).toBe('昨日');
    // 00:30 today in Japan (still the 9th in UTC): today.
    expect(relativeTime('2026-05-09T15:30:00Z', 'ja', now)).toBe('11時間前');
    expect(relativeTime('2026-05-07T03:00:00Z', 'ja', now)).toBe('3日前');
    expect(relativeTime('2026-05-07T03:00:00Z', 'en', now)).toBe('3 days ago');
  });

  it('gives the date after a week, with the year only when it is another one', () => {
    expect(relativeTime('2026-04-01T03:00:00Z', 'ja', now)).toBe('4月1日');
    expect(relativeTime('2026-04-01T03:00:00Z', 'en', now)).toBe('1 Apr');
    // 2025-12-31 20:00 UTC is already 2026-01-01 in Japan.
    expect(relativeTime('2025-12-31T20:00:00Z', 'ja', now)).toBe('1月1日');
    expect(relativeTime('2025-12-31T10:00:00Z', 'ja', now)).toBe('2025年12月31日');
    expect(relativeTime('2025-12-31T10:00:00Z', 'en', now)).toBe('31 Dec 2025');
  });

  it('gives a day in Japan', () => {
    expect(formatDay('2026-06-24T15:30:00Z', 'ja')).toBe('2026年6月25日');
    expect(formatDay('2026-06-24T15:30:00Z', 'en')).toBe('25 Jun 2026');
  });

  it('treats a clock slightly ahead as now', () => {
    expect(relativeTime('2026-05-10T03:00:20Z', 'ja', now)).toBe('たった今');
  });
});

describe('labels and sizes', () => {
  it('uses the shared labels', () => {
    expect(categoryLabel('learning', 'ja')).toBe('学び合い');
    expect(kindLabel('question', 'ja')).toBe('相談・質問');
    expect(kindLabel('idea', 'en')).toBe('Looking for people');
    expect(kindLabel('unknown', 'ja')).toBe('unknown');
  });

  it('formats file sizes', () => {
    expect(formatBytes(512, 'ja')).toBe('512 B');
    expect(formatBytes(2048, 'ja')).toBe('2 KB');
    expect(formatBytes(2_400_000, 'en')).toBe('2.3 MB');
  });

  it('normalises hashtags like the API', () => {
    expect(normalizeTag('＃観光')).toBe('観光');
    expect(normalizeTag(' #ABC ')).toBe('abc');
    expect(normalizeTag(null)).toBe('');
  });
});

describe('filters in the address', () => {
  const town = '00000000-0000-4000-8000-00000000000a';

  it('reads the directory filters and ignores what is not a choice', () => {
    const f = directoryFilters(new URL(`http://x/communities/directory?category=learning&town=${town}&activity=active&sort=members&cursor=abc`));
    expect(f).toEqual({ category: 'learning', municipalityId: town, activity: 'active', sort: 'members', cursor: 'abc' });
    expect(directoryFilters(new URL('http://x/?category=nope&town=1&activity=x&sort=y'))).toEqual({
      category: null, municipalityId: null, activity: null, sort: 'activity', cursor: null,
    });
  });

  it('writes them back for links and for the API', () => {
    const f = directoryFilters(new URL('http://x/?category=local&sort=name'));
    expect(directoryParams(f)).toBe('?category=local&sort=name');
    expect(directoryParams(f, 'c1')).toBe('?category=local&sort=name&cursor=c1');
    expect(directoryParams(directoryFilters(new URL('http://x/')))).toBe('');
    expect(String(directoryApiQuery({ ...f, municipalityId: town }))).toBe(`sort=name&limit=20&category=local&municipalityId=${town}`);
  });

  it('reads a timeline filter', () => {
    expect(timelineFilters(new URL('http://x/?kind=question&tag=%23%E8%A6%B3%E5%85%89'))).toEqual({ kind: 'question', tag: '観光', cursor: null });
    expect(timelineFilters(new URL('http://x/?kind=bad'))).toEqual({ kind: null, tag: '', cursor: null });
  });

  it('leaves out empty parameters', () => {
    expect(query({ a: '1', b: null, c: '', d: false })).toBe('?a=1');
    expect(query({})).toBe('');
  });
});

describe('the composer', () => {
  const form = (entries: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(entries)) f.set(k, v);
    return f;
  };

  it('sends only the fields of the kind chosen', () => {
    const { body } = readPostForm(form({ kind: 'post', title: ' ', body: 'こんにちは', challenge: '課題', anonymous: 'on' }));
    expect(body).toEqual({ kind: 'post', title: null, body: 'こんにちは', challenge: null, solution: null, anonymous: false });
  });

  it('keeps the name hidden only on a question', () => {
    const { body, values } = readPostForm(form({ kind: 'question', title: '育休の手続き', body: '教えてください', anonymous: 'on' }));
    expect(body.anonymous).toBe(true);
    expect(body.title).toBe('育休の手続き');
    expect(values.anonymous).toBe(true);
  });

  it('keeps 課題感 and the solution on the share board', () => {
    const { body } = readPostForm(form({ kind: 'case', title: 't', body: 'b', challenge: '窓口が混む', solution: '予約制に' }));
    expect(body).toMatchObject({ kind: 'case', challenge: '窓口が混む', solution: '予約制に', anonymous: false });
  });

  it('falls back to a plain post for an unknown kind', () => {
    expect(readPostForm(form({ kind: 'evil', body: 'x' })).body.kind).toBe('post');
  });
});
