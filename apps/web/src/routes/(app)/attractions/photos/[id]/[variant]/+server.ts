import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import { idParam } from '$lib/server/communities';
import { proxyPhoto } from '$lib/server/photo-proxy';
import type { RequestHandler } from './$types';

const VARIANTS = new Set(['large', 'medium', 'thumb', 'card']);

/**
 * A photo of an attraction post (GET /api/attractions/photos/:photoId/:variant): the API decides who
 * may see it (RLS: the post's visibility). `?v=` is the photo's processing number: it changes when the
 * photo is made again (keeping or dropping its location). Variants are always JPEG.
 */
export const GET: RequestHandler = async (event) => {
  const id = idParam(event);
  const variant = event.params.variant;
  if (!VARIANTS.has(variant)) error(404, translator(event.locals.lang)('error.notFound'));
  return proxyPhoto(event, `/api/attractions/photos/${id}/${variant}`, ['image/jpeg']);
};
