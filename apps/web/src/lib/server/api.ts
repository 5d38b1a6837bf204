import { env } from '$env/dynamic/private';
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { csvImportError, errorBody, type CsvRowError, type Locale } from '@yui/contracts';
import type { z } from 'zod';
import { translator } from '$lib/i18n';
import { clearSession } from './session';

/**
 * Server-to-server calls to the Yui API. The browser never talks to the API with a token: the
 * access token stays in an httpOnly cookie and is added here.
 */

/** Exported for the public feed proxies (/visit/…), which pass the API's answer on as it is, 304 included. */
export function baseUrl(): string {
  return (env.API_INTERNAL_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
}

/** An error answer from the API, or `unavailable` (status 503) when it could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** A CSV import that failed names each bad row (`csv_invalid`). */
    readonly rows?: CsvRowError[],
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

function baseHeaders(opts: Pick<ApiOptions<undefined>, 'token' | 'lang' | 'cookie' | 'clientIp'>, accept: string) {
  const headers: Record<string, string> = { accept, 'accept-language': opts.lang };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.clientIp) headers['x-forwarded-for'] = opts.clientIp;
  return headers;
}

/**
 * One call to the API. Answers the response when it is ok; otherwise throws the API's error as an
 * ApiError (or `unavailable` when the API could not be reached at all).
 */
async function send(
  path: string,
  init: { method: string; headers: Record<string, string>; body?: BodyInit; timeoutMs?: number },
  lang: Locale,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(baseUrl() + path, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
  } catch {
    throw new ApiError(503, 'unavailable', translator(lang)('error.apiDown'));
  }
  if (response.ok) return response;

  const json: unknown = await response.json().catch(() => null);
  const csv = csvImportError.safeParse(json);
  if (csv.success) {
    const { code, message, rows } = csv.data.error;
    throw new ApiError(response.status, code, message, undefined, rows);
  }
  const parsed = errorBody.safeParse(json);
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    throw new ApiError(response.status, code, message, fields);
  }
  const t = translator(lang);
  throw new ApiError(response.status, 'internal', t(response.status >= 500 ? 'error.apiDown' : 'error.generic'));
}

/** Reads a JSON answer and checks it against the contract when a schema is given. */
async function readJson<S extends z.ZodType | undefined>(
  response: Response,
  what: string,
  schema: S,
  lang: Locale,
): Promise<Parsed<S>> {
  const json: unknown = await response.json().catch(() => null);
  if (!schema) return json as Parsed<S>;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // The API broke its contract: say so in the server log, show the reader a generic message.
    console.error(`API ${what}: answer does not match the contract`, parsed.error.issues);
    throw new ApiError(502, 'bad_gateway', translator(lang)('error.generic'));
  }
  return parsed.data as Parsed<S>;
}

export async function apiRequest<S extends z.ZodType | undefined = undefined>(
  path: string,
  opts: ApiOptions<S>,
): Promise<ApiResult<Parsed<S>>> {
  const method = opts.method ?? 'GET';
  const headers = baseHeaders(opts, 'application/json');
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const response = await send(path, { method, headers, body }, opts.lang);
  return { data: await readJson(response, `${method} ${path}`, opts.schema as S, opts.lang), response };
}

export interface MultipartOptions<S extends z.ZodType | undefined> extends Omit<ApiOptions<S>, 'body' | 'method'> {
  /** Sent as multipart/form-data (fetch writes the boundary). */
  form: FormData;
  /** POST (a new thing, an import) unless it replaces one: PUT (one's photo). */
  method?: 'POST' | 'PUT';
}

/**
 * An upload, e.g. a CSV file to import. Errors are thrown exactly as `apiRequest` throws them, with
 * the rows of a `csv_invalid` answer in `ApiError.rows`. Uploads may take a while to check: 60 s.
 */
export async function apiMultipart<S extends z.ZodType | undefined = undefined>(
  path: string,
  opts: MultipartOptions<S>,
): Promise<Parsed<S>> {
  const headers = baseHeaders(opts, 'application/json');
  const method = opts.method ?? 'POST';
  const response = await send(path, { method, headers, body: opts.form, timeoutMs: 60_000 }, opts.lang);
  return readJson(response, `${method} ${path}`, opts.schema as S, opts.lang);
}

/**
 * A GET whose answer is passed on as it comes (a CSV download): the response, body unread.
 * Errors as in `apiRequest`.
 */
export async function apiStream(
  path: string,
  opts: Pick<ApiOptions<undefined>, 'token' | 'lang'> & { accept: string },
): Promise<Response> {
  return send(path, { method: 'GET', headers: baseHeaders(opts, opts.accept), timeoutMs: 60_000 }, opts.lang);
}

/** The parsed answer only. */
export async function api<S extends z.ZodType | undefined = undefined>(
  path: string,
  opts: ApiOptions<S>,
): Promise<Parsed<S>> {
  return (await apiRequest(path, opts)).data;
}

type UserEvent = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

/** A 401 on behalf of the reader means the session ended between hooks and this call: sign out. */
async function asUser<T>(event: UserEvent, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      clearSession(event.cookies);
      redirect(303, '/login');
    }
    throw e;
  }
}

/**
 * Calls on behalf of the signed-in reader (token and language from `locals`). A 401 here means the
 * session ended between hooks and this call: sign out and go to the sign-in page.
 */
export function userApi(event: UserEvent) {
  return <S extends z.ZodType | undefined = undefined>(
    path: string,
    opts: Omit<ApiOptions<S>, 'lang' | 'token'> = {},
  ): Promise<Parsed<S>> =>
    asUser(event, () => api(path, { ...opts, token: event.locals.accessToken, lang: event.locals.lang }));
}

/** `apiMultipart` on behalf of the signed-in reader. */
export function userUpload(event: UserEvent) {
  return <S extends z.ZodType | undefined = undefined>(path: string, form: FormData, schema?: S, method?: 'POST' | 'PUT'): Promise<Parsed<S>> =>
    asUser(event, () =>
      apiMultipart(path, { form, schema, method, token: event.locals.accessToken, lang: event.locals.lang }),
    );
}

/** `apiStream` on behalf of the signed-in reader. */
export function userDownload(event: UserEvent) {
  return (path: string, accept: string): Promise<Response> =>
    asUser(event, () => apiStream(path, { accept, token: event.locals.accessToken, lang: event.locals.lang }));
}
