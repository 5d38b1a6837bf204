import { programme } from '@yui/contracts';
import { programmeBody, programmeFormValues } from '$lib/mentoring';
import { userApi } from '$lib/server/api';
import {
  apiFailure, done, field, idParam, invalidHere, programmePath, readProgrammeForm, requireProgrammeAdmin,
} from '$lib/server/mentoring';
import type { Actions, PageServerLoad } from './$types';

/** 編集 and 終了 of a programme, for the people who run it (the API checks again). */
export const load: PageServerLoad = async (event) => {
  const { programme: p } = await event.parent();
  requireProgrammeAdmin(event, p);
  return { initial: programmeFormValues(p, [p.scope]) };
};

export const actions: Actions = {
  save: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const values = readProgrammeForm(form);
    const { body, fields } = programmeBody(values, 'edit');
    if (Object.keys(fields).length) return invalidHere(fields, event.locals.lang, { op: 'save' as const, values });
    try {
      await userApi(event)(programmePath(id), { method: 'PATCH', body, schema: programme });
    } catch (e) {
      return apiFailure(e, event, { op: 'save' as const, values });
    }
    done(`/mentoring/programmes/${id}`, 'saved');
  },

  /** 終了, in two steps: the first POST asks to confirm (running pairs end with it). */
  close: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    if (field(form, 'confirm') !== '1') return { op: 'close' as const, confirm: true };
    try {
      await userApi(event)(programmePath(id, 'close'), { method: 'POST' });
    } catch (e) {
      return apiFailure(e, event, { op: 'close' as const, confirm: true });
    }
    done(`/mentoring/programmes/${id}`, 'closed');
  },
};
