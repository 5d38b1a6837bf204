import { myTalent, regionTowns, skillSuggestions, talentPage } from '@yui/contracts';
import { talentFilters } from '$lib/talent';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { restartWithoutCursor } from '$lib/server/communities';
import type { PageServerLoad } from './$types';

/**
 * 人材を探す: registered talent of the region by skill (the chips), town and keyword
 * (`?skill=…&town=…&q=…&cursor=…`). Only people who opted in are found; the API leaves out anyone
 * who opted out. Whether the reader is registered themselves is shown beside the title.
 */
export const load: PageServerLoad = async (event) => {
  const filters = talentFilters(event.url);
  const q = new URLSearchParams({ limit: '20' });
  if (filters.skill) q.set('skill', filters.skill);
  if (filters.town) q.set('town', filters.town);
  if (filters.q) q.set('q', filters.q);
  if (filters.cursor) q.set('cursor', filters.cursor);
  try {
    const api = userApi(event);
    const [list, skills, towns, mine] = await Promise.all([
      api(`/api/talent?${q}`, { schema: talentPage }),
      api('/api/talent/skills', { schema: skillSuggestions }),
      api('/api/communities/towns', { schema: regionTowns }),
      api('/api/talent/me', { schema: myTalent }),
    ]);
    return {
      filters,
      talent: list.items,
      nextCursor: list.nextCursor,
      skills,
      towns: towns.items,
      registered: mine.profile?.active ?? false,
    };
  } catch (e) {
    restartWithoutCursor(e, event.url);
    pageError(e, event);
  }
};
