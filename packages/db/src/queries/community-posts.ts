import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { readableBy, texts, uuids } from './community-sql';

/**
 * Queries of community posts (投稿), comments, いいね, views, reports, interests, attachments, the home
 * feed, the board, unanswered questions and search. Every query names its region and filters by it;
 * row-level security is the backstop (another region and invite-only communities of which the
 * reader is not a member are not there at all).
 *
 * Lists are read in two steps: a lean keyset query that walks an index and returns a page of ids
 * (`PageKey`), then `getPostSummaries` for the page. The per-row extras (liked? do I manage its
 * community?) are then computed for 20 rows, never for the rows the index walk passed over.
 */

export type Cursor = { at: string; id: string } | null;
/** One row of a page: the post and its created_at as PostgreSQL wrote it (microseconds, for the cursor). */
export type PageKey = { id: string; at: string };

const atText = (col: SQL) => sql`to_json(${col}) #>> '{}'`;
/**
 * Newest first, exactly as the indexes are ordered: drizzle's `.desc()` builds them `DESC NULLS LAST`,
 * and a plain `ORDER BY created_at DESC` means NULLS FIRST — PostgreSQL would then sort every row of
 * the community (or region) instead of reading the first 21 entries of the index.
 */
const newestFirst = (alias: 'p' | 'x') => sql.raw(`${alias}.created_at desc nulls last, ${alias}.id desc nulls last`);
const before = (c: Cursor) => (c ? sql`and (p.created_at, p.id) < (${c.at}::timestamptz, ${c.id}::uuid)` : sql``);

/**
 * Communities whose posts the viewer reads: open ones of the region, and those they are an active
 * member of (approval and invite-only). RLS already hides invite-only communities from non-members.
 */
const readableCommunities = (regionId: string, viewerId: string) =>
  sql`(select c.id from communities c where c.region_id = ${regionId} and ${readableBy('c', viewerId)})`;

/**
 * Posts whose text (title, tags, words) the viewer may see: not hidden, or hidden and theirs, or of a
 * community they manage. The same rule as community_post_search() (migration 0005).
 */
const textSeenBy = (viewerId: string) => sql`(
  p.hidden_at is null or p.author_id = ${viewerId}
  or exists (select 1 from community_members hm where hm.community_id = p.community_id and hm.user_id = ${viewerId}
             and hm.status = 'active' and hm.role = 'manager'))`;

// ── reading posts ──────────────────────────────────────────────────────────────────────────────

export type PostKindValue = 'post' | 'question' | 'worry' | 'case' | 'idea';

export type PostSummaryRow = {
  id: string;
  communityId: string;
  communityName: string;
  authorId: string;
  kind: PostKindValue;
  title: string | null;
  excerpt: string;
  anonymous: boolean;
  hashtags: string[];
  likeCount: number;
  commentCount: number;
  viewCount: number;
  interestCount: number;
  pinnedAt: string | null;
  hiddenAt: string | null;
  solvedAt: string | null;
  editedAt: string | null;
  createdAt: string;
  liked: boolean;
  /** The viewer is an active manager of the post's community (sees anonymous askers and hidden bodies). */
  viewerManages: boolean;
};

export type PostRow = PostSummaryRow & {
  regionId: string;
  body: string;
  bodyHtml: string;
  challenge: string | null;
  challengeHtml: string | null;
  solution: string | null;
  solutionHtml: string | null;
  mentionIds: string[];
  hiddenReason: string | null;
  deletedAt: string | null;
  acceptedCommentId: string | null;
  interested: boolean;
  revisionCount: number;
};

const summaryColumns = (viewerId: string) => sql`
  p.id, p.community_id as "communityId", c.name as "communityName", p.author_id as "authorId", p.kind, p.title, p.excerpt,
  p.anonymous, p.hashtags, p.like_count as "likeCount", p.comment_count as "commentCount", p.view_count as "viewCount",
  p.interest_count as "interestCount", p.pinned_at as "pinnedAt", p.hidden_at as "hiddenAt", p.solved_at as "solvedAt",
  p.edited_at as "editedAt", p.created_at as "createdAt",
  exists (select 1 from community_likes l where l.target_type = 'post' and l.target_id = p.id and l.user_id = ${viewerId}) as liked,
  exists (select 1 from community_members vm where vm.community_id = p.community_id and vm.user_id = ${viewerId}
          and vm.role = 'manager' and vm.status = 'active') as "viewerManages"`;

