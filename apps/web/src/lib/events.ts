// Helpers of the 勉強会・イベント and community admin screens, used on both sides: type-only imports from
// @yui/contracts and deep imports of its i18n keep zod out of the browser bundle (see time.ts).
// Times are shown in Japan time whatever the server's or browser's zone.
import type { Community, CommunityEvent, EventSummary, Locale } from '@yui/contracts';
import type { MessageKey, Translate } from './i18n';
import { fiscalYearOf, formatDate, formatMinutes, formatPercent, isIsoDate, todayInJapan } from './time';

// Labels, people, files and addresses shared with the other community screens live in communities.ts.
export const eventKinds = ['workshop', 'study', 'consultation', 'first_meeting', 'other'] as const;
export const eventFormats = ['offline', 'online', 'hybrid'] as const;
export const visibilities = ['open', 'approval', 'invite'] as const;
export type EventKindName = (typeof eventKinds)[number];
export type EventFormatName = (typeof eventFormats)[number];

export function isEventKind(v: unknown): v is EventKindName {
  return typeof v === 'string' && (eventKinds as readonly string[]).includes(v);
}
export function isEventFormat(v: unknown): v is EventFormatName {
  return typeof v === 'string' && (eventFormats as readonly string[]).includes(v);
}

// ---------- Japan time ----------

const JST = 9 * 3_600_000;

/** The date ('YYYY-MM-DD') and time of day ('HH:MM') of an instant in Japan. */
export function japanParts(iso: string): { date: string; time: string } {
  const s = new Date(new Date(iso).getTime() + JST).toISOString();
  return { date: s.slice(0, 10), time: s.slice(11, 16) };
}

/** An instant as the value of `<input type="datetime-local">` read as Japan time: 2026-06-03T14:00. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '';
  const { date, time } = japanParts(iso);
  return `${date}T${time}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * What a datetime-local input sent, read as Japan time, as an ISO string with its offset
 * (2026-06-03T14:00 → 2026-06-03T14:00:00+09:00); null when it is not a real date and time.
 */
