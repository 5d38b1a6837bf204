import type { z } from 'zod';
import type { Db } from '@yui/db';
import type { Post, PostCreate, postRevision, postUpdate } from '@yui/contracts';
import {
  attachFiles, countDeletedPost, countNewPost, findPostByIdempotencyKey, getPost, getPostFiles, getPostRevisions,
  insertPost, membersWithNotify, recordView, setPostState, updatePostContent,
} from '@yui/db/queries/community-posts';
import { archivedError, type CommunityAccess, communityAccess, type CommunityActor, me, personRefs, requirePost } from '../communities/access';
import { forbidden, invalid, notFound } from '../../lib/errors';
import { postAccess, requireModerator } from './access';
import { checkKind, renderPost, type PostFields } from './content';
import { audience, tell } from './notify';
import { postView, revisionView } from './view';

/** Posts: write, read (counting the reader), edit with history, delete, hide, pin. */

/** The post as the actor sees it now (no view counted). */
export async function loadPost(tx: Db, actor: CommunityActor, access: CommunityAccess, postId: string): Promise<Post> {
  const row = await getPost(tx, { regionId: actor.regionId, viewerId: actor.userId, id: postId });
  if (!row || row.deletedAt) throw notFound();
  const [people, files] = await Promise.all([
    personRefs(tx, [row.authorId]),
    getPostFiles(tx, { regionId: actor.regionId, postId }),
  ]);
  return postView(row, { people, files, access, actor });
}

/** Opening a post: counted once per reader. */
export async function readPost(tx: Db, actor: CommunityActor, postId: string): Promise<Post> {
  const { head, access } = await postAccess(tx, actor, postId);
  await recordView(tx, { regionId: actor.regionId, communityId: head.communityId, postId, userId: actor.userId, municipalityId: actor.tenantId });
  return loadPost(tx, actor, access, postId);
}

/**
 * A new post. A repeat of the same idempotency key by the same author in the same community answers
 * the first post (`created: false`) and changes nothing, even when the two requests race.
 */
export async function createPost(
  tx: Db, actor: CommunityActor, communityId: string, input: PostCreate,
): Promise<{ created: boolean; post: Post }> {
  const access = await communityAccess(tx, actor, communityId);
  requirePost(access);
  const key = input.idempotencyKey ?? null;
  const repeat = async (): Promise<{ created: boolean; post: Post } | null> => {
    const id = key ? await findPostByIdempotencyKey(tx, { regionId: actor.regionId, communityId, authorId: actor.userId, key }) : null;
    return id ? { created: false, post: await loadPost(tx, actor, access, id) } : null;
  };
  const earlier = await repeat();
  if (earlier) return earlier;

  const fields = checkKind(input.kind, input.anonymous, input);
  const content = await renderPost(tx, access, fields);
  const postId = await insertPost(tx, {
    ...content, regionId: actor.regionId, communityId, authorId: actor.userId, authorMunicipalityId: actor.tenantId,
    kind: input.kind, anonymous: input.anonymous, idempotencyKey: key,
  });
  if (!postId) return (await repeat())!; // the twin request committed first
  if (!(await countNewPost(tx, { regionId: actor.regionId, communityId }))) throw archivedError();

  const wanted = [...new Set(input.attachmentIds)];
  const attached = await attachFiles(tx, { regionId: actor.regionId, communityId, postId, uploadedBy: actor.userId, ids: wanted });
  if (attached.length !== wanted.length) throw invalid({ attachmentIds: 'unknown_file' });

  const authorName = input.anonymous ? null : (await me(tx, actor)).name;
  const base = { communityId, communityName: access.name, postId };
  const followers = (await membersWithNotify(tx, { communityId, notify: 'all' })).filter((id) => id !== actor.userId);
  await tell(tx, actor, 'community.post_created', { ...base, kind: input.kind, title: fields.title, authorName, recipientIds: followers });
  const mentioned = await audience(tx, actor, communityId, content.mentionIds);
  await tell(tx, actor, 'community.mentioned', { ...base, commentId: null, authorName, recipientIds: mentioned });

  return { created: true, post: await loadPost(tx, actor, access, postId) };
}

