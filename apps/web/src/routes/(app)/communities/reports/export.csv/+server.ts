import { error } from '@sveltejs/kit';
import { figuresParams, figuresQuery } from '$lib/events';
import { translator } from '$lib/i18n';
import { ApiError, userDownload } from '$lib/server/api';
import { requireCoordinator } from '$lib/server/events';
import type { RequestHandler } from './$types';

/**
 * The figures as the API writes them for Excel, passed through as it streams, with the API's file
 * name. Same choices as the page: `?fy=2026&communityId=…`. Layout loads do not run for endpoints,
 * so the role check is here.
 */
export const GET: RequestHandler = async (event) => {
  requireCoordinator(event);
  const params = figuresParams(event.url);
  let upstream: Response;
  try {
    upstream = await userDownload(event)(`/api/community-reports.csv?${figuresQuery(params, true)}`, 'text/csv');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const t = translator(event.locals.lang);
    if (e.status === 403) error(403, t('error.forbidden'));
    if (e.status === 404) error(404, t('error.notFound'));
    error(e.status === 400 ? 400 : 502, e.message);
  }
  const headers = new Headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  for (const name of ['content-type', 'content-disposition']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!headers.has('content-type')) headers.set('content-type', 'text/csv; charset=utf-8');
  if (!headers.has('content-disposition')) headers.set('content-disposition', `attachment; filename="community-figures-${params.fy}.csv"`);
  return new Response(upstream.body, { status: 200, headers });
};
