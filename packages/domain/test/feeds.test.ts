import { describe, expect, it } from 'vitest';
import Parser from 'rss-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cleanFeedText, escapeXml, toAtom, toJsonFeed, toRss, type Feed, type FeedItem } from '../src/feeds';

const BASE = 'https://yui.example/visit/koriyama';
// Everything staff could paste into a title: markup characters, quotes, a control character that XML
// 1.0 forbids, emoji outside the BMP and a lone surrogate.
const NASTY = `滝桜 & 花見 <b>"夜桜"</b> it's \u0001\u0008\u000B\u000C\u001F🌸👨‍👩‍👧 \uD83C end`;
const NASTY_CLEAN = `滝桜 & 花見 <b>"夜桜"</b> it's 🌸👨‍👩‍👧  end`;

const item = (n: number, over: Partial<FeedItem> = {}): FeedItem => ({
  id: `0f1e2d3c-1a2b-4c3d-8e4f-56789000000${n}`,
  url: `${BASE}/0f1e2d3c-1a2b-4c3d-8e4f-56789000000${n}`,
  title: `三春滝桜 ${n}`,
  summary: '樹齢千年を超える紅枝垂桜。',
  contentText: '樹齢千年を超える紅枝垂桜。\n\n夜は <ライトアップ> & 屋台。',
  published: new Date(`2026-04-0${n}T01:00:00Z`),
  updated: new Date(`2026-04-0${n}T02:30:00Z`),
  authorName: '三春町',
  categories: ['イベント', '桜'],
  image: { url: `${BASE}/photos/p${n}/card.jpg?v=2&x=1`, type: 'image/jpeg', length: 123456 },
  ...over,
});

const feed: Feed = {
  title: '郡山連携中枢都市圏の魅力',
  description: `郡山と周りの町の見どころ & イベント`,
  language: 'ja',
  homeUrl: BASE,
  feedUrls: { rss: `${BASE}/feed.xml`, atom: `${BASE}/atom.xml`, json: `${BASE}/feed.json` },
  updated: new Date('2026-04-03T02:30:00Z'),
  items: [item(3, { title: NASTY, summary: NASTY, contentText: NASTY, categories: [NASTY], authorName: `大玉村 & "本宮"` }), item(2, { image: undefined }), item(1, { image: { url: `${BASE}/x.jpg`, type: 'image/jpeg' } })],
};
const empty: Feed = { ...feed, items: [] };
// fast-xml-parser's validator checks the markup, not the characters: those are checked here.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const parser = new Parser();
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'entry', 'link', 'category'].includes(name) });

describe('escaping', () => {
  it('escapes the five XML characters and drops what XML 1.0 cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(cleanFeedText('a\u0000b\u0008c\u000Bd\u000Ce\u000Ef\u001Fg\tok\nok')).toBe('abcdefg\tok\nok');
    expect(cleanFeedText('x\uD83C y\uDF38 z🌸')).toBe('x y z🌸'); // lone halves go, the pair stays
    expect(cleanFeedText('\uFFFE\uFFFF✓')).toBe('✓');
    expect(cleanFeedText('a\r\nb\rc')).toBe('a\nb\nc');
  });
});

describe('RSS 2.0', () => {
  const rss = toRss(feed);

  it('is well-formed XML, even with nasty titles', () => {
    expect(XMLValidator.validate(rss)).toBe(true);
    expect(XMLValidator.validate(toRss(empty))).toBe(true);
    expect(rss).not.toMatch(INVALID_XML_CHARS);
  });

  it('reads back with rss-parser', async () => {
    const out = await parser.parseString(rss);
    expect(out.title).toBe(feed.title);
    expect(out.link).toBe(BASE);
    expect(out.description).toBe(feed.description);
    expect(out.feedUrl).toBe(feed.feedUrls.rss);
    expect(out.items).toHaveLength(3);
    const [first, second, third] = out.items;
    expect(first!.title).toBe(NASTY_CLEAN);
    expect(first!.link).toBe(feed.items[0]!.url);
    expect(first!.guid).toBe(feed.items[0]!.url);
    expect(first!.isoDate).toBe('2026-04-03T01:00:00.000Z');
    expect(first!.pubDate).toBe('Fri, 03 Apr 2026 01:00:00 GMT');
    expect(first!.creator).toBe('大玉村 & "本宮"');
    expect(first!.categories).toEqual([NASTY_CLEAN]);
    expect(first!.content).toBe(NASTY_CLEAN); // rss-parser gives <description> as content
    expect(first!.enclosure).toEqual({ url: `${BASE}/photos/p3/card.jpg?v=2&x=1`, length: '123456', type: 'image/jpeg' });
    expect(second!.enclosure).toBeUndefined();
    expect(second!.categories).toEqual(['イベント', '桜']);
    expect(third!.enclosure).toEqual({ url: `${BASE}/x.jpg`, length: '0', type: 'image/jpeg' }); // length unknown → 0
    // content:encoded is HTML of the plain text: the body's own < and & stay text.
    expect((second as unknown as Record<string, string>)['content:encoded']).toBe('<p>樹齢千年を超える紅枝垂桜。</p><p>夜は &lt;ライトアップ&gt; &amp; 屋台。</p>');
  });

  it('has the atom self link, language, guid isPermaLink and build date', () => {
    const doc = xml.parse(rss).rss;
    expect(doc['@version']).toBe('2.0');
    const channel = doc.channel;
    expect(channel['atom:link']).toMatchObject({ '@href': feed.feedUrls.rss, '@rel': 'self', '@type': 'application/rss+xml' });
    expect(channel.language).toBe('ja');
    expect(channel.lastBuildDate).toBe('Fri, 03 Apr 2026 02:30:00 GMT');
    expect(channel.item[0].guid['@isPermaLink']).toBe('true');
  });
});

