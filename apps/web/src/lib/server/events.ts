import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { community, peopleList, personRef, type Locale, type PersonRef } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { isCoordinator } from '$lib/communities';
import { fromLocalInput, isEventFormat, isEventKind, type EventFormValues } from '$lib/events';
import { translator } from '$lib/i18n';
import { userApi } from './api';
import { pageError, text } from './admin';
import { signedIn } from './time';

type Ev = Pick<RequestEvent, 'locals' | 'cookies' | 'url'>;

/** People of the region by name or ふりがな (for managers and invitations). */
export const PEOPLE_SEARCH_PATH = '/api/communities/people';

/** A uuid from the address (`params.id` by default); anything else is simply not there. */
export { idParam as uuidParam } from './communities';

/** Creating communities and the figures are for 広域コーディネーター; the API checks again. */
export function requireCoordinator(event: Ev): void {
  if (!isCoordinator(signedIn(event))) error(403, translator(event.locals.lang)('error.forbidden'));
}

export async function loadCommunity(event: Ev, id: string) {
  try {
    return await userApi(event)(`/api/communities/${id}`, { schema: community });
  } catch (e) {
    pageError(e, event);
  }
}

/** Problems found before asking the API, answered like the API's so pages show them the same way. */
export function invalidForm<T extends Record<string, unknown>>(fields: Record<string, string>, lang: Locale, extra: T) {
  return fail(400, { ...extra, message: translator(lang)('events.form.errorTitle'), fields });
}

// ---------- the event form ----------

/**
 * The event form as the API's body. Date and time inputs are read as Japan time; an empty
 * capacity means no limit. Anything else is checked by the API, which words the problems.
 */
export function readEventForm(form: FormData, lang: Locale) {
  const t = translator(lang);
  const values: EventFormValues = {
    title: text(form, 'title'),
    description: String(form.get('description') ?? ''),
    kind: text(form, 'kind'),
    format: text(form, 'format'),
    startsAt: text(form, 'startsAt'),
    endsAt: text(form, 'endsAt'),
    place: text(form, 'place'),
    onlineUrl: text(form, 'onlineUrl'),
    capacity: text(form, 'capacity').normalize('NFKC'),
  };
  const fields: Record<string, string> = {};
  const startsAt = fromLocalInput(values.startsAt);
  const endsAt = fromLocalInput(values.endsAt);
  if (!startsAt) fields.startsAt = t('events.form.dateTimeMissing', { field: t('events.form.startsAt') });
  if (!endsAt) fields.endsAt = t('events.form.dateTimeMissing', { field: t('events.form.endsAt') });
  let capacity: number | null = null;
  if (values.capacity !== '') {
    capacity = Number(values.capacity);
    if (!/^\d{1,5}$/.test(values.capacity) || capacity < 1 || capacity > 10000) fields.capacity = t('events.form.capacityInvalid');
  }
  if (!values.title) fields.title = t('events.form.titleMissing');
  const body = {
    title: values.title,
    description: values.description,
    kind: isEventKind(values.kind) ? values.kind : 'study',
    format: isEventFormat(values.format) ? values.format : 'offline',
    startsAt,
    endsAt,
    place: values.place || null,
    onlineUrl: values.onlineUrl || null,
    capacity,
  };
  return { values, body, fields };
}

// ---------- choosing people (managers, invitations) ----------

/**
 * The people picked in a PeoplePicker: the checked ids (`name`), with each person's details carried
 * in hidden `person` fields (there is no call to look a person up by id), and the search words.
 */
export function readPicker(form: FormData, name: string): { selected: PersonRef[]; q: string } {
  const checked = new Set(form.getAll(name).map(String).filter(isUuid));
  const byId = new Map<string, PersonRef>();
  for (const raw of form.getAll('person')) {
    try {
      const p = personRef.safeParse(JSON.parse(String(raw)));
      if (p.success) byId.set(p.data.id, p.data);
    } catch {
      // A tampered field: that person is simply not listed.
    }
  }
  const selected = [...checked].map((id) => byId.get(id)).filter((p): p is PersonRef => Boolean(p));
  return { selected, q: text(form, 'q').slice(0, 50) };
}

/** Search results for the picker, without the people already picked. */
export async function searchPeople(event: Ev, q: string, exclude: string[] = []): Promise<PersonRef[]> {
  if (!q) return [];
  const found = await userApi(event)(`${PEOPLE_SEARCH_PATH}?${new URLSearchParams({ q, limit: '20' })}`, { schema: peopleList });
  const skip = new Set(exclude);
  return found.items.filter((p) => !skip.has(p.id));
}
