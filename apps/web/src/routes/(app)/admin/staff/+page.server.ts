import { redirect } from '@sveltejs/kit';
import { staffPage } from '@yui/contracts';
import { ApiError, userApi } from '$lib/server/api';
import { filterParams, staffFilters, staffQuery } from '$lib/admin';
import { loadDepartments, pageError, requireAdmin } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const filters = staffFilters(event.url);
  const cursor = event.url.searchParams.get('cursor');
  const query = staffQuery(filters);
  query.set('limit', String(PAGE_SIZE));
  if (cursor && cursor.length <= 400) query.set('cursor', cursor);

  try {
    const [result, departments] = await Promise.all([
      userApi(event)(`/api/admin/staff?${query}`, { schema: staffPage }),
      loadDepartments(event),
    ]);
    return { items: result.items, nextCursor: result.nextCursor, isFirstPage: !cursor, filters, departments };
  } catch (e) {
    // A cursor from an old bookmark (or typed by hand): start again from the first page.
    if (cursor && e instanceof ApiError && e.status === 400 && e.fields?.cursor) {
      const params = filterParams(filters);
      redirect(303, `/admin/staff${params.size ? `?${params}` : ''}`);
    }
    pageError(e, event);
  }
};
