import { UnrecoverableError } from 'bullmq';
import { eventPayloads, renderNotification, type EventPayload, type EventType, type JobPayload, type Locale } from '@yui/contracts';
import type { Db } from '@yui/db';
import { todayInJapan } from '@yui/domain';
import {
  getOutboxEvent, groupRegionRecipientsByTown, insertEventNotifications, listActiveRecipients, listUnmailedNotifications,
  lockUnmailedNotification, markNotificationEmailed, markOutboxEventProcessed, type MailableNotification,
} from '@yui/db/queries/outbox-delivery';
import type { OutgoingMail } from '../../mail';
import { JobProcessor, type JobContext } from '../base';
import { notifyApprovers, releaseByTown, releaseHelpTimeInTown, type TimeRelease } from '../help/release-time';
import { releaseSessionTimeInTown, sessionReleaseByTown, type SessionTimeRelease } from '../mentoring/release-time';

/** Who hears about an event, and what the notification says (kind + params, rendered per reader). */
export interface Delivery {
  userIds: string[];
  kind: string;
  params: Record<string, string | null>;
  link: string | null;
  /**
   * The recipients may be staff of any town of the event tenant's region (目的別コミュニティ): each
   * notification is written, and mailed, inside the recipient's own town. Otherwise only the event
   * tenant's own staff are told.
   */
  regionWide?: boolean;
  /**
   * 職場応援: help fell through on the poster's side, and the helpers' 20% requests for it are
   * released in each helper's own town, in the transaction that writes their notification
   * (processors/help/release-time.ts).
   */
  release?: TimeRelease;
  /**
   * 職員サポート制度: a planned session was called off, and the pair's 20% requests for it are released
   * in each person's own town with that town's notifications (processors/mentoring/release-time.ts).
   */
  sessionRelease?: SessionTimeRelease;
}

