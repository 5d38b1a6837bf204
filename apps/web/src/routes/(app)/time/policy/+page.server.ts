import { fail, redirect } from '@sveltejs/kit';
import { delegationList, staffPage, timePolicyView, type Locale, type Staff } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { translator, type MessageKey } from '$lib/i18n';
import { actionFailure, pageError, text } from '$lib/server/admin';
import { userApi } from '$lib/server/api';
import { requireTimeAdmin } from '$lib/server/time';
import type { Actions, PageServerLoad } from './$types';

const SAVED = ['policy', 'delegation', 'deleted'] as const;

type Event = Parameters<PageServerLoad>[0];

/** Active staff of the town for the 所属長 and 代理承認者 choices (pages of 200, at most 2,000 people). */
async function activeStaff(event: Event): Promise<Staff[]> {
  const call = userApi(event);
  const all: Staff[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const q = new URLSearchParams({ limit: '200', active: 'true' });
    if (cursor) q.set('cursor', cursor);
    const page = await call(`/api/admin/staff?${q}`, { schema: staffPage });
    all.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return all;
}

export const load: PageServerLoad = async (event) => {
  requireTimeAdmin(event);
  const saved = event.url.searchParams.get('saved');
  try {
    const call = userApi(event);
    const [policy, delegations, staff] = await Promise.all([
      call('/api/time-policy', { schema: timePolicyView }),
      call('/api/time-policy/delegations', { schema: delegationList }),
      activeStaff(event),
    ]);
    const people = staff.map((s) => ({
      id: s.id,
      name: s.name,
      nameKana: s.nameKana,
      departmentName: s.departmentName,
      managerOf: s.roles.filter((r) => r.role === 'manager').map((r) => r.departmentName ?? ''),
    }));
    return {
      policy: policy.current,
      history: [...policy.history].sort((a, b) => b.version - a.version),
      delegations: [...delegations.items].sort((a, b) => a.startsOn.localeCompare(b.startsOn)),
      people,
      saved: (SAVED as readonly string[]).includes(saved ?? '') ? (saved as (typeof SAVED)[number]) : null,
    };
  } catch (e) {
    pageError(e, event);
  }
};

interface PolicyFormValues {
  capPercent: string;
  period: string;
  leadDays: string;
  maxHours: string;
  maxMinutes: string;
  reminderWorkingDays: string;
  actualsReminderDays: string;
  note: string;
}

/** A number as typed (half- or full-width), or null. */
function num(v: string): number | null {
  const s = v.normalize('NFKC').trim();
  return /^\d{1,4}(\.\d{1,2})?$/.test(s) ? Number(s) : null;
}

function readPolicyForm(form: FormData, lang: Locale) {
  const t = translator(lang);
  const values: PolicyFormValues = {
    capPercent: text(form, 'capPercent'),
    period: text(form, 'period'),
    leadDays: text(form, 'leadDays'),
    maxHours: text(form, 'maxHours'),
    maxMinutes: text(form, 'maxMinutes'),
    reminderWorkingDays: text(form, 'reminderWorkingDays'),
    actualsReminderDays: text(form, 'actualsReminderDays'),
    note: text(form, 'note'),
  };
  const fields: Record<string, string> = {};
  const label = (field: string) => t(`time.policy.${field}` as MessageKey);
  // The same bounds as the API's (timePolicyUpdate), worded with the range.
  const need = (field: string, v: string, min: number, max: number, integer = true) => {
    const n = num(v);
    if (n === null || (integer && !Number.isInteger(n))) {
      fields[field] = t('time.policy.notNumber', { label: label(field) });
      return 0;
    }
    if (n < min || n > max) fields[field] = t('time.policy.outOfRange', { label: label(field), min, max });
    return n;
  };
  const capPercent = need('capPercent', values.capPercent, 0, 100, false);
  if (capPercent === 0 && !fields.capPercent) fields.capPercent = t('time.policy.capRange', { label: label('capPercent') });
  const maxMinutesPerDay = (num(values.maxHours) ?? 0) * 60 + (num(values.maxMinutes) ?? 0);
  if (maxMinutesPerDay < 15 || maxMinutesPerDay > 720) fields.maxMinutesPerDay = t('time.policy.maxRange', { label: label('maxPerDay') });
  const body = {
    capPercent,
    period: values.period === 'week' ? 'week' : 'month',
    leadDays: need('leadDays', values.leadDays, 0, 60),
    maxMinutesPerDay,
    reminderWorkingDays: need('reminderWorkingDays', values.reminderWorkingDays, 1, 30),
    actualsReminderDays: need('actualsReminderDays', values.actualsReminderDays, 1, 60),
    note: values.note || null,
  };
  return { values, body, fields };
}

/**
 * The API names some policy fields by their code (「reminderWorkingDays: …」): say the form's label
 * instead, as the other fields do.
 */
function relabel(fields: Record<string, string>, lang: Locale): Record<string, string> {
  const t = translator(lang);
  const labels: Record<string, MessageKey> = {
    reminderWorkingDays: 'time.policy.reminderWorkingDays',
    actualsReminderDays: 'time.policy.actualsReminderDays',
    note: 'time.policy.note',
    managerId: 'time.deleg.manager',
  };
  const out: Record<string, string> = {};
  for (const [field, text] of Object.entries(fields)) {
    const key = labels[field];
    out[field] = key && (text.startsWith(`${field}: `) || text.startsWith(`${field} `)) ? t(key) + text.slice(field.length) : text;
  }
  return out;
}

export const actions: Actions = {
  save: async (event) => {
    requireTimeAdmin(event);
    const lang = event.locals.lang;
    const { values, body, fields } = readPolicyForm(await event.request.formData(), lang);
    if (Object.keys(fields).length) {
      return fail(400, { op: 'policy' as const, values, message: translator(lang)('time.form.errorTitle'), fields });
    }
    try {
      await userApi(event)('/api/time-policy', { method: 'PUT', body });
    } catch (e) {
      const failure = actionFailure(e, event, { op: 'policy' as const, values });
      failure.data.fields = relabel(failure.data.fields, lang);
      return failure;
    }
    redirect(303, '/time/policy?saved=policy#policy-title');
  },

  addDelegation: async (event) => {
    requireTimeAdmin(event);
    const form = await event.request.formData();
    const values = {
      managerId: text(form, 'managerId'),
      deputyId: text(form, 'deputyId'),
      startsOn: text(form, 'startsOn'),
      endsOn: text(form, 'endsOn'),
      reason: text(form, 'reason'),
    };
    const t = translator(event.locals.lang);
    const fields: Record<string, string> = {};
    if (!isUuid(values.managerId)) fields.managerId = t('time.deleg.managerMissing');
    if (!isUuid(values.deputyId)) fields.deputyId = t('time.deleg.deputyMissing');
    if (Object.keys(fields).length) {
      return fail(400, { op: 'delegation' as const, values, message: t('time.form.errorTitle'), fields });
    }
    try {
      await userApi(event)('/api/time-policy/delegations', {
        method: 'POST',
        body: { ...values, reason: values.reason || null },
      });
    } catch (e) {
      const failure = actionFailure(e, event, { op: 'delegation' as const, values });
      failure.data.fields = relabel(failure.data.fields, event.locals.lang);
      return failure;
    }
    redirect(303, '/time/policy?saved=delegation#delegations-title');
  },

  deleteDelegation: async (event) => {
    requireTimeAdmin(event);
    const id = text(await event.request.formData(), 'id');
    if (!isUuid(id)) return fail(400, { op: 'delete' as const, message: translator(event.locals.lang)('error.generic'), fields: {} as Record<string, string> });
    try {
      await userApi(event)(`/api/time-policy/delegations/${id}`, { method: 'DELETE' });
    } catch (e) {
      return actionFailure(e, event, { op: 'delete' as const });
    }
    redirect(303, '/time/policy?saved=deleted#delegations-title');
  },
};
