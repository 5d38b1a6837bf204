import { and, asc, eq, gt, gte, isNull, or, sql, type AnyColumn } from 'drizzle-orm';
import { municipalities, users } from '../schema/tenancy';
import { timeRequests } from '../schema/time';
import type { Db } from '../client';
import { getApprovers } from './time';

/**
 * Queries of the 20%ルール reminder job (apps/worker: time.reminders). Everything but
 * listMunicipalityIds runs inside the job's tenant and still names the tenant: row-level security is
 * the backstop, not the filter.
 *
 * Dates are Japan dates ('YYYY-MM-DD'); timestamps are compared with Japan midnights in SQL, so the
 * answer does not depend on the session's time zone.
 */

/**
 * `col` (a timestamptz) falls on `date` or earlier in Japan: before the next day's 00:00 JST. Written
 * as a bound on the column, not a function of it, so the pending index on submitted_at serves it.
 */
const onOrBeforeJapanDate = (col: AnyColumn, date: string) =>
  sql`${col} < ((${date}::date + 1)::timestamp at time zone 'Asia/Tokyo')`;

/** Every municipality (tenant). Names and ids are public: this needs no tenant context. */
export async function listMunicipalityIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: municipalities.id }).from(municipalities).orderBy(asc(municipalities.id));
  return rows.map((r) => r.id);
}

// ---------- pending too long → the approver ----------

/**
 * A submitted request is due for a reminder when it was submitted on or before `dueOn` (a Japan
 * date N working days back) and no reminder went out after `dueOn` either — so a request still
 * pending gets one reminder per N working days, never two on the same stretch.
 */
const pendingDue = (tenantId: string, dueOn: string, today: string) =>
  and(
    eq(timeRequests.municipalityId, tenantId),
    eq(timeRequests.status, 'submitted'),
    // Approval must come beforehand: once the first date has passed there is nothing to approve.
    gte(timeRequests.firstDate, today),
    onOrBeforeJapanDate(timeRequests.submittedAt, dueOn),
    or(isNull(timeRequests.reminderSentAt), onOrBeforeJapanDate(timeRequests.reminderSentAt, dueOn)),
  );

/** Ids of due requests, by id, `limit` at a time after `afterId` (keyset: skipped ones never loop). */
export async function listDuePendingReminders(
  tx: Db, { tenantId, dueOn, today, afterId, limit }: { tenantId: string; dueOn: string; today: string; afterId?: string; limit: number },
): Promise<string[]> {
  const rows = await tx
    .select({ id: timeRequests.id })
    .from(timeRequests)
    .where(and(pendingDue(tenantId, dueOn, today), afterId ? gt(timeRequests.id, afterId) : undefined))
    .orderBy(asc(timeRequests.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export interface PendingReminderRequest {
  id: string;
  requesterId: string;
  requesterName: string;
  /** The request's department, else the requester's current one. */
  departmentId: string | null;
  /** The approver recorded on the request at submission, if any. */
  approverId: string | null;
  submittedAt: Date;
  refType: string | null;
  refId: string | null;
}

/**
 * Locks one request that is still due, for the rest of the transaction. SKIP LOCKED: a request another
 * worker is reminding right now is passed over; once that one commits, the conditions (checked again
 * here) no longer hold. Either way one reminder per stretch, however many workers run the job.
 */
export async function lockDuePendingReminder(
  tx: Db, { tenantId, requestId, dueOn, today }: { tenantId: string; requestId: string; dueOn: string; today: string },
): Promise<PendingReminderRequest | undefined> {
  const [row] = await tx
    .select({
      id: timeRequests.id,
      requesterId: timeRequests.requesterId,
      requesterName: users.name,
      departmentId: sql<string | null>`coalesce(${timeRequests.departmentId}, ${users.departmentId})`,
      approverId: timeRequests.approverId,
      submittedAt: timeRequests.submittedAt,
      refType: timeRequests.refType,
      refId: timeRequests.refId,
    })
    .from(timeRequests)
    .innerJoin(users, and(eq(users.municipalityId, timeRequests.municipalityId), eq(users.id, timeRequests.requesterId)))
    .where(and(pendingDue(tenantId, dueOn, today), eq(timeRequests.id, requestId)))
    .for('update', { of: timeRequests, skipLocked: true });
  return row ? { ...row, submittedAt: row.submittedAt! } : undefined;
}

/**
 * Who is reminded of a pending request: the same approvers a submission names (the nearest active
 * manager up the department tree who is not the requester) and their deputies active today.
 */
export async function resolveApproverIds(
  tx: Db, q: { tenantId: string; departmentId: string; requesterId: string; today: string },
): Promise<string[]> {
  const { managers, deputyIds } = await getApprovers(tx, q);
  return [...new Set([...managers.map((m) => m.id), ...deputyIds])].sort();
}

/** Whether `userId` is an active member of the tenant (the fallback approver must be). */
export async function isActiveUser(tx: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<boolean> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.municipalityId, tenantId), eq(users.id, userId), eq(users.active, true)));
  return !!row;
}

