import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorBody, photoVariantName, publicAttraction, publicCollection, publicListQuery, publicRegion, publicRegionParams,
} from '@yui/contracts';
import type { Db } from '@yui/db';
import { notFound } from '../../lib/errors';
import { FeedCache, feedContentTypes, feedStamp, renderEventFeed, renderPostFeed, type FeedKind } from './feeds';
import { publicCollection as readCollection, publicContext, publicPhotoKey, publicPost, RegionDirectory, RegionPages } from './public';
import type { AttractionOptions } from './routes';
import { registerViewCounter, ViewCounter } from './view-counter';

// The public pages' API, no sign-in: /api/attractions/public/:region/**. The web renders /visit/<region>
// from these and proxies the feeds. Everything runs in the region's context with no town: row-level
// security shows published posts and collections only (public.ts). Thin: rules in public.ts, feeds.ts,
// view-counter.ts (README.md).

const tags = ['attractions: public'];
const fail = { 400: errorBody, 404: errorBody };
const postParams = publicRegionParams.extend({ id: z.uuid() });
const photoParams = publicRegionParams.extend({ photoId: z.uuid(), variant: photoVariantName });

/** Public JSON may be kept by shared caches a minute: a post taken down is gone from them soon after. */
const PAGE_CACHE = 'public, max-age=60';
/** Feed readers poll; five minutes is what they are told to wait (the body itself is at most 30 s old). */
const FEED_CACHE = 'public, max-age=300';
/** A photo's address changes with every new processing (?v=), so a day is safe. */
const PHOTO_CACHE = 'public, max-age=86400';

/** Does If-None-Match name this ETag (a list, weak or not, or `*`)? */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

const feeds: Array<{ path: string; kind: FeedKind; summary: string }> = [
  { path: 'feed.rss', kind: 'rss', summary: 'RSS 2.0 of the region\'s latest 50 published posts' },
  { path: 'feed.atom', kind: 'atom', summary: 'Atom 1.0 of the region\'s latest 50 published posts' },
  { path: 'feed.json', kind: 'json', summary: 'JSON Feed 1.1 of the region\'s latest 50 published posts' },
  { path: 'events.ics', kind: 'ics', summary: 'iCalendar of the region\'s published events that end today − 30 days or later' },
];

