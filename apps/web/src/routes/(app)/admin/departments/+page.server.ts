import { redirect } from '@sveltejs/kit';
import { department } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { userApi } from '$lib/server/api';
import { actionFailure, loadDepartments, pageError, requireAdmin, text } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

const FLASHES = ['created', 'updated', 'moved', 'deactivated', 'activated'] as const;
type Flash = (typeof FLASHES)[number];

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const saved = event.url.searchParams.get('saved') ?? '';
  try {
    return {
      departments: await loadDepartments(event),
      saved: (FLASHES as readonly string[]).includes(saved) ? (saved as Flash) : null,
    };
  } catch (e) {
    pageError(e, event);
  }
};

/** Back to the tree, scrolled to the department just changed. */
function done(flash: Flash, id: string): never {
  redirect(303, `/admin/departments?saved=${flash}#d-${id}`);
}

/** Whole numbers as numbers; anything else goes to the API as typed, which says what is wrong. */
function integer(value: string): number | string {
  const v = value.normalize('NFKC');
  return /^-?\d{1,6}$/.test(v) ? Number(v) : value;
}

/** The department an action is about: a uuid from the form, or the page answers 404. */
function target(form: FormData): string {
  const id = text(form, 'id');
  return isUuid(id) ? id : '00000000-0000-0000-0000-000000000000';
}

type Op = 'create' | 'update' | 'move' | 'deactivate' | 'activate';

async function patch(event: Parameters<Actions[string]>[0], op: Op, id: string, body: Record<string, unknown>, values = {}) {
  try {
    await userApi(event)(`/api/admin/departments/${id}`, { method: 'PATCH', body, schema: department });
    return null;
  } catch (e) {
    return actionFailure(e, event, { op, target: id, values: values as Record<string, string> });
  }
}

export const actions: Actions = {
  create: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const parentId = text(form, 'parentId');
    const values = {
      kind: text(form, 'kind'),
      name: text(form, 'name'),
      nameKana: text(form, 'nameKana'),
      code: text(form, 'code'),
    };
    let id: string;
    try {
      ({ id } = await userApi(event)('/api/admin/departments', {
        method: 'POST',
        body: { ...values, parentId: parentId || null, code: values.code || null },
        schema: department,
      }));
    } catch (e) {
      // The form that failed: "top" or the parent's id.
      return actionFailure(e, event, { op: 'create' as Op, target: parentId || 'top', values });
    }
    done('created', id);
  },

  update: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const id = target(form);
    const values = {
      name: text(form, 'name'),
      nameKana: text(form, 'nameKana'),
      code: text(form, 'code'),
      sortOrder: text(form, 'sortOrder'),
    };
    const failure = await patch(
      event,
      'update',
      id,
      { name: values.name, nameKana: values.nameKana, code: values.code || null, sortOrder: integer(values.sortOrder || '0') },
      values,
    );
    if (failure) return failure;
    done('updated', id);
  },

  move: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const id = target(form);
    const parentId = text(form, 'parentId');
    const failure = await patch(event, 'move', id, { parentId: parentId || null }, { parentId });
    if (failure) return failure;
    done('moved', id);
  },

  deactivate: async (event) => {
    requireAdmin(event);
    const id = target(await event.request.formData());
    const failure = await patch(event, 'deactivate', id, { active: false });
    if (failure) return failure;
    done('deactivated', id);
  },

  activate: async (event) => {
    requireAdmin(event);
    const id = target(await event.request.formData());
    const failure = await patch(event, 'activate', id, { active: true });
    if (failure) return failure;
    done('activated', id);
  },
};
