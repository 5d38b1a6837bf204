import { describe, expect, it } from 'vitest';
import {
  attractionBody, attractionFilters, attractionFormValues, attractionListQuery, collectionRows, defaultPublishInput, eventPeriodText,
  figuresYear, filtersHref, formFieldOf, fromJapanLocal, japanLocalInput, mapLinks, monthTotals, photoBody, problemText,
  readCollectionRows, readCoords, readLink, readSchedule, reasonBeside, rightsGaps, rightsGapText, socialSegments, splitTags,
  statusTone, type AttractionFormValues,
} from './attractions';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';
const staff = { roles: [{ role: 'staff' }] };
const reviewer = { roles: [{ role: 'staff' }, { role: 'attraction_reviewer' }] };
const admin = { roles: [{ role: 'municipality_admin' }] };

const url = (q: string) => new URL(`http://yui.test/attractions${q}`);
const blank = (over: Partial<AttractionFormValues> = {}): AttractionFormValues => ({ ...attractionFormValues(null), ...over });

describe('the hub list', () => {
  it('gives 審査待ち to reviewers and 自治体管理者 only; others see their own posts', () => {
    expect(attractionFilters(url('?view=review'), reviewer).view).toBe('review');
    expect(attractionFilters(url('?view=review'), admin).view).toBe('review');
    expect(attractionFilters(url('?view=review'), staff).view).toBe('mine');
    expect(attractionFilters(url('?view=pool'), staff).view).toBe('pool');
    expect(attractionFilters(url('?view=nonsense'), staff).view).toBe('mine');
  });

  it('keeps only statuses of the view, and the town filter for the pool', () => {
    expect(attractionFilters(url('?view=pool&status=draft'), staff).status).toBeNull();
    expect(attractionFilters(url('?view=pool&status=published'), staff).status).toBe('published');
    expect(attractionFilters(url('?status=draft'), staff).status).toBe('draft');
    // A reviewer looks back at decided posts of the town; drafts are never theirs to see.
    expect(attractionFilters(url('?view=review&status=returned'), reviewer).status).toBe('returned');
    expect(attractionFilters(url('?view=review&status=draft'), reviewer).status).toBeNull();
    expect(attractionFilters(url(`?town=${A}`), staff).town).toBeNull();
    expect(attractionFilters(url(`?view=pool&town=${A}`), staff).town).toBe(A);
    expect(attractionFilters(url('?view=pool&town=x'), staff).town).toBeNull();
  });

  it('asks the API with its own names and writes the address back without defaults', () => {
    const f = attractionFilters(url(`?view=pool&category=event&town=${A}&q=%20桜%20&cursor=abc`), staff);
    expect(Object.fromEntries(attractionListQuery(f, 24))).toEqual({
      view: 'pool', limit: '24', category: 'event', municipalityId: A, q: '桜', cursor: 'abc',
    });
    // A new choice starts from the first page; the cursor only when asked for.
    expect(filtersHref(f, { category: 'food' })).toBe(`/attractions?view=pool&category=food&town=${A}&q=%E6%A1%9C`);
    expect(filtersHref(attractionFilters(url(''), staff))).toBe('/attractions');
    expect(filtersHref(f, { cursor: 'next' })).toContain('cursor=next');
  });
});

