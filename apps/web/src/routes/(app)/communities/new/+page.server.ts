import { redirect } from '@sveltejs/kit';
import { community, type PersonRef } from '@yui/contracts';
import { communityFormValues, type CommunityFormValues } from '$lib/events';
import { actionFailure, text } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { readPicker, requireCoordinator, searchPeople } from '$lib/server/events';
import type { Actions, PageServerLoad } from './$types';

/** A new community: 広域コーディネーター only (the API checks again). */
export const load: PageServerLoad = (event) => {
  requireCoordinator(event);
  return { initial: communityFormValues() };
};

function read(form: FormData): { values: CommunityFormValues; managers: PersonRef[]; q: string } {
  const values: CommunityFormValues = {
    name: text(form, 'name'),
    category: text(form, 'category'),
    description: String(form.get('description') ?? ''),
    visibility: text(form, 'visibility') || 'open',
  };
  const { selected, q } = readPicker(form, 'managerIds');
  return { values, managers: selected, q };
}

export const actions: Actions = {
  /** 「検索」 in the managers' picker: the same form again with the people found. */
  search: async (event) => {
    requireCoordinator(event);
    const { values, managers, q } = read(await event.request.formData());
    try {
      const results = await searchPeople(event, q, managers.map((p) => p.id));
      return { op: 'search' as const, values, managers, q, results, message: null, fields: {} as Record<string, string> };
    } catch (e) {
      return actionFailure(e, event, { op: 'search' as const, values, managers, q, results: null });
    }
  },

  create: async (event) => {
    requireCoordinator(event);
    const { values, managers, q } = read(await event.request.formData());
    let id: string;
    try {
      ({ id } = await userApi(event)('/api/communities', {
        method: 'POST',
        body: {
          name: values.name,
          category: values.category,
          description: values.description,
          visibility: values.visibility,
          managerIds: managers.map((p) => p.id),
        },
        schema: community,
      }));
    } catch (e) {
      return actionFailure(e, event, { op: 'create' as const, values, managers, q, results: null });
    }
    redirect(303, `/communities/${id}?done=created`);
  },
};
