import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { budget, timePolicyView, type Locale, type TimePolicy } from '@yui/contracts';
import { translator } from '$lib/i18n';
import {
  canSeeReports,
  emptyRow,
  isActivityKind,
  isAdmin,
  type DayRow,
  type RequestFormValues,
} from '$lib/time';
import { isUuid } from '$lib/admin';
import { ApiError, userApi } from './api';
import { text } from './admin';

type TimeEvent = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

export function signedIn(event: TimeEvent) {
  const user = event.locals.user;
  if (!user) redirect(303, '/login');
  return user;
}

/** 集計 is for municipality admins and managers; the API refuses everyone else anyway. */
export function requireReports(event: TimeEvent): void {
  if (!canSeeReports(signedIn(event))) error(403, translator(event.locals.lang)('error.forbidden'));
}

/** 設定 (the town's policy and deputies) is for municipality admins. */
export function requireTimeAdmin(event: TimeEvent): void {
  if (!isAdmin(signedIn(event))) error(403, translator(event.locals.lang)('error.forbidden'));
}

/** The id from the address; anything but a uuid is simply not there. */
export function requestId(event: Pick<RequestEvent, 'params' | 'locals'>): string {
  const id = (event.params as Record<string, string | undefined>).id;
  if (!isUuid(id)) error(404, translator(event.locals.lang)('error.notFound'));
  return id;
}

export async function loadBudget(event: TimeEvent, date?: string) {
  const q = date ? `?date=${date}` : '';
  return userApi(event)(`/api/time-requests/budget${q}`, { schema: budget });
}

/**
 * The town's policy, for hints next to the form (lead days, the day limit). Not essential: when it
 * cannot be read the form still works and the API still checks everything.
 */
export async function loadPolicy(event: TimeEvent): Promise<TimePolicy | null> {
  try {
    return (await userApi(event)('/api/time-policy', { schema: timePolicyView })).current;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return null;
  }
}

/** A random key per rendered form: the API files a request once however often it is sent. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** What the form asks for besides saving: one more row, or one row fewer (works without JS). */
export type RowEdit = { kind: 'add' } | { kind: 'remove'; index: number } | null;

export function readRequestForm(form: FormData): { values: RequestFormValues; rowEdit: RowEdit; submit: boolean; key: string } {
  const dates = form.getAll('date').map(String);
  const hours = form.getAll('hours').map(String);
  const minutes = form.getAll('minutes').map(String);
  const n = Math.min(Math.max(dates.length, hours.length, minutes.length), 31);
  const days: DayRow[] = [];
  for (let i = 0; i < n; i++) {
    days.push({ date: (dates[i] ?? '').trim(), hours: (hours[i] ?? '').trim(), minutes: (minutes[i] ?? '0').trim() });
  }
  if (!days.length) days.push(emptyRow());

  const values: RequestFormValues = {
    activityKind: text(form, 'activityKind'),
    purpose: text(form, 'purpose'),
    days,
    refType: text(form, 'refType'),
    refId: text(form, 'refId'),
    refTitle: text(form, 'refTitle'),
  };

  let rowEdit: RowEdit = null;
  if (form.get('add') !== null) rowEdit = { kind: 'add' };
  const remove = form.get('remove');
  if (typeof remove === 'string' && /^\d{1,2}$/.test(remove)) rowEdit = { kind: 'remove', index: Number(remove) };

  const key = text(form, 'idempotencyKey');
  return {
    values,
    rowEdit,
    submit: text(form, 'intent') !== 'draft',
    key: key.length >= 8 && key.length <= 100 ? key : newIdempotencyKey(),
  };
}

/** Applies "日付を追加" / "この日を削除" to the rows. */
export function editRows(days: DayRow[], edit: NonNullable<RowEdit>): DayRow[] {
  if (edit.kind === 'add') return days.length >= 31 ? days : [...days, emptyRow()];
  const next = days.filter((_, i) => i !== edit.index);
  return next.length ? next : [emptyRow()];
}

const QUARTER = /^(0|15|30|45)$/;

/**
 * The rows as the API's `days`, skipping rows left empty. Problems the API cannot word well (a
 * row with a date but no time, nothing at all) are found here, keyed by the row as shown
 * (`days.2.minutes`); `rowOf` turns the API's positions back into rows.
 */
export function requestDays(values: RequestFormValues, lang: Locale) {
  const t = translator(lang);
  const fields: Record<string, string> = {};
  const days: { date: string; minutes: number }[] = [];
  const rowOf: number[] = [];
  values.days.forEach((row, i) => {
    const blank = row.date === '' && row.hours === '' && (row.minutes === '' || row.minutes === '0');
    if (blank) return;
    if (row.date === '') fields[`days.${i}.date`] = t('time.form.dateMissing');
    const m = Number(row.minutes || '0');
    // 「0時間30分」 may be chosen as just 30分.
    const h = row.hours === '' ? (m > 0 ? 0 : null) : Number(row.hours);
    if (h === null || !Number.isInteger(h) || h < 0 || h > 24 || !QUARTER.test(row.minutes || '0')) {
      fields[`days.${i}.minutes`] = t('time.form.timeMissing');
    }
    rowOf.push(i);
    days.push({ date: row.date, minutes: (h ?? 0) * 60 + m });
  });
  if (!days.length && !Object.keys(fields).length) fields.days = t('time.form.noDays');
  if (!isActivityKind(values.activityKind)) fields.activityKind = t('time.form.kindMissing');
  return { days, rowOf, fields };
}

/** The API's field names (`days.0.date`) as the rows shown (`days.2.date`). */
export function mapDayFields(fields: Record<string, string>, rowOf: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    const m = /^days\.(\d+)(\..+)?$/.exec(k);
    if (m) {
      const row = rowOf[Number(m[1])];
      out[row === undefined ? 'days' : `days.${row}${m[2] ?? ''}`] = v;
    } else out[k] = v;
  }
  return out;
}

/** The optional link to the thing the time is for (an event, a call for help), from the form. */
export function refOf(values: RequestFormValues) {
  if (!values.refType || !isUuid(values.refId)) return null;
  return { type: values.refType.slice(0, 40), id: values.refId, title: values.refTitle.slice(0, 200) || null };
}

/** Problems found here, answered like the API's (message and fields) so pages show them the same way. */
export function invalid<T extends Record<string, unknown>>(fields: Record<string, string>, lang: Locale, extra: T) {
  return fail(400, { ...extra, message: translator(lang)('time.form.errorTitle'), fields });
}
