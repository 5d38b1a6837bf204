import { z } from 'zod';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  assignmentConfirm, assignmentProposal, eligibleList, enrolInput, enrolResult, errorBody, idParams, matchConfirm, matchingBoard,
  matchingQuery, menteeMatching as menteeMatchingBody, mentorshipList, mentorshipSummary, participant, participantInput,
  participantList, participantListQuery, participantUpdate, programme, programmeCreate, programmeList, programmeListQuery,
  programmeReport, programmeReportQuery, programmeUpdate,
} from '@yui/contracts';
import { attachment } from '../../lib/download';
import { pickLang } from '../../lib/lang';
import { mentoringActor } from './access';
import { confirmAssignment, confirmMatch, matchingBoard as board, menteeMatching, proposeAssignment } from './matching';
import { enrol, join, listEligible, listParticipants, myEntries, updateMe, withdrawMe } from './participants';
import { closeProgramme, createProgramme, listProgrammes, readProgramme, updateProgramme } from './programmes';
import { buildProgrammeReport, programmeReportCsv, programmeReportFileName } from './report';

// Programmes, participants, matching and the report: /api/mentoring/programmes/**. Thin routes: the
// rules are in programmes.ts, participants.ts, matching.ts and report.ts (README.md).

const security = [{ bearerAuth: [] }];
const tags = ['mentoring: programmes'];
const matchTags = ['mentoring: matching'];
/**
 * A programme the reader may not see (another region, another town's own programme) answers 404 on
 * every route; one they see but do not run answers 403 on the admins' routes.
 */
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const menteeParams = z.object({ id: z.uuid(), menteeId: z.uuid() });
const oneMenteeQuery = z.object({ limit: z.coerce.number().int().min(1).max(20).default(10) });

