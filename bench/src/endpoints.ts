// What the benchmark measures. Adding an endpoint is a few lines here:
//
//   1. a reference query in `references` — the same SQL as the product's route, usually by calling the
//      product's own service function, so the two cannot drift apart. The bench's reference server
//      serves it bare (owner pool: no auth, no RLS, no transaction) and, when `context` is set, also
//      through withTenant() — once on the owner pool (RLS bypassed: the context alone) and once on the
//      yui_app pool (context + RLS) — so the tenant context's cost shows up on its own line;
//   2. an entry in `endpoints` naming the product route and its reference.
//
// Every response is checked before the load starts (status 200 and `check`), and a run in which any
// request answers non-2xx fails: a benchmark that measures 401s is worthless.
import type { Db } from '@yui/db';
import { getMe } from '@yui/api/src/modules/me/service';
import { listNotifications } from '@yui/api/src/modules/notifications/service';
import { managerInbox, myBudget } from '@yui/api/src/modules/time/requests';
import { communityTimeline, homeFeed, search } from '@yui/api/src/modules/posts/lists';
import type { CommunityActor } from '@yui/api/src/modules/communities/access';
// (types only: the API's request augmentation (req.auth), which the posts module's access checks read)
import type {} from '@yui/api/src/plugins/app/auth';
import type {} from '@yui/api/src/plugins/external/db';
import { listCallPage } from '@yui/api/src/modules/help-calls/service';
import { searchRegistry } from '@yui/api/src/modules/talent/registry';
import { listProgrammes } from '@yui/api/src/modules/mentoring/programmes';
import { matchingBoard } from '@yui/api/src/modules/mentoring/matching';
import { healthBoard, listMyPairs } from '@yui/api/src/modules/mentoring/pairs';
import { feedQuery, helpCallListQuery, matchingQuery, postListQuery, programmeListQuery, searchQuery, talentSearchQuery } from '@yui/contracts';
import { programmeIdOf } from './mentoring';
import { attractionSizes, BENCH_REGION_SLUG, publishedPostOf } from './attractions';
import type { BenchUser } from './region';

export interface Reference {
  /** Runs the endpoint's query for `user` on `db` (owner pool, or a withTenant transaction). */
  run(db: Db, user: BenchUser): Promise<unknown>;
  /** Also measure it through withTenant (owner pool, then yui_app pool with RLS). */
  context: boolean;
  /** Returns false when a body is not what the query should answer (checked before the load). */
  check?: (body: any, user: BenchUser) => boolean;
}

