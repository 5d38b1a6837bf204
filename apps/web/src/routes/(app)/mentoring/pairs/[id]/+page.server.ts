import type { RequestEvent } from '@sveltejs/kit';
import { isUuid } from '$lib/admin';
import { mpT, type MentoringPairsKey } from '$lib/i18n-mentoring-pairs';
import { defaultMinutes, readMinutes } from '$lib/mentoring-pairs';
import { userApi } from '$lib/server/api';
import {
  apiFailure, backTo, doneParam, field, idParam, keyOf, loadPair, newKey, problem, programmeMinutes,
} from '$lib/server/mentoring-pairs';
import { isIsoDate, todayInJapan } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

const DONE = [
  'goals', 'planned', 'plannedTime', 'logged', 'held', 'cancelled', 'time', 'note', 'noteDeleted', 'survey', 'rematch', 'ended',
] as const;

/**
 * A mentoring pair: the two of it plan and record sessions (each filing their own 20% request),
 * keep private notes and answer the surveys; the mentee may ask for a new match, the mentor may
 * consult the mentee's 所属長 or 人事. The programme's organisers read it without notes or surveys and
 * may end it. What each may do comes from the API (`can`), which checks again on every change.
 */
export const load: PageServerLoad = async (event) => {
  const pair = await loadPair(event, idParam(event));
  const minutes = pair.can.logSession ? await programmeMinutes(event, pair.programme.id) : null;
  return {
    pair,
    today: todayInJapan(),
    sessionMinutes: defaultMinutes(minutes),
    planKey: newKey(),
    logKey: newKey(),
    done: doneParam(event.url, DONE),
  };
};

const path = (event: RequestEvent) => `/mentoring/pairs/${idParam(event)}`;
const api = (event: RequestEvent) => `/api/mentoring/mentorships/${idParam(event)}`;

/** Local problems worded like the API's: 「時間（分）: 数字で入力してください」. */
function fieldProblems(lang: 'ja' | 'en', codes: Record<string, 'missing' | 'number' | 'date'>) {
  const t = mpT(lang);
  const labels: Record<string, MentoringPairsKey> = {
    heldOn: 'mp.log.heldOn', minutes: 'mp.log.minutes', reason: 'mp.rematch.reason', body: 'mp.notes.body',
    satisfaction: 'mp.surveys.satisfaction',
  };
  const reasons = { missing: t('mp.form.missing'), number: t('mp.form.notNumber'), date: t('mp.form.notDate') };
  const out: Record<string, string> = {};
  for (const [f, code] of Object.entries(codes)) out[f] = `${labels[f] ? t(labels[f]!) : f}: ${reasons[code]}`;
  return out;
}

/** The date and minutes of a session form, or what is wrong with them. */
function readWhen(form: FormData, dateField: string) {
  const heldOn = field(form, dateField);
  const rawMinutes = field(form, 'minutes');
  const minutes = readMinutes(rawMinutes);
  const codes: Record<string, 'missing' | 'number' | 'date'> = {};
  if (!heldOn) codes.heldOn = 'missing';
  else if (!isIsoDate(heldOn)) codes.heldOn = 'date';
  if (!minutes.ok) codes.minutes = minutes.code;
  return { heldOn, rawMinutes, minutes: minutes.ok ? minutes.minutes : null, codes };
}

function sessionIdOf(form: FormData): string | null {
  const id = field(form, 'sessionId');
  return isUuid(id) ? id : null;
}

