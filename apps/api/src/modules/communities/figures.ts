import type { z } from 'zod';
import { communityFigureLabels, type CommunityFigures, type communityFiguresQuery, type Locale } from '@yui/contracts';
import type { Db } from '@yui/db';
import { getCommunityFigures, type FigureMonthRow } from '@yui/db/queries/communities';
import { addDays, fiscalYearOf, fiscalYearRange, todayInJapan, toCsv, type CsvCell } from '@yui/domain';
import { communityAccess, requireCoordinator, type CommunityActor } from './access';

/**
 * 集計 for regional coordinators, per 年度 (April–March) and month in Japan time: members per town
 * (now), posts, questions, how many were solved and the median time to the answer (by the month the
 * question was asked), events (by the month they start, cancelled ones left out), registrations and
 * attendance. Over the communities of the region the coordinator sees, or one of them.
 */

type Query = z.infer<typeof communityFiguresQuery>;

/** Seconds → hours with one decimal (a question solved within the day reads e.g. 3.5). */
const hours = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 360) / 10);

/** The twelve months of the 年度 as YYYY-MM, April first. */
function monthsOf(fy: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    return `${i < 9 ? fy : fy + 1}-${String(m).padStart(2, '0')}`;
  });
}

const zero = { posts: 0, questions: 0, answered: 0, medianSeconds: null, events: 0, registered: 0, attended: 0 };

export async function buildFigures(tx: Db, actor: CommunityActor, q: Query): Promise<CommunityFigures> {
  await requireCoordinator(tx, actor);
  // One community: it must be one the coordinator sees (404 otherwise, like everywhere).
  if (q.communityId) await communityAccess(tx, actor, q.communityId);
  const fy = q.fiscalYear ?? fiscalYearOf(new Date(`${todayInJapan()}T00:00:00Z`));
  const { start, end } = fiscalYearRange(fy);
  const rows = await getCommunityFigures(tx, {
    regionId: actor.regionId,
    communityId: q.communityId,
    from: `${start}T00:00:00+09:00`,
    to: `${addDays(end, 1)}T00:00:00+09:00`,
  });
  const byMonth = new Map<string | null, FigureMonthRow>(rows.months.map((r) => [r.month, r]));
  const total = byMonth.get(null) ?? { month: null, ...zero };
  const towns = rows.towns.filter((t) => t.municipalityId !== null);
  return {
    fiscalYear: fy,
    from: start,
    to: end,
    membersByTown: towns.map((t) => ({ municipalityId: t.municipalityId!, municipalityName: t.municipalityName ?? '', members: t.members })),
    months: monthsOf(fy).map((month) => {
      const r = byMonth.get(month) ?? { month, ...zero };
      return {
        month,
        posts: r.posts, questions: r.questions, answered: r.answered, medianHoursToAnswer: hours(r.medianSeconds),
        events: r.events, registered: r.registered, attended: r.attended,
      };
    }),
    totals: {
      communities: rows.communities,
      // People in several communities (or several towns' lists) count once.
      members: rows.towns.find((t) => t.municipalityId === null)?.members ?? 0,
      posts: total.posts, questions: total.questions, answered: total.answered, medianHoursToAnswer: hours(total.medianSeconds),
      events: total.events, registered: total.registered, attended: total.attended,
    },
  };
}

/** 2026-04 → 2026年4月 / 2026-04. */
const monthLabel = (month: string, lang: Locale) => (lang === 'ja' ? `${month.slice(0, 4)}年${Number(month.slice(5))}月` : month);

/**
 * The figures as Excel opens them: UTF-8 with BOM, CRLF. First the months (April to March) and a
 * totals row, then, after an empty row, members per town and their total.
 */
export function figuresCsv(f: CommunityFigures, lang: Locale): string {
  const w = communityFigureLabels[lang];
  const numbers = (r: Omit<CommunityFigures['months'][number], 'month'>): CsvCell[] =>
    [r.posts, r.questions, r.answered, r.medianHoursToAnswer, r.events, r.registered, r.attended];
  return toCsv([
    [w.month, w.posts, w.questions, w.answered, w.medianHoursToAnswer, w.events, w.registered, w.attended],
    ...f.months.map((m) => [monthLabel(m.month, lang), ...numbers(m)]),
    [w.total, ...numbers(f.totals)],
    [],
    [w.town, w.members],
    ...f.membersByTown.map((t) => [t.municipalityName, t.members]),
    [w.total, f.totals.members],
  ], { bom: true });
}

/** コミュニティ集計_2026年度.csv / Community figures_FY2026.csv, and an ASCII name for old clients. */
export function figuresFileName(f: CommunityFigures, lang: Locale): { name: string; ascii: string } {
  const w = communityFigureLabels[lang];
  return {
    name: lang === 'ja' ? `${w.title ?? ''}_${f.fiscalYear}年度.csv` : `${w.title ?? ''}_FY${f.fiscalYear}.csv`,
    ascii: `community-figures_FY${f.fiscalYear}.csv`,
  };
}
