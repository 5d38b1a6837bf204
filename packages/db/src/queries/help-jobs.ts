import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * Queries of the 職場応援 jobs of the worker. help.deadlines (one town's calls) below; releasing a
 * helper's 20% time when help falls through (outbox.deliver) at the end of the file.
 *
 * help.deadlines: they run inside the job's tenant without a person; RLS shows the region's calls plus
 * the town's own town-only ones, and the queries still name the town and region: each town's job moves
 * only the calls that town posted.
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

// ── releasing a helper's 20% time when help falls through on the poster's side ─────────────────

/** The ref types of 20% requests filed for 職場応援, and the statuses of the thing that mean "it is off". */
const OVER: Record<HelpTimeRefType, { table: string; person: string; statuses: string[] }> = {
  help_application: { table: 'help_applications', person: 'user_id', statuses: ['cancelled', 'declined'] },
  help_direct_request: { table: 'help_direct_requests', person: 'talent_user_id', statuses: ['withdrawn'] },
};
export type HelpTimeRefType = 'help_application' | 'help_direct_request';

export type ReleasableTimeRequest = {
  id: string;
  requesterId: string;
  refId: string;
  status: 'draft' | 'submitted' | 'returned' | 'approved';
  firstDate: string;
};

/**
 * The town's still-live 20% requests (draft, submitted, returned, approved) filed for these things by
 * these people — each (person, ref id) pair as given — locked FOR UPDATE in id order (the order of
 * every bulk change of the time module, so the two never wait on each other in a cycle). Only
 * requests whose thing really is off (the application cancelled or declined, the direct request
 * withdrawn, as the job's own tenant sees it) are returned: a stale or stray event releases nothing.
 *
 * Run inside the requesters' town (worker: the recipients' town of a region-wide delivery). A request
 * changed meanwhile by its requester or a manager is re-checked after the lock (READ COMMITTED), so a
 * status that is no longer live drops out here.
 */
export async function lockReleasableHelpTime(
  tx: Db, { tenantId, refType, items }: { tenantId: string; refType: HelpTimeRefType; items: Array<{ userId: string; refId: string }> },
): Promise<ReleasableTimeRequest[]> {
  if (!items.length) return [];
  const over = OVER[refType];
  return tx.execute<ReleasableTimeRequest>(sql`
    select r.id, r.requester_id as "requesterId", r.ref_id as "refId", r.status, r.first_date::text as "firstDate"
    from time_requests r
    join jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as v("userId" uuid, "refId" uuid)
      on r.requester_id = v."userId" and r.ref_id = v."refId"
    where r.municipality_id = ${tenantId} and r.ref_type = ${refType}
      and r.status in ('draft', 'submitted', 'returned', 'approved')
      and exists (
        select 1 from ${sql.identifier(over.table)} h
        where h.id = r.ref_id and h.${sql.identifier(over.person)} = r.requester_id
          and h.status = any(${sql.param(over.statuses)}::text[])
      )
    order by r.id
    for update of r`);
}

export type ReleasedTimeRequest = {
  id: string;
  requesterId: string;
  refId: string;
  fromStatus: string;
  toStatus: 'withdrawn' | 'cancelled';
  /** Who was waiting on it or approved it (told of the release): the decider, else the approver at submission. */
  approverId: string | null;
};

/**
 * Moves each request from `from` to `to` — a guarded UPDATE (… and status = from), so a second
 * delivery of the same event, or a request changed in between, changes nothing — and writes one
 * time_request_history row per request actually moved, in the same statement, with the requester as
 * its actor (the release is done on their behalf: 'withdraw' or 'cancel', like their own step in the
 * time screens) and `comment` saying why. Returns the requests moved.
 */
export async function releaseHelpTime(
  tx: Db,
  { tenantId, moves, comment }: {
    tenantId: string; moves: Array<{ id: string; from: string; to: 'withdrawn' | 'cancelled' }>; comment: string;
  },
): Promise<ReleasedTimeRequest[]> {
  if (!moves.length) return [];
  return tx.execute<ReleasedTimeRequest>(sql`
    with moved as (
      update time_requests r set status = v."to", updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as v(id uuid, "from" text, "to" text)
      where r.municipality_id = ${tenantId} and r.id = v.id and r.status = v."from"
      returning r.id, r.requester_id, r.ref_id, v."from" as from_status, v."to" as to_status,
        coalesce(r.decided_by, r.approver_id) as approver_id
    ), logged as (
      insert into time_request_history (municipality_id, request_id, actor_id, action, from_status, to_status, comment)
      select ${tenantId}, id, requester_id, case when to_status = 'cancelled' then 'cancel' else 'withdraw' end,
             from_status, to_status, ${comment}
      from moved
    )
    select id, requester_id as "requesterId", ref_id as "refId", from_status as "fromStatus", to_status as "toStatus",
      approver_id as "approverId"
    from moved order by id`);
}
