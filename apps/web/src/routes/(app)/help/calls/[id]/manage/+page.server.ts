import { redirect, type RequestEvent } from '@sveltejs/kit';
import { helpApplicationList, talentSuggestionList } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { translator } from '$lib/i18n';
import { pageError } from '$lib/server/admin';
import { ApiError, userApi } from '$lib/server/api';
import { apiFailure, field, idParam, invalidHere, loadCall, requireManage } from '$lib/server/help';
import { todayInJapan } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['accepted', 'declined', 'recorded', 'closed', 'finished', 'cancelled'] as const;
type Done = (typeof DONE)[number];

/**
 * 応募者の管理: the applicants with their status, accepting and declining, after the work the time
 * taken part and a thank-you, people with matching skills to ask, and closing, finishing or
 * cancelling the call. For those who manage the call (the API checks every change again).
 */
export const load: PageServerLoad = async (event) => {
  const id = idParam(event);
  const call = await loadCall(event, id);
  requireManage(event, call);
  const api = userApi(event);
  try {
    const [applications, suggestions] = await Promise.all([
      api(`/api/help-calls/${id}/applications`, { schema: helpApplicationList }),
      // Suggestions help but are not needed to manage the call.
      call.status === 'open'
        ? api(`/api/help-calls/${id}/suggestions`, { schema: talentSuggestionList }).catch((e: unknown) => {
            if (!(e instanceof ApiError)) throw e;
            return null;
          })
        : null,
    ]);
    const done = event.url.searchParams.get('done');
    return {
      call,
      applications: applications.items,
      counts: applications.counts,
      suggestions: suggestions?.items ?? null,
      today: todayInJapan(),
      done: (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null,
    };
  } catch (e) {
    pageError(e, event);
  }
};

function done(event: RequestEvent, what: Done, hash = ''): never {
  redirect(303, `/help/calls/${idParam(event)}/manage?done=${what}${hash ? `#${hash}` : ''}`);
}

function appIdOf(form: FormData): string | null {
  const v = field(form, 'appId');
  return isUuid(v) ? v : null;
}

async function post(event: RequestEvent, path: string, body?: unknown) {
  await userApi(event)(`/api/help-calls/${idParam(event)}/${path}`, { method: 'POST', body });
}

export const actions: Actions = {
  /** 採用 / 見送り of an application whose time the applicant's manager approved. */
  decide: async (event) => {
    const form = await event.request.formData();
    const appId = appIdOf(form);
    const decision = field(form, 'decision') === 'accept' ? 'accept' : 'decline';
    const note = field(form, 'note', false).trim().slice(0, 500);
    const extra = { op: 'decide' as const, appId, note };
    if (!appId) return invalidHere({}, event.locals.lang, extra);
    try {
      await post(event, `applications/${appId}/decision`, { decision, note: note || null });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    done(event, decision === 'accept' ? 'accepted' : 'declined', `app-${appId}`);
  },

  /** After the work: the time they took part (hours and minutes; 0 = did not come) and a thank-you. */
  participation: async (event) => {
    const form = await event.request.formData();
    const appId = appIdOf(form);
    const hours = field(form, 'hours').normalize('NFKC');
    const mins = field(form, 'mins');
    const thanks = field(form, 'thanks', false).trim().slice(0, 1000);
    const extra = { op: 'participation' as const, appId, hours, mins, thanks };
    const t = translator(event.locals.lang);
    if (!appId) return invalidHere({}, event.locals.lang, extra);
    if (!/^\d{1,4}$/.test(hours) || !['0', '15', '30', '45'].includes(mins)) {
      return invalidHere({ minutes: `${t('help.field.participated')}: ${t('help.form.notNumber')}` }, event.locals.lang, extra);
    }
    const minutes = Number(hours) * 60 + Number(mins);
    try {
      await post(event, `applications/${appId}/participation`, { minutes, thanks: thanks || null });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    done(event, 'recorded', `app-${appId}`);
  },

  /** 締切 before the deadline: no one else may apply; those who applied stay. */
  close: async (event) => {
    try {
      await post(event, 'close');
    } catch (e) {
      return apiFailure(e, event, { op: 'close' as const });
    }
    done(event, 'closed');
  },

  /** 終了: the work is over. */
  finish: async (event) => {
    try {
      await post(event, 'finish');
    } catch (e) {
      return apiFailure(e, event, { op: 'finish' as const });
    }
    done(event, 'finished');
  },

  /** 中止, with the reason the applicants are told. Two steps: the first POST asks for the reason. */
  cancel: async (event) => {
    const form = await event.request.formData();
    const reason = field(form, 'reason', false).trim().slice(0, 500);
    if (field(form, 'confirm') !== '1') return { op: 'cancel' as const, confirm: true, reason };
    if (!reason) {
      const t = translator(event.locals.lang);
      return invalidHere({ reason: `${t('help.manage.cancelReason')}: ${t('help.form.missing')}` }, event.locals.lang, {
        op: 'cancel' as const, confirm: true, reason,
      });
    }
    try {
      await post(event, 'cancel', { reason });
    } catch (e) {
      return apiFailure(e, event, { op: 'cancel' as const, confirm: true, reason });
    }
    redirect(303, `/help/calls/${idParam(event)}?done=cancelled`);
  },
};
