import { redirect } from '@sveltejs/kit';
import { helpCall } from '@yui/contracts';
import { callBody } from '$lib/help';
import { userApi } from '$lib/server/api';
import {
  apiFailure, byFormField, callFormOptions, initialCallForm, invalidHere, keyOf, localProblems, newKey, readCallForm, suggestedSkills,
} from '$lib/server/help';
import { signedIn } from '$lib/server/time';
import type { Actions, PageServerLoad } from './$types';

/** 募集する: any member of staff posts a call for their own 課 (or another of their town). */
export const load: PageServerLoad = async (event) => {
  const me = signedIn(event);
  return {
    ...(await callFormOptions(event, me)),
    initial: initialCallForm(me),
    suggested: suggestedSkills,
    idempotencyKey: newKey(),
  };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const idempotencyKey = keyOf(form);
    const values = readCallForm(form);
    const { body, fields } = callBody(values, 'create');
    if (Object.keys(fields).length) {
      return invalidHere(localProblems(fields, event.locals.lang), event.locals.lang, { values, idempotencyKey });
    }
    let id: string;
    try {
      ({ id } = await userApi(event)('/api/help-calls', { method: 'POST', body: { ...body, idempotencyKey }, schema: helpCall }));
    } catch (e) {
      return apiFailure(e, event, { values, idempotencyKey }, byFormField);
    }
    redirect(303, `/help/calls/${id}?done=created`);
  },
};
