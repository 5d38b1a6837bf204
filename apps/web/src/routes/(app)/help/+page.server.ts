import { helpCallPage, regionTowns } from '@yui/contracts';
import { callFilters, callListQuery } from '$lib/help';
import { pageError } from '$lib/server/admin';
import { ApiError, userApi } from '$lib/server/api';
import { restartWithoutCursor } from '$lib/server/communities';
import { suggestedSkills } from '$lib/server/help';
import { todayInJapan } from '$lib/time';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/**
 * 募集一覧: calls for help of the region (and my town's town-only ones), open ones by default,
 * filtered by status, 業務カテゴリ, town, skill and words (`?status=&category=&town=&skill=&q=`),
 * 20 at a time (`?cursor=`).
 */
export const load: PageServerLoad = async (event) => {
  const filters = callFilters(event.url);
  const call = userApi(event);
  try {
    const [calls, towns] = await Promise.all([
      call(`/api/help-calls?${callListQuery(filters, PAGE_SIZE)}`, { schema: helpCallPage }),
      // Only for the town filter: the list stands without it.
      call('/api/communities/towns', { schema: regionTowns }).catch((e: unknown) => {
        if (!(e instanceof ApiError)) throw e;
        return { items: [] };
      }),
    ]);
    return {
      filters,
      calls: calls.items,
      nextCursor: calls.nextCursor,
      towns: towns.items.map((t) => ({ id: t.id, name: t.name })),
      suggested: suggestedSkills,
      today: todayInJapan(),
    };
  } catch (e) {
    restartWithoutCursor(e, event.url);
    pageError(e, event);
  }
};
