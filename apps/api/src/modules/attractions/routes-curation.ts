import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  attraction, attractionChannel, attractionFigures, attractionFiguresQuery, channelCreate, channelList, channelUpdate,
  channelWithSecret, collection, collectionInput, collectionList, collectionUpdate, errorBody, idParams, okBody, publicationLog,
  publicationStatus, scheduleInput, socialPreview, unpublishInput,
} from '@yui/contracts';
import { attachment } from '../../lib/download';
import { pickLang } from '../../lib/lang';
import { attractionActor as actorOf } from './access';
import { createRelay, listPublicationLog, listRelays, rotateRelaySecret, updateRelay } from './channels';
import { createCollection, editCollection, listCollectionSummaries, readCollection, removeCollection } from './collections';
import { buildFigures } from './figures';
import { figuresCsv, figuresFileName } from './figures-csv';
import type { AttractionOptions } from './routes';
import { previewSocial, schedulePost, unpublishPost, unschedulePost } from './schedule';

// Curation of the region's pool: scheduling, taking down, social-media previews, relays (channels),
// collections (特集), the publication log and the figures: /api/attractions/**. Thin: the rules are in
// schedule.ts, channels.ts, collections.ts and figures.ts (README.md). A post, relay or collection the
// reader may not see (another region's, another town's post outside the pool) is 404; one they see but
// may not change is 403 (`role: not_coordinator`, `role: not_unpublisher`).

const security = [{ bearerAuth: [] }];
const tags = ['attractions: curation'];
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

