import type { Locale, Me } from '@yui/contracts';

declare global {
  namespace App {
    interface Error {
      message: string;
    }
    interface Locals {
      /** The signed-in person, loaded from the API by hooks.server.ts on every request. */
      user: Me | null;
      /** Never sent to the browser: it lives in the httpOnly `yui_at` cookie and here. */
      accessToken: string | null;
      lang: Locale;
      /** Set when the API could not be reached to check the session (the page shows a 503). */
      sessionError: string | null;
    }
    interface PageData {
      lang: Locale;
    }
  }
}

export {};
