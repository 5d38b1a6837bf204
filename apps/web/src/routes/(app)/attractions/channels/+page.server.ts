import { channelList, channelWithSecret, publicationStatus } from '@yui/contracts';
import { isChannelKind, isUuid } from '$lib/attractions';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import {
  apiFailure, done, doneOf, field, invalidHere, optional, publicationLog, requireCoordinator,
} from '$lib/server/attractions';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['updated', 'paused', 'resumed'] as const;

/** `?log=failed|pending|delivered` and `?logCursor=`: which part of the publication log to show. */
function logQuery(url: URL): { status: string | null; cursor: string | null } {
  const status = publicationStatus.safeParse(url.searchParams.get('log'));
  const cursor = url.searchParams.get('logCursor');
  return { status: status.success ? status.data : null, cursor: cursor && cursor.length <= 200 ? cursor : null };
}

/**
 * 配信 (coordinators): the region's social-media relays — add one (its signing secret is shown once),
 * rename it, change its address or limit, pause and resume it, make a new secret — and the publication
 * log of every post, failed deliveries first to look at.
 */
export const load: PageServerLoad = async (event) => {
  requireCoordinator(event);
  const log = logQuery(event.url);
  const q = new URLSearchParams({ limit: '50' });
  if (log.status) q.set('status', log.status);
  if (log.cursor) q.set('cursor', log.cursor);
  try {
    const [channels, publications] = await Promise.all([
      userApi(event)('/api/attractions/channels', { schema: channelList }),
      optional(userApi(event)(`/api/attractions/publications?${q}`, { schema: publicationLog })),
    ]);
    return { channels: channels.items, publications, log, done: doneOf(event.url, DONE) };
  } catch (e) {
    pageError(e, event);
  }
};

type ChannelValues = { name: string; kind: string; url: string; charLimit: string };

/** A limit as typed (全角 digits too); '' is the kind's default. */
function readLimit(raw: string): number | null | 'bad' {
  const s = raw.normalize('NFKC').replaceAll(',', '').trim();
  if (!s) return null;
  return /^\d{2,6}$/.test(s) ? Number(s) : 'bad';
}

export const actions: Actions = {
  /** Add a relay: the answer holds its secret, shown on this page this once (never stored here). */
  create: async (event) => {
    requireCoordinator(event);
    const form = await event.request.formData();
    const values: ChannelValues = { name: field(form, 'name'), kind: field(form, 'kind'), url: field(form, 'url'), charLimit: field(form, 'charLimit') };
    const extra = { op: 'create' as const, values };
    const problems: Record<string, string> = {};
    if (!values.name) problems.name = 'required';
    if (!isChannelKind(values.kind)) problems.kind = 'required';
    if (!values.url) problems.url = 'required';
    const limit = readLimit(values.charLimit);
    if (limit === 'bad') problems.charLimit = 'invalid_format';
    if (Object.keys(problems).length) return invalidHere(problems, event.locals.lang, extra);
    try {
      const created = await userApi(event)('/api/attractions/channels', {
        method: 'POST',
        body: { name: values.name, kind: values.kind, url: values.url, ...(typeof limit === 'number' ? { charLimit: limit } : {}) },
        schema: channelWithSecret,
      });
      return { op: 'created' as const, secret: { name: created.name, secret: created.secret } };
    } catch (e) {
      return apiFailure(e, event, extra);
    }
  },

  update: async (event) => {
    requireCoordinator(event);
    const form = await event.request.formData();
    const id = field(form, 'id');
    const values = { name: field(form, 'name'), url: field(form, 'url'), charLimit: field(form, 'charLimit') };
    const extra = { op: 'update' as const, id, values };
    if (!isUuid(id)) done('/attractions/channels', 'updated');
    const problems: Record<string, string> = {};
    if (!values.name) problems.name = 'required';
    if (!values.url) problems.url = 'required';
    const limit = readLimit(values.charLimit);
    if (limit === 'bad' || limit === null) problems.charLimit = limit === null ? 'required' : 'invalid_format';
    if (Object.keys(problems).length) return invalidHere(problems, event.locals.lang, extra);
    try {
      await userApi(event)(`/api/attractions/channels/${id}`, { method: 'PATCH', body: { name: values.name, url: values.url, charLimit: limit } });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    done('/attractions/channels', 'updated', `channel-${id}`);
  },

  /** Pause (deliveries stop, it is not offered when scheduling) or resume. */
  active: async (event) => {
    requireCoordinator(event);
    const form = await event.request.formData();
    const id = field(form, 'id');
    const active = field(form, 'active') === 'true';
    if (!isUuid(id)) done('/attractions/channels', 'updated');
    try {
      await userApi(event)(`/api/attractions/channels/${id}`, { method: 'PATCH', body: { active } });
    } catch (e) {
      return apiFailure(e, event, { op: 'active' as const, id });
    }
    done('/attractions/channels', active ? 'resumed' : 'paused', `channel-${id}`);
  },

  /** A new secret: two steps (the relay stops verifying until it has the new one). */
  rotate: async (event) => {
    requireCoordinator(event);
    const form = await event.request.formData();
    const id = field(form, 'id');
    if (!isUuid(id)) done('/attractions/channels', 'updated');
    if (field(form, 'confirm') !== '1') return { op: 'rotate' as const, confirm: true, id };
    try {
      const c = await userApi(event)(`/api/attractions/channels/${id}/secret`, { method: 'POST', schema: channelWithSecret });
      return { op: 'rotated' as const, secret: { name: c.name, secret: c.secret } };
    } catch (e) {
      return apiFailure(e, event, { op: 'rotate' as const, id });
    }
  },
};
