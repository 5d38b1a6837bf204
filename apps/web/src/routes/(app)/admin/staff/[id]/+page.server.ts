import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { staff } from '@yui/contracts';
import { isUuid, staffFormValues } from '$lib/admin';
import { translator } from '$lib/i18n';
import { userApi } from '$lib/server/api';
import { actionFailure, loadDepartments, pageError, readStaffForm, requireAdmin, text } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

const FLASHES = ['1', 'created', 'deactivated', 'activated', 'role'] as const;
type Flash = (typeof FLASHES)[number];

/** The id from the address; anything but a uuid is simply not there. */
function staffId(event: Pick<RequestEvent, 'params' | 'locals'>): string {
  const id = event.params.id;
  if (!isUuid(id)) error(404, translator(event.locals.lang)('error.notFound'));
  return id;
}

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const id = staffId(event);
  const saved = event.url.searchParams.get('saved');
  try {
    const [person, departments] = await Promise.all([
      userApi(event)(`/api/admin/staff/${id}`, { schema: staff }),
      loadDepartments(event),
    ]);
    return {
      person,
      departments,
      initial: staffFormValues(person),
      saved: (FLASHES as readonly string[]).includes(saved ?? '') ? (saved as Flash) : null,
    };
  } catch (e) {
    pageError(e, event);
  }
};

function done(id: string, flash: Flash): never {
  redirect(303, `/admin/staff/${id}?saved=${flash}`);
}

export const actions: Actions = {
  save: async (event) => {
    requireAdmin(event);
    const id = staffId(event);
    const { values, body, fields } = readStaffForm(await event.request.formData(), event.locals.lang);
    try {
      await userApi(event)(`/api/admin/staff/${id}`, { method: 'PATCH', body, schema: staff });
    } catch (e) {
      const failure = actionFailure(e, event, { op: 'save' as const, values });
      Object.assign(failure.data.fields, fields);
      return failure;
    }
    done(id, '1');
  },

  /** Two steps without JS: the first POST asks, the second (confirm=1) deactivates. */
  deactivate: async (event) => {
    requireAdmin(event);
    const id = staffId(event);
    const form = await event.request.formData();
    if (text(form, 'confirm') !== '1') return { op: 'status' as const, confirmDeactivate: true };
    try {
      await userApi(event)(`/api/admin/staff/${id}`, { method: 'PATCH', body: { active: false }, schema: staff });
    } catch (e) {
      return actionFailure(e, event, { op: 'status' as const });
    }
    done(id, 'deactivated');
  },

  activate: async (event) => {
    requireAdmin(event);
    const id = staffId(event);
    try {
      await userApi(event)(`/api/admin/staff/${id}`, { method: 'PATCH', body: { active: true }, schema: staff });
    } catch (e) {
      return actionFailure(e, event, { op: 'status' as const });
    }
    done(id, 'activated');
  },

  grantManager: async (event) => {
    requireAdmin(event);
    const id = staffId(event);
    const departmentId = text(await event.request.formData(), 'departmentId');
    try {
      await userApi(event)(`/api/admin/staff/${id}/roles`, {
        method: 'POST',
        body: { role: 'manager', departmentId },
        schema: staff,
      });
    } catch (e) {
      return actionFailure(e, event, { op: 'roles' as const });
    }
    done(id, 'role');
  },

  grantAdmin: async (event) => {
    requireAdmin(event);
    const id = staffId(event);
    try {
      await userApi(event)(`/api/admin/staff/${id}/roles`, {
        method: 'POST',
        body: { role: 'municipality_admin' },
        schema: staff,
      });
    } catch (e) {
      return actionFailure(e, event, { op: 'roles' as const });
    }
    done(id, 'role');
  },

  grantReviewer: async (event) => {
    requireAdmin(event);
    const id = staffId(event);
    try {
      await userApi(event)(`/api/admin/staff/${id}/roles`, {
        method: 'POST',
        body: { role: 'attraction_reviewer' },
        schema: staff,
      });
    } catch (e) {
      return actionFailure(e, event, { op: 'roles' as const });
    }
    done(id, 'role');
  },

  revokeRole: async (event) => {
    requireAdmin(event);
    const id = staffId(event);
    const form = await event.request.formData();
    const role = text(form, 'role');
    const query = new URLSearchParams({ role });
    const departmentId = text(form, 'departmentId');
    if (departmentId) query.set('departmentId', departmentId);
    try {
      await userApi(event)(`/api/admin/staff/${id}/roles?${query}`, { method: 'DELETE', schema: staff });
    } catch (e) {
      return actionFailure(e, event, { op: 'roles' as const });
    }
    // Someone who gave up their own 自治体管理者 may no longer see this page.
    if (role === 'municipality_admin' && id === event.locals.user?.id) redirect(303, '/');
    done(id, 'role');
  },
};
