import { createHash } from 'node:crypto';
import { attractionCategoryLabels } from '@yui/contracts';
import type { Db } from '@yui/db';
import { listPublished, listPublishedEvents, publishedStamp, regionTownList, type PublicPhotoRow, type PublicPostRow, type PublicRegionRow } from '@yui/db/queries/attractions-public';
import {
  addDays, bodyExcerpt, eventPeriodText, todayInJapan, toAtom, toICalendar, toJsonFeed, toRss, type Feed, type FeedItem, type IcsEvent,
} from '@yui/domain';
import { cardExcerpt, feedLinks, postUrl, publicVariant, StampedCache, type PublicOptions } from './public';

/**
 * The region's feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the latest 50 published posts, and an
 * iCalendar feed of its published event posts (those that end today − 30 days or later, so the past
 * month still shows). The web serves them under /visit/<region>/feed.xml, atom.xml, feed.json and
 * events.ics (proxying /api/attractions/public/:region/feed.rss | feed.atom | feed.json | events.ics).
 *
 * They are the most-read addresses of the service (feed readers poll them), so a rendered body is
 * kept in the process:
 *  - for 30 seconds it is served as it is, without touching the database;
 *  - after that, one cheap query (publishedStamp: how many posts are published and their latest
 *    change; the ICS adds today's date, its window moves daily) tells whether it is still right; if
 *    so it is kept another 30 seconds, otherwise rendered again.
 * So a post published or taken down shows in the feeds within 30 seconds (plus what HTTP caches keep:
 * `Cache-Control: public, max-age=300`). Every answer has an ETag (a hash of the body); a reader
 * sending it back in If-None-Match gets 304 Not Modified. The body is kept as UTF-8 bytes: a calendar
 * of a few hundred events is a few hundred kilobytes, and encoding it again for every request cost
 * more than the rest of the request.
 */

export type FeedKind = 'rss' | 'atom' | 'json' | 'ics';

export const feedContentTypes: Record<FeedKind, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
};

/** Posts in the RSS / Atom / JSON feeds. */
export const FEED_ITEMS = 50;
/** Ended events stay in the calendar feed this long. */
export const ICS_PAST_DAYS = 30;
/** Events in the calendar feed at most (a region posts far fewer in a year). */
const ICS_MAX = 500;
/** How long a rendered feed is served without asking the database. */
export const FEED_FRESH_MS = 30_000;

export interface RenderedFeed {
  /** UTF-8. */
  body: Buffer;
  etag: string;
}

const etagOf = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/** Rendered feeds per region and kind, with the stamp they were made from (StampedCache). At most one entry per region and kind. */
export class FeedCache {
  private readonly cache: StampedCache<RenderedFeed>;
  constructor(freshMs = FEED_FRESH_MS) {
    this.cache = new StampedCache(freshMs);
  }

  /**
   * The feed: from memory while fresh; else `stampOf()` decides whether the kept body is still right,
   * and `render()` makes a new one when not.
   */
  get(regionId: string, kind: FeedKind, stampOf: () => Promise<string>, render: () => Promise<string>): Promise<RenderedFeed> {
    return this.cache.get(`${regionId}|${kind}`, stampOf, async () => {
      const body = Buffer.from(await render(), 'utf8');
      return { body, etag: etagOf(body) };
    });
  }

  clear(): void {
    this.cache.clear();
  }
}

/** The stamp a kind of feed is made from (see FeedCache). */
export async function feedStamp(tx: Db, regionId: string, kind: FeedKind): Promise<string> {
  const stamp = await publishedStamp(tx, regionId);
  return kind === 'ics' ? `${stamp}|${todayInJapan()}` : stamp;
}

const latest = (a: string, b: string) => (Date.parse(a) > Date.parse(b) ? a : b);

