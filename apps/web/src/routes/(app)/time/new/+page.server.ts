import { redirect } from '@sveltejs/kit';
import { timeRequest } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { actionFailure, pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import {
  editRows,
  invalid,
  loadBudget,
  loadPolicy,
  mapDayFields,
  newIdempotencyKey,
  readRequestForm,
  refOf,
  requestDays,
} from '$lib/server/time';
import { emptyRow, isActivityKind, todayInJapan, type RequestFormValues } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

/**
 * A new request. Other parts of Yui may link here with what the time is for:
 * `/time/new?kind=event&refType=event&refId=<uuid>&refTitle=…`.
 */
export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams;
  const kind = q.get('kind');
  const refId = q.get('refId');
  const initial: RequestFormValues = {
    activityKind: isActivityKind(kind) ? kind : '',
    purpose: '',
    days: [emptyRow()],
    refType: isUuid(refId) ? (q.get('refType') ?? '').slice(0, 40) : '',
    refId: isUuid(refId) ? refId : '',
    refTitle: isUuid(refId) ? (q.get('refTitle') ?? '').slice(0, 200) : '',
  };
  try {
    const [budget, policy] = await Promise.all([loadBudget(event), loadPolicy(event)]);
    return { initial, budget, policy, today: todayInJapan(), idempotencyKey: newIdempotencyKey() };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    const lang = event.locals.lang;
    const { values, rowEdit, submit, key } = readRequestForm(await event.request.formData());
    // 「日付を追加」/「削除」 without JS: the same form again, one row more or fewer.
    if (rowEdit) return { values: { ...values, days: editRows(values.days, rowEdit) }, idempotencyKey: key, fields: {}, message: null };

    const { days, rowOf, fields } = requestDays(values, lang);
    if (Object.keys(fields).length) return invalid(fields, lang, { values, idempotencyKey: key });

    let id: string;
    try {
      ({ id } = await userApi(event)('/api/time-requests', {
        method: 'POST',
        body: {
          activityKind: values.activityKind,
          ref: refOf(values),
          purpose: values.purpose,
          days,
          submit,
          idempotencyKey: key,
        },
        schema: timeRequest,
      }));
    } catch (e) {
      const failure = actionFailure(e, event, { values, idempotencyKey: key });
      failure.data.fields = mapDayFields(failure.data.fields, rowOf);
      return failure;
    }
    redirect(303, `/time/requests/${id}?done=${submit ? 'submitted' : 'draft'}`);
  },
};