describe('Atom 1.0', () => {
  const atom = toAtom(feed);

  it('is well-formed XML, even with nasty titles', () => {
    expect(XMLValidator.validate(atom)).toBe(true);
    expect(XMLValidator.validate(toAtom(empty))).toBe(true);
    expect(atom).not.toMatch(INVALID_XML_CHARS);
  });

  it('reads back with rss-parser', async () => {
    const out = await parser.parseString(atom);
    expect(out.title).toBe(feed.title);
    expect(out.link).toBe(BASE);
    expect(out.feedUrl).toBe(feed.feedUrls.atom);
    expect(out.items).toHaveLength(3);
    const first = out.items[0]!;
    expect(first.title).toBe(NASTY_CLEAN);
    expect(first.link).toBe(feed.items[0]!.url);
    expect((first as unknown as { id: string }).id).toBe('urn:uuid:0f1e2d3c-1a2b-4c3d-8e4f-567890000003');
    expect(first.isoDate).toBe('2026-04-03T01:00:00.000Z');
    expect((first as unknown as { author: string }).author).toBe('大玉村 & "本宮"');
    expect(first.summary).toBe(NASTY_CLEAN);
    expect(first.content).toBe(NASTY_CLEAN);
    expect(out.items[1]!.content).toBe('樹齢千年を超える紅枝垂桜。\n\n夜は <ライトアップ> & 屋台。'); // type="text": as written
  });

  it('has ids, dates, links, categories and enclosures as RFC 4287 wants them', () => {
    const doc = xml.parse(atom).feed;
    expect(doc['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(doc['@xml:lang']).toBe('ja');
    expect(doc.id).toBe(BASE);
    expect(doc.updated).toBe('2026-04-03T02:30:00.000Z');
    expect(doc.author.name).toBe(feed.title);
    expect(doc.link).toEqual([
      { '@rel': 'alternate', '@type': 'text/html', '@href': BASE },
      { '@rel': 'self', '@type': 'application/atom+xml', '@href': feed.feedUrls.atom },
    ]);
    const [e3, e2, e1] = doc.entry;
    expect(e3.published).toBe('2026-04-03T01:00:00.000Z');
    expect(e3.updated).toBe('2026-04-03T02:30:00.000Z');
    expect(e3.category).toEqual([{ '@term': NASTY_CLEAN }]);
    expect(e2.category.map((c: Record<string, string>) => c['@term'])).toEqual(['イベント', '桜']);
    expect(e3.summary['@type']).toBe('text');
    expect(e3.content['@type']).toBe('text');
    expect(e3.link[1]).toEqual({ '@rel': 'enclosure', '@type': 'image/jpeg', '@href': `${BASE}/photos/p3/card.jpg?v=2&x=1`, '@length': '123456' });
    expect(e2.link).toHaveLength(1);
    expect(e1.link[1]).toEqual({ '@rel': 'enclosure', '@type': 'image/jpeg', '@href': `${BASE}/x.jpg` });
  });
});

describe('JSON Feed 1.1', () => {
  it('parses, with the required fields and the items', () => {
    const json = JSON.parse(toJsonFeed(feed));
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.title).toBe(feed.title);
    expect(json.home_page_url).toBe(BASE);
    expect(json.feed_url).toBe(feed.feedUrls.json);
    expect(json.language).toBe('ja');
    expect(json.items).toHaveLength(3);
    for (const it of json.items) {
      expect(typeof it.id).toBe('string');
      expect(it.content_text ?? it.content_html).toBeTypeOf('string'); // one of them is required
    }
    expect(json.items[0]).toEqual({
      id: '0f1e2d3c-1a2b-4c3d-8e4f-567890000003',
      url: `${BASE}/0f1e2d3c-1a2b-4c3d-8e4f-567890000003`,
      title: NASTY_CLEAN,
      summary: NASTY_CLEAN,
      content_text: NASTY_CLEAN,
      image: `${BASE}/photos/p3/card.jpg?v=2&x=1`,
      date_published: '2026-04-03T01:00:00.000Z',
      date_modified: '2026-04-03T02:30:00.000Z',
      authors: [{ name: '大玉村 & "本宮"' }],
      tags: [NASTY_CLEAN],
    });
    expect(json.items[1]).not.toHaveProperty('image');
    expect(JSON.parse(toJsonFeed(empty)).items).toEqual([]);
  });
});

describe('dates', () => {
  it('refuses an invalid date rather than writing "Invalid Date"', () => {
    const bad = { ...feed, items: [item(1, { published: new Date('nope') })] };
    expect(() => toRss(bad)).toThrow(RangeError);
    expect(() => toAtom(bad)).toThrow(RangeError);
    expect(() => toJsonFeed(bad)).toThrow(RangeError);
  });
});