describe('the post form', () => {
  it('needs a title and a category, worded as the API words them', () => {
    const { fields } = attractionBody(blank());
    expect(fields).toEqual({ title: 'required', category: 'required' });
    expect(problemText('title', 'required', 'ja')).toBe('タイトル: 入力してください');
    expect(problemText('body', 'too_big', 'en')).toBe('Description is too long or too large');
    expect(reasonBeside('title', 'タイトル: 入力してください', 'ja')).toBe('入力してください');
  });

  it('sends empty optional fields as null (clearing them on an edit) and the body without CRs', () => {
    const { body, fields } = attractionBody(blank({ title: ' 三春滝桜 ', category: 'spot', body: '見事です。\r\n\r\nぜひ。' }));
    expect(fields).toEqual({});
    expect(body).toMatchObject({
      title: '三春滝桜', category: 'spot', body: '見事です。\n\nぜひ。', placeName: null, address: null,
      latitude: null, longitude: null, eventStartsOn: null, eventEndsOn: null, eventStartTime: null, eventEndTime: null,
      tags: [], linkUrl: null,
    });
  });

  it('splits coordinates copied from a map app into both fields, and reads 全角 digits', () => {
    expect(readCoords('37.44200, 140.49000', '')).toEqual({ lat: '37.44200', lng: '140.49000' });
    expect(readCoords('37.442', '140.49')).toEqual({ lat: '37.442', lng: '140.49' });
    const { body, fields } = attractionBody(blank({ title: 't', category: 'spot', latitude: '３７．４４２、１４０．４９' }));
    expect(fields).toEqual({});
    expect([body.latitude, body.longitude]).toEqual([37.442, 140.49]);
  });

  it('says which coordinate is missing or wrong', () => {
    expect(attractionBody(blank({ title: 't', category: 'spot', latitude: '37.4' })).fields).toEqual({ longitude: 'coords_both' });
    expect(attractionBody(blank({ title: 't', category: 'spot', longitude: '140' })).fields).toEqual({ latitude: 'coords_both' });
    expect(attractionBody(blank({ title: 't', category: 'spot', latitude: '北緯37', longitude: '140' })).fields).toEqual({ latitude: 'invalid_format' });
    expect(attractionBody(blank({ title: 't', category: 'spot', latitude: '95', longitude: '140' })).fields).toEqual({ latitude: 'too_big' });
    expect(problemText('longitude', 'coords_both', 'ja')).toBe('経度: 緯度と経度は両方入力してください');
  });

  it('reads event dates with slashes and times without a leading zero', () => {
    const { body, fields } = attractionBody(blank({
      title: '桜まつり', category: 'event', eventStartsOn: '2026/04/10', eventEndsOn: '2026-04-20', eventStartTime: '9:00', eventEndTime: '１６：３０',
    }));
    expect(fields).toEqual({});
    expect(body).toMatchObject({ eventStartsOn: '2026-04-10', eventEndsOn: '2026-04-20', eventStartTime: '09:00', eventEndTime: '16:30' });
    expect(attractionBody(blank({ title: 't', category: 'event', eventStartsOn: '2026-02-30', eventStartTime: '25:00' })).fields)
      .toEqual({ eventStartsOn: 'invalid_format', eventStartTime: 'invalid_format' });
  });

  it('takes tags with or without #, separated every way people type them', () => {
    expect(splitTags('#桜、花見, ＃三春 #夜桜')).toEqual(['桜', '花見', '三春', '夜桜']);
    expect(splitTags('桜,桜, 桜 ')).toEqual(['桜']);
    expect(attractionBody(blank({ title: 't', category: 'spot', tags: Array.from({ length: 11 }, (_, i) => `t${i}`).join(',') })).fields)
      .toEqual({ tags: 'too_big' });
  });

  it('reads a link without its scheme as https, and refuses anything but http(s)', () => {
    expect(readLink('www.miharu-kanko.jp/sakura')).toBe('https://www.miharu-kanko.jp/sakura');
    expect(readLink('http://example.jp')).toBe('http://example.jp/');
    expect(readLink('javascript:alert(1)')).toBeNull();
    expect(readLink('滝桜のページ')).toBeNull();
    expect(attractionBody(blank({ title: 't', category: 'spot', linkUrl: 'ftp://x.jp' })).fields).toEqual({ linkUrl: 'invalid_format' });
  });

  it('shows a problem of one tag or one photo at its field', () => {
    expect(formFieldOf('tags.3')).toBe('tags');
    expect(formFieldOf('photos.1.photographer')).toBe('photos');
    expect(formFieldOf('channelIds.0')).toBe('channelIds');
    expect(formFieldOf(`socialTexts.${A}`)).toBe(`socialTexts.${A}`);
    expect(formFieldOf('title')).toBe('title');
  });
});

