import { redirect } from '@sveltejs/kit';
import { socialPreview } from '@yui/contracts';
import { defaultPublishInput, initialSocialText, japanLocalInput, readSchedule, type ScheduleValues } from '$lib/attractions';
import { userApi } from '$lib/server/api';
import {
  apiFailure, done, doneOf, field, idParam, invalidHere, loadAttraction, optional, postPath, signedIn, versionOf,
} from '$lib/server/attractions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const DONE = ['submitted', 'withdrawn', 'approved', 'returned', 'rejected', 'scheduled', 'publishedNow', 'unscheduled', 'unpublished'] as const;
const DECISIONS = ['approve', 'return', 'reject'] as const;
const DECIDED: Record<(typeof DECISIONS)[number], (typeof DONE)[number]> = { approve: 'approved', return: 'returned', reject: 'rejected' };

/**
 * A post as readers will see it — photos, words, place, period — with where it stands (status and
 * review history) and what the reader may do now (the API's `can`): the author edits, submits,
 * withdraws or deletes; a reviewer of its town decides; a coordinator schedules it (with the text for
 * each relay), takes the schedule back or takes it down, and reads its publication log.
 */
export const load: PageServerLoad = async (event) => {
  const me = signedIn(event);
  const id = idParam(event);
  const a = await loadAttraction(event, id);
  // The relays and their composed texts, for the schedule form only (the form still works without them).
  const preview = a.can.schedule ? await optional(userApi(event)(postPath(id, 'social-preview'), { schema: socialPreview })) : null;
  const channels = preview ? preview.items.map((i) => ({ channel: i.channel, limit: i.limit })) : null;
  const schedule: ScheduleValues = {
    publishAt: a.status === 'scheduled' && a.publishAt ? japanLocalInput(a.publishAt) : defaultPublishInput(),
    channelIds: a.channelIds,
    texts: Object.fromEntries((preview?.items ?? []).map((i) => [i.channel.id, initialSocialText(i.channel.id, a.socialTexts, i.text)])),
  };
  return {
    post: a,
    channels: a.can.schedule ? channels : [],
    schedule,
    nowLocal: japanLocalInput(new Date()),
    regionName: me.region.name,
    done: doneOf(event.url, DONE),
  };
};

const here = (event: RequestEvent) => `/attractions/${idParam(event)}`;

export const actions: Actions = {
  submit: async (event) => {
    const form = await event.request.formData();
    try {
      await userApi(event)(postPath(idParam(event), 'submit'), { method: 'POST', body: { version: versionOf(form) } });
    } catch (e) {
      return apiFailure(e, event, { op: 'submit' as const });
    }
    done(here(event), 'submitted');
  },

  withdraw: async (event) => {
    const form = await event.request.formData();
    try {
      await userApi(event)(postPath(idParam(event), 'withdraw'), { method: 'POST', body: { version: versionOf(form) } });
    } catch (e) {
      return apiFailure(e, event, { op: 'withdraw' as const });
    }
    done(here(event), 'withdrawn');
  },

  /** 承認 / 差し戻し / 見送り; the last two need a comment (the author reads it). */
  review: async (event) => {
    const form = await event.request.formData();
    const decision = field(form, 'decision');
    const comment = field(form, 'comment', false).replace(/\r\n?/g, '\n').trim();
    const extra = { op: 'review' as const, review: { decision, comment } };
    const d = DECISIONS.find((x) => x === decision);
    if (!d) return invalidHere({ decision: 'required' }, event.locals.lang, extra);
    if (d !== 'approve' && !comment) return invalidHere({ comment: 'review_comment_required' }, event.locals.lang, extra);
    try {
      await userApi(event)(postPath(idParam(event), 'review'), { method: 'POST', body: { decision: d, comment, version: versionOf(form) } });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    done(here(event), DECIDED[d]);
  },

  /** 公開の予約, or 「今すぐ公開」 (the API takes a time up to 5 minutes past as now). */
  schedule: async (event) => {
    const form = await event.request.formData();
    const { values, immediately, body, fields } = readSchedule(form);
    const extra = { op: 'schedule' as const, schedule: values };
    if (Object.keys(fields).length) return invalidHere(fields, event.locals.lang, extra);
    try {
      await userApi(event)(postPath(idParam(event), 'schedule'), { method: 'POST', body });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    done(here(event), immediately ? 'publishedNow' : 'scheduled');
  },

  unschedule: async (event) => {
    try {
      await userApi(event)(postPath(idParam(event), 'schedule'), { method: 'DELETE' });
    } catch (e) {
      return apiFailure(e, event, { op: 'unschedule' as const });
    }
    done(here(event), 'unscheduled');
  },

  /** 公開停止: the first POST asks (with the reason box), the second (confirm=1) takes it down. */
  unpublish: async (event) => {
    const form = await event.request.formData();
    const reason = field(form, 'reason', false).replace(/\r\n?/g, '\n').trim();
    if (field(form, 'confirm') !== '1') return { op: 'unpublish' as const, confirm: true, reason };
    try {
      await userApi(event)(postPath(idParam(event), 'unpublish'), { method: 'POST', body: { reason } });
    } catch (e) {
      return apiFailure(e, event, { op: 'unpublish' as const, confirm: true, reason });
    }
    done(here(event), 'unpublished');
  },

  /** Deleting a draft or returned post: two steps without JS. */
  remove: async (event) => {
    const form = await event.request.formData();
    if (field(form, 'confirm') !== '1') return { op: 'remove' as const, confirm: true };
    try {
      await userApi(event)(postPath(idParam(event)), { method: 'DELETE' });
    } catch (e) {
      return apiFailure(e, event, { op: 'remove' as const });
    }
    redirect(303, '/attractions?done=deleted');
  },
};
