import type { PublicAttraction } from '@yui/contracts';
import { publicAttraction } from '@yui/contracts';
import { describe, expect, it } from 'vitest';
import {
  excerpt,
  filterWords,
  hasFilters,
  isoDateJst,
  jsonLd,
  jstDateTime,
  jstYear,
  listFilters,
  listHref,
  mainVariant,
  paragraphs,
  placeMapLinks,
  placeName,
  postHead,
  regionName,
  safeHttpUrl,
  schemaType,
  scriptJson,
  shareLinks,
  shareText,
  srcset,
  withLang,
} from './visit';

const SITE = 'https://yui.example';
const ID = '0a1b2c3d-0000-4000-8000-00000000abcd';
const PHOTO = '0a1b2c3d-0000-4000-8000-0000000000f1';
const photoUrl = (v: string) => `${SITE}/api/attractions/public/koriyama/photos/${PHOTO}/${v}?v=1`;

function post(over: Partial<PublicAttraction> = {}): PublicAttraction {
  // Parsed by the contract, so the fixture cannot drift from what the API really sends.
  return publicAttraction.parse({
    id: ID,
    category: 'spot',
    title: '三春滝桜',
    excerpt: '樹齢千年を超える紅枝垂桜。',
    town: { id: '0a1b2c3d-0000-4000-8000-000000000001', slug: 'miharu', name: '三春町', nameKana: 'みはるまち' },
    placeName: '三春滝桜',
    eventStartsOn: null,
    eventEndsOn: null,
    tags: ['桜', '春'],
    cover: { url: photoUrl('medium'), width: 800, height: 600, alt: '満開の滝桜' },
    publishedAt: '2026-04-01T00:30:00.000Z',
    url: `${SITE}/visit/koriyama/${ID}`,
    body: '樹齢千年を超える紅枝垂桜。\n\n見頃は4月中旬です。\n夜はライトアップ。',
    address: '福島県田村郡三春町大字滝字桜久保296',
    latitude: 37.4197,
    longitude: 140.4706,
    eventStartTime: null,
    eventEndTime: null,
    linkUrl: 'https://www.town.miharu.fukushima.jp/',
    photos: [
      {
        id: PHOTO,
        alt: '満開の滝桜',
        caption: '',
        photographer: '三春町観光課',
        variants: {
          large: { url: photoUrl('large'), width: 1600, height: 1200 },
          medium: { url: photoUrl('medium'), width: 800, height: 600 },
          card: { url: photoUrl('card'), width: 1200, height: 630 },
        },
      },
    ],
    region: { slug: 'koriyama', name: 'こおりやま広域圏' },
    card: { url: photoUrl('card'), width: 1200, height: 630 },
    updatedAt: '2026-04-02T01:00:00.000Z',
    ...over,
  });
}

describe('listFilters / listHref', () => {
  it('reads the filters the API accepts and drops the rest', () => {
    const f = listFilters(new URL(`${SITE}/visit/koriyama?category=event&town=miharu&tag=%23桜&cursor=abc`));
    expect(f).toEqual({ category: 'event', town: 'miharu', tag: '桜', cursor: 'abc' });
    expect(listFilters(new URL(`${SITE}/visit/koriyama?category=xyz&town=Miharu!&tag=`))).toEqual({
      category: null,
      town: null,
      tag: null,
      cursor: null,
    });
    expect(listFilters(new URL(`${SITE}/visit/koriyama?tag=${'長'.repeat(31)}`)).tag).toBeNull();
  });

  it('changes one filter and always starts again from the first page', () => {
    const current = { category: 'event' as const, town: 'miharu', tag: null, cursor: 'abc' };
    expect(listHref('koriyama', current, { town: 'koriyama' })).toBe('/visit/koriyama?category=event&town=koriyama');
    expect(listHref('koriyama', current, { category: null })).toBe('/visit/koriyama?town=miharu');
    expect(listHref('koriyama', {}, { tag: '桜' })).toBe('/visit/koriyama?tag=%E6%A1%9C');
    expect(listHref('koriyama', {})).toBe('/visit/koriyama');
    expect(hasFilters(listFilters(new URL(`${SITE}/visit/koriyama?cursor=x`)))).toBe(false);
  });

  it('says what the list is narrowed to, in the reader’s language', () => {
    const towns = [{ slug: 'miharu', name: '三春町' }];
    expect(filterWords({ category: 'event', town: 'miharu', tag: '桜' }, towns, 'ja')).toBe('三春町・イベント・#桜');
    expect(filterWords({ category: 'food', town: 'miharu', tag: null }, towns, 'en')).toBe('Miharu, Food');
  });
});

