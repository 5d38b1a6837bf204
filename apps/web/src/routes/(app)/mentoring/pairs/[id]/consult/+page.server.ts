import { error } from '@sveltejs/kit';
import { consultation } from '@yui/contracts';
import { translator } from '$lib/i18n';
import { userApi } from '$lib/server/api';
import {
  apiFailure, backTo, field, idParam, keyOf, loadContacts, loadPair, newKey, problem,
} from '$lib/server/mentoring-pairs';
import { mpT } from '$lib/i18n-mentoring-pairs';
import type { Actions, PageServerLoad } from './$types';

/**
 * A mentor opens a confidential consultation about the mentee with the mentee's 所属長 or the town's
 * 人事. Only the mentor of an active pair may (the API answers 403 to anyone else, 404 to whoever
 * cannot see the pair); the mentee never sees it.
 */
export const load: PageServerLoad = async (event) => {
  const pair = await loadPair(event, idParam(event));
  if (!pair.can.consult) error(403, translator(event.locals.lang)('error.forbidden'));
  const contacts = await loadContacts(event, pair.id);
  return { pair, contacts, idempotencyKey: newKey() };
};

export const actions: Actions = {
  default: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const kind = field(form, 'kind') === 'hr' ? 'hr' : 'manager';
    const subject = field(form, 'subject');
    const body = field(form, 'body', false).trim();
    const idempotencyKey = keyOf(form);
    // Contacts of the other kind may be ticked too (the lists are side by side): only the chosen kind's count.
    const contactIds = form.getAll(`contact-${kind}`).map(String);
    const extra = { kind, subject, body, contactIds, idempotencyKey };
    const t = mpT(event.locals.lang);
    const missing: Record<string, string> = {};
    if (!subject) missing.subject = `${t('mp.cnew.subject')}: ${t('mp.form.missing')}`;
    if (!body) missing.body = `${t('mp.cnew.body')}: ${t('mp.form.missing')}`;
    if (Object.keys(missing).length) return problem(event.locals.lang, missing, extra);
    let created;
    try {
      created = await userApi(event)(`/api/mentoring/mentorships/${id}/consultations`, {
        method: 'POST',
        body: { kind, contactIds: contactIds.length ? contactIds : undefined, subject, body, idempotencyKey },
        schema: consultation,
      });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    backTo(`/mentoring/consultations/${created.id}`, 'opened');
  },
};
