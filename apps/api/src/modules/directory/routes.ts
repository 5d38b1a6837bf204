import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  csvImportError, csvImportResult, department, departmentCreate, departmentList, departmentTree, departmentUpdate, errorBody,
  idParams, person, roleChange, roleChangeQuery, staff, staffCreate, staffExportQuery, staffListQuery, staffPage, staffUpdate,
} from '@yui/contracts';
import { isActiveAdmin } from '@yui/db/queries/directory';
import { AppError, forbidden, invalid } from '../../lib/errors';
import { pickLang } from '../../lib/lang';
import { createDepartment, departmentTree as getTree, listDepartments, updateDepartment } from './departments';
import { createStaff, grantRole, listStaff, personById, revokeRole, staffById, updateStaff } from './staff';
import { exportContentDisposition, exportStaff, importStaff, readCsvFile } from './csv';

const security = [{ bearerAuth: [] }];
const fail = { 401: errorBody, 403: errorBody };

/** 職員・組織 for everyone in the town: a colleague's profile, the organisation chart. */
const directory: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);

  app.get('/users/:id', {
    schema: {
      tags: ['directory'], summary: 'A colleague of my own town (another town\'s person: 404)', security,
      params: idParams, response: { 200: person, 400: errorBody, 401: errorBody, 404: errorBody },
    },
    handler: (req) => req.tenant((tx) => personById(tx, req.auth.tid, req.params.id)),
  });

  app.get('/departments/tree', {
    schema: {
      tags: ['directory'], summary: 'The organisation chart of my town (部 > 課 > 係), active departments, by sort order then kana', security,
      response: { 200: departmentTree, 401: errorBody },
    },
    handler: async (req) => ({ items: await req.tenant((tx) => getTree(tx, req.auth.tid)) }),
  });
};