/** Stamps the reminder. updated_at stays: a reminder is not a change to the request. */
export async function markPendingReminderSent(tx: Db, { tenantId, requestId }: { tenantId: string; requestId: string }) {
  await tx
    .update(timeRequests)
    .set({ reminderSentAt: sql`now()` })
    .where(and(eq(timeRequests.municipalityId, tenantId), eq(timeRequests.id, requestId)));
}

// ---------- actual hours missing → the requester ----------

/** Approved, its last date on or before `lastDateOnOrBefore`, no actual hours, never reminded. */
const actualsDue = (tenantId: string, lastDateOnOrBefore: string) =>
  and(
    eq(timeRequests.municipalityId, tenantId),
    eq(timeRequests.status, 'approved'),
    sql`${timeRequests.lastDate} <= ${lastDateOnOrBefore}::date`,
    isNull(timeRequests.actualMinutes),
    isNull(timeRequests.actualsReminderSentAt),
  );

export async function listDueActualsReminders(
  tx: Db,
  { tenantId, lastDateOnOrBefore, afterId, limit }: { tenantId: string; lastDateOnOrBefore: string; afterId?: string; limit: number },
): Promise<string[]> {
  const rows = await tx
    .select({ id: timeRequests.id })
    .from(timeRequests)
    .where(and(actualsDue(tenantId, lastDateOnOrBefore), afterId ? gt(timeRequests.id, afterId) : undefined))
    .orderBy(asc(timeRequests.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export interface ActualsReminderRequest {
  id: string;
  requesterId: string;
  firstDate: string;
  refType: string | null;
  refId: string | null;
}

/** As lockDuePendingReminder: the conditions are checked again under the lock; SKIP LOCKED. */
export async function lockDueActualsReminder(
  tx: Db, { tenantId, requestId, lastDateOnOrBefore }: { tenantId: string; requestId: string; lastDateOnOrBefore: string },
): Promise<ActualsReminderRequest | undefined> {
  const [row] = await tx
    .select({
      id: timeRequests.id,
      requesterId: timeRequests.requesterId,
      firstDate: timeRequests.firstDate,
      refType: timeRequests.refType,
      refId: timeRequests.refId,
    })
    .from(timeRequests)
    .where(and(actualsDue(tenantId, lastDateOnOrBefore), eq(timeRequests.id, requestId)))
    .for('update', { skipLocked: true });
  return row;
}

export async function markActualsReminderSent(tx: Db, { tenantId, requestId }: { tenantId: string; requestId: string }) {
  await tx
    .update(timeRequests)
    .set({ actualsReminderSentAt: sql`now()` })
    .where(and(eq(timeRequests.municipalityId, tenantId), eq(timeRequests.id, requestId)));
}
