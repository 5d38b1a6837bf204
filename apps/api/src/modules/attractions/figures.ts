import type { AttractionFigures } from '@yui/contracts';
import type { Db } from '@yui/db';
import { pooledPostsByMonth, publishedPostsByMonth, viewsByPost } from '@yui/db/queries/attractions-curation';
import { getRegionTowns } from '@yui/db/queries/region-people';
import { fiscalYearLabel, fiscalYearOf, fiscalYearRange, todayInJapan } from '@yui/domain';
import type { AttractionActor } from './access';

/**
 * 集計 of 地域の魅力 for one 年度 (April–March, Japan time), for every staff member of the region:
 *
 *  - submitted (投稿): per town and month, the posts that reached the region's pool (approved or
 *    later), in the month they were submitted for review. Another town's drafts and posts in review
 *    are its own (row-level security), so counting them for one's own town only would give every
 *    town's staff different figures; pooled posts are what every reader sees alike. A post returned,
 *    rejected or still in review is not counted.
 *  - published (公開): per town and month, the posts published in that month (the last time, if it
 *    went out again), counted even if taken down later.
 *  - views (閲覧数): views on the public pages in the 年度 (attraction_views, Japan days), per town and
 *    per post; the posts list holds every post viewed or published in the 年度, most viewed first.
 *  - totals.towns: the towns that had at least one post in the pool in the 年度.
 */

/** The twelve months of the 年度 as YYYY-MM, April first. */
export function monthsOf(fy: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    return `${i < 9 ? fy : fy + 1}-${String(m).padStart(2, '0')}`;
  });
}

export const currentFiscalYear = () => fiscalYearOf(new Date(`${todayInJapan()}T00:00:00Z`));

export async function buildFigures(tx: Db, actor: AttractionActor, q: { year?: number }): Promise<AttractionFigures> {
  const fy = q.year ?? currentFiscalYear();
  const { start: from, end: to } = fiscalYearRange(fy);
  const range = { regionId: actor.regionId, from, to };
  const [submitted, published, posts, towns] = await Promise.all([
    pooledPostsByMonth(tx, range), publishedPostsByMonth(tx, range), viewsByPost(tx, range), getRegionTowns(tx, actor.regionId),
  ]);
  const months = monthsOf(fy);
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  const rows = new Map(towns.map((t) => [t.id, {
    town: { id: t.id, name: t.name },
    submitted: months.map(() => 0),
    published: months.map(() => 0),
    views: 0,
  }]));
  const add = (list: Array<{ municipalityId: string; month: string; n: number }>, key: 'submitted' | 'published') => {
    for (const r of list) {
      const i = monthIndex.get(r.month);
      const row = rows.get(r.municipalityId);
      if (i !== undefined && row) row[key][i]! += r.n;
    }
  };
  add(submitted, 'submitted');
  add(published, 'published');
  for (const p of posts) {
    const row = rows.get(p.municipalityId);
    if (row) row.views += p.views;
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const list = [...rows.values()];
  return {
    fiscalYear: fy,
    label: fiscalYearLabel(fy, 'ja'),
    from,
    to,
    totals: {
      posts: sum(list.map((r) => sum(r.submitted))),
      published: sum(list.map((r) => sum(r.published))),
      views: sum(list.map((r) => r.views)),
      towns: list.filter((r) => sum(r.submitted) > 0).length,
    },
    months,
    towns: list,
    posts: posts.map((p) => ({
      id: p.id,
      title: p.title,
      town: { id: p.municipalityId, name: townName.get(p.municipalityId) ?? '—' },
      category: p.category,
      publishedAt: p.publishedAt ? new Date(p.publishedAt).toISOString() : null,
      views: p.views,
    })),
  };
}
