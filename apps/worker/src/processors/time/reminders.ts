import type { JobPayload } from '@yui/contracts';
import { addDays, todayInJapan, workingDaysSince } from '@yui/domain';
import type { Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import { getCurrentPolicy, type PolicyRow } from '@yui/db/queries/time';
import {
  isActiveUser, listDueActualsReminders, listDuePendingReminders, lockDueActualsReminder, lockDuePendingReminder,
  markActualsReminderSent, markPendingReminderSent, resolveApproverIds,
} from '@yui/db/queries/time-reminders';
import { JobProcessor, type JobContext } from '../base';

/** The column defaults of time_policies, should a municipality have no policy row at all. */
const DEFAULT_REMINDER_POLICY: Pick<PolicyRow, 'version' | 'reminderWorkingDays' | 'actualsReminderDays'> = { version: 0, reminderWorkingDays: 2, actualsReminderDays: 3 };

/** Requests looked at per query; each is then handled in its own transaction. */
const BATCH = 200;

/**
 * The latest Japan date from which `n` working days (Mon–Fri) have passed by `today`: a request
 * submitted (or last reminded) on or before it has waited at least `n` working days. The inverse of
 * workingDaysSince, which only grows as `from` moves back.
 */
export function workingDaysCutoff(today: string, n: number): string {
  let d = today;
  while (workingDaysSince(d, today) < n) d = addDays(d, -1);
  return d;
}

export interface ReminderCounts {
  sent: number;
  /** Locked by another run, or no longer due by the time it was locked. */
  skipped: number;
  /** Pending reminders only: nobody could be found to remind. Looked at again on the next run. */
  noApprover: number;
  failed: number;
}

export interface TimeRemindersResult {
  today: string;
  policyVersion: number;
  pending: ReminderCounts;
  actuals: ReminderCounts;
}

type Outcome = 'sent' | 'skipped' | 'noApprover';

/**
 * time.reminders: the 20%ルール's two reminders for one municipality (issue 3, item 7).
 *
 * 1. A request still `submitted` N working days after it was submitted (N = reminder_working_days of
 *    the policy in force today) → `time_request.pending_reminder` to its approvers; again after
 *    every further N working days it stays pending.
 * 2. An approved request whose last date is `actuals_reminder_days` or more behind today and which
 *    has no actual hours → `time_request.actuals_reminder` to the requester, once.
 *
 * Each reminder is one transaction: lock the request (FOR UPDATE SKIP LOCKED, conditions checked again),
 * emit the event into the outbox, stamp reminder_sent_at / actuals_reminder_sent_at. Two workers
 * (or a retry, or a second run the same day) therefore never remind twice. Delivery — notification and
 * e-mail — is outbox.deliver's business.
 *
 * Working days are Monday to Friday; national holidays are not known here (as in the budget rules).
 */
export class SendTimeReminders extends JobProcessor<'time.reminders', TimeRemindersResult> {
  readonly name = 'time.reminders' as const;

  protected async handle({ tenantId }: JobPayload<'time.reminders'>, ctx: JobContext): Promise<TimeRemindersResult> {
    const today = todayInJapan(this.deps.now?.() ?? new Date());
    const found = await ctx.inTenant((tx) => getCurrentPolicy(tx, { tenantId }));
    if (!found) ctx.log.warn('municipality has no time policy; using the defaults');
    const policy = found ?? DEFAULT_REMINDER_POLICY;

    // "After 0 working days" would remind on the day of submission, every run: at least one.
    const workingDays = Math.max(1, policy.reminderWorkingDays);
    const dueOn = workingDaysCutoff(today, workingDays);
    const pending = await this.eachDue(
      ctx,
      (tx, afterId) => listDuePendingReminders(tx, { tenantId, dueOn, today, afterId, limit: BATCH }),
      (tx, requestId) => this.remindApprovers(tx, ctx, { tenantId, requestId, dueOn, today }),
    );

    const lastDateOnOrBefore = addDays(today, -Math.max(0, policy.actualsReminderDays));
    const actuals = await this.eachDue(
      ctx,
      (tx, afterId) => listDueActualsReminders(tx, { tenantId, lastDateOnOrBefore, afterId, limit: BATCH }),
      (tx, requestId) => this.remindRequester(tx, { tenantId, requestId, lastDateOnOrBefore }),
    );

    const result = { today, policyVersion: policy.version, pending, actuals };
    ctx.log.info(result, 'time reminders');
    // Every reminder that went out is stamped; a retry sends only the ones that failed.
    if (pending.failed || actuals.failed) {
      throw new Error(`time reminders: ${pending.failed + actuals.failed} failed (see the log); the rest went out`);
    }
    return result;
  }

  /** Pages through due ids (keyset, so a skipped one is not met again) and handles each in its own transaction. */
  private async eachDue(
    ctx: JobContext,
    list: (tx: Db, afterId: string | undefined) => Promise<string[]>,
    one: (tx: Db, requestId: string) => Promise<Outcome>,
  ): Promise<ReminderCounts> {
    const counts: ReminderCounts = { sent: 0, skipped: 0, noApprover: 0, failed: 0 };
    let afterId: string | undefined;
    for (;;) {
      const ids = await ctx.inTenant((tx) => list(tx, afterId));
      for (const requestId of ids) {
        try {
          counts[await ctx.inTenant((tx) => one(tx, requestId))]++;
        } catch (err) {
          counts.failed++;
          ctx.log.error({ requestId, err: (err as Error).message }, 'time reminder failed');
        }
      }
      if (ids.length < BATCH) return counts;
      afterId = ids[ids.length - 1];
    }
  }

  private async remindApprovers(
    tx: Db, ctx: JobContext, a: { tenantId: string; requestId: string; dueOn: string; today: string },
  ): Promise<Outcome> {
    const r = await lockDuePendingReminder(tx, a);
    if (!r) return 'skipped';
    let approverIds = r.departmentId
      ? await resolveApproverIds(tx, { tenantId: a.tenantId, departmentId: r.departmentId, requesterId: r.requesterId, today: a.today })
      : [];
    // Nobody up the tree (a department without managers, or none recorded): the approver named on
    // the request at submission, if still with us.
    if (approverIds.length === 0 && r.approverId && r.approverId !== r.requesterId
      && (await isActiveUser(tx, { tenantId: a.tenantId, userId: r.approverId }))) {
      approverIds = [r.approverId];
    }
    if (approverIds.length === 0) {
      // Not stamped: once someone can decide, the next run reminds them.
      ctx.log.warn({ requestId: r.id, departmentId: r.departmentId }, 'pending time request has nobody to remind');
      return 'noApprover';
    }
    await emitEvent(tx, {
      tenantId: a.tenantId,
      type: 'time_request.pending_reminder',
      payload: {
        requestId: r.id,
        ref: refOf(r),
        approverIds,
        requesterName: r.requesterName,
        workingDays: workingDaysSince(todayInJapan(r.submittedAt), a.today),
      },
    });
    await markPendingReminderSent(tx, { tenantId: a.tenantId, requestId: r.id });
    return 'sent';
  }

  private async remindRequester(
    tx: Db, a: { tenantId: string; requestId: string; lastDateOnOrBefore: string },
  ): Promise<Outcome> {
    const r = await lockDueActualsReminder(tx, a);
    if (!r) return 'skipped';
    await emitEvent(tx, {
      tenantId: a.tenantId,
      type: 'time_request.actuals_reminder',
      payload: { requestId: r.id, ref: refOf(r), requesterId: r.requesterId, firstDate: r.firstDate },
    });
    await markActualsReminderSent(tx, { tenantId: a.tenantId, requestId: r.id });
    return 'sent';
  }
}

const refOf = (r: { refType: string | null; refId: string | null }) =>
  r.refType && r.refId ? { type: r.refType, id: r.refId } : null;
