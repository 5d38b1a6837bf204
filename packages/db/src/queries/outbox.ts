import { eventPayloads, type EventPayload, type EventType } from '@yui/contracts';
import { outboxEvents } from '../schema/messaging';
import type { Db } from '../client';

/**
 * Records an event in the caller's transaction: it is delivered if and only if the change commits.
 * The payload is checked against the contract here, so a malformed event never reaches the queue.
 */
export async function emitEvent<T extends EventType>(
  tx: Db,
  e: { tenantId: string; type: T; payload: EventPayload<T>; actorId?: string | null },
): Promise<string> {
  const payload = eventPayloads[e.type].parse(e.payload);
  const [row] = await tx
    .insert(outboxEvents)
    .values({ municipalityId: e.tenantId, type: e.type, payload, actorId: e.actorId ?? null })
    .returning({ id: outboxEvents.id });
  return row!.id;
}
