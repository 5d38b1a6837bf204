import { communityFigures, communitySummary, page } from '@yui/contracts';
import { figuresParams, figuresQuery } from '$lib/events';
import { pageError } from '$lib/server/admin';
import { ApiError, userApi } from '$lib/server/api';
import { requireCoordinator } from '$lib/server/events';
import type { PageServerLoad } from './$types';

/** 集計 for 広域コーディネーター: the region's communities per 年度 and month (`?fy=2026&communityId=…`). */
export const load: PageServerLoad = async (event) => {
  requireCoordinator(event);
  const params = figuresParams(event.url);
  const call = userApi(event);
  try {
    const [figures, list] = await Promise.all([
      call(`/api/community-reports?${figuresQuery(params, true)}`, { schema: communityFigures }),
      // Only for the choice of community: the figures stand without it.
      call('/api/communities?includeArchived=true&sort=name&limit=100', { schema: page(communitySummary) }).catch((e: unknown) => {
        if (!(e instanceof ApiError)) throw e;
        return { items: [], nextCursor: null };
      }),
    ]);
    return { figures, ...params, communities: list.items.map((c) => ({ id: c.id, name: c.name, archived: c.status === 'archived' })) };
  } catch (e) {
    pageError(e, event);
  }
};
