import type { Db } from '@yui/db';
import {
  getPost, isRegionCoordinator, isTownReviewer, type AttractionRow, type AttractionStatus,
} from '@yui/db/queries/attractions';
import { notFound } from '../../lib/errors';

/**
 * Who the reader is to a post. Row-level security shows a town its own posts and the whole region
 * the pool (approved and later); the service narrows a town's unpooled posts further: a draft is its
 * author's alone, a post in review, returned or rejected its author's and the town's reviewers'.
 * Anything else is 404, never 403: a post one may not see does not exist for them. The roles are read
 * in the database (role_grants), not from the token.
 */
export interface AttractionActor {
  tenantId: string;
  regionId: string;
  userId: string;
}

export const attractionActor = (req: { auth: { tid: string; rid: string; sub: string } }): AttractionActor => ({
  tenantId: req.auth.tid, regionId: req.auth.rid, userId: req.auth.sub,
});

/** The reader with their roles as the database says: reviewer of their own town, coordinator of the region. */
export interface Reader extends AttractionActor {
  reviewer: boolean;
  coordinator: boolean;
}

export async function readerOf(tx: Db, actor: AttractionActor): Promise<Reader> {
  const [reviewer, coordinator] = await Promise.all([isTownReviewer(tx, actor), isRegionCoordinator(tx)]);
  return { ...actor, reviewer, coordinator };
}

/** The region's shared pool: every staff member of the region sees these. */
export const POOL: readonly AttractionStatus[] = ['approved', 'scheduled', 'published', 'unpublished'];
/** Statuses the author edits (and deletes) in. */
export const EDITABLE: readonly AttractionStatus[] = ['draft', 'returned'];
/** Submitted, not (yet) pooled: the author and the town's reviewers. */
const UNDER_REVIEW: readonly AttractionStatus[] = ['in_review', 'returned', 'rejected'];
/** Statuses a coordinator schedules (or reschedules) from. */
export const SCHEDULABLE: readonly AttractionStatus[] = ['approved', 'scheduled', 'unpublished'];
/** Statuses a post is taken down from (published, or scheduled and not yet out). */
export const UNPUBLISHABLE: readonly AttractionStatus[] = ['scheduled', 'published'];

/** Is the post the reader's own town's reviewers' to decide (and see before the pool)? */
export const reviewsTown = (reader: Reader, row: Pick<AttractionRow, 'municipalityId'>) =>
  reader.reviewer && row.municipalityId === reader.tenantId;

/** May the reader see this post (one row-level security already let through)? */
export function canSee(reader: Reader, row: Pick<AttractionRow, 'status' | 'authorId' | 'municipalityId' | 'regionId'>): boolean {
  if (row.regionId !== reader.regionId) return false;
  if (POOL.includes(row.status)) return true;
  if (row.municipalityId !== reader.tenantId) return false;
  if (row.authorId === reader.userId) return true;
  return UNDER_REVIEW.includes(row.status) && reviewsTown(reader, row);
}

/**
 * The post and the reader, or 404 when the reader may not see it. `lock: 'update'` reads it FOR UPDATE
 * (one writer at a time; row-level security finds only rows the reader may change, so a post of
 * another town outside the pool is 404 either way). The status read is the one under the lock.
 */
export async function postOr404(
  tx: Db, actor: AttractionActor, id: string, opts: { lock?: 'update' } = {},
): Promise<{ row: AttractionRow; reader: Reader }> {
  const reader = await readerOf(tx, actor);
  const row = await getPost(tx, { regionId: actor.regionId, id, lock: opts.lock });
  if (!row || !canSee(reader, row)) throw notFound();
  return { row, reader };
}
