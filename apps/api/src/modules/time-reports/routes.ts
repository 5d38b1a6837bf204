import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, reportQuery, timeReport } from '@yui/contracts';
import { pickLang } from '../../lib/lang';
import { buildTimeReport } from './service';
import { timeReportCsv, timeReportFileName } from './csv';
import { attachment } from '../../lib/download';

const security = [{ bearerAuth: [] }];
const fail = { 400: errorBody, 401: errorBody, 403: errorBody };

const description =
  'For the 年度 (April–March): approved hours per fiscal month (April first), quarter, half and in total — '
  + 'the days of approved requests by work date, actual minutes where recorded, else planned; cancelled, revoked, '
  + 'declined and withdrawn time counts nothing. requests: submitted in the year (Japan time); approved / declined, '
  + 'approval rate = approved ÷ (approved + declined) and median hours from submission to decision: decided in the year. '
  + 'A request counts for the department it was filed in. groupBy=department rows are labelled with the path 部 > 課 > 係 '
  + 'in tree order (requests of people without a department: key "none", last); person rows by ふりがな; activity rows: '
  + 'all six kinds. A 自治体管理者 sees the whole town; a 所属長 the departments they head and everything below them '
  + '(rows and totals); anyone else 403.';

/** 20%ルール reports (年度) for admins and managers: /api/time-reports, and the same as CSV for Excel. */
const routes: FastifyPluginAsyncZod = async (app) => {
  // The token's roles turn plain staff away before anything else; the service asks the database
  // what the person heads right now.
  app.addHook('onRequest', async (req) => {
    await app.authenticate(req);
    req.requireRole('municipality_admin', 'manager');
  });

  app.get('/time-reports', {
    schema: {
      tags: ['time reports'], summary: 'The 20% rule in a 年度: hours per month, quarter and group; approval rate; time to decision',
      description, security, querystring: reportQuery, response: { 200: timeReport, ...fail },
    },
    handler: async (req, reply) => {
      const lang = pickLang(req.headers['accept-language']);
      const report = await req.tenant((tx) => buildTimeReport(tx, { tenantId: req.auth.tid, userId: req.auth.sub }, req.query, lang));
      return reply.header('cache-control', 'private, no-store').header('vary', 'accept-language').send(report);
    },
  });

  app.get('/time-reports.csv', {
    schema: {
      tags: ['time reports'],
      summary: 'The same report as CSV for Excel (UTF-8 with BOM, CRLF, hours as decimals, a totals row last)',
      description: 'Header row in Japanese (English with Accept-Language: en): 所属 (or 氏名, ふりがな / 活動の種類), 4月 … 3月, '
        + '第1四半期 … 第4四半期, 上半期, 下半期, 合計(時間), 申請数, 承認, 却下, 承認率(%), 決定までの時間(中央値・時間). '
        + 'File name e.g. 20%ルール_令和7年度_所属別.csv (RFC 5987). ' + description,
      security, querystring: reportQuery,
      response: {
        200: { description: 'CSV file', content: { 'text/csv': { schema: z.string() } } },
        ...fail,
      },
    },
    handler: async (req, reply) => {
      const lang = pickLang(req.headers['accept-language']);
      const report = await req.tenant((tx) => buildTimeReport(tx, { tenantId: req.auth.tid, userId: req.auth.sub }, req.query, lang));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachment(timeReportFileName(report, lang)))
        .header('cache-control', 'private, no-store')
        .header('vary', 'accept-language')
        .send(timeReportCsv(report, lang));
    },
  });
};
export default routes;
