import { env } from '$env/dynamic/private';
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { errorBody, type Locale } from '@yui/contracts';
import { translator } from '$lib/i18n';
import { ApiError, userApi } from './api';
import { clearSession } from './session';

/** Server helpers of the talent, direct-request, department and own-photo screens of 職場応援. */

type Ev = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

/** The API refuses photos over 2 MB; checked here first so a big file gets a clear message at once. */
export const PHOTO_LIMIT = 2 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * PUT /api/me/photo (multipart, field `file`). `userUpload` in api.ts only POSTs, and the photo
 * route is a PUT (it replaces the one photo), so this sends it itself with the same token, language
 * and error handling: the API's error becomes an ApiError, a 401 signs out.
 */
export async function putPhoto(event: Ev, file: File): Promise<void> {
  const lang: Locale = event.locals.lang;
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang };
  if (event.locals.accessToken) headers.authorization = `Bearer ${event.locals.accessToken}`;
  const form = new FormData();
  form.set('file', file, file.name || 'photo');
  const base = (env.API_INTERNAL_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/api/me/photo`, { method: 'PUT', headers, body: form, signal: AbortSignal.timeout(60_000) });
  } catch {
    throw new ApiError(503, 'unavailable', translator(lang)('error.apiDown'));
  }
  if (response.ok) return;
  if (response.status === 401) {
    clearSession(event.cookies);
    throw new ApiError(401, 'unauthorized', translator(lang)('error.generic'));
  }
  const parsed = errorBody.safeParse(await response.json().catch(() => null));
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    throw new ApiError(response.status, code, message, fields);
  }
  throw new ApiError(response.status, 'internal', translator(lang)(response.status >= 500 ? 'error.apiDown' : 'error.generic'));
}

/** DELETE /api/me/photo. */
export async function deletePhoto(event: Ev): Promise<void> {
  await userApi(event)('/api/me/photo', { method: 'DELETE' });
}

/**
 * An API error in answer to a form, as the `fail()` to return: its message and per-field messages.
 * 404 is the error page (gone, or never visible to this reader); so is 403 on a page the reader
 * cannot act on at all.
 */
export function formFailure<T extends Record<string, unknown>>(e: unknown, event: Ev, extra: T) {
  if (!(e instanceof ApiError)) throw e;
  const t = translator(event.locals.lang);
  if (e.status === 404) error(404, t('error.notFound'));
  const status = e.status === 403 || e.status === 409 || e.status === 413 ? e.status : e.status >= 500 ? 502 : 400;
  return fail(status, { ...extra, message: e.message, fields: e.fields ?? ({} as Record<string, string>) });
}

/** A problem found here before calling the API, shaped like formFailure's. */
export function formProblem<T extends Record<string, unknown>>(message: string, fields: Record<string, string>, extra: T) {
  return fail(400, { ...extra, message, fields });
}

/** `?done=…` of the page address, when it is one of the expected words. */
export function doneParam<T extends string>(url: URL, allowed: readonly T[]): T | null {
  const d = url.searchParams.get('done');
  return (allowed as readonly string[]).includes(d ?? '') ? (d as T) : null;
}
