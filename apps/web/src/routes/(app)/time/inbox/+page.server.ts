import { fail, redirect } from '@sveltejs/kit';
import { bulkDecisionResult, inbox } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { translator } from '$lib/i18n';
import { actionFailure, pageError, text } from '$lib/server/admin';
import { ApiError, userApi } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const DONE = ['approved', 'declined', 'returned', 'bulk'] as const;

/** 承認待ち: pending requests the reader may decide, oldest first, each with the requester's budget. */
export const load: PageServerLoad = async (event) => {
  const { url } = event;
  const cursor = url.searchParams.get('cursor');
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor && cursor.length <= 200) query.set('cursor', cursor);
  const done = url.searchParams.get('done');
  const n = Number(url.searchParams.get('n'));
  try {
    const page = await userApi(event)(`/api/time-requests/inbox?${query}`, { schema: inbox });
    const items = [...page.items].sort((a, b) => (a.submittedAt ?? a.createdAt).localeCompare(b.submittedAt ?? b.createdAt));
    return {
      items,
      nextCursor: page.nextCursor,
      isFirstPage: !cursor,
      done: (DONE as readonly string[]).includes(done ?? '') ? (done as (typeof DONE)[number]) : null,
      doneCount: Number.isInteger(n) && n > 0 && n <= 100 ? n : 0,
    };
  } catch (e) {
    if (cursor && e instanceof ApiError && e.status === 400) redirect(303, '/time/inbox');
    pageError(e, event);
  }
};

export const actions: Actions = {
  /** One request: approve, decline or return (the last two need a comment; the API says so). */
  decide: async (event) => {
    const form = await event.request.formData();
    const id = text(form, 'id');
    const decision = text(form, 'decision');
    const comment = text(form, 'comment');
    if (!isUuid(id) || !['approve', 'decline', 'return'].includes(decision)) {
      return fail(400, { op: 'decide' as const, id, comment, message: translator(event.locals.lang)('error.generic'), fields: {} as Record<string, string> });
    }
    try {
      await userApi(event)(`/api/time-requests/${id}/decision`, {
        method: 'POST',
        body: { decision, comment: comment || null },
      });
    } catch (e) {
      // A request decided by someone else meanwhile answers 404/409: say so on this page.
      if (e instanceof ApiError && e.status === 404) {
        return fail(404, { op: 'decide' as const, id, comment, message: e.message, fields: {} as Record<string, string> });
      }
      return actionFailure(e, event, { op: 'decide' as const, id, comment });
    }
    const what = decision === 'approve' ? 'approved' : decision === 'decline' ? 'declined' : 'returned';
    redirect(303, `/time/inbox?done=${what}`);
  },

  /** The ticked requests, approved together. Those that could not be are listed with the reason. */
  bulk: async (event) => {
    const form = await event.request.formData();
    const ids = [...new Set(form.getAll('ids').map(String).filter(isUuid))].slice(0, 100);
    const comment = text(form, 'bulkComment');
    const t = translator(event.locals.lang);
    if (!ids.length) return fail(400, { op: 'bulk' as const, message: t('time.inbox.bulkNone'), fields: {} as Record<string, string>, decided: 0, failed: [] as { id: string; message: string }[] });
    let result;
    try {
      result = await userApi(event)('/api/time-requests/decisions', {
        method: 'POST',
        body: { ids, decision: 'approve', comment: comment || null },
        schema: bulkDecisionResult,
      });
    } catch (e) {
      return actionFailure(e, event, { op: 'bulk' as const, decided: 0, failed: [] as { id: string; message: string }[] });
    }
    if (!result.failed.length) redirect(303, `/time/inbox?done=bulk&n=${result.decided.length}`);
    return fail(409, {
      op: 'bulk' as const,
      message: t('time.inbox.bulkFailed', { n: result.failed.length }),
      fields: {} as Record<string, string>,
      decided: result.decided.length,
      failed: result.failed.map((f) => ({ id: f.id, message: f.message })),
    });
  },
};
