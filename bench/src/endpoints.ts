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
}

const meOk = (b: any, u: BenchUser) => b?.id === u.id && b.municipality?.id === u.tenantId;
const pageOk = (b: any) => Array.isArray(b?.items) && b.items.length > 0;
const budgetOk = (b: any) => b?.capMinutes > 0 && b.usedMinutes > 0 && b.period?.kind === 'month';
// The people signed in are 課長 with the default sizes (region.ts), so their inbox is a full page; with
// other sizes some are not managers and read an empty inbox, which is still a 200 worth measuring.
const inboxOk = (b: any) => Array.isArray(b?.items) && b.items.every((x: any) => x.status === 'submitted' && x.budget);

export const references: Record<string, Reference> = {
  me: { run: (db, u) => getMe(db, u.tenantId, u.id), context: true, check: meOk },
  notifications: { run: (db, u) => listNotifications(db, { tenantId: u.tenantId, userId: u.id }, { limit: 20 }, 'ja'), context: true, check: pageOk },
  // 20%ルール: the manager's inbox (pending requests of their 課 and its 係, each with the requester's
  // budget, the page's budgets in one query) and "my budget" (one statement).
  timeInbox: { run: (db, u) => managerInbox(db, { tenantId: u.tenantId, userId: u.id }, { limit: 50 }), context: true, check: inboxOk },
  timeBudget: { run: (db, u) => myBudget(db, { tenantId: u.tenantId, userId: u.id }), context: true, check: budgetOk },
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
];
