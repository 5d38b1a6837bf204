import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { programme, type Locale, type Programme } from '@yui/contracts';
import { formFieldOf, problemText, type JoinFormValues, type ProgrammeFormValues } from '$lib/mentoring';
import { translator } from '$lib/i18n';
import { pageError } from './admin';
import { userApi } from './api';
import { failure, field, idParam, keyOf, newKey } from './communities';

/** Server helpers of the programme side of 職員サポート制度 (the pair pages have their own). */

type Ev = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

export { field, idParam, keyOf, newKey };

/** The API's paths of a programme. */
export const programmePath = (id: string, rest = '') => `/api/mentoring/programmes/${id}${rest ? `/${rest}` : ''}`;

/** One programme as the reader may see it; another town's own programme or another region's is 404. */
export async function loadProgramme(event: Ev, id: string): Promise<Programme> {
  try {
    return await userApi(event)(programmePath(id), { schema: programme });
  } catch (e) {
    pageError(e, event);
  }
}

/** The admin tabs are for the people who run the programme (the API checks every call again). */
export function requireProgrammeAdmin(event: Ev, p: Programme): void {
  if (!p.me.canAdmin) error(403, translator(event.locals.lang)('error.forbidden'));
}

/**
 * An API error in answer to a form: the API's message and per-field messages (`skills.3` shown at
 * the skills field); 404 is an error page, 403/409 are said beside the button.
 */
export function apiFailure<T extends Record<string, unknown>>(e: unknown, event: Ev, extra: T) {
  return failure(e, event, extra, (fields) => {
    const out: Record<string, string> = {};
    for (const [f, text] of Object.entries(fields)) out[formFieldOf(f)] ??= text;
    return out;
  });
}

/** Problems found here (codes of programmeBody / joinBody), worded like the API's. */
export function invalidHere<T extends Record<string, unknown>>(codes: Record<string, string>, lang: Locale, extra: T) {
  const fields: Record<string, string> = {};
  for (const [f, code] of Object.entries(codes)) fields[f] = problemText(f, code, lang);
  return fail(400, { ...extra, message: translator(lang)('mentoring.form.errorTitle'), fields });
}

/** After a change: back to a programme's page with what happened (`?done=…&n=…`). */
export function done(path: string, what: string, n?: number): never {
  const q = new URLSearchParams({ done: what });
  if (n !== undefined) q.set('n', String(n));
  redirect(303, `${path}?${q}`);
}

/** `?done=` of the page, if it is one the page knows (with its `n`). */
export function doneOf<T extends string>(url: URL, known: readonly T[]): { what: T; n: number } | null {
  const what = url.searchParams.get('done');
  if (!what || !(known as readonly string[]).includes(what)) return null;
  const n = Number(url.searchParams.get('n') ?? '0');
  return { what: what as T, n: Number.isFinite(n) ? n : 0 };
}

export function readProgrammeForm(form: FormData): ProgrammeFormValues {
  return {
    scope: field(form, 'scope'),
    kind: field(form, 'kind'),
    fiscalYear: field(form, 'fiscalYear'),
    title: field(form, 'title'),
    goals: field(form, 'goals', false),
    menteeRule: field(form, 'menteeRule'),
    mentorMinYears: field(form, 'mentorMinYears'),
    departmentPreference: field(form, 'departmentPreference'),
    startsOn: field(form, 'startsOn'),
    endsOn: field(form, 'endsOn'),
    nudgeAfterWeeks: field(form, 'nudgeAfterWeeks'),
    escalateAfterWeeks: field(form, 'escalateAfterWeeks'),
    sessionMinutes: field(form, 'sessionMinutes'),
  };
}

export function readJoinForm(form: FormData, role: JoinFormValues['role']): JoinFormValues {
  return {
    role,
    capacity: field(form, 'capacity') || '1',
    skills: field(form, 'skills'),
    yearsOfService: field(form, 'yearsOfService'),
    townPreference: field(form, 'townPreference'),
    note: field(form, 'note', false),
  };
}
