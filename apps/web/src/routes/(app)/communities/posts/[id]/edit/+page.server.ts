import { error } from '@sveltejs/kit';
import { post } from '@yui/contracts';
import { translator } from '$lib/i18n';
import { userApi } from '$lib/server/api';
import { done, failure, field, idParam } from '$lib/server/communities';
import { pageError } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

/** Editing my post: title, text, and on the share board 課題感 and どうやって解決したか. The old version is kept. */
export const load: PageServerLoad = async (event) => {
  const id = idParam(event);
  const p = await userApi(event)(`/api/posts/${id}`, { schema: post }).catch((e: unknown) => pageError(e, event));
  if (!p.can.edit) error(403, translator(event.locals.lang)('error.forbidden'));
  return { post: p };
};

export const actions: Actions = {
  default: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const share = field(form, 'share') === '1';
    const values = {
      title: field(form, 'title'),
      body: field(form, 'body', false),
      challenge: field(form, 'challenge', false),
      solution: field(form, 'solution', false),
    };
    const body = {
      title: values.title || null,
      body: values.body,
      ...(share ? { challenge: values.challenge.trim() ? values.challenge : null, solution: values.solution.trim() ? values.solution : null } : {}),
    };
    try {
      await userApi(event)(`/api/posts/${id}`, { method: 'PATCH', body, schema: post });
    } catch (e) {
      return failure(e, event, { values });
    }
    done(`/communities/posts/${id}`, 'edited');
  },
};
