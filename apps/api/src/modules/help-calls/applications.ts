import type { z } from 'zod';
import {
  helpApplicationStatus, helpApplicationStatusLabels, type HelpApplication, type HelpApply, type HelpCall,
  type helpApplicationDecision, type helpApplicationList, type helpParticipation, type myHelpApplicationList,
} from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  bumpCallCounts, callOfApplication, getApplication, listApplications as listRows, moveApplication, myApplications as myRows, recordParticipation,
  setApplicationTime, upsertApplication, type ApplicationRow, type LockedCall,
} from '@yui/db/queries/help-calls';
import { emitEvent } from '@yui/db/queries/outbox';
import { lockTimeRequest } from '@yui/db/queries/time';
import { todayInJapan } from '@yui/domain';
import { conflict, forbidden, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { personRefs } from '../communities/access';
import { cancelRequest, withdrawRequest } from '../time/actions';
import { refusalError, requestTime } from '../time/request-time';
import { canManage, lockManagedCall, lockVisibleCall, readCall, visibleCall, wrongStatus, type HelpActor } from './service';
import { applicationView, callSummaryView, LIVE, myApplicationView, unknownPerson } from './view';

/**
 * 応募: applying (with the 20% request in the same transaction), withdrawing, the poster's decision,
 * participation and thanks, the lists. Every step that changes counts or statuses of a call's
 * applications takes the call's row lock first (lockCall, FOR UPDATE), the time hook (hooks.ts) too,
 * so applied_count / accepted_count stay exact and accepted_count never passes headcount.
 */

/** The ref under which an application's 20% request is filed (time/ref-hooks.ts). */
export const TIME_REF_TYPE = 'help_application';

/** Tell the call's poster and contact (never the person who caused the notice). */
export const officialsOf = (call: Pick<LockedCall, 'createdBy' | 'contactId'>, except: string) =>
  [...new Set([call.createdBy, call.contactId])].filter((id) => id !== except);

const statusIssue = (status: ApplicationRow['status']): FieldIssue => ({
  issue: 'application_wrong_status',
  params: { statusJa: helpApplicationStatusLabels[status]!.ja, statusEn: helpApplicationStatusLabels[status]!.en },
});

async function nameOf(tx: Db, userId: string): Promise<string> {
  return (await personRefs(tx, [userId])).get(userId)?.name ?? '';
}

/**
 * POST /help-calls/:id/applications. In one transaction: the call's row lock, the checks, the
 * application (new, or a fresh attempt after a withdrawn or time-declined one), and the 20% request in
 * the applicant's own town. If the time is refused (over budget, too late, no approver), the 400 names
 * the field and nothing is written. A live application already there answers it again (created false):
 * a double submit files nothing twice.
 */
export async function apply(tx: Db, actor: HelpActor, callId: string, body: HelpApply): Promise<{ created: boolean; call: HelpCall }> {
  const call = await lockVisibleCall(tx, actor, callId);
  const existing = await getApplication(tx, { regionId: actor.regionId, callId, userId: actor.userId });
  if (existing && LIVE.has(existing.status)) return { created: false, call: await readCall(tx, actor, callId) };
  // Declined by the poster, or the call was cancelled: that answer stands.
  if (existing && existing.status !== 'withdrawn' && existing.status !== 'time_declined') throw conflict({ application: 'already_applied' });
  if (call.createdBy === actor.userId || call.contactId === actor.userId) throw invalid({ application: 'own_call' });
  if (call.status !== 'open') throw invalid({ application: 'call_not_open' });
  const today = todayInJapan();
  if (today > call.deadline) throw invalid({ application: 'deadline_passed' });
  if (call.acceptedCount >= call.headcount) throw invalid({ application: 'call_full' });
  const outside = Object.fromEntries(body.days.flatMap((d, i) => (
    d.date < call.workStart || d.date > call.workEnd ? [[`days.${i}.date`, 'date_outside_work']] : [])));
  if (Object.keys(outside).length) throw invalid(outside);

  const app = await upsertApplication(tx, {
    regionId: actor.regionId, callId, userId: actor.userId, municipalityId: actor.tenantId, message: body.message || null,
  });
  const filed = await requestTime(tx, actor, {
    activity: 'help_call',
    ref: { type: TIME_REF_TYPE, id: app.id, title: call.title },
    days: body.days,
    purpose: call.title,
    // One request per attempt: a retry of this attempt finds it, a fresh attempt files anew.
    idempotencyKey: `${TIME_REF_TYPE}:${app.id}:${app.attempt}`,
  });
  // Throwing rolls the whole transaction back: no application without its time request.
  if (!filed.ok) throw refusalError(filed.refusal);
  await setApplicationTime(tx, {
    id: app.id, timeRequestId: filed.request.id, plannedMinutes: filed.request.plannedMinutes,
    firstDate: [...body.days.map((d) => d.date)].sort()[0]!,
  });
  return { created: true, call: await readCall(tx, actor, callId) };
}

/**
 * An application leaves the call (withdrawn): from pending_time it never counted; from applied or
 * accepted the counts go down and the poster and contact are told. The call row must be locked.
 * Idempotent: an application already out of `from` changes nothing.
 */
export async function withdrawApplication(
  tx: Db, actor: { tenantId: string; userId: string }, call: LockedCall, app: { id: string; userId: string },
  from: readonly ApplicationRow['status'][],
): Promise<void> {
  const before = await moveApplication(tx, { id: app.id, from, to: 'withdrawn', withdrawn: true });
  if (before !== 'applied' && before !== 'accepted') return;
  await bumpCallCounts(tx, { callId: call.id, applied: -1, accepted: before === 'accepted' ? -1 : 0 });
  const recipientIds = officialsOf(call, app.userId);
  if (recipientIds.length) {
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'help.application_withdrawn', actorId: actor.userId,
      payload: { callId: call.id, title: call.title, recipientIds, applicantName: await nameOf(tx, app.userId) },
    });
  }
}

