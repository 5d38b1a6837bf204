import { fail, redirect } from '@sveltejs/kit';
import { community, membershipResult, post, type FileRef, type PostSummary } from '@yui/contracts';
import { fieldMessage } from '@yui/contracts/i18n';
import { emptyPost, formatBytes, isNotifySetting, isPostKind, needsTitle, readPostForm, timelineFilters, type PostFormValues } from '$lib/communities';
import { translator } from '$lib/i18n';
import { ApiError, userApi } from '$lib/server/api';
import { chosenFiles, done, failure, field, idParam, invalidHere, keptFiles, keyOf, MAX_ATTACHMENTS, newKey, postPage, readForm, restartWithoutCursor, uploadFiles, uploadLimit } from '$lib/server/communities';
import { pageError } from '$lib/server/admin';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const DONE = ['joined', 'requested', 'accepted', 'left', 'withdrawn', 'declined', 'notify', 'postDeleted'] as const;
type Done = (typeof DONE)[number];

/**
 * A community: who runs it and who is in it, joining and leaving, my notifications, the composer and
 * the timeline (`?kind=question&tag=観光&cursor=…`; pinned posts first on the first page). A reader
 * who may not read the posts (a closed community they are not in) sees the card and how to join.
 */
export const load: PageServerLoad = async (event) => {
  const id = idParam(event);
  const filters = timelineFilters(event.url);
  const call = userApi(event);
  const c = await call(`/api/communities/${id}`, { schema: community }).catch((e: unknown) => pageError(e, event));

  let posts: PostSummary[] | null = null;
  let pinned: PostSummary[] = [];
  let nextCursor: string | null = null;
  const mayRead = c.visibility === 'open' || c.membership?.status === 'active';
  if (mayRead) {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (filters.kind) q.set('kind', filters.kind);
    if (filters.tag) q.set('tag', filters.tag);
    const firstPage = !filters.cursor;
    try {
      if (firstPage && !filters.kind && !filters.tag) {
        // Pinned posts stand above the timeline; the timeline then leaves them out.
        const pq = new URLSearchParams({ pinned: 'true', limit: '10' });
        const [p, list] = await Promise.all([
          call(`/api/communities/${id}/posts?${pq}`, { schema: postPage }),
          call(`/api/communities/${id}/posts?${q}&pinned=false`, { schema: postPage }),
        ]);
        pinned = p.items;
        posts = list.items;
        nextCursor = list.nextCursor;
      } else {
        if (filters.cursor) q.set('cursor', filters.cursor);
        if (!filters.kind && !filters.tag) q.set('pinned', 'false');
        const list = await call(`/api/communities/${id}/posts?${q}`, { schema: postPage });
        posts = list.items;
        nextCursor = list.nextCursor;
      }
    } catch (e) {
      restartWithoutCursor(e, event.url);
      // Membership changed between the two calls: show the community without its posts.
      if (!(e instanceof ApiError && e.status === 403)) pageError(e, event);
    }
  }

  const compose = event.url.searchParams.get('compose');
  const doneParam = event.url.searchParams.get('done');
  return {
    community: c,
    filters,
    posts,
    pinned,
    nextCursor,
    composer: { values: emptyPost(isPostKind(compose) ? compose : 'post'), idempotencyKey: newKey(), open: isPostKind(compose) },
    uploadLimit: uploadLimit(),
    maxFiles: MAX_ATTACHMENTS,
    done: (DONE as readonly string[]).includes(doneParam ?? '') ? (doneParam as Done) : null,
    now: new Date().toISOString(),
  };
};

/** Problems the API would find too, worded as it words them, found before any file is uploaded. */
function checkPost(values: PostFormValues, lang: 'ja' | 'en'): Record<string, string> {
  const fields: Record<string, string> = {};
  if (needsTitle(values.kind) && !values.title) fields.title = fieldMessage('title', 'title_required', lang);
  if ((values.kind === 'worry' || values.kind === 'case') && !values.challenge.trim()) {
    fields.challenge = fieldMessage('challenge', 'challenge_required', lang);
  }
  if (!values.body.trim()) fields.body = fieldMessage('body', 'required', lang);
  if (values.kind === 'case' && !values.solution.trim()) fields.solution = fieldMessage('solution', 'solution_required', lang);
  return fields;
}

