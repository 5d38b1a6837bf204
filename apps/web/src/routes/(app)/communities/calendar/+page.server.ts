import { redirect } from '@sveltejs/kit';
import { calendarFeed } from '@yui/contracts';
import { actionFailure, pageError, text } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

/**
 * My calendar feed: one secret address with every event I registered for, for Outlook (or any
 * calendar) to subscribe to. Resetting it makes the old address stop working.
 */
export const load: PageServerLoad = async (event) => {
  try {
    const feed = await userApi(event)('/api/calendar/feed', { schema: calendarFeed });
    return { feed, reset: event.url.searchParams.get('done') === 'reset' };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  /** Two steps without JS: the first POST asks, the second (confirm=1) makes a new address. */
  reset: async (event) => {
    const form = await event.request.formData();
    if (text(form, 'confirm') !== '1') return { confirm: true };
    try {
      await userApi(event)('/api/calendar/feed/reset', { method: 'POST', schema: calendarFeed });
    } catch (e) {
      return actionFailure(e, event, {});
    }
    redirect(303, '/communities/calendar?done=reset');
  },
};
