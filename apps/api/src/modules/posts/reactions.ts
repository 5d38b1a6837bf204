import type { z } from 'zod';
import type { Db } from '@yui/db';
import type { interestedPerson, interestResult, likeResult, Post, report } from '@yui/contracts';
import {
  activeManagers, getComment, getInterests, getReport, insertReport, listReports, removeInterest, resolveReport, setInterest,
  setLike, setPostState,
} from '@yui/db/queries/community-posts';
import { archivedError, communityAccess, type CommunityActor, me, personRefs, requirePost } from '../communities/access';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors';
import { commentAccess, postAccess, requireModerator, requireThreadOpen, threadOpen } from './access';
import { loadPost } from './posts';
import { audience, tell } from './notify';
import { interestedView, reportView } from './view';

/**
 * いいね, 興味あり, the accepted answer (解決した回答) and reports (通報). Likes, interest and the answer
 * hold the community row FOR SHARE (postAccess `community: 'share'`): none lands in a community being
 * archived. On a hidden post only its author and the managers add likes or interest (others: 409
 * `postId: hidden`); anyone may take their own back.
 */

type LikeResult = z.infer<typeof likeResult>;

// ── likes ──

/** Like or unlike a post (members of the community). Idempotent; the count is exact under concurrency. */
export async function likePost(tx: Db, actor: CommunityActor, postId: string, liked: boolean): Promise<LikeResult> {
  const { head, access } = await postAccess(tx, actor, postId, { community: 'share' });
  requirePost(access);
  if (liked) requireThreadOpen(head, access, actor);
  return setLike(tx, {
    regionId: actor.regionId, communityId: head.communityId, targetType: 'post', targetId: postId,
    userId: actor.userId, municipalityId: actor.tenantId, liked,
  });
}

export async function likeComment(tx: Db, actor: CommunityActor, commentId: string, liked: boolean): Promise<LikeResult> {
  const { head, access } = await commentAccess(tx, actor, commentId, { community: 'share' });
  requirePost(access);
  if (liked) requireThreadOpen(head, access, actor);
  return setLike(tx, {
    regionId: actor.regionId, communityId: head.communityId, targetType: 'comment', targetId: commentId,
    userId: actor.userId, municipalityId: actor.tenantId, liked,
  });
}

// ── アイデア募集 ──

/**
 * "I'm interested" in an idea. Anyone who reads the community may say so (an idea looks for people
 * across the region; joining first would be a hurdle), not in an archived community. The author is
 * told the first time a person says so (unless they muted the community).
 */
export async function setInterested(
  tx: Db, actor: CommunityActor, postId: string, interest: { note: string | null } | null,
): Promise<z.infer<typeof interestResult>> {
  const { head, access } = await postAccess(tx, actor, postId, { community: 'share' });
  if (head.kind !== 'idea') throw invalid({ kind: 'not_an_idea' });
  if (access.archived) throw archivedError();
  if (interest === null) {
    const r = await removeInterest(tx, { regionId: actor.regionId, postId, userId: actor.userId });
    return { interested: false, interestCount: r.interestCount };
  }
  requireThreadOpen(head, access, actor);
  const r = await setInterest(tx, {
    regionId: actor.regionId, communityId: head.communityId, postId, userId: actor.userId, municipalityId: actor.tenantId, note: interest.note,
  });
  const author = r.created ? await audience(tx, actor, head.communityId, [head.authorId]) : [];
  if (author.length > 0) {
    await tell(tx, actor, 'community.interested', {
      communityId: head.communityId, communityName: access.name, postId, personName: (await me(tx, actor)).name, recipientIds: author,
    });
  }
  return { interested: true, interestCount: r.interestCount };
}

export async function interestedPeople(tx: Db, actor: CommunityActor, postId: string): Promise<Array<z.infer<typeof interestedPerson>>> {
  const { head, access } = await postAccess(tx, actor, postId);
  if (head.kind !== 'idea') throw invalid({ kind: 'not_an_idea' });
  if (!threadOpen(head, access, actor)) return [];
  const rows = await getInterests(tx, { regionId: actor.regionId, postId });
  const people = await personRefs(tx, rows.map((r) => r.userId));
  return rows.flatMap((r) => {
    const p = people.get(r.userId);
    return p ? [interestedView(r, p)] : [];
  });
}