describe('names', () => {
  it('romanises towns and regions from their slug on English pages', () => {
    expect(placeName({ slug: 'aizu-wakamatsu', name: '会津若松市' }, 'en')).toBe('Aizu Wakamatsu');
    expect(placeName({ slug: 'miharu', name: '三春町' }, 'ja')).toBe('三春町');
    expect(regionName({ slug: 'koriyama', name: 'こおりやま広域圏' }, 'en')).toBe('the Koriyama area');
  });
});

describe('text', () => {
  it('splits the body into paragraphs of lines', () => {
    expect(paragraphs('一行目\r\n二行目\n\n\n三段落目  \n \n')).toEqual([['一行目', '二行目'], ['三段落目']]);
    expect(paragraphs('')).toEqual([]);
  });

  it('cuts by characters (not UTF-16 units) and marks the cut', () => {
    expect(excerpt('あいうえお', 5)).toBe('あいうえお');
    expect(excerpt('あいうえおか', 5)).toBe('あいうえ…');
    expect(excerpt('🌸🌸🌸', 2)).toBe('🌸…');
    expect(excerpt(' 改行\nと  空白 ', 20)).toBe('改行 と 空白');
  });

  it('dates in Japan time', () => {
    expect(isoDateJst('2026-03-31T15:30:00.000Z')).toBe('2026-04-01');
    expect(jstYear(new Date('2026-12-31T15:00:00Z'))).toBe(2027);
    expect(jstDateTime('2026-05-03', '10:00')).toBe('2026-05-03T10:00:00+09:00');
    expect(jstDateTime('2026-05-03', null)).toBe('2026-05-03');
  });
});

describe('photos', () => {
  it('lists each width once, narrowest first', () => {
    expect(srcset({ large: { url: 'L', width: 1600, height: 1200 }, medium: { url: 'M', width: 800, height: 600 } })).toBe(
      'M 800w, L 1600w',
    );
    // A small original: the worker never upscales, so large and medium can be the same size.
    expect(srcset({ large: { url: 'L', width: 640, height: 480 }, medium: { url: 'M', width: 640, height: 480 } })).toBe('M 640w');
    expect(srcset({})).toBe('');
    expect(srcset({ thumb: { url: 'T', width: 400, height: 300 } })).toBe('');
  });

  it('picks the first variant there is', () => {
    expect(mainVariant({ medium: { url: 'M', width: 800, height: 600 } })?.url).toBe('M');
    expect(mainVariant({})).toBeNull();
  });
});

