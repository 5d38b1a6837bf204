/**
 * Writing for social-media relays (地域の魅力): how each kind of relay counts a text, its default
 * limit, and the default text of a post cut to fit. Pure and without Node imports: the staff page
 * counts as the coordinator types (`@yui/domain/social` in the browser), the API and the worker
 * compose the same text, so the number on screen is the number the relay is checked against.
 */

/** The relay kinds (the same union as `ChannelKind` of @yui/contracts, which this package does not depend on). */
export type SocialKind = 'x' | 'instagram' | 'facebook' | 'line' | 'other';

const LIMITS: Record<SocialKind, number> = { x: 280, instagram: 2200, facebook: 63206, line: 500, other: 1000 };

/** What a relay takes when the coordinator set no limit of their own. X: 280 weighted (140 Japanese characters). */
export function defaultLimit(kind: SocialKind): number {
  return LIMITS[kind] ?? LIMITS.other;
}

/** X shortens every link to t.co, so a link weighs the same whatever its length. */
export const X_URL_WEIGHT = 23;

/**
 * An http(s) link as X finds it in running text. X's own pattern is far larger (TLD lists, IDN
 * domains); this keeps to what a link needs: the scheme, then URL characters. A Japanese character
 * ends it, so 「詳しくはhttps://example.jp/aこちら」 counts `https://example.jp/a` as the link.
 */
const URL_RE = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%\u00C0-\u024F]+/giu;

/**
 * End of a link as X sees it: a sentence's closing punctuation is not part of it, a closing
 * parenthesis only when it closes one opened in the link (`…/wiki/Foo_(bar)`).
 */
function trimUrlEnd(url: string): string {
  let end = url.length;
  while (end > 0) {
    const c = url[end - 1]!;
    if (c === ')') {
      const head = url.slice(0, end);
      if (head.split('(').length > head.split(')').length - 1) break;
    } else if (!".,:;!?'*\"[]".includes(c)) break;
    end--;
  }
  return url.slice(0, end);
}

/** The links of a text with their UTF-16 offsets, as X would find them. */
export function findUrls(text: string): Array<{ url: string; start: number; end: number }> {
  const out: Array<{ url: string; start: number; end: number }> = [];
  for (const m of text.matchAll(URL_RE)) {
    const url = trimUrlEnd(m[0]);
    // `https://` alone (or followed only by punctuation) is not a link.
    if (!/^https?:\/\/[^/?#]/i.test(url)) continue;
    out.push({ url, start: m.index, end: m.index + url.length });
  }
  return out;
}

/**
 * twitter-text v3 (config v3.json): code points in these ranges weigh 1 (Latin, Greek, Cyrillic,
 * Hebrew, Arabic, Indic…, general punctuation), everything else 2 — so Japanese counts double.
 */
const LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
const codePointWeight = (cp: number) => (LIGHT_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi) ? 1 : 2);

/**
 * An emoji as X counts it: one unit of weight 2 however many code points it is built from (skin
 * tones, ZWJ families, flags, keycaps, subdivision flags). X uses twemoji's list; Unicode's
 * Extended_Pictographic property gives the same sequences without shipping that list.
 */
const EMOJI_RE =
  /\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|[\u{E0020}-\u{E007F}])*(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*)*/gu;

/** Weight of text holding no link: emoji sequences 2 each, other code points by range. */
function weighPlain(text: string): number {
  let weight = 0;
  let last = 0;
  const codePoints = (s: string) => {
    for (const ch of s) weight += codePointWeight(ch.codePointAt(0)!);
  };
  for (const m of text.matchAll(EMOJI_RE)) {
    codePoints(text.slice(last, m.index));
    // A lone pictograph in the light ranges (© ® without the emoji selector) is plain text to X.
    if ([...m[0]].length === 1) codePoints(m[0]);
    else weight += 2;
    last = m.index + m[0].length;
  }
  codePoints(text.slice(last));
  return weight;
}

/** X's weighted length (twitter-text v3: normalised to NFC, links 23, emoji 2, CJK 2, Latin 1). */
function countX(text: string): number {
  const normal = text.normalize('NFC');
  let weight = 0;
  let last = 0;
  for (const u of findUrls(normal)) {
    weight += weighPlain(normal.slice(last, u.start)) + X_URL_WEIGHT;
    last = u.end;
  }
  return weight + weighPlain(normal.slice(last));
}

/**
 * The length a relay holds the text against. X weighs (see `countX`); Instagram, Facebook, LINE and
 * other relays count characters (code points, so an emoji outside the BMP is one, not two UTF-16 units).
 */
