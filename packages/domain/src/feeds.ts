/**
 * The region's public feeds of attraction posts: RSS 2.0, Atom 1.0 and JSON Feed 1.1 written from
 * one neutral description, so the three always say the same (the API serves them; the web proxies
 * them under /visit/<region>/feed.xml, atom.xml, feed.json).
 *
 * Text comes from staff and may hold anything a browser lets one paste: every string is cleaned of
 * characters XML 1.0 does not allow (a single one makes the whole feed unreadable to a strict
 * parser) before it is escaped.
 */

export interface FeedImage {
  url: string;
  type: 'image/jpeg';
  /** Bytes, when known (RSS requires the attribute and takes 0 for "unknown"). */
  length?: number;
}

export interface FeedItem {
  /** Stable and unique (the post's id): a UUID is written as `urn:uuid:…` where an IRI is needed. */
  id: string;
  /** The public page of the post. */
  url: string;
  title: string;
  /** A short excerpt (cards, readers' lists). */
  summary: string;
  /** The whole body as plain text. */
  contentText: string;
  published: Date;
  updated: Date;
  /** The town the post is about. */
  authorName: string;
  categories: string[];
  image?: FeedImage;
}

export interface Feed {
  title: string;
  description: string;
  /** BCP 47, `ja`. */
  language: string;
  /** The region's public page. */
  homeUrl: string;
  /** Where each feed is served (written as its self link). */
  feedUrls: { rss: string; atom: string; json: string };
  /** The newest change of any item (not the time of the request, so an unchanged feed stays byte-identical). */
  updated: Date;
  items: FeedItem[];
  /** Atom's feed author (the region); the title when not given. */
  authorName?: string;
}

/**
 * Characters XML 1.0 does not allow (section 2.2): C0 controls other than tab, LF and CR, U+FFFE,
 * U+FFFF and surrogates that are not part of a pair.
 */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text fit for any of the feeds: characters XML cannot carry dropped, line ends made LF. */
export function cleanFeedText(value: string): string {
  return value.replace(INVALID_XML, '').replace(/\r\n?/g, '\n');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escaped for XML text and attribute values (both quotes, so it is safe in either kind of attribute). */
export function escapeXml(value: string): string {
  return cleanFeedText(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function validDate(date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date in feed');
  return date;
}
/** RFC 822 (as RFC 1123 writes it), which RSS 2.0 requires: `Wed, 01 Apr 2026 00:00:00 GMT`. */
const rfc822 = (date: Date) => validDate(date).toUTCString();
/** RFC 3339, which Atom and JSON Feed require. */
const rfc3339 = (date: Date) => validDate(date).toISOString();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Atom ids are IRIs: a bare UUID becomes a URN, anything with a scheme stays. */
const atomId = (id: string) => (UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : id);

const el = (name: string, value: string, attrs = '') => `<${name}${attrs}>${escapeXml(value)}</${name}>`;
const attr = (name: string, value: string | number) => ` ${name}="${escapeXml(String(value))}"`;

/** The body as simple HTML for readers that show content:encoded: paragraphs and line breaks kept. */
function paragraphsHtml(text: string): string {
  const paras = cleanFeedText(text).split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  return paras.map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`).join('');
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/** RSS 2.0 with the Atom self link (RSS Best Practices) and Dublin Core creator (RSS's <author> must be an e-mail address). */
export function toRss(feed: Feed): string {
  const items = feed.items.map((it) => {
    const parts = [
      el('title', it.title),
      el('link', it.url),
      el('guid', it.url, attr('isPermaLink', 'true')),
      el('pubDate', rfc822(it.published)),
      el('dc:creator', it.authorName),
      ...it.categories.map((c) => el('category', c)),
      el('description', it.summary),
      el('content:encoded', paragraphsHtml(it.contentText)),
    ];
    if (it.image) parts.push(`<enclosure${attr('url', it.image.url)}${attr('length', Math.max(0, Math.trunc(it.image.length ?? 0)))}${attr('type', it.image.type)}/>`);
    return `<item>${parts.join('')}</item>`;
  });
  return [
    XML_HEAD,
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '<channel>',
    el('title', feed.title),
    el('link', feed.homeUrl),
    el('description', feed.description),
    el('language', feed.language),
    el('lastBuildDate', rfc822(feed.updated)),
    `<atom:link${attr('href', feed.feedUrls.rss)} rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** Atom 1.0 (RFC 4287). Texts are type="text": a reader shows them as written, never as markup. */
export function toAtom(feed: Feed): string {
  const entries = feed.items.map((it) => {
    const parts = [
      el('id', atomId(it.id)),
      el('title', it.title, ' type="text"'),
      `<link rel="alternate" type="text/html"${attr('href', it.url)}/>`,
      el('published', rfc3339(it.published)),
      el('updated', rfc3339(it.updated)),
      `<author>${el('name', it.authorName)}</author>`,
      ...it.categories.map((c) => `<category${attr('term', c)}/>`),
      el('summary', it.summary, ' type="text"'),
      el('content', it.contentText, ' type="text"'),
    ];
    if (it.image) {
      const length = it.image.length && it.image.length > 0 ? attr('length', Math.trunc(it.image.length)) : '';
      parts.push(`<link rel="enclosure"${attr('type', it.image.type)}${attr('href', it.image.url)}${length}/>`);
    }
    return `<entry>${parts.join('')}</entry>`;
  });
  return [
    XML_HEAD,
    `<feed xmlns="http://www.w3.org/2005/Atom"${attr('xml:lang', feed.language)}>`,
    el('id', feed.homeUrl),
    el('title', feed.title, ' type="text"'),
    el('subtitle', feed.description, ' type="text"'),
    el('updated', rfc3339(feed.updated)),
    `<link rel="alternate" type="text/html"${attr('href', feed.homeUrl)}/>`,
    `<link rel="self" type="application/atom+xml"${attr('href', feed.feedUrls.atom)}/>`,
    // Every entry has its author, but a feed with no entries still needs one (RFC 4287 4.1.1).
    `<author>${el('name', feed.authorName ?? feed.title)}</author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
export function toJsonFeed(feed: Feed): string {
  const c = cleanFeedText;
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: c(feed.title),
    home_page_url: c(feed.homeUrl),
    feed_url: c(feed.feedUrls.json),
    description: c(feed.description),
    language: c(feed.language),
    authors: [{ name: c(feed.authorName ?? feed.title) }],
    items: feed.items.map((it) => ({
      id: c(it.id),
      url: c(it.url),
      title: c(it.title),
      summary: c(it.summary),
      content_text: c(it.contentText),
      ...(it.image ? { image: c(it.image.url) } : {}),
      date_published: rfc3339(it.published),
      date_modified: rfc3339(it.updated),
      authors: [{ name: c(it.authorName) }],
      tags: it.categories.map(c),
    })),
  }, null, 2);
}