/** Summaries of these posts (deleted ones left out), in the order of `ids`. */
export async function getPostSummaries(
  tx: Db, { regionId, viewerId, ids }: { regionId: string; viewerId: string; ids: readonly string[] },
): Promise<PostSummaryRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.execute<PostSummaryRow>(sql`
    select ${summaryColumns(viewerId)}
    from community_posts p join communities c on c.id = p.community_id
    where p.region_id = ${regionId} and p.id = any(${uuids(ids)}) and p.deleted_at is null`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One post with everything the post page shows, deleted or not (the caller decides), or null. */
export async function getPost(
  tx: Db, { regionId, viewerId, id }: { regionId: string; viewerId: string; id: string },
): Promise<PostRow | null> {
  const [row] = await tx.execute<PostRow>(sql`
    select ${summaryColumns(viewerId)}, p.region_id as "regionId", p.body, p.body_html as "bodyHtml",
      p.challenge, p.challenge_html as "challengeHtml", p.solution, p.solution_html as "solutionHtml",
      p.mention_ids as "mentionIds", p.hidden_reason as "hiddenReason", p.deleted_at as "deletedAt",
      p.accepted_comment_id as "acceptedCommentId",
      exists (select 1 from community_interests i where i.post_id = p.id and i.user_id = ${viewerId}) as interested,
      (select count(*)::int from community_post_revisions r where r.post_id = p.id) as "revisionCount"
    from community_posts p join communities c on c.id = p.community_id
    where p.region_id = ${regionId} and p.id = ${id}`);
  return row ?? null;
}

/** What the checks of a change need: the post's community, author, kind and state; FOR UPDATE when asked. */
export type PostHead = {
  id: string;
  communityId: string;
  authorId: string;
  kind: PostKindValue;
  anonymous: boolean;
  title: string | null;
  body: string;
  challenge: string | null;
  solution: string | null;
  mentionIds: string[];
  hiddenAt: string | null;
  deletedAt: string | null;
  acceptedCommentId: string | null;
};

export async function getPostHead(
  tx: Db, { regionId, id, lock = false }: { regionId: string; id: string; lock?: boolean },
): Promise<PostHead | null> {
  const [row] = await tx.execute<PostHead>(sql`
    select p.id, p.community_id as "communityId", p.author_id as "authorId", p.kind, p.anonymous, p.title, p.body,
      p.challenge, p.solution, p.mention_ids as "mentionIds", p.hidden_at as "hiddenAt", p.deleted_at as "deletedAt",
      p.accepted_comment_id as "acceptedCommentId"
    from community_posts p where p.region_id = ${regionId} and p.id = ${id}
    ${lock ? sql`for update` : sql``}`);
  return row ?? null;
}

// ── lists ──────────────────────────────────────────────────────────────────────────────────────

/**
 * A community's timeline, newest first: community_posts_timeline_idx (community_id, created_at desc,
 * id desc) serves the order and the cursor (community_posts_pinned_idx for `pinned: true`). A
 * `tag` finds a hidden post only for its author and the community's managers, as search does.
 */
export async function listTimeline(
  tx: Db,
  f: {
    regionId: string; viewerId: string; communityId: string; kind?: PostKindValue; tag?: string; pinned?: boolean;
    before: Cursor; limit: number;
  },
): Promise<PageKey[]> {
  // A hashtag alone: the GIN index, through the search function (see searchPosts).
  if (f.tag && !f.kind && f.pinned === undefined) {
    return searchPosts(tx, { regionId: f.regionId, match: { tag: f.tag }, communityId: f.communityId, before: f.before, limit: f.limit });
  }
  return tx.execute<PageKey>(sql`
    select p.id, ${atText(sql`p.created_at`)} as at
    from community_posts p
    where p.region_id = ${f.regionId} and p.community_id = ${f.communityId} and p.deleted_at is null
      ${f.kind ? sql`and p.kind = ${f.kind}` : sql``}
      ${f.tag ? sql`and p.hashtags @> ${texts([f.tag])} and ${textSeenBy(f.viewerId)}` : sql``}
      ${f.pinned === true ? sql`and p.pinned_at is not null` : f.pinned === false ? sql`and p.pinned_at is null` : sql``}
      ${before(f.before)}
    order by ${newestFirst('p')}
    limit ${f.limit}`);
}

/**
 * The home feed: posts of the communities the viewer is an active member of, newest first. Each of
 * those communities gives at most `limit` posts from its own timeline index (a LATERAL top-N), and
 * the page is the newest `limit` of them: the work grows with the number of my communities × the
 * page size, never with the number of posts in the region. (A walk down the region index filtered
 * by membership would read the whole region's posts for someone in a few quiet communities.)
 */
export async function listFeed(
  tx: Db, f: { regionId: string; viewerId: string; before: Cursor; limit: number },
): Promise<PageKey[]> {
  return tx.execute<PageKey>(sql`
    select x.id, ${atText(sql`x.created_at`)} as at
    from community_members m
    cross join lateral (
      select p.id, p.created_at from community_posts p
      where p.community_id = m.community_id and p.region_id = ${f.regionId} and p.deleted_at is null ${before(f.before)}
      order by ${newestFirst('p')}
      limit ${f.limit}
    ) x
    where m.user_id = ${f.viewerId} and m.status = 'active' and m.region_id = ${f.regionId}
    order by ${newestFirst('x')}
    limit ${f.limit}`);
}

/**
 * Questions (相談) across the communities of the region the viewer reads, newest first. Unanswered
 * ones walk the partial index community_posts_unanswered_idx; all questions community_posts_kind_idx.
 */
export async function listQuestions(
  tx: Db,
  f: { regionId: string; viewerId: string; unanswered: boolean; communityId?: string; before: Cursor; limit: number },
): Promise<PageKey[]> {
  return tx.execute<PageKey>(sql`
    select p.id, ${atText(sql`p.created_at`)} as at
    from community_posts p
    where p.region_id = ${f.regionId} and p.kind = 'question' and p.deleted_at is null
      ${f.unanswered ? sql`and p.solved_at is null` : sql``}
      ${f.communityId ? sql`and p.community_id = ${f.communityId}` : sql``}
      and p.community_id in ${readableCommunities(f.regionId, f.viewerId)}
      ${before(f.before)}
    order by ${newestFirst('p')}
    limit ${f.limit}`);
}

/**
 * 工夫・お悩みシェアボード: posts of the given kinds across the communities the viewer reads, newest first.
 * One index walk per kind (community_posts_kind_idx), merged: `kind = any(…)` would sort them all.
 */
export async function listBoard(
  tx: Db,
  f: { regionId: string; viewerId: string; kinds: PostKindValue[]; communityId?: string; before: Cursor; limit: number },
): Promise<PageKey[]> {
  const perKind = f.kinds.map((kind) => sql`(
    select p.id, p.created_at from community_posts p
    where p.region_id = ${f.regionId} and p.kind = ${kind} and p.deleted_at is null
      ${f.communityId ? sql`and p.community_id = ${f.communityId}` : sql``}
      and p.community_id in ${readableCommunities(f.regionId, f.viewerId)}
      ${before(f.before)}
    order by ${newestFirst('p')}
    limit ${f.limit})`);
  return tx.execute<PageKey>(sql`
    select x.id, ${atText(sql`x.created_at`)} as at
    from (${sql.join(perKind, sql` union all `)}) x
    order by ${newestFirst('x')}
    limit ${f.limit}`);
}

/**
 * Posts matching a tsquery literal (see @yui/domain search) or carrying a hashtag, in communities the
 * viewer reads, newest first. A hidden post is found only by its author and the community's managers:
 * its words must not lead anyone else to it.
 *
 * Through community_post_search() (migration 0005): under RLS the GIN indexes cannot serve `@@` or
 * `@>` (not LEAKPROOF), so a word found nowhere would walk every post of the region. The function
 * applies the same reader's rules and returns ids; the caller reads the posts again through RLS.
 */
export async function searchPosts(
  tx: Db,
  // The viewer is the context's person (app.user_id), as the function reads it; viewerId is not needed.
  f: { regionId: string; viewerId?: string; match: { tsquery: string } | { tag: string }; communityId?: string; before?: Cursor; limit: number },
): Promise<PageKey[]> {
  const query = 'tsquery' in f.match ? sql`${f.match.tsquery}::tsquery` : sql`null::tsquery`;
  const tag = 'tag' in f.match ? f.match.tag : null;
  return tx.execute<PageKey>(sql`
    select s.id, ${atText(sql`s.created_at`)} as at
    from community_post_search(${query}, ${tag}::text, ${f.communityId ?? null}::uuid,
                               ${f.before?.at ?? null}::timestamptz, ${f.before?.id ?? null}::uuid, ${f.limit}) s
    order by s.created_at desc nulls last, s.id desc nulls last`);
}

export type CommunityCardRow = {
  id: string;
  name: string;
  category: 'learning' | 'sharing' | 'consultation' | 'work_life' | 'local' | 'workplace' | 'other';
  visibility: 'open' | 'approval' | 'invite';
  status: 'active' | 'archived';
  description: string;
  memberCount: number;
  postCount: number;
  lastPostAt: string | null;
  towns: string[];
  role: 'manager' | 'member' | null;
  memberStatus: 'active' | 'pending' | 'invited' | null;
  notify: 'all' | 'digest' | 'mute' | null;
};

/**
 * Communities whose name or description matches, as directory cards (the towns as in the directory
 * of queries/communities.ts) (every community the viewer
 * may see in the directory: RLS leaves out invite-only ones of which they are not a member), active
 * ones first, then by their last post.
 */
export async function searchCommunities(
  tx: Db, f: { regionId: string; viewerId: string; tsquery: string; limit: number },
): Promise<CommunityCardRow[]> {
  return tx.execute<CommunityCardRow>(sql`
    select c.id, c.name, c.category, c.visibility, c.status, c.description, c.member_count as "memberCount",
      c.post_count as "postCount", c.last_post_at as "lastPostAt",
      array(
        select mu.name from community_members tm join municipalities mu on mu.id = tm.municipality_id
        where tm.community_id = c.id and tm.status = 'active'
        group by mu.id, mu.name order by count(*) desc, mu.code limit 6
      ) as towns,
      m.role, m.status as "memberStatus", m.notify
    from communities c
    left join community_members m on m.community_id = c.id and m.user_id = ${f.viewerId}
    where c.region_id = ${f.regionId} and c.search @@ ${f.tsquery}::tsquery
    order by c.status = 'archived', c.last_post_at desc nulls last, c.id
    limit ${f.limit}`);
}

export type EventCardRow = {
  id: string;
  communityId: string;
  communityName: string;
  title: string;
  kind: 'workshop' | 'study' | 'consultation' | 'first_meeting' | 'other';
  format: 'offline' | 'online' | 'hybrid';
  startsAt: string;
  endsAt: string;
  place: string | null;
  capacity: number | null;
  registeredCount: number;
  waitlistCount: number;
  status: 'scheduled' | 'cancelled';
  myStatus: 'registered' | 'waitlisted' | null;
  myWaitlistPosition: number | null;
};

/** Events of the communities the viewer reads whose title or description matches, latest start first. */
export async function searchEvents(
  tx: Db, f: { regionId: string; viewerId: string; tsquery: string; limit: number },
): Promise<EventCardRow[]> {
  return tx.execute<EventCardRow>(sql`
    select e.id, e.community_id as "communityId", c.name as "communityName", e.title, e.kind, e.format,
      e.starts_at as "startsAt", e.ends_at as "endsAt", e.place, e.capacity, e.registered_count as "registeredCount",
      e.waitlist_count as "waitlistCount", e.status,
      r.status as "myStatus",
      case when r.status = 'waitlisted' then
        (select count(*)::int from community_event_registrations w
         where w.event_id = e.id and w.status = 'waitlisted' and (w.queued_at, w.id) <= (r.queued_at, r.id))
      end as "myWaitlistPosition"
    from community_events e
    join communities c on c.id = e.community_id
    left join community_event_registrations r on r.event_id = e.id and r.user_id = ${f.viewerId} and r.status <> 'cancelled'
    where e.region_id = ${f.regionId} and e.search @@ ${f.tsquery}::tsquery
      and e.community_id in ${readableCommunities(f.regionId, f.viewerId)}
    order by e.starts_at desc, e.id
    limit ${f.limit}`);
}

// ── writing posts ──────────────────────────────────────────────────────────────────────────────

export interface PostContent {
  title: string | null;
  body: string;
  bodyHtml: string;
  excerpt: string;
  challenge: string | null;
  challengeHtml: string | null;
  solution: string | null;
  solutionHtml: string | null;
  hashtags: string[];
  mentionIds: string[];
  /** A tsvector literal (toTsvectorLiteral). */
  search: string;
}

/**
 * A new post, or null when this author already made one with this idempotency key in this community
 * (a double submit: the caller answers with that one). Concurrent duplicates wait on the unique index.
 */
export async function insertPost(
  tx: Db,
  v: PostContent & {
    regionId: string; communityId: string; authorId: string; authorMunicipalityId: string;
    kind: PostKindValue; anonymous: boolean; idempotencyKey: string | null;
  },
): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into community_posts (region_id, community_id, author_id, author_municipality_id, kind, title, body, body_html, excerpt,
      challenge, challenge_html, solution, solution_html, anonymous, hashtags, mention_ids, idempotency_key, search)
    values (${v.regionId}, ${v.communityId}, ${v.authorId}, ${v.authorMunicipalityId}, ${v.kind}, ${v.title}, ${v.body}, ${v.bodyHtml},
      ${v.excerpt}, ${v.challenge}, ${v.challengeHtml}, ${v.solution}, ${v.solutionHtml}, ${v.anonymous}, ${texts(v.hashtags)},
      ${uuids(v.mentionIds)}, ${v.idempotencyKey}, ${v.search}::tsvector)
    on conflict (community_id, author_id, idempotency_key) do nothing
    returning id`);
  return row?.id ?? null;
}

export async function findPostByIdempotencyKey(
  tx: Db, f: { regionId: string; communityId: string; authorId: string; key: string },
): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    select id from community_posts
    where region_id = ${f.regionId} and community_id = ${f.communityId} and author_id = ${f.authorId} and idempotency_key = ${f.key}`);
  return row?.id ?? null;
}

