import { redirect, type RequestEvent } from '@sveltejs/kit';
import { helpCall } from '@yui/contracts';
import { applyDates, dayFieldOf, readDays } from '$lib/help';
import { userApi } from '$lib/server/api';
import { apiFailure, field, idParam, invalidHere, keyOf, loadCall, localProblems, newKey } from '$lib/server/help';
import { todayInJapan } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['created', 'updated', 'applied', 'withdrawn', 'closed', 'cancelled', 'finished'] as const;
type Done = (typeof DONE)[number];

/** A call for help: every field as in たすけあい+, my application, and the form to apply. */
export const load: PageServerLoad = async (event) => {
  const id = idParam(event);
  const call = await loadCall(event, id);
  const done = event.url.searchParams.get('done');
  const today = todayInJapan();
  return {
    call,
    today,
    dates: applyDates(call, today),
    idempotencyKey: newKey(),
    done: (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null,
  };
};

function done(event: RequestEvent, what: Done): never {
  redirect(303, `/help/calls/${idParam(event)}?done=${what}`);
}

export const actions: Actions = {
  /**
   * Apply: the days ticked (each with its time) are filed as my 20% request in the same step; the
   * application counts once my manager approves it. The key makes a double submit one application.
   */
  apply: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const idempotencyKey = keyOf(form);
    // Not `message`: a failure's `message` is the API's (see apiFailure).
    const applyMessage = field(form, 'message', false).slice(0, 1000);
    // The days offered are the call's, from today on: read them again rather than trust the form.
    const call = await loadCall(event, id);
    const { days, sent, fields } = readDays(form, applyDates(call, todayInJapan()));
    const extra = { op: 'apply' as const, sent, applyMessage, idempotencyKey };
    if (Object.keys(fields).length) return invalidHere(localProblems(fields, event.locals.lang), event.locals.lang, extra);
    try {
      await userApi(event)(`/api/help-calls/${id}/applications`, {
        method: 'POST',
        body: { days, message: applyMessage.trim() || null, idempotencyKey },
        // The API answers with the whole call (the application in `mine`).
        schema: helpCall,
      });
    } catch (e) {
      const dates = sent.map((s) => s.date);
      return apiFailure(e, event, extra, (f) => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(f)) out[dayFieldOf(k, dates) ?? k] ??= v;
        return out;
      });
    }
    done(event, 'applied');
  },

  /**
   * Withdraw my application. Two steps without JS: the first POST asks, the second (confirm=1)
   * withdraws; the API withdraws or cancels the 20% request with it.
   */
  withdraw: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    if (field(form, 'confirm') !== '1') return { op: 'withdraw' as const, confirm: true };
    const call = await loadCall(event, id);
    if (!call.mine) done(event, 'withdrawn');
    try {
      await userApi(event)(`/api/help-calls/${id}/applications/${call.mine.id}/withdraw`, { method: 'POST' });
    } catch (e) {
      return apiFailure(e, event, { op: 'withdraw' as const });
    }
    done(event, 'withdrawn');
  },
};
