import type { Db } from '@yui/db';
import { getWaitlist, promote, recountEvent } from '@yui/db/queries/community-events';
import { emitEvent } from '@yui/db/queries/outbox';
import { promotionsAfterChange } from '@yui/domain';
import type { CommunityActor } from '../communities/access';

/**
 * キャンセル待ち: after a place frees up (a cancellation, a higher capacity), the waitlist moves up in
 * the order people joined it, and each person moved up is told. The caller holds the event's row lock,
 * so the count it decides by is the count it writes. Returns the ids promoted.
 */
export async function promoteFromWaitlist(
  tx: Db, actor: CommunityActor,
  e: { eventId: string; communityId: string; communityName: string; title: string; startsAt: string },
): Promise<string[]> {
  const { registered, capacity } = await recountEvent(tx, { eventId: e.eventId });
  const ids = promotionsAfterChange({ capacity, confirmed: registered, waitlist: await getWaitlist(tx, { eventId: e.eventId }) });
  if (!ids.length) return ids;
  await promote(tx, { eventId: e.eventId, userIds: ids });
  await recountEvent(tx, { eventId: e.eventId });
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'community.event_promoted', actorId: actor.userId,
    payload: {
      communityId: e.communityId, communityName: e.communityName, recipientIds: ids, eventId: e.eventId, title: e.title,
      startsAt: new Date(e.startsAt).toISOString(),
    },
  });
  return ids;
}
