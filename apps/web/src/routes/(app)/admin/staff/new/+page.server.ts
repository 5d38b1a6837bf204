import { redirect } from '@sveltejs/kit';
import { staff } from '@yui/contracts';
import { staffFormValues } from '$lib/admin';
import { userApi } from '$lib/server/api';
import { actionFailure, loadDepartments, pageError, readStaffForm, requireAdmin } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  try {
    return { departments: await loadDepartments(event), initial: staffFormValues() };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    requireAdmin(event);
    const { values, body, fields } = readStaffForm(await event.request.formData(), event.locals.lang);
    let id: string;
    try {
      ({ id } = await userApi(event)('/api/admin/staff', { method: 'POST', body, schema: staff }));
    } catch (e) {
      const failure = actionFailure(e, event, { values });
      Object.assign(failure.data.fields, fields);
      return failure;
    }
    redirect(303, `/admin/staff/${id}?saved=created`);
  },
};
