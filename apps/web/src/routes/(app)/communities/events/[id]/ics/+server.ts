import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import { ApiError, userDownload } from '$lib/server/api';
import { uuidParam } from '$lib/server/events';
import type { RequestHandler } from './$types';

/**
 * The event as an .ics file for Outlook and other calendars, passed through from the API as it
 * streams, with the API's file name.
 */
export const GET: RequestHandler = async (event) => {
  const id = uuidParam(event);
  let upstream: Response;
  try {
    upstream = await userDownload(event)(`/api/events/${id}/ics`, 'text/calendar');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const t = translator(event.locals.lang);
    if (e.status === 404) error(404, t('error.notFound'));
    if (e.status === 403) error(403, t('error.forbidden'));
    error(e.status === 400 ? 400 : 502, e.message);
  }
  const headers = new Headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  for (const name of ['content-type', 'content-disposition']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!headers.has('content-type')) headers.set('content-type', 'text/calendar; charset=utf-8');
  if (!headers.has('content-disposition')) headers.set('content-disposition', `attachment; filename="event-${id}.ics"`);
  return new Response(upstream.body, { status: 200, headers });
};
