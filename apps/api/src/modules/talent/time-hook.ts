import type { Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import { getDirectRequest, updateDirectRequest } from '@yui/db/queries/talent';
import { getRegionPeople } from '@yui/db/queries/region-people';
import { onTimeRequestChange, type TimeRefChange } from '../time/ref-hooks';

/**
 * The talent's 20% request for a direct request changed (their manager decided, or they withdrew /
 * cancelled it, or the approval was revoked). Runs in that transaction, in the talent's town (one of
 * the request's two towns, so RLS shows the row). Idempotent: a request no longer in the state the
 * change applies to, or one whose current time request is another, is left alone — the talent's own
 * withdrawal through /api/talent/requests/:id/withdraw comes through here as well.
 *
 *  approve                      pending_time → accepted (confirmed_at), the requester is told
 *  decline                      pending_time → time_declined, the requester is told (help.direct_fell_through)
 *  withdraw / cancel / revoke   pending_time | accepted → withdrawn, the requester is told
 *  return                       nothing: the talent edits and resubmits in the time screens
 */
export async function directRequestTimeHook(tx: Db, change: TimeRefChange): Promise<void> {
  const r = await getDirectRequest(tx, { id: change.ref.id, lock: true });
  if (!r || r.timeRequestId !== change.requestId) return;
  const talentName = (await getRegionPeople(tx, [r.talentUserId])).get(r.talentUserId)?.name ?? '';
  const base = { requestId: r.id, title: r.title, recipientIds: [r.requestedBy] };
  const tenantId = change.actor.tenantId;

  if (change.action === 'approve') {
    if (!(await updateDirectRequest(tx, r.id, { status: 'accepted', confirmed: true }, ['pending_time']))) return;
    await emitEvent(tx, { tenantId, type: 'help.direct_confirmed', actorId: change.actor.userId, payload: { ...base, talentName } });
  } else if (change.action === 'decline') {
    if (!(await updateDirectRequest(tx, r.id, { status: 'time_declined' }, ['pending_time']))) return;
    await emitEvent(tx, {
      tenantId, type: 'help.direct_fell_through', actorId: change.actor.userId,
      payload: { ...base, talentName, reason: 'time_declined' },
    });
  } else if (change.action === 'withdraw' || change.action === 'cancel' || change.action === 'revoke') {
    if (!(await updateDirectRequest(tx, r.id, { status: 'withdrawn', withdrawn: true }, ['pending_time', 'accepted']))) return;
    await emitEvent(tx, {
      tenantId, type: 'help.direct_fell_through', actorId: change.actor.userId,
      payload: { ...base, talentName, reason: 'time_withdrawn' },
    });
  }
}

let registered = false;
/** Called when the talent module loads. */
export function registerDirectRequestHook(): void {
  if (registered) return;
  registered = true;
  onTimeRequestChange('help_direct_request', directRequestTimeHook);
}