function feedItem(o: PublicOptions, region: PublicRegionRow, town: string, r: PublicPostRow, cover: PublicPhotoRow | undefined): FeedItem {
  const card = publicVariant(cover, 'card', { publicUrl: o.publicUrl, regionSlug: region.slug });
  const bytes = cover?.variants?.card?.bytes;
  const period = eventPeriodText({ startsOn: r.eventStartsOn, endsOn: r.eventEndsOn, startTime: r.eventStartTime, endTime: r.eventEndTime });
  const place = [r.placeName, r.address].filter(Boolean).join(' ');
  return {
    id: r.id,
    url: postUrl(o, region, r.id),
    title: r.title,
    summary: cardExcerpt(r.body),
    contentText: [period && `開催: ${period}`, place && `場所: ${place}`, r.body].filter(Boolean).join('\n\n'),
    published: new Date(r.publishedAt),
    updated: new Date(latest(r.updatedAt, r.publishedAt)),
    authorName: town,
    categories: [attractionCategoryLabels[r.category]?.ja ?? r.category, ...r.tags],
    ...(card ? { image: { url: card.url, type: 'image/jpeg' as const, ...(bytes ? { length: bytes } : {}) } } : {}),
  };
}

/** RSS, Atom or JSON Feed of the region's latest published posts. */
export async function renderPostFeed(tx: Db, o: PublicOptions, region: PublicRegionRow, kind: 'rss' | 'atom' | 'json'): Promise<string> {
  // The posts come with their covers: one round trip.
  const [rows, towns] = await Promise.all([listPublished(tx, { regionId: region.id, limit: FEED_ITEMS }), regionTownList(tx, region.id)]);
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  const items = rows.map((r) => feedItem(o, region, townName.get(r.municipalityId) ?? region.name, r, r.cover ?? undefined));
  const links = feedLinks(o, region);
  const feed: Feed = {
    title: `${region.name}の魅力`,
    description: `${region.name}の市町村の職員が届ける、観光スポット・イベント・グルメ・体験・特産品の情報です。`,
    language: 'ja',
    homeUrl: links.page,
    feedUrls: { rss: links.rss, atom: links.atom, json: links.json },
    // The newest change among the items, never the time of the request: an unchanged feed stays byte-identical.
    updated: items.reduce((d, i) => (i.updated > d ? i.updated : d), new Date(0)),
    items,
    authorName: region.name,
  };
  return kind === 'rss' ? toRss(feed) : kind === 'atom' ? toAtom(feed) : toJsonFeed(feed);
}

/** `2026-04-01` and `10:00` as the instant in Japan. */
const japan = (day: string, time = '00:00') => new Date(`${day}T${time}:00+09:00`);

/**
 * One event post as a VEVENT. A one-day event with a start time is timed (to its end time, or a
 * moment when it has none); otherwise it is all day over its days, and times of a several-day event
 * go in the description (「4月1日（水）〜4月20日（月） 10:00〜15:00」).
 */
function icsEvent(o: PublicOptions, region: PublicRegionRow, town: string, r: PublicPostRow): IcsEvent {
  const startsOn = r.eventStartsOn!;
  const endsOn = r.eventEndsOn ?? startsOn;
  const timed = !!r.eventStartTime && endsOn === startsOn;
  const url = postUrl(o, region, r.id);
  const period = eventPeriodText({ startsOn, endsOn, startTime: r.eventStartTime, endTime: r.eventEndTime });
  return {
    uid: `attraction-${r.id}@yui`,
    start: japan(startsOn, timed ? r.eventStartTime! : undefined),
    end: japan(endsOn, timed ? r.eventEndTime ?? r.eventStartTime! : undefined),
    allDay: !timed,
    summary: r.title,
    description: [period, bodyExcerpt(r.body, 300), town, url].filter(Boolean).join('\n\n'),
    location: [r.placeName, r.address].filter(Boolean).join(' ') || null,
    url,
    status: 'CONFIRMED',
    updatedAt: new Date(latest(r.updatedAt, r.publishedAt)),
  };
}

/** The region's published events, ending today − 30 days or later, as iCalendar. */
export async function renderEventFeed(tx: Db, o: PublicOptions, region: PublicRegionRow): Promise<string> {
  const since = addDays(todayInJapan(), -ICS_PAST_DAYS);
  const [rows, towns] = await Promise.all([
    listPublishedEvents(tx, { regionId: region.id, since, limit: ICS_MAX }),
    regionTownList(tx, region.id),
  ]);
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  return toICalendar({
    name: `${region.name}のイベント`,
    events: rows.map((r) => icsEvent(o, region, townName.get(r.municipalityId) ?? region.name, r)),
  });
}
