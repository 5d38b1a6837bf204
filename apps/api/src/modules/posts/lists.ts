import type { z } from 'zod';
import type { Db } from '@yui/db';
import type {
  boardQuery, CommunitySummary, EventSummary, feedQuery, postListQuery, PostSummary, questionsQuery, searchQuery, searchResult,
} from '@yui/contracts';
import {
  getPostSummaries, listBoard, listFeed, listQuestions, listTimeline, searchCommunities, searchEvents, searchPosts,
  type CommunityCardRow, type Cursor, type EventCardRow, type PageKey,
} from '@yui/db/queries/community-posts';
import { toTsqueryLiteral } from '@yui/domain';
import { communityAccess, personRefs, requireRead, type CommunityActor } from '../communities/access';
import { descriptionExcerpt, membershipOf } from '../communities/view';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { postSummaryView } from './view';

/** Lists of posts (a community's timeline, my feed, questions, the board) and search. Newest first, keyset cursors. */

export interface PostPage {
  items: PostSummary[];
  nextCursor: string | null;
}

const iso = (t: string | Date | null) => (t == null ? null : new Date(t).toISOString());

async function summaries(tx: Db, actor: CommunityActor, keys: PageKey[]): Promise<PostSummary[]> {
  const rows = await getPostSummaries(tx, { regionId: actor.regionId, viewerId: actor.userId, ids: keys.map((k) => k.id) });
  const people = await personRefs(tx, rows.map((r) => r.authorId));
  return rows.map((r) => postSummaryView(r, people, actor.userId));
}

/** Reads one row more than the page to know whether there is a next one. */
async function page(
  tx: Db, actor: CommunityActor, limit: number, cursor: string | undefined, read: (before: Cursor, limit: number) => Promise<PageKey[]>,
): Promise<PostPage> {
  const keys = await read(decodeCursor(cursor), limit + 1);
  const shown = keys.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: await summaries(tx, actor, shown),
    nextCursor: keys.length > limit && last ? encodeCursor(last.at, last.id) : null,
  };
}

/** A community's posts, newest first (those who may read it). */
export async function communityTimeline(
  tx: Db, actor: CommunityActor, communityId: string, q: z.infer<typeof postListQuery>,
): Promise<PostPage> {
  requireRead(await communityAccess(tx, actor, communityId));
  const tag = q.tag ? q.tag.replace(/^[#＃]/, '').normalize('NFKC').toLowerCase() : undefined;
  const pinned = q.pinned === undefined ? undefined : q.pinned === 'true';
  return page(tx, actor, q.limit, q.cursor, (before, limit) =>
    listTimeline(tx, { regionId: actor.regionId, viewerId: actor.userId, communityId, kind: q.kind, tag, pinned, before, limit }));
}

/** ホーム: posts of my communities, newest first. */
export function homeFeed(tx: Db, actor: CommunityActor, q: z.infer<typeof feedQuery>): Promise<PostPage> {
  return page(tx, actor, q.limit, q.cursor, (before, limit) =>
    listFeed(tx, { regionId: actor.regionId, viewerId: actor.userId, before, limit }));
}

/** 未解決の相談: questions across the communities I read (or one of them). */
export async function questions(tx: Db, actor: CommunityActor, q: z.infer<typeof questionsQuery>): Promise<PostPage> {
  if (q.communityId) requireRead(await communityAccess(tx, actor, q.communityId));
  return page(tx, actor, q.limit, q.cursor, (before, limit) =>
    listQuestions(tx, { regionId: actor.regionId, viewerId: actor.userId, unanswered: q.unanswered === 'true', communityId: q.communityId, before, limit }));
}

/** 工夫・お悩みシェアボード: お悩み共有 and 事例共有 across the communities I read (or one of them). */
export async function board(tx: Db, actor: CommunityActor, q: z.infer<typeof boardQuery>): Promise<PostPage> {
  if (q.communityId) requireRead(await communityAccess(tx, actor, q.communityId));
  const kinds = q.kind ? [q.kind] : (['worry', 'case'] as const);
  return page(tx, actor, q.limit, q.cursor, (before, limit) =>
    listBoard(tx, { regionId: actor.regionId, viewerId: actor.userId, kinds: [...kinds], communityId: q.communityId, before, limit }));
}

function communityCard(r: CommunityCardRow): CommunitySummary {
  return {
    id: r.id, name: r.name, category: r.category, visibility: r.visibility, status: r.status,
    excerpt: descriptionExcerpt(r.description), memberCount: r.memberCount, postCount: r.postCount,
    lastPostAt: iso(r.lastPostAt), towns: r.towns, membership: membershipOf(r),
  };
}

function eventCard(r: EventCardRow): EventSummary {
  return {
    id: r.id, communityId: r.communityId, communityName: r.communityName, title: r.title, kind: r.kind, format: r.format,
    startsAt: iso(r.startsAt)!, endsAt: iso(r.endsAt)!, place: r.place, capacity: r.capacity, registeredCount: r.registeredCount,
    waitlistCount: r.waitlistCount, status: r.status, myStatus: r.myStatus,
    myWaitlistPosition: r.myStatus === 'waitlisted' ? r.myWaitlistPosition : null,
  };
}

/**
 * 検索: communities (name, description), posts (title, text, 課題感, 解決方法, tags) and events
 * (title, description) the reader may see. Japanese is matched by character bigrams (@yui/domain
 * search), so 観光, 育休 and parts of words are found. `#tag` finds posts with exactly that tag.
 */
export async function search(tx: Db, actor: CommunityActor, q: z.infer<typeof searchQuery>): Promise<z.infer<typeof searchResult>> {
  const empty = { communities: [], posts: [], events: [] };
  const want = (t: 'communities' | 'posts' | 'events') => q.type === 'all' || q.type === t;
  const base = { regionId: actor.regionId, viewerId: actor.userId, limit: q.limit };

  const tagged = /^[#＃]/.exec(q.q);
  if (tagged) {
    const tag = q.q.slice(1).trim().normalize('NFKC').toLowerCase();
    if (!tag || !want('posts')) return empty;
    return { ...empty, posts: await summaries(tx, actor, await searchPosts(tx, { ...base, match: { tag } })) };
  }
  const tsquery = toTsqueryLiteral(q.q);
  if (!tsquery) return empty;
  return {
    communities: want('communities') ? (await searchCommunities(tx, { ...base, tsquery })).map(communityCard) : [],
    posts: want('posts') ? await summaries(tx, actor, await searchPosts(tx, { ...base, match: { tsquery } })) : [],
    events: want('events') ? (await searchEvents(tx, { ...base, tsquery })).map(eventCard) : [],
  };
}
