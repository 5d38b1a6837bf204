// Helpers of the pair pages of メンター（職員サポート制度）, used on both sides: type-only imports from
// @yui/contracts and the deep import of its word lists keep zod out of the browser bundle.
import type {
  ConsultationKind, Locale, MatchReason, MentoringRole, MentoringSession, Mentorship, MentorshipEndReason,
  MentoringSessionStatus, PersonRef, TimeRequestStatusName,
} from '@yui/contracts';
import {
  mentoringRoleLabels, mentoringSessionStatusLabels, pairEndReasonLabels,
} from '@yui/contracts/i18n-mentoring';
import { mpT, type MentoringPairsKey } from './i18n-mentoring-pairs';
import { formatDate, formatMinutes } from './time';

export const sessionStatusLabel = (s: MentoringSessionStatus, lang: Locale) => mentoringSessionStatusLabels[s]?.[lang] ?? s;
export const roleLabel = (r: MentoringRole, lang: Locale) => mentoringRoleLabels[r]?.[lang] ?? r;
export const endReasonLabel = (r: MentorshipEndReason, lang: Locale) => pairEndReasonLabels[r]?.[lang] ?? r;

/** The badge colour of a state: ok (green), wait (orange), off (red), key, or plain. */
export type Tone = 'ok' | 'wait' | 'off' | 'key' | '';
export function sessionTone(s: MentoringSessionStatus): Tone {
  return s === 'held' ? 'ok' : s === 'planned' ? 'key' : '';
}
export function timeTone(s: TimeRequestStatusName | null): Tone {
  if (s === 'approved') return 'ok';
  if (s === 'submitted' || s === 'draft' || s === 'returned') return 'wait';
  if (s === 'declined' || s === 'revoked') return 'off';
  return '';
}

/** A 20% request's state as the pair page words it: 「承認待ち」 rather than the 20% pages' 「申請中」. */
export function timeStatusWord(s: TimeRequestStatusName | null, lang: Locale): string {
  return mpT(lang)(s ? (`mp.time.${s}` as MentoringPairsKey) : 'mp.time.none');
}

/**
 * Both sides' 20% requests for one session, from the reader's side: 「あなたの20%申請: 承認済み」
 * then 「相手: 承認待ち」. An organiser reading (role null) gets サポート職員 / サポートを受ける職員.
 */
export function timeLines(
  s: Pick<MentoringSession, 'mentorTime' | 'menteeTime'>,
  myRole: MentoringRole | null,
  lang: Locale,
): { who: 'me' | 'partner' | 'mentor' | 'mentee'; status: TimeRequestStatusName | null; text: string }[] {
  const t = mpT(lang);
  const word = (x: TimeRequestStatusName | null) => timeStatusWord(x, lang);
  if (!myRole) {
    return [
      { who: 'mentor', status: s.mentorTime, text: t('mp.time.mentor', { status: word(s.mentorTime) }) },
      { who: 'mentee', status: s.menteeTime, text: t('mp.time.mentee', { status: word(s.menteeTime) }) },
    ];
  }
  const mine = myRole === 'mentor' ? s.mentorTime : s.menteeTime;
  const theirs = myRole === 'mentor' ? s.menteeTime : s.mentorTime;
  return [
    { who: 'me', status: mine, text: t('mp.time.mine', { status: word(mine) }) },
    { who: 'partner', status: theirs, text: t('mp.time.partner', { status: word(theirs) }) },
  ];
}

/** The reader's own request for a session (null: none yet, so the page offers 「20%申請を出す」). */
export function myTimeStatus(s: Pick<MentoringSession, 'mentorTime' | 'menteeTime'>, myRole: MentoringRole | null) {
  if (!myRole) return null;
  return myRole === 'mentor' ? s.mentorTime : s.menteeTime;
}

/** The other one of the pair (for an organiser reading: the mentee, whom the pair is about). */
export function partnerOf(p: Pick<Mentorship, 'mentor' | 'mentee' | 'myRole'>): PersonRef {
  return p.myRole === 'mentee' ? p.mentor : p.mentee;
}

/** Newest first: by date, then start time (a day's later session first), then when it was written. */
export function sessionsNewestFirst<T extends Pick<MentoringSession, 'heldOn' | 'startTime' | 'createdAt'>>(sessions: T[]): T[] {
  return [...sessions].sort(
    (a, b) =>
      b.heldOn.localeCompare(a.heldOn) ||
      (b.startTime ?? '').localeCompare(a.startTime ?? '') ||
      b.createdAt.localeCompare(a.createdAt),
  );
}

