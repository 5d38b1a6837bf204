import type { z } from 'zod';
import type { Db } from '@yui/db';
import type { Comment, commentCreate } from '@yui/contracts';
import {
  countComment, findCommentByIdempotencyKey, getComment, getComments, insertComment, setPostState, updateComment,
  type CommentRow, type PostHead,
} from '@yui/db/queries/community-posts';
import { archivedError, type CommunityAccess, type CommunityActor, me, personRefs, requirePost } from '../communities/access';
import { forbidden, invalid, notFound } from '../../lib/errors';
import { renderComment } from './content';
import { audience, tell } from './notify';
import { commentAccess, postAccess, requireModerator, requireThreadOpen, threadOpen } from './access';
import { commentBaseView, commentTree, type CommentContext } from './view';

/**
 * Comments with one level of replies; advice (アドバイス) on the share board. Every change holds the
 * community row FOR SHARE (postAccess `community: 'share'`): a comment cannot slip in while the
 * community is being archived. A hidden post's thread is closed to all but its author and the managers.
 */

function context(head: PostHead, access: CommunityAccess, actor: CommunityActor, people: CommentContext['people']): CommentContext {
  return {
    reader: { userId: actor.userId, manages: access.isManager },
    people,
    acceptedCommentId: head.acceptedCommentId,
    anonymousAuthorId: head.anonymous ? head.authorId : null,
    canPost: access.canPost,
    archived: access.archived,
  };
}

/** One comment as the actor sees it (with its replies when it is a top-level one). */
async function oneComment(tx: Db, actor: CommunityActor, head: PostHead, access: CommunityAccess, id: string): Promise<Comment> {
  const rows = await getComments(tx, { regionId: actor.regionId, viewerId: actor.userId, postId: head.id });
  const people = await personRefs(tx, rows.map((r) => r.authorId));
  const x = context(head, access, actor, people);
  const own = rows.find((r) => r.id === id);
  if (!own) throw notFound();
  const replies = own.parentId === null ? rows.filter((r) => r.parentId === id).map((r) => commentBaseView(r, x)) : [];
  return { ...commentBaseView(own, x), replies };
}

export async function listComments(tx: Db, actor: CommunityActor, postId: string): Promise<Comment[]> {
  const { head, access } = await postAccess(tx, actor, postId);
  if (!threadOpen(head, access, actor)) return [];
  const rows = await getComments(tx, { regionId: actor.regionId, viewerId: actor.userId, postId });
  const people = await personRefs(tx, rows.map((r) => r.authorId));
  return commentTree(rows, context(head, access, actor, people));
}

/**
 * A comment or a reply (members). A reply to a reply hangs under the same top-level comment. The post's
 * author is told of a comment, the replied-to author and the post's author of a reply; mentioned
 * people of the mention; never the writer, nobody who muted the community, nobody twice. A hidden
 * post takes comments only from its author and the managers (others: 409 `postId: hidden`).
 */
