import { loadRegion } from '$lib/server/public-attractions';
import { listFilters } from '$lib/visit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
  const filters = listFilters(url);
  const data = await loadRegion(params.region, filters, locals.lang);
  return { ...data, filters };
};
