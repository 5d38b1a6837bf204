import { env } from '$env/dynamic/private';
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { errorBody, type Locale } from '@yui/contracts';
import type { z } from 'zod';
import { translator } from '$lib/i18n';
import { clearSession } from './session';

/**
 * Server-to-server calls to the Yui API. The browser never talks to the API with a token: the
 * access token stays in an httpOnly cookie and is added here.
 */

function baseUrl(): string {
  return (env.API_INTERNAL_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
}

/** An error answer from the API, or `unavailable` (status 503) when it could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiOptions<S extends z.ZodType | undefined> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON. Without a body no Content-Type is sent (Fastify rejects an empty JSON body). */
  body?: unknown;
  token?: string | null;
  /** Always the reader's language: the API words error messages and notifications with it. */
  lang: Locale;
  /** A raw `Cookie` header, e.g. `yui_rt=…` for refresh and logout. */
  cookie?: string;
  /** Validates the answer; without one the answer is `unknown`. */
  schema?: S;
  /** The reader's address, so the API's sign-in rate limit counts per person, not per web server. */
  clientIp?: string;
}

export interface ApiResult<T> {
  data: T;
  response: Response;
}

type Parsed<S> = S extends z.ZodType ? z.infer<S> : unknown;

export async function apiRequest<S extends z.ZodType | undefined = undefined>(
  path: string,
  opts: ApiOptions<S>,
): Promise<ApiResult<Parsed<S>>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': opts.lang,
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.clientIp) headers['x-forwarded-for'] = opts.clientIp;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }

  let response: Response;
  try {
    response = await fetch(baseUrl() + path, {
      method: opts.method ?? 'GET',
      headers,
      body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new ApiError(503, 'unavailable', translator(opts.lang)('error.apiDown'));
  }

  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = errorBody.safeParse(json);
    if (parsed.success) {
      const { code, message, fields } = parsed.data.error;
      throw new ApiError(response.status, code, message, fields);
    }
    const t = translator(opts.lang);
    throw new ApiError(response.status, 'internal', t(response.status >= 500 ? 'error.apiDown' : 'error.generic'));
  }

  if (!opts.schema) return { data: json as Parsed<S>, response };
  const parsed = opts.schema.safeParse(json);
  if (!parsed.success) {
    // The API broke its contract: say so in the server log, show the reader a generic message.
    console.error(`API ${opts.method ?? 'GET'} ${path}: answer does not match the contract`, parsed.error.issues);
    throw new ApiError(502, 'bad_gateway', translator(opts.lang)('error.generic'));
  }
  return { data: parsed.data as Parsed<S>, response };
}

/** The parsed answer only. */
export async function api<S extends z.ZodType | undefined = undefined>(
  path: string,
  opts: ApiOptions<S>,
): Promise<Parsed<S>> {
  return (await apiRequest(path, opts)).data;
}

/**
 * Calls on behalf of the signed-in reader (token and language from `locals`). A 401 here means the
 * session ended between hooks and this call: sign out and go to the sign-in page.
 */
export function userApi(event: Pick<RequestEvent, 'locals' | 'cookies' | 'url'>) {
  return async <S extends z.ZodType | undefined = undefined>(
    path: string,
    opts: Omit<ApiOptions<S>, 'lang' | 'token'> = {},
  ): Promise<Parsed<S>> => {
    try {
      return await api(path, { ...opts, token: event.locals.accessToken, lang: event.locals.lang });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        clearSession(event.cookies);
        redirect(303, '/login');
      }
      throw e;
    }
  };
}
