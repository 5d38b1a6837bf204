import { staffFilters, staffQuery } from '$lib/admin';
import { passDownload, requireAdmin } from '$lib/server/admin';
import type { RequestHandler } from './$types';

/**
 * The staff as the API writes them for Excel (UTF-8 with BOM, Japanese headers), passed through as
 * it streams, with the API's file name. Same filters as the list: `?q=…&department=…&inactive=1`.
 * Layout loads do not run for endpoints, so the admin check is here.
 */
export const GET: RequestHandler = async (event) => {
  requireAdmin(event);
  const query = staffQuery(staffFilters(event.url));
  return passDownload(event, `/api/admin/staff/export.csv?${query}`, { type: 'text/csv; charset=utf-8', filename: 'staff.csv' });
};
