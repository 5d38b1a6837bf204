import { describe, expect, it } from 'vitest';
import { bodyExcerpt, composeSocialText, countFor, defaultLimit, findUrls, type SocialKind } from '../src/social';

const KINDS: SocialKind[] = ['x', 'instagram', 'facebook', 'line', 'other'];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const URL = 'https://yui.example/visit/koriyama/0f1e2d3c-1a2b-4c3d-8e4f-567890abcdef';

describe('countFor x (twitter-text v3 weighting)', () => {
  // Cases from twitter-text's conformance suite (validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest).
  it.each([
    ['This is a test.', 15],
    ['H🐱☺👨‍👩‍👧‍👦', 7],
    ['😷👾😡🔥💩', 10],
    ['👨🏼‍🚒', 2], // a ZWJ sequence with a skin tone is one emoji
    ['🇯🇵', 2], // a flag is two regional indicators, one emoji
    ['🏴󠁧󠁢󠁳󠁣󠁴󠁿', 2], // a subdivision flag (tag sequence)
    ['1️⃣#️⃣', 4], // keycaps
    ['©', 1], // © without the emoji selector is Latin-1 text
    ['‐‟‵', 3], // U+2010–201F and U+2032–2037 weigh 1
    ['…', 2], // U+2026 is outside the light ranges
    ['\u2038', 2], // just past U+2037
    ['ÀÉÎ', 3], // Latin-1 (and Latin Extended up to U+10FF)
    ['ą ğ', 3],
  ])('%s → %i', (text, weight) => {
    expect(countFor('x', text)).toBe(weight);
  });

  it('counts Japanese double: 140 characters are the whole 280, as are 280 ASCII', () => {
    expect(countFor('x', 'あ'.repeat(140))).toBe(280);
    expect(countFor('x', '郡'.repeat(141))).toBe(282);
    expect(countFor('x', 'a'.repeat(280))).toBe(280);
    expect(countFor('x', 'ｱ')).toBe(2); // half-width katakana too
    expect(countFor('x', '\u3000')).toBe(2); // ideographic space
  });

  it('weighs every http(s) link 23, however long or short', () => {
    expect(countFor('x', 'https://t.co')).toBe(23);
    expect(countFor('x', URL)).toBe(23);
    expect(countFor('x', `http://example.com/${'a'.repeat(300)}`)).toBe(23);
    expect(countFor('x', `見て ${URL} です`)).toBe(2 * 2 + 1 + 23 + 1 + 2 * 2);
    expect(countFor('x', `${URL}\n${URL}`)).toBe(47);
    // A Japanese character ends the link; a sentence's full stop is not part of it.
    expect(countFor('x', '詳しくはhttps://example.jp/aこちら')).toBe(4 * 2 + 23 + 3 * 2);
    expect(countFor('x', 'See https://example.com/a.')).toBe(4 + 23 + 1);
    expect(countFor('x', 'https://')).toBe(8);
  });

  it('counts the text as X does, after NFC normalisation', () => {
    expect(countFor('x', 'cafe\u0301')).toBe(4);
    expect(countFor('x', 'か\u3099')).toBe(2); // → が
  });
});

describe('countFor other relays and limits', () => {
  it('counts code points, not UTF-16 units', () => {
    for (const kind of ['instagram', 'facebook', 'line', 'other'] as const) {
      expect(countFor(kind, 'あ'.repeat(140))).toBe(140);
      expect(countFor(kind, '🌸🌸')).toBe(2);
      expect(countFor(kind, URL)).toBe(URL.length);
    }
  });
  it('has each kind’s default limit', () => {
    expect(KINDS.map(defaultLimit)).toEqual([280, 2200, 63206, 500, 1000]);
  });
});

describe('findUrls', () => {
  it('finds links with their offsets and balanced parentheses', () => {
    const text = 'a https://ja.wikipedia.org/wiki/Foo_(bar) b (https://x.example/y) c';
    expect(findUrls(text).map((u) => u.url)).toEqual(['https://ja.wikipedia.org/wiki/Foo_(bar)', 'https://x.example/y']);
    const [first] = findUrls(text);
    expect(text.slice(first!.start, first!.end)).toBe(first!.url);
  });
});

describe('bodyExcerpt', () => {
  const body = '樹齢千年を超える紅枝垂桜。\n\n  今年も   見頃を迎えました。\n夜はライトアップがあります。';

  it('collapses whitespace and keeps a short body whole', () => {
    expect(bodyExcerpt(body, 200)).toBe('樹齢千年を超える紅枝垂桜。 今年も 見頃を迎えました。 夜はライトアップがあります。');
  });
  it('cuts with 「…」 within the count, at a sentence end when one is near', () => {
    const cut = bodyExcerpt(body, 28);
    expect([...cut].length).toBeLessThanOrEqual(28);
    expect(cut).toBe('樹齢千年を超える紅枝垂桜。 今年も 見頃を迎えました。…');
    expect(bodyExcerpt('あいうえおかきくけこ', 5)).toBe('あいうえ…');
  });
  it('never splits a surrogate pair or an emoji sequence', () => {
    const emoji = '🌸👨‍👩‍👧‍👦🇯🇵'.repeat(10);
    for (let n = 1; n < 20; n++) {
      const cut = bodyExcerpt(emoji, n);
      expect(cut).not.toMatch(LONE_SURROGATE);
      expect(cut.endsWith('…')).toBe(true);
      expect(cut.slice(0, -1)).toBe('🌸👨‍👩‍👧‍👦🇯🇵'.repeat(10).slice(0, cut.length - 1)); // a prefix of whole graphemes
      expect(cut).not.toMatch(/\u200D…$/);
    }
  });
  it('moves a cut that would fall inside a link to before it', () => {
    expect(bodyExcerpt('案内は https://example.jp/annai/sakura をご覧ください', 20)).toBe('案内は…');
  });
  it('returns nothing for no room', () => {
    expect(bodyExcerpt(body, 0)).toBe('');
    expect(bodyExcerpt('', 10)).toBe('');
  });
});

