import { redirect } from '@sveltejs/kit';
import { departmentPage } from '@yui/contracts';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { field, idParam } from '$lib/server/communities';
import { doneParam, formFailure } from '$lib/server/talent';
import type { Actions, PageServerLoad } from './$types';

/**
 * A department's page (各課広報): what it does, its duties in an emergency, its people with photo and
 * introduction, its 係 and its open calls for help. Its manager (or one above) and the town's admins
 * edit the two texts here; the API decides who may (`can.edit`) and checks again.
 */
export const load: PageServerLoad = async (event) => {
  try {
    const page = await userApi(event)(`/api/departments/${idParam(event)}`, { schema: departmentPage });
    return { page, done: doneParam(event.url, ['updated'] as const) };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  update: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const values = {
      description: field(form, 'description', false).trim(),
      emergencyDuties: field(form, 'emergencyDuties', false).trim(),
    };
    try {
      await userApi(event)(`/api/departments/${id}`, {
        method: 'PATCH',
        body: { description: values.description || null, emergencyDuties: values.emergencyDuties || null },
      });
    } catch (e) {
      return formFailure(e, event, { op: 'update' as const, values });
    }
    redirect(303, `/help/departments/${id}?done=updated`);
  },
};
