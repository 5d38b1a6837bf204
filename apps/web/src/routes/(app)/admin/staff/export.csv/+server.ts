import { error } from '@sveltejs/kit';
import { staffFilters, staffQuery } from '$lib/admin';
import { translator } from '$lib/i18n';
import { ApiError, userDownload } from '$lib/server/api';
import { requireAdmin } from '$lib/server/admin';
import type { RequestHandler } from './$types';

/**
 * The staff as the API writes them for Excel (UTF-8 with BOM, Japanese headers), passed through as
 * it streams, with the API's file name. Same filters as the list: `?q=…&department=…&inactive=1`.
 * Layout loads do not run for endpoints, so the admin check is here.
 */
export const GET: RequestHandler = async (event) => {
  requireAdmin(event);
  const query = staffQuery(staffFilters(event.url));
  let upstream: Response;
  try {
    upstream = await userDownload(event)(`/api/admin/staff/export.csv?${query}`, 'text/csv');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const t = translator(event.locals.lang);
    if (e.status === 403) error(403, t('error.forbidden'));
    error(e.status === 400 ? 400 : 502, e.message);
  }
  const headers = new Headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  // Not content-length: fetch may have decompressed the body.
  for (const name of ['content-type', 'content-disposition']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!headers.has('content-type')) headers.set('content-type', 'text/csv; charset=utf-8');
  return new Response(upstream.body, { status: 200, headers });
};
