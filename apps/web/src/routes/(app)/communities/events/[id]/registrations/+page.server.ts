import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { communityEvent, registrantList, type CommunityEvent } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { hasEnded } from '$lib/events';
import { translator } from '$lib/i18n';
import { actionFailure, pageError, text } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { chosenFiles, readForm, uploadFiles, uploadLimit } from '$lib/server/communities';
import { uuidParam } from '$lib/server/events';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['attendance', 'uploaded', 'note', 'removed'] as const;
type Done = (typeof DONE)[number];

/** The event, for its managers only (the API checks again). */
async function managedEvent(event: Pick<RequestEvent, 'locals' | 'cookies' | 'url' | 'params'>): Promise<CommunityEvent> {
  let ev: CommunityEvent;
  try {
    ev = await userApi(event)(`/api/events/${uuidParam(event)}`, { schema: communityEvent });
  } catch (e) {
    pageError(e, event);
  }
  if (!ev.can.manage) error(403, translator(event.locals.lang)('error.forbidden'));
  return ev;
}

/** 参加者: who registered, the waitlist in order, attendance, and the materials shared afterwards. */
export const load: PageServerLoad = async (event) => {
  const ev = await managedEvent(event);
  let list;
  try {
    list = await userApi(event)(`/api/events/${ev.id}/registrations`, { schema: registrantList });
  } catch (e) {
    pageError(e, event);
  }
  const done = event.url.searchParams.get('done');
  const registered = list.items.filter((r) => r.status === 'registered');
  const waitlisted = list.items
    .filter((r) => r.status === 'waitlisted')
    .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  return {
    event: ev,
    started: Date.parse(ev.startsAt) <= Date.now(),
    ended: hasEnded(ev),
    registered,
    waitlisted,
    cancelledCount: list.items.filter((r) => r.status === 'cancelled').length,
    done: (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null,
    uploadLimit: uploadLimit(),
  };
};

function done(event: RequestEvent, what: Done, hash: string): never {
  redirect(303, `/communities/events/${uuidParam(event)}/registrations?done=${what}#${hash}`);
}

async function patchEvent(event: RequestEvent, body: Record<string, unknown>) {
  await userApi(event)(`/api/events/${uuidParam(event)}`, { method: 'PATCH', body, schema: communityEvent });
}

export const actions: Actions = {
  /** One checkbox per registered person (`attended` = their id); every listed `userId` is sent. */
  attendance: async (event) => {
    const form = await event.request.formData();
    const attended = new Set(form.getAll('attended').map(String));
    const items = [...new Set(form.getAll('userId').map(String).filter(isUuid))].map((userId) => ({ userId, attended: attended.has(userId) }));
    if (!items.length) return fail(400, { op: 'attendance' as const, message: translator(event.locals.lang)('events.registrants.nobody'), fields: {} });
    try {
      await userApi(event)(`/api/events/${uuidParam(event)}/attendance`, { method: 'PUT', body: { items } });
    } catch (e) {
      return actionFailure(e, event, { op: 'attendance' as const });
    }
    done(event, 'attendance', 'attendance-title');
  },

  /** A file uploaded to the community, then added to the event's materials. */
  upload: async (event) => {
    const t = translator(event.locals.lang);
    const form = await readForm(event);
    if ('tooLarge' in form) return fail(413, { op: 'upload' as const, message: t('events.materials.tooLarge'), fields: { file: t('events.materials.tooLarge') } });
    const files = chosenFiles(form, 'file');
    if (!files.length) return fail(400, { op: 'upload' as const, message: t('events.materials.noFile'), fields: { file: t('events.materials.noFile') } });
    const ev = await managedEvent(event);
    const { uploaded, error: refused } = await uploadFiles(event, ev.communityId, files);
    try {
      if (uploaded.length) await patchEvent(event, { materialIds: [...ev.materials.map((m) => m.id), ...uploaded.map((f) => f.id)] });
    } catch (e) {
      return actionFailure(e, event, { op: 'upload' as const });
    }
    if (refused) return actionFailure(refused, event, { op: 'upload' as const });
    done(event, 'uploaded', 'materials-title');
  },

  note: async (event) => {
    const form = await event.request.formData();
    const note = String(form.get('materialsNote') ?? '');
    try {
      await patchEvent(event, { materialsNote: note.trim() ? note : null });
    } catch (e) {
      return actionFailure(e, event, { op: 'note' as const, note });
    }
    done(event, 'note', 'materials-title');
  },

  remove: async (event) => {
    const form = await event.request.formData();
    const fileId = text(form, 'fileId');
    const ev = await managedEvent(event);
    try {
      await patchEvent(event, { materialIds: ev.materials.map((m) => m.id).filter((id) => id !== fileId) });
    } catch (e) {
      return actionFailure(e, event, { op: 'remove' as const });
    }
    done(event, 'removed', 'materials-title');
  },
};
