import { error, redirect } from '@sveltejs/kit';
import { programme } from '@yui/contracts';
import { translator } from '$lib/i18n';
import { creatableScopes, fiscalYearChoices, programmeBody, programmeFormValues } from '$lib/mentoring';
import { userApi } from '$lib/server/api';
import { apiFailure, invalidHere, keyOf, newKey, readProgrammeForm } from '$lib/server/mentoring';
import { signedIn } from '$lib/server/time';
import type { Actions, PageServerLoad } from './$types';

/**
 * 制度をつくる: a 自治体管理者 creates a programme of their own town, a regional coordinator one
 * across the towns of the region. Only those scopes are offered; the API checks the rights again.
 */
export const load: PageServerLoad = async (event) => {
  const me = signedIn(event);
  const scopes = creatableScopes(me);
  if (scopes.length === 0) error(403, translator(event.locals.lang)('mentoring.new.notAllowed'));
  return {
    scopes,
    townName: me.municipality.name,
    fiscalYears: fiscalYearChoices(),
    initial: programmeFormValues(null, scopes),
    idempotencyKey: newKey(),
  };
};

export const actions: Actions = {
  default: async (event) => {
    signedIn(event);
    const form = await event.request.formData();
    const idempotencyKey = keyOf(form);
    const values = readProgrammeForm(form);
    const { body, fields } = programmeBody(values, 'create');
    if (Object.keys(fields).length) return invalidHere(fields, event.locals.lang, { values, idempotencyKey });
    let id: string;
    try {
      ({ id } = await userApi(event)('/api/mentoring/programmes', { method: 'POST', body: { ...body, idempotencyKey }, schema: programme }));
    } catch (e) {
      return apiFailure(e, event, { values, idempotencyKey });
    }
    redirect(303, `/mentoring/programmes/${id}?done=created`);
  },
};
