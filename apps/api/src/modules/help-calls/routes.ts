import { z } from 'zod';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorBody, helpApplication, helpApplicationDecision, helpApplicationList, helpApply, helpCall, helpCallCancel, helpCallCreate,
  helpCallListQuery, helpCallPage, helpCallUpdate, helpParticipation, idParams, myHelpApplicationList, talentSuggestionList,
} from '@yui/contracts';
import { apply, callOfApplicationFor, decide, listApplications, myApplications, participation, withdraw } from './applications';
import { cancelCall, closeCall, createCall, finishCall, listCallPage, readCall, suggestTalent, updateCall, type HelpActor } from './service';
// Registers the time-rule hook for applications ('help_application') when the module loads.
import './hooks';

// 職場応援 — calls for help and applications: /api/help-calls… Thin routes: the rules live in
// service.ts and applications.ts beside this file (see README.md). The figures
// (/api/help-calls/reports…) are the help-reports module's.

const security = [{ bearerAuth: [] }];
const tags = ['help calls'];
/** A call the reader may not see (another region, another town's town-only call) answers 404. */
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const appParams = z.object({ id: z.uuid(), appId: z.uuid() });

const actorOf = (req: { auth: { tid: string; rid: string; sub: string } }): HelpActor => ({
  tenantId: req.auth.tid, regionId: req.auth.rid, userId: req.auth.sub,
});

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  // Errors name fields in the words of a call (募集名, 業務カテゴリ), not a community's.
  app.addHook('onRoute', (route) => { route.config = { ...route.config, labels: 'help' }; });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/help-calls', {
    schema: {
      tags, security,
      summary: 'Calls for help of the region (and of my own town only), newest first; filters, keyword search, mine=posted|applied',
      querystring: helpCallListQuery, response: { 200: helpCallPage, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => listCallPage(tx, actorOf(req), req.query)),
  });

  r.post('/help-calls', {
    schema: {
      tags, security,
      summary: 'Post a call for help (any staff) for my department or another of my town; talent whose notify skills match are told',
      description: '400 naming the field: departmentId unknown_department, contactId not_in_town, deadline date_in_past / '
        + 'before_published / deadline_after_work, workEnd before_start. The same idempotencyKey again answers 200 with the first call.',
      body: helpCallCreate, response: { 200: helpCall, 201: helpCall, ...fail },
    },
    handler: async (req, reply) => {
      const { created, call } = await req.tenant((tx) => createCall(tx, actorOf(req), req.body));
      return reply.code(created ? 201 : 200).send(call);
    },
  });

  r.get('/help-calls/applications/:appId', {
    schema: {
      tags, security,
      summary: 'Which call an application belongs to (the 20% screens link a request filed for an application to its call)',
      description: 'Anyone who may see the call (its region; a town-only call: its town); 404 otherwise.',
      params: z.object({ appId: z.uuid() }),
      response: { 200: z.object({ callId: z.uuid() }), 401: errorBody, 404: errorBody },
    },
    handler: (req) => req.tenant((tx) => callOfApplicationFor(tx, actorOf(req), req.params.appId)),
  });

  r.get('/help-calls/my-applications', {
    schema: {
      tags, security, summary: 'My applications with their calls and my 20% request status, newest first',
      response: { 200: myHelpApplicationList, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => myApplications(tx, actorOf(req))),
  });

  r.get('/help-calls/:id', {
    schema: {
      tags, security, summary: 'One call: every field, my application, what I may do (apply / withdraw / manage)',
      params: idParams, response: { 200: helpCall, ...fail },
    },
    handler: (req) => req.tenant((tx) => readCall(tx, actorOf(req), req.params.id)),
  });

  r.patch('/help-calls/:id', {
    schema: {
      tags, security,
      summary: 'Edit a call (its managers) while open or closed',
      description: 'Fields left out stay. headcount below the people accepted: headcount_below_accepted; reach town after people '
        + 'of other towns applied: reach_narrowing. Widening to the region tells matching talent of the other towns.',
      params: idParams, body: helpCallUpdate, response: { 200: helpCall, ...fail },
    },
    handler: (req) => req.tenant((tx) => updateCall(tx, actorOf(req), req.params.id, req.body)),
  });

  r.post('/help-calls/:id/close', {
    schema: { tags, security, summary: '締切: stop taking applications now (managers; open calls)', params: idParams, response: { 200: helpCall, ...fail } },
    handler: (req) => req.tenant((tx) => closeCall(tx, actorOf(req), req.params.id)),
  });

  r.post('/help-calls/:id/finish', {
    schema: { tags, security, summary: '終了: the work is done (managers; open or closed calls)', params: idParams, response: { 200: helpCall, ...fail } },
    handler: (req) => req.tenant((tx) => finishCall(tx, actorOf(req), req.params.id)),
  });

  r.post('/help-calls/:id/cancel', {
    schema: {
      tags, security, summary: '中止 with a reason (managers); live applications are cancelled and their applicants told',
      params: idParams, body: helpCallCancel, response: { 200: helpCall, ...fail },
    },
    handler: (req) => req.tenant((tx) => cancelCall(tx, actorOf(req), req.params.id, req.body.reason)),
  });

  r.get('/help-calls/:id/suggestions', {
    schema: {
      tags, security, summary: 'Registered talent whose skills match the call, best first (managers)',
      params: idParams, response: { 200: talentSuggestionList, ...fail },
    },
    handler: (req) => req.tenant((tx) => suggestTalent(tx, actorOf(req), req.params.id)),
  });

  r.get('/help-calls/:id/applications', {
    schema: {
      tags, security, summary: 'Applications of a call with their statuses, and the count per status (managers)',
      params: idParams, response: { 200: helpApplicationList, ...fail },
    },
    handler: (req) => req.tenant((tx) => listApplications(tx, actorOf(req), req.params.id)),
  });

  r.post('/help-calls/:id/applications', {
    schema: {
      tags, security,
      summary: 'Apply: the application and my 20% request for the chosen days, in one step',
      description: '201 when applied now, 200 when I already have a live application (a double submit files nothing twice). '
        + '400 application: call_not_open / deadline_passed / call_full / own_call; days.N.date: date_outside_work; a refused '
        + 'time request (over budget, too late, no approver) answers 400 naming the field as POST /api/time-requests does, and '
        + 'nothing is written. 409 application: already_applied after the poster declined.',
      params: idParams, body: helpApply, response: { 200: helpCall, 201: helpCall, ...fail },
    },
    handler: async (req, reply) => {
      const { created, call } = await req.tenant((tx) => apply(tx, actorOf(req), req.params.id, req.body));
      return reply.code(created ? 201 : 200).send(call);
    },
  });

  r.post('/help-calls/:id/applications/:appId/withdraw', {
    schema: {
      tags, security,
      summary: 'Withdraw my application; my 20% request is withdrawn (pending) or cancelled (approved, before its first day)',
      params: appParams, response: { 200: helpCall, ...fail },
    },
    handler: (req) => req.tenant((tx) => withdraw(tx, actorOf(req), req.params.id, req.params.appId)),
  });

  r.post('/help-calls/:id/applications/:appId/decision', {
    schema: {
      tags, security,
      summary: 'Accept or decline an application whose time is approved (managers); never more accepted than headcount',
      description: '400 application: not_applied_yet while the applicant\'s manager has not approved; 409 application: call_full.',
      params: appParams, body: helpApplicationDecision, response: { 200: helpApplication, ...fail },
    },
    handler: (req) => req.tenant((tx) => decide(tx, actorOf(req), req.params.id, req.params.appId, req.body)),
  });

  r.post('/help-calls/:id/applications/:appId/participation', {
    schema: {
      tags, security,
      summary: 'After the work: minutes taken part and a thank-you (managers; accepted people, once the work has begun)',
      params: appParams, body: helpParticipation, response: { 200: helpApplication, ...fail },
    },
    handler: (req) => req.tenant((tx) => participation(tx, actorOf(req), req.params.id, req.params.appId, req.body)),
  });
};
export default routes;
