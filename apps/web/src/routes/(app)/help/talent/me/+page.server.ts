import { redirect } from '@sveltejs/kit';
import { myTalent, skillSuggestions } from '@yui/contracts';
import { translator } from '$lib/i18n';
import { keepNotify, MAX_SKILLS, parseSkills } from '$lib/talent';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { field } from '$lib/server/communities';
import { doneParam, formFailure, formProblem } from '$lib/server/talent';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['saved', 'optedOut'] as const;

/**
 * 人材登録: opt in to the talent registry, change skills (and which of them to hear about), the
 * introduction and availability, or opt out. Opting out hides the reader from search, suggestions
 * and matching at once; registering again brings the entry back.
 */
export const load: PageServerLoad = async (event) => {
  try {
    const api = userApi(event);
    const [mine, skills] = await Promise.all([
      api('/api/talent/me', { schema: myTalent }),
      api('/api/talent/skills', { schema: skillSuggestions }),
    ]);
    const popular = skills.popular.map((p) => p.skill);
    const suggestions = [...skills.suggested, ...popular.filter((s) => !skills.suggested.includes(s))];
    return { profile: mine.profile, suggestions, done: doneParam(event.url, DONE) };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  save: async (event) => {
    const form = await event.request.formData();
    const skills = parseSkills(field(form, 'skills', false));
    const values = {
      skills,
      // A skill removed from the text keeps no tick (without JS the boxes are those saved before).
      notifySkills: keepNotify(form.getAll('notify').map(String), skills),
      introduction: field(form, 'introduction', false).trim(),
      availability: field(form, 'availability'),
    };
    const t = translator(event.locals.lang);
    if (skills.length === 0) return formProblem(t('talent.form.errorTitle'), { skills: t('talent.me.skillsRequired') }, { op: 'save' as const, values });
    if (skills.length > MAX_SKILLS) return formProblem(t('talent.form.errorTitle'), { skills: t('talent.me.skillsTooMany', { n: MAX_SKILLS }) }, { op: 'save' as const, values });
    try {
      await userApi(event)('/api/talent/me', { method: 'PUT', body: values });
    } catch (e) {
      return formFailure(e, event, { op: 'save' as const, values });
    }
    redirect(303, '/help/talent/me?done=saved');
  },

  /** Two steps without JS: the first POST asks, the second (confirm=1) opts out. */
  optOut: async (event) => {
    const form = await event.request.formData();
    if (field(form, 'confirm') !== '1') return { op: 'optOut' as const, confirm: true };
    try {
      await userApi(event)('/api/talent/me', { method: 'DELETE' });
    } catch (e) {
      return formFailure(e, event, { op: 'optOut' as const });
    }
    redirect(303, '/help/talent/me?done=optedOut');
  },
};