const routes: FastifyPluginAsyncZod<AttractionOptions> = async (app, opts) => {
  const o = { publicUrl: opts.publicUrl };
  const run = <T>(ctx: Parameters<typeof app.withTenant>[0], fn: (tx: Db) => Promise<T>) => app.withTenant(ctx, fn);
  const regions = new RegionDirectory(run);
  const feedCache = new FeedCache();
  const pages = new RegionPages();
  const views = new ViewCounter(run, app.log);
  registerViewCounter(app.server, views);
  // Closing flushes the views still in memory (this runs before the database pool closes: onClose
  // hooks run the last registered first).
  app.addHook('onClose', async () => views.close());

  app.get('/attractions/public/:region', {
    schema: {
      tags, summary: 'The region\'s public page: published posts, newest published first, with its towns, collections and feeds',
      description: 'Filters: category, town (its slug), tag (with or without #). nextCursor pages on. Addresses are absolute '
        + '(YUI_PUBLIC_URL). Unknown region: 404. `Cache-Control: public, max-age=60`.',
      params: publicRegionParams, querystring: publicListQuery, response: { 200: publicRegion, ...fail },
    },
    handler: async (req, reply) => {
      const region = await regions.get(req.params.region);
      // A kept first page is sent without opening a transaction at all.
      const page = await pages.read(o, region, req.query, (fn) => app.withTenant(publicContext(region.id), fn));
      return reply.header('cache-control', PAGE_CACHE).send(page);
    },
  });

  app.get('/attractions/public/:region/posts/:id', {
    schema: {
      tags, summary: 'A published post (share card photo in `card`); counts a view',
      description: 'A post that is not published (a draft, in review, approved, scheduled, taken down) is 404. Views are counted '
        + 'per post and Japan day, written every few seconds. `Cache-Control: public, max-age=60`.',
      params: postParams, response: { 200: publicAttraction, ...fail },
    },
    handler: async (req, reply) => {
      const region = await regions.get(req.params.region);
      const { post, municipalityId } = await app.withTenant(publicContext(region.id), (tx) => publicPost(tx, o, region, req.params.id));
      if (req.method === 'GET') views.count({ id: post.id, regionId: region.id, municipalityId });
      return reply.header('cache-control', PAGE_CACHE).send(post);
    },
  });

  app.get('/attractions/public/:region/collections/:id', {
    schema: {
      tags, summary: 'A published collection (特集) with the published posts in it, in order',
      params: postParams, response: { 200: publicCollection, ...fail },
    },
    handler: async (req, reply) => {
      const region = await regions.get(req.params.region);
      const c = await app.withTenant(publicContext(region.id), (tx) => readCollection(tx, o, region, req.params.id));
      return reply.header('cache-control', PAGE_CACHE).send(c);
    },
  });

  app.get('/attractions/public/:region/photos/:photoId/:variant', {
    schema: {
      tags, summary: 'A photo of a published post (JPEG: large 1600, medium 800, thumb 400, card 1200×630)',
      description: 'Only photos of published posts that passed the rights check; 404 otherwise. The address carries ?v=<processSeq>, '
        + 'so `Cache-Control: public, max-age=86400` is safe.',
      params: photoParams,
      querystring: z.object({ v: z.string().max(20).optional() }),
      response: { 200: { description: 'The photo', content: { 'image/jpeg': { schema: z.string() } } }, ...fail },
    },
    handler: async (req, reply) => {
      const region = await regions.get(req.params.region);
      const key = await app.withTenant(publicContext(region.id), (tx) => publicPhotoKey(tx, region, req.params.photoId, req.params.variant));
      const file = await app.storage.get(key);
      if (!file) {
        req.log.error({ photoId: req.params.photoId, key }, 'photo variant without stored bytes');
        throw notFound();
      }
      return reply.headers({
        'content-type': 'image/jpeg',
        'x-content-type-options': 'nosniff',
        'content-disposition': 'inline',
        'cache-control': PHOTO_CACHE,
        // Published photos are meant to travel: feed readers, social cards and other sites show them
        // (helmet's default same-origin would have browsers block them there).
        'cross-origin-resource-policy': 'cross-origin',
        ...(file.size !== undefined ? { 'content-length': String(file.size) } : {}),
      }).send(file.body as never);
    },
  });

  for (const f of feeds) {
    app.get(`/attractions/public/:region/${f.path}`, {
      schema: {
        tags, summary: f.summary,
        description: `Content-Type ${feedContentTypes[f.kind]}; \`Cache-Control: public, max-age=300\`; an ETag, and 304 Not Modified `
          + 'when If-None-Match names it. Rendered bodies are kept in the process and checked against the database every 30 seconds.',
        params: publicRegionParams,
        response: { 200: { description: f.summary, content: { [feedContentTypes[f.kind].split(';')[0]!]: { schema: z.string() } } }, ...fail },
      },
      handler: async (req: FastifyRequest<{ Params: { region: string } }>, reply: FastifyReply) => {
        const region = await regions.get(req.params.region);
        const feed = await feedCache.get(
          region.id, f.kind,
          () => app.withTenant(publicContext(region.id), (tx) => feedStamp(tx, region.id, f.kind)),
          () => app.withTenant(publicContext(region.id), (tx) => (f.kind === 'ics' ? renderEventFeed(tx, o, region) : renderPostFeed(tx, o, region, f.kind))),
        );
        reply.header('cache-control', FEED_CACHE).header('etag', feed.etag);
        if (etagMatches(req.headers['if-none-match'], feed.etag)) return reply.code(304).send();
        return reply.header('content-type', feedContentTypes[f.kind]).send(feed.body);
      },
    });
  }
};

export default routes;
