import { figuresYear } from '$lib/attractions';
import { passDownload } from '$lib/server/admin';
import type { RequestHandler } from './$types';

/** The figures as the API writes them for Excel (UTF-8 with BOM, 令和N年度 in the file name), passed through as it streams. */
export const GET: RequestHandler = async (event) => {
  const { year } = figuresYear(event.url);
  return passDownload(event, `/api/attractions/figures.csv?year=${year}`, {
    type: 'text/csv; charset=utf-8', filename: `attractions-figures-${year}.csv`,
  });
};