/**
 * Counts a new post in its community. Also the last word on "not archived": the update finds no
 * row when the community was archived after the access check, and the caller refuses.
 */
export async function countNewPost(tx: Db, { regionId, communityId }: { regionId: string; communityId: string }): Promise<boolean> {
  const rows = await tx.execute(sql`
    update communities set post_count = post_count + 1, last_post_at = greatest(last_post_at, now()), updated_at = now()
    where region_id = ${regionId} and id = ${communityId} and status = 'active'
    returning id`);
  return rows.length > 0;
}

/**
 * Uncounts a deleted post (already marked deleted in this transaction) and sets last_post_at to the
 * newest post left (null when none is). The caller holds the community row FOR UPDATE from before
 * this statement, so every post committed before is seen; one being written waits for the lock and
 * then moves last_post_at forward itself (countNewPost).
 */
export async function countDeletedPost(tx: Db, { regionId, communityId }: { regionId: string; communityId: string }): Promise<void> {
  await tx.execute(sql`
    update communities set post_count = greatest(post_count - 1, 0),
      last_post_at = (select max(p.created_at) from community_posts p
                      where p.region_id = ${regionId} and p.community_id = ${communityId} and p.deleted_at is null),
      updated_at = now()
    where region_id = ${regionId} and id = ${communityId}`);
}