describe('photos and their rights check', () => {
  const photo = (over: Record<string, unknown>) => ({ id: A, status: 'ready' as const, rightsMissing: [], sortOrder: 0, ...over });

  it('lists what stops review, photo by photo in the order shown', () => {
    const gaps = rightsGaps([
      photo({ id: B, sortOrder: 2, rightsMissing: ['photographer', 'mayPublish'] }),
      photo({ id: A, sortOrder: 1 }),
      photo({ id: C, sortOrder: 3, status: 'processing' }),
    ] as never);
    expect(gaps.map((g) => [g.n, g.id, g.gaps])).toEqual([
      [2, B, ['photographer', 'mayPublish']],
      [3, C, ['processing']],
    ]);
    expect(rightsGapText(gaps[0]!, 'ja')).toBe('写真2: 撮影者が未入力、公開の許諾が未確認');
    expect(rightsGapText(gaps[1]!, 'en')).toBe('Photo 3: still processing');
    expect(rightsGaps([photo({})] as never)).toEqual([]);
  });

  it('sends the answers as the API takes them (an unticked box is false)', () => {
    const { body, fields } = photoBody({
      photographer: ' 三春町観光協会 ', people: 'none', mayPublish: false, alt: '', caption: '満開', keepLocation: false, sortOrder: '２',
    });
    expect(fields).toEqual({});
    expect(body).toEqual({ photographer: '三春町観光協会', people: 'none', mayPublish: false, alt: '', caption: '満開', keepLocation: false, sortOrder: 2 });
    expect(photoBody({ photographer: '', people: 'x', mayPublish: true, alt: '', caption: '', keepLocation: true, sortOrder: 'a' }).fields)
      .toEqual({ sortOrder: 'invalid_format' });
  });
});

describe('Japan time for the schedule', () => {
  it('writes and reads datetime-local values in Japan time whatever the server zone', () => {
    expect(japanLocalInput('2026-04-10T00:00:00Z')).toBe('2026-04-10T09:00');
    expect(japanLocalInput('2026-04-09T15:30:00.000Z')).toBe('2026-04-10T00:30');
    expect(fromJapanLocal('2026-04-10T09:00')).toBe('2026-04-10T09:00:00+09:00');
    expect(Date.parse(fromJapanLocal('2026-04-10T09:00')!)).toBe(Date.parse('2026-04-10T00:00:00Z'));
    expect(fromJapanLocal('2026-02-30T09:00')).toBeNull();
    expect(fromJapanLocal('2026-04-10T25:00')).toBeNull();
    expect(fromJapanLocal('')).toBeNull();
  });

  it('offers tomorrow at 9:00 in Japan', () => {
    // 23:30 on the 9th in Japan is 14:30 UTC: tomorrow is the 10th.
    expect(defaultPublishInput(new Date('2026-04-09T14:30:00Z'))).toBe('2026-04-10T09:00');
    // 00:30 on the 10th in Japan (still the 9th in UTC): tomorrow is the 11th.
    expect(defaultPublishInput(new Date('2026-04-09T15:30:00Z'))).toBe('2026-04-11T09:00');
  });

  it('reads the schedule form: the ticked relays among those offered, their texts, or now', () => {
    const form = new FormData();
    form.set('publishAt', '2026-05-01T10:00');
    for (const id of [A, B]) form.append('row', id);
    form.append('channel', A);
    form.append('channel', C); // not offered: dropped
    form.set(`text-${A}`, '三春滝桜【三春町】\r\n#桜');
    form.set(`text-${B}`, 'not chosen');
    const r = readSchedule(form);
    expect(r.fields).toEqual({});
    expect(r.immediately).toBe(false);
    expect(r.body).toEqual({ publishAt: '2026-05-01T10:00:00+09:00', channelIds: [A], socialTexts: { [A]: '三春滝桜【三春町】\n#桜' } });
    expect(r.values.texts[B]).toBe('not chosen');

    form.set('now', '1');
    form.set('publishAt', '');
    const now = new Date('2026-04-01T03:00:00Z');
    expect(readSchedule(form, now).body.publishAt).toBe(now.toISOString());
    form.delete('now');
    expect(readSchedule(form).fields).toEqual({ publishAt: 'required' });
  });
});

