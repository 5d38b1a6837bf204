import type { Db } from '@yui/db';
import { releaseHelpTime, type ReleasedTimeRequest } from '@yui/db/queries/help-jobs';
import { lockReleasableSessionTime } from '@yui/db/queries/mentoring-jobs';
import { mirrorSessionTime } from '@yui/db/queries/mentoring-pairs';
import { insertEventNotifications } from '@yui/db/queries/outbox-delivery';
import { getRegionPeople } from '@yui/db/queries/region-people';
import { transition } from '@yui/domain';

/**
 * 職員サポート制度: a planned session was called off (one of the pair cancelled it, or the pair ended),
 * and the 20% requests filed for it live in each person's own town — which the API transaction (the
 * canceller's town, an admin's, the programme's town for the keepalive) may not see. As for 職場応援
 * (processors/help/release-time.ts), delivering `mentoring.session_cancelled` releases them in each
 * person's town, in the transaction that writes that town's notifications:
 *
 * - draft / submitted / returned → withdrawn; approved → cancelled, only before its day (the time
 *   rule: from its first day on, it is left to the person and their manager in the 20% screens);
 * - the new status is mirrored on the session (what the time hook does for a request changed in the
 *   time screens), and the manager who waited on / approved it is told (`names`: whose request).
 *
 * Guarded UPDATEs (… and status = from) with their history rows (actor = the requester): a second
 * delivery changes nothing.
 */

export interface SessionTimeRelease {
  sessionId: string;
  /** The people whose request for the session is released. */
  userIds: string[];
}

const COMMENT = '職員サポート制度の面談の中止により自動で取り消しました';

/** The release split by the people's towns, as the event's tenant sees the region (another region: not found). */
export async function sessionReleaseByTown(tx: Db, release: SessionTimeRelease): Promise<Map<string, SessionTimeRelease>> {
  const people = await getRegionPeople(tx, release.userIds);
  const byTown = new Map<string, SessionTimeRelease>();
  for (const userId of new Set(release.userIds)) {
    const town = people.get(userId)?.municipalityId;
    if (!town) continue;
    const r = byTown.get(town) ?? { sessionId: release.sessionId, userIds: [] };
    r.userIds.push(userId);
    byTown.set(town, r);
  }
  return byTown;
}

/**
 * Releases one town's requests for the session (inside that town's tenant context) and tells their
 * managers with the event's notice (`params` of the event + `names`). Returns what moved and the
 * notifications written.
 */
export async function releaseSessionTimeInTown(
  tx: Db,
  { tenantId, eventId, release, today, params }: {
    tenantId: string; eventId: string; release: SessionTimeRelease; today: string; params: Record<string, string | null>;
  },
): Promise<{ released: ReleasedTimeRequest[]; notified: Array<{ id: string; userId: string }> }> {
  const live = await lockReleasableSessionTime(tx, { tenantId, sessionId: release.sessionId, userIds: release.userIds });
  const moves: Array<{ id: string; from: string; to: 'withdrawn' | 'cancelled' }> = [];
  for (const r of live) {
    const t = transition(r.status === 'approved' ? 'cancel' : 'withdraw', r.status, 'requester', r.firstDate, today);
    if (t.ok) moves.push({ id: r.id, from: r.status, to: t.to as 'withdrawn' | 'cancelled' });
  }
  const released = await releaseHelpTime(tx, { tenantId, moves, comment: COMMENT });
  for (const r of released) await mirrorSessionTime(tx, { sessionId: release.sessionId, requestId: r.id, status: r.toStatus });

  const byApprover = new Map<string, string[]>();
  for (const r of released) {
    if (!r.approverId || r.approverId === r.requesterId) continue;
    byApprover.set(r.approverId, [...(byApprover.get(r.approverId) ?? []), r.requesterId]);
  }
  const notified: Array<{ id: string; userId: string }> = [];
  if (byApprover.size) {
    const people = await getRegionPeople(tx, released.map((r) => r.requesterId));
    for (const [approverId, requesterIds] of byApprover) {
      const names = [...new Set(requesterIds)].map((id) => people.get(id)?.name ?? '').filter(Boolean).join('、');
      notified.push(...await insertEventNotifications(tx, {
        tenantId, eventId, userIds: [approverId], kind: 'mentoring.session_cancelled', params: { ...params, names }, link: '/time/inbox',
      }));
    }
  }
  return { released, notified };
}
