import { PHOTO_TYPES } from '$lib/server/talent';
import { idParam } from '$lib/server/communities';
import { proxyPhoto } from '$lib/server/photo-proxy';
import type { RequestHandler } from './$types';

/**
 * A person's photo (GET /api/people/:id/photo): anyone of the region may see it (404 otherwise);
 * `?v=` changes with every upload. Only the three image types the API accepts are passed on.
 */
export const GET: RequestHandler = async (event) => proxyPhoto(event, `/api/people/${idParam(event)}/photo`, PHOTO_TYPES);
