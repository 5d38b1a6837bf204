import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { community } from '@yui/contracts';
import { communityFormValues, type CommunityFormValues } from '$lib/events';
import { translator } from '$lib/i18n';
import { actionFailure, text } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { loadCommunity, readPicker, searchPeople, uuidParam } from '$lib/server/events';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['updated', 'managers', 'archived', 'unarchived'] as const;
type Done = (typeof DONE)[number];

/** 設定: the community's words, managers and archiving — 広域コーディネーター only (the API checks again). */
async function administered(event: Pick<RequestEvent, 'locals' | 'cookies' | 'url' | 'params'>) {
  const c = await loadCommunity(event, uuidParam(event));
  if (!c.can.administer) error(403, translator(event.locals.lang)('error.forbidden'));
  return c;
}

export const load: PageServerLoad = async (event) => {
  const c = await administered(event);
  const done = event.url.searchParams.get('done');
  return {
    community: c,
    initial: communityFormValues(c),
    done: (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null,
  };
};

function done(event: RequestEvent, what: Done, hash = ''): never {
  redirect(303, `/communities/${uuidParam(event)}/settings?done=${what}${hash ? `#${hash}` : ''}`);
}

export const actions: Actions = {
  update: async (event) => {
    await administered(event);
    const form = await event.request.formData();
    const values: CommunityFormValues = {
      name: text(form, 'name'),
      category: text(form, 'category'),
      description: String(form.get('description') ?? ''),
      visibility: text(form, 'visibility'),
    };
    try {
      await userApi(event)(`/api/communities/${uuidParam(event)}`, { method: 'PATCH', body: values, schema: community });
    } catch (e) {
      return actionFailure(e, event, { op: 'update' as const, values });
    }
    done(event, 'updated');
  },

  /** 「検索」 in the managers' picker: the same form again with the people found. */
  searchManagers: async (event) => {
    await administered(event);
    const { selected, q } = readPicker(await event.request.formData(), 'userIds');
    try {
      const results = await searchPeople(event, q, selected.map((p) => p.id));
      return { op: 'managers' as const, managers: selected, q, results, message: null, fields: {} as Record<string, string> };
    } catch (e) {
      return actionFailure(e, event, { op: 'managers' as const, managers: selected, q, results: null });
    }
  },

  managers: async (event) => {
    await administered(event);
    const { selected, q } = readPicker(await event.request.formData(), 'userIds');
    try {
      await userApi(event)(`/api/communities/${uuidParam(event)}/managers`, {
        method: 'PUT',
        body: { userIds: selected.map((p) => p.id) },
      });
    } catch (e) {
      return actionFailure(e, event, { op: 'managers' as const, managers: selected, q, results: null });
    }
    done(event, 'managers', 'managers-title');
  },

  /** Two steps without JS: the first POST asks, the second (confirm=1) archives. */
  archive: async (event) => {
    await administered(event);
    const form = await event.request.formData();
    if (text(form, 'confirm') !== '1') return { op: 'archive' as const, confirm: true };
    try {
      await userApi(event)(`/api/communities/${uuidParam(event)}/archive`, { method: 'POST' });
    } catch (e) {
      return actionFailure(e, event, { op: 'archive' as const });
    }
    done(event, 'archived', 'archive-title');
  },

  unarchive: async (event) => {
    await administered(event);
    try {
      await userApi(event)(`/api/communities/${uuidParam(event)}/unarchive`, { method: 'POST' });
    } catch (e) {
      return actionFailure(e, event, { op: 'unarchive' as const });
    }
    done(event, 'unarchived', 'archive-title');
  },
};
