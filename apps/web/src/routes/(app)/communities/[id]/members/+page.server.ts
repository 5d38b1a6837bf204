import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { memberList } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { translator } from '$lib/i18n';
import { actionFailure, pageError, text } from '$lib/server/admin';
import { ApiError, userApi } from '$lib/server/api';
import { loadCommunity, readPicker, searchPeople, uuidParam } from '$lib/server/events';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const DONE = ['approved', 'declined', 'removed', 'invited', 'withdrawn'] as const;
type Done = (typeof DONE)[number];

/**
 * メンバー: everyone with their town and department (`?town=` filters by town, `?cursor=` pages).
 * Managers also see the requests to join and the invitations not yet accepted.
 */
export const load: PageServerLoad = async (event) => {
  const id = uuidParam(event);
  const c = await loadCommunity(event, id);
  const q = event.url.searchParams;
  const townParam = q.get('town');
  const town = isUuid(townParam) ? townParam : null;
  const cursor = q.get('cursor');
  const query = new URLSearchParams({ status: 'active', limit: String(PAGE_SIZE) });
  if (town) query.set('municipalityId', town);
  if (cursor && cursor.length <= 200) query.set('cursor', cursor);
  const call = userApi(event);
  const manage = c.can.manage;
  try {
    const [active, pending, invited] = await Promise.all([
      call(`/api/communities/${id}/members?${query}`, { schema: memberList }),
      manage ? call(`/api/communities/${id}/members?status=pending&limit=100`, { schema: memberList }) : null,
      manage ? call(`/api/communities/${id}/members?status=invited&limit=100`, { schema: memberList }) : null,
    ]);
    const done = q.get('done');
    return {
      community: { id: c.id, name: c.name, status: c.status, visibility: c.visibility, memberCount: c.memberCount, canManage: manage, canAdminister: c.can.administer },
      town,
      members: active.items,
      towns: active.towns,
      nextCursor: active.nextCursor,
      isFirstPage: !cursor,
      pending: pending?.items ?? [],
      invited: invited?.items ?? [],
      done: (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null,
    };
  } catch (e) {
    // A cursor from an old bookmark: start again from the first page.
    if (cursor && e instanceof ApiError && e.status === 400) {
      const p = new URLSearchParams(q);
      p.delete('cursor');
      redirect(303, `/communities/${id}/members${p.size ? `?${p}` : ''}`);
    }
    pageError(e, event);
  }
};

function done(event: RequestEvent, what: Done, hash: string): never {
  redirect(303, `/communities/${uuidParam(event)}/members?done=${what}#${hash}`);
}

/** The person a button is about; anything but a uuid is a form nobody rendered. */
function userIdOf(form: FormData, event: RequestEvent): string {
  const id = text(form, 'userId');
  if (!isUuid(id)) error(400, translator(event.locals.lang)('error.generic'));
  return id;
}

export const actions: Actions = {
  approve: async (event) => {
    const userId = userIdOf(await event.request.formData(), event);
    try {
      await userApi(event)(`/api/communities/${uuidParam(event)}/members/${userId}/approve`, { method: 'POST' });
    } catch (e) {
      return actionFailure(e, event, { op: 'pending' as const });
    }
    done(event, 'approved', 'pending-title');
  },

  decline: async (event) => {
    const userId = userIdOf(await event.request.formData(), event);
    try {
      await userApi(event)(`/api/communities/${uuidParam(event)}/members/${userId}/decline`, { method: 'POST' });
    } catch (e) {
      return actionFailure(e, event, { op: 'pending' as const });
    }
    done(event, 'declined', 'pending-title');
  },

  /** Two steps without JS: the first POST asks about the person, the second (confirm=1) removes them. */
  remove: async (event) => {
    const form = await event.request.formData();
    const userId = userIdOf(form, event);
    if (text(form, 'confirm') !== '1') return { op: 'remove' as const, confirm: { userId, name: text(form, 'name').slice(0, 100) } };
    try {
      await userApi(event)(`/api/communities/${uuidParam(event)}/members/${userId}`, { method: 'DELETE' });
    } catch (e) {
      return actionFailure(e, event, { op: 'remove' as const });
    }
    done(event, 'removed', 'members-title');
  },

  /** An invitation not yet accepted, taken back. */
  withdraw: async (event) => {
    const userId = userIdOf(await event.request.formData(), event);
    try {
      await userApi(event)(`/api/communities/${uuidParam(event)}/members/${userId}`, { method: 'DELETE' });
    } catch (e) {
      return actionFailure(e, event, { op: 'withdraw' as const });
    }
    done(event, 'withdrawn', 'invite-title');
  },

  /** 「検索」 in the invitation picker: the same form again with the people found. */
  searchInvite: async (event) => {
    const { selected, q } = readPicker(await event.request.formData(), 'userIds');
    try {
      const results = await searchPeople(event, q, selected.map((p) => p.id));
      return { op: 'invite' as const, invitees: selected, q, results, message: null, fields: {} as Record<string, string> };
    } catch (e) {
      return actionFailure(e, event, { op: 'invite' as const, invitees: selected, q, results: null });
    }
  },

  invite: async (event) => {
    const { selected, q } = readPicker(await event.request.formData(), 'userIds');
    if (!selected.length) {
      const message = translator(event.locals.lang)('events.members.inviteNobody');
      return fail(400, { op: 'invite' as const, invitees: selected, q, results: null, message, fields: { userIds: message } });
    }
    try {
      await userApi(event)(`/api/communities/${uuidParam(event)}/invitations`, {
        method: 'POST',
        body: { userIds: selected.map((p) => p.id) },
      });
    } catch (e) {
      return actionFailure(e, event, { op: 'invite' as const, invitees: selected, q, results: null });
    }
    done(event, 'invited', 'invite-title');
  },
};