describe('composeSocialText', () => {
  const post = {
    title: '三春滝桜が見頃です',
    townName: '三春町',
    body: '樹齢千年を超える紅枝垂桜。今年も見頃を迎えました。\n\n夜はライトアップがあります。',
    tags: ['桜', '#三春', '花見 2026'],
    url: URL,
  };

  it('writes title【town】, the body, the tags and the link when all fit', () => {
    expect(composeSocialText({ ...post, kind: 'line' })).toBe(
      `三春滝桜が見頃です【三春町】\n\n樹齢千年を超える紅枝垂桜。今年も見頃を迎えました。 夜はライトアップがあります。\n\n#桜 #三春 #花見2026\n${URL}`,
    );
    expect(composeSocialText({ ...post, body: '', tags: [], kind: 'x' })).toBe(`三春滝桜が見頃です【三春町】\n\n${URL}`);
  });

  it('shortens the excerpt first, then drops tags, then cuts the title; never the link', () => {
    const long = { ...post, body: '桜並木が続く川沿いを歩きます。'.repeat(40) };
    const x = composeSocialText({ ...long, kind: 'x' });
    expect(countFor('x', x)).toBeLessThanOrEqual(280);
    expect(x.startsWith('三春滝桜が見頃です【三春町】\n\n桜並木')).toBe(true);
    expect(x).toContain('…\n\n#桜 #三春 #花見2026\n');
    expect(x.endsWith(`\n${URL}`)).toBe(true);

    // Room for title, tags and link but not 10 characters of body: the excerpt goes.
    const noBody = composeSocialText({ ...long, kind: 'x', limit: countFor('x', `三春滝桜が見頃です【三春町】\n\n#桜 #三春 #花見2026\n${URL}`) + 10 });
    expect(noBody).toBe(`三春滝桜が見頃です【三春町】\n\n#桜 #三春 #花見2026\n${URL}`);

    const fewTags = composeSocialText({ ...long, kind: 'x', limit: countFor('x', `三春滝桜が見頃です【三春町】\n\n#桜\n${URL}`) });
    expect(fewTags).toBe(`三春滝桜が見頃です【三春町】\n\n#桜\n${URL}`);

    const shortTitle = composeSocialText({ ...long, kind: 'x', limit: countFor('x', `三春滝桜…【三春町】\n\n${URL}`) });
    expect(shortTitle).toBe(`三春滝桜…【三春町】\n\n${URL}`);

    expect(composeSocialText({ ...long, kind: 'x', limit: 29 })).toBe(`三…\n\n${URL}`); // one character of the title stays
    expect(composeSocialText({ ...long, kind: 'x', limit: 28 })).toBe(URL); // nothing but the link fits
    expect(composeSocialText({ ...long, kind: 'other', limit: 10 })).toBe(URL); // the link alone is over: still whole
  });

  it('uses the kind’s default limit when none is given', () => {
    const long = { ...post, body: 'あ'.repeat(3000) };
    expect(countFor('line', composeSocialText({ ...long, kind: 'line' }))).toBeLessThanOrEqual(500);
    expect(countFor('line', composeSocialText({ ...long, kind: 'line' }))).toBeGreaterThan(480);
    expect(countFor('instagram', composeSocialText({ ...long, kind: 'instagram' }))).toBeLessThanOrEqual(2200);
    expect(composeSocialText({ ...long, kind: 'facebook' })).toContain('あ'.repeat(3000));
  });

  // Property-style: random posts of every kind of text against random limits, reproducible (seeded).
  it('fits every limit for random posts, keeping the link whole and no character split', () => {
    let seed = 20260401;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const pieces = ['桜が咲きました。', 'Sakura in bloom. ', '🌸', '👨‍👩‍👧‍👦', '🇯🇵', '\n\n', '\n', ' ', 'ｶﾀｶﾅ', 'café ', '「郡山」、', '詳しくは https://example.jp/a?b=1&c=2 を。', '!?', 'x'.repeat(40), '…', '𠮷野家'];
    const text = (n: number) => Array.from({ length: n }, () => pick(pieces)).join('');
    for (let i = 0; i < 400; i++) {
      const kind = pick(KINDS);
      const url = pick([URL, 'https://yui.example/visit/k/1', `https://yui.example/visit/koriyama/${'z'.repeat(60)}`]);
      const urlCount = countFor(kind, url);
      const limit = pick([defaultLimit(kind), urlCount + Math.floor(rand() * 300), 10 + Math.floor(rand() * 1000)]);
      const input = {
        title: text(1 + Math.floor(rand() * 8)).slice(0, 80),
        townName: pick(['三春町', '本宮市', '', 'Ono']),
        body: text(Math.floor(rand() * 300)),
        tags: Array.from({ length: Math.floor(rand() * 11) }, () => text(1 + Math.floor(rand() * 3)).slice(0, 30)),
        url,
        kind,
        limit,
      };
      const out = composeSocialText(input);
      if (urlCount <= limit) expect(countFor(kind, out), JSON.stringify(input)).toBeLessThanOrEqual(limit);
      expect(out === url || out.endsWith(`\n${url}`)).toBe(true);
      expect(out).not.toMatch(LONE_SURROGATE);
      expect(out).not.toMatch(/\u200D…/);
    }
  });
});