export function fromLocalInput(value: string): string | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (
    y < 2000 || y > 2100 ||
    check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d ||
    check.getUTCHours() !== h || check.getUTCMinutes() !== mi
  ) {
    return null;
  }
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+09:00`;
}

/**
 * 「2026年6月3日（水）14:00〜16:00」, across days 「2026年6月3日（水）14:00〜6月4日（木）12:00」;
 * "Wed, 3 Jun 2026, 14:00–16:00", "Wed, 3 Jun 2026, 14:00 – Thu, 4 Jun 2026, 12:00".
 */
export function formatEventRange(startsAt: string, endsAt: string, lang: Locale): string {
  const s = japanParts(startsAt);
  const e = japanParts(endsAt);
  const sameDay = s.date === e.date;
  if (lang === 'en') {
    const first = `${formatDate(s.date, 'en')}, ${s.time}`;
    return sameDay ? `${first}–${e.time}` : `${first} – ${formatDate(e.date, 'en')}, ${e.time}`;
  }
  const first = `${formatDate(s.date, 'ja')}${s.time}`;
  if (sameDay) return `${first}〜${e.time}`;
  return `${first}〜${formatDate(e.date, 'ja', s.date.slice(0, 4) === e.date.slice(0, 4))}${e.time}`;
}

/** The event's day alone, for a calendar-like column: 「6月3日（水）」 / "Wed, 3 Jun". */
export function eventDay(startsAt: string, lang: Locale): string {
  return formatDate(japanParts(startsAt).date, lang, true);
}

export function hasEnded(e: Pick<EventSummary, 'endsAt'>, now: Date = new Date()): boolean {
  return Date.parse(e.endsAt) <= now.getTime();
}

// ---------- the event form ----------

/** What the event form shows: strings as typed, so a failed save gives back exactly the input. */
export interface EventFormValues {
  title: string;
  description: string;
  kind: string;
  format: string;
  /** datetime-local values, Japan time. */
  startsAt: string;
  endsAt: string;
  place: string;
  onlineUrl: string;
  capacity: string;
}

type EventFields = Pick<
  CommunityEvent,
  'title' | 'description' | 'kind' | 'format' | 'startsAt' | 'endsAt' | 'place' | 'onlineUrl' | 'capacity'
>;

export function eventFormValues(e?: EventFields): EventFormValues {
  return {
    title: e?.title ?? '',
    description: e?.description ?? '',
    kind: e?.kind ?? 'study',
    format: e?.format ?? 'offline',
    startsAt: toLocalInput(e?.startsAt),
    endsAt: toLocalInput(e?.endsAt),
    place: e?.place ?? '',
    onlineUrl: e?.onlineUrl ?? '',
    capacity: e?.capacity == null ? '' : String(e.capacity),
  };
}

/** The input each API field is typed in, for error links and aria-describedby. */
export const eventFieldIds: Record<string, string> = {
  title: 'f-title',
  description: 'f-description',
  kind: 'f-kind',
  format: 'f-format-offline',
  startsAt: 'f-startsAt',
  endsAt: 'f-endsAt',
  place: 'f-place',
  onlineUrl: 'f-onlineUrl',
  capacity: 'f-capacity',
};

// ---------- capacity and registrations ----------

type Seats = Pick<EventSummary, 'capacity' | 'registeredCount' | 'waitlistCount'>;

/** Places still open; null without a capacity. */
export function seatsLeft(e: Seats): number | null {
  return e.capacity === null ? null : Math.max(0, e.capacity - e.registeredCount);
}

export function isFull(e: Seats): boolean {
  return seatsLeft(e) === 0;
}

/** 「定員20名・残り3名」「定員20名・満席（キャンセル待ち2名）」「定員なし・参加12名」 */
export function capacityText(e: Seats, t: Translate): string {
  const left = seatsLeft(e);
  if (left === null || e.capacity === null) return t('events.capacity.none', { n: e.registeredCount });
  if (left > 0) return t('events.capacity.left', { capacity: e.capacity, left });
  return e.waitlistCount > 0
    ? t('events.capacity.fullWaitlist', { capacity: e.capacity, n: e.waitlistCount })
    : t('events.capacity.full', { capacity: e.capacity });
}

export type RegistrationStatusName = 'registered' | 'waitlisted' | 'cancelled';

/** 参加確定 / キャンセル待ち（2番目） / キャンセル済み */
export function registrationLabel(status: RegistrationStatusName, position: number | null, t: Translate): string {
  if (status === 'registered') return t('events.status.registered');
  if (status === 'cancelled') return t('events.status.cancelled');
  return position ? t('events.status.waitlistedN', { n: position }) : t('events.status.waitlisted');
}

/** The minutes inside working hours per date: 「6月3日（水）2時間、6月4日（木）1時間30分」. */
export function offerDaysText(days: { date: string; minutes: number }[], lang: Locale): string {
  return days
    .map((d) => `${formatDate(d.date, lang, true)}${lang === 'ja' ? '' : ': '}${formatMinutes(d.minutes, lang)}`)
    .join(lang === 'ja' ? '、' : ', ');
}

/** What the event offers to file with the 20% rule: nothing once filed, nor outside working hours. */
export function timeRequestChoice(offer: CommunityEvent['timeRequestOffer']): 'none' | 'filed' | 'offer' {
  if (!offer) return 'none';
  if (offer.timeRequestId) return 'filed';
  return offer.minutes > 0 ? 'offer' : 'none';
}

// ---------- lists ----------

export const whens = ['upcoming', 'past', 'mine'] as const;
export type When = (typeof whens)[number];
export function parseWhen(v: string | null): When {
  return (whens as readonly string[]).includes(v ?? '') ? (v as When) : 'upcoming';
}
export const whenKey = (w: When) => `events.when.${w}` as MessageKey;

// ---------- the community form (coordinators) ----------

export interface CommunityFormValues {
  name: string;
  category: string;
  description: string;
  visibility: string;
}

export function communityFormValues(
  c?: Pick<Community, 'name' | 'category' | 'description' | 'visibility'>,
): CommunityFormValues {
  return {
    name: c?.name ?? '',
    category: c?.category ?? '',
    description: c?.description ?? '',
    visibility: c?.visibility ?? 'open',
  };
}

export const communityFieldIds: Record<string, string> = {
  name: 'f-name',
  category: 'f-category',
  description: 'f-description',
  visibility: 'f-visibility-open',
  managerIds: 'managers',
  userIds: 'people',
};

// ---------- figures ----------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?fy=2026&communityId=…` as the figures' choices; the current 年度 and every community by default. */
export function figuresParams(url: URL, today = todayInJapan()): { fy: number; communityId: string | null; currentFy: number } {
  const currentFy = fiscalYearOf(today);
  const fyParam = Number(url.searchParams.get('fy'));
  const fy = Number.isInteger(fyParam) && fyParam >= 2019 && fyParam <= currentFy + 1 ? fyParam : currentFy;
  const c = url.searchParams.get('communityId');
  return { fy, communityId: c && UUID.test(c) ? c : null, currentFy };
}

/** The same choices as a query string (the API's names when `api`). */
export function figuresQuery(p: { fy: number; communityId: string | null }, api = false): string {
  const q = new URLSearchParams({ [api ? 'fiscalYear' : 'fy']: String(p.fy) });
  if (p.communityId) q.set('communityId', p.communityId);
  return q.toString();
}

/** The median time to an answer: 「1時間未満」「5.5時間」「2.5日」 (days from 48 hours); a dash for none. */
export function hoursToAnswer(hours: number | null, t: Translate, lang: Locale): string {
  if (hours === null) return '—';
  if (hours < 1) return t('events.figures.underAnHour');
  if (hours < 48) return t('events.figures.hours', { n: formatPercent(Math.round(hours * 10) / 10, lang) });
  return t('events.figures.days', { n: formatPercent(Math.round((hours / 24) * 10) / 10, lang) });
}

/** 0.75 → 「75%」; a dash when nothing to divide by. */
export function ratio(part: number, whole: number, lang: Locale): string {
  if (whole <= 0) return '—';
  return `${formatPercent(Math.round((part / whole) * 1000) / 10, lang)}%`;
}

/** A joined date (or any instant) as its Japan day: 「2026年6月3日（水）」. */
export function dayOf(iso: string, lang: Locale, short = false): string {
  const { date } = japanParts(iso);
  return isIsoDate(date) ? formatDate(date, lang, short) : iso;
}

