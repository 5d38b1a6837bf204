import { and, desc, eq, getTableColumns, isNull, lt, or, sql } from 'drizzle-orm';
import { notifications, type Db } from '@yui/db';
import { renderNotification, type Locale, type Notification } from '@yui/contracts';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { notFound } from '../../lib/errors';

/** Whose notifications: always a person in a tenant (RLS is the backstop, not the filter). */
export interface Reader {
  tenantId: string;
  userId: string;
}
const mine = (r: Reader) => and(eq(notifications.municipalityId, r.tenantId), eq(notifications.userId, r.userId));

export async function listNotifications(
  tx: Db, r: Reader, q: { cursor?: string; limit: number; unread?: 'true' | 'false' }, lang: Locale,
): Promise<{ items: Notification[]; nextCursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const afterAt = after && sql`${after.at}::timestamptz`;
  const rows = await tx
    .select({ ...getTableColumns(notifications), cursorAt: sql<string>`to_json(${notifications.createdAt}) #>> '{}'` })
    .from(notifications)
    .where(and(
      mine(r),
      q.unread === 'true' ? isNull(notifications.readAt) : undefined,
      after && afterAt
        ? or(lt(notifications.createdAt, afterAt), and(eq(notifications.createdAt, afterAt), lt(notifications.id, after.id)))
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
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
  };
}

export async function unreadCount(tx: Db, r: Reader): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(mine(r), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Someone else's notification, or one of another town, is simply not there. */
export async function markRead(tx: Db, r: Reader, id: string) {
  const rows = await tx
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(mine(r), eq(notifications.id, id)))
    .returning({ id: notifications.id });
  if (!rows.length) throw notFound();
}

export async function markAllRead(tx: Db, r: Reader) {
  await tx.update(notifications).set({ readAt: new Date() }).where(and(mine(r), isNull(notifications.readAt)));
}
