import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { communityEvent, registrationResult } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { hasEnded } from '$lib/events';
import { actionFailure, pageError, text } from '$lib/server/admin';
import { ApiError, userApi } from '$lib/server/api';
import { uuidParam } from '$lib/server/events';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['registered', 'waitlisted', 'filed', 'unregistered', 'cancelled', 'created', 'updated'] as const;
type Done = (typeof DONE)[number];

export const load: PageServerLoad = async (event) => {
  const id = uuidParam(event);
  const q = event.url.searchParams;
  try {
    const ev = await userApi(event)(`/api/events/${id}`, { schema: communityEvent });
    const done = q.get('done');
    const tr = q.get('tr');
    return {
      event: ev,
      ended: hasEnded(ev),
      done: (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null,
      /** The 20%-rule request filed with the registration just now, or before. */
      timeRequestId: isUuid(tr) ? tr : (ev.timeRequestOffer?.timeRequestId ?? null),
      filedNow: isUuid(tr),
    };
  } catch (e) {
    pageError(e, event);
  }
};

function done(event: RequestEvent, what: Done, extra = ''): never {
  redirect(303, `/communities/events/${uuidParam(event)}?done=${what}${extra}`);
}

/**
 * The API's refusal as a message on the page. A 403 here is "you may not do this" (e.g. not a
 * member of the community), worth saying beside the button rather than as an error page.
 */
function refused<T extends Record<string, unknown>>(e: unknown, event: RequestEvent, extra: T) {
  if (e instanceof ApiError && e.status === 403) return fail(403, { ...extra, message: e.message, fields: {} as Record<string, string> });
  return actionFailure(e, event, extra);
}

export const actions: Actions = {
  /** Register (or join the waitlist), optionally filing the 20%-rule request in the same step. */
  register: async (event) => {
    const form = await event.request.formData();
    const fileTimeRequest = form.get('fileTimeRequest') === '1';
    const purpose = text(form, 'purpose').slice(0, 500);
    let result;
    try {
      result = await userApi(event)(`/api/events/${uuidParam(event)}/registrations`, {
        method: 'POST',
        body: { fileTimeRequest, purpose: purpose || null },
        schema: registrationResult,
      });
    } catch (e) {
      return refused(e, event, { op: 'register' as const, purpose, fileTimeRequest });
    }
    const what = form.get('later') === '1' ? 'filed' : result.status === 'waitlisted' ? 'waitlisted' : 'registered';
    done(event, what, result.timeRequestId ? `&tr=${result.timeRequestId}` : '');
  },

  /** Two steps without JS: the first POST asks, the second (confirm=1) cancels my registration. */
  unregister: async (event) => {
    const form = await event.request.formData();
    if (text(form, 'confirm') !== '1') return { op: 'unregister' as const, confirm: true };
    try {
      await userApi(event)(`/api/events/${uuidParam(event)}/registrations/me`, { method: 'DELETE' });
    } catch (e) {
      return refused(e, event, { op: 'unregister' as const });
    }
    done(event, 'unregistered');
  },

  /** A manager calls the event off (中止); registrants are told. Two steps as above. */
  cancel: async (event) => {
    const form = await event.request.formData();
    if (text(form, 'confirm') !== '1') return { op: 'cancel' as const, confirm: true };
    try {
      await userApi(event)(`/api/events/${uuidParam(event)}/cancel`, { method: 'POST' });
    } catch (e) {
      return refused(e, event, { op: 'cancel' as const });
    }
    done(event, 'cancelled');
  },
};
