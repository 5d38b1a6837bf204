import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { municipalities } from '../schema/tenancy';
import { outboxEvents } from '../schema/messaging';
import type { Db } from '../client';

/**
 * Queries of the outbox relay (apps/worker). Listing pending events crosses tenants through the
 * narrow SECURITY DEFINER function outbox_pending() (ids and tenants only); everything else runs
 * inside the event's own tenant.
 */

export interface PendingOutboxEvent {
  id: string;
  municipalityId: string;
}

/** Oldest first. Needs no tenant context: the function answers ids and tenants, nothing else. */
export async function listPendingOutboxEvents(db: Db, { limit }: { limit: number }): Promise<PendingOutboxEvent[]> {
  const rows = await db.execute<{ id: string; municipality_id: string }>(
    sql`select id, municipality_id from outbox_pending(${limit})`,
  );
  return rows.map((r) => ({ id: r.id, municipalityId: r.municipality_id }));
}

/** Municipality → region, for the tenant context. Names and regions of municipalities are public. */
export async function getTenantRegions(db: Db, { tenantIds }: { tenantIds: string[] }): Promise<Map<string, string>> {
  if (tenantIds.length === 0) return new Map();
  const rows = await db
    .select({ id: municipalities.id, regionId: municipalities.regionId })
    .from(municipalities)
    .where(inArray(municipalities.id, tenantIds));
  return new Map(rows.map((r) => [r.id, r.regionId]));
}

/**
 * Locks a still-pending event for the rest of the transaction. SKIP LOCKED: if another relay holds
 * it, this one moves on instead of waiting (and would only re-add a job that already exists).
 * Type and payload come with it, read inside the event's tenant: some events imply jobs of their own
 * (apps/worker/src/outbox/event-jobs.ts).
 */
export async function lockPendingOutboxEvent(
  tx: Db, { tenantId, eventId }: { tenantId: string; eventId: string },
): Promise<{ id: string; type: string; payload: unknown } | undefined> {
  const [row] = await tx
    .select({ id: outboxEvents.id, type: outboxEvents.type, payload: outboxEvents.payload })
    .from(outboxEvents)
    .where(and(eq(outboxEvents.municipalityId, tenantId), eq(outboxEvents.id, eventId), isNull(outboxEvents.relayedAt)))
    .for('update', { skipLocked: true });
  return row;
}

/** attempts counts every try, this one included; a last_error from an earlier try stays for the record. */
export async function markOutboxEventRelayed(tx: Db, { tenantId, eventId }: { tenantId: string; eventId: string }) {
  await tx
    .update(outboxEvents)
    .set({ relayedAt: sql`now()`, attempts: sql`${outboxEvents.attempts} + 1` })
    .where(and(eq(outboxEvents.municipalityId, tenantId), eq(outboxEvents.id, eventId)));
}

/** The event stays pending; the error is kept for whoever looks at a stuck outbox. */
export async function recordOutboxRelayFailure(
  tx: Db, { tenantId, eventId, error }: { tenantId: string; eventId: string; error: string },
) {
  await tx
    .update(outboxEvents)
    .set({ attempts: sql`${outboxEvents.attempts} + 1`, lastError: error.slice(0, 2000) })
    .where(and(eq(outboxEvents.municipalityId, tenantId), eq(outboxEvents.id, eventId)));
}
