import { redirect } from '@sveltejs/kit';
import { community, communitySummary, eventSummary, page } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { parseWhen } from '$lib/events';
import { pageError } from '$lib/server/admin';
import { ApiError, userApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/**
 * 勉強会・イベント: upcoming (default), past, or mine (`?when=`), of one community or all
 * (`?communityId=`), 20 at a time (`?cursor=`). The filter offers my communities; a community
 * given in the address is named even when I am not a member of it.
 */
export const load: PageServerLoad = async (event) => {
  const { url } = event;
  const when = parseWhen(url.searchParams.get('when'));
  const communityParam = url.searchParams.get('communityId');
  const communityId = isUuid(communityParam) ? communityParam : null;
  const cursor = url.searchParams.get('cursor');
  const query = new URLSearchParams({ when, limit: String(PAGE_SIZE) });
  if (communityId) query.set('communityId', communityId);
  if (cursor && cursor.length <= 200) query.set('cursor', cursor);
  const call = userApi(event);
  /** Parts the page works without: an empty filter, no 「イベントを作成」 button. */
  const optional = <T>(p: Promise<T>, fallback: T) =>
    p.catch((e: unknown) => {
      if (!(e instanceof ApiError)) throw e;
      return fallback;
    });

  try {
    const [events, mine, current] = await Promise.all([
      call(`/api/events?${query}`, { schema: page(eventSummary) }),
      optional(call('/api/communities?mine=true&sort=name&limit=100', { schema: page(communitySummary) }), { items: [], nextCursor: null }),
      communityId ? optional(call(`/api/communities/${communityId}`, { schema: community }), null) : null,
    ]);
    const communities = mine.items.map((c) => ({ id: c.id, name: c.name }));
    if (current && !communities.some((c) => c.id === current.id)) communities.unshift({ id: current.id, name: current.name });
    return {
      when,
      communityId,
      communities,
      community: current ? { id: current.id, name: current.name, canManage: current.can.manage && current.status === 'active' } : null,
      events: events.items,
      nextCursor: events.nextCursor,
      isFirstPage: !cursor,
    };
  } catch (e) {
    // A cursor from an old bookmark: start again from the first page.
    if (cursor && e instanceof ApiError && e.status === 400) {
      const p = new URLSearchParams(url.searchParams);
      p.delete('cursor');
      redirect(303, `/communities/events${p.size ? `?${p}` : ''}`);
    }
    pageError(e, event);
  }
};
