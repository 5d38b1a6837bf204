import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * Queries of the 職場応援 job of one town (apps/worker: help.deadlines). They run inside the job's
 * tenant without a person; RLS shows the region's calls plus the town's own town-only ones, and the
 * queries still name the town and region: each town's job moves only the calls that town posted.
 *
 * Japan dates are 'YYYY-MM-DD'.
 */

export type ClosedHelpCall = {
  id: string;
  title: string;
  createdBy: string;
  contactId: string;
  appliedCount: number;
  headcount: number;
};

/**
 * 募集中 → 締切 for the town's calls whose 募集締切日 lies before `today` (the deadline day itself is
 * still open for applications). A guarded UPDATE (… where status = 'open'): a second run, or a
 * second worker at the same moment, waits for the first one's row locks, then finds the status
 * changed and returns nothing — so each call is closed, and announced, once. A call the poster
 * closed, cancelled or finished by hand is left alone for the same reason.
 */
export async function closeHelpCallsPastDeadline(
  tx: Db, { tenantId, regionId, today }: { tenantId: string; regionId: string; today: string },
): Promise<ClosedHelpCall[]> {
  return tx.execute<ClosedHelpCall>(sql`
    update help_calls set status = 'closed', closed_at = now(), updated_at = now()
    where region_id = ${regionId} and municipality_id = ${tenantId}
      and status = 'open' and deadline < ${today}::date
    returning id, title, created_by as "createdBy", contact_id as "contactId",
      applied_count as "appliedCount", headcount`);
}

/**
 * 締切 → 終了 for the town's closed calls whose last work day lies before `today`. Guarded like the
 * closing; nobody is told (the poster records participation and thanks from the call page).
 */
export async function finishHelpCallsPastWork(
  tx: Db, { tenantId, regionId, today }: { tenantId: string; regionId: string; today: string },
): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`
    update help_calls set status = 'finished', finished_at = now(), updated_at = now()
    where region_id = ${regionId} and municipality_id = ${tenantId}
      and status = 'closed' and work_end < ${today}::date
    returning id`);
  return rows.map((r) => r.id);
}
