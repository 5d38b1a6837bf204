import { z } from 'zod';
import { roleName } from './auth';

const timeEvent = z.object({
  requestId: z.uuid(),
  ref: z.object({ type: z.string(), id: z.uuid() }).nullable(),
});

/**
 * Outbox events: written in the same transaction as the change, relayed to the queue, turned into
 * notifications by the worker. Each carries its tenant.
 */
export const eventPayloads = {
  'staff.welcomed': z.object({ userId: z.uuid() }),
  'role.granted': z.object({ userId: z.uuid(), role: roleName, departmentName: z.string().nullable() }),
  'notice.posted': z.object({ userIds: z.array(z.uuid()).min(1), title: z.string(), body: z.string(), link: z.string().nullable() }),

  // 20%ルール. Every time_request.* event names its request and, when the time is for a thing in Yui
  // (a call for help, an event, a mentorship…), that thing: features that filed the request listen
  // for approved / declined / withdrawn / cancelled / revoked on their own ref.
  'time_request.submitted': timeEvent.extend({ approverIds: z.array(z.uuid()).min(1), requesterName: z.string(), minutes: z.number().int(), firstDate: z.iso.date() }),
  'time_request.approved': timeEvent.extend({ requesterId: z.uuid(), deciderName: z.string(), comment: z.string().nullable() }),
  'time_request.declined': timeEvent.extend({ requesterId: z.uuid(), deciderName: z.string(), comment: z.string().nullable() }),
  'time_request.returned': timeEvent.extend({ requesterId: z.uuid(), deciderName: z.string(), comment: z.string().nullable() }),
  'time_request.cancelled': timeEvent.extend({ approverIds: z.array(z.uuid()).min(1), requesterName: z.string() }),
  // The requester took back a pending (submitted) request before any decision.
  'time_request.withdrawn': timeEvent.extend({ approverIds: z.array(z.uuid()).min(1), requesterName: z.string() }),
  'time_request.revoked': timeEvent.extend({ requesterId: z.uuid(), deciderName: z.string(), reason: z.string() }),
  'time_request.pending_reminder': timeEvent.extend({ approverIds: z.array(z.uuid()).min(1), requesterName: z.string(), workingDays: z.number().int() }),
  'time_request.actuals_reminder': timeEvent.extend({ requesterId: z.uuid(), firstDate: z.iso.date() }),
} as const;
export type EventType = keyof typeof eventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;
export const eventTypes = Object.keys(eventPayloads) as EventType[];
