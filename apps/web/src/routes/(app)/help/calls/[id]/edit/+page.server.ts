import { redirect } from '@sveltejs/kit';
import { helpCall } from '@yui/contracts';
import { callBody } from '$lib/help';
import { userApi } from '$lib/server/api';
import {
  apiFailure, byFormField, callFormOptions, idParam, initialCallForm, invalidHere, loadCall, localProblems, readCallForm,
  requireManage, suggestedSkills,
} from '$lib/server/help';
import { signedIn } from '$lib/server/time';
import type { Actions, PageServerLoad } from './$types';

/** Changing a call: the people who manage it (the API checks again). The 課 stays as posted. */
export const load: PageServerLoad = async (event) => {
  const me = signedIn(event);
  const call = await loadCall(event, idParam(event));
  requireManage(event, call);
  return {
    call: { id: call.id, title: call.title, department: call.department, town: call.town, status: call.status },
    ...(await callFormOptions(event, me, call)),
    initial: initialCallForm(me, call),
    suggested: suggestedSkills,
  };
};

export const actions: Actions = {
  default: async (event) => {
    const id = idParam(event);
    const values = readCallForm(await event.request.formData());
    const { body, fields } = callBody(values, 'edit');
    if (Object.keys(fields).length) return invalidHere(localProblems(fields, event.locals.lang), event.locals.lang, { values });
    try {
      await userApi(event)(`/api/help-calls/${id}`, { method: 'PATCH', body, schema: helpCall });
    } catch (e) {
      return apiFailure(e, event, { values }, byFormField);
    }
    redirect(303, `/help/calls/${id}?done=updated`);
  },
};
