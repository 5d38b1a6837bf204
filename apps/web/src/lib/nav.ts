import type { Me, RoleName } from '@yui/contracts';
import type { MessageKey } from './i18n';

/** The areas of Yui, in the order of the header. Later work fills each one in. */
export interface Area {
  href: string;
  label: MessageKey;
  description?: MessageKey;
  placeholder?: MessageKey;
  /** Shown only to people with this role (the API refuses everyone else anyway). */
  role?: RoleName;
}

export const areas: Area[] = [
  { href: '/', label: 'nav.home' },
  { href: '/time', label: 'nav.time', description: 'area.time.desc', placeholder: 'placeholder.time' },
  {
    href: '/communities',
    label: 'nav.communities',
    description: 'area.communities.desc',
    placeholder: 'placeholder.communities',
  },
  { href: '/help', label: 'nav.help', description: 'area.help.desc', placeholder: 'placeholder.help' },
  { href: '/mentoring', label: 'nav.mentoring', description: 'area.mentoring.desc', placeholder: 'placeholder.mentoring' },
  {
    href: '/attractions',
    label: 'nav.attractions',
    description: 'area.attractions.desc',
    placeholder: 'placeholder.attractions',
  },
  { href: '/admin', label: 'nav.admin', role: 'municipality_admin' },
];

/** The areas this person may use, in header order. */
export function areasFor(user: Pick<Me, 'roles'>): Area[] {
  return areas.filter((a) => !a.role || user.roles.some((grant) => grant.role === a.role));
}

export function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(href + '/');
}
