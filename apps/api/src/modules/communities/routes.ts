import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  community, communityCreate, communityFigures, communityFiguresQuery, communityListQuery, communitySummary, communityUpdate,
  errorBody, idParams, inviteBody, joinBody, managersUpdate, member, memberList, memberListQuery, membershipResult, notifyBody,
  okBody, page, peopleList, peopleQuery,
  regionTowns,
} from '@yui/contracts';
import { getRegionTowns } from '@yui/db/queries/region-people';
import { attachment } from '../../lib/download';
import { pickLang } from '../../lib/lang';
import { communityActor } from './access';
import { buildFigures, figuresCsv, figuresFileName } from './figures';
import { approve, decline, findPeople, invite, join, leave, memberPage, removeMember, setNotify } from './members';
import { createCommunity, editCommunity, listDirectory, readCommunity, replaceManagers, setArchived } from './service';

// 目的別コミュニティ: /api/communities (the directory, one community, membership), /api/communities/people
// (finding people of the region) and /api/community-reports (coordinators' figures). Thin routes:
// the rules live in service.ts, members.ts and figures.ts, and in access.ts (see README.md).

const security = [{ bearerAuth: [] }];
const tags = ['communities'];
const memberTags = ['communities: members'];
/** Invisible (another region, invite-only and not a member, no such id) is 404, never 403. */
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const memberParams = z.object({ id: z.uuid(), userId: z.uuid() });

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);

  // ── the directory ──
  app.get('/communities', {
    schema: {
      tags, summary: 'The region\'s directory of communities (filter by purpose, town, activity; cursor pagination)',
      description: 'Invite-only communities appear only to their members. municipalityId: communities with active members '
        + 'from that town; activity=active: a post in the last 30 days (quiet: none); mine=true: where I am an active member; '
        + 'archived ones only with includeArchived=true. sort: activity (latest post, else creation; default), members, name, newest.',
      security, querystring: communityListQuery, response: { 200: page(communitySummary), 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => listDirectory(tx, communityActor(req), req.query)),
  });

  app.post('/communities', {
    schema: {
      tags, summary: 'Create a community (regional coordinators): the managers named become its first members',
      description: 'A name already used in the region (ignoring case) is 409 name: duplicate; a manager who is not active '
        + 'staff of the region is 400 managerIds: not_in_region.',
      security, body: communityCreate, response: { 201: community, ...fail },
    },
    handler: async (req, reply) => reply.code(201).send(await req.tenant((tx) => createCommunity(tx, communityActor(req), req.body))),
  });

  // A static path: the router prefers it to /communities/:id whatever the order.
  app.get('/communities/people', {
    schema: {
      tags: memberTags, summary: 'Find active people of the region by name, ふりがな or e-mail local part (inviting, choosing managers)',
      security, querystring: peopleQuery, response: { 200: peopleList, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => findPeople(tx, req.query.q, req.query.limit)),
  });

  app.get('/communities/towns', {
    schema: {
      tags, summary: 'The towns of my region, by 団体コード (for the directory\'s town filter)',
      security, response: { 200: regionTowns, 401: errorBody },
    },
    handler: async (req) => ({ items: await req.tenant((tx) => getRegionTowns(tx, req.auth.rid)) }),
  });

  // ── one community ──
  app.get('/communities/:id', {
    schema: {
      tags, summary: 'One community: description, managers, my membership and what I may do',
      description: 'pendingCount and openReportCount are counted for the community\'s managers only (0 for anyone else).',
      security, params: idParams, response: { 200: community, ...fail },
    },
    handler: (req) => req.tenant((tx) => readCommunity(tx, communityActor(req), req.params.id)),
  });

  app.patch('/communities/:id', {
    schema: {
      tags, summary: 'Edit name, purpose, description or visibility (regional coordinators; not while archived)',
      security, params: idParams, body: communityUpdate, response: { 200: community, ...fail },
    },
    handler: (req) => req.tenant((tx) => editCommunity(tx, communityActor(req), req.params.id, req.body)),
  });

  for (const [path, archived, summary] of [
    ['archive', true, 'Archive (read-only for everyone; regional coordinators)'],
    ['unarchive', false, 'Bring an archived community back (regional coordinators)'],
  ] as const) {
    app.post(`/communities/:id/${path}`, {
      schema: { tags, summary, security, params: idParams, response: { 200: community, ...fail } },
      handler: (req) => req.tenant((tx) => setArchived(tx, communityActor(req), req.params.id, archived)),
    });
  }

  app.put('/communities/:id/managers', {
    schema: {
      tags, summary: 'Set the managers (regional coordinators): those listed manage, other managers stay as members',
      security, params: idParams, body: managersUpdate, response: { 200: community, ...fail },
    },
    handler: (req) => req.tenant((tx) => replaceManagers(tx, communityActor(req), req.params.id, req.body.userIds)),
  });

  // ── membership ──
  app.post('/communities/:id/join', {
    schema: {
      tags: memberTags,
      summary: 'Join: open → a member at once; approval → a request to the managers; accepts an invitation',
      description: '201 when a membership or request was added; 200 when nothing changed (already a member, already asked) '
        + 'or an invitation was accepted. Invite-only without an invitation: 404.',
      security, params: idParams, body: joinBody, response: { 200: membershipResult, 201: membershipResult, ...fail },
    },
    handler: async (req, reply) => {
      const { created, membership } = await req.tenant((tx) => join(tx, communityActor(req), req.params.id, req.body.message));
      return reply.code(created ? 201 : 200).send({ membership });
    },
  });

  app.post('/communities/:id/leave', {
    schema: {
      tags: memberTags, summary: 'Leave, withdraw my request or turn down an invitation (the last manager cannot: 409 last_manager)',
      security, params: idParams, response: { 200: membershipResult, ...fail },
    },
    handler: (req) => req.tenant((tx) => leave(tx, communityActor(req), req.params.id)),
  });

  app.put('/communities/:id/notify', {
    schema: {
      tags: memberTags, summary: 'My notifications from this community: all, a daily digest, or none',
      security, params: idParams, body: notifyBody, response: { 200: membershipResult, ...fail },
    },
    handler: (req) => req.tenant((tx) => setNotify(tx, communityActor(req), req.params.id, req.body.notify)),
  });

  app.get('/communities/:id/members', {
    schema: {
      tags: memberTags, summary: 'Members with their town and department, oldest first, and how many per town',
      description: 'status=active (default) for whoever may read the community; pending (requests) and invited: managers only.',
      security, params: idParams, querystring: memberListQuery, response: { 200: memberList, ...fail },
    },
    handler: (req) => req.tenant((tx) => memberPage(tx, communityActor(req), req.params.id, req.query)),
  });

  app.post('/communities/:id/members/:userId/approve', {
    schema: {
      tags: memberTags, summary: 'Approve a request to join (managers)', security,
      params: memberParams, response: { 200: member, ...fail },
    },
    handler: (req) => req.tenant((tx) => approve(tx, communityActor(req), req.params.id, req.params.userId)),
  });

  app.post('/communities/:id/members/:userId/decline', {
    schema: {
      tags: memberTags, summary: 'Decline a request to join (managers)', security,
      params: memberParams, response: { 200: okBody, ...fail },
    },
    handler: async (req) => {
      await req.tenant((tx) => decline(tx, communityActor(req), req.params.id, req.params.userId));
      return { ok: true as const };
    },
  });

  app.delete('/communities/:id/members/:userId', {
    schema: {
      tags: memberTags, summary: 'Remove a member or withdraw an invitation (managers; never the last manager)', security,
      params: memberParams, response: { 200: okBody, ...fail },
    },
    handler: async (req) => {
      await req.tenant((tx) => removeMember(tx, communityActor(req), req.params.id, req.params.userId));
      return { ok: true as const };
    },
  });

  app.post('/communities/:id/invitations', {
    schema: {
      tags: memberTags,
      summary: 'Invite people of the region (managers): they are told and may join; a pending request is approved',
      description: 'Anyone not active staff of the region: 400 userIds: not_in_region, and nobody is invited.',
      security, params: idParams, body: inviteBody, response: { 200: okBody, ...fail },
    },
    handler: async (req) => {
      await req.tenant((tx) => invite(tx, communityActor(req), req.params.id, req.body.userIds));
      return { ok: true as const };
    },
  });

  // ── figures ──
  const figuresDescription = 'For the 年度 (April–March, Japan time), over the region\'s communities the coordinator sees '
    + '(or one of them): active members per town (distinct people, now); per month: posts (not deleted), questions, '
    + 'answered (solved) and the median hours from question to solution, by the month asked; events (not cancelled) by the '
    + 'month they start, their registrations and attendance. Regional coordinators only (403 otherwise).';

  app.get('/community-reports', {
    schema: {
      tags: ['communities: figures'], summary: 'Figures per 年度 and month for regional coordinators',
      description: figuresDescription, security, querystring: communityFiguresQuery, response: { 200: communityFigures, ...fail },
    },
    handler: async (req, reply) => {
      const figures = await req.tenant((tx) => buildFigures(tx, communityActor(req), req.query));
      return reply.header('cache-control', 'private, no-store').send(figures);
    },
  });

  app.get('/community-reports.csv', {
    schema: {
      tags: ['communities: figures'],
      summary: 'The same figures as CSV for Excel (UTF-8 with BOM, CRLF): months April to March, totals, members per town',
      description: 'Header row in Japanese (English with Accept-Language: en). File name e.g. コミュニティ集計_2026年度.csv. '
        + figuresDescription,
      security, querystring: communityFiguresQuery,
      response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: z.string() } } }, ...fail },
    },
    handler: async (req, reply) => {
      const lang = pickLang(req.headers['accept-language']);
      const figures = await req.tenant((tx) => buildFigures(tx, communityActor(req), req.query));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachment(figuresFileName(figures, lang)))
        .header('cache-control', 'private, no-store')
        .header('vary', 'accept-language')
        .send(figuresCsv(figures, lang));
    },
  });
};
export default routes;
