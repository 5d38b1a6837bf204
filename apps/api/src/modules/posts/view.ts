import type { z } from 'zod';
import type {
  Comment, interestedPerson, PersonRef, Post, PostSummary, postRevision, report,
} from '@yui/contracts';
import type { CommentRow, FileRow, PostRevisionRow, PostRow, PostSummaryRow, ReportRow } from '@yui/db/queries/community-posts';
import type { CommunityAccess, CommunityActor } from '../communities/access';
import { fileRefOf } from '../files/service';
import { commentExcerpt } from './content';

/**
 * Rows → the shapes of packages/contracts/src/communities.ts, and the two rules of what a reader sees:
 *  - an anonymous question names its asker only to the community's managers and the asker;
 *  - a hidden post or comment shows its reason to everyone and its text only to the managers and
 *    its author (a deleted one shows nothing).
 */

const iso = (t: string | Date | null): string | null => (t == null ? null : new Date(t).toISOString());

/** Who the reader is as far as a post goes: themself, and whether they manage its community. */
export interface Reader {
  userId: string;
  manages: boolean;
}

const sees = (authorId: string, r: Reader) => r.manages || authorId === r.userId;

export function postSummaryView(row: PostSummaryRow, people: Map<string, PersonRef>, userId: string): PostSummary {
  const reader = { userId, manages: row.viewerManages };
  const open = row.hiddenAt === null || sees(row.authorId, reader);
  return {
    id: row.id,
    communityId: row.communityId,
    communityName: row.communityName,
    kind: row.kind,
    title: open ? row.title : null,
    excerpt: open ? row.excerpt : '',
    author: row.anonymous && !sees(row.authorId, reader) ? null : people.get(row.authorId) ?? null,
    anonymous: row.anonymous,
    hashtags: open ? row.hashtags : [],
    likeCount: row.likeCount,
    commentCount: row.commentCount,
    viewCount: row.viewCount,
    interestCount: row.interestCount,
    liked: row.liked,
    pinned: row.pinnedAt !== null,
    solved: row.solvedAt !== null,
    hidden: row.hiddenAt !== null,
    createdAt: iso(row.createdAt)!,
    editedAt: iso(row.editedAt),
  };
}

export function postView(
  row: PostRow, x: { people: Map<string, PersonRef>; files: FileRow[]; access: CommunityAccess; actor: CommunityActor },
): Post {
  const reader = { userId: x.actor.userId, manages: x.access.isManager };
  const open = row.hiddenAt === null || sees(row.authorId, reader);
  const mine = row.authorId === x.actor.userId;
  const active = !x.access.archived;
  return {
    ...postSummaryView({ ...row, viewerManages: x.access.isManager }, x.people, x.actor.userId),
    body: open ? row.body : '',
    bodyHtml: open ? row.bodyHtml : '',
    challenge: open ? row.challenge : null,
    challengeHtml: open ? row.challengeHtml : null,
    solution: open ? row.solution : null,
    solutionHtml: open ? row.solutionHtml : null,
    hiddenReason: row.hiddenAt !== null ? row.hiddenReason : null,
    acceptedCommentId: row.acceptedCommentId,
    interested: row.interested,
    attachments: open ? x.files.map(fileRefOf) : [],
    revisionCount: row.revisionCount,
    can: {
      edit: mine && x.access.canPost,
      delete: mine && active,
      moderate: x.access.isManager && active,
      accept: row.kind === 'question' && (mine || x.access.isManager) && active,
    },
  };
}

/** An earlier version; the editor is the author, so an anonymous question keeps them unnamed. */
export function revisionView(
  r: PostRevisionRow, x: { people: Map<string, PersonRef>; post: { authorId: string; anonymous: boolean }; reader: Reader },
): z.infer<typeof postRevision> {
  const masked = x.post.anonymous && r.editedBy === x.post.authorId && !sees(x.post.authorId, x.reader);
  return {
    id: r.id, title: r.title, body: r.body, challenge: r.challenge, solution: r.solution,
    editedBy: masked ? null : x.people.get(r.editedBy) ?? null,
    replacedAt: iso(r.replacedAt)!,
  };
}

export interface CommentContext {
  reader: Reader;
  people: Map<string, PersonRef>;
  acceptedCommentId: string | null;
  /** The asker of an anonymous question: their comments in its thread stay unnamed too. */
  anonymousAuthorId: string | null;
  canPost: boolean;
  archived: boolean;
}

type CommentBase = Omit<Comment, 'replies'>;

export function commentBaseView(c: CommentRow, x: CommentContext): CommentBase {
  const mine = c.authorId === x.reader.userId;
  const deleted = c.deletedAt !== null;
  const hidden = c.hiddenAt !== null;
  const open = !deleted && (!hidden || sees(c.authorId, x.reader));
  const unnamed = deleted || (c.authorId === x.anonymousAuthorId && !sees(c.authorId, x.reader));
  return {
    id: c.id,
    postId: c.postId,
    parentId: c.parentId,
    kind: c.kind,
    author: unnamed ? null : x.people.get(c.authorId) ?? null,
    body: open ? c.body : '',
    bodyHtml: open ? c.bodyHtml : '',
    likeCount: c.likeCount,
    liked: c.liked,
    accepted: c.id === x.acceptedCommentId,
    hidden: !deleted && hidden,
    hiddenReason: !deleted && hidden ? c.hiddenReason : null,
    deleted,
    createdAt: iso(c.createdAt)!,
    editedAt: iso(c.editedAt),
    can: {
      edit: mine && !deleted && x.canPost,
      delete: mine && !deleted && !x.archived,
      moderate: x.reader.manages && !deleted && !x.archived,
    },
  };
}

/**
 * Top-level comments oldest first, each with its replies (one level) oldest first. A reply whose
 * parent is itself a reply (written before the rule, or by hand) hangs under that parent's parent.
 */
export function commentTree(rows: CommentRow[], x: CommentContext): Comment[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const top = new Map<string, Comment>();
  for (const r of rows) if (r.parentId === null) top.set(r.id, { ...commentBaseView(r, x), replies: [] });
  for (const r of rows) {
    if (r.parentId === null) continue;
    let root = byId.get(r.parentId);
    while (root?.parentId) root = byId.get(root.parentId);
    const parent = root ? top.get(root.id) : undefined;
    if (parent) parent.replies.push(commentBaseView(r, x));
  }
  return [...top.values()];
}

export function interestedView(
  r: { userId: string; note: string | null; createdAt: string }, person: PersonRef,
): z.infer<typeof interestedPerson> {
  return { person, note: r.note, createdAt: iso(r.createdAt)! };
}

export function reportView(r: ReportRow, people: Map<string, PersonRef>): z.infer<typeof report> {
  const text = r.targetType === 'post' ? [r.targetTitle, r.targetText].filter(Boolean).join(' — ') : commentExcerpt(r.targetText);
  return {
    id: r.id,
    postId: r.postId,
    targetType: r.targetType,
    targetId: r.targetId,
    excerpt: text,
    reason: r.reason,
    reporter: people.get(r.reporterId) ?? null,
    status: r.status,
    createdAt: iso(r.createdAt)!,
  };
}
