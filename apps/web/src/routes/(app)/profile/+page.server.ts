import { fail, redirect } from '@sveltejs/kit';
import { isLocale, translator } from '$lib/i18n';
import { changeLanguage } from '$lib/server/language';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ saved: url.searchParams.get('saved') === 'language' });

export const actions: Actions = {
  language: async (event) => {
    const form = await event.request.formData();
    const lang = form.get('locale');
    if (!isLocale(lang)) return fail(400, { message: translator(event.locals.lang)('error.generic') });
    await changeLanguage(event, lang);
    redirect(303, '/profile?saved=language');
  },
};
