import { regionTowns } from '@yui/contracts';
import { directoryApiQuery, directoryFilters, isCoordinator } from '$lib/communities';
import { communityPage, restartWithoutCursor } from '$lib/server/communities';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/**
 * コミュニティを探す: the region's communities by purpose, activity and town (`?category=…&activity=…
 * &town=…&sort=…&cursor=…`). The town filter lists the towns of the reader's region.
 */
export const load: PageServerLoad = async (event) => {
  const filters = directoryFilters(event.url);
  try {
    const api = userApi(event);
    const [list, towns] = await Promise.all([
      api(`/api/communities?${directoryApiQuery(filters)}`, { schema: communityPage }),
      api('/api/communities/towns', { schema: regionTowns }),
    ]);
    return {
      towns: towns.items,
      filters,
      communities: list.items,
      nextCursor: list.nextCursor,
      coordinator: event.locals.user ? isCoordinator(event.locals.user) : false,
      now: new Date().toISOString(),
    };
  } catch (e) {
    restartWithoutCursor(e, event.url);
    pageError(e, event);
  }
};
