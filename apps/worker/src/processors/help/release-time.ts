import type { Db } from '@yui/db';
import { lockReleasableHelpTime, releaseHelpTime, type HelpTimeRefType, type ReleasedTimeRequest } from '@yui/db/queries/help-jobs';
import { insertEventNotifications } from '@yui/db/queries/outbox-delivery';
import { getRegionPeople } from '@yui/db/queries/region-people';
import { transition } from '@yui/domain';

/**
 * 職場応援: a helper's 20% request lives in the helper's own town. When help falls through on the
 * poster's side — the call is cancelled, the poster declines the application, the requester withdraws
 * a direct request — the poster's transaction cannot see that town's time_requests (RLS), so the
 * helper's time would go on counting against their budget (and a manager might still approve it).
 * The event names the things concerned; delivering it, the worker releases the time in each helper's
 * own town, in the same transaction as their notification (which says the time was released):
 *
 * - draft / submitted / returned → withdrawn ('withdraw', as the requester's own step);
 * - approved → cancelled ('cancel'), only before its first day: the time rule forbids cancelling from
 *   the first day on (transition() says already_started), and that time is left to the helper and
 *   their manager in the 20% screens;
 * - anything else (declined, withdrawn, cancelled, revoked) is already released.
 *
 * Each step is a guarded UPDATE with its history row (actor = the requester), so a second delivery of
 * the event — a retry after another town failed — changes nothing. No feature hook runs: the
 * application or direct request is already over (cancelled / declined / withdrawn), which is exactly
 * what the hooks would have found.
 */

export type HelpReleaseReason = 'call_cancelled' | 'application_declined' | 'direct_withdrawn';

/** What one event releases: the helpers' requests with this ref type, as (helper, ref id) pairs. */
export interface TimeRelease {
  refType: HelpTimeRefType;
  reason: HelpReleaseReason;
  items: Array<{ userId: string; refId: string }>;
}

/** The history comment, in Japanese (the 20% screens show it as written). */
export const releaseComments: Record<HelpReleaseReason, string> = {
  call_cancelled: '応援募集の中止により自動で取り消しました',
  application_declined: '応募の見送りにより自動で取り消しました',
  direct_withdrawn: '応援依頼の取り下げにより自動で取り消しました',
};

/**
 * The release split by the helpers' towns, as the event's own tenant sees the region (region_people():
 * only people of that region, active or not — a person who has left still has time on the books).
 * Someone of another region is simply not found, so an event can never reach into another region.
 */
export async function releaseByTown(tx: Db, release: TimeRelease): Promise<Map<string, TimeRelease>> {
  const people = await getRegionPeople(tx, release.items.map((i) => i.userId));
  const byTown = new Map<string, TimeRelease>();
  for (const item of release.items) {
    const town = people.get(item.userId)?.municipalityId;
    if (!town) continue;
    const r = byTown.get(town) ?? { ...release, items: [] };
    r.items.push(item);
    byTown.set(town, r);
  }
  return byTown;
}

/**
 * Releases the time of one town's helpers; runs inside that town's tenant context. `today` is the
 * Japan date. Returns the requests moved (none on a second run).
 */
export async function releaseHelpTimeInTown(
  tx: Db, { tenantId, release, today }: { tenantId: string; release: TimeRelease; today: string },
): Promise<ReleasedTimeRequest[]> {
  const live = await lockReleasableHelpTime(tx, { tenantId, refType: release.refType, items: release.items });
  const moves: Array<{ id: string; from: string; to: 'withdrawn' | 'cancelled' }> = [];
  for (const r of live) {
    // The domain's state machine decides, as for the requester's own step in the time screens.
    const action = r.status === 'approved' ? 'cancel' : 'withdraw';
    const t = transition(action, r.status, 'requester', r.firstDate, today);
    if (t.ok) moves.push({ id: r.id, from: r.status, to: t.to as 'withdrawn' | 'cancelled' });
  }
  return releaseHelpTime(tx, { tenantId, moves, comment: releaseComments[release.reason] });
}

/**
 * Tells the managers of the released requests (one notice per manager and event, in the town's own
 * context, mailed with the town's other notices of the event): the time left their inbox (pending) or
 * their approved calendar (cancelled) because the help fell through, not by the requester's hand.
 * A manager who is also one of the event's recipients already has their notice (unique per event).
 */
export async function notifyApprovers(
  tx: Db,
  { tenantId, eventId, released, reason, title }: { tenantId: string; eventId: string; released: ReleasedTimeRequest[]; reason: HelpReleaseReason; title: string },
): Promise<Array<{ id: string; userId: string }>> {
  const byApprover = new Map<string, string[]>();
  for (const r of released) {
    if (!r.approverId || r.approverId === r.requesterId) continue;
    byApprover.set(r.approverId, [...(byApprover.get(r.approverId) ?? []), r.requesterId]);
  }
  if (!byApprover.size) return [];
  const people = await getRegionPeople(tx, released.map((r) => r.requesterId));
  const created: Array<{ id: string; userId: string }> = [];
  for (const [approverId, requesterIds] of byApprover) {
    const names = [...new Set(requesterIds)].map((id) => people.get(id)?.name ?? '').filter(Boolean).join('、');
    created.push(...await insertEventNotifications(tx, {
      tenantId, eventId, userIds: [approverId], kind: 'time_request.released', params: { names, title, reason }, link: '/time/inbox',
    }));
  }
  return created;
}
