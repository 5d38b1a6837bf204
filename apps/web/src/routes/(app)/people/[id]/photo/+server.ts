import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import { PHOTO_TYPES } from '$lib/server/talent';
import { ApiError, userDownload } from '$lib/server/api';
import { idParam } from '$lib/server/communities';
import type { RequestHandler } from './$types';

const VERSION = /^[0-9a-zA-Z]{1,32}$/;

/**
 * A person's photo, streamed from GET /api/people/:id/photo with the reader's token (the browser
 * never holds one, and never learns where the file is stored). The API decides who may see it
 * (anyone of the region; 404 otherwise). `?v=` changes with every upload, so the API's
 * `private, max-age=3600` is kept: a new photo has a new address. Only the three image types the
 * API accepts are passed on, never sniffed, in a sandbox.
 */
export const GET: RequestHandler = async (event) => {
  const id = idParam(event);
  const v = event.url.searchParams.get('v');
  const t = translator(event.locals.lang);
  let upstream: Response;
  try {
    upstream = await userDownload(event)(`/api/people/${id}/photo${v && VERSION.test(v) ? `?v=${v}` : ''}`, 'image/*');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 404 || e.status === 400 || e.status === 403) error(404, t('error.notFound'));
    error(e.status === 503 ? 503 : 502, e.message);
  }
  const type = (upstream.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!PHOTO_TYPES.includes(type)) {
    await upstream.body?.cancel();
    error(502, t('error.generic'));
  }
  const headers = new Headers({
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  const cache = upstream.headers.get('cache-control');
  // Never kept by a shared cache: the reader's right to see it may end.
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
};
