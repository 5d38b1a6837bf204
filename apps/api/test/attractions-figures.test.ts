import { beforeAll, describe, expect, it } from 'vitest';
import { fiscalYearOf, parseCsv, todayInJapan } from '@yui/domain';
import { useTestApi } from './helpers';
import { attractionCast, insertPost, type AttractionCast } from './attraction-fixtures';

// 地域の魅力, 集計: posts per town and month (pooled posts, by the Japan month they were submitted),
// publications per town and month, views per town and per post in the 年度 — on a small known set
// in 令和6年度 (FY2024) with posts just across the month and year boundaries in Japan time — and the
// same as CSV for Excel (BOM, CRLF, formula guard, the file name with 令和N年度).

const t = useTestApi();
let k: AttractionCast;
const p = {} as Record<'spring' | 'summer' | 'nextYear' | 'inReview' | 'draft' | 'winter', { id: string }>;

async function dated(id: string, d: { submitted?: string | null; approved?: string | null; published?: string | null }) {
  await t.db.owner`
    update attraction_posts set submitted_at = ${d.submitted ?? null}::timestamptz, approved_at = ${d.approved ?? d.submitted ?? null}::timestamptz,
      published_at = ${d.published ?? null}::timestamptz
    where id = ${id}`;
}
async function views(postId: string, day: string, n: number) {
  await t.db.owner`
    insert into attraction_views (region_id, municipality_id, post_id, day, views)
    select region_id, municipality_id, id, ${day}::date, ${n} from attraction_posts where id = ${postId}`;
}

beforeAll(async () => {
  k = await attractionCast(t);
  p.spring = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'published', title: '開成山公園の桜' });
  await dated(p.spring.id, { submitted: '2024-04-10T10:00:00+09:00', approved: '2024-04-12T10:00:00+09:00', published: '2024-05-01T09:00:00+09:00' });
  // Submitted late on 30 June and published just after midnight on 1 July, Japan time (still June in UTC).
  p.summer = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'unpublished', title: '三春の夏祭り' });
  await dated(p.summer.id, { submitted: '2024-06-30T23:30:00+09:00', published: '2024-07-01T00:30:00+09:00' });
  // Submitted at 00:30 on 1 April 2025 in Japan (31 March in UTC): the next 年度.
  p.nextYear = await insertPost(t, { town: k.townB, author: k.staffB1, status: 'approved', title: '翌年度の投稿' });
  await dated(p.nextYear.id, { submitted: '2025-04-01T00:30:00+09:00' });
  // Not in the pool: counted for nobody, not even its own town's staff.
  p.inReview = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'in_review', title: '審査中' });
  await dated(p.inReview.id, { submitted: '2024-05-05T10:00:00+09:00', approved: null });
  p.draft = await insertPost(t, { town: k.townA, author: k.staffA1, status: 'draft', title: '下書き' });
  p.winter = await insertPost(t, { town: k.townC, author: k.staffC1, status: 'published', category: 'food', title: '=SUM(1,2) 冬の味覚' });
  await dated(p.winter.id, { submitted: '2024-12-20T10:00:00+09:00', published: '2024-12-24T10:00:00+09:00' });

  await views(p.spring.id, '2024-05-01', 10);
  await views(p.spring.id, '2024-06-01', 5);
  await views(p.spring.id, '2025-04-01', 100);
  await views(p.summer.id, '2024-07-02', 7);
});

const month = (i: number) => Array.from({ length: 12 }, (_, j) => (j === i ? 1 : 0));
const empty = Array.from({ length: 12 }, () => 0);

