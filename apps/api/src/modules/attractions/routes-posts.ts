import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  attraction, attractionCreate, attractionList, attractionListQuery, attractionPhoto, attractionUpdate, errorBody, idParams, okBody,
  photoUpdate, photoVariantName, reviewDecision,
} from '@yui/contracts';
import { invalid, notFound } from '../../lib/errors';
import { readUpload, uploadBody } from '../../lib/upload';
import { formatBytes } from '../files/service';
import { attractionActor as actorOf } from './access';
import { PHOTO_MAX_BYTES, addPhoto, changePhoto, photoFile, removePhoto } from './photos';
import { createPost, editPost, listAttractions, readPost, removePost, submitPost, withdrawPost } from './posts';
import { reviewPost } from './review';
import type { AttractionOptions } from './routes';

// Drafts, photos and their rights check, review: /api/attractions, /api/attractions/:id/**,
// /api/attractions/photos/:photoId/:variant. Thin: the rules are in posts.ts, photos.ts, review.ts
// (README.md). A post the reader may not see (a draft not theirs, another town's post outside the
// pool, another region's) is 404 on every route; one they see but may not change is 403.

const security = [{ bearerAuth: [] }];
const tags = ['attractions'];
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const photoParams = z.object({ id: z.uuid(), photoId: z.uuid() });
const versionBody = z.object({ version: z.number().int().min(1) });

