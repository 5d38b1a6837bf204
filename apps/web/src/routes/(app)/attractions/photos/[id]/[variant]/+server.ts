import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import { ApiError, userDownload } from '$lib/server/api';
import { idParam } from '$lib/server/communities';
import type { RequestHandler } from './$types';

const VARIANTS = new Set(['large', 'medium', 'thumb', 'card']);
const VERSION = /^[0-9a-zA-Z]{1,32}$/;

/**
 * A photo of an attraction post, streamed from GET /api/attractions/photos/:photoId/:variant with the
 * reader's token (the browser never holds one, and never learns where the file is stored). The API
 * decides who may see it (RLS: the post's visibility; 404 otherwise). `?v=` is the photo's processing
 * number: it changes when the photo is made again (keeping or dropping its location), so the API's
 * private caching is kept. Variants are always JPEG: nothing else is passed on, never sniffed, in a
 * sandbox.
 */
export const GET: RequestHandler = async (event) => {
  const id = idParam(event);
  const t = translator(event.locals.lang);
  const variant = event.params.variant;
  if (!VARIANTS.has(variant)) error(404, t('error.notFound'));
  const v = event.url.searchParams.get('v');
  let upstream: Response;
  try {
    upstream = await userDownload(event)(`/api/attractions/photos/${id}/${variant}${v && VERSION.test(v) ? `?v=${v}` : ''}`, 'image/jpeg');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 404 || e.status === 400 || e.status === 403) error(404, t('error.notFound'));
    error(e.status === 503 ? 503 : 502, e.message);
  }
  const type = (upstream.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'image/jpeg') {
    await upstream.body?.cancel();
    error(502, t('error.generic'));
  }
  const headers = new Headers({
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  const cache = upstream.headers.get('cache-control');
  // Never kept by a shared cache: the reader's right to see it may end (a draft stays the author's).
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
