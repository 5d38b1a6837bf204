import { redirect } from '@sveltejs/kit';
import { calendar, timeRequestPage } from '@yui/contracts';
import { ApiError, userApi } from '$lib/server/api';
import { pageError } from '$lib/server/admin';
import { loadBudget } from '$lib/server/time';
import { isMonth, isStatus, monthRange, todayInJapan } from '$lib/time';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/**
 * 自分の申請: the budget, the requests (newest first, `?status=` and `?cursor=`), and a month of the
 * calendar (`?month=2026-12`). The budget follows the month shown: this period for the current
 * month, otherwise the period of the month's first day.
 */
export const load: PageServerLoad = async (event) => {
  const { url } = event;
  const today = todayInJapan();
  const monthParam = url.searchParams.get('month');
  const month = isMonth(monthParam) ? monthParam : today.slice(0, 7);
  const statusParam = url.searchParams.get('status');
  const status = isStatus(statusParam) ? statusParam : null;
  const cursor = url.searchParams.get('cursor');

  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (status) query.set('status', status);
  if (cursor && cursor.length <= 200) query.set('cursor', cursor);
  const { from, to } = monthRange(month);
  const call = userApi(event);

  try {
    const [budget, requests, cal] = await Promise.all([
      loadBudget(event, month === today.slice(0, 7) ? today : from),
      call(`/api/time-requests?${query}`, { schema: timeRequestPage }),
      call(`/api/time-requests/calendar?from=${from}&to=${to}`, { schema: calendar }),
    ]);
    return {
      today,
      month,
      status,
      budget,
      requests: requests.items,
      nextCursor: requests.nextCursor,
      isFirstPage: !cursor,
      calendar: cal.items.filter((i) => i.status === 'approved' || i.status === 'submitted'),
    };
  } catch (e) {
    // A cursor from an old bookmark: start again from the first page.
    if (cursor && e instanceof ApiError && e.status === 400) {
      const p = new URLSearchParams(url.searchParams);
      p.delete('cursor');
      redirect(303, `/time${p.size ? `?${p}` : ''}`);
    }
    pageError(e, event);
  }
};
