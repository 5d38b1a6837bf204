import { attractionCategoryLabels, type AttractionFigures, type Locale } from '@yui/contracts';
import { fiscalYearLabel, todayInJapan, toCsv, type CsvCell } from '@yui/domain';

/** The words of the CSV (headers and section titles). */
const words: Record<Locale, {
  fiscalYear: string; summary: string; posts: string; published: string; views: string; towns: string;
  submittedByMonth: string; publishedByMonth: string; viewsByTown: string; viewsByPost: string;
  town: string; total: string; title: string; category: string; publishedOn: string; month: (m: string) => string;
}> = {
  ja: {
    fiscalYear: '年度', summary: '概要', posts: '投稿数（共有プール入り）', published: '公開数', views: '閲覧数', towns: '投稿のあった市町村数',
    submittedByMonth: '市町村別・月別の投稿数（審査に出した月）', publishedByMonth: '市町村別・月別の公開数（公開した月）',
    viewsByTown: '市町村別の閲覧数', viewsByPost: '投稿別の閲覧数',
    town: '市町村', total: '合計', title: 'タイトル', category: 'カテゴリ', publishedOn: '公開日',
    month: (m) => `${Number(m.slice(5, 7))}月`,
  },
  en: {
    fiscalYear: 'Fiscal year', summary: 'Summary', posts: 'Posts (reached the pool)', published: 'Published', views: 'Views', towns: 'Towns with posts',
    submittedByMonth: 'Posts by town and month (submitted)', publishedByMonth: 'Published by town and month',
    viewsByTown: 'Views by town', viewsByPost: 'Views by post',
    town: 'Town', total: 'Total', title: 'Title', category: 'Category', publishedOn: 'Published on',
    month: (m) => m,
  },
};

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The figures as Excel opens them (UTF-8 with BOM, CRLF; cells that look like formulas guarded by
 * toCsv): the 年度 and totals, then posts and publications per town and month (April first, with a
 * 合計 column and row), views per town, and views per post — each section under its own title, a
 * blank row between.
 */
export function figuresCsv(f: AttractionFigures, lang: Locale): string {
  const w = words[lang];
  const byMonth = (title: string, key: 'submitted' | 'published'): CsvCell[][] => [
    [title],
    [w.town, ...f.months.map(w.month), w.total],
    ...f.towns.map((t) => [t.town.name, ...t[key], sum(t[key])]),
    [w.total, ...f.months.map((_, i) => sum(f.towns.map((t) => t[key][i] ?? 0))), sum(f.towns.map((t) => sum(t[key])))],
  ];
  const rows: CsvCell[][] = [
    [w.fiscalYear, fiscalYearLabel(f.fiscalYear, lang), f.from, f.to],
    [],
    [w.summary],
    [w.posts, w.published, w.views, w.towns],
    [f.totals.posts, f.totals.published, f.totals.views, f.totals.towns],
    [],
    ...byMonth(w.submittedByMonth, 'submitted'),
    [],
    ...byMonth(w.publishedByMonth, 'published'),
    [],
    [w.viewsByTown],
    [w.town, w.views],
    ...f.towns.map((t) => [t.town.name, t.views]),
    [w.total, f.totals.views],
    [],
    [w.viewsByPost],
    [w.title, w.town, w.category, w.publishedOn, w.views],
    ...f.posts.map((p) => [
      p.title, p.town.name, attractionCategoryLabels[p.category]?.[lang] ?? p.category,
      p.publishedAt ? todayInJapan(new Date(p.publishedAt)) : null, p.views,
    ]),
  ];
  return toCsv(rows, { bom: true });
}

/** 地域の魅力_令和8年度.csv / attractions_FY2026.csv, and an ASCII name for old clients. */
export function figuresFileName(f: AttractionFigures, lang: Locale): { name: string; ascii: string } {
  return {
    name: lang === 'ja' ? `地域の魅力_${fiscalYearLabel(f.fiscalYear, 'ja')}.csv` : `attractions_${fiscalYearLabel(f.fiscalYear, 'en')}.csv`,
    ascii: `attractions_FY${f.fiscalYear}.csv`,
  };
}
