import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { departmentPage, departmentPageUpdate, errorBody, idParams, me, regionDepartmentList } from '@yui/contracts';
import { invalid, notFound } from '../../lib/errors';
import { readUpload, uploadBody } from '../../lib/upload';
import { formatBytes } from '../files/service';
import { getMe } from '../me/service';
import { editDepartment, listDepartments, readDepartment, type PageActor } from './service';
import { PHOTO_MAX_BYTES, photoOf, removePhoto, setPhoto } from './photos';

// 各課広報: GET /api/departments, GET|PATCH /api/departments/:id; staff photos: PUT|DELETE /api/me/photo
// (one's own) and GET /api/people/:id/photo (anyone of the region). See README.md.

const security = [{ bearerAuth: [] }];
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

const actorOf = (req: { auth: { tid: string; rid: string; sub: string } }): PageActor => ({
  tenantId: req.auth.tid, regionId: req.auth.rid, userId: req.auth.sub,
});

const routes: FastifyPluginAsyncZod<{ uploadLimit: number }> = async (app, opts) => {
  app.addHook('onRequest', app.authenticate);
  // A face photo never needs more than 2 MB, whatever the attachment limit is.
  const limit = Math.min(opts.uploadLimit, PHOTO_MAX_BYTES);
  await app.register(multipart, { limits: { fileSize: limit, files: 1, fields: 5, parts: 10 } });
  const tooLarge = () => invalid({ photo: { issue: 'file_too_large', params: { max: formatBytes(limit) } } });

  app.get('/departments', {
    schema: {
      tags: ['department pages'], security,
      summary: 'The departments of every town of the region (各課広報), in organisation-chart order',
      description: 'Active departments only, each with whether it has written its page and how many active staff it has. '
        + '?town= narrows to one town of the region (another region\'s town: an empty list). `towns` lists the region\'s towns for the filter.',
      querystring: z.object({ town: z.uuid().optional() }),
      response: { 200: regionDepartmentList, ...fail },
    },
    handler: (req) => req.tenant((tx) => listDepartments(tx, actorOf(req), req.query.town)),
  });

  app.get('/departments/:id', {
    schema: {
      tags: ['department pages'], security,
      summary: 'A department\'s page: what it does, duties in an emergency, its staff (with 係 below it), its open calls for help',
      description: 'Any department of the region (404 for another region or an inactive one). Staff: name, ふりがな, position, '
        + 'photo address and self-introduction only. openCalls: the calls the reader may see (town-only calls of another town are not). '
        + 'can.edit: a 自治体管理者 of its town or a manager of it or of a department above it.',
      params: idParams,
      response: { 200: departmentPage, ...fail },
    },
    handler: (req) => req.tenant((tx) => readDepartment(tx, actorOf(req), req.params.id)),
  });

  app.patch('/departments/:id', {
    schema: {
      tags: ['department pages'], security,
      summary: 'Edit a department\'s page (its own town: 自治体管理者, or a manager of it or above)',
      description: 'description and emergencyDuties (plain text; blank or null clears, absent keeps). Another town\'s department: 404; '
        + 'in one\'s own town without the right: 403 `departmentId: not_editor`.',
      params: idParams,
      body: departmentPageUpdate,
      response: { 200: departmentPage, ...fail },
    },
    handler: (req) => req.tenant((tx) => editDepartment(tx, actorOf(req), req.params.id, req.body)),
  });

  app.put('/me/photo', {
    preValidation: readUpload({ field: 'photo', tooLarge }),
    schema: {
      tags: ['me'], security,
      summary: 'Upload my photo (multipart/form-data, field "file": JPEG, PNG or WebP, at most 2 MB)',
      description: 'The type is decided by the bytes (400 `photo: photo_type` otherwise; 400 `photo: file_too_large` above 2 MB). '
        + 'Replaces the previous photo. photoUrl becomes `/api/people/<id>/photo?v=<8 hex>`; v changes with every upload.',
      consumes: ['multipart/form-data'],
      body: uploadBody,
      response: { 200: me, ...fail, 413: errorBody },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      let stored: string | null = null;
      let result;
      try {
        result = await req.tenant(async (tx) => {
          const { replaced } = await setPhoto(tx, app.storage, actor, req.body.file.bytes, (key) => { stored = key; });
          return { replaced, me: await getMe(tx, actor.tenantId, actor.userId) };
        });
      } catch (err) {
        // Stored, then the transaction failed: the bytes belong to nobody.
        if (stored) await app.storage.delete(stored).catch((e: unknown) => req.log.warn({ err: e, key: stored }, 'orphan photo not removed'));
        throw err;
      }
      // Committed: the photo it replaced is no longer anyone's.
      if (result.replaced) await app.storage.delete(result.replaced).catch((e: unknown) => req.log.warn({ err: e, key: result.replaced }, 'old photo not removed'));
      return result.me;
    },
  });

  app.delete('/me/photo', {
    schema: {
      tags: ['me'], security, summary: 'Remove my photo',
      description: 'photoUrl becomes null and the stored photo is deleted. Removing when there is none changes nothing (200).',
      response: { 200: me, ...fail },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const result = await req.tenant(async (tx) => {
        const { replaced } = await removePhoto(tx, actor);
        return { replaced, me: await getMe(tx, actor.tenantId, actor.userId) };
      });
      if (result.replaced) await app.storage.delete(result.replaced).catch((e: unknown) => req.log.warn({ err: e, key: result.replaced }, 'old photo not removed'));
      return result.me;
    },
  });

  app.get('/people/:id/photo', {
    schema: {
      tags: ['department pages'], security,
      summary: 'A person\'s photo (anyone of the region; 404 when none)',
      description: 'Served as JPEG, PNG or WebP with `Cache-Control: private, max-age=3600` (the address changes with every upload: ?v=).',
      params: idParams,
      querystring: z.object({ v: z.string().max(20).optional() }),
      response: { 200: { description: 'The photo', content: { 'image/jpeg': { schema: z.string() } } }, ...fail },
    },
    handler: async (req, reply) => {
      const photo = await req.tenant((tx) => photoOf(tx, req.params.id));
      const file = await app.storage.get(photo.key);
      if (!file) {
        req.log.error({ userId: req.params.id, key: photo.key }, 'photo key without stored bytes');
        throw notFound();
      }
      return reply.headers({
        'content-type': photo.contentType,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'content-disposition': 'inline',
        // The reader's right to see it depends on their region: their browser only, never a shared cache.
        'cache-control': 'private, max-age=3600',
        ...(file.size !== undefined ? { 'content-length': String(file.size) } : {}),
      }).send(file.body as never);
    },
  });
};
export default routes;
