import { notificationPage } from '@yui/contracts';
import { ApiError, userApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const call = userApi(event);
  try {
    const latest = await call('/api/notifications?limit=5', { schema: notificationPage });
    return { notifications: latest.items, notificationsError: null };
  } catch (e) {
    // The home page is still useful without its notifications card.
    if (!(e instanceof ApiError)) throw e;
    return { notifications: [], notificationsError: e.message };
  }
};
