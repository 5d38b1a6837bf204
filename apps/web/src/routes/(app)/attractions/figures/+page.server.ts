import { attractionFigures } from '@yui/contracts';
import { figuresYear } from '$lib/attractions';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/**
 * 集計 of a 年度 (`?year=2026`): posts written and published per town and month, and the views of the
 * public pages per town and per post — the region's, for every staff member.
 */
export const load: PageServerLoad = async (event) => {
  const { year, currentFy } = figuresYear(event.url);
  try {
    const figures = await userApi(event)(`/api/attractions/figures?year=${year}`, { schema: attractionFigures });
    return { figures, year, currentFy };
  } catch (e) {
    pageError(e, event);
  }
};
