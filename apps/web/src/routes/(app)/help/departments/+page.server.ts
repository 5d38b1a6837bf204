import { regionDepartmentList } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/**
 * 各課広報: the departments of every town of the region (`?town=…` for one), each a link to its page
 * (what it does, its people, its calls for help).
 */
export const load: PageServerLoad = async (event) => {
  const raw = event.url.searchParams.get('town');
  const town = isUuid(raw) ? raw : '';
  try {
    const list = await userApi(event)(`/api/departments${town ? `?town=${town}` : ''}`, { schema: regionDepartmentList });
    return { town, departments: list.items, towns: list.towns };
  } catch (e) {
    pageError(e, event);
  }
};
