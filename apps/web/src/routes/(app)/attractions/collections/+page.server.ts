import { collectionList } from '@yui/contracts';
import { isCoordinator } from '$lib/attractions';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { doneOf, signedIn } from '$lib/server/attractions';
import type { PageServerLoad } from './$types';

/** 特集: the region's collections across towns (drafts too), latest change first; coordinators make them. */
export const load: PageServerLoad = async (event) => {
  const me = signedIn(event);
  try {
    const list = await userApi(event)('/api/attractions/collections', { schema: collectionList });
    return { items: list.items, canCreate: isCoordinator(me), done: doneOf(event.url, ['deleted'] as const) };
  } catch (e) {
    pageError(e, event);
  }
};
