import { redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n';
import { changeLanguage } from '$lib/server/language';
import { safeNext } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

// The language switch in every header is a plain form posting here, so it works without JS.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const lang = form.get('lang');
    if (isLocale(lang)) await changeLanguage(event, lang);
    redirect(303, safeNext(form.get('redirectTo')) ?? (event.locals.user ? '/' : '/login'));
  },
};
