import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  directRequest, directRequestAnswer, directRequestCreate, directRequestList, directRequestListQuery, errorBody, helpParticipation,
  idParams, myTalent, personProfile, skillSuggestions as skillSuggestionsBody, talentPage, talentProfileInput, talentSearchQuery,
} from '@yui/contracts';
import { myTalent as readMyTalent, optOut, personProfile as readProfile, saveMyTalent, searchRegistry, skillSuggestions } from './registry';
import { answerDirect, createDirect, listDirect, readDirect, recordDirect, withdrawDirect } from './requests';
import { registerDirectRequestHook } from './time-hook';
import { talentActor } from './view';

// 人材 (the talent registry), person pages and 人材宛依頼 (direct requests): /api/talent/**.
// Thin routes: schema, auth, one transaction; the rules are in registry.ts and requests.ts (README.md).

const security = [{ bearerAuth: [] }];
const tags = ['talent'];
const requestTags = ['talent: direct requests'];
/** Another region, a request between two other people, no such id: 404, never 403. */
const fail = { 400: errorBody, 401: errorBody, 404: errorBody, 409: errorBody };
const userParams = z.object({ userId: z.uuid() });

const routes: FastifyPluginAsyncZod = async (app) => {
  // The talent's 20% request decides a direct request: the time module calls us in its transaction.
  registerDirectRequestHook();
  app.addHook('onRequest', app.authenticate);
  // Errors name fields in the words of a request (業務名, 依頼内容), not a community's.
  app.addHook('onRoute', (route) => { route.config = { ...route.config, labels: 'talent' }; });

  // ── my entry ──
  app.get('/talent/me', {
    schema: { tags, summary: 'My talent entry (also when opted out: skills are kept), or null', security, response: { 200: myTalent, 401: errorBody } },
    handler: (req) => req.tenant((tx) => readMyTalent(tx, talentActor(req))),
  });

  app.put('/talent/me', {
    schema: {
      tags, summary: 'Opt in to the registry, or update my entry',
      description: 'Skills are normalised (NFKC, one spelling per suggestion, no duplicates ignoring case). notifySkills: '
        + 'skills to hear of new calls for; each must be one of skills (400 notifySkills: not_in_skills).',
      security, body: talentProfileInput, response: { 200: myTalent, ...fail },
    },
    handler: (req) => req.tenant((tx) => saveMyTalent(tx, talentActor(req), req.body)),
  });

  app.delete('/talent/me', {
    schema: {
      tags, summary: 'Opt out: from now on nobody finds me (search, suggestions, call notifications); my skills are kept for coming back',
      security, response: { 200: myTalent, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => optOut(tx, talentActor(req))),
  });

  // ── finding people ──
  app.get('/talent', {
    schema: {
      tags, summary: 'Search the registry: active talent of my region by skill (exact tag, ignoring case), town and words',
      description: 'q: words over name, ふりがな, skills and introduction (every word must match). Newest registrations first; cursor pagination.',
      security, querystring: talentSearchQuery, response: { 200: talentPage, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => searchRegistry(tx, talentActor(req), req.query)),
  });

  app.get('/talent/skills', {
    schema: {
      tags, summary: 'Skill suggestions: the standard list and the skills registered in my region, most common first',
      security, response: { 200: skillSuggestionsBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => skillSuggestions(tx, talentActor(req))),
  });

  // ── direct requests (static paths: the router prefers them to /talent/:userId) ──
  app.get('/talent/requests', {
    schema: {
      tags: requestTags, summary: 'Direct requests: received (asked of me) or sent (asked by me), newest first',
      security, querystring: directRequestListQuery, response: { 200: directRequestList, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => listDirect(tx, talentActor(req), req.query.box)),
  });

  app.get('/talent/requests/:id', {
    schema: {
      tags: requestTags, summary: 'One direct request (its requester and the person asked only; anyone else: 404)',
      security, params: idParams, response: { 200: directRequest, ...fail },
    },
    handler: (req) => req.tenant((tx) => readDirect(tx, talentActor(req), req.params.id)),
  });

  app.post('/talent/requests/:id/answer', {
    schema: {
      tags: requestTags, summary: 'Answer a request asked of me: accept (files my 20% request for the days) or decline',
      description: 'Accepting needs days within the request\'s dates (400 days: days_required, days.N.date: date_outside_work); '
        + 'the 20% rule is checked as for any request (400 with its field errors, nothing written). Already answered: 409.',
      security, params: idParams, body: directRequestAnswer, response: { 200: directRequest, ...fail },
    },
    handler: (req) => req.tenant((tx) => answerDirect(tx, talentActor(req), req.params.id, req.body)),
  });

  app.post('/talent/requests/:id/withdraw', {
    schema: {
      tags: requestTags,
      summary: 'Withdraw: the requester (sent, pending, agreed), or the person asked (withdraws or cancels their own 20% request)',
      security, params: idParams, response: { 200: directRequest, ...fail },
    },
    handler: (req) => req.tenant((tx) => withdrawDirect(tx, talentActor(req), req.params.id)),
  });

  app.post('/talent/requests/:id/participation', {
    schema: {
      tags: requestTags, summary: 'After the work (the requester): minutes taken part and a thank-you shown on their profile',
      description: 'Only an agreed request (400 minutes: not_accepted), once its first day has come (not_yet_started).',
      security, params: idParams, body: helpParticipation, response: { 200: directRequest, ...fail },
    },
    handler: (req) => req.tenant((tx) => recordDirect(tx, talentActor(req), req.params.id, req.body)),
  });

  // ── one person ──
  app.get('/talent/:userId', {
    schema: {
      tags, summary: 'A person\'s page: card, photo, introduction, talent entry (null if not registered or opted out) and help given',
      description: 'Anyone of the region; another region or a person who has left: 404. Help given lists what the reader may see.',
      security, params: userParams, response: { 200: personProfile, 400: errorBody, 401: errorBody, 404: errorBody },
    },
    handler: (req) => req.tenant((tx) => readProfile(tx, talentActor(req), req.params.userId)),
  });

  app.post('/talent/:userId/requests', {
    schema: {
      tags: requestTags, summary: 'Ask one registered person directly (人材宛依頼), for my department or another of my town',
      description: 'The person must be active talent (400 talent: not_talent) and not myself (own_request). 201 when created; '
        + '200 with the first request when the idempotencyKey was used before.',
      security, params: userParams, body: directRequestCreate, response: { 200: directRequest, 201: directRequest, ...fail },
    },
    handler: async (req, reply) => {
      const { created, request } = await req.tenant((tx) => createDirect(tx, talentActor(req), req.params.userId, req.body));
      return reply.code(created ? 201 : 200).send(request);
    },
  });
};
export default routes;
