import type { Db } from '@yui/db';
import { getComment, getPostHead, type CommentRow, type PostHead } from '@yui/db/queries/community-posts';
import { communityAccess, requireManager, requireRead, type CommunityAccess, type CommunityActor } from '../communities/access';
import { AppError, notFound } from '../../lib/errors';

/**
 * Finding a post or comment for an actor: 404 when it is deleted or not there for them (another
 * region, an invite-only community they are not in — row-level security hides both), 403 when its
 * community is one they may not read (approval, not a member). The rules of who may read and write a
 * community are those of ../communities/access.ts.
 */

export const archivedError = () => new AppError(409, 'conflict', { communityId: 'archived' });

/**
 * The post (not deleted) and its community as the actor may use it: 404 when either is not there
 * for them (another region, an invite-only community they are not in), 403 when they may not read it.
 */
export async function postAccess(
  tx: Db, actor: CommunityActor, postId: string, opts: { lock?: boolean } = {},
): Promise<{ head: PostHead; access: CommunityAccess }> {
  const head = await getPostHead(tx, { regionId: actor.regionId, id: postId, lock: opts.lock });
  if (!head || head.deletedAt) throw notFound();
  const access = await communityAccess(tx, actor, head.communityId);
  requireRead(access);
  return { head, access };
}

/** Moderation (hide, pin, resolve): an active manager of a community that is not archived. */
export function requireModerator(access: CommunityAccess): void {
  requireManager(access);
  if (access.archived) throw archivedError();
}

/** A comment that is not deleted, of a post that is not deleted, and its community as the actor may use it. */
export async function commentAccess(
  tx: Db, actor: CommunityActor, commentId: string, opts: { lock?: boolean } = {},
): Promise<{ comment: CommentRow; head: PostHead; access: CommunityAccess }> {
  const comment = await getComment(tx, { regionId: actor.regionId, viewerId: actor.userId, id: commentId, lock: opts.lock });
  if (!comment || comment.deletedAt) throw notFound();
  const { head, access } = await postAccess(tx, actor, comment.postId);
  return { comment, head, access };
}