const routes: FastifyPluginAsyncZod = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ── programmes ──
  r.get('/mentoring/programmes', {
    schema: {
      tags, security,
      summary: 'Programmes for me: those I run (closed too), the open ones I may join, those I take part in; newest 年度 first',
      querystring: programmeListQuery, response: { 200: programmeList, ...fail },
    },
    handler: (req) => req.tenant((tx) => listProgrammes(tx, mentoringActor(req), req.query)),
  });

  r.post('/mentoring/programmes', {
    schema: {
      tags, security,
      summary: 'Make a programme: scope town (the town\'s 自治体管理者) or region (a regional coordinator)',
      description: '403 scope: town_scope_admin / region_scope_coordinator. Dates default to the 年度 and must lie in it (400 startsOn / '
        + 'endsOn: dates_outside_year, endsOn: ends_before_start); escalateAfterWeeks > nudgeAfterWeeks (escalate_after_nudge). '
        + 'The same idempotencyKey again answers 200 with the first programme.',
      body: programmeCreate, response: { 200: programme, 201: programme, ...fail },
    },
    handler: async (req, reply) => {
      const { created, programme: p } = await req.tenant((tx) => createProgramme(tx, mentoringActor(req), req.body));
      return reply.code(created ? 201 : 200).send(p);
    },
  });

  r.get('/mentoring/programmes/:id', {
    schema: { tags, security, summary: 'A programme (anyone who may see it), with my roles and what I may do', params: idParams, response: { 200: programme, ...fail } },
    handler: (req) => req.tenant((tx) => readProgramme(tx, mentoringActor(req), req.params.id)),
  });

  r.patch('/mentoring/programmes/:id', {
    schema: {
      tags, security, summary: 'Edit a programme (its admins, while open); the 年度 and scope stay',
      description: 'The same date and week rules as making one; endsOn never before the end of a running pair (400 endsOn: '
        + 'pairs_end_later); 409 programme: programme_closed once closed.',
      params: idParams, body: programmeUpdate, response: { 200: programme, ...fail },
    },
    handler: (req) => req.tenant((tx) => updateProgramme(tx, mentoringActor(req), req.params.id, req.body)),
  });

  r.post('/mentoring/programmes/:id/close', {
    schema: {
      tags, security, summary: 'Close a programme (its admins): every active pair ends (reason closed), its planned sessions are cancelled, both are told',
      params: idParams, response: { 200: programme, ...fail },
    },
    handler: (req) => req.tenant((tx) => closeProgramme(tx, mentoringActor(req), req.params.id)),
  });

  // ── participants ──
  r.get('/mentoring/programmes/:id/participants', {
    schema: {
      tags, security, summary: 'Mentors and mentees of a programme (its admins)',
      params: idParams, querystring: participantListQuery, response: { 200: participantList, ...fail },
    },
    handler: (req) => req.tenant((tx) => listParticipants(tx, mentoringActor(req), req.params.id, req.query)),
  });

  r.post('/mentoring/programmes/:id/participants', {
    schema: {
      tags, security, summary: 'Join a programme myself, as a mentor or as a mentee',
      description: '400 role: not_eligible_mentee (the rule does not admit me) / both_roles; 400 yearsOfService: mentor_too_junior; '
        + '409 role: already_participant (joining again in the same role); 409 programme: programme_closed. yearsOfService defaults '
        + 'to the whole years since my hire date. Someone who left joins again in the same role.',
      params: idParams, body: participantInput, response: { 201: participant, ...fail },
    },
    handler: async (req, reply) => {
      const { participant: p } = await req.tenant((tx) => join(tx, mentoringActor(req), req.params.id, req.body));
      return reply.code(201).send(p);
    },
  });

  r.get('/mentoring/programmes/:id/participants/me', {
    schema: {
      tags, security, summary: 'My entries in a programme (active or withdrawn, at most one per role): skills, years, wishes, note',
      params: idParams, response: { 200: participantList, ...fail },
    },
    handler: (req) => req.tenant((tx) => myEntries(tx, mentoringActor(req), req.params.id)),
  });

  r.patch('/mentoring/programmes/:id/participants/me', {
    schema: {
      tags, security, summary: 'Change my entry (capacity never below my active pairs: capacity_below_pairs)',
      params: idParams, body: participantUpdate, response: { 200: participant, ...fail },
    },
    handler: (req) => req.tenant((tx) => updateMe(tx, mentoringActor(req), req.params.id, req.body)),
  });

  r.post('/mentoring/programmes/:id/participants/me/withdraw', {
    schema: {
      tags, security, summary: 'Leave a programme: my active pairs end (reason withdrawn), their planned sessions are cancelled, both sides are told',
      params: idParams, response: { 200: participant, ...fail },
    },
    handler: (req) => req.tenant((tx) => withdrawMe(tx, mentoringActor(req), req.params.id)),
  });

  r.get('/mentoring/programmes/:id/eligible', {
    schema: {
      tags, security, summary: 'People the mentee rule admits who have no entry yet (its admins), by ふりがな',
      params: idParams, response: { 200: eligibleList, ...fail },
    },
    handler: (req) => req.tenant((tx) => listEligible(tx, mentoringActor(req), req.params.id)),
  });

  r.post('/mentoring/programmes/:id/enrol', {
    schema: {
      tags, security, summary: 'Enrol mentees (its admins): the listed people, or everyone the rule admits',
      description: '400 userIds.N: unknown_person / other_town_programme / not_eligible_mentee. People with an entry already are left as they are.',
      params: idParams, body: enrolInput, response: { 200: enrolResult, ...fail },
    },
    handler: (req) => req.tenant((tx) => enrol(tx, mentoringActor(req), req.params.id, req.body)),
  });

  // ── matching ──
  r.get('/mentoring/programmes/:id/matching', {
    schema: {
      tags: matchTags, security, summary: 'Matching board (its admins): each active mentee without a pair, with ranked mentors and reasons',
      params: idParams, querystring: matchingQuery, response: { 200: matchingBoard, ...fail },
    },
    handler: (req) => req.tenant((tx) => board(tx, mentoringActor(req), req.params.id, req.query.limit)),
  });

  r.get('/mentoring/programmes/:id/matching/:menteeId', {
    schema: {
      tags: matchTags, security, summary: 'Ranked mentors for one mentee (a person id; its admins)',
      params: menteeParams, querystring: oneMenteeQuery, response: { 200: menteeMatchingBody, ...fail },
    },
    handler: (req) => req.tenant((tx) => menteeMatching(tx, mentoringActor(req), req.params.id, req.params.menteeId, req.query.limit)),
  });

  r.post('/mentoring/programmes/:id/matches', {
    schema: {
      tags: matchTags, security, summary: 'Confirm one pair (its admins); both are told',
      description: 'Person ids. 201 made now; 200 the same active pair already. 409 menteeId: already_matched (another mentor); 409 mentorId: '
        + 'no_capacity; 400 mentorId: own_manager / same_section / previous_mentor / mentor_too_junior / self_match / not_mentor; '
        + '400 menteeId: not_mentee. The pair runs from today (or the programme\'s start) to the programme\'s end.',
      params: idParams, body: matchConfirm, response: { 200: mentorshipSummary, 201: mentorshipSummary, ...fail },
    },
    handler: async (req, reply) => {
      const { created, pair } = await req.tenant((tx) => confirmMatch(tx, mentoringActor(req), req.params.id, req.body));
      return reply.code(created ? 201 : 200).send(pair);
    },
  });

  r.post('/mentoring/programmes/:id/assignment', {
    schema: {
      tags: matchTags, security,
      summary: 'The optimal assignment for everyone unmatched (most pairs, then the highest total score), beside the greedy total; writes nothing',
      params: idParams, response: { 200: assignmentProposal, ...fail },
    },
    handler: (req) => req.tenant((tx) => proposeAssignment(tx, mentoringActor(req), req.params.id)),
  });

  r.post('/mentoring/programmes/:id/assignment/confirm', {
    schema: {
      tags: matchTags, security, summary: 'Confirm a list of pairs, all or none (its admins)',
      description: 'Every pair re-validated under locks; any problem answers 400 (409 for already_matched / no_capacity) naming '
        + 'pairs.N.menteeId or pairs.N.mentorId (N: the position in the list as sent), and nothing is written. A mentee listed twice: '
        + 'duplicate_in_list. 409 programme: programme_closed.',
      params: idParams, body: assignmentConfirm, response: { 201: mentorshipList, ...fail },
    },
    handler: async (req, reply) => {
      const list = await req.tenant((tx) => confirmAssignment(tx, mentoringActor(req), req.params.id, req.body));
      return reply.code(201).send(list);
    },
  });

  // ── report ──
  const reportDescription = 'For a 年度 (?fy=, default the programme\'s). Pairs whose period overlaps it; sessions held (status held) '
    + 'in it per month April–March with minutes and the pairs that met; average satisfaction per survey stage (one decimal) with the '
    + 'number of answers; health now per pair. The programme\'s admins only (403; 404 when not visible).';

  r.get('/mentoring/programmes/:id/report', {
    schema: {
      tags, security, summary: 'A programme\'s figures for a 年度', description: reportDescription,
      params: idParams, querystring: programmeReportQuery, response: { 200: programmeReport, ...fail },
    },
    handler: async (req, reply) => {
      const report = await req.tenant((tx) => buildProgrammeReport(tx, mentoringActor(req), req.params.id, req.query));
      return reply.header('cache-control', 'private, no-store').send(report);
    },
  });

  r.get('/mentoring/programmes/:id/report.csv', {
    schema: {
      tags, security, summary: 'The same figures as CSV for Excel (UTF-8 with BOM, CRLF; headers in English with Accept-Language: en)',
      description: `File name 職員サポート制度_令和8年度.csv (RFC 5987; ASCII mentoring-2026.csv). ${reportDescription}`,
      params: idParams, querystring: programmeReportQuery,
      response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: z.string() } } }, ...fail },
    },
    handler: async (req, reply) => {
      const lang = pickLang(req.headers['accept-language']);
      const report = await req.tenant((tx) => buildProgrammeReport(tx, mentoringActor(req), req.params.id, req.query));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachment(programmeReportFileName(report, lang)))
        .header('cache-control', 'private, no-store')
        .header('vary', 'accept-language')
        .send(programmeReportCsv(report, lang));
    },
  });
};
export default routes;
