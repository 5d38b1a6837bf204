import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { users } from '../schema/tenancy';
import { notifications, outboxEvents } from '../schema/messaging';
import type { Db } from '../client';
import { getRegionPeople } from './region-people';

/**
 * Queries of the delivery job (apps/worker: outbox.deliver). All run inside the event's tenant and
 * still name the tenant: row-level security is the backstop, not the filter.
 */

export interface StoredOutboxEvent {
  id: string;
  type: string;
  payload: unknown;
  actorId: string | null;
  processedAt: Date | null;
}

export async function getOutboxEvent(
  tx: Db, { tenantId, eventId }: { tenantId: string; eventId: string },
): Promise<StoredOutboxEvent | undefined> {
  const [row] = await tx
    .select({
      id: outboxEvents.id, type: outboxEvents.type, payload: outboxEvents.payload,
      actorId: outboxEvents.actorId, processedAt: outboxEvents.processedAt,
    })
    .from(outboxEvents)
    .where(and(eq(outboxEvents.municipalityId, tenantId), eq(outboxEvents.id, eventId)));
  return row;
}

/** The people among `userIds` who belong to the tenant and are still active. */
export async function listActiveRecipients(
  tx: Db, { tenantId, userIds }: { tenantId: string; userIds: string[] },
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.municipalityId, tenantId), inArray(users.id, userIds), eq(users.active, true)));
  return rows.map((r) => r.id);
}

/**
 * Community events name people of any town of the region. Their towns, through the SECURITY
 * DEFINER region_people(): only people of the current region (the event tenant's), only active ones;
 * anyone else named in the event is left out. Town → its recipients, both in a stable order.
 */
export async function groupRegionRecipientsByTown(tx: Db, { userIds }: { userIds: string[] }): Promise<Map<string, string[]>> {
  const people = await getRegionPeople(tx, userIds);
  const byTown = new Map<string, string[]>();
  for (const p of [...people.values()].sort((a, b) => a.municipalityId.localeCompare(b.municipalityId) || a.id.localeCompare(b.id))) {
    if (!p.active) continue;
    const list = byTown.get(p.municipalityId) ?? [];
    list.push(p.id);
    byTown.set(p.municipalityId, list);
  }
  return byTown;
}

/**
 * One notification per recipient. (event, user) is unique, so a second delivery of the same event
 * inserts nothing; the rows returned are only the ones this call created.
 */
export async function insertEventNotifications(
  tx: Db,
  n: { tenantId: string; eventId: string; userIds: string[]; kind: string; params: Record<string, string | null>; link: string | null },
): Promise<Array<{ id: string; userId: string }>> {
  if (n.userIds.length === 0) return [];
  return tx
    .insert(notifications)
    .values(n.userIds.map((userId) => ({
      municipalityId: n.tenantId, userId, eventId: n.eventId, kind: n.kind, params: n.params, link: n.link,
    })))
    .onConflictDoNothing({ target: [notifications.eventId, notifications.userId] })
    .returning({ id: notifications.id, userId: notifications.userId });
}

/** Notifications of an event whose e-mail has not gone out yet. */
export async function listUnmailedNotifications(
  tx: Db, { tenantId, eventId }: { tenantId: string; eventId: string },
): Promise<string[]> {
  const rows = await tx
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.municipalityId, tenantId), eq(notifications.eventId, eventId), isNull(notifications.emailedAt)))
    .orderBy(asc(notifications.createdAt), asc(notifications.id));
  return rows.map((r) => r.id);
}

export interface MailableNotification {
  id: string;
  kind: string;
  params: Record<string, string | null>;
  link: string | null;
  email: string;
  name: string;
  locale: 'ja' | 'en';
  active: boolean;
}

/**
 * Locks one not-yet-mailed notification with what its e-mail needs. A second runner waits here and
 * then finds emailed_at set (the condition is checked again after the lock), so it sends nothing.
 */
export async function lockUnmailedNotification(
  tx: Db, { tenantId, notificationId }: { tenantId: string; notificationId: string },
): Promise<MailableNotification | undefined> {
  const [row] = await tx
    .select({
      id: notifications.id, kind: notifications.kind, params: notifications.params, link: notifications.link,
      email: users.email, name: users.name, locale: users.locale, active: users.active,
    })
    .from(notifications)
    .innerJoin(users, and(eq(users.municipalityId, notifications.municipalityId), eq(users.id, notifications.userId)))
    .where(and(eq(notifications.municipalityId, tenantId), eq(notifications.id, notificationId), isNull(notifications.emailedAt)))
    .for('update', { of: notifications });
  return row ? { ...row, params: (row.params ?? {}) as Record<string, string | null> } : undefined;
}

export async function markNotificationEmailed(tx: Db, { tenantId, notificationId }: { tenantId: string; notificationId: string }) {
  await tx
    .update(notifications)
    .set({ emailedAt: sql`now()` })
    .where(and(eq(notifications.municipalityId, tenantId), eq(notifications.id, notificationId)));
}

export async function markOutboxEventProcessed(tx: Db, { tenantId, eventId }: { tenantId: string; eventId: string }) {
  await tx
    .update(outboxEvents)
    .set({ processedAt: sql`coalesce(${outboxEvents.processedAt}, now())` })
    .where(and(eq(outboxEvents.municipalityId, tenantId), eq(outboxEvents.id, eventId)));
}