/** Keeps the current version in the history, then writes the new one. */
export async function updatePostContent(
  tx: Db, { regionId, id, editedBy, content }: { regionId: string; id: string; editedBy: string; content: PostContent },
): Promise<void> {
  await tx.execute(sql`
    insert into community_post_revisions (region_id, community_id, post_id, title, body, challenge, solution, edited_by)
    select region_id, community_id, id, title, body, challenge, solution, ${editedBy}
    from community_posts where region_id = ${regionId} and id = ${id}`);
  await tx.execute(sql`
    update community_posts set title = ${content.title}, body = ${content.body}, body_html = ${content.bodyHtml},
      excerpt = ${content.excerpt}, challenge = ${content.challenge}, challenge_html = ${content.challengeHtml},
      solution = ${content.solution}, solution_html = ${content.solutionHtml}, hashtags = ${texts(content.hashtags)},
      mention_ids = ${uuids(content.mentionIds)}, search = ${content.search}::tsvector, edited_at = now(), updated_at = now()
    where region_id = ${regionId} and id = ${id}`);
}

export type PostRevisionRow = {
  id: string;
  title: string | null;
  body: string;
  challenge: string | null;
  solution: string | null;
  editedBy: string;
  replacedAt: string;
};

/** Earlier versions of a post, the latest replaced first. */
export async function getPostRevisions(tx: Db, { regionId, postId }: { regionId: string; postId: string }): Promise<PostRevisionRow[]> {
  return tx.execute<PostRevisionRow>(sql`
    select id, title, body, challenge, solution, edited_by as "editedBy", replaced_at as "replacedAt"
    from community_post_revisions where region_id = ${regionId} and post_id = ${postId}
    order by replaced_at desc, id desc`);
}

