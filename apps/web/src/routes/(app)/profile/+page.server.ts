import { fail, redirect } from '@sveltejs/kit';
import { isLocale, translator } from '$lib/i18n';
import { ApiError, userApi } from '$lib/server/api';
import { chosenFiles, field, readForm } from '$lib/server/communities';
import { changeLanguage } from '$lib/server/language';
import { deletePhoto, formFailure, formProblem, PHOTO_LIMIT, PHOTO_TYPES, putPhoto } from '$lib/server/talent';
import type { Actions, PageServerLoad } from './$types';

const SAVED = ['language', 'photo', 'photoRemoved', 'introduction'] as const;
type Saved = (typeof SAVED)[number];
/** As long as a talent introduction (the contract's limit is the API's to set; this only warns early). */
const INTRODUCTION_MAX = 2000;

/**
 * My profile: who I am as the admin registered me, the language, and what I say about myself — my
 * photo and self-introduction, shown on my person page and my department's page (各課広報).
 */
export const load: PageServerLoad = (event) => {
  const s = event.url.searchParams.get('saved');
  return {
    saved: (SAVED as readonly string[]).includes(s ?? '') ? (s as Saved) : null,
    introduction: event.locals.user!.introduction,
  };
};

export const actions: Actions = {
  language: async (event) => {
    const form = await event.request.formData();
    const lang = form.get('locale');
    if (!isLocale(lang)) return fail(400, { op: 'language' as const, message: translator(event.locals.lang)('error.generic') });
    await changeLanguage(event, lang);
    redirect(303, '/profile?saved=language');
  },

  photo: async (event) => {
    const t = translator(event.locals.lang);
    const form = await readForm(event);
    const problem = (text: string) => formProblem(t('talent.form.errorTitle'), { photo: text }, { op: 'photo' as const });
    if ('tooLarge' in form) return problem(t('talent.profile.photoTooLarge'));
    const [file] = chosenFiles(form, 'photo');
    if (!file) return problem(t('talent.profile.photoRequired'));
    if (file.size > PHOTO_LIMIT) return problem(t('talent.profile.photoTooLarge'));
    // The browser's guess from the file name; the API looks at the bytes themselves.
    if (file.type && !PHOTO_TYPES.includes(file.type)) return problem(t('talent.profile.photoType'));
    try {
      await putPhoto(event, file);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) redirect(303, '/login');
      return formFailure(e, event, { op: 'photo' as const });
    }
    redirect(303, '/profile?saved=photo');
  },

  removePhoto: async (event) => {
    try {
      await deletePhoto(event);
    } catch (e) {
      return formFailure(e, event, { op: 'removePhoto' as const });
    }
    redirect(303, '/profile?saved=photoRemoved');
  },

  introduction: async (event) => {
    const form = await event.request.formData();
    const introduction = field(form, 'introduction', false).trim();
    const t = translator(event.locals.lang);
    if (introduction.length > INTRODUCTION_MAX) {
      return formProblem(t('talent.form.errorTitle'), { introduction: t('talent.profile.introTooLong', { n: INTRODUCTION_MAX }) }, { op: 'introduction' as const, introduction });
    }
    try {
      await userApi(event)('/api/me', { method: 'PATCH', body: { introduction } });
    } catch (e) {
      return formFailure(e, event, { op: 'introduction' as const, introduction });
    }
    redirect(303, '/profile?saved=introduction');
  },
};
