import { timeReport } from '@yui/contracts';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { requireReports } from '$lib/server/time';
import { reportParams } from '$lib/time';
import type { PageServerLoad } from './$types';

/** 集計: hours per 年度, quarter and month, by department, person or activity (`?fy=2026&groupBy=person`). */
export const load: PageServerLoad = async (event) => {
  requireReports(event);
  const { fy, groupBy, currentFy } = reportParams(event.url);
  try {
    const report = await userApi(event)(`/api/time-reports?fy=${fy}&groupBy=${groupBy}`, { schema: timeReport });
    return { report, fy, groupBy, currentFy };
  } catch (e) {
    pageError(e, event);
  }
};
