import { figuresYear } from '$lib/help';
import { passDownload } from '$lib/server/admin';
import type { RequestHandler } from './$types';

/** The figures as the API writes them for Excel (UTF-8 with BOM), passed through as it streams. */
export const GET: RequestHandler = async (event) => {
  const { fy } = figuresYear(event.url);
  return passDownload(event, `/api/help-calls/reports.csv?fy=${fy}`, {
    type: 'text/csv; charset=utf-8', filename: `help-figures-${fy}.csv`,
  });
};
