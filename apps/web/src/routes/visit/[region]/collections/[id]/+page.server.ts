import { loadCollection } from '$lib/server/public-attractions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
  const collection = await loadCollection(params.region, params.id, locals.lang);
  return { collection, region: collection.region };
};