/** Soft delete, moderation and pinning: one column set, the rest untouched. */
export async function setPostState(
  tx: Db,
  { regionId, id, change }: {
    regionId: string; id: string;
    change:
      | { deleted: true }
      | { hidden: { by: string; reason: string } | null }
      | { pinned: boolean }
      | { accepted: { commentId: string; by: string } | null };
  },
): Promise<void> {
  let set: SQL;
  if ('deleted' in change) set = sql`deleted_at = now(), pinned_at = null`;
  else if ('hidden' in change) {
    set = change.hidden
      ? sql`hidden_at = now(), hidden_by = ${change.hidden.by}, hidden_reason = ${change.hidden.reason}`
      : sql`hidden_at = null, hidden_by = null, hidden_reason = null`;
  } else if ('pinned' in change) set = change.pinned ? sql`pinned_at = coalesce(pinned_at, now())` : sql`pinned_at = null`;
  else {
    set = change.accepted
      ? sql`accepted_comment_id = ${change.accepted.commentId}, solved_at = now(), solved_by = ${change.accepted.by}`
      : sql`accepted_comment_id = null, solved_at = null, solved_by = null`;
  }
  await tx.execute(sql`update community_posts set ${set}, updated_at = now() where region_id = ${regionId} and id = ${id}`);
}

/** Records that `userId` read the post; counts them once, ever. */
export async function recordView(
  tx: Db, v: { regionId: string; communityId: string; postId: string; userId: string; municipalityId: string },
): Promise<boolean> {
  const inserted = await tx.execute(sql`
    insert into community_post_views (region_id, community_id, post_id, user_id, municipality_id)
    values (${v.regionId}, ${v.communityId}, ${v.postId}, ${v.userId}, ${v.municipalityId})
    on conflict (post_id, user_id) do nothing
    returning post_id`);
  if (inserted.length === 0) return false;
  await tx.execute(sql`update community_posts set view_count = view_count + 1 where region_id = ${v.regionId} and id = ${v.postId}`);
  return true;
}

// ── likes and interests ───────────────────────────────────────────────────────────────────────

/**
 * Likes or unlikes. The count moves only when the like row was really inserted or deleted, and the
 * counter update waits on the target's row lock: 20 people at once give exactly 20, one person 20
 * times gives 1.
 */
export async function setLike(
  tx: Db,
  v: { regionId: string; communityId: string; targetType: 'post' | 'comment'; targetId: string; userId: string; municipalityId: string; liked: boolean },
): Promise<{ liked: boolean; likeCount: number }> {
  const table = v.targetType === 'post' ? sql`community_posts` : sql`community_comments`;
  const changed = v.liked
    ? await tx.execute(sql`
        insert into community_likes (region_id, community_id, target_type, target_id, user_id, municipality_id)
        values (${v.regionId}, ${v.communityId}, ${v.targetType}, ${v.targetId}, ${v.userId}, ${v.municipalityId})
        on conflict (target_type, target_id, user_id) do nothing
        returning target_id`)
    : await tx.execute(sql`
        delete from community_likes where target_type = ${v.targetType} and target_id = ${v.targetId} and user_id = ${v.userId}
        returning target_id`);
  const [row] = changed.length > 0
    ? await tx.execute<{ likeCount: number }>(sql`
        update ${table} set like_count = greatest(like_count ${v.liked ? sql`+` : sql`-`} 1, 0)
        where region_id = ${v.regionId} and id = ${v.targetId} returning like_count as "likeCount"`)
    : await tx.execute<{ likeCount: number }>(sql`select like_count as "likeCount" from ${table} where region_id = ${v.regionId} and id = ${v.targetId}`);
  return { liked: v.liked, likeCount: row?.likeCount ?? 0 };
}

