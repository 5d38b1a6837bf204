import { redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import { ApiError } from '$lib/server/api';
import { langFromCookie, loadSession } from '$lib/server/session';
import { visitLang } from '$lib/server/public-attractions';
import { safeNext } from '$lib/server/redirect';

/** Pages a signed-out visitor may see: sign-in, and the language switch it offers. */
const PUBLIC_PATHS = new Set(['/login', '/lang']);

export const handle: Handle = async ({ event, resolve }) => {
  const chosenLang = langFromCookie(event.cookies);
  event.locals.user = null;
  event.locals.accessToken = null;
  event.locals.lang = chosenLang ?? 'ja';
  event.locals.sessionError = null;

  const path = event.url.pathname;
  const isPublic = PUBLIC_PATHS.has(path);

  // The region's public pages (地域の魅力) read only the public API and look the same to everyone,
  // so no sign-in and no session lookup: a visitor costs no /api/me call. Staff stay signed in;
  // these pages just do not ask.
  if (path === '/visit' || path.startsWith('/visit/')) {
    event.locals.lang = visitLang(event, chosenLang);
    return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang) });
  }

  try {
    const session = await loadSession(event, event.locals.lang);
    if (session) {
      event.locals.user = session.user;
      event.locals.accessToken = session.token;
      event.locals.lang = chosenLang ?? session.user.locale;
    }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    console.error(`session: ${e.code} ${e.message}`);
    // Not a reason to sign anyone out: (app)/+layout.server.ts shows the error page instead, and
    // the sign-in page still renders (and says so when a sign-in fails).
    event.locals.sessionError = translator(event.locals.lang)('error.apiDown');
  }

  if (!event.locals.user && !event.locals.sessionError && !isPublic) {
    const next = safeNext(path + event.url.search);
    redirect(303, next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login');
  }
  if (event.locals.user && path === '/login') redirect(303, '/');

  return resolve(event, {
    // Read at render time: an action (the language switch) may have changed it.
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang),
  });
};

/** Unexpected errors: logged here, never shown in detail to the reader. */
export const handleError: HandleServerError = ({ error: e, event, status }) => {
  if (status !== 404) console.error(e);
  const t = translator(event.locals.lang ?? 'ja');
  return { message: status === 404 ? t('error.notFound') : t('error.generic') };
};