const deliveries: { [T in EventType]: (p: EventPayload<T>) => Delivery } = {
  'staff.welcomed': (p) => ({ userIds: [p.userId], kind: 'staff.welcomed', params: {}, link: '/profile' }),
  'role.granted': (p) => ({
    userIds: [p.userId], kind: 'role.granted', params: { role: p.role, departmentName: p.departmentName }, link: null,
  }),
  'notice.posted': (p) => ({
    userIds: [...new Set(p.userIds)], kind: 'notice.posted', params: { title: p.title, body: p.body }, link: p.link,
  }),
  // 20%ルール: the approver hears of new, withdrawn, cancelled and long-pending requests; the requester of decisions.
  'time_request.submitted': (p) => toApprovers('time_request.submitted', p, { requesterName: p.requesterName, minutes: String(p.minutes), firstDate: p.firstDate }, '/time/inbox'),
  'time_request.cancelled': (p) => toApprovers('time_request.cancelled', p, { requesterName: p.requesterName }, `/time/requests/${p.requestId}`),
  // A withdrawn request has left the inbox: the link goes there, not to the request.
  'time_request.withdrawn': (p) => toApprovers('time_request.withdrawn', p, { requesterName: p.requesterName }, '/time/inbox'),
  'time_request.pending_reminder': (p) => toApprovers('time_request.pending_reminder', p, { requesterName: p.requesterName, workingDays: String(p.workingDays) }, '/time/inbox'),
  'time_request.approved': (p) => toRequester('time_request.approved', p, { deciderName: p.deciderName, comment: p.comment }),
  'time_request.declined': (p) => toRequester('time_request.declined', p, { deciderName: p.deciderName, comment: p.comment }),
  'time_request.returned': (p) => toRequester('time_request.returned', p, { deciderName: p.deciderName, comment: p.comment }),
  'time_request.revoked': (p) => toRequester('time_request.revoked', p, { deciderName: p.deciderName, reason: p.reason }),
  'time_request.actuals_reminder': (p) => toRequester('time_request.actuals_reminder', p, { firstDate: p.firstDate }),
  // 目的別コミュニティ: recipients across the region; the API has already left out the actor and who muted.
  'community.post_created': (p) => toCommunity('community.post_created', p, { kind: p.kind, title: p.title, authorName: p.authorName }, postLink(p)),
  'community.mentioned': (p) => toCommunity('community.mentioned', p, { authorName: p.authorName }, postLink(p)),
  'community.replied': (p) => toCommunity('community.replied', p, { authorName: p.authorName }, postLink(p)),
  'community.answer_accepted': (p) => toCommunity('community.answer_accepted', p, {}, postLink(p)),
  'community.join_requested': (p) => toCommunity('community.join_requested', p, { requesterName: p.requesterName }, `/communities/${p.communityId}/members?status=pending`),
  'community.join_approved': (p) => toCommunity('community.join_approved', p, {}, `/communities/${p.communityId}`),
  'community.invited': (p) => toCommunity('community.invited', p, { inviterName: p.inviterName }, `/communities/${p.communityId}`),
  'community.reported': (p) => toCommunity('community.reported', p, {}, postLink(p)),
  'community.interested': (p) => toCommunity('community.interested', p, { personName: p.personName }, postLink(p)),
  'community.event_created': (p) => toCommunityEvent('community.event_created', p),
  'community.event_promoted': (p) => toCommunityEvent('community.event_promoted', p),
  'community.event_reminder': (p) => toCommunityEvent('community.event_reminder', p),
  'community.event_cancelled': (p) => toCommunityEvent('community.event_cancelled', p),
  // 職場応援: recipients across the region (poster and contact of another town, applicants, talent).
  'help.call_matched': (p) => toHelpCall('help.call_matched', p, { townName: p.townName, departmentName: p.departmentName, skills: p.skills.join('・') }),
  'help.application_counted': (p) => toHelpCall('help.application_counted', p, { applicantName: p.applicantName }),
  'help.application_withdrawn': (p) => toHelpCall('help.application_withdrawn', p, { applicantName: p.applicantName }),
  'help.application_accepted': (p) => toHelpCall('help.application_accepted', p, {}),
  // The three ways help falls through on the poster's side also release the helper's 20% time.
  'help.application_declined': (p) => ({
    ...toHelpCall('help.application_declined', p, { note: sentence(p.note) }),
    release: p.applicationId
      ? { refType: 'help_application', reason: 'application_declined', items: p.recipientIds.map((userId) => ({ userId, refId: p.applicationId! })) }
      : undefined,
  }),
  'help.call_cancelled': (p) => ({
    ...toHelpCall('help.call_cancelled', p, { reason: p.reason }),
    release: { refType: 'help_application', reason: 'call_cancelled', items: p.applications.map((a) => ({ userId: a.userId, refId: a.applicationId })) },
  }),
  'help.call_closed': (p) => toHelpCall('help.call_closed', p, { appliedCount: String(p.appliedCount), headcount: String(p.headcount) }),
  'help.thanked': (p) => toHelpCall('help.thanked', p, { fromName: p.fromName }),
  'help.direct_requested': (p) => toHelpDirect('help.direct_requested', p, { fromName: p.fromName, departmentName: p.departmentName }),
  'help.direct_answered': (p) => toHelpDirect('help.direct_answered', p, { talentName: p.talentName, accepted: p.accepted ? 'true' : 'false', note: sentence(p.note) }),
  'help.direct_confirmed': (p) => toHelpDirect('help.direct_confirmed', p, { talentName: p.talentName }),
  'help.direct_withdrawn': (p) => ({
    ...toHelpDirect('help.direct_withdrawn', p, { fromName: p.fromName }),
    release: { refType: 'help_direct_request', reason: 'direct_withdrawn', items: p.recipientIds.map((userId) => ({ userId, refId: p.requestId })) },
  }),
  'help.direct_fell_through': (p) => toHelpDirect('help.direct_fell_through', p, { talentName: p.talentName, reason: p.reason }),
  'help.direct_thanked': (p) => toHelpDirect('help.direct_thanked', p, { fromName: p.fromName }),
  // 職員サポート制度: recipients across the region (a cross-town pair, coordinators of another town).
  'mentoring.matched': (p) => toPair('mentoring.matched', p, { mentorName: p.mentorName, menteeName: p.menteeName }),
  'mentoring.session_planned': (p) => toPair('mentoring.session_planned', p, { byName: p.byName, heldOn: p.heldOn, startTime: p.startTime }),
  'mentoring.pair_ended': (p) => toPair('mentoring.pair_ended', p, { reason: p.reason }),
  'mentoring.nudge': (p) => toPair('mentoring.nudge', p, { weeks: String(p.weeks) }),
  'mentoring.survey_due': (p) => toPair('mentoring.survey_due', p, { stage: p.stage }),
  // The admins go where they can act: matching for a rematch, the health board for stalled pairs.
  'mentoring.rematch_requested': (p) => toProgramme('mentoring.rematch_requested', p, { menteeName: p.menteeName }, 'matching'),
  'mentoring.stalled': (p) => toProgramme('mentoring.stalled', p, { pairs: String(p.pairs), weeks: String(p.weeks) }, 'health'),
  'mentoring.consultation_opened': (p) => toConsultation('mentoring.consultation_opened', p, { mentorName: p.mentorName }),
  'mentoring.consultation_message': (p) => toConsultation('mentoring.consultation_message', p, { authorName: p.authorName }),
  // The people named are told, and their requests for the session released in their own towns.
  'mentoring.session_cancelled': (p) => ({
    ...toPair('mentoring.session_cancelled', p, { heldOn: p.heldOn, reason: p.reason }),
    sessionRelease: { sessionId: p.sessionId, userIds: [...new Set(p.recipientIds)] },
  }),
  // 地域の魅力: the town's reviewers of a submission, the author of a decision, a schedule, publishing
  // and a take-down. A coordinator of any town schedules and takes down, so those two reach the author
  // in their own town (regionWide); the others are written in the author's own town already.
  'attraction.submitted': (p) => toAttraction('attraction.submitted', p, { authorName: p.authorName }),
  'attraction.reviewed': (p) => toAttraction('attraction.reviewed', p, { decision: p.decision, reviewerName: p.reviewerName, comment: p.comment || null }),
  // Only for the relay (the photo job); nobody is told.
  'attraction.photo_uploaded': () => ({ userIds: [], kind: 'attraction.photo_uploaded', params: {}, link: null }),
  'attraction.scheduled': (p) => ({
    ...toAttraction('attraction.scheduled', p, { publishAt: p.publishAt, publishAtText: japanTimeText(p.publishAt) }), regionWide: true,
  }),
  'attraction.published': (p) => toAttraction('attraction.published', p, { url: p.url }),
  'attraction.unpublished': (p) => ({ ...toAttraction('attraction.unpublished', p, { reason: p.reason || null }), regionWide: true }),
};

