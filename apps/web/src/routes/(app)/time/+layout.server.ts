import { inbox } from '@yui/contracts';
import { ApiError, userApi } from '$lib/server/api';
import { signedIn } from '$lib/server/time';
import { canSeeReports, isAdmin, isManager } from '$lib/time';
import type { LayoutServerLoad } from './$types';

/**
 * Which tabs of the 20%ルール to show. 承認待ち is for managers, and for anyone who has something to
 * decide as a deputy (代理承認) right now, so that case costs one small call.
 */
export const load: LayoutServerLoad = async (event) => {
  const user = signedIn(event);
  let showInbox = isManager(user);
  if (!showInbox) {
    try {
      const pending = await userApi(event)('/api/time-requests/inbox?limit=1', { schema: inbox });
      showInbox = pending.items.length > 0;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
  return { timeTabs: { inbox: showInbox, reports: canSeeReports(user), policy: isAdmin(user) } };
};
