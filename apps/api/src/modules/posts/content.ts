import type { Db } from '@yui/db';
import type { PostKind } from '@yui/contracts';
import { findPeopleByHandles } from '@yui/db/queries/region-people';
import { activeMembersAmong, type PostContent } from '@yui/db/queries/community-posts';
import { excerpt, MAX_TAGS, renderMarkdown, toTsvectorLiteral } from '@yui/domain';
import type { CommunityAccess } from '../communities/access';
import { invalid, type FieldIssue } from '../../lib/errors';

/**
 * What a person writes → what is stored: the kind rules, the sanitised HTML (renderMarkdown: no raw
 * HTML, allow-listed links), hashtags, the people mentioned, the excerpt and the search vector.
 */

export interface PostFields {
  title: string | null;
  body: string;
  challenge: string | null;
  solution: string | null;
}

const blank = (s: string | null | undefined) => !s || s.trim() === '';
/** Questions, share-board posts and ideas are found by their title on lists and boards. */
const TITLED: readonly PostKind[] = ['question', 'worry', 'case', 'idea'];
/** 課題感 and どうやって解決したか belong to the share board (お悩み共有・事例共有). */
const BOARD: readonly PostKind[] = ['worry', 'case'];

/**
 * The fields as stored for this kind (board fields dropped elsewhere, blanks as null), or 400 naming
 * every field that breaks a rule of the kind.
 */
export function checkKind(kind: PostKind, anonymous: boolean, f: PostFields): PostFields {
  const issues: Record<string, FieldIssue> = {};
  if (TITLED.includes(kind) && blank(f.title)) issues.title = 'title_required';
  if (BOARD.includes(kind) && blank(f.challenge)) issues.challenge = 'challenge_required';
  if (kind === 'case' && blank(f.solution)) issues.solution = 'solution_required';
  if (anonymous && kind !== 'question') issues.anonymous = 'anonymous_question_only';
  if (Object.keys(issues).length) throw invalid(issues);
  const board = BOARD.includes(kind);
  return {
    title: blank(f.title) ? null : f.title!.trim(),
    body: f.body,
    challenge: board && !blank(f.challenge) ? f.challenge : null,
    solution: board && !blank(f.solution) ? f.solution : null,
  };
}

/**
 * @handles → people who may read the community: anyone of the region for an open community, active
 * members for approval and invite-only ones (a mention must not invite a stranger into a closed room).
 * Unknown or ambiguous handles stay plain text.
 */
export async function resolveMentions(tx: Db, access: CommunityAccess, handles: readonly string[]): Promise<string[]> {
  if (handles.length === 0) return [];
  const found = [...new Set((await findPeopleByHandles(tx, handles)).map((p) => p.id))];
  if (access.visibility === 'open') return found;
  const members = await activeMembersAmong(tx, { communityId: access.id, ids: found });
  return found.filter((id) => members.has(id));
}

/** Everything stored for a post's text. */
export async function renderPost(tx: Db, access: CommunityAccess, f: PostFields): Promise<PostContent> {
  const body = renderMarkdown(f.body);
  const challenge = f.challenge === null ? null : renderMarkdown(f.challenge);
  const solution = f.solution === null ? null : renderMarkdown(f.solution);
  const parts = [body, challenge, solution].filter((r) => r !== null);
  const hashtags = [...new Set(parts.flatMap((r) => r.hashtags))].slice(0, MAX_TAGS);
  const handles = [...new Set(parts.flatMap((r) => r.mentions))].slice(0, MAX_TAGS);
  return {
    title: f.title,
    body: f.body,
    bodyHtml: body.html,
    excerpt: excerpt(body.text || challenge?.text || ''),
    challenge: f.challenge,
    challengeHtml: challenge?.html ?? null,
    solution: f.solution,
    solutionHtml: solution?.html ?? null,
    hashtags,
    mentionIds: await resolveMentions(tx, access, handles),
    search: toTsvectorLiteral([f.title, body.text, challenge?.text, solution?.text, hashtags.join(' ')]),
  };
}

/** A comment's stored text. */
export async function renderComment(tx: Db, access: CommunityAccess, source: string) {
  const r = renderMarkdown(source);
  return { body: source, bodyHtml: r.html, mentionIds: await resolveMentions(tx, access, r.mentions) };
}

/** A comment's plain text beginning (report queue). */
export const commentExcerpt = (markdown: string) => excerpt(renderMarkdown(markdown.slice(0, 2000)).text);
