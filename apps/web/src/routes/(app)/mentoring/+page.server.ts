import { mentorshipList, programmeList } from '@yui/contracts';
import { creatableScopes } from '$lib/mentoring';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { signedIn } from '$lib/server/time';
import { todayInJapan } from '$lib/time';
import type { PageServerLoad } from './$types';

/**
 * 職員サポート: my pairs (as mentor or mentee, active first), the programmes I may join or take part
 * in, and — for 自治体管理者 and coordinators — the programmes I run with their counts.
 */
export const load: PageServerLoad = async (event) => {
  const me = signedIn(event);
  const api = userApi(event);
  try {
    const [pairs, programmes] = await Promise.all([
      api('/api/mentoring/mentorships', { schema: mentorshipList }),
      api('/api/mentoring/programmes', { schema: programmeList }),
    ]);
    const all = programmes.items;
    return {
      pairs: pairs.items,
      run: all.filter((p) => p.me.canAdmin),
      taking: all.filter((p) => !p.me.canAdmin && p.me.roles.length > 0),
      joinable: all.filter((p) => !p.me.canAdmin && p.me.roles.length === 0 && p.status === 'open' && p.me.canJoinAs.length > 0),
      canCreate: creatableScopes(me).length > 0,
      today: todayInJapan(),
    };
  } catch (e) {
    pageError(e, event);
  }
};
