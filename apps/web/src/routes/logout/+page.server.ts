import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { clearSession, refreshCookieHeader } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    const cookie = refreshCookieHeader(event.cookies);
    if (cookie) {
      // Revoke the refresh token at the API; sign out locally whatever it answers.
      await api('/api/auth/logout', { method: 'POST', cookie, lang: event.locals.lang }).catch((e: unknown) =>
        console.error('logout at the API failed', e),
      );
    }
    clearSession(event.cookies);
    redirect(303, '/login');
  },
};
