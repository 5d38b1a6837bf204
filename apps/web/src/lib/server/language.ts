import type { RequestEvent } from '@sveltejs/kit';
import { me, type Locale } from '@yui/contracts';
import { api } from './api';
import { setLangCookie } from './session';

/**
 * Switches the UI language: the cookie decides this browser at once, and the signed-in person's
 * saved preference (which also words their notifications and e-mails) follows. A failed save is
 * logged, not shown: the switch itself already worked.
 */
export async function changeLanguage(event: RequestEvent, lang: Locale): Promise<void> {
  setLangCookie(event, lang);
  event.locals.lang = lang;
  if (!event.locals.user || !event.locals.accessToken) return;
  try {
    event.locals.user = await api('/api/me', {
      method: 'PATCH',
      body: { locale: lang },
      token: event.locals.accessToken,
      lang,
      schema: me,
    });
  } catch (e) {
    console.error('could not save the language preference', e);
  }
}
