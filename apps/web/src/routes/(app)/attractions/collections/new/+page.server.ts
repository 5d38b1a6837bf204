import { redirect } from '@sveltejs/kit';
import { collection } from '@yui/contracts';
import { collectionRows, COLLECTION_ITEMS_MAX, readCollectionRows } from '$lib/attractions';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { apiFailure, field, invalidHere, keyOf, newKey, pickablePosts, requireCoordinator } from '$lib/server/attractions';
import type { Actions, PageServerLoad } from './$types';

/** 特集をつくる (coordinators): a draft collection of pooled posts; published from its page. */
export const load: PageServerLoad = async (event) => {
  requireCoordinator(event);
  try {
    const posts = await pickablePosts(event);
    return { posts, rows: collectionRows(posts, []), idempotencyKey: newKey() };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    requireCoordinator(event);
    const form = await event.request.formData();
    const idempotencyKey = keyOf(form);
    const values = { title: field(form, 'title'), description: field(form, 'description', false).replace(/\r\n?/g, '\n').trim() };
    const { rows, items } = readCollectionRows(form);
    const extra = { values, rows, idempotencyKey };
    const problems: Record<string, string> = {};
    if (!values.title) problems.title = 'required';
    if (items.length > COLLECTION_ITEMS_MAX) problems.items = 'too_big';
    if (Object.keys(problems).length) return invalidHere(problems, event.locals.lang, extra);
    let id: string;
    try {
      ({ id } = await userApi(event)('/api/attractions/collections', {
        method: 'POST',
        body: { ...values, items, idempotencyKey },
        schema: collection,
      }));
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    redirect(303, `/attractions/collections/${id}?done=created`);
  },
};
