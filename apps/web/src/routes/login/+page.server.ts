import { fail, redirect } from '@sveltejs/kit';
import { accessTokenBody, loginBody } from '@yui/contracts';
import { translator } from '$lib/i18n';
import { ApiError, apiRequest } from '$lib/server/api';
import { safeNext } from '$lib/server/redirect';
import { passRefreshCookie, setAccessToken } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ next: safeNext(url.searchParams.get('next')) });

export const actions: Actions = {
  default: async (event) => {
    const { request, locals, url } = event;
    const form = await request.formData();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const t = translator(locals.lang);

    if (!email || !password) return fail(400, { email, message: t('login.missing') });
    const body = loginBody.safeParse({ email, password });
    if (!body.success) {
      // Same words as a wrong password: a malformed address is simply not a known one.
      return fail(400, { email, message: t('login.missing') });
    }

    try {
      const { data, response } = await apiRequest('/api/auth/login', {
        method: 'POST',
        body: body.data,
        lang: locals.lang,
        schema: accessTokenBody,
        clientIp: event.getClientAddress(),
      });
      setAccessToken(event, data.accessToken, data.expiresIn);
      passRefreshCookie(event, response.headers.getSetCookie());
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const status = e.status === 429 ? 429 : e.status >= 500 ? 503 : 400;
      return fail(status, { email, message: e.message });
    }

    redirect(303, safeNext(url.searchParams.get('next')) ?? '/');
  },
};