export interface EndpointSpec {
  /** Shown in the table and the JSON. */
  name: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path, or one per user (for routes that name the user's own things). */
  path: string | ((user: BenchUser) => string);
  body?: (user: BenchUser) => unknown;
  /** Sends the user's access token. */
  auth: boolean;
  /** Key into `references`: the same SQL served bare by the bench. */
  reference?: string;
  /** Returns false when a response body is not what the endpoint should answer. */
  check?: (body: any, user: BenchUser) => boolean;
  /**
   * What must be equal between the product's answer and the reference's for the same user (proof that
   * both run the same query on the same data; the product's body may be shaped by its response schema).
   */
  fingerprint?: (body: any) => unknown;
  /** Only these of the signed-in people make its requests (and its reference's): an admins' route answers the others 403. */
  users?: (user: BenchUser) => boolean;
}

const meOk = (b: any, u: BenchUser) => b?.id === u.id && b.municipality?.id === u.tenantId;
const pageOk = (b: any) => Array.isArray(b?.items) && b.items.length > 0;
const budgetOk = (b: any) => b?.capMinutes > 0 && b.usedMinutes > 0 && b.period?.kind === 'month';
// The people signed in are 課長 with the default sizes (region.ts), so their inbox is a full page; with
// other sizes some are not managers and read an empty inbox, which is still a 200 worth measuring.
const inboxOk = (b: any) => Array.isArray(b?.items) && b.items.every((x: any) => x.status === 'submitted' && x.budget);

// 目的別コミュニティ (region.ts → communities.ts: 1,000,000 posts in 2,000 communities by default, every
// person in ~10 of them). The route handlers parse the query with these schemas; the references parse
// the same query strings, so both run the service with the same defaults (20 posts, 10 search hits).
const actorOf = (u: BenchUser): CommunityActor => ({ tenantId: u.tenantId, regionId: u.regionId, userId: u.id, coordinatorClaim: false });
const postPageOk = (b: any) => Array.isArray(b?.items) && b.items.length > 0 && b.items.every((p: any) => typeof p.id === 'string' && p.communityName);
const timelineOk = (b: any, u: BenchUser) => postPageOk(b) && b.items.every((p: any) => p.communityId === u.communityId);
const SEARCH_WORD = '観光';
const searchOk = (b: any) => Array.isArray(b?.posts) && b.posts.length > 0 && b.communities?.length === 0 && b.events?.length === 0;
const postIds = (b: any) => [b.items.map((p: { id: string }) => p.id), b.nextCursor];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Post search runs in SQL as community_post_search() (SECURITY DEFINER), which takes the reader from
 * the tenant context, so it finds nothing without one. Inside withTenant (the handle has `savepoint`)
 * it runs as is; on the bare owner pool it gets the least it needs: its own transaction with the
 * context set (so its "bare" line includes BEGIN, one set_config statement and COMMIT).
 */
function withReader<T>(db: Db, u: BenchUser, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (typeof (db as { $client?: { savepoint?: unknown } }).$client?.savepoint === 'function') return fn(db);
  if (![u.tenantId, u.regionId, u.id].every((id) => UUID.test(id))) throw new Error(`not a uuid in ${JSON.stringify(u)}`);
  return db.transaction(async (tx) => {
    await tx.execute(`select set_config('app.tenant_id', '${u.tenantId}', true), set_config('app.region_id', '${u.regionId}', true), ` +
      `set_config('app.user_id', '${u.id}', true)`);
    return fn(tx as unknown as Db);
  });
}

// 職場応援 (region.ts → help.ts: 5,000 calls, 2,000 talent by default). The list of open calls with a
// skill filter (the たすけあい+ front page with a chip chosen), the same with a keyword, and the talent
// search by skill. Query strings parsed with the routes' own schemas. Department names and people's
// cards come through region_department() / region_people(), which read the region from the context,
// so the bare references run inside withReader (like search).
const HELP_SKILL = '写真撮影';
const HELP_WORD = '観光';
const helpActor = (u: BenchUser) => ({ tenantId: u.tenantId, regionId: u.regionId, userId: u.id });
const callPageOk = (b: any) => Array.isArray(b?.items) && b.items.length > 0 && b.items.every((c: any) => c.status === 'open');
const callIds = (b: any) => [b.items.map((c: { id: string }) => c.id), b.nextCursor];
const talentOk = (b: any) => Array.isArray(b?.items) && b.items.length > 0 && b.items.every((t: any) => t.skills.includes(HELP_SKILL));
const talentIds = (b: any) => [b.items.map((t: { person: { id: string } }) => t.person.id), b.nextCursor];
const helpCallsBySkill = `status=open&skill=${encodeURIComponent(HELP_SKILL)}&limit=20`;
const helpCallsByWord = `status=open&q=${encodeURIComponent(HELP_WORD)}&limit=20`;
const talentBySkill = `skill=${encodeURIComponent(HELP_SKILL)}&limit=20`;
const parseQs = (qs: string) => Object.fromEntries(new URLSearchParams(qs));

// 職員サポート制度 (region.ts → mentoring.ts: per town a 新採用職員 programme with 40 mentors, 60 mentees, 40
// pairs with sessions, 20 mentees unmatched; one cross-town programme). "My pairs" for everyone (the people
// signed in with the default sizes are mentors, and mentees across towns); the matching board (20 unmatched
// mentees × 40 mentors scored, 5 suggestions each) and the health board (every pair of the programme) for
// the town's 自治体管理者, s1 (region.ts), on their own town's programme. Programme visibility and who runs
// it are read from the context (yui_admin_mentoring_programmes()), so the bare references run in withReader.
const isTownAdmin = (u: BenchUser) => u.email.startsWith('s1@');
const mentoringActorOf = helpActor;
const programmesOk = (b: any) => Array.isArray(b?.items) && b.items.length > 0;
const pairsOk = (b: any) => Array.isArray(b?.items) && b.items.every((p: any) => typeof p.id === 'string' && p.health);
const boardOk = (b: any) => Array.isArray(b?.items) && b.items.length > 0 && b.items.every((m: any) => Array.isArray(m.suggestions) && m.suggestions.length > 0);
const healthOk = (b: any) => Array.isArray(b?.items) && b.items.length > 0 && typeof b.counts?.good === 'number';
const matchingLimit = matchingQuery.parse({}).limit;

// 地域の魅力 (region.ts → attractions.ts: 100 posts per town, nine in ten published, each with a photo,
// tags, view counts; every sixth an event). The public pages need no sign-in: the region page (first
// page of published posts with their covers, towns, collections, feed links), one post (each signed-in
// person reads another published post of their town; the API counts the view), the four feeds, and for
// staff the region's shared pool. No references yet: the public routes read the region by its slug with
// an empty tenant (RLS shows published posts only), which the reference server has no pair for.
const PUBLIC = `/api/attractions/public/${BENCH_REGION_SLUG}`;
const perTown = attractionSizes().perTown;
const postOf = (u: BenchUser) => publishedPostOf(u.tenantId, u.id, perTown);
const regionPageOk = (b: any) => b?.region?.slug === BENCH_REGION_SLUG && Array.isArray(b.items) && b.items.length > 0
  && b.items.every((p: any) => typeof p.id === 'string' && p.cover);
const publicPostOk = (b: any, u: BenchUser) => b?.id === postOf(u) && typeof b.body === 'string' && Array.isArray(b.photos);
const textOk = (marker: string) => (b: any) => typeof b === 'string' && b.includes(marker);
const jsonFeedOk = (b: any) => typeof b?.version === 'string' && b.version.includes('jsonfeed.org') && Array.isArray(b.items) && b.items.length > 0;
const poolOk = (b: any) => Array.isArray(b?.items) && b.items.length > 0
  && b.items.every((p: any) => ['approved', 'scheduled', 'published', 'unpublished'].includes(p.status));

export const references: Record<string, Reference> = {
  me: { run: (db, u) => getMe(db, u.tenantId, u.id), context: true, check: meOk },
  notifications: { run: (db, u) => listNotifications(db, { tenantId: u.tenantId, userId: u.id }, { limit: 20 }, 'ja'), context: true, check: pageOk },
  // 20%ルール: the manager's inbox (pending requests of their 課 and its 係, each with the requester's
  // budget, the page's budgets in one query) and "my budget" (one statement).
  timeInbox: { run: (db, u) => managerInbox(db, { tenantId: u.tenantId, userId: u.id }, { limit: 50 }), context: true, check: inboxOk },
  timeBudget: { run: (db, u) => myBudget(db, { tenantId: u.tenantId, userId: u.id }), context: true, check: budgetOk },
  // ホーム: the first page of the posts of my ~10 communities (a top-N per community, merged).
  feed: { run: (db, u) => homeFeed(db, actorOf(u), feedQuery.parse({ limit: '20' })), context: true, check: postPageOk },
  // One community's timeline, first page (access check, then its timeline index).
  timeline: {
    run: (db, u) => communityTimeline(db, actorOf(u), u.communityId, postListQuery.parse({ limit: '20' })),
    context: true, check: timelineOk,
  },
  // 検索: posts with 観光 (a two-character word: one bigram of the search index), newest first.
  search: {
    run: (db, u) => withReader(db, u, (tx) => search(tx, actorOf(u), searchQuery.parse({ q: SEARCH_WORD, type: 'posts' }))),
    context: true, check: searchOk,
  },
  helpCallsSkill: {
    run: (db, u) => withReader(db, u, (tx) => listCallPage(tx, helpActor(u), helpCallListQuery.parse(parseQs(helpCallsBySkill)))), context: true, check: callPageOk,
  },
  helpCallsWord: {
    run: (db, u) => withReader(db, u, (tx) => listCallPage(tx, helpActor(u), helpCallListQuery.parse(parseQs(helpCallsByWord)))), context: true, check: callPageOk,
  },
  talentSkill: {
    run: (db, u) => withReader(db, u, (tx) => searchRegistry(tx, helpActor(u), talentSearchQuery.parse(parseQs(talentBySkill)))), context: true, check: talentOk,
  },
  mentoringProgrammes: {
    run: (db, u) => withReader(db, u, (tx) => listProgrammes(tx, mentoringActorOf(u), programmeListQuery.parse({}))), context: true, check: programmesOk,
  },
  mentoringPairs: { run: (db, u) => withReader(db, u, (tx) => listMyPairs(tx, mentoringActorOf(u))), context: true, check: pairsOk },
  mentoringMatching: {
    run: (db, u) => withReader(db, u, (tx) => matchingBoard(tx, mentoringActorOf(u), programmeIdOf(u.tenantId), matchingLimit)), context: true, check: boardOk,
  },
  mentoringHealth: { run: (db, u) => withReader(db, u, (tx) => healthBoard(tx, mentoringActorOf(u), programmeIdOf(u.tenantId))), context: true, check: healthOk },
};

export const endpoints: EndpointSpec[] = [
  {
    name: 'GET /api/me', path: '/api/me', auth: true, reference: 'me', check: meOk,
    fingerprint: (b) => [b.id, b.department?.path, b.roles?.length, b.unreadNotifications],
  },
  {
    name: 'GET /api/notifications', path: '/api/notifications?limit=20', auth: true, reference: 'notifications', check: pageOk,
    fingerprint: (b) => [b.items.map((n: { id: string }) => n.id), b.nextCursor],
  },
  {
    name: 'GET /api/time-requests/inbox', path: '/api/time-requests/inbox?limit=50', auth: true, reference: 'timeInbox', check: inboxOk,
    fingerprint: (b) => [b.items.map((x: { id: string; budget: { usedMinutes: number } }) => [x.id, x.budget.usedMinutes]), b.nextCursor],
  },
  {
    name: 'GET /api/time-requests/budget', path: '/api/time-requests/budget', auth: true, reference: 'timeBudget', check: budgetOk,
    fingerprint: (b) => [b.period, b.capMinutes, b.usedMinutes, b.pendingMinutes, b.remainingMinutes],
  },
  { name: 'GET /api/feed', path: '/api/feed?limit=20', auth: true, reference: 'feed', check: postPageOk, fingerprint: postIds },
  {
    name: 'GET /api/communities/:id/posts', path: (u) => `/api/communities/${u.communityId}/posts?limit=20`, auth: true,
    reference: 'timeline', check: timelineOk, fingerprint: postIds,
  },
  {
    name: 'GET /api/search?q=観光&type=posts', path: `/api/search?q=${encodeURIComponent(SEARCH_WORD)}&type=posts`, auth: true,
    reference: 'search', check: searchOk, fingerprint: (b) => b.posts.map((p: { id: string }) => p.id),
  },
  {
    name: 'GET /api/help-calls?status=open&skill=写真撮影', path: `/api/help-calls?${helpCallsBySkill}`, auth: true,
    reference: 'helpCallsSkill', check: callPageOk, fingerprint: callIds,
  },
  {
    name: 'GET /api/help-calls?status=open&q=観光', path: `/api/help-calls?${helpCallsByWord}`, auth: true,
    reference: 'helpCallsWord', check: callPageOk, fingerprint: callIds,
  },
  {
    name: 'GET /api/talent?skill=写真撮影', path: `/api/talent?${talentBySkill}`, auth: true,
    reference: 'talentSkill', check: talentOk, fingerprint: talentIds,
  },
  {
    name: 'GET /api/mentoring/programmes', path: '/api/mentoring/programmes', auth: true, reference: 'mentoringProgrammes', check: programmesOk,
    fingerprint: (b) => b.items.map((p: { id: string }) => p.id),
  },
  {
    name: 'GET /api/mentoring/mentorships', path: '/api/mentoring/mentorships', auth: true, reference: 'mentoringPairs', check: pairsOk,
    fingerprint: (b) => b.items.map((p: { id: string; health: string }) => [p.id, p.health]),
  },
  {
    name: 'GET /api/mentoring/programmes/:id/matching', path: (u) => `/api/mentoring/programmes/${programmeIdOf(u.tenantId)}/matching`, auth: true,
    reference: 'mentoringMatching', check: boardOk, users: isTownAdmin,
    fingerprint: (b) => b.items.map((m: { mentee: { id: string }; suggestions: Array<{ mentor: { id: string }; score: number }> }) =>
      [m.mentee.id, m.suggestions.map((x) => [x.mentor.id, x.score])]),
  },
  {
    name: 'GET /api/mentoring/programmes/:id/health', path: (u) => `/api/mentoring/programmes/${programmeIdOf(u.tenantId)}/health`, auth: true,
    reference: 'mentoringHealth', check: healthOk, users: isTownAdmin,
    fingerprint: (b) => [b.counts, b.items.map((p: { id: string }) => p.id)],
  },
  { name: 'GET /api/attractions/public/:region', path: PUBLIC, auth: false, check: regionPageOk },
  { name: 'GET /api/attractions/public/:region/posts/:id', path: (u) => `${PUBLIC}/posts/${postOf(u)}`, auth: false, check: publicPostOk },
  { name: 'GET /api/attractions/public/:region/feed.rss', path: `${PUBLIC}/feed.rss`, auth: false, check: textOk('<rss') },
  { name: 'GET /api/attractions/public/:region/feed.atom', path: `${PUBLIC}/feed.atom`, auth: false, check: textOk('<feed') },
  { name: 'GET /api/attractions/public/:region/feed.json', path: `${PUBLIC}/feed.json`, auth: false, check: jsonFeedOk },
  { name: 'GET /api/attractions/public/:region/events.ics', path: `${PUBLIC}/events.ics`, auth: false, check: textOk('BEGIN:VCALENDAR') },
  { name: 'GET /api/attractions?view=pool', path: '/api/attractions?view=pool', auth: true, check: poolOk },
];
