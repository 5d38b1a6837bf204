import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
  attraction, attractionList, collection, type Attraction, type AttractionSummary, type Locale,
} from '@yui/contracts';
import { z } from 'zod';
import { formFieldOf, isCoordinator, problemText, type AttractionFormValues, type PhotoFormValues } from '$lib/attractions';
import { translator } from '$lib/i18n';
import { pageError } from './admin';
import { ApiError, userApi } from './api';
import { failure, field, idParam, keyOf, newKey } from './communities';
import { signedIn } from './time';

/** Server helpers of the 地域の魅力 (attraction posts) staff pages. */

type Ev = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

export { field, idParam, keyOf, newKey, signedIn };

/** The API's paths of a post: `postPath(id, 'photos')` → /api/attractions/<id>/photos. */
export const postPath = (id: string, rest = '') => `/api/attractions/${id}${rest ? `/${rest}` : ''}`;

/** One post as the reader may see it; a draft of someone else or another town's review is 404. */
export async function loadAttraction(event: Ev, id: string): Promise<Attraction> {
  try {
    return await userApi(event)(postPath(id), { schema: attraction });
  } catch (e) {
    pageError(e, event);
  }
}

/** A collection (特集) as the reader may see it. */
export async function loadCollection(event: Ev, id: string) {
  try {
    return await userApi(event)(`/api/attractions/collections/${id}`, { schema: collection });
  } catch (e) {
    pageError(e, event);
  }
}

/**
 * The pooled posts a collection may hold (approved, scheduled or published; a post taken down is not
 * offered), newest first. At most 100: a collection holds 30.
 */
export async function pickablePosts(event: Ev): Promise<AttractionSummary[]> {
  const q = new URLSearchParams({ view: 'pool', limit: '100' });
  const list = await userApi(event)(`/api/attractions?${q}`, { schema: attractionList });
  return list.items.filter((p) => p.status === 'approved' || p.status === 'scheduled' || p.status === 'published');
}

/** The region's publication log, as the API sends it. */
export { publicationLog, type RegionPublication as PublicationLogEntry } from '@yui/contracts';

/** Channels, collections and the publication log are the coordinators' (the API refuses everyone else). */
export function requireCoordinator(event: Ev): void {
  if (!isCoordinator(signedIn(event))) error(403, translator(event.locals.lang)('error.forbidden'));
}

/**
 * An API error in answer to a form: the API's message and per-field messages (`tags.3` shown at the
 * tags, `photos.1.photographer` at the photos); 404 is an error page, 403 and 409 (someone saved in
 * between: `stale_version`) are said beside the button.
 */
export function apiFailure<T extends Record<string, unknown>>(e: unknown, event: Ev, extra: T) {
  return failure(e, event, extra, (fields) => {
    const out: Record<string, string> = {};
    for (const [f, text] of Object.entries(fields)) out[formFieldOf(f)] ??= text;
    return out;
  });
}

/** Problems found here (issue keys of @yui/contracts), worded like the API's: 「タイトル: 入力してください」. */
export function invalidHere<T extends Record<string, unknown>>(codes: Record<string, string>, lang: Locale, extra: T) {
  const fields: Record<string, string> = {};
  for (const [f, code] of Object.entries(codes)) fields[f] = problemText(f, code, lang);
  return fail(400, { ...extra, message: translator(lang)('attractions.form.errorTitle'), fields });
}

/** After a change: to a page with what happened (`?done=…`) and, if given, the part it happened in. */
export function done(path: string, what: string, hash = ''): never {
  redirect(303, `${path}?done=${what}${hash ? `#${hash}` : ''}`);
}

/** `?done=` of the page, if it is one the page knows. */
export function doneOf<T extends string>(url: URL, known: readonly T[]): T | null {
  const what = url.searchParams.get('done');
  return what && (known as readonly string[]).includes(what) ? (what as T) : null;
}

export function readPostForm(form: FormData): AttractionFormValues {
  return {
    category: field(form, 'category'),
    title: field(form, 'title'),
    body: field(form, 'body', false),
    placeName: field(form, 'placeName'),
    address: field(form, 'address'),
    latitude: field(form, 'latitude'),
    longitude: field(form, 'longitude'),
    eventStartsOn: field(form, 'eventStartsOn'),
    eventEndsOn: field(form, 'eventEndsOn'),
    eventStartTime: field(form, 'eventStartTime'),
    eventEndTime: field(form, 'eventEndTime'),
    tags: field(form, 'tags', false),
    linkUrl: field(form, 'linkUrl'),
  };
}

export function readPhotoForm(form: FormData): PhotoFormValues {
  return {
    photographer: field(form, 'photographer'),
    people: field(form, 'people'),
    mayPublish: form.get('mayPublish') === 'on',
    alt: field(form, 'alt'),
    caption: field(form, 'caption'),
    keepLocation: form.get('keepLocation') === 'on',
    sortOrder: field(form, 'sortOrder'),
  };
}

/** The version a form was made on (the API answers 409 `stale_version` when it is old). */
export function versionOf(form: FormData): number {
  const n = Number(field(form, 'version'));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** A call whose failure is not worth a page of its own (a preview, a filter's options): null then. */
export async function optional<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return null;
  }
}

export { ApiError };
