import { consultation } from '@yui/contracts';
import { userApi } from '$lib/server/api';
import { mpT } from '$lib/i18n-mentoring-pairs';
import {
  apiFailure, backTo, doneParam, field, idParam, keyOf, loadConsultation, newKey, problem,
} from '$lib/server/mentoring-pairs';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['opened', 'replied', 'closed'] as const;

/**
 * One confidential consultation: its thread, a reply, closing it. Only the people in it may read it;
 * for anyone else (the mentee, the programme's organisers) the API answers 404 and so does this page.
 */
export const load: PageServerLoad = async (event) => {
  const c = await loadConsultation(event, idParam(event));
  return { consultation: c, replyKey: newKey(), done: doneParam(event.url, DONE) };
};

const path = (id: string) => `/mentoring/consultations/${id}`;

export const actions: Actions = {
  reply: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const body = field(form, 'body', false).trim();
    const idempotencyKey = keyOf(form);
    const extra = { op: 'reply' as const, body, idempotencyKey };
    const t = mpT(event.locals.lang);
    if (!body) return problem(event.locals.lang, { body: `${t('mp.c.replyBody')}: ${t('mp.form.missing')}` }, extra);
    try {
      await userApi(event)(`/api/mentoring/consultations/${id}/messages`, { method: 'POST', body: { body, idempotencyKey }, schema: consultation });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    backTo(path(id), 'replied', 'reply-title');
  },

  /** Two steps without JS: the first POST asks, the second (confirm=1) closes. */
  close: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    if (field(form, 'confirm') !== '1') return { op: 'close' as const, confirm: true };
    try {
      await userApi(event)(`/api/mentoring/consultations/${id}/close`, { method: 'POST' });
    } catch (e) {
      return apiFailure(e, event, { op: 'close' as const });
    }
    backTo(path(id), 'closed');
  },
};
