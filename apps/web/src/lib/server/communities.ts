import { env } from '$env/dynamic/private';
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { communitySummary, fileRef, page, postSummary, type FileRef, type Locale } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { translator } from '$lib/i18n';
import { ApiError, userApi, userUpload } from './api';

/** Server helpers of the 目的別コミュニティ pages (feed, directory, a community, posts, search). */

type Ev = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

export const communityPage = page(communitySummary);
export const postPage = page(postSummary);

/** A uuid from the address (`params.id` by default); anything else is simply not there. */
export function idParam(event: Pick<RequestEvent, 'params' | 'locals'>, name = 'id'): string {
  const id = (event.params as Record<string, string | undefined>)[name];
  if (!isUuid(id)) error(404, translator(event.locals.lang)('error.notFound'));
  return id;
}

/** The communities I am an active member of, for side lists and filters (at most 100). */
export async function myCommunities(event: Ev) {
  const q = new URLSearchParams({ mine: 'true', sort: 'name', limit: '100' });
  return (await userApi(event)(`/api/communities?${q}`, { schema: communityPage })).items;
}

/** A random key per rendered form: the API creates one post or comment however often it is sent. */
export const newKey = () => crypto.randomUUID();
export function keyOf(form: FormData): string {
  const k = form.get('idempotencyKey');
  return typeof k === 'string' && k.length >= 8 && k.length <= 100 ? k : newKey();
}

/** A form field as typed ('' when absent); `trim` for one-line fields. */
export function field(form: FormData, name: string, trim = true): string {
  const v = form.get(name);
  if (typeof v !== 'string') return '';
  return trim ? v.trim() : v;
}

/**
 * The form's fields; over BODY_SIZE_LIMIT SvelteKit refuses to read the body (413): answered as a
 * failure about the files, which are what makes a form that large.
 */
export async function readForm(event: RequestEvent): Promise<FormData | { tooLarge: true }> {
  try {
    return await event.request.formData();
  } catch (e) {
    if ((e as { status?: number }).status === 413) return { tooLarge: true };
    throw e;
  }
}

/** The API's upload limit per file (its YUI_UPLOAD_LIMIT, 10 MiB by default). */
export function uploadLimit(): number {
  const configured = Number(env.YUI_UPLOAD_LIMIT);
  return Number.isFinite(configured) && configured > 0 ? configured : 10 * 1024 * 1024;
}
export const MAX_ATTACHMENTS = 10;

/** Files chosen in a file input (browsers send one empty, nameless part when none was chosen). */
export function chosenFiles(form: FormData, name: string): File[] {
  return form.getAll(name).filter((f): f is File => f instanceof File && f.name !== '' && f.size > 0);
}

/**
 * Uploads each file to the community (POST /api/communities/:id/files) and answers their refs. A
 * file the API refuses stops there: the refs uploaded before it are answered with the error, so the
 * form can keep them.
 */
export async function uploadFiles(
  event: Ev,
  communityId: string,
  files: File[],
): Promise<{ uploaded: FileRef[]; error: ApiError | null }> {
  const uploaded: FileRef[] = [];
  const send = userUpload(event);
  for (const file of files) {
    const form = new FormData();
    form.set('file', file, file.name);
    try {
      uploaded.push(await send(`/api/communities/${communityId}/files`, form, fileRef));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { uploaded, error: e };
    }
  }
  return { uploaded, error: null };
}

/**
 * Files uploaded in an earlier attempt of the same form, carried in hidden fields as JSON (there is
 * no call to look a file up by id). Only well-formed refs of our own download path are kept; the
 * API checks the ids again when the post is created.
 */
export function keptFiles(form: FormData, name = 'kept'): FileRef[] {
  const out: FileRef[] = [];
  for (const raw of form.getAll(name)) {
    try {
      const parsed = fileRef.safeParse(JSON.parse(String(raw)));
      if (parsed.success && !out.some((f) => f.id === parsed.data.id)) out.push(parsed.data);
    } catch {
      // A tampered field: that file is simply not kept.
    }
  }
  return out.slice(0, MAX_ATTACHMENTS);
}

export interface Problem {
  message: string;
  fields: Record<string, string>;
}

/**
 * An API error in answer to a form, as the `fail()` to return (the API's localized message and its
 * per-field messages). A 404 is an error page: the thing is gone or was never visible.
 */
export function failure<T extends Record<string, unknown>>(
  e: unknown,
  event: Ev,
  extra: T,
  /** Renames the API's fields to the form's own (e.g. `days.2.date` → the day's checkbox). */
  rename: (fields: Record<string, string>) => Record<string, string> = (f) => f,
) {
  if (!(e instanceof ApiError)) throw e;
  if (e.status === 404) error(404, translator(event.locals.lang)('error.notFound'));
  const status = e.status === 403 || e.status === 409 || e.status === 413 ? e.status : e.status >= 500 ? 502 : 400;
  const problem: Problem = { message: e.message, fields: rename(e.fields ?? {}) };
  return fail(status, { ...extra, ...problem });
}

/** Problems found here, answered like the API's so pages show them the same way. */
export function invalidHere<T extends Record<string, unknown>>(fields: Record<string, string>, lang: Locale, extra: T) {
  return fail(400, { ...extra, message: translator(lang)('communities.form.errorTitle'), fields });
}


/**
 * After a change: back to the page with what happened (`?done=…`), and to the part of the page it
 * happened in (`#comment-…`).
 */
export function done(path: string, what: string | null, hash = ''): never {
  redirect(303, `${path}${what ? `?done=${what}` : ''}${hash ? `#${hash}` : ''}`);
}

/** A cursor from an old bookmark is refused (400): start the list again from the first page. */
export function restartWithoutCursor(e: unknown, url: URL): void {
  if (e instanceof ApiError && e.status === 400 && url.searchParams.has('cursor')) {
    const p = new URLSearchParams(url.searchParams);
    p.delete('cursor');
    redirect(303, `${url.pathname}${p.size ? `?${p}` : ''}`);
  }
}

export { ApiError };
