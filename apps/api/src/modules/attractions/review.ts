import type { Attraction, ReviewDecision } from '@yui/contracts';
import type { Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import { addReview, getPhotos, getPost, setPostStatus } from '@yui/db/queries/attractions';
import { AppError, conflict, invalid, notFound } from '../../lib/errors';
import { personRefs } from '../communities/access';
import { postOr404, reviewsTown, type AttractionActor } from './access';
import { photosBlock } from './photos';
import { detailView } from './view';

/**
 * 審査: a reviewer of the post's town (attraction_reviewer or 自治体管理者 there, read from role_grants)
 * approves a post into the region's pool, returns it to the author with what to change, or rejects it
 * (final). Never their own post. One transaction: the post locked FOR UPDATE, the status and the
 * version checked under the lock — of two reviewers deciding at once one wins, the other gets 409 —
 * then the post, the history row (attraction_reviews) and the author's notice (`attraction.reviewed`).
 */

const refused = (issue: string) => new AppError(403, 'forbidden', { decision: issue });
const outcome = { approve: 'approved', return: 'returned', reject: 'rejected' } as const;

export async function reviewPost(
  tx: Db, actor: AttractionActor, id: string, body: ReviewDecision, opts: { publicUrl: string },
): Promise<Attraction> {
  const { row: seen, reader } = await postOr404(tx, actor, id);
  if (!reviewsTown(reader, seen)) throw refused('not_reviewer');
  if (seen.authorId === actor.userId) throw refused('own_post_review');
  const comment = body.comment.trim();
  if (body.decision !== 'approve' && !comment) throw invalid({ comment: 'review_comment_required' });

  // Under the lock: what was read before it may have been decided meanwhile.
  const row = await getPost(tx, { regionId: actor.regionId, id, lock: 'update' });
  if (!row) throw notFound();
  if (row.status !== 'in_review') throw conflict({ status: 'not_in_review' });
  if (row.version !== body.version) throw conflict({ version: 'stale_version' });
  if (body.decision === 'approve') {
    // Submitting checked the photos; the worker may have failed one since (a re-run after a crash).
    const block = photosBlock(await getPhotos(tx, [id]));
    if (block) throw invalid({ photos: block });
  }

  const decided = outcome[body.decision];
  await setPostStatus(tx, {
    id, status: decided, review: { by: actor.userId, comment: comment || null }, approved: decided === 'approved',
  });
  await addReview(tx, { regionId: actor.regionId, tenantId: actor.tenantId, postId: id, action: decided, comment, actorId: actor.userId });
  const people = await personRefs(tx, [actor.userId]);
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'attraction.reviewed', actorId: actor.userId,
    payload: {
      postId: id, title: row.title, recipientIds: [row.authorId], decision: decided,
      reviewerName: people.get(actor.userId)?.name ?? '', comment,
    },
  });
  const after = await getPost(tx, { regionId: actor.regionId, id });
  return detailView(tx, after!, { reader, publicUrl: opts.publicUrl });
}
