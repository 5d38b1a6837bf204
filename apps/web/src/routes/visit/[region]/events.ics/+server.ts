import { proxyFeed } from '$lib/server/public-attractions';
import type { RequestHandler } from './$types';

/** The API's events.ics of the region, passed through (ETag and 304 included). */
export const GET: RequestHandler = ({ params, request }) => proxyFeed(request, params.region, 'events.ics');
