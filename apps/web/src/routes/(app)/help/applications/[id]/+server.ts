import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { idParam } from '$lib/server/communities';
import type { RequestHandler } from './$types';

/**
 * An application's call: the 20% screens name a request filed for an application (its ref) and link
 * here, so a manager deciding the time can read the call first. 404 for a call the reader may not see.
 */
export const GET: RequestHandler = async (event) => {
  let callId: string;
  try {
    ({ callId } = await userApi(event)(`/api/help-calls/applications/${idParam(event)}`, { schema: z.object({ callId: z.uuid() }) }));
  } catch (e) {
    pageError(e, event);
  }
  redirect(303, `/help/calls/${callId}`);
};
