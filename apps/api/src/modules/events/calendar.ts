import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Db, Sql } from '@yui/db';
import {
  feedEvents, getFeedToken, insertFeedToken, lockFeedTokens, revokeFeedTokens, type FeedEventRow,
} from '@yui/db/queries/community-events';
import { toICalendar, type IcsEvent } from '@yui/domain';
import { requireRead, type CommunityActor } from '../communities/access';
import { eventAccess } from './service';

/**
 * Calendars: one event as an .ics download, and a personal feed (Outlook「インターネット予定表」,
 * Google, phones) of the events a person has a place or a waitlist place for.
 *
 * The feed URL carries a secret token and nothing else (calendar clients send no sign-in). The token
 * is HMAC-SHA256(secret, user + token row id): the database keeps only its SHA-256 hash, yet the same
 * URL can be shown again on every visit by computing it anew from the current row. Resetting revokes
 * the row and makes a new one (a new URL; the old one answers 404). If the secret changes, the
 * computed token no longer matches the stored hash: the row is replaced and the person gets a new URL.
 */

export interface CalendarOptions {
  /** The site's address, e.g. https://yui.example.jp (YUI_PUBLIC_URL). */
  publicUrl: string;
  /** The key the feed tokens are derived with (YUI_JWT_SECRET). */
  feedSecret: string;
}

/** Ended events stay in the feed this long, so the past month still shows in the calendar. */
const FEED_PAST_DAYS = 30;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const base = (url: string) => url.replace(/\/+$/, '');

export const eventPageUrl = (o: CalendarOptions, eventId: string) => `${base(o.publicUrl)}/communities/events/${eventId}`;

interface IcsSource {
  id: string;
  title: string;
  description: string;
  communityName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  format: 'offline' | 'online' | 'hybrid';
  status: 'scheduled' | 'cancelled';
  sequence: number;
  updatedAt: string;
}

/**
 * One event as an iCalendar VEVENT. The online link goes in only for people who may see it (a place,
 * or a manager); otherwise the location just says it is online.
 */
function icsEvent(o: CalendarOptions, e: IcsSource, opts: { showOnlineUrl: boolean; waitlisted: boolean }): IcsEvent {
  const online = e.format === 'offline' ? null : opts.showOnlineUrl && e.onlineUrl ? e.onlineUrl : 'オンライン';
  const url = eventPageUrl(o, e.id);
  return {
    uid: `${e.id}@yui`,
    start: new Date(e.startsAt),
    end: new Date(e.endsAt),
    summary: opts.waitlisted ? `［キャンセル待ち］${e.title}` : e.title,
    description: [e.description.trim(), `${e.communityName}`, url].filter(Boolean).join('\n\n'),
    location: [e.format === 'online' ? null : e.place, online].filter(Boolean).join(' / ') || null,
    url,
    status: e.status === 'cancelled' ? 'CANCELLED' : opts.waitlisted ? 'TENTATIVE' : 'CONFIRMED',
    updatedAt: new Date(e.updatedAt),
    sequence: e.sequence,
  };
}

/** Characters a file name may not hold on Windows or macOS, and control characters. */
const fileName = (title: string) => title.replace(/[\\/:*?"<>|\u0000-\u001F\u007F]/g, '_').slice(0, 100).trim() || 'event';

/** GET /events/:id/ics — readers of the community. */
export async function eventIcs(tx: Db, actor: CommunityActor, eventId: string, o: CalendarOptions): Promise<{ name: string; ascii: string; body: string }> {
  const { row, access } = await eventAccess(tx, actor, eventId);
  requireRead(access);
  const body = toICalendar({
    name: row.title,
    events: [icsEvent(o, row, { showOnlineUrl: access.isManager || row.myStatus === 'registered', waitlisted: row.myStatus === 'waitlisted' })],
  });
  return { name: `${fileName(row.title)}.ics`, ascii: `event-${row.id}.ics`, body };
}

// ── the personal feed ───────────────────────────────────────────────────────────────────────────

const tokenFor = (o: CalendarOptions, userId: string, rowId: string) =>
  createHmac('sha256', o.feedSecret).update(`yui.calendar_feed\n${userId}\n${rowId}`).digest('base64url');

const feedUrls = (o: CalendarOptions, token: string) => {
  const url = `${base(o.publicUrl)}/api/calendar/${token}.ics`;
  return { url, webcalUrl: url.replace(/^https?:\/\//, 'webcal://') };
};

/**
 * GET /calendar/feed (reset: false) and POST /calendar/feed/reset (reset: true): the person's feed URL,
 * made on first use. Serialised per person, so two first visits at once make one token.
 */
export async function feedFor(tx: Db, actor: CommunityActor, o: CalendarOptions, opts: { reset: boolean }): Promise<{ url: string; webcalUrl: string }> {
  const who = { tenantId: actor.tenantId, userId: actor.userId };
  await lockFeedTokens(tx, who);
  if (opts.reset) await revokeFeedTokens(tx, who);
  const row = opts.reset ? null : await getFeedToken(tx, who);
  if (row) {
    const token = tokenFor(o, actor.userId, row.id);
    if (sha256(token) === row.tokenHash) return feedUrls(o, token);
    // The secret has changed since the row was made: its URL cannot be shown again, so replace it.
    await revokeFeedTokens(tx, who);
  }
  const id = randomUUID();
  const token = tokenFor(o, actor.userId, id);
  await insertFeedToken(tx, { id, ...who, tokenHash: sha256(token) });
  return feedUrls(o, token);
}

const TOKEN_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

/**
 * GET /calendar/:token.ics — no sign-in: the token names the person (auth_find_calendar_token, outside
 * any tenant), and their events are read in their own tenant context. null: no such live token.
 */
export async function feedIcs(
  app: { sql: Sql; withTenant: <T>(ctx: { tenantId: string; regionId: string; userId: string }, fn: (tx: Db) => Promise<T>) => Promise<T> },
  file: string, o: CalendarOptions,
): Promise<string | null> {
  const token = TOKEN_FILE.exec(file)?.[1];
  if (!token) return null;
  const [owner] = await app.sql<{ user_id: string; municipality_id: string; region_id: string }[]>`
    select * from auth_find_calendar_token(${sha256(token)})`;
  if (!owner) return null;
  const ctx = { tenantId: owner.municipality_id, regionId: owner.region_id, userId: owner.user_id };
  const rows = await app.withTenant(ctx, (tx) => feedEvents(tx, { regionId: ctx.regionId, userId: ctx.userId, pastDays: FEED_PAST_DAYS }));
  return toICalendar({
    name: 'Yui コミュニティのイベント',
    events: rows.map((e: FeedEventRow) => icsEvent(o, e, { showOnlineUrl: e.myStatus === 'registered', waitlisted: e.myStatus === 'waitlisted' })),
  });
}
