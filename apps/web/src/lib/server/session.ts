import { createHash } from 'node:crypto';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { accessTokenBody, me, type Locale, type Me } from '@yui/contracts';
import { isLocale } from '$lib/i18n';
import { ApiError, apiRequest, api } from './api';

/**
 * The session lives in two httpOnly cookies, so no token is ever readable by browser JS:
 * - `yui_at`: the API's short-lived access token, stored by this server;
 * - `yui_rt`: the API's rotating refresh cookie, passed through unchanged.
 */
export const ACCESS_COOKIE = 'yui_at';
export const REFRESH_COOKIE = 'yui_rt';
export const LANG_COOKIE = 'yui_lang';

const REFRESH_MAX_AGE = 60 * 60 * 24 * 30;
const LANG_MAX_AGE = 60 * 60 * 24 * 365;
/** Drop the access cookie a little before the API would reject it, so clock skew never shows. */
const ACCESS_MARGIN_SECONDS = 30;

type CookieEvent = Pick<RequestEvent, 'cookies' | 'url'>;

function secure(url: URL): boolean {
  return url.protocol === 'https:';
}

export function setAccessToken({ cookies, url }: CookieEvent, token: string, expiresIn: number): void {
  cookies.set(ACCESS_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(url),
    maxAge: Math.max(expiresIn - ACCESS_MARGIN_SECONDS, 1),
  });
}

/**
 * Copies the API's `yui_rt` Set-Cookie to the browser. The value is kept as the API wrote it
 * (SvelteKit encodes what it is given, so decode first); the lifetime is the API's when it says one.
 */
export function passRefreshCookie({ cookies, url }: CookieEvent, setCookies: string[]): void {
  for (const header of setCookies) {
    const [pair = '', ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== REFRESH_COOKIE) continue;
    const value = safeDecode(pair.slice(eq + 1).trim());
    const maxAgeAttr = attributes.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
    const maxAge = maxAgeAttr ? Number(maxAgeAttr.split('=')[1]) : REFRESH_MAX_AGE;
    if (!value || maxAge <= 0) {
      cookies.delete(REFRESH_COOKIE, { path: '/' });
    } else {
      cookies.set(REFRESH_COOKIE, value, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secure(url),
        maxAge: Number.isFinite(maxAge) ? maxAge : REFRESH_MAX_AGE,
      });
    }
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The `Cookie` header to send the API so it sees the refresh cookie exactly as it set it. */
export function refreshCookieHeader(cookies: Cookies): string | undefined {
  const value = cookies.get(REFRESH_COOKIE);
  return value ? `${REFRESH_COOKIE}=${encodeURIComponent(value)}` : undefined;
}

export function clearSession(cookies: Cookies): void {
  cookies.delete(ACCESS_COOKIE, { path: '/' });
  cookies.delete(REFRESH_COOKIE, { path: '/' });
}

export function setLangCookie({ cookies, url }: CookieEvent, lang: Locale): void {
  cookies.set(LANG_COOKIE, lang, { path: '/', httpOnly: false, sameSite: 'lax', secure: secure(url), maxAge: LANG_MAX_AGE });
}

export function langFromCookie(cookies: Cookies): Locale | null {
  const value = cookies.get(LANG_COOKIE);
  return isLocale(value) ? value : null;
}

interface Refreshed {
  accessToken: string;
  expiresIn: number;
  setCookies: string[];
}

/**
 * The refresh token rotates: used twice, the second use fails (and the API may revoke the whole
 * session). A page load and a preload, or two tabs, can arrive together with the same cookie, or
 * one can arrive just after another already rotated it. So one refresh per token is shared by
 * every request that presents it for a short while. Keyed by a hash: no raw token as a map key.
 */
const refreshes = new Map<string, { result: Promise<Refreshed | null>; until: number }>();
const REFRESH_SHARE_MS = 30_000;

function sharedRefresh(cookieHeader: string, lang: Locale): Promise<Refreshed | null> {
  const now = Date.now();
  for (const [key, entry] of refreshes) if (entry.until < now) refreshes.delete(key);
  const key = createHash('sha256').update(cookieHeader).digest('base64url');
  const known = refreshes.get(key);
  if (known) return known.result;
  const result = callRefresh(cookieHeader, lang);
  refreshes.set(key, { result, until: now + REFRESH_SHARE_MS });
  // A failure to reach the API is not remembered: the next request may try again.
  result.catch(() => refreshes.delete(key));
  return result;
}

async function callRefresh(cookie: string, lang: Locale): Promise<Refreshed | null> {
  try {
    const { data, response } = await apiRequest('/api/auth/refresh', {
      method: 'POST',
      cookie,
      lang,
      schema: accessTokenBody,
    });
    return { ...data, setCookies: response.headers.getSetCookie() };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
    throw e;
  }
}

/** Trades the refresh cookie for a new access token; stores both. Null when the session is over. */
async function refresh(event: CookieEvent, lang: Locale): Promise<string | null> {
  const cookie = refreshCookieHeader(event.cookies);
  if (!cookie) return null;
  const refreshed = await sharedRefresh(cookie, lang);
  if (!refreshed) {
    clearSession(event.cookies);
    return null;
  }
  setAccessToken(event, refreshed.accessToken, refreshed.expiresIn);
  passRefreshCookie(event, refreshed.setCookies);
  return refreshed.accessToken;
}

async function fetchMe(token: string, lang: Locale): Promise<Me | null> {
  try {
    return await api('/api/me', { token, lang, schema: me });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/**
 * The signed-in person for this request, refreshing the access token once if needed.
 * Throws ApiError(503) when the API cannot be reached; the caller decides what to show.
 */
export async function loadSession(event: CookieEvent, lang: Locale): Promise<{ user: Me; token: string } | null> {
  let token = event.cookies.get(ACCESS_COOKIE) ?? null;
  if (token) {
    const user = await fetchMe(token, lang);
    if (user) return { user, token };
    event.cookies.delete(ACCESS_COOKIE, { path: '/' });
  }
  token = await refresh(event, lang);
  if (!token) return null;
  const user = await fetchMe(token, lang);
  return user ? { user, token } : null;
}
