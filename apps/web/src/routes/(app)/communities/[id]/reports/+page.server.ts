import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { community, report } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { translator } from '$lib/i18n';
import { userApi } from '$lib/server/api';
import { done, failure, field, idParam } from '$lib/server/communities';
import { pageError } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

const reportList = z.object({ items: z.array(report) });
const STATUSES = ['open', 'resolved', 'dismissed'] as const;
type Status = (typeof STATUSES)[number];

/** 通報: reports on the community's posts and comments, for its managers (`?status=resolved|dismissed`). */
export const load: PageServerLoad = async (event) => {
  const id = idParam(event);
  const s = event.url.searchParams.get('status');
  const status: Status = (STATUSES as readonly string[]).includes(s ?? '') ? (s as Status) : 'open';
  const call = userApi(event);
  try {
    const c = await call(`/api/communities/${id}`, { schema: community });
    if (!c.can.manage) error(403, translator(event.locals.lang)('error.forbidden'));
    const list = await call(`/api/communities/${id}/reports?status=${status}`, { schema: reportList });
    const d = event.url.searchParams.get('done');
    return { community: c, status, reports: list.items, done: d === 'resolved' || d === 'dismissed' ? d : null, now: new Date().toISOString() };
  } catch (e) {
    pageError(e, event);
  }
};

export const actions: Actions = {
  default: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const reportId = field(form, 'reportId');
    const status = field(form, 'status');
    if (!isUuid(reportId) || (status !== 'resolved' && status !== 'dismissed')) {
      error(400, translator(event.locals.lang)('error.generic'));
    }
    try {
      await userApi(event)(`/api/reports/${reportId}/resolve`, { method: 'POST', body: { status }, schema: report });
    } catch (e) {
      return failure(e, event, { reportId });
    }
    done(`/communities/${id}/reports`, status);
  },
};
