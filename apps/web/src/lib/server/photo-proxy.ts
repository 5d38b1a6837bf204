import { error, type RequestEvent } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import { ApiError, userDownload } from './api';

const VERSION = /^[0-9a-zA-Z]{1,32}$/;

/**
 * A private photo streamed from the API with the reader's token (the browser never holds one, and
 * never learns where the file is stored): a person's photo, an attraction post's photo. The API
 * decides who may see it (404 otherwise). `?v=` changes whenever the photo does, so the API's private
 * caching is kept: a new photo has a new address. Only the image types given are passed on, never
 * sniffed, in a sandbox.
 */
export async function proxyPhoto(event: RequestEvent, apiPath: string, types: readonly string[]): Promise<Response> {
  const t = translator(event.locals.lang);
  const v = event.url.searchParams.get('v');
  let upstream: Response;
  try {
    upstream = await userDownload(event)(`${apiPath}${v && VERSION.test(v) ? `?v=${v}` : ''}`, types.length === 1 ? types[0]! : 'image/*');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 404 || e.status === 400 || e.status === 403) error(404, t('error.notFound'));
    error(e.status === 503 ? 503 : 502, e.message);
  }
  const type = (upstream.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!types.includes(type)) {
    await upstream.body?.cancel();
    error(502, t('error.generic'));
  }
  const headers = new Headers({
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  const cache = upstream.headers.get('cache-control');
  // Never kept by a shared cache: the reader's right to see it may end (a draft stays its author's).
  headers.set('cache-control', cache && cache.includes('private') ? cache : 'private, max-age=3600');
  for (const name of ['etag', 'last-modified']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!upstream.headers.has('content-encoding')) {
    const length = upstream.headers.get('content-length');
    if (length) headers.set('content-length', length);
  }
  return new Response(upstream.body, { status: 200, headers });
}