const publicationQuery = z.object({
  status: publicationStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const routes: FastifyPluginAsyncZod<AttractionOptions> = async (app, opts) => {
  const o = { publicUrl: opts.publicUrl };

  // ── scheduling ──
  app.post('/attractions/:id/schedule', {
    schema: {
      tags, security, summary: 'Schedule (or reschedule) a pooled post: when, to which relays, with which text per relay (coordinators)',
      description: 'A post in the pool (approved, scheduled, or unpublished to go out again); 409 `status: not_in_pool` otherwise, '
        + '`status: already_published` for a published one (take it down first). publishAt from 5 minutes ago ("now") to a year '
        + 'ahead (400 `publish_in_past` / `publish_too_far`); channelIds: active relays of the region (`unknown_channel`, '
        + '`channel_inactive`); socialTexts[channelId]: the text for that relay (kept for the chosen relays; empty = the composed '
        + 'default), within its limit counted its way (`socialTexts: over_char_limit` naming the relay, the count and the limit). '
        + 'Bumps the schedule seq and emits attraction.scheduled (the worker publishes at publishAt; the author is told). The same '
        + 'schedule again changes nothing. 403 `role: not_coordinator` for staff who see the post.',
      params: idParams, body: scheduleInput, response: { 200: attraction, ...fail },
    },
    handler: (req) => req.tenant((tx) => schedulePost(tx, actorOf(req), req.params.id, req.body, o)),
  });

  app.delete('/attractions/:id/schedule', {
    schema: {
      tags, security, summary: 'Take a schedule back: the post returns to the pool (approved) and its queued publishing does nothing (coordinators)',
      description: 'An approved post answers as it is (a double submit); 409 `status: not_scheduled` for any other status.',
      params: idParams, response: { 200: attraction, ...fail },
    },
    handler: (req) => req.tenant((tx) => unschedulePost(tx, actorOf(req), req.params.id, o)),
  });

  app.post('/attractions/:id/unpublish', {
    schema: {
      tags, security, summary: 'Take a published or scheduled post down (coordinators, and the reviewers of the post\'s own town)',
      description: 'The public page and feeds drop it at once; attraction.unpublished makes the worker tell the relays it went to, '
        + 'and the author is told with the reason. An unpublished post answers as it is; 409 `status: not_published` for others; '
        + '403 `role: not_unpublisher` for other staff who see it.',
      // No body at all is fine: no reason given.
      params: idParams, body: unpublishInput.nullish(), response: { 200: attraction, ...fail },
    },
    handler: (req) => req.tenant((tx) => unpublishPost(tx, actorOf(req), req.params.id, { reason: req.body?.reason ?? '' }, o)),
  });

  app.get('/attractions/:id/social-preview', {
    schema: {
      tags, security, summary: 'Writing for social media: per active relay, the text it would get, its count and limit (coordinators)',
      description: 'The text is the post\'s own for the relay (socialTexts), else composed from title【town】, an excerpt, #tags and '
        + 'the public address, cut with 「…」 to fit. X counts weighted (Japanese 2, a link 23); others count characters.',
      params: idParams, response: { 200: socialPreview, ...fail },
    },
    handler: (req) => req.tenant((tx) => previewSocial(tx, actorOf(req), req.params.id, o)),
  });

  // ── relays (channels) ──
  app.get('/attractions/channels', {
    schema: {
      tags, security, summary: 'The region\'s social-media relays (coordinators; never the secrets)',
      response: { 200: channelList, ...fail },
    },
    handler: (req) => req.tenant((tx) => listRelays(tx, actorOf(req))),
  });

  app.post('/attractions/channels', {
    schema: {
      tags, security, summary: 'Add a relay: a webhook address (http/https) that receives signed posts (coordinators)',
      description: 'The answer carries the HMAC secret (64 hex characters), shown this once. charLimit defaults to the kind\'s '
        + '(X 280 weighted, Instagram 2200, Facebook 63206, LINE 500, other 1000). 409 `name: duplicate` for a name the region uses.',
      body: channelCreate, response: { 201: channelWithSecret, ...fail },
    },
    handler: async (req, reply) => reply.code(201).send(await req.tenant((tx) => createRelay(tx, actorOf(req), req.body))),
  });

  app.patch('/attractions/channels/:id', {
    schema: {
      tags, security, summary: 'Change a relay: name, address, limit, or pause it (active: false) (coordinators)',
      params: idParams, body: channelUpdate, response: { 200: attractionChannel, ...fail },
    },
    handler: (req) => req.tenant((tx) => updateRelay(tx, actorOf(req), req.params.id, req.body)),
  });

  app.post('/attractions/channels/:id/secret', {
    schema: {
      tags, security, summary: 'A new secret for a relay, shown this once; deliveries from now on are signed with it (coordinators)',
      params: idParams, response: { 200: channelWithSecret, ...fail },
    },
    handler: (req) => req.tenant((tx) => rotateRelaySecret(tx, actorOf(req), req.params.id)),
  });

  // ── collections (特集) ──
  app.get('/attractions/collections', {
    schema: {
      tags, security, summary: 'The region\'s collections, drafts too (every staff member of the region); latest change first',
      response: { 200: collectionList, ...fail },
    },
    handler: (req) => req.tenant((tx) => listCollectionSummaries(tx, actorOf(req))),
  });

  app.post('/attractions/collections', {
    schema: {
      tags, security, summary: 'Make a collection (a draft) of pooled posts across towns, in order, with a note per stop (coordinators)',
      description: 'Each stop a pooled post (400 `items.N.postId: not_in_pool`), none twice (`duplicate_post`). The same '
        + 'idempotencyKey again: 200 with the first one.',
      body: collectionInput, response: { 200: collection, 201: collection, ...fail },
    },
    handler: async (req, reply) => {
      const { created, collection: c } = await req.tenant((tx) => createCollection(tx, actorOf(req), req.body, o));
      return reply.code(created ? 201 : 200).send(c);
    },
  });

  app.get('/attractions/collections/:id', {
    schema: {
      tags, security, summary: 'A collection with its posts (every staff member of the region)',
      params: idParams, response: { 200: collection, ...fail },
    },
    handler: (req) => req.tenant((tx) => readCollection(tx, actorOf(req), req.params.id, o)),
  });

  app.patch('/attractions/collections/:id', {
    schema: {
      tags, security, summary: 'Change a collection: title, description, its stops (all replaced, in order), publish it or take it back to a draft (coordinators)',
      description: 'status published shows it on the region\'s public page (with only its published posts) and stamps publishedAt; '
        + 'draft hides it again.',
      params: idParams, body: collectionUpdate, response: { 200: collection, ...fail },
    },
    handler: (req) => req.tenant((tx) => editCollection(tx, actorOf(req), req.params.id, req.body, o)),
  });

  app.delete('/attractions/collections/:id', {
    schema: { tags, security, summary: 'Delete a collection (coordinators); its posts stay', params: idParams, response: { 200: okBody, ...fail } },
    handler: (req) => req.tenant((tx) => removeCollection(tx, actorOf(req), req.params.id)),
  });

  // ── the publication log ──
  app.get('/attractions/publications', {
    schema: {
      tags, security, summary: 'The region\'s publication log: each post to the public page and to each relay, delivered, retrying or failed (coordinators)',
      description: 'Newest first; ?status= narrows; nextCursor pages on.',
      querystring: publicationQuery, response: { 200: publicationLog, ...fail },
    },
    handler: (req) => req.tenant((tx) => listPublicationLog(tx, actorOf(req), req.query)),
  });

  // ── figures ──
  const figuresDescription = 'For the 年度 (April–March, Japan time; ?year=2026, default: the current one), every staff member of the '
    + 'region. submitted: posts that reached the pool, per town, by the month they were submitted (other towns\' drafts are '
    + 'their own, so only pooled posts are counted, for everyone alike); published: by the month published (taken down later or '
    + 'not); views: views on the public pages in the 年度, per town and per post (every post viewed or published in the 年度, most '
    + 'viewed first).';

  app.get('/attractions/figures', {
    schema: {
      tags, security, summary: 'The figures of 地域の魅力 for a 年度: posts and publications per town and month, views per town and post',
      description: figuresDescription, querystring: attractionFiguresQuery, response: { 200: attractionFigures, ...fail },
    },
    handler: async (req, reply) => {
      const figures = await req.tenant((tx) => buildFigures(tx, actorOf(req), req.query));
      return reply.header('cache-control', 'private, no-store').send(figures);
    },
  });

  app.get('/attractions/figures.csv', {
    schema: {
      tags, security, summary: 'The same figures as CSV for Excel (UTF-8 with BOM, CRLF)',
      description: 'Sections under a title row each, a blank row between: 年度 and totals; 投稿数 per town and month (4月…3月, 合計); '
        + '公開数 likewise; 閲覧数 per town; 閲覧数 per post (タイトル, 市町村, カテゴリ, 公開日, 閲覧数). English headers with '
        + 'Accept-Language: en. File name e.g. 地域の魅力_令和8年度.csv (RFC 5987). ' + figuresDescription,
      querystring: attractionFiguresQuery,
      response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: z.string() } } }, ...fail },
    },
    handler: async (req, reply) => {
      const lang = pickLang(req.headers['accept-language']);
      const figures = await req.tenant((tx) => buildFigures(tx, actorOf(req), req.query));
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
