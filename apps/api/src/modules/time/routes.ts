import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  actualsBody, budget, budgetQuery, bulkDecisionBody, bulkDecisionResult, calendar, calendarQuery, decisionBody, delegation,
  delegationCreate, delegationList, errorBody, idParams, inbox, inboxQuery, okBody, reasonBody, timePolicyUpdate, timePolicyView,
  timeRequest, timeRequestCreate, timeRequestDetail, timeRequestListQuery, timeRequestPage, timeRequestUpdate,
} from '@yui/contracts';
import { isActiveAdmin } from '@yui/db/queries/directory';
import { forbidden } from '../../lib/errors';
import { pickLang } from '../../lib/lang';
import {
  cancelRequest, decide, decideMany, editRequest, recordActuals, revoke, submitRequest, withdrawRequest,
} from './actions';
import { createDelegation, getPolicyView, listDelegations, removeDelegation, updatePolicy } from './policy';
import { refusalError, requestTime } from './request-time';
import { listMyRequests, managerInbox, myBudget, myCalendar, requestDetail } from './requests';
import type { TimeActor } from './view';

// 20%ルール: /api/time-policy (the town's rule, deputies) and /api/time-requests (filing, deciding,
// budget). Thin routes: the rules live in the services beside this file and in @yui/domain.