const routes: FastifyPluginAsyncZod<AttractionOptions> = async (app, opts) => {
  const o = { publicUrl: opts.publicUrl };
  // Photos have their own limit (10 MB), never above the site's upload limit.
  const limit = Math.min(opts.uploadLimit, PHOTO_MAX_BYTES);
  await app.register(multipart, { limits: { fileSize: limit, files: 1, fields: 5, parts: 10 } });
  const tooLarge = () => invalid({
    photo: limit === PHOTO_MAX_BYTES ? 'photo_too_large' : { issue: 'file_too_large', params: { max: formatBytes(limit) } },
  });

  // ── posts ──
  app.get('/attractions', {
    schema: {
      tags, security, summary: 'Attraction posts: mine, my town\'s review queue (reviewers), or the region\'s shared pool',
      description: 'view=mine (default): my posts in any status. view=review: my town\'s posts in review (審査担当 and 自治体管理者 '
        + 'only, 403 otherwise); with ?status= also returned, rejected or pooled ones of my town. '
        + 'view=pool: approved, scheduled, published and unpublished posts of every town of the region. Newest change first; '
        + 'nextCursor pages on.',
      querystring: attractionListQuery, response: { 200: attractionList, ...fail },
    },
    handler: (req) => req.tenant((tx) => listAttractions(tx, actorOf(req), req.query)),
  });

  app.post('/attractions', {
    schema: {
      tags, security, summary: 'Write a new post (a draft in my town)',
      description: 'category イベント needs eventStartsOn (400 `event_needs_period`); eventEndsOn defaults to it and may not be '
        + 'before it; an end time needs a start time and, on a one-day event, comes after it; latitude and longitude both or '
        + 'neither (`coords_both`). Tags lose a leading #, and repeats go. The same idempotencyKey again: 200 with the first post.',
      body: attractionCreate, response: { 200: attraction, 201: attraction, ...fail },
    },
    handler: async (req, reply) => {
      const { created, post } = await req.tenant((tx) => createPost(tx, actorOf(req), req.body, o));
      return reply.code(created ? 201 : 200).send(post);
    },
  });

  app.get('/attractions/:id', {
    schema: {
      tags, security, summary: 'A post with its photos, review history (own town), publication log and what I may do (can.*)',
      description: 'Drafts: the author only; in review, returned, rejected: the author and the town\'s reviewers; from approval on: '
        + 'everyone of the region. Otherwise 404.',
      params: idParams, response: { 200: attraction, ...fail },
    },
    handler: (req) => req.tenant((tx) => readPost(tx, actorOf(req), req.params.id, o)),
  });

  app.patch('/attractions/:id', {
    schema: {
      tags, security, summary: 'Edit my draft or returned post (absent keeps, null clears)',
      description: 'Someone else\'s post I see: 403. In review or later: 409 `status: attraction_not_editable`. Saved by someone '
        + 'else meanwhile (version): 409 `version: stale_version`. The field rules of creating apply to the result.',
      params: idParams, body: attractionUpdate, response: { 200: attraction, ...fail },
    },
    handler: (req) => req.tenant((tx) => editPost(tx, actorOf(req), req.params.id, req.body, o)),
  });

  app.delete('/attractions/:id', {
    schema: {
      tags, security, summary: 'Delete my draft or returned post with its photos',
      description: 'In review or later: 409 `attraction_not_editable`. The stored photo files are deleted after the commit.',
      params: idParams, response: { 200: okBody, ...fail },
    },
    handler: async (req) => {
      const { keys } = await req.tenant((tx) => removePost(tx, actorOf(req), req.params.id));
      await deleteStored(keys, req.log);
      return { ok: true as const };
    },
  });

  app.post('/attractions/:id/submit', {
    schema: {
      tags, security, summary: 'Submit my draft or returned post for review (the town\'s reviewers are told)',
      description: 'Every photo needs its rights check (photographer, people not `not_asked`, mayPublish) and must be processed: '
        + '400 `photos: photo_rights_missing | photo_failed | photo_processing`. A post without photos may be submitted.',
      params: idParams, body: versionBody, response: { 200: attraction, ...fail },
    },
    handler: (req) => req.tenant((tx) => submitPost(tx, actorOf(req), req.params.id, req.body.version, o)),
  });

  app.post('/attractions/:id/withdraw', {
    schema: {
      tags, security, summary: 'Take my post out of review, back to a draft',
      description: 'Only while in review (409 `status: not_in_review`).',
      params: idParams, body: versionBody, response: { 200: attraction, ...fail },
    },
    handler: (req) => req.tenant((tx) => withdrawPost(tx, actorOf(req), req.params.id, req.body.version, o)),
  });

  app.post('/attractions/:id/review', {
    schema: {
      tags, security, summary: 'Approve (into the region\'s pool), return or reject a post of my town (reviewers; the author is told)',
      description: 'Reviewers of the post\'s town only (403 `decision: not_reviewer`), never one\'s own post (403 '
        + '`decision: own_post_review`). return and reject need a comment (400 `comment: review_comment_required`). Already '
        + 'decided (two reviewers at once: one wins): 409 `status: not_in_review`; stale version: 409. Approving checks the photos again.',
      params: idParams, body: reviewDecision, response: { 200: attraction, ...fail },
    },
    handler: (req) => req.tenant((tx) => reviewPost(tx, actorOf(req), req.params.id, req.body, o)),
  });

  // ── photos ──
  app.post('/attractions/:id/photos', {
    preValidation: readUpload({ field: 'photo', tooLarge }),
    schema: {
      tags, security, summary: 'Add a photo to my draft or returned post (multipart/form-data, field "file": JPEG, PNG or WebP)',
      description: 'The type is decided by the bytes (400 `photo: not_image`); at most 10 MB (and YUI_UPLOAD_LIMIT; 400 '
        + '`photo: photo_too_large`); at most 10 photos per post (400 `photo: too_many_photos`). The photo is processing until '
        + 'the worker has made its variants (location removed unless keepLocation).',
      consumes: ['multipart/form-data'],
      params: idParams, body: uploadBody, response: { 201: attractionPhoto, ...fail, 413: errorBody },
    },
    handler: async (req, reply) => {
      let stored: string | null = null;
      try {
        const photo = await req.tenant((tx) => addPhoto(tx, app.storage, actorOf(req), req.params.id, req.body.file.bytes, (key) => { stored = key; }));
        return reply.code(201).send(photo);
      } catch (err) {
        // Stored, then the transaction failed: the bytes belong to nobody.
        if (stored) await deleteStored([stored], req.log);
        throw err;
      }
    },
  });

  app.patch('/attractions/:id/photos/:photoId', {
    schema: {
      tags, security, summary: 'The rights check, texts, order or keep-location choice of a photo of my draft or returned post',
      description: 'Changing keepLocation processes the photo again (status processing, a new ?v= in its addresses).',
      params: photoParams, body: photoUpdate, response: { 200: attractionPhoto, ...fail },
    },
    handler: (req) => req.tenant((tx) => changePhoto(tx, actorOf(req), req.params.id, req.params.photoId, req.body)),
  });

  app.delete('/attractions/:id/photos/:photoId', {
    schema: {
      tags, security, summary: 'Remove a photo of my draft or returned post',
      description: 'Its stored files are deleted after the commit.',
      params: photoParams, response: { 200: okBody, ...fail },
    },
    handler: async (req) => {
      const { keys } = await req.tenant((tx) => removePhoto(tx, actorOf(req), req.params.id, req.params.photoId));
      await deleteStored(keys, req.log);
      return { ok: true as const };
    },
  });

  app.get('/attractions/photos/:photoId/:variant', {
    schema: {
      tags, security, summary: 'A processed version of a photo (JPEG), for those who see its post',
      description: 'large (≤1600 px), medium (≤800), thumb (≤400), card (1200×630). 404 while processing, when failed, or when '
        + 'the post is not visible to the reader. `Cache-Control: private, max-age=3600` (the address changes with ?v=).',
      params: z.object({ photoId: z.uuid(), variant: photoVariantName }),
      querystring: z.object({ v: z.string().max(20).optional() }),
      response: { 200: { description: 'The photo', content: { 'image/jpeg': { schema: z.string() } } }, ...fail },
    },
    handler: async (req, reply) => {
      const { key } = await req.tenant((tx) => photoFile(tx, actorOf(req), req.params.photoId, req.params.variant));
      const file = await app.storage.get(key);
      if (!file) {
        req.log.error({ photoId: req.params.photoId, key }, 'photo variant without stored bytes');
        throw notFound();
      }
      return reply.headers({
        'content-type': 'image/jpeg',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'content-disposition': 'inline',
        // Who may see it depends on the reader: their browser only, never a shared cache.
        'cache-control': 'private, max-age=3600',
        ...(file.size !== undefined ? { 'content-length': String(file.size) } : {}),
      }).send(file.body as never);
    },
  });

  /** Deleting stored files is best effort after the commit: a file left behind is never served (no row points at it). */
  async function deleteStored(keys: readonly string[], log: { warn: (o: object, m: string) => void }) {
    for (const key of keys) await app.storage.delete(key).catch((err: unknown) => log.warn({ err, key }, 'attraction photo file not removed'));
  }
};

export default routes;
