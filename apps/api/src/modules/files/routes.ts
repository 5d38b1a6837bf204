import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { errorBody, fileRef, idParams } from '@yui/contracts';
import { communityActor as actor } from '../communities/access';
import { invalid, notFound } from '../../lib/errors';
import { readUpload, uploadBody } from '../../lib/upload';
import { downloadHeaders, fileForReader, formatBytes, uploadFile } from './service';

// 添付ファイル: POST /api/communities/:id/files (upload; attach to a post with attachmentIds or to an
// event as materialIds) and GET /api/files/:id (download, for those who may read what it belongs to).

const security = [{ bearerAuth: [] }];
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };


const files: FastifyPluginAsyncZod<{ uploadLimit: number }> = async (app, opts) => {
  app.addHook('onRequest', app.authenticate);
  await app.register(multipart, { limits: { fileSize: opts.uploadLimit, files: 1, fields: 5, parts: 10 } });
  const tooLarge = () => invalid({ file: { issue: 'file_too_large', params: { max: formatBytes(opts.uploadLimit) } } });

  app.post('/communities/:id/files', {
    preValidation: readUpload({ field: 'file', tooLarge }),
    schema: {
      tags: ['community files'], security,
      summary: 'Upload a file to a community (multipart/form-data, field "file"; members)',
      description: 'Up to YUI_UPLOAD_LIMIT bytes (400 file_too_large). The type is decided by the bytes: PNG, JPEG, GIF and WebP '
        + 'are shown inline, everything else (PDF too) downloads. The file is private to its uploader until attached to a post '
        + '(attachmentIds) or an event (materialIds).',
      consumes: ['multipart/form-data'],
      params: idParams,
      body: uploadBody,
      response: { 201: fileRef, ...fail, 413: errorBody },
    },
    handler: async (req, reply) => {
      let stored: string | null = null;
      try {
        const ref = await req.tenant((tx) => uploadFile(tx, app.storage, actor(req), req.params.id, req.body.file, (key) => { stored = key; }));
        return reply.code(201).send(ref);
      } catch (err) {
        // Stored, then the transaction failed: the bytes belong to nothing.
        if (stored) await app.storage.delete(stored).catch((e: unknown) => req.log.warn({ err: e, key: stored }, 'orphan upload not removed'));
        throw err;
      }
    },
  });

  app.get('/files/:id', {
    schema: {
      tags: ['community files'], security,
      summary: 'Download a file (404 unless I may read what it belongs to)',
      description: 'Served with the type decided on upload, `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox`, '
        + 'inline for images, otherwise (PDF too: a sandboxed PDF does not open in Chrome) as an attachment with its Japanese name (RFC 5987).',
      params: idParams,
      response: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string() } } }, ...fail },
    },
    handler: async (req, reply) => {
      const file = await req.tenant((tx) => fileForReader(tx, actor(req), req.params.id));
      const stored = await app.storage.get(file.storageKey);
      if (!stored) {
        req.log.error({ fileId: file.id, key: file.storageKey }, 'file row without stored bytes');
        throw notFound();
      }
      // A stream or Buffer skips the serializer; the schema above only documents the bytes.
      return reply.headers(downloadHeaders(file, stored.size)).send(stored.body as never);
    },
  });
};

export default files;