/**
 * POST /help-calls/:id/applications/:appId/withdraw (the applicant). Their 20% request goes with it:
 * withdrawn while pending, cancelled once approved (the time rule refuses that from the first day on,
 * and so the withdrawal). The time step runs the hook, which withdraws the application; whatever the
 * time request's state, the application ends withdrawn.
 */
export async function withdraw(tx: Db, actor: HelpActor, callId: string, appId: string): Promise<HelpCall> {
  // Locks in the order the time screens take them (the time request, then — in the hook — the call),
  // so withdrawing here and cancelling the same time there at once wait for each other instead of
  // deadlocking.
  const mine = await getApplication(tx, { regionId: actor.regionId, callId, id: appId });
  if (mine?.userId === actor.userId && mine.timeRequestId) await lockTimeRequest(tx, { tenantId: actor.tenantId, id: mine.timeRequestId });
  const call = await lockVisibleCall(tx, actor, callId);
  const app = await getApplication(tx, { regionId: actor.regionId, callId, id: appId, lock: true });
  if (!app || app.userId !== actor.userId) throw notFound();
  if (app.status === 'withdrawn') return readCall(tx, actor, callId);
  if (!LIVE.has(app.status)) throw conflict({ application: statusIssue(app.status) });
  if (app.timeRequestId) {
    if (app.timeStatus === 'draft' || app.timeStatus === 'submitted' || app.timeStatus === 'returned') {
      await withdrawRequest(tx, actor, app.timeRequestId);
    } else if (app.timeStatus === 'approved') {
      await cancelRequest(tx, actor, app.timeRequestId);
    }
  }
  await withdrawApplication(tx, actor, call, app, [...LIVE]);
  return readCall(tx, actor, callId);
}

/**
 * POST …/applications/:appId/decision (managers). Only an application whose time is approved
 * ('applied') is decided; the same decision again answers as it is. Accepting under the call's row
 * lock checks accepted_count < headcount, so parallel accepts never take more people than asked for.
 */
