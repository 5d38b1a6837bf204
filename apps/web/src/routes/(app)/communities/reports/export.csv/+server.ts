import { figuresParams, figuresQuery } from '$lib/events';
import { passDownload } from '$lib/server/admin';
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
  return passDownload(event, `/api/community-reports.csv?${figuresQuery(params, true)}`, {
    type: 'text/csv; charset=utf-8', filename: `community-figures-${params.fy}.csv`,
  });
};
