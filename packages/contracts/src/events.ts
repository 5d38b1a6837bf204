import { z } from 'zod';
import { roleName } from './auth';

const timeEvent = z.object({
  requestId: z.uuid(),
  ref: z.object({ type: z.string(), id: z.uuid() }).nullable(),
});

/** Community events name their community and the people to tell (any town of the region). */
const community = z.object({ communityId: z.uuid(), communityName: z.string(), recipientIds: z.array(z.uuid()).min(1) });
const communityEvent = community.extend({ eventId: z.uuid(), title: z.string(), startsAt: z.iso.datetime({ offset: true }) });

/** Calls for help name the call and the people to tell (any town of the region). */
const helpCallEvt = z.object({ callId: z.uuid(), title: z.string(), recipientIds: z.array(z.uuid()).min(1) });
const helpDirectEvt = z.object({ requestId: z.uuid(), title: z.string(), recipientIds: z.array(z.uuid()).min(1) });

/** Mentoring events name the pair (or programme) and the people to tell (any town of the region). */
const pairEvt = z.object({ mentorshipId: z.uuid(), programmeTitle: z.string(), recipientIds: z.array(z.uuid()).min(1) });
/** Attraction posts name the post and the people to tell (any town of the region). */
const attractionEvt = z.object({ postId: z.uuid(), title: z.string(), recipientIds: z.array(z.uuid()) });
const consultEvt = z.object({ consultationId: z.uuid(), subject: z.string(), recipientIds: z.array(z.uuid()).min(1) });

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

  // 職場応援. Recipients may be staff of any town of the region (written in each one's own town).
  /** A new call matches the skills people asked to hear about (talent registry, opt-in per skill). */
  'help.call_matched': helpCallEvt.extend({ departmentName: z.string(), townName: z.string(), skills: z.array(z.string()) }),
  /** An application counts now (the applicant's manager approved the time): to the call's poster and contact. */
  'help.application_counted': helpCallEvt.extend({ applicantName: z.string() }),
  /** A counted or accepted application was withdrawn (by the applicant, or their time was cancelled/revoked). */
  'help.application_withdrawn': helpCallEvt.extend({ applicantName: z.string() }),
  'help.application_accepted': helpCallEvt,
  /**
   * The poster declined an application. `applicationId` is the ref of the applicant's 20% request: the
   * worker withdraws (or, before its first day, cancels) that request in the applicant's own town.
   * (Defaults keep events stored before the field existed deliverable.)
   */
  'help.application_declined': helpCallEvt.extend({ note: z.string().nullable(), applicationId: z.uuid().nullable().default(null) }),
  /**
   * The call was cancelled: to everyone with a live application. `applications` are the live ones it
   * cancelled (applicant + application id = the ref of their 20% request), released by the worker in
   * each applicant's own town.
   */
  'help.call_cancelled': helpCallEvt.extend({
    reason: z.string(),
    applications: z.array(z.object({ userId: z.uuid(), applicationId: z.uuid() })).default([]),
  }),
  /** The deadline passed (the scheduled job closed it): to the poster and contact, with the figures. */
  'help.call_closed': helpCallEvt.extend({ appliedCount: z.number().int(), headcount: z.number().int() }),
  'help.thanked': helpCallEvt.extend({ fromName: z.string() }),
  'help.direct_requested': helpDirectEvt.extend({ fromName: z.string(), departmentName: z.string() }),
  'help.direct_answered': helpDirectEvt.extend({ talentName: z.string(), accepted: z.boolean(), note: z.string().nullable() }),
  /** The talent's manager approved the time: the request is on (成立). */
  'help.direct_confirmed': helpDirectEvt.extend({ talentName: z.string() }),
  /** The requester withdrew: the worker releases the talent's 20% request (ref = requestId) in the talent's town. */
  'help.direct_withdrawn': helpDirectEvt.extend({ fromName: z.string() }),
  /** After the talent said yes, it fell through: their manager did not approve the time, or the time was withdrawn/cancelled/revoked. */
  'help.direct_fell_through': helpDirectEvt.extend({ talentName: z.string(), reason: z.enum(['time_declined', 'time_withdrawn']) }),
  'help.direct_thanked': helpDirectEvt.extend({ fromName: z.string() }),
  // 職員サポート制度: recipients across the region (a cross-town pair, a programme's coordinators).
  /** A pair was formed: both are told (each sees the other's name). */
  'mentoring.matched': pairEvt.extend({ mentorName: z.string(), menteeName: z.string() }),
  /** One of the pair planned the next session: the other is told. */
  'mentoring.session_planned': pairEvt.extend({ byName: z.string(), heldOn: z.iso.date(), startTime: z.string().nullable() }),
  /** A mentee asked for a new match: the programme's admins are told (the reason stays in the app). */
  'mentoring.rematch_requested': pairEvt.extend({ programmeId: z.uuid(), menteeName: z.string() }),
  /** A pair ended (a rematch request, an admin, the end of the period): the pair is told. */
  'mentoring.pair_ended': pairEvt.extend({ reason: z.enum(['completed', 'rematch', 'withdrawn', 'closed']) }),
  /** Keeping pairs alive (worker): no session for `weeks` weeks → both. */
  'mentoring.nudge': pairEvt.extend({ weeks: z.number().int() }),
  /** Still none (worker): the programme's admins, one notice per programme and run. */
  'mentoring.stalled': z.object({
    programmeId: z.uuid(), programmeTitle: z.string(), recipientIds: z.array(z.uuid()).min(1), pairs: z.number().int().min(1), weeks: z.number().int(),
  }),
  /** The mid-point or the end of a pair came (worker): both are asked for the short survey. */
  'mentoring.survey_due': pairEvt.extend({ stage: z.enum(['mid', 'end']) }),
  /** A mentor opened a confidential consultation: the people consulted are told. */
  'mentoring.consultation_opened': consultEvt.extend({ mentorName: z.string() }),
  'mentoring.consultation_message': consultEvt.extend({ authorName: z.string() }),
  /**
   * A planned session was called off — one of the pair cancelled it ('cancelled'), or the pair ended
   * (its reason). recipientIds: the people whose 20% request for the session was still standing; the
   * worker releases each one's request (ref mentoring_session = sessionId) in their own town, tells
   * their manager, and tells them (not the one who did it).
   */
  'mentoring.session_cancelled': pairEvt.extend({
    sessionId: z.uuid(),
    heldOn: z.iso.date(),
    reason: z.enum(['cancelled', 'completed', 'rematch', 'withdrawn', 'closed']),
  }),

  // 地域の魅力. Recipients may be of any town of the region (the author of a post the coordinator scheduled).
  /** An author submitted a post for review: the town's reviewers are told. */
  'attraction.submitted': attractionEvt.extend({ authorName: z.string() }),
  /** A reviewer approved, returned (with comments) or rejected a post: its author is told. */
  'attraction.reviewed': attractionEvt.extend({ decision: z.enum(['approved', 'returned', 'rejected']), reviewerName: z.string(), comment: z.string() }),
  /**
   * A photo was uploaded or its keep-location choice changed: the relay queues `attractions.photo`
   * (resize, strip location) for the photo's town. recipientIds is empty: nobody is told.
   */
  'attraction.photo_uploaded': z.object({ postId: z.uuid(), photoId: z.uuid(), seq: z.number().int(), recipientIds: z.array(z.uuid()) }),
  /**
   * A coordinator scheduled (or rescheduled) a post: the relay queues `attractions.publish` delayed until
   * publishAt, for the post's town (postTownId), with the schedule's seq; the author is told.
   */
  'attraction.scheduled': attractionEvt.extend({ postTownId: z.uuid(), publishAt: z.iso.datetime({ offset: true }), seq: z.number().int() }),
  /** The worker published a post: its author is told (with the public address). */
  'attraction.published': attractionEvt.extend({ url: z.string() }),
  /**
   * A post was taken down (coordinator or the town's reviewer): the relay queues `attractions.publish`
   * with action 'unpublish' at once (relays are told); the author is told.
   */
  'attraction.unpublished': attractionEvt.extend({ postTownId: z.uuid(), seq: z.number().int(), reason: z.string() }),
} as const;
export type EventType = keyof typeof eventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;
export const eventTypes = Object.keys(eventPayloads) as EventType[];