// ── 解決した回答 ──

/**
 * The asker or a manager marks the comment (top-level or reply, not deleted) that solved a question;
 * its author is told (unless they muted the community). `commentId: null` takes the mark away.
 */
export async function acceptAnswer(tx: Db, actor: CommunityActor, postId: string, commentId: string | null): Promise<Post> {
  const { head, access } = await postAccess(tx, actor, postId, { lock: true, community: 'share' });
  if (head.authorId !== actor.userId && !access.isManager) throw forbidden();
  if (access.archived) throw archivedError();
  if (head.kind !== 'question') throw invalid({ kind: 'not_a_question' });
  if (commentId === null) {
    if (head.acceptedCommentId !== null) await setPostState(tx, { regionId: actor.regionId, id: postId, change: { accepted: null } });
    return loadPost(tx, actor, access, postId);
  }
  const comment = await getComment(tx, { regionId: actor.regionId, viewerId: actor.userId, id: commentId });
  if (!comment || comment.postId !== postId || comment.deletedAt) throw invalid({ commentId: 'not_a_comment_of_post' });
  if (head.acceptedCommentId !== commentId) {
    await setPostState(tx, { regionId: actor.regionId, id: postId, change: { accepted: { commentId, by: actor.userId } } });
    await tell(tx, actor, 'community.answer_accepted', {
      communityId: head.communityId, communityName: access.name, postId, commentId,
      recipientIds: await audience(tx, actor, head.communityId, [comment.authorId]),
    });
  }
  return loadPost(tx, actor, access, postId);
}

// ── 通報 ──

/**
 * Anyone who reads the post may report it or a comment on it to the community's managers. One open
 * report per person and target: a repeat changes nothing (`created: false`).
 */
export async function reportTarget(
  tx: Db, actor: CommunityActor, target: { type: 'post' | 'comment'; id: string }, reason: string,
): Promise<{ created: boolean }> {
  const { head, access } = target.type === 'post' ? await postAccess(tx, actor, target.id) : await commentAccess(tx, actor, target.id);
  const created = await insertReport(tx, {
    regionId: actor.regionId, communityId: head.communityId, postId: head.id, targetType: target.type, targetId: target.id,
    reporterId: actor.userId, reporterMunicipalityId: actor.tenantId, reason,
  });
  if (created) {
    const managers = (await activeManagers(tx, { communityId: head.communityId })).filter((id) => id !== actor.userId);
    await tell(tx, actor, 'community.reported', { communityId: head.communityId, communityName: access.name, postId: head.id, recipientIds: managers });
  }
  return { created };
}

/** The community's report queue (managers). */
export async function communityReports(
  tx: Db, actor: CommunityActor, communityId: string, status: 'open' | 'resolved' | 'dismissed',
): Promise<Array<z.infer<typeof report>>> {
  const access = await communityAccess(tx, actor, communityId);
  if (!access.isManager) throw forbidden();
  const rows = await listReports(tx, { regionId: actor.regionId, communityId, status, limit: 200 });
  const people = await personRefs(tx, rows.map((r) => r.reporterId));
  return rows.map((r) => reportView(r, people));
}

/** A manager closes a report: resolved (acted on) or dismissed. A decided report answers 409. */
export async function decideReport(
  tx: Db, actor: CommunityActor, reportId: string, status: 'resolved' | 'dismissed',
): Promise<z.infer<typeof report>> {
  const row = await getReport(tx, { regionId: actor.regionId, id: reportId, lock: true });
  if (!row) throw notFound();
  const access = await communityAccess(tx, actor, row.communityId);
  requireModerator(access);
  if (row.status !== 'open') throw conflict({ status: 'already_decided' });
  await resolveReport(tx, { regionId: actor.regionId, id: reportId, status, by: actor.userId });
  const people = await personRefs(tx, [row.reporterId]);
  return reportView({ ...row, status }, people);
}
