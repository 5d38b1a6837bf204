import { error, fail, redirect } from '@sveltejs/kit';
import { notificationPage, okBody, uuid } from '@yui/contracts';
import { ApiError, userApi } from '$lib/server/api';
import { safeNext } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
  const { url } = event;
  const cursor = url.searchParams.get('cursor');
  const unreadOnly = url.searchParams.get('unread') === 'true';
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor && cursor.length <= 200) query.set('cursor', cursor);
  if (unreadOnly) query.set('unread', 'true');

  try {
    const result = await userApi(event)(`/api/notifications?${query}`, { schema: notificationPage });
    return { items: result.items, nextCursor: result.nextCursor, unreadOnly, isFirstPage: !cursor };
  } catch (e) {
    if (e instanceof ApiError) error(e.status === 400 ? 400 : 502, e.message);
    throw e;
  }
};

/** After a change, show the page again with a GET, so the header's unread count is fresh too. */
function back(form: FormData): never {
  redirect(303, safeNext(form.get('redirectTo')) ?? '/notifications');
}

export const actions: Actions = {
  read: async (event) => {
    const form = await event.request.formData();
    const id = uuid.safeParse(form.get('id'));
    if (!id.success) return fail(400, { message: null });
    try {
      await userApi(event)(`/api/notifications/${id.data}/read`, { method: 'POST', schema: okBody });
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status === 404 ? 404 : 400, { message: e.message });
      throw e;
    }
    back(form);
  },
  readAll: async (event) => {
    const form = await event.request.formData();
    try {
      await userApi(event)('/api/notifications/read-all', { method: 'POST', schema: okBody });
    } catch (e) {
      if (e instanceof ApiError) return fail(400, { message: e.message });
      throw e;
    }
    back(form);
  },
};
