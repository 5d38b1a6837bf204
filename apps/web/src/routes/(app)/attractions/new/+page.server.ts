import { redirect } from '@sveltejs/kit';
import { attraction } from '@yui/contracts';
import { attractionBody, attractionFormValues } from '$lib/attractions';
import { userApi } from '$lib/server/api';
import { apiFailure, invalidHere, keyOf, newKey, readPostForm, signedIn } from '$lib/server/attractions';
import type { Actions, PageServerLoad } from './$types';

/**
 * 魅力を投稿する: any staff member writes about their own town. Saving creates the draft (once,
 * however often the form is sent: the idempotency key) and goes on to its edit page, where the
 * photos and their rights check are added.
 */
export const load: PageServerLoad = (event) => {
  const me = signedIn(event);
  return { initial: attractionFormValues(null), idempotencyKey: newKey(), townName: me.municipality.name };
};

export const actions: Actions = {
  default: async (event) => {
    signedIn(event);
    const form = await event.request.formData();
    const idempotencyKey = keyOf(form);
    const values = readPostForm(form);
    const { body, fields } = attractionBody(values);
    if (Object.keys(fields).length) return invalidHere(fields, event.locals.lang, { values, idempotencyKey });
    let id: string;
    try {
      ({ id } = await userApi(event)('/api/attractions', { method: 'POST', body: { ...body, idempotencyKey }, schema: attraction }));
    } catch (e) {
      return apiFailure(e, event, { values, idempotencyKey });
    }
    redirect(303, `/attractions/${id}/edit?done=created#photos`);
  },
};
