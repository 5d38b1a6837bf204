import { redirect, type RequestEvent } from '@sveltejs/kit';
import { timeRequestDetail } from '@yui/contracts';
import { actionFailure, pageError, text } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { invalid, requestId } from '$lib/server/time';
import { translator } from '$lib/i18n';
import { MINUTE_STEPS, todayInJapan } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['submitted', 'draft', 'updated', 'withdrawn', 'cancelled', 'actuals', 'approved', 'declined', 'returned', 'revoked'] as const;
type Done = (typeof DONE)[number];

export const load: PageServerLoad = async (event) => {
  const id = requestId(event);
  const done = event.url.searchParams.get('done');
  try {
    const request = await userApi(event)(`/api/time-requests/${id}`, { schema: timeRequestDetail });
    return {
      request,
      done: (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null,
      fromInbox: event.url.searchParams.get('from') === 'inbox',
      today: todayInJapan(),
    };
  } catch (e) {
    pageError(e, event);
  }
};

/** Back to the request with what happened; `from=inbox` keeps the way back to the inbox. */
function done(event: Pick<RequestEvent, 'params'>, what: Done, form: FormData): never {
  const from = form.get('from') === 'inbox' ? '&from=inbox' : '';
  redirect(303, `/time/requests/${(event.params as { id: string }).id}?done=${what}${from}`);
}

async function post(event: RequestEvent, path: string, body?: unknown) {
  await userApi(event)(`/api/time-requests/${requestId(event)}/${path}`, { method: 'POST', body });
}

export const actions: Actions = {
  submit: async (event) => {
    const form = await event.request.formData();
    try {
      await post(event, 'submit');
    } catch (e) {
      return actionFailure(e, event, { op: 'submit' as const });
    }
    done(event, 'submitted', form);
  },

  withdraw: async (event) => {
    const form = await event.request.formData();
    try {
      await post(event, 'withdraw');
    } catch (e) {
      return actionFailure(e, event, { op: 'withdraw' as const });
    }
    done(event, 'withdrawn', form);
  },

  /** Two steps without JS: the first POST asks, the second (confirm=1) cancels. */
  cancel: async (event) => {
    const form = await event.request.formData();
    if (text(form, 'confirm') !== '1') return { op: 'cancel' as const, confirmCancel: true };
    try {
      await post(event, 'cancel');
    } catch (e) {
      return actionFailure(e, event, { op: 'cancel' as const });
    }
    done(event, 'cancelled', form);
  },

  /** Actual hours per day: `actualDate`, `actualHours` and `actualMinutes`, one of each per day. */
  actuals: async (event) => {
    const form = await event.request.formData();
    const t = translator(event.locals.lang);
    const dates = form.getAll('actualDate').map(String);
    const hours = form.getAll('actualHours').map(String);
    const minutes = form.getAll('actualMinutes').map(String);
    const values: Record<string, { hours: string; minutes: string }> = {};
    const fields: Record<string, string> = {};
    const days = dates.map((date, i) => {
      const hs = hours[i] ?? '';
      const ms = minutes[i] ?? '0';
      values[date] = { hours: hs, minutes: ms };
      const h = Number(hs);
      const m = Number(ms);
      if (hs === '' || !Number.isInteger(h) || h < 0 || h > 24 || !(MINUTE_STEPS as readonly number[]).includes(m)) {
        fields[`days.${i}.minutes`] = t('time.form.timeMissing');
      }
      return { date, minutes: h * 60 + m };
    });
    if (!days.length) fields.days = t('time.form.noDays');
    if (Object.keys(fields).length) return invalid(fields, event.locals.lang, { op: 'actuals' as const, values });
    try {
      await post(event, 'actuals', { days });
    } catch (e) {
      return actionFailure(e, event, { op: 'actuals' as const, values });
    }
    done(event, 'actuals', form);
  },

  decide: async (event) => {
    const form = await event.request.formData();
    const decision = text(form, 'decision');
    const comment = text(form, 'comment');
    if (!['approve', 'decline', 'return'].includes(decision)) {
      return invalid({ decision: translator(event.locals.lang)('time.detail.chooseDecision') }, event.locals.lang, { op: 'decide' as const, comment });
    }
    try {
      await post(event, 'decision', { decision, comment: comment || null });
    } catch (e) {
      return actionFailure(e, event, { op: 'decide' as const, comment });
    }
    done(event, decision === 'approve' ? 'approved' : decision === 'decline' ? 'declined' : 'returned', form);
  },

  revoke: async (event) => {
    const form = await event.request.formData();
    const reason = text(form, 'reason');
    try {
      await post(event, 'revoke', { reason });
    } catch (e) {
      return actionFailure(e, event, { op: 'revoke' as const, reason });
    }
    done(event, 'revoked', form);
  },
};