describe('figures', () => {
  it('count pooled posts and publications per town and Japan month, and views per town and post, in the 年度', async () => {
    const res = await k.call(k.staffA1, 'GET', '/api/attractions/figures?year=2024');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const f = res.body;
    expect(f).toMatchObject({ fiscalYear: 2024, label: '令和6年度', from: '2024-04-01', to: '2025-03-31' });
    expect(f.months).toEqual(['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03']);
    expect(f.totals).toEqual({ posts: 3, published: 3, views: 22, towns: 3 });
    const town = (id: string) => f.towns.find((x: { town: { id: string } }) => x.town.id === id);
    expect(town(k.townA.id)).toEqual({ town: { id: k.townA.id, name: '郡山市' }, submitted: month(0), published: month(1), views: 15 });
    expect(town(k.townB.id)).toEqual({ town: { id: k.townB.id, name: '三春町' }, submitted: month(2), published: month(3), views: 7 });
    expect(town(k.townC.id)).toEqual({ town: { id: k.townC.id, name: '田村市' }, submitted: month(8), published: month(8), views: 0 });
    expect(f.posts.map((x: { id: string; views: number }) => [x.id, x.views])).toEqual([[p.spring.id, 15], [p.summer.id, 7], [p.winter.id, 0]]);
    expect(f.posts[0]).toMatchObject({ title: '開成山公園の桜', town: { name: '郡山市' }, category: 'spot', publishedAt: '2024-05-01T00:00:00.000Z' });

    // Every reader of the region sees the same figures (other towns' unpooled posts are never counted).
    const other = await k.call(k.staffC1, 'GET', '/api/attractions/figures?year=2024');
    expect(other.body).toEqual(f);

    const next = await k.call(k.staffB1, 'GET', '/api/attractions/figures?year=2025');
    expect(next.body.totals).toEqual({ posts: 1, published: 0, views: 100, towns: 1 });
    expect(next.body.towns.find((x: { town: { id: string } }) => x.town.id === k.townB.id).submitted).toEqual(month(0));
  });

  it('default to the current 年度; another region sees only its own', async () => {
    const now = await k.call(k.staffB1, 'GET', '/api/attractions/figures');
    expect(now.body.fiscalYear).toBe(fiscalYearOf(new Date(`${todayInJapan()}T00:00:00Z`)));
    const theirs = await k.call(k.outsider, 'GET', '/api/attractions/figures?year=2024');
    expect(theirs.status).toBe(200);
    expect(theirs.body.totals).toEqual({ posts: 0, published: 0, views: 0, towns: 0 });
    expect(theirs.body.towns.map((x: { town: { id: string } }) => x.town.id)).toEqual([k.otherTown.id]);
    expect(theirs.body.towns[0]).toMatchObject({ submitted: empty, published: empty, views: 0 });
    expect(theirs.body.posts).toEqual([]);
  });

  it('come as CSV for Excel: BOM, CRLF, Japanese headers, formulas guarded, 令和6年度 in the file name', async () => {
    const res = await k.call(k.staffA1, 'GET', '/api/attractions/figures.csv?year=2024');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="attractions_FY2024.csv"; filename*=UTF-8''${encodeURIComponent('地域の魅力_令和6年度.csv')}`,
    );
    const bytes = res.raw.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const { records, error } = parseCsv(text);
    expect(error).toBeNull();
    expect(records[0]).toEqual(['年度', '令和6年度', '2024-04-01', '2025-03-31']);
    expect(records).toContainEqual(['市町村', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '1月', '2月', '3月', '合計']);
    expect(records).toContainEqual(['郡山市', '1', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '1']);
    expect(records).toContainEqual(['合計', '1', '0', '1', '0', '0', '0', '0', '0', '1', '0', '0', '0', '3']);
    expect(records).toContainEqual(['タイトル', '市町村', 'カテゴリ', '公開日', '閲覧数']);
    expect(records).toContainEqual(['開成山公園の桜', '郡山市', '観光スポット', '2024-05-01', '15']);
    // A title that looks like a formula is not run by Excel.
    expect(records).toContainEqual(["'=SUM(1,2) 冬の味覚", '田村市', 'グルメ', '2024-12-24', '0']);

    const en = await k.call(k.staffA1, 'GET', '/api/attractions/figures.csv?year=2024', undefined, 'en');
    expect(en.headers['content-disposition']).toContain(`filename*=UTF-8''attractions_FY2024.csv`);
    expect(parseCsv(en.raw.rawPayload.toString('utf8')).records[0]).toEqual(['Fiscal year', 'FY2024', '2024-04-01', '2025-03-31']);
  });
});
