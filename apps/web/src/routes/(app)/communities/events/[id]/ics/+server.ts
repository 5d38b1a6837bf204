import { passDownload } from '$lib/server/admin';
import { uuidParam } from '$lib/server/events';
import type { RequestHandler } from './$types';

/**
 * The event as an .ics file for Outlook and other calendars, passed through from the API as it
 * streams, with the API's file name.
 */
export const GET: RequestHandler = async (event) => {
  const id = uuidParam(event);
  return passDownload(event, `/api/events/${id}/ics`, { type: 'text/calendar; charset=utf-8', filename: `event-${id}.ics` });
};
