import { z } from 'zod';
import { roleName } from './auth';

const timeEvent = z.object({
  requestId: z.uuid(),
  ref: z.object({ type: z.string(), id: z.uuid() }).nullable(),
});

/** Community events name their community and the people to tell (any town of the region). */
const community = z.object({ communityId: z.uuid(), communityName: z.string(), recipientIds: z.array(z.uuid()).min(1) });
const communityEvent = community.extend({ eventId: z.uuid(), title: z.string(), startsAt: z.iso.datetime({ offset: true }) });

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

  // 目的別コミュニティ. Recipients may be staff of any town of the region (the worker writes each
  // notification in the recipient's own town); the API leaves out people who muted the community.
  'community.post_created': community.extend({ postId: z.uuid(), kind: z.string(), title: z.string().nullable(), authorName: z.string().nullable() }),
  'community.mentioned': community.extend({ postId: z.uuid(), commentId: z.uuid().nullable(), authorName: z.string().nullable() }),
  'community.replied': community.extend({ postId: z.uuid(), commentId: z.uuid(), authorName: z.string().nullable() }),
  'community.answer_accepted': community.extend({ postId: z.uuid(), commentId: z.uuid() }),
  'community.join_requested': community.extend({ requesterName: z.string() }),
  'community.join_approved': community,
  'community.invited': community.extend({ inviterName: z.string() }),
  'community.reported': community.extend({ postId: z.uuid() }),
  'community.interested': community.extend({ postId: z.uuid(), personName: z.string() }),
  'community.event_created': communityEvent,
  'community.event_promoted': communityEvent,
  'community.event_reminder': communityEvent,
  'community.event_cancelled': communityEvent,
} as const;
export type EventType = keyof typeof eventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;
export const eventTypes = Object.keys(eventPayloads) as EventType[];
