import { passDownload } from '$lib/server/admin';
import { requireReports } from '$lib/server/time';
import { reportParams } from '$lib/time';
import type { RequestHandler } from './$types';

/**
 * The report as the API writes it for Excel, passed through as it streams, with the API's file
 * name. Same choices as the page: `?fy=2026&groupBy=department`. Layout loads do not run for
 * endpoints, so the role check is here.
 */
export const GET: RequestHandler = async (event) => {
  requireReports(event);
  const { fy, groupBy } = reportParams(event.url);
  return passDownload(event, `/api/time-reports.csv?fy=${fy}&groupBy=${groupBy}`, {
    type: 'text/csv; charset=utf-8', filename: `time-report-${fy}-${groupBy}.csv`,
  });
};