/** "I'm interested" (アイデア募集); a second time only changes the note. `created`: the first time. */
export async function setInterest(
  tx: Db,
  v: { regionId: string; communityId: string; postId: string; userId: string; municipalityId: string; note: string | null },
): Promise<{ created: boolean; interestCount: number }> {
  const [ins] = await tx.execute<{ created: boolean }>(sql`
    insert into community_interests (region_id, community_id, post_id, user_id, municipality_id, note)
    values (${v.regionId}, ${v.communityId}, ${v.postId}, ${v.userId}, ${v.municipalityId}, ${v.note})
    on conflict (post_id, user_id) do update set note = excluded.note
    returning (xmax = 0) as created`);
  const created = ins?.created ?? false;
  const [row] = created
    ? await tx.execute<{ n: number }>(sql`update community_posts set interest_count = interest_count + 1 where region_id = ${v.regionId} and id = ${v.postId} returning interest_count as n`)
    : await tx.execute<{ n: number }>(sql`select interest_count as n from community_posts where region_id = ${v.regionId} and id = ${v.postId}`);
  return { created, interestCount: row?.n ?? 0 };
}

export async function removeInterest(
  tx: Db, v: { regionId: string; postId: string; userId: string },
): Promise<{ interestCount: number }> {
  const gone = await tx.execute(sql`delete from community_interests where post_id = ${v.postId} and user_id = ${v.userId} returning post_id`);
  const [row] = gone.length > 0
    ? await tx.execute<{ n: number }>(sql`update community_posts set interest_count = greatest(interest_count - 1, 0) where region_id = ${v.regionId} and id = ${v.postId} returning interest_count as n`)
    : await tx.execute<{ n: number }>(sql`select interest_count as n from community_posts where region_id = ${v.regionId} and id = ${v.postId}`);
  return { interestCount: row?.n ?? 0 };
}

export async function getInterests(
  tx: Db, { regionId, postId }: { regionId: string; postId: string },
): Promise<Array<{ userId: string; note: string | null; createdAt: string }>> {
  return tx.execute(sql`
    select user_id as "userId", note, created_at as "createdAt" from community_interests
    where region_id = ${regionId} and post_id = ${postId} order by created_at, user_id`);
}

// ── comments ──────────────────────────────────────────────────────────────────────────────────

export type CommentRow = {
  id: string;
  communityId: string;
  postId: string;
  parentId: string | null;
  authorId: string;
  kind: 'comment' | 'advice';
  body: string;
  bodyHtml: string;
  mentionIds: string[];
  likeCount: number;
  hiddenAt: string | null;
  hiddenReason: string | null;
  deletedAt: string | null;
  editedAt: string | null;
  createdAt: string;
  liked: boolean;
};

const commentColumns = (viewerId: string) => sql`
  c.id, c.community_id as "communityId", c.post_id as "postId", c.parent_id as "parentId", c.author_id as "authorId", c.kind,
  c.body, c.body_html as "bodyHtml", c.mention_ids as "mentionIds", c.like_count as "likeCount", c.hidden_at as "hiddenAt",
  c.hidden_reason as "hiddenReason", c.deleted_at as "deletedAt", c.edited_at as "editedAt", c.created_at as "createdAt",
  exists (select 1 from community_likes l where l.target_type = 'comment' and l.target_id = c.id and l.user_id = ${viewerId}) as liked`;

/** Every comment of a post, oldest first (community_comments_post_idx). */
export async function getComments(
  tx: Db, { regionId, viewerId, postId }: { regionId: string; viewerId: string; postId: string },
): Promise<CommentRow[]> {
  return tx.execute<CommentRow>(sql`
    select ${commentColumns(viewerId)} from community_comments c
    where c.region_id = ${regionId} and c.post_id = ${postId}
    order by c.created_at, c.id`);
}

export async function getComment(
  tx: Db, { regionId, viewerId, id, lock = false }: { regionId: string; viewerId: string; id: string; lock?: boolean },
): Promise<CommentRow | null> {
  const [row] = await tx.execute<CommentRow>(sql`
    select ${commentColumns(viewerId)} from community_comments c
    where c.region_id = ${regionId} and c.id = ${id}
    ${lock ? sql`for update of c` : sql``}`);
  return row ?? null;
}

