import type { Db } from '@yui/db';
import { bumpCallCounts, callOfApplication, getApplication, lockCall, lockCallsOfApplications, moveApplication } from '@yui/db/queries/help-calls';
import { emitEvent } from '@yui/db/queries/outbox';
import { personRefs } from '../communities/access';
import { onTimeRequestBatch, onTimeRequestChange, type TimeRefChange } from '../time/ref-hooks';
import { officialsOf, TIME_REF_TYPE, withdrawApplication } from './applications';

/**
 * The 20% request of an application decides whether it counts. The time module calls this in the same
 * transaction as each change of such a request (the manager's decision, the applicant's withdrawal or
 * cancellation, a revocation), in the applicant's town:
 *  - approve: pending_time → applied; it counts from now (applied_count + 1) and the poster and contact
 *    are told (help.application_counted);
 *  - decline: pending_time → time_declined (it never counted);
 *  - withdraw (pending time withdrawn): pending_time → withdrawn;
 *  - cancel / revoke (approved time gone): applied / accepted → withdrawn, counts down, poster told;
 *  - return: nothing — the applicant edits and resubmits in the time screens.
 * The call's row is locked first, as every other change of its counts does. Idempotent: a status
 * already moved on (withdrawn from the help screen, the call cancelled) changes nothing, and a change of
 * an earlier attempt's request (not the application's current one) is ignored.
 */
export async function onApplicationTimeChange(tx: Db, change: TimeRefChange): Promise<void> {
  const where = await callOfApplication(tx, change.ref.id);
  if (!where) return;
  const call = await lockCall(tx, { ...where, tenantId: change.actor.tenantId });
  if (!call) return;
  const app = await getApplication(tx, { regionId: where.regionId, callId: where.callId, id: change.ref.id, lock: true });
  if (!app || app.timeRequestId !== change.requestId) return;
  switch (change.action) {
    case 'approve': {
      const before = await moveApplication(tx, { id: app.id, from: ['pending_time'], to: 'applied', counted: true });
      if (!before) return;
      await bumpCallCounts(tx, { callId: call.id, applied: 1, accepted: 0 });
      const recipientIds = officialsOf(call, app.userId);
      if (!recipientIds.length) return;
      const applicantName = (await personRefs(tx, [app.userId])).get(app.userId)?.name ?? '';
      await emitEvent(tx, {
        tenantId: change.actor.tenantId, type: 'help.application_counted', actorId: change.actor.userId,
        payload: { callId: call.id, title: call.title, recipientIds, applicantName },
      });
      return;
    }
    case 'decline':
      await moveApplication(tx, { id: app.id, from: ['pending_time'], to: 'time_declined' });
      return;
    case 'withdraw':
      await withdrawApplication(tx, change.actor, call, app, ['pending_time']);
      return;
    case 'cancel':
    case 'revoke':
      await withdrawApplication(tx, change.actor, call, app, ['applied', 'accepted']);
      return;
    default:
      return;
  }
}

onTimeRequestChange(TIME_REF_TYPE, onApplicationTimeChange);
// A bulk decision locks all its applications' calls first, in id order (see time/ref-hooks.ts).
onTimeRequestBatch(TIME_REF_TYPE, (tx, applicationIds, actor) => lockCallsOfApplications(tx, { tenantId: actor.tenantId, applicationIds }));
