/**
 * Small shared pieces of 地域の魅力 (attraction posts) that the API, the worker and the web (in the
 * browser too) must write the same way: an event's period as people read it, map links, and the
 * paths of the public pages. Pure, no Node imports.
 */

export interface EventPeriod {
  /** `2026-04-01` (a day in Japan); null: not an event, the text is empty. */
  startsOn: string | null;
  /** The last day, inclusive; null or the same day: a one-day event. */
  endsOn?: string | null;
  /** `10:00` (or `10:00:00` as PostgreSQL gives a time); null: all day. */
  startTime?: string | null;
  endTime?: string | null;
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parseDay(iso: string): { y: number; m: number; d: number; wd: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`not a date: ${iso}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // A calendar day has the same weekday everywhere: computed in UTC, no time zone can shift it.
  return { y, m, d, wd: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

/** `09:30:00` → `9:30` (timetables in Japan write the hour without a leading zero). */
function clock(time: string): string {
  const match = /^(\d{1,2}):(\d{2})/.exec(time);
  if (!match) throw new RangeError(`not a time: ${time}`);
  return `${Number(match[1])}:${match[2]}`;
}

/**
 * The period of an event as a reader sees it:
 * 「4月1日（水）〜4月20日（月）」, 「5月3日（日）10:00〜15:00」, 「4月1日（水）〜4月20日（月） 10:00〜15:00」;
 * English 'Wed 1 Apr – Mon 20 Apr', 'Sun 3 May, 10:00–15:00'. The year is written when the period
 * crosses into another year, or when it is not `opts.year` (the reader's current year, if given).
 */
export function eventPeriodText(period: EventPeriod, lang: 'ja' | 'en' = 'ja', opts: { year?: number } = {}): string {
  if (!period.startsOn) return '';
  const start = parseDay(period.startsOn);
  const end = period.endsOn && period.endsOn !== period.startsOn ? parseDay(period.endsOn) : null;
  const withYear = (end !== null && end.y !== start.y) || (opts.year !== undefined && (start.y !== opts.year || (end !== null && end.y !== opts.year)));

  const day = (p: ReturnType<typeof parseDay>) =>
    lang === 'ja'
      ? `${withYear ? `${p.y}年` : ''}${p.m}月${p.d}日（${WEEKDAYS_JA[p.wd]}）`
      : `${WEEKDAYS_EN[p.wd]} ${p.d} ${MONTHS_EN[p.m - 1]}${withYear ? ` ${p.y}` : ''}`;
  const dash = lang === 'ja' ? '〜' : '–';
  const days = end ? `${day(start)}${lang === 'ja' ? '〜' : ' – '}${day(end)}` : day(start);

  const from = period.startTime ? clock(period.startTime) : '';
  const to = period.endTime ? clock(period.endTime) : '';
  if (!from && !to) return days;
  const times = from && to ? `${from}${dash}${to}` : from ? `${from}${dash}` : `${dash}${to}`;
  if (lang === 'en') return `${days}, ${times}`;
  // One day: the times follow the day directly; over several days a space keeps them apart from the range.
  return end ? `${days} ${times}` : `${days}${times}`;
}

export interface MapLinks {
  google: string;
  osm: string;
  /** Apple Maps (opens the app on an iPhone), with the place's name as the pin's label. */
  apple: string;
}

/** Six decimals are about 10 cm: more says nothing and only makes the links longer. */
const coord = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** Links to show a place on a map (WGS84 coordinates, as the post stores them). */
export function mapLinks(lat: number, lng: number, label?: string | null): MapLinks {
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    throw new RangeError(`not a position: ${lat}, ${lng}`);
  }
  const [la, ln] = [coord(lat), coord(lng)];
  const name = label?.trim();
  return {
    google: `https://www.google.com/maps/search/?api=1&query=${la},${ln}`,
    osm: `https://www.openstreetmap.org/?mlat=${la}&mlon=${ln}#map=16/${la}/${ln}`,
    apple: `https://maps.apple.com/?ll=${la},${ln}${name ? `&q=${encodeURIComponent(name)}` : ''}`,
  };
}

const seg = (s: string) => encodeURIComponent(s);

/** The public page of a post, relative to the site: `/visit/koriyama/<id>`. */
export const publicPostPath = (regionSlug: string, id: string) => `/visit/${seg(regionSlug)}/${seg(id)}`;

/** The public page of a collection: `/visit/koriyama/collections/<id>`. */
export const publicCollectionPath = (regionSlug: string, id: string) => `/visit/${seg(regionSlug)}/collections/${seg(id)}`;

/** The region's public page and its feeds, relative to the site. */
export const publicRegionPaths = (regionSlug: string) => {
  const base = `/visit/${seg(regionSlug)}`;
  return { page: base, rss: `${base}/feed.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json`, ics: `${base}/events.ics` };
};
