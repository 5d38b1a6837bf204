import { redirect } from '@sveltejs/kit';
import { directRequest, personProfile, regionDepartmentList } from '@yui/contracts';
import { translator } from '$lib/i18n';
import { DAY_MINUTES, departmentTree, isHelpCategory } from '$lib/talent';
import { isIsoDate } from '$lib/time';
import { pageError } from '$lib/server/admin';
import { ApiError, userApi } from '$lib/server/api';
import { field, idParam, keyOf, newKey } from '$lib/server/communities';
import { formFailure, formProblem } from '$lib/server/talent';
import type { Actions, PageServerLoad } from './$types';

interface RequestFormValues {
  title: string;
  body: string;
  category: string;
  departmentId: string;
  workStart: string;
  workEnd: string;
  minutesPerDay: string;
  hoursNote: string;
  place: string;
}

/**
 * 人材のページ: who someone is (photo, name and reading, town and department, introduction), their
 * talent entry if they are registered, the help they gave with its thanks, and — for registered
 * talent other than oneself — the form to ask them directly (人材宛依頼).
 */
export const load: PageServerLoad = async (event) => {
  const id = idParam(event);
  const api = userApi(event);
  let profile;
  try {
    profile = await api(`/api/talent/${id}`, { schema: personProfile });
  } catch (e) {
    pageError(e, event);
  }
  // The departments of the reader's own town the request may come from; without them the request
  // comes from the reader's own department (the API's default).
  let departments: { id: string; name: string; depth: number }[] = [];
  if (profile.can.request) {
    try {
      const town = event.locals.user!.municipality.id;
      const list = await api(`/api/departments?town=${town}`, { schema: regionDepartmentList });
      departments = departmentTree(list.items.filter((d) => d.town.id === town)).map((r) => ({ id: r.dept.id, name: r.dept.name, depth: r.depth }));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
  return { profile, departments, key: newKey() };
};

export const actions: Actions = {
  request: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const values: RequestFormValues = {
      title: field(form, 'title'),
      body: field(form, 'body', false).trim(),
      category: field(form, 'category'),
      departmentId: field(form, 'departmentId'),
      workStart: field(form, 'workStart'),
      workEnd: field(form, 'workEnd'),
      minutesPerDay: field(form, 'minutesPerDay'),
      hoursNote: field(form, 'hoursNote'),
      place: field(form, 'place'),
    };
    const key = keyOf(form);
    const t = translator(event.locals.lang);
    const problems: Record<string, string> = {};
    if (!values.title) problems.title = t('talent.request.titleRequired');
    if (!values.body) problems.body = t('talent.request.bodyRequired');
    if (!isIsoDate(values.workStart)) problems.workStart = t('talent.request.dateRequired', { field: t('talent.request.workStart') });
    if (!isIsoDate(values.workEnd)) problems.workEnd = t('talent.request.dateRequired', { field: t('talent.request.workEnd') });
    else if (isIsoDate(values.workStart) && values.workEnd < values.workStart) problems.workEnd = t('talent.request.endBeforeStart');
    const minutes = Number(values.minutesPerDay);
    if (!DAY_MINUTES.includes(minutes)) problems.minutesPerDay = t('talent.request.minutesRequired');
    if (Object.keys(problems).length) return formProblem(t('talent.form.errorTitle'), problems, { op: 'request' as const, values, key });

    let created;
    try {
      created = await userApi(event)(`/api/talent/${id}/requests`, {
        method: 'POST',
        body: {
          title: values.title,
          body: values.body,
          category: isHelpCategory(values.category) ? values.category : 'other',
          departmentId: values.departmentId || undefined,
          workStart: values.workStart,
          workEnd: values.workEnd,
          minutesPerDay: minutes,
          hoursNote: values.hoursNote || null,
          place: values.place || null,
          idempotencyKey: key,
        },
        schema: directRequest,
      });
    } catch (e) {
      return formFailure(e, event, { op: 'request' as const, values, key });
    }
    redirect(303, `/help/requests/${created.id}?done=sent`);
  },
};