function toAttraction(kind: string, p: { recipientIds: string[]; postId: string; title: string }, params: Delivery['params']): Delivery {
  return { userIds: [...new Set(p.recipientIds)], kind, params: { title: p.title, ...params }, link: `/attractions/${p.postId}` };
}

/** 「2025/04/10 09:00」 in Japan time: one text for both languages of the template. */
export function japanTimeText(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const v = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${v('year')}/${v('month')}/${v('day')} ${v('hour')}:${v('minute')}`;
}

function toHelpCall(kind: string, p: { recipientIds: string[]; callId: string; title: string }, params: Delivery['params']): Delivery {
  return { userIds: [...new Set(p.recipientIds)], kind, params: { title: p.title, ...params }, link: `/help/calls/${p.callId}`, regionWide: true };
}
function toHelpDirect(kind: string, p: { recipientIds: string[]; requestId: string; title: string }, params: Delivery['params']): Delivery {
  return { userIds: [...new Set(p.recipientIds)], kind, params: { title: p.title, ...params }, link: `/help/requests/${p.requestId}`, regionWide: true };
}

function toPair(kind: string, p: { recipientIds: string[]; mentorshipId: string; programmeTitle: string }, params: Delivery['params']): Delivery {
  return {
    userIds: [...new Set(p.recipientIds)], kind, params: { programmeTitle: p.programmeTitle, ...params }, link: `/mentoring/pairs/${p.mentorshipId}`, regionWide: true,
  };
}
function toProgramme(
  kind: string, p: { recipientIds: string[]; programmeId: string; programmeTitle: string }, params: Delivery['params'], page: 'matching' | 'health',
): Delivery {
  return {
    userIds: [...new Set(p.recipientIds)], kind, params: { programmeTitle: p.programmeTitle, ...params },
    link: `/mentoring/programmes/${p.programmeId}/${page}`, regionWide: true,
  };
}
/** A consultation is confidential: the notice names its subject and who wrote, never the message. */
function toConsultation(kind: string, p: { recipientIds: string[]; consultationId: string; subject: string }, params: Delivery['params']): Delivery {
  return {
    userIds: [...new Set(p.recipientIds)], kind, params: { subject: p.subject, ...params }, link: `/mentoring/consultations/${p.consultationId}`, regionWide: true,
  };
}

/**
 * A free-text note sits between two sentences of the templates (「…見送りとなりました。{note}承認済みの…」),
 * so it is given its own full stop when it has none: 。 after Japanese, a period otherwise. Blank → null
 * (the templates then leave it out).
 */
export function sentence(note: string | null): string | null {
  const t = note?.trim();
  if (!t) return null;
  if (/[。．.!！?？」』)）]$/u.test(t)) return t;
  return /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(t) ? `${t}。` : `${t}.`;
}

function toCommunity(
  kind: string, p: { recipientIds: string[]; communityName: string }, params: Delivery['params'], link: string,
): Delivery {
  return { userIds: [...new Set(p.recipientIds)], kind, params: { communityName: p.communityName, ...params }, link, regionWide: true };
}
function toCommunityEvent(
  kind: string, p: { recipientIds: string[]; communityName: string; eventId: string; title: string; startsAt: string },
): Delivery {
  return toCommunity(kind, p, { title: p.title, startsAt: p.startsAt }, `/communities/events/${p.eventId}`);
}
const postLink = (p: { postId: string }) => `/communities/posts/${p.postId}`;

function toApprovers(kind: string, p: { approverIds: string[]; requestId: string }, params: Delivery['params'], link: string): Delivery {
  return { userIds: [...new Set(p.approverIds)], kind, params, link };
}
function toRequester(kind: string, p: { requesterId: string; requestId: string }, params: Delivery['params']): Delivery {
  return { userIds: [p.requesterId], kind, params, link: `/time/requests/${p.requestId}` };
}

/** The delivery of one stored event; a type or payload outside the contracts fails for good. Exported for tests. */
export function deliveryFor(type: string, payload: unknown): Delivery {
  if (!Object.hasOwn(deliveries, type)) throw new UnrecoverableError(`unknown event type "${type}"`);
  const t = type as EventType;
  const parsed = eventPayloads[t].safeParse(payload);
  if (!parsed.success) throw new UnrecoverableError(`event payload does not match "${type}": ${parsed.error.message}`);
  return (deliveries[t] as (p: unknown) => Delivery)(parsed.data);
}

export interface DeliverResult {
  notified: number;
  mailed: number;
  /** 20% requests released (職場応援, Delivery.release); absent when the event releases nothing. */
  released?: number;
}

/**
 * outbox.deliver: turns one outbox event into notifications and e-mail. Idempotent: notifications
 * are unique per (event, person), and a mail goes out only for a notification whose emailed_at is
 * still empty, under a row lock, stamped in the same transaction. A run that dies after sending but
 * before committing could send one mail twice; nothing here can make SMTP transactional.
 *
 * Community events (regionWide) name staff of any town of the region. Their towns come from
 * region_people() inside the event's tenant — only people of that tenant's region — and each town's
 * notifications and mails are written inside that town's own tenant context (ctx.inRegionTenant),
 * as RLS demands of a town-owned table. The event is stamped processed in its own tenant at the end.
 *
 * An event that releases 20% time (Delivery.release) does so in each helper's town, in the same
 * transaction as that town's notifications: the notice and the release commit together, and a retry
 * finds both done (notifications unique per event and person, the release guarded by status). The
 * helpers are looked up apart from the recipients — the actor and people who have left are told
 * nothing, but their time is released all the same.
 */
export class DeliverOutboxEvent extends JobProcessor<'outbox.deliver', DeliverResult> {
  readonly name = 'outbox.deliver' as const;

  protected async handle({ tenantId, eventId }: JobPayload<'outbox.deliver'>, ctx: JobContext): Promise<DeliverResult> {
    // Inside the tenant, another tenant's event does not exist: a forged job ends here, for good.
    const event = await ctx.inTenant((tx) => getOutboxEvent(tx, { tenantId, eventId }));
    if (!event) throw new UnrecoverableError(`outbox event ${eventId} not found`);
    if (event.processedAt) {
      ctx.log.info({ eventId }, 'event already delivered');
      return { notified: 0, mailed: 0 };
    }
    const delivery = deliveryFor(event.type, event.payload);

    // The towns to write in, each with its recipients and the way into its tenant context.
    let towns: Town[];
    if (delivery.regionWide) {
      // Nobody is told of their own doing, whatever the event says.
      const named = delivery.userIds.filter((id) => id !== event.actorId);
      const byTown = await ctx.inTenant((tx) => groupRegionRecipientsByTown(tx, { userIds: named }));
      const found = [...byTown.values()].reduce((n, ids) => n + ids.length, 0);
      if (found < named.length) {
        ctx.log.warn({ eventId, skipped: named.length - found }, 'some recipients are not active staff of the region');
      }
      towns = [...byTown].map(([townId, userIds]) => ({ tenantId: townId, userIds, run: (fn) => ctx.inRegionTenant(townId, fn) }));
      const release = delivery.release;
      if (release?.items.length) {
        const releases = await ctx.inTenant((tx) => releaseByTown(tx, release));
        for (const [townId, r] of releases) {
          const town = towns.find((t) => t.tenantId === townId);
          if (town) town.release = r;
          else towns.push({ tenantId: townId, userIds: [], release: r, run: (fn) => ctx.inRegionTenant(townId, fn) });
        }
      }
      const sessionRelease = delivery.sessionRelease;
      if (sessionRelease?.userIds.length) {
        const releases = await ctx.inTenant((tx) => sessionReleaseByTown(tx, sessionRelease));
        for (const [townId, r] of releases) {
          const town = towns.find((t) => t.tenantId === townId);
          if (town) town.sessionRelease = r;
          else towns.push({ tenantId: townId, userIds: [], sessionRelease: r, run: (fn) => ctx.inRegionTenant(townId, fn) });
        }
      }
    } else {
      towns = [{ tenantId, userIds: delivery.userIds, release: delivery.release, run: (fn) => ctx.inTenant(fn) }];
    }

    let notified = 0;
    let mailed = 0;
    let released = 0;
    for (const town of towns) {
      const r = await this.deliverInTown(town, eventId, delivery, ctx);
      notified += r.notified;
      mailed += r.mailed;
      released += r.released ?? 0;
    }

    await ctx.inTenant((tx) => markOutboxEventProcessed(tx, { tenantId, eventId }));
    ctx.log.info({ eventId, type: event.type, towns: towns.length, notified, mailed, released }, 'event delivered');
    return delivery.release || delivery.sessionRelease ? { notified, mailed, released } : { notified, mailed };
  }

  /** The notifications and mails of one town, each step in that town's own tenant context. */
  private async deliverInTown(town: Town, eventId: string, delivery: Delivery, ctx: JobContext): Promise<DeliverResult> {
    const { tenantId } = town;
    const { created, released } = await town.run(async (tx) => {
      const recipients = await listActiveRecipients(tx, { tenantId, userIds: town.userIds });
      if (recipients.length < town.userIds.length) {
        ctx.log.warn({ eventId, town: tenantId, skipped: town.userIds.length - recipients.length }, 'some recipients are not active members of the tenant');
      }
      const created = await insertEventNotifications(tx, { tenantId, eventId, userIds: recipients, kind: delivery.kind, params: delivery.params, link: delivery.link });
      // The helpers' 20% time, released in their own town with the notice that says so.
      const released = town.release
        ? await releaseHelpTimeInTown(tx, { tenantId, release: town.release, today: todayInJapan(this.deps.now?.() ?? new Date()) })
        : [];
      if (released.length) {
        ctx.log.info({ eventId, town: tenantId, released: released.map((r) => [r.id, r.toStatus]) }, '20% time released');
        // The managers who waited on (or approved) that time hear why it left their inbox / calendar.
        created.push(...await notifyApprovers(tx, { tenantId, eventId, released, reason: town.release!.reason, title: delivery.params.title ?? '' }));
      }
      if (town.sessionRelease) {
        const today = todayInJapan(this.deps.now?.() ?? new Date());
        const r = await releaseSessionTimeInTown(tx, { tenantId, eventId, release: town.sessionRelease, today, params: delivery.params });
        if (r.released.length) ctx.log.info({ eventId, town: tenantId, released: r.released.map((x) => [x.id, x.toStatus]) }, '20% time released');
        released.push(...r.released);
        created.push(...r.notified);
      }
      return { created, released };
    });

    // Every notification of the event still without its mail, not only the ones created just now:
    // if a previous attempt failed between the insert and the mail, this one sends it.
    const unmailed = await town.run((tx) => listUnmailedNotifications(tx, { tenantId, eventId }));
    let mailed = 0;
    for (const notificationId of unmailed) {
      // One transaction per mail: a failure later on does not un-stamp (and so re-send) earlier ones.
      const sent = await town.run(async (tx) => {
        const n = await lockUnmailedNotification(tx, { tenantId, notificationId });
        if (!n || !n.active) return false;
        await this.deps.mailer.send(composeNotificationMail(n, this.deps.publicUrl));
        await markNotificationEmailed(tx, { tenantId, notificationId });
        return true;
      });
      if (sent) mailed++;
    }
    return { notified: created.length, mailed, released: released.length };
  }
}

/** One town's share of an event: its recipients and a way to run a transaction in its tenant context. */
interface Town {
  tenantId: string;
  userIds: string[];
  /** The 20% time of this town's helpers to release (職場応援). */
  release?: TimeRelease;
  /** The 20% time of this town's people for a cancelled mentoring session. */
  sessionRelease?: SessionTimeRelease;
  run<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

export const mailText: Record<Locale, { greeting: (name: string) => string; open: string; footer: string }> = {
  ja: {
    greeting: (name) => `${name} 様`,
    open: 'Yuiで開く',
    footer: 'このメールはYuiから自動で送信しています。返信はできません。',
  },
  en: {
    greeting: (name) => `Hello ${name},`,
    open: 'Open in Yui',
    footer: 'This message was sent automatically by Yui. Replies are not read.',
  },
};

/** The mail for one notification, in its reader's language: subject = title, then body and link. */
export function composeNotificationMail(n: MailableNotification, publicUrl: string): OutgoingMail {
  const lang: Locale = n.locale === 'en' ? 'en' : 'ja';
  const { title, body } = renderNotification(n.kind, n.params, lang);
  const t = mailText[lang];
  const text = [t.greeting(n.name), '', body, '', `${t.open}: ${absoluteLink(n.link, publicUrl)}`, '', '--', t.footer, ''].join('\n');
  return { to: { email: n.email, name: n.name }, subject: title, text, notificationId: n.id };
}

/**
 * In-app links are paths; they are joined to YUI_PUBLIC_URL as strings, so a public URL with a path
 * prefix keeps it. An absolute http(s) link (a notice may point elsewhere) stays as it is; anything
 * else (javascript:, protocol-relative) is not put into a mail.
 */
export function absoluteLink(link: string | null, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  if (!link) return `${base}/`;
  if (link.startsWith('/') && !link.startsWith('//')) return `${base}${link}`;
  if (/^https?:\/\//i.test(link)) return link;
  return `${base}/`;
}
