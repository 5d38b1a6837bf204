import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import {
  publicAttraction,
  publicCollection,
  publicRegion,
  type Locale,
  type PublicAttraction,
  type PublicCollection,
  type PublicRegion,
} from '@yui/contracts';
import { isLocale, translator } from '$lib/i18n';
import { filterQuery, isSlug, isUuid, listHref, type ListFilters } from '$lib/visit';
import { ApiError, api, baseUrl } from './api';

/**
 * The region's public pages read the public API (/api/attractions/public/…) with no token at all:
 * what a visitor sees must never depend on who happens to be signed in on this browser, and RLS
 * with an empty tenant shows published posts only.
 */

const BASE = '/api/attractions/public';

/** 404 for anything the API does not show (unknown region, unpublished post, a bad id or cursor). */
function asPageError(e: unknown, lang: Locale): never {
  if (e instanceof ApiError) {
    const t = translator(lang);
    if (e.status === 404 || e.status === 400) error(404, t('visit.error.notFound'));
    error(e.status >= 500 || e.status === 0 ? 503 : e.status, t('visit.error.generic'));
  }
  throw e;
}

export async function loadRegion(region: string, filters: ListFilters, lang: Locale, limit = 24): Promise<PublicRegion> {
  if (!isSlug(region)) error(404, translator(lang)('visit.error.notFound'));
  const query = filterQuery(filters);
  try {
    return await api(`${BASE}/${region}?${query ? `${query}&` : ''}limit=${limit}`, { lang, schema: publicRegion });
  } catch (e) {
    // A cursor the API no longer reads (an old or hand-edited 「もっと見る」 link): the list from the start.
    if (e instanceof ApiError && e.status === 400 && filters.cursor) redirect(303, listHref(region, filters));
    asPageError(e, lang);
  }
}

/** One post. The API counts a view for every call: call it once per page shown. */
export async function loadPost(region: string, id: string, lang: Locale): Promise<PublicAttraction> {
  if (!isSlug(region) || !isUuid(id)) error(404, translator(lang)('visit.error.notFound'));
  try {
    return await api(`${BASE}/${region}/posts/${id.toLowerCase()}`, { lang, schema: publicAttraction });
  } catch (e) {
    asPageError(e, lang);
  }
}

export async function loadCollection(region: string, id: string, lang: Locale): Promise<PublicCollection> {
  if (!isSlug(region) || !isUuid(id)) error(404, translator(lang)('visit.error.notFound'));
  try {
    return await api(`${BASE}/${region}/collections/${id.toLowerCase()}`, { lang, schema: publicCollection });
  } catch (e) {
    asPageError(e, lang);
  }
}

export type FeedFile = 'feed.rss' | 'feed.atom' | 'feed.json' | 'events.ics';

/** What a feed answer keeps on its way through: what it is and how long it may be kept. */
const PASSED_HEADERS = ['content-type', 'cache-control', 'etag', 'last-modified', 'content-disposition', 'vary'];

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

/**
 * A feed of the region as the API writes it, passed on as it streams. The reader's If-None-Match
 * goes to the API, so an unchanged feed answers 304 with no body all the way through (feed readers
 * poll often). Not through `api()`: that one treats anything but 2xx as an error.
 */
export async function proxyFeed(request: Request, region: string, file: FeedFile): Promise<Response> {
  if (!isSlug(region)) return plain(404, 'Not found / ページが見つかりません');
  const headers: Record<string, string> = { accept: '*/*' };
  const etag = request.headers.get('if-none-match');
  if (etag) headers['if-none-match'] = etag;
  const since = request.headers.get('if-modified-since');
  if (since) headers['if-modified-since'] = since;

  let upstream: Response;
  try {
    upstream = await fetch(`${baseUrl()}${BASE}/${region}/${file}`, { headers, signal: AbortSignal.timeout(20_000) });
  } catch {
    return plain(503, 'Service unavailable / ただいま表示できません');
  }
  if (upstream.status === 404) {
    await upstream.body?.cancel();
    return plain(404, 'Not found / ページが見つかりません');
  }
  if (upstream.status !== 200 && upstream.status !== 304) {
    await upstream.body?.cancel();
    console.error(`feed ${region}/${file}: API answered ${upstream.status}`);
    return plain(502, 'Service unavailable / ただいま表示できません');
  }
  const out = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) out.set(name, value);
  }
  // fetch already undid any compression, so neither Content-Encoding nor Content-Length is passed.
  return new Response(upstream.status === 304 ? null : upstream.body, { status: upstream.status, headers: out });
}

/**
 * The public pages' own memory of the visitor's language, kept to /visit: following a shared
 * `?lang=en` link must not switch a staff member's own app to English.
 */
export const VISIT_LANG_COOKIE = 'yui_visit_lang';

/**
 * The language of a public page: `?lang=` (each language has an address of its own, for shared
 * links and search engines; remembered for the next page), else the public pages' cookie, else the
 * one of the staff app's switch, else Japanese.
 */
export function visitLang(event: Pick<RequestEvent, 'url' | 'cookies'>, appLang: Locale | null): Locale {
  const asked = event.url.searchParams.get('lang');
  const remembered = event.cookies.get(VISIT_LANG_COOKIE);
  if (isLocale(asked)) {
    if (asked !== remembered) {
      event.cookies.set(VISIT_LANG_COOKIE, asked, {
        path: '/visit',
        httpOnly: true,
        sameSite: 'lax',
        secure: event.url.protocol === 'https:',
        maxAge: 60 * 60 * 24 * 365,
      });
    }
    return asked;
  }
  if (isLocale(remembered)) return remembered;
  return appLang ?? 'ja';
}
