import { reportYear } from '$lib/mentoring';
import { passDownload } from '$lib/server/admin';
import { idParam, programmePath } from '$lib/server/mentoring';
import type { RequestHandler } from './$types';

/** The report as the API writes it for Excel (UTF-8 with BOM), passed through as it streams. */
export const GET: RequestHandler = async (event) => {
  const id = idParam(event);
  const fy = reportYear(event.url, Number(event.url.searchParams.get('fy')) || 0);
  const q = fy ? `?fy=${fy}` : '';
  return passDownload(event, programmePath(id, `report.csv${q}`), {
    type: 'text/csv; charset=utf-8', filename: `mentoring-report${fy ? `-${fy}` : ''}.csv`,
  });
};
