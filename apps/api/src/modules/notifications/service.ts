import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { notifications, type Db } from '@yui/db';
import { renderNotification, type Locale, type Notification } from '@yui/contracts';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { notFound } from '../../lib/errors';

export async function listNotifications(
  tx: Db, userId: string, q: { cursor?: string; limit: number; unread?: 'true' | 'false' }, lang: Locale,
): Promise<{ items: Notification[]; nextCursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const rows = await tx
    .select()
    .from(notifications)
    .where(and(
      eq(notifications.userId, userId),
      q.unread === 'true' ? isNull(notifications.readAt) : undefined,
      after
        ? or(lt(notifications.createdAt, new Date(after.at)), and(eq(notifications.createdAt, new Date(after.at)), lt(notifications.id, after.id)))
        : undefined,
    ))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((n) => ({
      id: n.id,
      kind: n.kind,
      ...renderNotification(n.kind, n.params as Record<string, string>, lang),
      link: n.link,
      readAt: n.readAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(),
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

export async function unreadCount(tx: Db, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Someone else's notification, or one of another town, is simply not there. */
export async function markRead(tx: Db, userId: string, id: string) {
  const rows = await tx
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  if (!rows.length) throw notFound();
}

export async function markAllRead(tx: Db, userId: string) {
  await tx.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
