import { directoryApiQuery, directoryFilters, isCoordinator } from '$lib/communities';
import { communityPage, loadError, restartWithoutCursor } from '$lib/server/communities';
import { userApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/**
 * コミュニティを探す: the region's communities by purpose, activity and town (`?category=…&activity=…
 * &town=…&sort=…&cursor=…`). Nothing lists the region's towns yet, so the town filter offers the
 * reader's own town.
 */
export const load: PageServerLoad = async (event) => {
  const filters = directoryFilters(event.url);
  try {
    const list = await userApi(event)(`/api/communities?${directoryApiQuery(filters)}`, { schema: communityPage });
    return {
      filters,
      communities: list.items,
      nextCursor: list.nextCursor,
      coordinator: event.locals.user ? isCoordinator(event.locals.user) : false,
      now: new Date().toISOString(),
    };
  } catch (e) {
    restartWithoutCursor(e, event.url);
    loadError(e, event);
  }
};