export const actions: Actions = {
  join: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const message = field(form, 'message').slice(0, 500);
    let status: string | undefined;
    try {
      const r = await userApi(event)(`/api/communities/${id}/join`, { method: 'POST', body: { message: message || null }, schema: membershipResult });
      status = r.membership?.status;
    } catch (e) {
      return failure(e, event, { op: 'join' as const, joinMessage: message });
    }
    done(`/communities/${id}`, field(form, 'was') === 'invited' ? 'accepted' : status === 'pending' ? 'requested' : 'joined');
  },

  leave: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    try {
      await userApi(event)(`/api/communities/${id}/leave`, { method: 'POST', schema: membershipResult });
    } catch (e) {
      return failure(e, event, { op: 'leave' as const });
    }
    const was = field(form, 'was');
    done(`/communities/${id}`, was === 'invited' ? 'declined' : was === 'pending' ? 'withdrawn' : 'left');
  },

  notify: async (event) => {
    const id = idParam(event);
    const form = await event.request.formData();
    const notify = field(form, 'notify');
    if (!isNotifySetting(notify)) {
      return invalidHere({ notify: translator(event.locals.lang)('communities.notify.choose') }, event.locals.lang, { op: 'notify' as const });
    }
    try {
      await userApi(event)(`/api/communities/${id}/notify`, { method: 'PUT', body: { notify }, schema: membershipResult });
    } catch (e) {
      return failure(e, event, { op: 'notify' as const });
    }
    done(`/communities/${id}`, 'notify', 'notify-title');
  },

  /**
   * A new post. Files are uploaded first (one call each), then the post is made with their ids; a
   * failure on the way keeps what was typed and the files already uploaded.
   */
  post: async (event) => {
    const id = idParam(event);
    const lang = event.locals.lang;
    const t = translator(lang);
    const read = await readForm(event);
    if ('tooLarge' in read) {
      const message = t('communities.composer.tooLarge', { size: formatBytes(uploadLimit(), lang) });
      return fail(413, { op: 'post' as const, values: emptyPost(), kept: [] as FileRef[], idempotencyKey: newKey(), filesTaken: false, message, fields: { file: message } });
    }
    const form = read;
    const { values, body } = readPostForm(form);
    const idempotencyKey = keyOf(form);
    let kept = keptFiles(form);
    const files = chosenFiles(form, 'files');
    // filesTaken: this submission's files are uploaded and now listed as kept; with JS the form
    // clears its file input so that they are not sent twice.
    let filesTaken = false;
    const extra = () => ({ op: 'post' as const, values, kept, idempotencyKey, filesTaken });

    const fileFields: Record<string, string> = {};
    if (kept.length + files.length > MAX_ATTACHMENTS) fileFields.attachmentIds = t('communities.composer.tooManyFiles', { n: MAX_ATTACHMENTS });
    const big = files.find((f) => f.size > uploadLimit());
    if (big) fileFields.file = t('communities.composer.fileTooLarge', { name: big.name, size: formatBytes(uploadLimit(), lang) });
    if (Object.keys(fileFields).length) return invalidHere({ ...checkPost(values, lang), ...fileFields }, lang, extra());

    // Files first, also when the text still needs fixing: without JS a file input comes back empty,
    // so what was chosen is kept as uploaded files instead.
    if (files.length) {
      const upload = await uploadFiles(event, id, files);
      kept = [...kept, ...upload.uploaded];
      filesTaken = upload.uploaded.length > 0;
      if (upload.error) return failure(upload.error, event, extra());
    }
    const fields = checkPost(values, lang);
    if (Object.keys(fields).length) return invalidHere(fields, lang, extra());

    let created: { id: string };
    try {
      created = await userApi(event)(`/api/communities/${id}/posts`, {
        method: 'POST',
        body: { ...body, attachmentIds: kept.map((f) => f.id), idempotencyKey },
        schema: post,
      });
    } catch (e) {
      return failure(e, event, extra());
    }
    redirect(303, `/communities/posts/${created.id}?done=posted`);
  },
};
