import { attractionList, regionTowns } from '@yui/contracts';
import { attractionFilters, attractionListQuery } from '$lib/attractions';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { doneOf, optional, signedIn } from '$lib/server/attractions';
import { restartWithoutCursor } from '$lib/server/communities';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 24;

/**
 * 地域の魅力: my own posts (`?view=mine`, any status), my town's posts waiting for review
 * (`?view=review`, reviewers), and the region's shared pool (`?view=pool`: approved and later, every
 * town), with filters by status, category, town and words, 24 at a time (`?cursor=`).
 */
export const load: PageServerLoad = async (event) => {
  const me = signedIn(event);
  const filters = attractionFilters(event.url, me);
  const api = userApi(event);
  try {
    const [list, towns] = await Promise.all([
      api(`/api/attractions?${attractionListQuery(filters, PAGE_SIZE)}`, { schema: attractionList }),
      // Only for the pool's town filter: the list stands without it.
      filters.view === 'pool' ? optional(api('/api/communities/towns', { schema: regionTowns })) : null,
    ]);
    return {
      filters,
      items: list.items,
      nextCursor: list.nextCursor,
      towns: (towns?.items ?? []).map((t) => ({ id: t.id, name: t.name })),
      done: doneOf(event.url, ['deleted'] as const),
    };
  } catch (e) {
    restartWithoutCursor(e, event.url);
    pageError(e, event);
  }
};
