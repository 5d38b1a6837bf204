import { pageCursor, uuidParam } from '$lib/communities';
import { userApi } from '$lib/server/api';
import { myCommunities, postPage, restartWithoutCursor } from '$lib/server/communities';
import { pageError } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

/**
 * 相談: questions of the communities I may read, unanswered ones first by default
 * (`?all=1` for every question, `?communityId=…`, `?cursor=…`). My communities are offered as the
 * filter and as the places to ask.
 */
export const load: PageServerLoad = async (event) => {
  const url = event.url;
  const all = url.searchParams.get('all') === '1';
  const communityId = uuidParam(url, 'communityId');
  const cursor = pageCursor(url);
  const q = new URLSearchParams({ unanswered: all ? 'false' : 'true', limit: '20' });
  if (communityId) q.set('communityId', communityId);
  if (cursor) q.set('cursor', cursor);
  try {
    const [list, mine] = await Promise.all([userApi(event)(`/api/questions?${q}`, { schema: postPage }), myCommunities(event)]);
    return { posts: list.items, nextCursor: list.nextCursor, all, communityId, cursor, mine, now: new Date().toISOString() };
  } catch (e) {
    restartWithoutCursor(e, url);
    pageError(e, event);
  }
};
