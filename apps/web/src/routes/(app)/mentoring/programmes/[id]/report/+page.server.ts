import { programmeReport } from '@yui/contracts';
import { reportYear } from '$lib/mentoring';
import { pageError } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { programmePath, requireProgrammeAdmin } from '$lib/server/mentoring';
import { fiscalYearOf, todayInJapan } from '$lib/time';
import type { PageServerLoad } from './$types';

/** 集計: a 年度 of the programme (`?fy=`, its own by default) — pairs, sessions per month, hours, satisfaction. */
export const load: PageServerLoad = async (event) => {
  const { programme } = await event.parent();
  requireProgrammeAdmin(event, programme);
  const fy = reportYear(event.url, programme.fiscalYear);
  try {
    const report = await userApi(event)(programmePath(programme.id, `report?fy=${fy}`), { schema: programmeReport });
    return { report, fy, currentFy: fiscalYearOf(todayInJapan()) };
  } catch (e) {
    pageError(e, event);
  }
};
