// Helpers of the municipality admin's screens, used on both sides: type-only imports from
// @yui/contracts and deep imports of its i18n keep zod out of the browser bundle.
import type { Department, Locale, Me, Staff } from '@yui/contracts';
import { fieldLabels } from '@yui/contracts/i18n';

export function hasRole(user: Pick<Me, 'roles'>, role: string): boolean {
  return user.roles.some((grant) => grant.role === role);
}

export function isMunicipalityAdmin(user: Pick<Me, 'roles'>): boolean {
  return hasRole(user, 'municipality_admin');
}

/** Standard working week of local public servants: 38h45m. */
export const DEFAULT_WEEKLY_MINUTES = 38 * 60 + 45;

export function splitMinutes(total: number): { hours: number; minutes: number } {
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** Whole hours and minutes as typed (half-width or full-width digits) → minutes, or null. */
export function joinMinutes(hours: string, minutes: string): number | null {
  const read = (s: string) => {
    const v = s.normalize('NFKC').trim();
    if (v === '') return 0;
    return /^\d{1,3}$/.test(v) ? Number(v) : null;
  };
  const h = read(hours);
  const m = read(minutes);
  if (h === null || m === null || m > 59 || (hours.trim() === '' && minutes.trim() === '')) return null;
  return h * 60 + m;
}

export const kindOrder = ['bu', 'ka', 'kakari'] as const;
export type Kind = (typeof kindOrder)[number];

/** Kinds a department may have below a parent of this kind (部 > 課 > 係); any kind at the top. */
export function childKinds(parent: Kind | null): Kind[] {
  return parent === null ? [...kindOrder] : kindOrder.slice(kindOrder.indexOf(parent) + 1);
}

export interface DepartmentOption {
  id: string;
  label: string;
  active: boolean;
}

/**
 * Departments as `<option>`s in tree order, indented by depth (options hold text only, so the
 * indent is full-width spaces); a deactivated one says so.
 */
export function departmentOptions(
  departments: Pick<Department, 'id' | 'name' | 'depth' | 'active'>[],
  inactiveLabel: string,
): DepartmentOption[] {
  return departments.map((d) => ({
    id: d.id,
    label: `${'\u3000'.repeat(d.depth * 2)}${d.name}${d.active ? '' : ` ${inactiveLabel}`}`,
    active: d.active,
  }));
}

/** The ids of a department and every department below it (the list is in tree order, with parentId). */
export function subtreeIds(departments: Pick<Department, 'id' | 'parentId'>[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments) {
      if (d.parentId && ids.has(d.parentId) && !ids.has(d.id)) {
        ids.add(d.id);
        grew = true;
      }
    }
  }
  return ids;
}

/**
 * The API words a field's problem as 「メールアドレス: 既に使われています」. Where the field is already
 * named (a 項目 column, a heading) the Japanese reason is shown alone; English sentences
 * ("E-mail is already in use") need their subject, so they stay whole.
 */
export function fieldReason(field: string | null, message: string, lang: Locale): string {
  const label = field ? fieldLabels[field]?.ja : undefined;
  if (lang !== 'ja' || !label || !message.startsWith(`${label}: `)) return message;
  return message.slice(label.length + 2);
}

/** A CSV column as people read it (email → メールアドレス); a header as written stays as it is. */
export function fieldLabel(field: string, lang: Locale): string {
  return fieldLabels[field]?.[lang] ?? field;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export interface StaffFilters {
  q: string;
  departmentId: string;
  showInactive: boolean;
}

/** The staff list's filters from the page address: `?q=…&department=…&inactive=1`. */
export function staffFilters(url: URL): StaffFilters {
  const department = url.searchParams.get('department');
  return {
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 100),
    departmentId: isUuid(department) ? department : '',
    showInactive: url.searchParams.get('inactive') === '1',
  };
}

/** The same filters in the page address (for links: next page, CSV export). */
export function filterParams(f: StaffFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.departmentId) p.set('department', f.departmentId);
  if (f.showInactive) p.set('inactive', '1');
  return p;
}

/** The same filters as the API's query (`GET /api/admin/staff`, `…/export.csv`). */
export function staffQuery(f: StaffFilters): URLSearchParams {
  const p = new URLSearchParams({ active: f.showInactive ? 'all' : 'true' });
  if (f.q) p.set('q', f.q);
  if (f.departmentId) p.set('departmentId', f.departmentId);
  return p;
}

/** What the staff form shows: strings as typed, so a failed save gives back exactly the input. */
export interface StaffFormValues {
  name: string;
  nameKana: string;
  email: string;
  position: string;
  hireDate: string;
  hours: string;
  minutes: string;
  departmentId: string;
}

export function staffFormValues(
  s?: Pick<Staff, 'name' | 'nameKana' | 'email' | 'position' | 'hireDate' | 'weeklyMinutes' | 'departmentId'>,
): StaffFormValues {
  const { hours, minutes } = splitMinutes(s?.weeklyMinutes ?? DEFAULT_WEEKLY_MINUTES);
  return {
    name: s?.name ?? '',
    nameKana: s?.nameKana ?? '',
    email: s?.email ?? '',
    position: s?.position ?? '',
    hireDate: s?.hireDate ?? '',
    hours: String(hours),
    minutes: String(minutes),
    departmentId: s?.departmentId ?? '',
  };
}

/** The input each API field is typed in, for error links and aria-describedby. */
export const staffFieldIds: Record<string, string> = {
  name: 'f-name',
  nameKana: 'f-kana',
  email: 'f-email',
  position: 'f-position',
  hireDate: 'f-hireDate',
  weeklyMinutes: 'f-hours',
  departmentId: 'f-department',
};