export async function addComment(
  tx: Db, actor: CommunityActor, postId: string, input: z.infer<typeof commentCreate>,
): Promise<{ created: boolean; comment: Comment }> {
  const { head, access } = await postAccess(tx, actor, postId, { community: 'share' });
  requirePost(access);
  requireThreadOpen(head, access, actor);
  const key = input.idempotencyKey ?? null;
  const repeat = async () => {
    const id = key ? await findCommentByIdempotencyKey(tx, { regionId: actor.regionId, postId, authorId: actor.userId, key }) : null;
    return id ? { created: false, comment: await oneComment(tx, actor, head, access, id) } : null;
  };
  const earlier = await repeat();
  if (earlier) return earlier;

  if (input.kind === 'advice' && head.kind !== 'worry' && head.kind !== 'case') throw invalid({ kind: 'advice_board_only' });
  let parent: CommentRow | null = null;
  if (input.parentId) {
    parent = await getComment(tx, { regionId: actor.regionId, viewerId: actor.userId, id: input.parentId });
    if (!parent || parent.postId !== postId || parent.deletedAt) throw invalid({ parentId: 'not_a_comment_of_post' });
  }
  const content = await renderComment(tx, access, input.body);
  const id = await insertComment(tx, {
    regionId: actor.regionId, communityId: head.communityId, postId, parentId: parent ? (parent.parentId ?? parent.id) : null,
    authorId: actor.userId, authorMunicipalityId: actor.tenantId, kind: input.kind, ...content, idempotencyKey: key,
  });
  if (!id) return (await repeat())!;
  await countComment(tx, { regionId: actor.regionId, postId, delta: 1 });

  // The anonymous asker answering in their own thread stays anonymous in what others are told.
  const unnamed = head.anonymous && head.authorId === actor.userId;
  const authorName = unnamed ? null : (await me(tx, actor)).name;
  const base = { communityId: head.communityId, communityName: access.name, postId, commentId: id };
  const replied = await audience(tx, actor, head.communityId, parent ? [parent.authorId, head.authorId] : [head.authorId]);
  await tell(tx, actor, 'community.replied', { ...base, authorName: authorName ?? null, recipientIds: replied });
  const mentioned = (await audience(tx, actor, head.communityId, content.mentionIds)).filter((p) => !replied.includes(p));
  await tell(tx, actor, 'community.mentioned', { ...base, authorName, recipientIds: mentioned });
  return { created: true, comment: await oneComment(tx, actor, head, access, id) };
}

/** The author edits their comment; people mentioned for the first time are told. */
export async function editComment(tx: Db, actor: CommunityActor, commentId: string, body: string): Promise<Comment> {
  const { comment, head, access } = await commentAccess(tx, actor, commentId, { lock: true, community: 'share' });
  if (comment.authorId !== actor.userId) throw forbidden();
  requirePost(access);
  requireThreadOpen(head, access, actor);
  if (body !== comment.body) {
    const content = await renderComment(tx, access, body);
    await updateComment(tx, { regionId: actor.regionId, id: commentId, change: { content } });
    const before = new Set(comment.mentionIds);
    const fresh = await audience(tx, actor, head.communityId, content.mentionIds.filter((id) => !before.has(id)));
    const unnamed = head.anonymous && head.authorId === actor.userId;
    await tell(tx, actor, 'community.mentioned', {
      communityId: head.communityId, communityName: access.name, postId: head.id, commentId,
      authorName: unnamed ? null : (await me(tx, actor)).name, recipientIds: fresh,
    });
  }
  return oneComment(tx, actor, head, access, commentId);
}

/**
 * The author deletes (soft): replies stay under a "deleted" placeholder; an accepted answer is unmarked.
 * Also under a hidden post: taking one's own words back is always possible.
 */
export async function deleteComment(tx: Db, actor: CommunityActor, commentId: string): Promise<void> {
  const { comment, head, access } = await commentAccess(tx, actor, commentId, { lock: true, community: 'share' });
  if (comment.authorId !== actor.userId) throw forbidden();
  if (access.archived) throw archivedError();
  await updateComment(tx, { regionId: actor.regionId, id: commentId, change: { deleted: true } });
  await countComment(tx, { regionId: actor.regionId, postId: head.id, delta: -1 });
  if (head.acceptedCommentId === commentId) await setPostState(tx, { regionId: actor.regionId, id: head.id, change: { accepted: null } });
}

/** A manager hides a comment with a reason, or shows it again. */
export async function hideComment(tx: Db, actor: CommunityActor, commentId: string, reason: string | null): Promise<Comment> {
  const { head, access } = await commentAccess(tx, actor, commentId, { lock: true, community: 'share' });
  requireModerator(access);
  await updateComment(tx, { regionId: actor.regionId, id: commentId, change: { hidden: reason === null ? null : { by: actor.userId, reason } } });
  return oneComment(tx, actor, head, access, commentId);
}
