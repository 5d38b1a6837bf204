import { error, fail, type RequestEvent } from '@sveltejs/kit';
import {
  departmentPage,
  helpCall,
  regionDepartmentList,
  SUGGESTED_SKILLS,
  type HelpCall,
  type Locale,
  type Me,
} from '@yui/contracts';
import { callFieldOf, callFormValues, departmentTree, type CallFormValues } from '$lib/help';
import { fieldLabel } from '$lib/admin';
import { translator, type MessageKey } from '$lib/i18n';
import { formatDate } from '$lib/time';
import { ApiError, userApi } from './api';
import { pageError } from './admin';
import { failure, field, idParam, keyOf, newKey } from './communities';

/** Server helpers of the 職場応援 (calls for help) pages. */

type Ev = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

export { idParam };
export const suggestedSkills: readonly string[] = SUGGESTED_SKILLS;

/** One call as the reader may see it; 404 when another town's town-only call (the API says so). */
export async function loadCall(event: Ev, id: string): Promise<HelpCall> {
  try {
    return await userApi(event)(`/api/help-calls/${id}`, { schema: helpCall });
  } catch (e) {
    pageError(e, event);
  }
}

/** Managing a call (edit, applicants): its creator, contact, the town's admin or the 課's manager. */
export function requireManage(event: Ev, call: HelpCall): void {
  if (!call.can.manage) error(403, translator(event.locals.lang)('error.forbidden'));
}


export function readCallForm(form: FormData): CallFormValues {
  return {
    title: field(form, 'title'),
    category: field(form, 'category'),
    summary: field(form, 'summary', false),
    headcount: field(form, 'headcount'),
    publishedOn: field(form, 'publishedOn'),
    deadline: field(form, 'deadline'),
    workStart: field(form, 'workStart'),
    workEnd: field(form, 'workEnd'),
    hoursNote: field(form, 'hoursNote'),
    minutesPerDay: field(form, 'minutesPerDay'),
    place: field(form, 'place'),
    skills: form.getAll('skill').map(String).filter((s) => suggestedSkills.includes(s)),
    otherSkills: field(form, 'otherSkills'),
    departmentId: field(form, 'departmentId'),
    contactId: field(form, 'contactId'),
    contactNote: field(form, 'contactNote'),
    reach: field(form, 'reach'),
  };
}

/** The call form's and apply form's own words for their fields (the API's shared map says タイトル). */
const formLabels: Record<string, MessageKey> = {
  title: 'help.field.title',
  category: 'help.field.category',
  summary: 'help.field.summary',
  headcount: 'help.field.headcount',
  publishedOn: 'help.field.publishedOn',
  deadline: 'help.field.deadline',
  workStart: 'help.field.workStart',
  workEnd: 'help.field.workEnd',
  hoursNote: 'help.field.hoursNote',
  minutesPerDay: 'help.field.minutesPerDay',
  place: 'help.field.place',
  skills: 'help.field.skills',
  departmentId: 'help.field.department',
  contactId: 'help.field.contact',
  contactNote: 'help.field.contactNote',
  reach: 'help.field.reach',
  days: 'help.apply.days',
};

/** Problems found here (codes of callBody / readDays), worded like the API's: 「募集人数: …」. */
export function localProblems(codes: Record<string, string>, lang: Locale): Record<string, string> {
  const t = translator(lang);
  const out: Record<string, string> = {};
  for (const [f, code] of Object.entries(codes)) {
    const reason =
      code === 'number' ? t('help.form.notNumber')
      : code === 'date' ? t('help.form.notDate')
      : code === 'missing' ? t('help.form.missing')
      : code === 'too_many' ? t(f === 'days' ? 'help.apply.tooManyDays' : 'help.form.tooManySkills')
      : code === 'none' ? t('help.apply.noDays')
      : code === 'minutes' ? t('help.apply.badMinutes')
      : code;
    const key = formLabels[f];
    const name = f.startsWith('day-') ? formatDate(f.slice(4), lang, true) : key ? t(key) : fieldLabel(f, lang);
    out[f] = `${name}: ${reason}`;
  }
  return out;
}

/**
 * An API error in answer to a form (the shared `failure`: the API's message and per-field messages,
 * renamed to the form's own fields; 404 is an error page, 403/409 are said beside the button).
 */
export const apiFailure = failure;

export function invalidHere<T extends Record<string, unknown>>(fields: Record<string, string>, lang: Locale, extra: T) {
  return fail(400, { ...extra, message: translator(lang)('help.form.errorTitle'), fields });
}

/** `skills.3` → `skills`: the form has one place to show a skill's problem. */
export function byFormField(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [f, text] of Object.entries(fields)) out[callFieldOf(f)] ??= text;
  return out;
}

export interface PersonOption {
  id: string;
  name: string;
  detail: string;
}

/**
 * What the call form offers to choose from: the departments of my own town (tree order) and, as
 * 募集担当者, the people of my own department (myself first). Neither is needed to post — the API
 * takes my own department and me by default — so if the directory cannot be read the form still
 * works with just those.
 */
export async function callFormOptions(event: Ev, me: Me, current?: HelpCall) {
  const call = userApi(event);
  const optional = <T>(p: Promise<T>, fallback: T) =>
    p.catch((e: unknown) => {
      if (!(e instanceof ApiError)) throw e;
      return fallback;
    });
  const [list, dept] = await Promise.all([
    optional(call(`/api/departments?${new URLSearchParams({ town: me.municipality.id })}`, { schema: regionDepartmentList }), null),
    me.department ? optional(call(`/api/departments/${me.department.id}`, { schema: departmentPage }), null) : null,
  ]);
  const departments = departmentTree((list?.items ?? []).filter((d) => d.town.id === me.municipality.id)).map((d) => ({
    id: d.id,
    name: d.name,
    depth: d.depth,
  }));
  if (me.department && !departments.some((d) => d.id === me.department!.id)) {
    departments.unshift({ id: me.department.id, name: me.department.name, depth: 0 });
  }
  const contacts: PersonOption[] = [{ id: me.id, name: me.name, detail: [me.department?.name, me.position].filter(Boolean).join('・') }];
  for (const s of dept?.staff ?? []) {
    if (!contacts.some((c) => c.id === s.id)) contacts.push({ id: s.id, name: s.name, detail: [s.departmentName, s.position].filter(Boolean).join('・') });
  }
  if (current && !contacts.some((c) => c.id === current.contact.id)) {
    const p = current.contact;
    contacts.push({ id: p.id, name: p.name, detail: [p.departmentName, p.position].filter(Boolean).join('・') });
  }
  return { departments, contacts };
}

export function initialCallForm(me: Me, current?: HelpCall): CallFormValues {
  return callFormValues(current ?? null, suggestedSkills, { departmentId: me.department?.id, contactId: me.id });
}

// A random key per rendered form: the API creates one call or application however often it is sent.
export { field, keyOf, newKey };
