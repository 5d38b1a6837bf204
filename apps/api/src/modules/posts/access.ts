import type { Db } from '@yui/db';
import { getComment, getPostHead, type CommentRow, type PostHead } from '@yui/db/queries/community-posts';
import { archivedError, communityAccess, requireManager, requireRead, type CommunityAccess, type CommunityActor } from '../communities/access';
import { conflict, notFound } from '../../lib/errors';

/**
 * Finding a post or comment for an actor: 404 when it is deleted or not there for them (another
 * region, an invite-only community they are not in — row-level security hides both), 403 when its
 * community is one they may not read (approval, not a member). The rules of who may read and write a
 * community are those of ../communities/access.ts.
 */

/**
 * How a change holds the post's community row until it commits: `share` for a change that must not
 * land in an archived community (the archive waits for it, or it waits for the archive and then sees
 * it), `update` for a change of the community row itself. Taken before the post's own lock: every
 * path that locks both does so in this order (community, then post), so two never wait on each other.
 */
export type CommunityLock = 'share' | 'update';

/**
 * The post (not deleted) and its community as the actor may use it: 404 when either is not there
 * for them (another region, an invite-only community they are not in), 403 when they may not read it.
 * `lock`: the post FOR UPDATE; `community`: the community row (see CommunityLock).
 */
export async function postAccess(
  tx: Db, actor: CommunityActor, postId: string, opts: { lock?: boolean; community?: CommunityLock } = {},
): Promise<{ head: PostHead; access: CommunityAccess }> {
  let access: CommunityAccess | null = null;
  if (opts.community) {
    const peek = await getPostHead(tx, { regionId: actor.regionId, id: postId });
    if (!peek || peek.deletedAt) throw notFound();
    access = await communityAccess(tx, actor, peek.communityId, { lock: opts.community });
  }
  // Read (again) under the community lock: a post deleted, hidden or answered meanwhile is seen as it is now.
  const head = await getPostHead(tx, { regionId: actor.regionId, id: postId, lock: opts.lock });
  if (!head || head.deletedAt) throw notFound();
  access ??= await communityAccess(tx, actor, head.communityId);
  requireRead(access);
  return { head, access };
}

/**
 * A hidden post's thread — its comments, the people interested, likes — is as closed as its text:
 * open only to its author and the community's managers.
 */
export const threadOpen = (head: PostHead, access: CommunityAccess, actor: CommunityActor): boolean =>
  head.hiddenAt === null || head.authorId === actor.userId || access.isManager;

/** 409 `postId: hidden` for anyone else adding to a hidden post's thread (taking one's own part back stays possible). */
export function requireThreadOpen(head: PostHead, access: CommunityAccess, actor: CommunityActor): void {
  if (!threadOpen(head, access, actor)) throw conflict({ postId: 'hidden' });
}

/** Moderation (hide, pin, resolve): an active manager of a community that is not archived. */
export function requireModerator(access: CommunityAccess): void {
  requireManager(access);
  if (access.archived) throw archivedError();
}

/** A comment that is not deleted, of a post that is not deleted, and its community as the actor may use it. */
export async function commentAccess(
  tx: Db, actor: CommunityActor, commentId: string, opts: { lock?: boolean; community?: CommunityLock } = {},
): Promise<{ comment: CommentRow; head: PostHead; access: CommunityAccess }> {
  const comment = await getComment(tx, { regionId: actor.regionId, viewerId: actor.userId, id: commentId, lock: opts.lock });
  if (!comment || comment.deletedAt) throw notFound();
  const { head, access } = await postAccess(tx, actor, comment.postId, { community: opts.community });
  return { comment, head, access };
}
