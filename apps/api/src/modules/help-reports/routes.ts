import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, helpReport, helpReportQuery } from '@yui/contracts';
import { attachment } from '../../lib/download';
import { pickLang } from '../../lib/lang';
import { helpReportCsv, helpReportFileName } from './csv';
import { buildHelpReport, type ReportActor } from './service';

// データ保管庫: GET /api/help-calls/reports and /api/help-calls/reports.csv. Static paths: Fastify's
// router prefers them to the help-calls module's /api/help-calls/:id, whatever the registration order.

const security = [{ bearerAuth: [] }];
const fail = { 400: errorBody, 401: errorBody };

const description =
  'For the 年度 (April–March; ?fy=2026, default: the current one). Calls count in the 年度 of their 掲載日, with their applications '
  + '(応募: time approved, even if withdrawn later) and acceptances (採用). byDepartment: 依頼所属 of every town with calls and '
  + 'direct requests, most calls first. byMonth: calls and their applications by the month published, direct requests by the month '
  + 'made. rankings.helpers: people accepted for the year\'s calls, minutes as recorded (else as planned). Direct requests are '
  + 'counted for the whole region but name nobody. Everyone of the region may read; another town\'s town-only calls are not counted.';

const actorOf = (req: { auth: { tid: string; rid: string; sub: string } }): ReportActor => ({
  tenantId: req.auth.tid, regionId: req.auth.rid, userId: req.auth.sub,
});

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);

  app.get('/help-calls/reports', {
    schema: {
      tags: ['help reports'], security, summary: 'The figures of 職場応援 for a 年度 (データ保管庫)',
      description, querystring: helpReportQuery, response: { 200: helpReport, ...fail },
    },
    handler: async (req, reply) => {
      const report = await req.tenant((tx) => buildHelpReport(tx, actorOf(req), req.query));
      return reply.header('cache-control', 'private, no-store').send(report);
    },
  });

  app.get('/help-calls/reports.csv', {
    schema: {
      tags: ['help reports'],
      summary: 'The same figures as CSV for Excel (UTF-8 with BOM, CRLF)',
      description: 'Sections, each under a title row with a blank row between: 年度 and totals; 依頼所属 (市町村, 依頼所属, 依頼件数, '
        + '募集, 応募, 採用, 人材宛依頼, with a 合計 row); 依頼・募集一覧 (掲載日, 募集名, 市町村, 依頼所属, 募集, 応募, 採用, 状況); '
        + 'the helper ranking (氏名, 市町村, 依頼所属, 応援回数, 応援時間 in decimal hours, ありがとう). Headers in English with '
        + 'Accept-Language: en. File name e.g. 職場応援_令和8年度.csv (RFC 5987). ' + description,
      security, querystring: helpReportQuery,
      response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: z.string() } } }, ...fail },
    },
    handler: async (req, reply) => {
      const lang = pickLang(req.headers['accept-language']);
      const report = await req.tenant((tx) => buildHelpReport(tx, actorOf(req), req.query));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachment(helpReportFileName(report, lang)))
        .header('cache-control', 'private, no-store')
        .header('vary', 'accept-language')
        .send(helpReportCsv(report, lang));
    },
  });
};
export default routes;