const security = [{ bearerAuth: [] }];
const actor = (req: FastifyRequest): TimeActor => ({ tenantId: req.auth.tid, userId: req.auth.sub, regionId: req.auth.rid });
/** A request that is not the reader's to see answers 404, whether it is another department's or another town's. */
const one = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);

  // ── policy ──
  app.get('/time-policy', {
    schema: {
      tags: ['20% rule: policy'], summary: 'My town\'s 20% rule: the version in force and every earlier one (newest first)', security,
      response: { 200: timePolicyView, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => getPolicyView(tx, req.auth.tid)),
  });

  app.put('/time-policy', {
    // Authorised before the body is validated, and in the database (the token's roles may be minutes old).
    onRequest: async (req) => {
      req.requireRole('municipality_admin');
      if (!(await req.tenant((tx) => isActiveAdmin(tx, { tenantId: req.auth.tid, userId: req.auth.sub })))) throw forbidden();
    },
    schema: {
      tags: ['20% rule: policy'],
      summary: 'Change the rule (自治体管理者): saves a new version',
      description: 'Requests already submitted keep the version they were submitted under; new requests and resubmissions use the new one.',
      security, body: timePolicyUpdate, response: { 200: timePolicyView, 400: errorBody, 401: errorBody, 403: errorBody },
    },
    handler: (req) => req.tenant((tx) => updatePolicy(tx, actor(req), req.body)),
  });

  app.get('/time-policy/delegations', {
    schema: {
      tags: ['20% rule: policy'], summary: 'Deputies (代理承認) not yet ended: the town\'s for an admin, else where I am the manager or the deputy', security,
      response: { 200: delegationList, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => listDelegations(tx, actor(req))),
  });

  app.post('/time-policy/delegations', {
    schema: {
      tags: ['20% rule: policy'],
      summary: 'Name a deputy who decides between two dates (a manager for themself; an admin for any manager via managerId)',
      security, body: delegationCreate, response: { 201: delegation, 400: errorBody, 401: errorBody, 403: errorBody },
    },
    handler: async (req, reply) => reply.code(201).send(await req.tenant((tx) => createDelegation(tx, actor(req), req.body))),
  });

  app.delete('/time-policy/delegations/:id', {
    schema: {
      tags: ['20% rule: policy'], summary: 'End a delegation (the manager\'s own; an admin any of the town\'s)', security,
      params: idParams, response: { 200: okBody, 400: errorBody, 401: errorBody, 404: errorBody },
    },
    handler: async (req) => {
      await req.tenant((tx) => removeDelegation(tx, actor(req), req.params.id));
      return { ok: true as const };
    },
  });

  // ── requests: the requester ──
  app.post('/time-requests', {
    schema: {
      tags: ['20% rule: requests'],
      summary: 'File time (submitted at once unless submit: false)',
      description: 'Refused with 400 naming the field: a date in the past or within the lead days, minutes not positive, above the '
        + 'daily limit or not in 15-minute steps, a date twice, more than is left of the budget (the message says how much is left), '
        + 'or no manager to approve. The same idempotencyKey again answers 200 with the first request.',
      security, body: timeRequestCreate,
      response: { 200: timeRequest, 201: timeRequest, 400: errorBody, 401: errorBody, 404: errorBody },
    },
    handler: async (req, reply) => {
      const b = req.body;
      // A client's key lives in its own namespace: it can never match the key a feature files under
      // (e.g. `help_call:<id>`), which would hand that feature the client's request as its own.
      const idempotencyKey = b.idempotencyKey ? `api:${b.idempotencyKey}` : null;
      const result = await req.tenant((tx) => requestTime(tx, actor(req), {
        activity: b.activityKind, ref: b.ref, days: b.days, purpose: b.purpose, idempotencyKey, submit: b.submit,
      }));
      if (!result.ok) throw refusalError(result.refusal);
      return reply.code(result.created ? 201 : 200).send(result.request);
    },
  });

  app.get('/time-requests', {
    schema: {
      tags: ['20% rule: requests'], summary: 'My requests, newest first (cursor pagination; status filter)', security,
      querystring: timeRequestListQuery, response: { 200: timeRequestPage, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => listMyRequests(tx, actor(req), req.query)),
  });

  app.get('/time-requests/budget', {
    schema: {
      tags: ['20% rule: requests'],
      summary: 'My budget in the period containing date (default: today in Japan): cap, used, pending, remaining',
      security, querystring: budgetQuery, response: { 200: budget, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => myBudget(tx, actor(req), req.query.date)),
  });

  app.get('/time-requests/calendar', {
    schema: {
      tags: ['20% rule: requests'], summary: 'My approved and pending days between from and to (at most 366 days)', security,
      querystring: calendarQuery, response: { 200: calendar, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => myCalendar(tx, actor(req), req.query)),
  });

  // ── requests: the approver ──
  app.get('/time-requests/inbox', {
    schema: {
      tags: ['20% rule: decisions'],
      summary: 'Pending requests I decide: my departments and those below them, and as a deputy today; oldest first, each with the requester\'s budget',
      security, querystring: inboxQuery, response: { 200: inbox, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => managerInbox(tx, actor(req), req.query)),
  });

  app.post('/time-requests/decisions', {
    schema: {
      tags: ['20% rule: decisions'],
      summary: 'Decide many requests the same way; each on its own: the answer lists those decided and those not, with the reason',
      security, body: bulkDecisionBody, response: { 200: bulkDecisionResult, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => decideMany(tx, actor(req), req.body.ids, req.body, pickLang(req.headers['accept-language']))),
  });

  // ── one request ──
  app.get('/time-requests/:id', {
    schema: {
      tags: ['20% rule: requests'], summary: 'One request with its history and the requester\'s budget (its requester, or who decides it)', security,
      params: idParams, response: { 200: timeRequestDetail, 400: errorBody, 401: errorBody, 404: errorBody },
    },
    handler: (req) => req.tenant((tx) => requestDetail(tx, actor(req), req.params.id)),
  });

  app.patch('/time-requests/:id', {
    schema: {
      tags: ['20% rule: requests'], summary: 'Edit a draft or a returned request', security,
      params: idParams, body: timeRequestUpdate, response: { 200: timeRequest, ...one },
    },
    handler: (req) => req.tenant((tx) => editRequest(tx, actor(req), req.params.id, req.body)),
  });

  const steps = [
    ['submit', 'Submit a draft, or resubmit a returned request (judged by the rule in force now)', submitRequest],
    ['withdraw', 'Withdraw my draft, pending or returned request', withdrawRequest],
    ['cancel', 'Cancel my approved time before its first date', cancelRequest],
  ] as const;
  for (const [path, summary, fn] of steps) {
    app.post(`/time-requests/:id/${path}`, {
      schema: { tags: ['20% rule: requests'], summary, security, params: idParams, response: { 200: timeRequest, ...one } },
      handler: (req) => req.tenant((tx) => fn(tx, actor(req), req.params.id)),
    });
  }

  app.post('/time-requests/:id/actuals', {
    schema: {
      tags: ['20% rule: requests'], summary: 'Record actual minutes of days that have come (they replace the plan in the budget; above the approved total is flagged)', security,
      params: idParams, body: actualsBody, response: { 200: timeRequest, ...one },
    },
    handler: (req) => req.tenant((tx) => recordActuals(tx, actor(req), req.params.id, req.body)),
  });

  app.post('/time-requests/:id/decision', {
    schema: {
      tags: ['20% rule: decisions'], summary: 'Approve, decline or return a pending request (a comment is required to decline or return)', security,
      params: idParams, body: decisionBody, response: { 200: timeRequest, ...one },
    },
    handler: (req) => req.tenant((tx) => decide(tx, actor(req), req.params.id, req.body)),
  });

  app.post('/time-requests/:id/revoke', {
    schema: {
      tags: ['20% rule: decisions'], summary: 'Revoke an approval before the first date, with a reason', security,
      params: idParams, body: reasonBody, response: { 200: timeRequest, ...one },
    },
    handler: (req) => req.tenant((tx) => revoke(tx, actor(req), req.params.id, req.body.reason)),
  });
};
export default routes;
