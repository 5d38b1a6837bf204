import { loadPost } from '$lib/server/public-attractions';
import type { PageServerLoad } from './$types';

// Reads only params and the language: a change of the query string does not load (and count) the
// post again. The layout keeps this HTML out of shared caches for the same reason.
export const load: PageServerLoad = async ({ params, locals }) => {
  const post = await loadPost(params.region, params.id, locals.lang);
  return { post, region: post.region };
};