describe('links', () => {
  it('shares as plain links with the address and text encoded', () => {
    const url = `${SITE}/visit/koriyama/${ID}`;
    const links = shareLinks(url, '三春滝桜【三春町】 & more');
    expect(links.x).toBe(
      `https://twitter.com/intent/tweet?text=${encodeURIComponent('三春滝桜【三春町】 & more')}&url=${encodeURIComponent(url)}`,
    );
    expect(links.facebook).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`);
    expect(links.line).toBe(`https://social-plugins.line.me/lineit/share?url=${encodeURIComponent(url)}`);
    expect(shareText({ title: '三春滝桜' }, '三春町', 'ja')).toBe('三春滝桜【三春町】');
  });

  it('maps the pin when there are coordinates, otherwise searches the address', () => {
    const pin = placeMapLinks({ latitude: 37.41971234567, longitude: 140.4706, placeName: '三春滝桜', address: null });
    expect(pin?.google).toBe('https://www.google.com/maps/search/?api=1&query=37.419712,140.4706');
    expect(pin?.osm).toBe('https://www.openstreetmap.org/?mlat=37.419712&mlon=140.4706#map=16/37.419712/140.4706');
    const search = placeMapLinks({ latitude: null, longitude: null, placeName: '開成山公園', address: null, townName: '郡山市' });
    expect(search?.google).toBe(`https://www.google.com/maps/search/?api=1&query=${encodeURIComponent('開成山公園 郡山市')}`);
    expect(search?.osm).toBe(`https://www.openstreetmap.org/search?query=${encodeURIComponent('開成山公園 郡山市')}`);
    expect(placeMapLinks({ latitude: null, longitude: null, placeName: null, address: ' ' })).toBeNull();
  });

  it('shows only http(s) links', () => {
    expect(safeHttpUrl('https://example.jp/a?b=1')).toBe('https://example.jp/a?b=1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });

  it('gives each language an address, keeping the filters', () => {
    const url = new URL(`${SITE}/visit/koriyama?category=event&lang=ja`);
    expect(withLang(url, 'en')).toBe('/visit/koriyama?category=event&lang=en');
    expect(withLang(url, null)).toBe('/visit/koriyama?category=event');
  });
});

describe('postHead', () => {
  const opts = { lang: 'ja' as const, siteName: 'こおりやま広域圏の魅力', categoryLabel: '観光スポット', townLabel: '三春町' };
  const find = (head: ReturnType<typeof postHead>, key: string) => head.meta.filter((m) => m.key === key).map((m) => m.content);

  it('writes the share card with the absolute card image and the canonical address', () => {
    const head = postHead(post(), opts);
    expect(head.title).toBe('三春滝桜｜三春町｜こおりやま広域圏の魅力');
    expect(head.canonical).toBe(`${SITE}/visit/koriyama/${ID}`);
    expect(find(head, 'og:type')).toEqual(['article']);
    expect(find(head, 'og:title')).toEqual(['三春滝桜']);
    expect(find(head, 'og:url')).toEqual([head.canonical]);
    expect(find(head, 'og:site_name')).toEqual(['こおりやま広域圏の魅力']);
    expect(find(head, 'og:locale')).toEqual(['ja_JP']);
    expect(find(head, 'og:image')).toEqual([photoUrl('card')]);
    expect(find(head, 'og:image:width')).toEqual(['1200']);
    expect(find(head, 'twitter:card')).toEqual(['summary_large_image']);
    expect(find(head, 'article:tag')).toEqual(['桜', '春']);
    expect(find(head, 'description')).toEqual(['樹齢千年を超える紅枝垂桜。']);
    for (const m of head.meta) expect(m.content, m.key).not.toBe('');
  });

  it('falls back to a small card without a photo', () => {
    const head = postHead(post({ photos: [], card: null, cover: null }), opts);
    expect(find(head, 'og:image')).toEqual([]);
    expect(find(head, 'twitter:card')).toEqual(['summary']);
  });

  it('describes events as Events with the period in Japan time', () => {
    const event = post({
      category: 'event',
      title: '三春盆踊り',
      eventStartsOn: '2026-08-14',
      eventEndsOn: '2026-08-16',
      eventStartTime: '18:00',
      eventEndTime: '21:30',
    });
    const ld = JSON.parse(postHead(event, opts).jsonLd);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: '三春盆踊り',
      startDate: '2026-08-14T18:00:00+09:00',
      endDate: '2026-08-16T21:30:00+09:00',
      eventStatus: 'https://schema.org/EventScheduled',
      location: { '@type': 'Place', name: '三春滝桜', address: { addressLocality: '三春町', addressCountry: 'JP' } },
    });
    expect(ld.image).toEqual([photoUrl('large')]);
    expect(schemaType('product')).toBe('Product');
    expect(schemaType('food')).toBe('TouristAttraction');
    expect(jsonLd(post(), { siteName: 'x', description: 'd' })).toMatchObject({
      '@type': 'TouristAttraction',
      geo: { '@type': 'GeoCoordinates', latitude: 37.4197, longitude: 140.4706 },
    });
  });

  it('cannot be broken out of its <script> element by a title', () => {
    const head = postHead(post({ title: '</script><script>alert(1)</script> & <!--' }), opts);
    expect(head.jsonLd).not.toMatch(/[<>&]/);
    expect(JSON.parse(head.jsonLd).name).toBe('</script><script>alert(1)</script> & <!--');
    expect(scriptJson('\u2028')).toBe('"\\u2028"');
  });
});
