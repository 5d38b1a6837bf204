import { redirect } from '@sveltejs/kit';
import { timeRequestDetail } from '@yui/contracts';
import { actionFailure, pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { editRows, invalid, loadPolicy, mapDayFields, readRequestForm, requestDays, requestId } from '$lib/server/time';
import { rowFromMinutes, todayInJapan, type RequestFormValues } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

/** A draft, or a request returned for changes: edit it, then keep it as a draft or (re)submit. */
export const load: PageServerLoad = async (event) => {
  const id = requestId(event);
  try {
    const [request, policy] = await Promise.all([
      userApi(event)(`/api/time-requests/${id}`, { schema: timeRequestDetail }),
      loadPolicy(event),
    ]);
    if (!request.can.edit) redirect(303, `/time/requests/${id}`);
    const initial: RequestFormValues = {
      activityKind: request.activityKind,
      purpose: request.purpose,
      days: [...request.days].sort((a, b) => a.date.localeCompare(b.date)).map((d) => rowFromMinutes(d.date, d.plannedMinutes)),
      refType: '',
      refId: '',
      refTitle: '',
    };
    return { request, initial, policy, today: todayInJapan() };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    const id = requestId(event);
    const lang = event.locals.lang;
    const { values, rowEdit, submit } = readRequestForm(await event.request.formData());
    if (rowEdit) return { values: { ...values, days: editRows(values.days, rowEdit) }, fields: {}, message: null };

    const { days, rowOf, fields } = requestDays(values, lang);
    if (Object.keys(fields).length) return invalid(fields, lang, { values });

    const call = userApi(event);
    try {
      await call(`/api/time-requests/${id}`, {
        method: 'PATCH',
        body: { activityKind: values.activityKind, purpose: values.purpose, days },
      });
      if (submit) await call(`/api/time-requests/${id}/submit`, { method: 'POST' });
    } catch (e) {
      const failure = actionFailure(e, event, { values });
      failure.data.fields = mapDayFields(failure.data.fields, rowOf);
      return failure;
    }
    redirect(303, `/time/requests/${id}?done=${submit ? 'submitted' : 'updated'}`);
  },
};
