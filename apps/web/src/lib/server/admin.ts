import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { departmentList, type Department, type Locale } from '@yui/contracts';
import { isMunicipalityAdmin, joinMinutes, type StaffFormValues } from '$lib/admin';
import { translator } from '$lib/i18n';
import { ApiError, userApi, userDownload } from './api';

type AdminEvent = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

/**
 * The admin screens are for 自治体管理者 only. The API answers 403 to anyone else anyway; checking
 * here first shows a proper 403 page and spares the call. Actions need it too: no layout load runs
 * before an action.
 */
export function requireAdmin(event: AdminEvent): void {
  const user = event.locals.user;
  if (!user) redirect(303, '/login');
  if (!isMunicipalityAdmin(user)) error(403, translator(event.locals.lang)('error.forbidden'));
}

/** Every department of the town, active or not, in tree order with depth and path. */
export async function loadDepartments(event: AdminEvent): Promise<Department[]> {
  return (await userApi(event)('/api/admin/departments', { schema: departmentList })).items;
}

/** An API error while loading a page, as the error page to show. Anything else is rethrown. */
export function pageError(e: unknown, event: AdminEvent): never {
  if (!(e instanceof ApiError)) throw e;
  const t = translator(event.locals.lang);
  if (e.status === 404) error(404, t('error.notFound'));
  if (e.status === 403) error(403, t('error.forbidden'));
  if (e.status === 400) error(400, e.message);
  error(e.status === 503 ? 503 : 502, e.message);
}

/**
 * A file the API writes (an Excel CSV, an .ics), passed through to the browser as it streams, with
 * the API's type and file name (`fallback` when it sends none). An API error becomes the error page.
 * Not content-length: fetch may have decompressed the body.
 */
export async function passDownload(
  event: Parameters<typeof userDownload>[0], path: string, fallback: { type: string; filename: string },
): Promise<Response> {
  let upstream: Response;
  try {
    upstream = await userDownload(event)(path, fallback.type.split(';')[0]!);
  } catch (e) {
    pageError(e, event);
  }
  const headers = new Headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  for (const name of ['content-type', 'content-disposition']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!headers.has('content-type')) headers.set('content-type', fallback.type);
  if (!headers.has('content-disposition')) headers.set('content-disposition', `attachment; filename="${fallback.filename}"`);
  return new Response(upstream.body, { status: 200, headers });
}

export interface Problem {
  message: string;
  fields: Record<string, string>;
}

/**
 * An API error after a form was sent, as the `fail()` to answer: the API's localized message and
 * its per-field messages, to show next to the inputs. 403 and 404 become error pages.
 */
export function actionFailure<T extends Record<string, unknown>>(e: unknown, event: AdminEvent, extra: T) {
  if (!(e instanceof ApiError)) throw e;
  if (e.status === 403 || e.status === 404) pageError(e, event);
  const status = e.status === 409 || e.status === 413 ? e.status : e.status >= 500 ? 502 : 400;
  const problem: Problem = { message: e.message, fields: e.fields ?? {} };
  return fail(status, { ...extra, ...problem });
}

/** A form field as a trimmed string ('' when absent or not text). */
export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * The staff form as the API's body. Empty optional fields are null; hours and minutes become
 * `weeklyMinutes`. Everything else is checked by the API, which words the problems.
 */
export function readStaffForm(form: FormData, lang: Locale) {
  const values: StaffFormValues = {
    name: text(form, 'name'),
    nameKana: text(form, 'nameKana'),
    email: text(form, 'email'),
    position: text(form, 'position'),
    hireDate: text(form, 'hireDate'),
    hours: text(form, 'hours'),
    minutes: text(form, 'minutes'),
    departmentId: text(form, 'departmentId'),
  };
  const weeklyMinutes = joinMinutes(values.hours, values.minutes);
  const body = {
    name: values.name,
    nameKana: values.nameKana,
    email: values.email,
    position: values.position || null,
    hireDate: values.hireDate || null,
    weeklyMinutes: weeklyMinutes ?? 0,
    departmentId: values.departmentId || null,
  };
  const fields: Record<string, string> =
    weeklyMinutes === null ? { weeklyMinutes: translator(lang)('admin.staffForm.hoursInvalid') } : {};
  return { values, body, fields };
}