/** 「2026年6月3日（水）14:00〜・60分」 / "Wed, 3 Jun 2026, 14:00 · 1h". */
export function sessionWhen(s: { heldOn: string; startTime: string | null; minutes: number }, lang: Locale): string {
  const date = formatDate(s.heldOn, lang);
  const time = s.startTime ? (lang === 'ja' ? ` ${s.startTime}〜` : `, ${s.startTime}`) : '';
  return `${date}${time}${lang === 'ja' ? '・' : ' · '}${formatMinutes(s.minutes, lang)}`;
}

/** 「2026年4月1日（水）〜2027年3月31日（水）」. */
export function periodText(from: string, to: string, lang: Locale): string {
  return `${formatDate(from, lang)}${lang === 'ja' ? '〜' : ' – '}${formatDate(to, lang)}`;
}

/** How long the pair has been quiet, in words (nothing to say for a fresh or ended pair). */
export function quietText(p: Pick<Mentorship, 'weeksQuiet' | 'lastSessionOn' | 'status'>, lang: Locale): string | null {
  if (p.status === 'ended' || p.weeksQuiet < 1) return null;
  const t = mpT(lang);
  return p.lastSessionOn ? t('mp.pair.weeksQuiet', { n: p.weeksQuiet }) : t('mp.pair.weeksQuietStart', { n: p.weeksQuiet });
}

/** One part of the match score in words: 「共通のスキル・関心: Excel、広報」「経験年数の差: 12年」…. */
export function reasonText(r: MatchReason, lang: Locale): string {
  const t = mpT(lang);
  switch (r.code) {
    case 'skills':
      return r.skills?.length ? t('mp.reason.skills', { skills: r.skills.join(lang === 'ja' ? '、' : ', ') }) : t('mp.reason.skillsNone');
    case 'experience':
      return r.yearsGap && r.yearsGap > 0 ? t('mp.reason.experience', { n: r.yearsGap }) : t('mp.reason.experienceNone');
    case 'department':
      return r.distance ? t(`mp.reason.department.${r.distance}` as MentoringPairsKey) : t('mp.reason.department');
    case 'town':
      return t(`mp.reason.town.${r.townWish ?? 'neutral'}` as MentoringPairsKey);
    case 'capacity':
      return t('mp.reason.capacity', { remaining: r.remaining ?? 0, capacity: r.capacity ?? 0 });
  }
}

export const SCALE = [1, 2, 3, 4, 5] as const;
/** 「4 満足」 / "4 Satisfied"; usefulness has its own words. */
export function scaleWord(kind: 'satisfaction' | 'usefulness', n: number, lang: Locale): string {
  const k = Math.min(5, Math.max(1, Math.round(n)));
  return mpT(lang)(`mp.${kind === 'satisfaction' ? 'sat' : 'use'}.${k}` as MentoringPairsKey);
}

export const consultKindLabel = (k: ConsultationKind, lang: Locale) => mpT(lang)(`mp.ckind.${k}` as MentoringPairsKey);

/** Minutes typed in a form: a whole number 5–480, or the reason it is not. */
export function readMinutes(raw: string): { ok: true; minutes: number } | { ok: false; code: 'missing' | 'number' } {
  const s = raw.normalize('NFKC').trim();
  if (!s) return { ok: false, code: 'missing' };
  if (!/^\d{1,4}$/.test(s)) return { ok: false, code: 'number' };
  return { ok: true, minutes: Number(s) };
}

/** The default length of a new session: the programme's, or an hour. */
export function defaultMinutes(programmeMinutes: number | null | undefined): number {
  return programmeMinutes && programmeMinutes >= 5 && programmeMinutes <= 480 ? programmeMinutes : 60;
}

/** What a form action answered (ActionData of the pair pages), read loosely by the forms. */
export interface FormState {
  op?: string;
  message?: string;
  fields?: Record<string, string>;
  confirm?: boolean;
  sessionId?: string | null;
  [k: string]: unknown;
}

/** The answer of one form (op, and for a session's own forms that session), or null. */
export function opState(form: unknown, op: string, sessionId?: string): FormState | null {
  if (!form || typeof form !== 'object') return null;
  const f = form as FormState;
  if (f.op !== op) return null;
  if (sessionId !== undefined && f.sessionId !== sessionId) return null;
  return f;
}

/** A value the form sent back (to refill the input after a failure), else the default. */
export function sent(state: FormState | null, key: string, fallback: string): string {
  const v = state?.[key];
  return typeof v === 'string' ? v : fallback;
}
