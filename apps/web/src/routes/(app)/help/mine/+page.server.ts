import { helpCallPage, myHelpApplicationList } from '@yui/contracts';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { todayInJapan } from '$lib/time';
import type { PageServerLoad } from './$types';

/** 自分の応募: my applications with their 20% request, and the calls I posted or am the contact of. */
export const load: PageServerLoad = async (event) => {
  const call = userApi(event);
  try {
    const [mine, posted] = await Promise.all([
      call('/api/help-calls/my-applications', { schema: myHelpApplicationList }),
      call(`/api/help-calls?${new URLSearchParams({ mine: 'posted', status: 'all', limit: '50' })}`, { schema: helpCallPage }),
    ]);
    return { applications: mine.items, posted: posted.items, today: todayInJapan() };
  } catch (e) {
    pageError(e, event);
  }
};