export function countFor(kind: SocialKind, text: string): number {
  if (kind === 'x') return countX(text);
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const ELLIPSIS = '…';

// Graphemes where the runtime can split them (every current browser and Node), code points
// otherwise: either way a surrogate pair is never split; with graphemes neither is an emoji sequence
// nor a kana with its sound mark.
const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('ja', { granularity: 'grapheme' }) : null;
const graphemesOf = (s: string): string[] => (segmenter ? Array.from(segmenter.segment(s), (g) => g.segment) : Array.from(s));

/** Half of a surrogate pair on its own (a text cut by UTF-16 units somewhere) is no character: dropped. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, (c) => (c.length === 2 ? c : ''));

/** The body as one line: paragraphs and line breaks become single spaces. */
const collapse = (body: string) => wellFormed(body).replace(/\s+/gu, ' ').trim();

/** Sentence ends a cut may move back to, so an excerpt stops after 。 rather than mid-word. */
const SENTENCE_END = /[。！？!?．]$/u;

/**
 * Cuts graphemes to `maxChars` including the 「…」. Prefers the end of a sentence in the last 40 %
 * of the room and never cuts inside a link (the cut moves before it: a broken link is worse than a
 * shorter text).
 */
function cutGraphemes(gs: readonly string[], maxChars: number): string {
  if (gs.length <= maxChars) return gs.join('');
  if (maxChars <= 0) return '';
  let keep = maxChars - 1;
  const text = gs.join('');
  // Offsets of grapheme boundaries, to map links (UTF-16 offsets) onto graphemes.
  const offsets: number[] = [0];
  for (const g of gs) offsets.push(offsets[offsets.length - 1]! + g.length);
  for (const u of findUrls(text)) {
    const cut = offsets[keep]!;
    if (cut > u.start && cut < u.end) {
      keep = offsets.findIndex((o) => o >= u.start);
      break;
    }
  }
  for (let i = keep; i >= Math.ceil((maxChars - 1) * 0.6) && i > 0; i--) {
    if (SENTENCE_END.test(gs[i - 1]!)) {
      keep = i;
      break;
    }
  }
  return `${gs.slice(0, keep).join('').trimEnd()}${ELLIPSIS}`;
}

/**
 * The beginning of a post's body for a card or a social post: whitespace collapsed (the body is
 * plain text, paragraphs separated by blank lines), at most `maxChars` characters (graphemes)
 * including the 「…」 that marks a cut.
 */
export function bodyExcerpt(body: string, maxChars: number): string {
  return cutGraphemes(graphemesOf(collapse(body)), Math.floor(maxChars));
}

export interface SocialTextInput {
  title: string;
  townName: string;
  /** The post's body (plain text). */
  body: string;
  /** Without the # (as stored); written as #tag, spaces removed. */
  tags: readonly string[];
  /** The post's public page: always kept whole, at the end. */
  url: string;
  kind: SocialKind;
  /** The relay's limit; its kind's default when not given. */
  limit?: number;
}

/** Fewer than this many characters of the body are not worth a post's room: the excerpt goes. */
const MIN_EXCERPT = 10;

/** Largest n in [lo, hi] with ok(n), given ok is monotone (true up to some n); lo - 1 if none. */
function largest(lo: number, hi: number, ok: (n: number) => boolean): number {
  let best = lo - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * The default text of a post for one relay:
 *
 *     title【town】
 *
 *     excerpt of the body
 *
 *     #tag1 #tag2
 *     https://…/visit/<region>/<id>
 *
 * cut to fit the relay's limit as the relay counts (`countFor`): the excerpt shortens first (and
 * goes when too little would be left), then tags go from the last, then the title shortens, the
 * town last of all. The URL is never cut; when it alone is over the limit, it is all there is.
 */
export function composeSocialText(input: SocialTextInput): string {
  const { kind } = input;
  const limit = input.limit ?? defaultLimit(kind);
  const fits = (s: string) => countFor(kind, s) <= limit;
  const url = wellFormed(input.url.trim());
  const town = collapse(input.townName);
  const titleGs = graphemesOf(collapse(input.title));
  const bodyGs = graphemesOf(collapse(input.body));
  const tags = [...new Set(input.tags.map((t) => wellFormed(t).replace(/^[#＃]+/u, '').replace(/\s+/gu, '')).filter(Boolean))].map((t) => `#${t}`);

  const build = (title: string, withTown: boolean, excerpt: string, tagCount: number) => {
    const head = [[title, withTown && town ? `【${town}】` : ''].join(''), excerpt].filter(Boolean).join('\n\n');
    const foot = [tags.slice(0, tagCount).join(' '), url].filter(Boolean).join('\n');
    return [head, foot].filter(Boolean).join('\n\n');
  };
  const title = titleGs.join('');

  // 1. The excerpt, as long as the room allows.
  const full = build(title, true, bodyGs.join(''), tags.length);
  if (fits(full)) return full;
  const room = largest(MIN_EXCERPT + 1, bodyGs.length, (n) => fits(build(title, true, cutGraphemes(bodyGs, n), tags.length)));
  if (room > MIN_EXCERPT) return build(title, true, cutGraphemes(bodyGs, room), tags.length);

  // 2. Tags, the last first.
  const tagCount = largest(0, tags.length, (n) => fits(build(title, true, '', n)));
  if (tagCount >= 0) return build(title, true, '', tagCount);

  // 3. The title, then the town.
  // A title cut to 「…」 alone says nothing: at least one character stays before it.
  const least = Math.min(2, titleGs.length);
  const titleRoom = largest(least, titleGs.length, (n) => fits(build(cutGraphemes(titleGs, n), true, '', 0)));
  if (titleRoom >= least && least > 0) return build(cutGraphemes(titleGs, titleRoom), true, '', 0);
  const bare = largest(least, titleGs.length, (n) => fits(build(cutGraphemes(titleGs, n), false, '', 0)));
  if (bare >= least && least > 0) return build(cutGraphemes(titleGs, bare), false, '', 0);
  return url;
}
