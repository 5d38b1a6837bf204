import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import { ApiError, userDownload } from '$lib/server/api';
import { idParam } from '$lib/server/communities';
import type { RequestHandler } from './$types';

/** Headers of the API's answer passed on as they are: its type, name, and the guards against running the file. */
const PASS = [
  'content-type', 'content-length', 'content-disposition', 'x-content-type-options', 'content-security-policy', 'cache-control',
  'last-modified', 'etag',
];

/**
 * An attachment, streamed from GET /api/files/:id with the reader's token (the browser never holds
 * one). The API decides who may read it (404 otherwise), the type, inline or download, and sends
 * `nosniff` and a sandboxing CSP; those are kept, and added here if they ever were not.
 */
export const GET: RequestHandler = async (event) => {
  const id = idParam(event);
  let upstream: Response;
  try {
    upstream = await userDownload(event)(`/api/files/${id}`, '*/*');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const t = translator(event.locals.lang);
    if (e.status === 404 || e.status === 400) error(404, t('error.notFound'));
    if (e.status === 403) error(403, t('error.forbidden'));
    error(e.status === 503 ? 503 : 502, e.message);
  }
  const headers = new Headers();
  for (const name of PASS) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  // fetch has already decoded a compressed answer: its length is not the length of what is sent on.
  if (upstream.headers.has('content-encoding')) headers.delete('content-length');
  // The reader's right to a file may end: never kept by a shared cache.
  if (!headers.get('cache-control')?.includes('private')) headers.set('cache-control', 'private, no-store');
  if (!headers.has('content-type')) headers.set('content-type', 'application/octet-stream');
  if (!headers.has('content-disposition')) headers.set('content-disposition', 'attachment');
  headers.set('x-content-type-options', 'nosniff');
  if (!headers.has('content-security-policy')) headers.set('content-security-policy', 'sandbox');
  return new Response(upstream.body, { status: 200, headers });
};
