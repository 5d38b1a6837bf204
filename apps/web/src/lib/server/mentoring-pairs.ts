import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
  consultation, consultContactList, mentorship, programme, type Consultation, type Locale, type Mentorship,
} from '@yui/contracts';
import { mpT } from '$lib/i18n-mentoring-pairs';
import { ApiError, userApi } from './api';
import { pageError } from './admin';
import { failure } from './communities';

/** Server helpers of a mentoring pair's page and of the confidential consultations. */

type Ev = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

export { field, idParam, keyOf, newKey } from './communities';
export { doneParam } from './talent';

/** A pair as the reader may see it (the two of it, or the programme's organisers); else 404. */
export async function loadPair(event: Ev, id: string): Promise<Mentorship> {
  try {
    return await userApi(event)(`/api/mentoring/mentorships/${id}`, { schema: mentorship });
  } catch (e) {
    pageError(e, event);
  }
}

/**
 * The programme's length of a session, to prefill the forms. Not needed to plan one: when the
 * programme cannot be read the form offers an hour.
 */
export async function programmeMinutes(event: Ev, programmeId: string): Promise<number | null> {
  try {
    return (await userApi(event)(`/api/mentoring/programmes/${programmeId}`, { schema: programme })).sessionMinutes;
  } catch (e) {
    if (e instanceof ApiError) return null;
    throw e;
  }
}

/** The mentee's 所属長 and 人事 the mentor may consult (only the mentor may ask). */
export async function loadContacts(event: Ev, pairId: string) {
  try {
    return (await userApi(event)(`/api/mentoring/mentorships/${pairId}/consult-contacts`, { schema: consultContactList })).items;
  } catch (e) {
    pageError(e, event);
  }
}

/** A consultation: only the people in it; everyone else (the mentee, the organisers) gets 404. */
export async function loadConsultation(event: Ev, id: string): Promise<Consultation> {
  try {
    return await userApi(event)(`/api/mentoring/consultations/${id}`, { schema: consultation });
  } catch (e) {
    pageError(e, event);
  }
}

/** An API error in answer to a form: the API's words beside the form; 404 the not-found page. */
export const apiFailure = failure;

/** A problem found here before asking the API, shaped like apiFailure's. */
export function problem<T extends Record<string, unknown>>(lang: Locale, fields: Record<string, string>, extra: T) {
  return fail(400, { ...extra, message: mpT(lang)('mp.form.errorTitle'), fields });
}

/** After a change: back to the page, saying what happened, at the part of the page it happened in. */
export function backTo(path: string, done: string, hash = ''): never {
  redirect(303, `${path}?done=${done}${hash ? `#${hash}` : ''}`);
}