export async function insertComment(
  tx: Db,
  v: {
    regionId: string; communityId: string; postId: string; parentId: string | null; authorId: string; authorMunicipalityId: string;
    kind: 'comment' | 'advice'; body: string; bodyHtml: string; mentionIds: string[]; idempotencyKey: string | null;
  },
): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into community_comments (region_id, community_id, post_id, parent_id, author_id, author_municipality_id, kind, body,
      body_html, mention_ids, idempotency_key)
    values (${v.regionId}, ${v.communityId}, ${v.postId}, ${v.parentId}, ${v.authorId}, ${v.authorMunicipalityId}, ${v.kind},
      ${v.body}, ${v.bodyHtml}, ${uuids(v.mentionIds)}, ${v.idempotencyKey})
    on conflict (post_id, author_id, idempotency_key) do nothing
    returning id`);
  return row?.id ?? null;
}

export async function findCommentByIdempotencyKey(
  tx: Db, f: { regionId: string; postId: string; authorId: string; key: string },
): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`
    select id from community_comments
    where region_id = ${f.regionId} and post_id = ${f.postId} and author_id = ${f.authorId} and idempotency_key = ${f.key}`);
  return row?.id ?? null;
}

export async function countComment(tx: Db, { regionId, postId, delta }: { regionId: string; postId: string; delta: 1 | -1 }): Promise<void> {
  await tx.execute(sql`
    update community_posts set comment_count = greatest(comment_count + ${delta}, 0)
    where region_id = ${regionId} and id = ${postId}`);
}

export async function updateComment(
  tx: Db,
  { regionId, id, change }: {
    regionId: string; id: string;
    change:
      | { content: { body: string; bodyHtml: string; mentionIds: string[] } }
      | { deleted: true }
      | { hidden: { by: string; reason: string } | null };
  },
): Promise<void> {
  let set: SQL;
  if ('content' in change) {
    set = sql`body = ${change.content.body}, body_html = ${change.content.bodyHtml}, mention_ids = ${uuids(change.content.mentionIds)}, edited_at = now()`;
  } else if ('deleted' in change) set = sql`deleted_at = now()`;
  else {
    set = change.hidden
      ? sql`hidden_at = now(), hidden_by = ${change.hidden.by}, hidden_reason = ${change.hidden.reason}`
      : sql`hidden_at = null, hidden_by = null, hidden_reason = null`;
  }
  await tx.execute(sql`update community_comments set ${set}, updated_at = now() where region_id = ${regionId} and id = ${id}`);
}

// ── reports ───────────────────────────────────────────────────────────────────────────────────

/** A report, or nothing new when this person already has an open report on the target. */
export async function insertReport(
  tx: Db,
  v: {
    regionId: string; communityId: string; postId: string; targetType: 'post' | 'comment'; targetId: string;
    reporterId: string; reporterMunicipalityId: string; reason: string;
  },
): Promise<boolean> {
  const rows = await tx.execute(sql`
    insert into community_reports (region_id, community_id, post_id, target_type, target_id, reporter_id, reporter_municipality_id, reason)
    values (${v.regionId}, ${v.communityId}, ${v.postId}, ${v.targetType}, ${v.targetId}, ${v.reporterId}, ${v.reporterMunicipalityId}, ${v.reason})
    on conflict (target_type, target_id, reporter_id) where status = 'open' do nothing
    returning id`);
  return rows.length > 0;
}

export type ReportRow = {
  id: string;
  communityId: string;
  postId: string;
  targetType: 'post' | 'comment';
  targetId: string;
  reason: string;
  reporterId: string;
  status: 'open' | 'resolved' | 'dismissed';
  createdAt: string;
  /** The reported text: the post's title and excerpt, or the comment's Markdown. */
  targetTitle: string | null;
  targetText: string;
};

const reportColumns = sql`
  r.id, r.community_id as "communityId", r.post_id as "postId", r.target_type as "targetType", r.target_id as "targetId", r.reason,
  r.reporter_id as "reporterId", r.status, r.created_at as "createdAt",
  case when r.target_type = 'post' then p.title end as "targetTitle",
  case when r.target_type = 'post' then p.excerpt else coalesce(cm.body, '') end as "targetText"`;
const reportJoins = sql`
  join community_posts p on p.id = r.post_id
  left join community_comments cm on r.target_type = 'comment' and cm.id = r.target_id`;

/** A community's reports: open ones oldest first (the queue), or decided ones newest first. */
export async function listReports(
  tx: Db, f: { regionId: string; communityId: string; status: 'open' | 'resolved' | 'dismissed'; limit: number },
): Promise<ReportRow[]> {
  return tx.execute<ReportRow>(sql`
    select ${reportColumns} from community_reports r ${reportJoins}
    where r.region_id = ${f.regionId} and r.community_id = ${f.communityId} and r.status = ${f.status}
    order by ${f.status === 'open' ? sql`r.created_at, r.id` : sql`r.resolved_at desc, r.id`}
    limit ${f.limit}`);
}

export async function getReport(
  tx: Db, { regionId, id, lock = false }: { regionId: string; id: string; lock?: boolean },
): Promise<ReportRow | null> {
  const [row] = await tx.execute<ReportRow>(sql`
    select ${reportColumns} from community_reports r ${reportJoins}
    where r.region_id = ${regionId} and r.id = ${id}
    ${lock ? sql`for update of r` : sql``}`);
  return row ?? null;
}

export async function resolveReport(
  tx: Db, { regionId, id, status, by }: { regionId: string; id: string; status: 'resolved' | 'dismissed'; by: string },
): Promise<void> {
  await tx.execute(sql`
    update community_reports set status = ${status}, resolved_by = ${by}, resolved_at = now()
    where region_id = ${regionId} and id = ${id}`);
}

// ── people to tell ────────────────────────────────────────────────────────────────────────────

/** Active members of the community with this notify setting (post_created: 'all'). */
export async function membersWithNotify(
  tx: Db, { communityId, notify }: { communityId: string; notify: 'all' | 'digest' | 'mute' },
): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`
    select user_id as id from community_members where community_id = ${communityId} and status = 'active' and notify = ${notify}`);
  return rows.map((r) => r.id);
}

/** Of these people, those who muted the community. */
export async function mutedAmong(tx: Db, { communityId, ids }: { communityId: string; ids: readonly string[] }): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.execute<{ id: string }>(sql`
    select user_id as id from community_members where community_id = ${communityId} and user_id = any(${uuids(ids)}) and notify = 'mute'`);
  return new Set(rows.map((r) => r.id));
}

/** Of these people, the active members of the community. */
export async function activeMembersAmong(tx: Db, { communityId, ids }: { communityId: string; ids: readonly string[] }): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.execute<{ id: string }>(sql`
    select user_id as id from community_members where community_id = ${communityId} and user_id = any(${uuids(ids)}) and status = 'active'`);
  return new Set(rows.map((r) => r.id));
}

export async function activeManagers(tx: Db, { communityId }: { communityId: string }): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`
    select user_id as id from community_members where community_id = ${communityId} and status = 'active' and role = 'manager'`);
  return rows.map((r) => r.id);
}

// ── files ─────────────────────────────────────────────────────────────────────────────────────

export type FileRow = {
  id: string;
  communityId: string;
  postId: string | null;
  eventId: string | null;
  uploadedBy: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
};

const fileColumns = sql`f.id, f.community_id as "communityId", f.post_id as "postId", f.event_id as "eventId", f.uploaded_by as "uploadedBy",
  f.filename, f.content_type as "contentType", f.size_bytes as "sizeBytes", f.storage_key as "storageKey"`;

export async function insertFile(
  tx: Db,
  v: {
    id: string; regionId: string; communityId: string; uploadedBy: string; uploaderMunicipalityId: string;
    filename: string; contentType: string; sizeBytes: number; storageKey: string;
  },
): Promise<FileRow> {
  const [row] = await tx.execute<FileRow>(sql`
    insert into community_files as f (id, region_id, community_id, uploaded_by, uploader_municipality_id, filename, content_type, size_bytes, storage_key)
    values (${v.id}, ${v.regionId}, ${v.communityId}, ${v.uploadedBy}, ${v.uploaderMunicipalityId}, ${v.filename}, ${v.contentType},
      ${v.sizeBytes}, ${v.storageKey})
    returning ${fileColumns}`);
  return row!;
}

export async function getFile(tx: Db, { regionId, id }: { regionId: string; id: string }): Promise<FileRow | null> {
  const [row] = await tx.execute<FileRow>(sql`select ${fileColumns} from community_files f where f.region_id = ${regionId} and f.id = ${id}`);
  return row ?? null;
}

/** The attachments of a post, in upload order. */
export async function getPostFiles(tx: Db, { regionId, postId }: { regionId: string; postId: string }): Promise<FileRow[]> {
  return tx.execute<FileRow>(sql`
    select ${fileColumns} from community_files f where f.region_id = ${regionId} and f.post_id = ${postId}
    order by f.created_at, f.id`);
}

/**
 * Attaches files to a post: only files this person uploaded to this community and not yet attached
 * to anything. Returns the ids attached; the caller refuses the whole post if one is missing.
 */
export async function attachFiles(
  tx: Db, v: { regionId: string; communityId: string; postId: string; uploadedBy: string; ids: readonly string[] },
): Promise<string[]> {
  if (v.ids.length === 0) return [];
  const rows = await tx.execute<{ id: string }>(sql`
    update community_files set post_id = ${v.postId}
    where region_id = ${v.regionId} and community_id = ${v.communityId} and uploaded_by = ${v.uploadedBy}
      and id = any(${uuids(v.ids)}) and post_id is null and event_id is null
    returning id`);
  return rows.map((r) => r.id);
}

/** What a file download must know about the post the file belongs to (if any). */
export async function getPostVisibility(
  tx: Db, { regionId, postId }: { regionId: string; postId: string },
): Promise<{ authorId: string; hidden: boolean; deleted: boolean } | null> {
  const [row] = await tx.execute<{ authorId: string; hidden: boolean; deleted: boolean }>(sql`
    select author_id as "authorId", hidden_at is not null as hidden, deleted_at is not null as deleted
    from community_posts where region_id = ${regionId} and id = ${postId}`);
  return row ?? null;
}