/** 自治体管理者: departments and staff of their own town. Another town's ids answer 404. */
const admin: FastifyPluginAsyncZod<{ uploadLimit: number }> = async (app, opts) => {
  // Authorised before the body is read or validated: nobody else learns what a valid body looks like.
  // The token's roles may be minutes old, so the database is asked too: an admin who was deactivated
  // or lost the role since must not act (nor switch themselves back on).
  app.addHook('onRequest', async (req) => {
    await app.authenticate(req);
    req.requireRole('municipality_admin');
    if (!(await req.tenant((tx) => isActiveAdmin(tx, { tenantId: req.auth.tid, userId: req.auth.sub })))) throw forbidden();
  });
  await app.register(multipart, { limits: { fileSize: opts.uploadLimit, files: 1, fields: 10, parts: 20 } });
  const actor = (req: { auth: { tid: string; sub: string } }) => ({ tenantId: req.auth.tid, userId: req.auth.sub });

  // ── departments ──
  app.get('/admin/departments', {
    schema: {
      tags: ['admin: departments'], summary: 'Every department of my town, active or not, in tree order', security,
      response: { 200: departmentList, ...fail },
    },
    handler: async (req) => ({ items: await req.tenant((tx) => listDepartments(tx, req.auth.tid)) }),
  });

  app.post('/admin/departments', {
    schema: {
      tags: ['admin: departments'], summary: 'Create a department', security,
      body: departmentCreate, response: { 201: department, 400: errorBody, ...fail, 409: errorBody },
    },
    handler: async (req, reply) => reply.code(201).send(await req.tenant((tx) => createDepartment(tx, req.auth.tid, req.body))),
  });

  app.patch('/admin/departments/:id', {
    schema: {
      tags: ['admin: departments'],
      summary: 'Rename, move, reorder or deactivate a department',
      description: 'Moves keep the tree a tree: no cycles (400 parentId), parent in this town and active, 部 > 課 > 係. '
        + 'A department with active staff or active departments below it cannot be deactivated (409).',
      security, params: idParams, body: departmentUpdate,
      response: { 200: department, 400: errorBody, ...fail, 404: errorBody, 409: errorBody },
    },
    handler: (req) => req.tenant((tx) => updateDepartment(tx, req.auth.tid, req.params.id, req.body)),
  });

  // ── staff ──
  app.get('/admin/staff', {
    schema: {
      tags: ['admin: staff'], summary: 'Staff of my town by ふりがな (cursor pagination; q, departmentId incl. sub-departments, active)', security,
      querystring: staffListQuery, response: { 200: staffPage, 400: errorBody, ...fail },
    },
    handler: (req) => req.tenant((tx) => listStaff(tx, req.auth.tid, req.query)),
  });

  app.get('/admin/staff/export.csv', {
    schema: {
      tags: ['admin: staff'],
      summary: 'Staff as CSV for Excel (UTF-8 with BOM, CRLF, Japanese headers; the same filters as the list)',
      description: 'Columns: メールアドレス, 氏名, ふりがな, 職名, 採用日, 所属コード, 週勤務時間 (h:mm), 所属名 (for reading; ignored on import).',
      security, querystring: staffExportQuery,
      response: {
        200: { description: 'CSV file', content: { 'text/csv': { schema: z.string() } } },
        400: errorBody, ...fail,
      },
    },
    handler: async (req, reply) => {
      const csv = await req.tenant((tx) => exportStaff(tx, req.auth.tid, req.query));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', exportContentDisposition())
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });

  app.post('/admin/staff/import', {
    // Read the upload before validation, so that the body schema below both checks and documents it.
    preValidation: async (req) => {
      const part = req.isMultipart() ? await req.file() : undefined;
      if (!part || part.fieldname !== 'file') throw invalid({ file: 'required' });
      const file = await part.toBuffer();
      // @fastify/multipart may hand back a file cut at the size limit instead of throwing: a cut CSV
      // would import half a file, so refuse it whole.
      if (part.file.truncated) throw new AppError(413, 'payload_too_large');
      req.body = { file };
    },
    schema: {
      tags: ['admin: staff'],
      summary: 'Import staff from CSV (multipart/form-data, field "file"): all rows or none',
      description: 'Excel\'s 「CSV UTF-8」 (BOM) or 「CSV（コンマ区切り）」 (Shift_JIS/CP932); detected from the bytes. '
        + 'Header row in Japanese or English: メールアドレス/email, 氏名/name, ふりがな/nameKana (required), 職名/position, '
        + '採用日/hireDate (2024-04-01, 2024/4/1), 所属コード/departmentCode, 週勤務時間/weeklyHours (38.75, 38:45; empty = 38:45). '
        + 'A row whose e-mail is in this town updates that person, other rows create staff. Missing columns leave values alone. '
        + 'Any bad row: 400 csv_invalid with rows [{ row (as Excel numbers it, header = 1), field, message }], nothing written.',
      security,
      consumes: ['multipart/form-data'],
      body: z.object({ file: z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' }) }),
      response: { 200: csvImportResult, 400: z.union([csvImportError, errorBody]), ...fail, 409: errorBody, 413: errorBody },
    },
    handler: async (req) => {
      const lang = pickLang(req.headers['accept-language']);
      const records = readCsvFile(req.body.file, lang);
      return req.tenant((tx) => importStaff(tx, actor(req), records, lang));
    },
  });

  app.get('/admin/staff/:id', {
    schema: {
      tags: ['admin: staff'], summary: 'One member of staff of my town', security,
      params: idParams, response: { 200: staff, 400: errorBody, ...fail, 404: errorBody },
    },
    handler: (req) => req.tenant((tx) => staffById(tx, req.auth.tid, req.params.id)),
  });

  app.post('/admin/staff', {
    schema: {
      tags: ['admin: staff'], summary: 'Create a member of staff (no password; staff role; a welcome notification)', security,
      body: staffCreate, response: { 201: staff, 400: errorBody, ...fail, 409: errorBody },
    },
    handler: async (req, reply) => reply.code(201).send(await req.tenant((tx) => createStaff(tx, actor(req), req.body))),
  });

  app.patch('/admin/staff/:id', {
    schema: {
      tags: ['admin: staff'], summary: 'Edit a member of staff; active: false deactivates and signs them out everywhere', security,
      params: idParams, body: staffUpdate, response: { 200: staff, 400: errorBody, ...fail, 404: errorBody, 409: errorBody },
    },
    handler: (req) => req.tenant((tx) => updateStaff(tx, actor(req), req.params.id, req.body)),
  });

  app.post('/admin/staff/:id/roles', {
    schema: {
      tags: ['admin: staff'], summary: 'Grant 所属長 (manager of a department), 自治体管理者 or 地域の魅力の審査担当 (attraction_reviewer)', security,
      params: idParams, body: roleChange, response: { 200: staff, 400: errorBody, ...fail, 404: errorBody },
    },
    handler: (req) => req.tenant((tx) => grantRole(tx, actor(req), req.params.id, req.body)),
  });

  app.delete('/admin/staff/:id/roles', {
    schema: {
      tags: ['admin: staff'],
      summary: 'Remove 所属長 (?role=manager&departmentId=…), 自治体管理者 (?role=municipality_admin) or 審査担当 (?role=attraction_reviewer)',
      security,
      params: idParams, querystring: roleChangeQuery, response: { 200: staff, 400: errorBody, ...fail, 404: errorBody, 409: errorBody },
    },
    handler: (req) => req.tenant((tx) => revokeRole(tx, actor(req), req.params.id, req.query)),
  });
};

const routes: FastifyPluginAsyncZod<{ uploadLimit: number }> = async (app, opts) => {
  await app.register(directory);
  await app.register(admin, opts);
};
export default routes;
