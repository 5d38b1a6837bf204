import { error, redirect } from '@sveltejs/kit';
import { communityEvent } from '@yui/contracts';
import { eventFormValues } from '$lib/events';
import { translator } from '$lib/i18n';
import { actionFailure, pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { invalidForm, readEventForm, uuidParam } from '$lib/server/events';
import type { Actions, PageServerLoad } from './$types';

/** Changing an event: its managers only (the API checks again). */
export const load: PageServerLoad = async (event) => {
  const id = uuidParam(event);
  let ev;
  try {
    ev = await userApi(event)(`/api/events/${id}`, { schema: communityEvent });
  } catch (e) {
    pageError(e, event);
  }
  if (!ev.can.manage) error(403, translator(event.locals.lang)('error.forbidden'));
  return { event: ev, initial: eventFormValues(ev) };
};

export const actions: Actions = {
  default: async (event) => {
    const id = uuidParam(event);
    const { values, body, fields } = readEventForm(await event.request.formData(), event.locals.lang);
    if (Object.keys(fields).length) return invalidForm(fields, event.locals.lang, { values });
    try {
      await userApi(event)(`/api/events/${id}`, { method: 'PATCH', body, schema: communityEvent });
    } catch (e) {
      return actionFailure(e, event, { values });
    }
    redirect(303, `/communities/events/${id}?done=updated`);
  },
};
