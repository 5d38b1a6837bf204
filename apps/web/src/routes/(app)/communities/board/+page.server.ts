import { isBoardKind, pageCursor, uuidParam } from '$lib/communities';
import { userApi } from '$lib/server/api';
import { myCommunities, postPage, restartWithoutCursor } from '$lib/server/communities';
import { pageError } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

/**
 * 工夫・お悩みシェアボード: お悩み共有 and 事例共有 across the region's communities I may read
 * (`?kind=worry|case`, `?communityId=…`, `?cursor=…`).
 */
export const load: PageServerLoad = async (event) => {
  const url = event.url;
  const kindParam = url.searchParams.get('kind');
  const kind = isBoardKind(kindParam) ? kindParam : null;
  const communityId = uuidParam(url, 'communityId');
  const cursor = pageCursor(url);
  const q = new URLSearchParams({ limit: '20' });
  if (kind) q.set('kind', kind);
  if (communityId) q.set('communityId', communityId);
  if (cursor) q.set('cursor', cursor);
  try {
    const [list, mine] = await Promise.all([userApi(event)(`/api/board?${q}`, { schema: postPage }), myCommunities(event)]);
    return { posts: list.items, nextCursor: list.nextCursor, kind, communityId, cursor, mine, now: new Date().toISOString() };
  } catch (e) {
    restartWithoutCursor(e, url);
    pageError(e, event);
  }
};
