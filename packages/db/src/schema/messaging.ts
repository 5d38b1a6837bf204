import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, jsonb, timestamp, integer, index, uniqueIndex, foreignKey } from 'drizzle-orm/pg-core';
import { municipalities, users, tenantPolicy } from './tenancy';

/**
 * Transactional outbox: a change that others must hear about writes its event here in the same
 * transaction. The relay puts pending events on the queue (job id = event id) and stamps them.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    actorId: uuid('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    relayedAt: timestamp('relayed_at', { withTimezone: true }),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_pending_idx').on(t.createdAt).where(sql`${t.relayedAt} is null`),
    tenantPolicy('outbox_events'),
  ],
).enableRLS();

/** In-app notifications. (event, user) is unique, so delivering an event twice notifies once. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id').notNull().references(() => municipalities.id),
    userId: uuid('user_id').notNull(),
    eventId: uuid('event_id'),
    kind: text('kind').notNull(),
    params: jsonb('params').notNull().default({}),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    emailedAt: timestamp('emailed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notifications_event_user_uq').on(t.eventId, t.userId),
    index('notifications_user_idx').on(t.municipalityId, t.userId, t.createdAt.desc(), t.id.desc()),
    index('notifications_unread_idx').on(t.municipalityId, t.userId).where(sql`${t.readAt} is null`),
    foreignKey({ name: 'notifications_user_fk', columns: [t.municipalityId, t.userId], foreignColumns: [users.municipalityId, users.id] }).onDelete('cascade'),
    tenantPolicy('notifications'),
  ],
).enableRLS();