const same = (a: PostFields, b: PostFields) =>
  a.title === b.title && a.body === b.body && a.challenge === b.challenge && a.solution === b.solution;

/**
 * The author edits: the version being replaced goes into the history first. Only people mentioned
 * for the first time are told. An edit that changes nothing writes nothing.
 */
export async function editPost(tx: Db, actor: CommunityActor, postId: string, patch: z.infer<typeof postUpdate>): Promise<Post> {
  const { head, access } = await postAccess(tx, actor, postId, { lock: true, community: 'share' });
  if (head.authorId !== actor.userId) throw forbidden();
  requirePost(access);
  const current: PostFields = { title: head.title, body: head.body, challenge: head.challenge, solution: head.solution };
  const next = checkKind(head.kind, head.anonymous, {
    title: patch.title !== undefined ? patch.title : head.title,
    body: patch.body ?? head.body,
    challenge: patch.challenge !== undefined ? patch.challenge : head.challenge,
    solution: patch.solution !== undefined ? patch.solution : head.solution,
  });
  if (same(current, next)) return loadPost(tx, actor, access, postId);

  const content = await renderPost(tx, access, next);
  await updatePostContent(tx, { regionId: actor.regionId, id: postId, editedBy: actor.userId, content });
  const before = new Set(head.mentionIds);
  const fresh = await audience(tx, actor, head.communityId, content.mentionIds.filter((id) => !before.has(id)));
  const authorName = head.anonymous ? null : (await me(tx, actor)).name;
  await tell(tx, actor, 'community.mentioned', {
    communityId: head.communityId, communityName: access.name, postId, commentId: null, authorName, recipientIds: fresh,
  });
  return loadPost(tx, actor, access, postId);
}

/** Earlier versions, for anyone who may read the post: edits are made in the open. */
export async function postRevisions(tx: Db, actor: CommunityActor, postId: string): Promise<Array<z.infer<typeof postRevision>>> {
  const { head, access } = await postAccess(tx, actor, postId);
  const reader = { userId: actor.userId, manages: access.isManager };
  // A hidden post's earlier text is as hidden as its current one.
  if (head.hiddenAt && head.authorId !== actor.userId && !access.isManager) return [];
  const rows = await getPostRevisions(tx, { regionId: actor.regionId, postId });
  const people = await personRefs(tx, rows.map((r) => r.editedBy));
  return rows.map((r) => revisionView(r, { people, post: head, reader }));
}

/**
 * The author deletes (soft: the row stays for the history and the figures, unseen). The community's
 * count and last post are worked out again under its row lock (FOR UPDATE, taken first), so a post
 * written at the same moment is either seen or adds itself afterwards.
 */
export async function deletePost(tx: Db, actor: CommunityActor, postId: string): Promise<void> {
  const { head, access } = await postAccess(tx, actor, postId, { lock: true, community: 'update' });
  if (head.authorId !== actor.userId) throw forbidden();
  if (access.archived) throw archivedError();
  await setPostState(tx, { regionId: actor.regionId, id: postId, change: { deleted: true } });
  await countDeletedPost(tx, { regionId: actor.regionId, communityId: head.communityId });
}

/** A manager hides a post with a reason (everyone sees the reason; only managers and the author the text), or shows it again. */
export async function hidePost(tx: Db, actor: CommunityActor, postId: string, reason: string | null): Promise<Post> {
  const { access } = await postAccess(tx, actor, postId, { lock: true, community: 'share' });
  requireModerator(access);
  await setPostState(tx, { regionId: actor.regionId, id: postId, change: { hidden: reason === null ? null : { by: actor.userId, reason } } });
  return loadPost(tx, actor, access, postId);
}

export async function pinPost(tx: Db, actor: CommunityActor, postId: string, pinned: boolean): Promise<Post> {
  const { access } = await postAccess(tx, actor, postId, { lock: true, community: 'share' });
  requireModerator(access);
  await setPostState(tx, { regionId: actor.regionId, id: postId, change: { pinned } });
  return loadPost(tx, actor, access, postId);
}