export const actions: Actions = {
  goals: async (event) => {
    const form = await event.request.formData();
    const goals = field(form, 'goals', false).trim();
    try {
      await userApi(event)(api(event), { method: 'PATCH', body: { goals } });
    } catch (e) {
      return apiFailure(e, event, { op: 'goals' as const, goals });
    }
    backTo(path(event), 'goals', 'goals-title');
  },

  /** Plan the next session; with 「20%申請も出す」 the API files my own request in the same step. */
  plan: async (event) => {
    const form = await event.request.formData();
    const when = readWhen(form, 'heldOn');
    const startTime = field(form, 'startTime');
    const place = field(form, 'place');
    const topic = field(form, 'topic');
    const fileTime = field(form, 'fileTime') === '1';
    const idempotencyKey = keyOf(form);
    const extra = { op: 'plan' as const, heldOn: when.heldOn, minutes: when.rawMinutes, startTime, place, topic, fileTime, idempotencyKey };
    if (Object.keys(when.codes).length) return problem(event.locals.lang, fieldProblems(event.locals.lang, when.codes), extra);
    try {
      await userApi(event)(`${api(event)}/sessions`, {
        method: 'POST',
        body: {
          status: 'planned', heldOn: when.heldOn, minutes: when.minutes, startTime: startTime || null,
          place: place || null, topic, fileTime, idempotencyKey,
        },
      });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    backTo(path(event), fileTime ? 'plannedTime' : 'planned', 'next-title');
  },

  /** A session held (planned or not), with an optional private note for the two of us. */
  log: async (event) => {
    const form = await event.request.formData();
    const when = readWhen(form, 'heldOn');
    const topic = field(form, 'topic');
    const note = field(form, 'note', false).trim();
    const idempotencyKey = keyOf(form);
    const extra = { op: 'log' as const, heldOn: when.heldOn, minutes: when.rawMinutes, topic, note, idempotencyKey };
    if (Object.keys(when.codes).length) return problem(event.locals.lang, fieldProblems(event.locals.lang, when.codes), extra);
    try {
      await userApi(event)(`${api(event)}/sessions`, {
        method: 'POST',
        body: { status: 'held', heldOn: when.heldOn, minutes: when.minutes, topic, note: note || null, idempotencyKey },
      });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    backTo(path(event), 'logged', 'sessions-title');
  },

  /** A planned session took place: record it as held (date, length, topic, a note). */
  held: async (event) => {
    const form = await event.request.formData();
    const sessionId = sessionIdOf(form);
    const when = readWhen(form, 'heldOn');
    const topic = field(form, 'topic');
    const note = field(form, 'note', false).trim();
    const extra = { op: 'held' as const, sessionId, heldOn: when.heldOn, minutes: when.rawMinutes, topic, note };
    if (!sessionId) backTo(path(event), 'held');
    if (Object.keys(when.codes).length) return problem(event.locals.lang, fieldProblems(event.locals.lang, when.codes), extra);
    try {
      await userApi(event)(`${api(event)}/sessions/${sessionId}`, {
        method: 'PATCH',
        body: { status: 'held', heldOn: when.heldOn, minutes: when.minutes, topic, note: note || null },
      });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    backTo(path(event), 'held', 'sessions-title');
  },

  cancel: async (event) => {
    const form = await event.request.formData();
    const sessionId = sessionIdOf(form);
    if (!sessionId) backTo(path(event), 'cancelled');
    try {
      await userApi(event)(`${api(event)}/sessions/${sessionId}`, { method: 'PATCH', body: { status: 'cancelled' } });
    } catch (e) {
      return apiFailure(e, event, { op: 'cancel' as const, sessionId });
    }
    backTo(path(event), 'cancelled', 'sessions-title');
  },

  /** File my own 20% request for a planned session (the partner files theirs). */
  time: async (event) => {
    const form = await event.request.formData();
    const sessionId = sessionIdOf(form);
    if (!sessionId) backTo(path(event), 'time');
    try {
      await userApi(event)(`${api(event)}/sessions/${sessionId}/time`, { method: 'POST' });
    } catch (e) {
      return apiFailure(e, event, { op: 'time' as const, sessionId });
    }
    backTo(path(event), 'time', 'next-title');
  },

  note: async (event) => {
    const form = await event.request.formData();
    const body = field(form, 'body', false).trim();
    const extra = { op: 'note' as const, body };
    if (!body) return problem(event.locals.lang, fieldProblems(event.locals.lang, { body: 'missing' }), extra);
    try {
      await userApi(event)(`${api(event)}/notes`, { method: 'POST', body: { body, sessionId: sessionIdOf(form) } });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    backTo(path(event), 'note', 'notes-title');
  },

  deleteNote: async (event) => {
    const form = await event.request.formData();
    const noteId = field(form, 'noteId');
    if (!isUuid(noteId)) backTo(path(event), 'noteDeleted', 'notes-title');
    try {
      await userApi(event)(`${api(event)}/notes/${noteId}`, { method: 'DELETE' });
    } catch (e) {
      return apiFailure(e, event, { op: 'deleteNote' as const, noteId });
    }
    backTo(path(event), 'noteDeleted', 'notes-title');
  },

  /** One answer per person and stage: answering again replaces it. */
  survey: async (event) => {
    const form = await event.request.formData();
    const stage = field(form, 'stage') === 'end' ? 'end' : 'mid';
    const satisfaction = Number(field(form, 'satisfaction'));
    const usefulnessRaw = field(form, 'usefulness');
    const comment = field(form, 'comment', false).trim();
    const extra = { op: 'survey' as const, stage, satisfaction: field(form, 'satisfaction'), usefulness: usefulnessRaw, comment };
    if (!Number.isInteger(satisfaction) || satisfaction < 1 || satisfaction > 5) {
      return problem(event.locals.lang, fieldProblems(event.locals.lang, { satisfaction: 'missing' }), extra);
    }
    const usefulness = /^[1-5]$/.test(usefulnessRaw) ? Number(usefulnessRaw) : null;
    try {
      await userApi(event)(`${api(event)}/surveys`, { method: 'PUT', body: { stage, satisfaction, usefulness, comment } });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    backTo(path(event), 'survey', 'surveys-title');
  },

  /** The mentee asks for a new match. Two steps without JS: the reason, then confirm=1. */
  rematch: async (event) => {
    const form = await event.request.formData();
    const reason = field(form, 'reason', false).trim();
    const extra = { op: 'rematch' as const, reason };
    if (!reason) return problem(event.locals.lang, { reason: `${mpT(event.locals.lang)('mp.rematch.reason')}: ${mpT(event.locals.lang)('mp.rematch.reasonRequired')}` }, extra);
    if (field(form, 'confirm') !== '1') return { ...extra, confirm: true };
    try {
      await userApi(event)(`${api(event)}/rematch`, { method: 'POST', body: { reason } });
    } catch (e) {
      return apiFailure(e, event, extra);
    }
    backTo(path(event), 'rematch');
  },

  /** An organiser ends the pair (期間満了 / 参加取りやめ), after a confirm step. */
  end: async (event) => {
    const form = await event.request.formData();
    const reason = field(form, 'reason') === 'withdrawn' ? 'withdrawn' : 'completed';
    if (field(form, 'confirm') !== '1') return { op: 'end' as const, reason, confirm: true };
    try {
      await userApi(event)(`${api(event)}/end`, { method: 'POST', body: { reason } });
    } catch (e) {
      return apiFailure(e, event, { op: 'end' as const, reason });
    }
    backTo(path(event), 'ended');
  },
};
