import { fail, type RequestEvent } from '@sveltejs/kit';
import { userApi, userUpload } from './api';

/** Server helpers of the talent, direct-request, department and own-photo screens of 職場応援. */

type Ev = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

/** The API refuses photos over 2 MB; checked here first so a big file gets a clear message at once. */
export const PHOTO_LIMIT = 2 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** PUT /api/me/photo (multipart, field `file`): replaces the one photo. */
export async function putPhoto(event: Ev, file: File): Promise<void> {
  const form = new FormData();
  form.set('file', file, file.name || 'photo');
  await userUpload(event)('/api/me/photo', form, undefined, 'PUT');
}

/** DELETE /api/me/photo. */
export async function deletePhoto(event: Ev): Promise<void> {
  await userApi(event)('/api/me/photo', { method: 'DELETE' });
}

/** An API error in answer to a form: the shared `failure` (404 an error page, the rest beside the form). */
export { failure as formFailure } from './communities';

/** A problem found here before calling the API, shaped like formFailure's. */
export function formProblem<T extends Record<string, unknown>>(message: string, fields: Record<string, string>, extra: T) {
  return fail(400, { ...extra, message, fields });
}

/** `?done=…` of the page address, when it is one of the expected words. */
export function doneParam<T extends string>(url: URL, allowed: readonly T[]): T | null {
  const d = url.searchParams.get('done');
  return (allowed as readonly string[]).includes(d ?? '') ? (d as T) : null;
}
