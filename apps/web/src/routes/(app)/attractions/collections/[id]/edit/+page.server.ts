import { redirect } from '@sveltejs/kit';
import { collectionRows, COLLECTION_ITEMS_MAX, readCollectionRows } from '$lib/attractions';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { apiFailure, field, idParam, invalidHere, loadCollection, pickablePosts, requireCoordinator } from '$lib/server/attractions';
import type { Actions, PageServerLoad } from './$types';

/** Changing a collection (coordinators): its words and its stops, picked from the pool. */
export const load: PageServerLoad = async (event) => {
  requireCoordinator(event);
  const c = await loadCollection(event, idParam(event));
  try {
    const pool = await pickablePosts(event);
    // Its own stops stay listed even if they have left the pool since (the API then says so).
    const posts = [...c.items.map((i) => i.post), ...pool.filter((p) => !c.items.some((i) => i.post.id === p.id))];
    return { collection: c, posts, rows: collectionRows(posts, c.items) };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    requireCoordinator(event);
    const id = idParam(event);
    const form = await event.request.formData();
    const values = { title: field(form, 'title'), description: field(form, 'description', false).replace(/\r\n?/g, '\n').trim() };
    const { rows, items } = readCollectionRows(form);
    const extra = { values, rows };
    const problems: Record<string, string> = {};
    if (!values.title) problems.title = 'required';
    if (items.length > COLLECTION_ITEMS_MAX) problems.items = 'too_big';
    if (Object.keys(problems).length) return invalidHere(problems, event.locals.lang, extra);
    try {
      await userApi(event)(`/api/attractions/collections/${id}`, { method: 'PATCH', body: { ...values, items } });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    redirect(303, `/attractions/collections/${id}?done=saved`);
  },
};
