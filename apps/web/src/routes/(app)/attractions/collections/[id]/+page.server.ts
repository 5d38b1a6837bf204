import { redirect } from '@sveltejs/kit';
import { isCoordinator } from '$lib/attractions';
import { userApi } from '$lib/server/api';
import { apiFailure, done, doneOf, field, idParam, loadCollection, requireCoordinator, signedIn } from '$lib/server/attractions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const DONE = ['created', 'saved', 'published', 'unpublished'] as const;

/** A collection as readers see it: its stops in order with their notes; coordinators edit, publish and delete it. */
export const load: PageServerLoad = async (event) => {
  const me = signedIn(event);
  const c = await loadCollection(event, idParam(event));
  return { collection: c, canManage: isCoordinator(me), done: doneOf(event.url, DONE) };
};

const here = (event: RequestEvent) => `/attractions/collections/${idParam(event)}`;

async function setStatus(event: RequestEvent, status: 'published' | 'draft') {
  requireCoordinator(event);
  try {
    await userApi(event)(`/api/attractions/collections/${idParam(event)}`, { method: 'PATCH', body: { status } });
  } catch (e) {
    return apiFailure(e, event, { op: status === 'published' ? ('publish' as const) : ('unpublish' as const) });
  }
  done(here(event), status === 'published' ? 'published' : 'unpublished');
}

export const actions: Actions = {
  publish: (event) => setStatus(event, 'published'),
  unpublish: (event) => setStatus(event, 'draft'),

  /** Two steps without JS: the first asks, the second (confirm=1) deletes. */
  remove: async (event) => {
    requireCoordinator(event);
    const form = await event.request.formData();
    if (field(form, 'confirm') !== '1') return { op: 'remove' as const, confirm: true };
    try {
      await userApi(event)(`/api/attractions/collections/${idParam(event)}`, { method: 'DELETE' });
    } catch (e) {
      return apiFailure(e, event, { op: 'remove' as const });
    }
    redirect(303, '/attractions/collections?done=deleted');
  },
};
