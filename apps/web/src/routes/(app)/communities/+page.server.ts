import { isCoordinator, pageCursor } from '$lib/communities';
import { myCommunities, postPage, restartWithoutCursor } from '$lib/server/communities';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** My feed: the posts of the communities I am a member of, newest first (`?cursor=`), and those communities. */
export const load: PageServerLoad = async (event) => {
  const cursor = pageCursor(event.url);
  const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) q.set('cursor', cursor);
  try {
    const [feed, mine] = await Promise.all([
      userApi(event)(`/api/feed?${q}`, { schema: postPage }),
      myCommunities(event),
    ]);
    return {
      posts: feed.items,
      nextCursor: feed.nextCursor,
      isFirstPage: !cursor,
      mine,
      coordinator: event.locals.user ? isCoordinator(event.locals.user) : false,
      now: new Date().toISOString(),
    };
  } catch (e) {
    restartWithoutCursor(e, event.url);
    pageError(e, event);
  }
};
