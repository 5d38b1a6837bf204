import { type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { comment, commentList, community, interestedPerson, interestResult, likeResult, okBody, post } from '@yui/contracts';
import { isUuid } from '$lib/admin';
import { translator } from '$lib/i18n';
import { ApiError, userApi } from '$lib/server/api';
import { done, failure, field, idParam, keyOf, newKey } from '$lib/server/communities';
import { pageError } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

const interestedList = z.object({ items: z.array(interestedPerson) });

const DONE = [
  'posted', 'edited', 'reported', 'hidden', 'unhidden', 'pinned', 'unpinned', 'commented', 'commentEdited', 'commentDeleted',
  'commentHidden', 'commentUnhidden', 'commentReported', 'interested', 'uninterested', 'accepted', 'unaccepted',
] as const;
type Done = (typeof DONE)[number];

/**
 * A post with its comments (one level of replies), the community it is in (may I comment, do I
 * manage it), and for an idea the people interested. `?edit=<comment id>` opens that comment's
 * editor (links work without JS).
 */
export const load: PageServerLoad = async (event) => {
  const id = idParam(event);
  const call = userApi(event);
  try {
    const p = await call(`/api/posts/${id}`, { schema: post });
    const [comments, c, interested] = await Promise.all([
      call(`/api/posts/${id}/comments`, { schema: commentList }),
      call(`/api/communities/${p.communityId}`, { schema: community }),
      p.kind === 'idea' ? call(`/api/posts/${id}/interested`, { schema: interestedList }) : Promise.resolve(null),
    ]);
    const edit = event.url.searchParams.get('edit');
    const doneParam = event.url.searchParams.get('done');
    return {
      post: p,
      comments: comments.items,
      community: c,
      interested: interested?.items ?? null,
      editId: isUuid(edit) ? edit : null,
      idempotencyKey: newKey(),
      done: (DONE as readonly string[]).includes(doneParam ?? '') ? (doneParam as Done) : null,
      now: new Date().toISOString(),
    };
  } catch (e) {
    pageError(e, event);
  }
};

const here = (event: Pick<RequestEvent, 'params' | 'locals'>) => `/communities/posts/${idParam(event)}`;

/** One call about the post (`/api/posts/:id/<path>`) or a comment (`/api/comments/:id/<path>`). */
async function send(event: RequestEvent, path: string, method: 'POST' | 'PUT' | 'DELETE' | 'PATCH', body?: unknown, schema?: z.ZodType) {
  await userApi(event)(path, { method, body, schema });
}

/** The comment a form is about (a hidden field): anything but a uuid is not there. */
function commentIdOf(form: FormData, event: RequestEvent): string {
  const id = field(form, 'commentId');
  if (!isUuid(id)) pageError(new ApiError(404, 'not_found', translator(event.locals.lang)('error.notFound')), event);
  return id;
}

export const actions: Actions = {
  like: async (event) => {
    const form = await event.request.formData();
    const liked = field(form, 'liked') === '1';
    try {
      await send(event, `/api/posts/${idParam(event)}/like`, liked ? 'DELETE' : 'PUT', undefined, likeResult);
    } catch (e) {
      return failure(e, event, { op: 'like' as const, target: null });
    }
    done(here(event), null, 'post-actions');
  },

  interest: async (event) => {
    const form = await event.request.formData();
    const on = field(form, 'on') === '1';
    const note = field(form, 'note').slice(0, 200);
    try {
      await send(event, `/api/posts/${idParam(event)}/interest`, on ? 'PUT' : 'DELETE', on ? { note: note || null } : undefined, interestResult);
    } catch (e) {
      return failure(e, event, { op: 'interest' as const, target: null, note });
    }
    done(here(event), on ? 'interested' : 'uninterested', 'interest-title');
  },

  accept: async (event) => {
    const form = await event.request.formData();
    const commentId = commentIdOf(form, event);
    try {
      await send(event, `/api/posts/${idParam(event)}/accept`, 'POST', { commentId }, post);
    } catch (e) {
      return failure(e, event, { op: 'accept' as const, target: commentId });
    }
    done(here(event), 'accepted', `comment-${commentId}`);
  },

  unaccept: async (event) => {
    try {
      await send(event, `/api/posts/${idParam(event)}/accept`, 'DELETE', undefined, post);
    } catch (e) {
      return failure(e, event, { op: 'unaccept' as const, target: null });
    }
    done(here(event), 'unaccepted', 'comments-title');
  },

  report: async (event) => {
    const form = await event.request.formData();
    const reason = field(form, 'reason');
    try {
      await send(event, `/api/posts/${idParam(event)}/report`, 'POST', { reason }, okBody);
    } catch (e) {
      return failure(e, event, { op: 'report' as const, target: null, reason });
    }
    done(here(event), 'reported');
  },

  hide: async (event) => {
    const form = await event.request.formData();
    const reason = field(form, 'reason');
    try {
      await send(event, `/api/posts/${idParam(event)}/hide`, 'POST', { reason }, post);
    } catch (e) {
      return failure(e, event, { op: 'hide' as const, target: null, reason });
    }
    done(here(event), 'hidden');
  },

  unhide: async (event) => {
    try {
      await send(event, `/api/posts/${idParam(event)}/unhide`, 'POST', undefined, post);
    } catch (e) {
      return failure(e, event, { op: 'unhide' as const, target: null });
    }
    done(here(event), 'unhidden');
  },

  pin: async (event) => {
    const form = await event.request.formData();
    const pin = field(form, 'on') === '1';
    try {
      await send(event, `/api/posts/${idParam(event)}/${pin ? 'pin' : 'unpin'}`, 'POST', undefined, post);
    } catch (e) {
      return failure(e, event, { op: 'pin' as const, target: null });
    }
    done(here(event), pin ? 'pinned' : 'unpinned');
  },

  delete: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    try {
      await send(event, `/api/posts/${id}`, 'DELETE', undefined, okBody);
    } catch (e) {
      return failure(e, event, { op: 'delete' as const, target: null });
    }
    const communityId = field(form, 'communityId');
    done(isUuid(communityId) ? `/communities/${communityId}` : '/communities', 'postDeleted');
  },

  // ── comments ──

  comment: async (event) => {
    const form = await event.request.formData();
    const body = field(form, 'body', false);
    const parentId = field(form, 'parentId');
    const kind = field(form, 'kind') === 'advice' ? 'advice' : 'comment';
    const target = isUuid(parentId) ? parentId : null;
    let created: { id: string };
    try {
      created = await userApi(event)(`/api/posts/${idParam(event)}/comments`, {
        method: 'POST',
        body: { body, parentId: target, kind, idempotencyKey: keyOf(form) },
        schema: comment,
      });
    } catch (e) {
      return failure(e, event, { op: 'comment' as const, target, body, kind });
    }
    done(here(event), 'commented', `comment-${created.id}`);
  },

  editComment: async (event) => {
    const form = await event.request.formData();
    const commentId = commentIdOf(form, event);
    const body = field(form, 'body', false);
    try {
      await send(event, `/api/comments/${commentId}`, 'PATCH', { body }, comment);
    } catch (e) {
      return failure(e, event, { op: 'editComment' as const, target: commentId, body });
    }
    done(here(event), 'commentEdited', `comment-${commentId}`);
  },

  deleteComment: async (event) => {
    const form = await event.request.formData();
    const commentId = commentIdOf(form, event);
    try {
      await send(event, `/api/comments/${commentId}`, 'DELETE', undefined, okBody);
    } catch (e) {
      return failure(e, event, { op: 'deleteComment' as const, target: commentId });
    }
    done(here(event), 'commentDeleted', `comment-${commentId}`);
  },

  likeComment: async (event) => {
    const form = await event.request.formData();
    const commentId = commentIdOf(form, event);
    const liked = field(form, 'liked') === '1';
    try {
      await send(event, `/api/comments/${commentId}/like`, liked ? 'DELETE' : 'PUT', undefined, likeResult);
    } catch (e) {
      return failure(e, event, { op: 'likeComment' as const, target: commentId });
    }
    done(here(event), null, `comment-${commentId}`);
  },

  hideComment: async (event) => {
    const form = await event.request.formData();
    const commentId = commentIdOf(form, event);
    const reason = field(form, 'reason');
    try {
      await send(event, `/api/comments/${commentId}/hide`, 'POST', { reason }, comment);
    } catch (e) {
      return failure(e, event, { op: 'hideComment' as const, target: commentId, reason });
    }
    done(here(event), 'commentHidden', `comment-${commentId}`);
  },

  unhideComment: async (event) => {
    const form = await event.request.formData();
    const commentId = commentIdOf(form, event);
    try {
      await send(event, `/api/comments/${commentId}/unhide`, 'POST', undefined, comment);
    } catch (e) {
      return failure(e, event, { op: 'unhideComment' as const, target: commentId });
    }
    done(here(event), 'commentUnhidden', `comment-${commentId}`);
  },

  reportComment: async (event) => {
    const form = await event.request.formData();
    const commentId = commentIdOf(form, event);
    const reason = field(form, 'reason');
    try {
      await send(event, `/api/comments/${commentId}/report`, 'POST', { reason }, okBody);
    } catch (e) {
      return failure(e, event, { op: 'reportComment' as const, target: commentId, reason });
    }
    done(here(event), 'commentReported', `comment-${commentId}`);
  },
};
