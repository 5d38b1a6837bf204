import { redirect, type RequestEvent } from '@sveltejs/kit';
import { directRequest } from '@yui/contracts';
import { translator } from '$lib/i18n';
import { datesBetween, MAX_DAYS, parseHours, readDays } from '$lib/talent';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { field, idParam } from '$lib/server/communities';
import { doneParam, formFailure, formProblem } from '$lib/server/talent';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['sent', 'accepted', 'declined', 'withdrawn', 'recorded'] as const;
type Done = (typeof DONE)[number];

async function loadRequest(event: Pick<RequestEvent, 'locals' | 'cookies' | 'url' | 'params'>) {
  try {
    return await userApi(event)(`/api/talent/requests/${idParam(event)}`, { schema: directRequest });
  } catch (e) {
    pageError(e, event);
  }
}

const back = (event: RequestEvent, what: Done): never => redirect(303, `/help/requests/${idParam(event)}?done=${what}`);

/**
 * One 人材宛依頼. The talent accepts (choosing the days, filed as their 20% request) or declines; the
 * requester may withdraw it and, after the work, records the time taken part and a thank-you. What
 * each may do comes from the API (`can`); it checks again on every change.
 */
export const load: PageServerLoad = async (event) => {
  const request = await loadRequest(event);
  return {
    request,
    dates: datesBetween(request.workStart, request.workEnd),
    done: doneParam(event.url, DONE),
  };
};

export const actions: Actions = {
  accept: async (event) => {
    const request = await loadRequest(event);
    const form = await event.request.formData();
    const dates = datesBetween(request.workStart, request.workEnd);
    const days = readDays(form, dates, request.minutesPerDay);
    const note = field(form, 'note', false).trim();
    const t = translator(event.locals.lang);
    const extra = { op: 'accept' as const, days, note };
    if (days.length === 0) return formProblem(t('talent.form.errorTitle'), { days: t('talent.answer.daysRequired') }, extra);
    if (days.length > MAX_DAYS) return formProblem(t('talent.form.errorTitle'), { days: t('talent.answer.daysTooMany', { n: MAX_DAYS }) }, extra);
    try {
      await userApi(event)(`/api/talent/requests/${request.id}/answer`, {
        method: 'POST',
        body: { answer: 'accept', note: note || null, days },
      });
    } catch (e) {
      return formFailure(e, event, extra);
    }
    back(event, 'accepted');
  },

  decline: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const note = field(form, 'note', false).trim();
    try {
      await userApi(event)(`/api/talent/requests/${id}/answer`, { method: 'POST', body: { answer: 'decline', note: note || null } });
    } catch (e) {
      return formFailure(e, event, { op: 'decline' as const, note });
    }
    back(event, 'declined');
  },

  /** Two steps without JS: the first POST asks, the second (confirm=1) withdraws. */
  withdraw: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    if (field(form, 'confirm') !== '1') return { op: 'withdraw' as const, confirm: true };
    try {
      await userApi(event)(`/api/talent/requests/${id}/withdraw`, { method: 'POST' });
    } catch (e) {
      return formFailure(e, event, { op: 'withdraw' as const });
    }
    back(event, 'withdrawn');
  },

  record: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const hours = field(form, 'hours');
    const thanks = field(form, 'thanks', false).trim();
    const minutes = parseHours(hours);
    const t = translator(event.locals.lang);
    const extra = { op: 'record' as const, hours, thanks };
    if (minutes === null || minutes > 100000) return formProblem(t('talent.form.errorTitle'), { minutes: t('talent.record.hoursInvalid') }, extra);
    try {
      await userApi(event)(`/api/talent/requests/${id}/participation`, { method: 'POST', body: { minutes, thanks: thanks || null } });
    } catch (e) {
      return formFailure(e, event, extra);
    }
    back(event, 'recorded');
  },
};