export async function decide(
  tx: Db, actor: HelpActor, callId: string, appId: string, body: z.infer<typeof helpApplicationDecision>,
): Promise<HelpApplication> {
  const call = await lockManagedCall(tx, actor, callId);
  const app = await getApplication(tx, { regionId: actor.regionId, callId, id: appId, lock: true });
  if (!app) throw notFound();
  const to = body.decision === 'accept' ? 'accepted' : 'declined';
  if (app.status !== to) {
    // Deciding belongs to a call still being staffed (open, or closed to new applications).
    if (call.status !== 'open' && call.status !== 'closed') throw wrongStatus(call.status);
    if (app.status !== 'applied') throw invalid({ application: 'not_applied_yet' });
    if (to === 'accepted' && call.acceptedCount >= call.headcount) throw conflict({ application: 'call_full' });
    await moveApplication(tx, { id: app.id, from: ['applied'], to, decidedBy: actor.userId, note: body.note || null });
    if (to === 'accepted') {
      await bumpCallCounts(tx, { callId, applied: 0, accepted: 1 });
      await emitEvent(tx, {
        tenantId: actor.tenantId, type: 'help.application_accepted', actorId: actor.userId,
        payload: { callId, title: call.title, recipientIds: [app.userId] },
      });
    } else {
      await emitEvent(tx, {
        tenantId: actor.tenantId, type: 'help.application_declined', actorId: actor.userId,
        // applicationId: the worker releases the applicant's 20% request (its ref) in their own town.
        payload: { callId, title: call.title, recipientIds: [app.userId], note: body.note || null, applicationId: app.id },
      });
    }
  }
  return applicationOf(tx, actor, callId, appId);
}

/**
 * POST …/applications/:appId/participation (managers), once the work has begun, for accepted people
 * only: minutes taken part (0 = did not come) and a thank-you shown on their profile. The helper hears
 * of a thank-you the first time one is written.
 */
export async function participation(
  tx: Db, actor: HelpActor, callId: string, appId: string, body: z.infer<typeof helpParticipation>,
): Promise<HelpApplication> {
  const call = await lockManagedCall(tx, actor, callId);
  const app = await getApplication(tx, { regionId: actor.regionId, callId, id: appId, lock: true });
  if (!app) throw notFound();
  if (app.status !== 'accepted') throw invalid({ application: 'not_accepted' });
  if (todayInJapan() < call.workStart) throw invalid({ application: 'not_yet_started' });
  const thanks = body.thanks === undefined ? undefined : body.thanks || null;
  await recordParticipation(tx, { id: app.id, minutes: body.minutes, thanks, by: actor.userId });
  if (thanks && !app.thanks) {
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'help.thanked', actorId: actor.userId,
      payload: { callId, title: call.title, recipientIds: [app.userId], fromName: await nameOf(tx, actor.userId) },
    });
  }
  return applicationOf(tx, actor, callId, appId);
}

async function applicationOf(tx: Db, actor: HelpActor, callId: string, appId: string): Promise<HelpApplication> {
  const row = (await getApplication(tx, { regionId: actor.regionId, callId, id: appId }))!;
  const person = (await personRefs(tx, [row.userId])).get(row.userId) ?? unknownPerson(row.userId);
  return applicationView(row, person);
}

/** GET /help-calls/:id/applications (managers): everyone who applied, oldest first, and the count per status. */
export async function listApplications(tx: Db, actor: HelpActor, callId: string): Promise<z.infer<typeof helpApplicationList>> {
  const call = await visibleCall(tx, actor, callId);
  if (!(await canManage(tx, actor, call))) throw forbidden();
  const rows = await listRows(tx, { regionId: actor.regionId, callId });
  const people = await personRefs(tx, rows.map((r) => r.userId));
  const counts = Object.fromEntries(helpApplicationStatus.options.map((s) => [s, 0])) as Record<ApplicationRow['status'], number>;
  for (const r of rows) counts[r.status] += 1;
  return { items: rows.map((r) => applicationView(r, people.get(r.userId) ?? unknownPerson(r.userId))), counts };
}

/** GET /help-calls/my-applications: my applications with their calls, newest first. */
export async function myApplications(tx: Db, actor: HelpActor): Promise<z.infer<typeof myHelpApplicationList>> {
  const rows = await myRows(tx, { regionId: actor.regionId, tenantId: actor.tenantId, userId: actor.userId, limit: 200 });
  return { items: rows.map(({ application, call }) => ({ ...myApplicationView(application), call: callSummaryView(call) })) };
}

/**
 * GET /help-calls/applications/:appId — the call an application belongs to, for anyone who may see
 * that call (the 20% screens link a request filed for an application to its call). 404 otherwise.
 */
export async function callOfApplicationFor(tx: Db, actor: HelpActor, appId: string): Promise<{ callId: string }> {
  const where = await callOfApplication(tx, appId);
  if (!where || where.regionId !== actor.regionId) throw notFound();
  // Another town's town-only call: 404 (RLS hides its applications too; visibleCall says so again).
  await visibleCall(tx, actor, where.callId);
  return { callId: where.callId };
}
