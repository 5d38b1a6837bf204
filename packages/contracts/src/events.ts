import { z } from 'zod';
import { roleName } from './auth';

/**
 * Outbox events: written in the same transaction as the change, relayed to the queue, turned into
 * notifications by the worker. Each carries its tenant.
 */
export const eventPayloads = {
  'staff.welcomed': z.object({ userId: z.uuid() }),
  'role.granted': z.object({ userId: z.uuid(), role: roleName, departmentName: z.string().nullable() }),
  'notice.posted': z.object({ userIds: z.array(z.uuid()).min(1), title: z.string(), body: z.string(), link: z.string().nullable() }),
} as const;
export type EventType = keyof typeof eventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;
export const eventTypes = Object.keys(eventPayloads) as EventType[];
