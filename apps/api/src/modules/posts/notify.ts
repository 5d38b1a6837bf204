import type { Db } from '@yui/db';
import type { EventPayload, EventType } from '@yui/contracts';
import { emitEvent } from '@yui/db/queries/outbox';
import { mutedAmong } from '@yui/db/queries/community-posts';
import type { CommunityActor } from '../communities/access';

/**
 * Community notifications, written to the outbox in the transaction of the change. Recipients may be
 * staff of any town of the region; an event is never written without one.
 */
export async function tell<T extends EventType>(
  tx: Db, actor: CommunityActor, type: T, payload: EventPayload<T> & { recipientIds: string[] },
): Promise<void> {
  const recipientIds = [...new Set(payload.recipientIds)];
  if (recipientIds.length === 0) return;
  await emitEvent(tx, { tenantId: actor.tenantId, type, payload: { ...payload, recipientIds }, actorId: actor.userId });
}

/** These people minus the actor, minus those who muted the community (replies, mentions). */
export async function audience(tx: Db, actor: CommunityActor, communityId: string, ids: readonly string[]): Promise<string[]> {
  const others = [...new Set(ids)].filter((id) => id !== actor.userId);
  const muted = await mutedAmong(tx, { communityId, ids: others });
  return others.filter((id) => !muted.has(id));
}
