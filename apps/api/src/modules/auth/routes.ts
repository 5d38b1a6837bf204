import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors';
import { accessTokenBody, errorBody, loginBody, okBody } from '@yui/contracts';
import { authService } from './service';

export const REFRESH_COOKIE = 'yui_rt';

interface AuthRouteOptions {
  accessTtl: number;
  refreshDays: number;
  sessionMaxDays: number;
  loginRateMax: number;
  loginRateMaxPerAddress: number;
  secureCookies: boolean;
}

const routes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, opts) => {
  const auth = authService({ sql: app.sql, withTenant: app.withTenant, refreshDays: opts.refreshDays, sessionMaxDays: opts.sessionMaxDays });
  // A looser limit per address whatever the e-mail, against trying one password on many accounts.
  // Generous, because a whole town hall may sign in from one address at 8:30.
  // (@fastify/rate-limit runs one limiter per request, so this one only counts and the route's own
  // per-person limiter answers; both end in the one 429 shape.)
  const addressCount = app.createRateLimit({ max: opts.loginRateMaxPerAddress, timeWindow: '1 minute', keyGenerator: (req) => `login-addr|${req.ip}` });
  const perAddress = async (req: FastifyRequest) => {
    // isAllowed means allow-listed; isExceeded is the verdict.
    const count = await addressCount(req);
    if (!count.isAllowed && count.isExceeded) throw new AppError(429, 'rate_limited');
  };

  const setRefreshCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(REFRESH_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookies,
      maxAge: opts.refreshDays * 86400,
    });

  const issue = async (reply: FastifyReply, session: Awaited<ReturnType<typeof auth.login>>) => {
    setRefreshCookie(reply, session.refreshToken);
    return { accessToken: await reply.jwtSign(session.claims), expiresIn: opts.accessTtl };
  };

  app.post('/auth/login', {
    onRequest: perAddress,
    config: {
      // Per address and e-mail, so one person's typos do not lock out a colleague behind the same
      // office address. Counted in preHandler: before it the body is not parsed, the e-mail empty.
      rateLimit: {
        hook: 'preHandler',
        max: opts.loginRateMax,
        timeWindow: '1 minute',
        keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
      },
    },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with e-mail and password',
      body: loginBody,
      response: { 200: accessTokenBody, 400: errorBody, 401: errorBody, 429: errorBody },
    },
    handler: async (req, reply) => issue(reply, await auth.login(req.body.email, req.body.password)),
  });

  app.post('/auth/refresh', {
    schema: { tags: ['auth'], summary: 'Rotate the refresh cookie and get a new access token', response: { 200: accessTokenBody, 401: errorBody } },
    handler: async (req, reply) => {
      try {
        return await issue(reply, await auth.refresh(req.cookies[REFRESH_COOKIE]));
      } catch (e) {
        reply.clearCookie(REFRESH_COOKIE, { path: '/' });
        throw e;
      }
    },
  });

  app.post('/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out: revoke this sign-in', response: { 200: okBody } },
    handler: async (req, reply) => {
      await auth.logout(req.cookies[REFRESH_COOKIE]);
      reply.clearCookie(REFRESH_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });
};
export default routes;
