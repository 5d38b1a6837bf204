import { error, redirect } from '@sveltejs/kit';
import { communityEvent } from '@yui/contracts';
import { eventFormValues } from '$lib/events';
import { translator } from '$lib/i18n';
import { actionFailure, text } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { invalidForm, loadCommunity, readEventForm, uuidParam } from '$lib/server/events';
import { newIdempotencyKey } from '$lib/server/time';
import type { Actions, PageServerLoad } from './$types';

/** A new event of a community: its managers only (the API checks again). */
export const load: PageServerLoad = async (event) => {
  const c = await loadCommunity(event, uuidParam(event));
  if (!c.can.manage || c.status !== 'active') error(403, translator(event.locals.lang)('error.forbidden'));
  return { community: { id: c.id, name: c.name }, initial: eventFormValues(), idempotencyKey: newIdempotencyKey() };
};

export const actions: Actions = {
  default: async (event) => {
    const communityId = uuidParam(event);
    const form = await event.request.formData();
    const key = text(form, 'idempotencyKey');
    const idempotencyKey = key.length >= 8 && key.length <= 100 ? key : newIdempotencyKey();
    const { values, body, fields } = readEventForm(form, event.locals.lang);
    if (Object.keys(fields).length) return invalidForm(fields, event.locals.lang, { values, idempotencyKey });
    let id: string;
    try {
      ({ id } = await userApi(event)(`/api/communities/${communityId}/events`, {
        method: 'POST',
        body: { ...body, idempotencyKey },
        schema: communityEvent,
      }));
    } catch (e) {
      return actionFailure(e, event, { values, idempotencyKey });
    }
    redirect(303, `/communities/events/${id}?done=created`);
  },
};
