import { helpReport } from '@yui/contracts';
import { figuresYear } from '$lib/help';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/**
 * データ保管庫: a 年度's calls for help (`?fy=2026`) — per department as in たすけあい+'s table
 * (依頼所属, 募集, 応募, 採用), per month, every call, and who helped most. It counts what the
 * reader may see: the region's calls and their own town's town-only ones.
 */
export const load: PageServerLoad = async (event) => {
  const { fy, currentFy } = figuresYear(event.url);
  try {
    const report = await userApi(event)(`/api/help-calls/reports?fy=${fy}`, { schema: helpReport });
    return { report, fy, currentFy };
  } catch (e) {
    pageError(e, event);
  }
};
