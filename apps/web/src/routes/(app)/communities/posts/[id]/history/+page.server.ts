import { z } from 'zod';
import { post, postRevision } from '@yui/contracts';
import { userApi } from '$lib/server/api';
import { idParam } from '$lib/server/communities';
import { pageError } from '$lib/server/admin';
import type { PageServerLoad } from './$types';

const revisionList = z.object({ items: z.array(postRevision) });

/** 編集履歴: the post as it is now and every version an edit replaced, the latest first. */
export const load: PageServerLoad = async (event) => {
  const id = idParam(event);
  const call = userApi(event);
  try {
    const [p, revisions] = await Promise.all([
      call(`/api/posts/${id}`, { schema: post }),
      call(`/api/posts/${id}/revisions`, { schema: revisionList }),
    ]);
    return { post: p, revisions: revisions.items };
  } catch (e) {
    pageError(e, event);
  }
};