describe('writing for social media', () => {
  it('finds links and hashtags as the preview draws them', () => {
    expect(socialSegments('三春滝桜【三春町】\n#桜 #三春\nhttps://yui.example.jp/visit/koriyama/abc。')).toEqual([
      { kind: 'text', text: '三春滝桜【三春町】\n' },
      { kind: 'tag', text: '#桜' },
      { kind: 'text', text: ' ' },
      { kind: 'tag', text: '#三春' },
      { kind: 'text', text: '\n' },
      { kind: 'url', text: 'https://yui.example.jp/visit/koriyama/abc' },
      { kind: 'text', text: '。' },
    ]);
    expect(socialSegments('')).toEqual([]);
  });
});

describe('collections', () => {
  it('lists the stops first, then the rest of the pool', () => {
    const rows = collectionRows([{ id: A }, { id: B }, { id: C }], [{ note: '最初に', post: { id: C } }]);
    expect(rows).toEqual([
      { postId: C, checked: true, order: '1', note: '最初に' },
      { postId: A, checked: false, order: '', note: '' },
      { postId: B, checked: false, order: '', note: '' },
    ]);
  });

  it('orders the ticked rows by their numbers, unnumbered ones after', () => {
    const form = new FormData();
    for (const id of [A, B, C]) form.append('row', id);
    for (const id of [A, B, C]) form.append('post', id);
    form.set(`order-${A}`, '');
    form.set(`order-${B}`, '２');
    form.set(`order-${C}`, '1');
    form.set(`note-${C}`, ' 駅から歩いて ');
    const { items, rows } = readCollectionRows(form);
    expect(items).toEqual([{ postId: C, note: '駅から歩いて' }, { postId: B, note: '' }, { postId: A, note: '' }]);
    expect(rows).toHaveLength(3);
    form.delete('post');
    form.append('post', B);
    expect(readCollectionRows(form).items).toEqual([{ postId: B, note: '' }]);
  });
});

describe('figures and words', () => {
  it('takes the 年度 from the address within 2019 and next year', () => {
    const today = '2026-05-01';
    expect(figuresYear(new URL('http://x/?year=2025'), today)).toEqual({ year: 2025, currentFy: 2026 });
    expect(figuresYear(new URL('http://x/?year=2031'), today).year).toBe(2026);
    expect(figuresYear(new URL('http://x/'), '2027-03-31').year).toBe(2026);
  });

  it('adds the towns up per month', () => {
    const zeros = Array.from({ length: 12 }, () => 0);
    const one = zeros.map((_, i) => (i === 0 ? 2 : 0));
    expect(monthTotals([{ submitted: one, published: zeros }, { submitted: one, published: one }], 'submitted')[0]).toBe(4);
    expect(monthTotals([{ submitted: one, published: one }], 'published')).toHaveLength(12);
  });

  it('writes an event period as the public pages do, and links maps', () => {
    expect(eventPeriodText({ eventStartsOn: '2026-04-10', eventEndsOn: '2026-04-20', eventStartTime: '10:00', eventEndTime: '16:00' }, 'ja', '2026-03-01'))
      .toBe('4月10日（金）〜4月20日（月） 10:00〜16:00');
    expect(eventPeriodText({ eventStartsOn: null, eventEndsOn: null }, 'ja')).toBeNull();
    expect(mapLinks(37.442, 140.49).map((l) => l.key)).toEqual(['gsi', 'google', 'apple', 'osm']);
    expect(mapLinks(37.442, 140.49)[0]!.href).toBe('https://maps.gsi.go.jp/#16/37.442/140.49/');
    expect(mapLinks(NaN, 0)).toEqual([]);
  });

  it('colours statuses', () => {
    expect(statusTone('published')).toBe('ok');
    expect(statusTone('returned')).toBe('wait');
    expect(statusTone('rejected')).toBe('off');
    expect(statusTone('draft')).toBe('');
  });
});
