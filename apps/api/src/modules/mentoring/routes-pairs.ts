import { z } from 'zod';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  consultation, consultationCreate, consultationList, consultationReply, consultContactList, errorBody, healthBoard as healthBoardBody,
  idParams, mentoringSession, mentorship, mentorshipEnd, mentorshipList, mentorshipUpdate, noteCreate, okBody, privateNote,
  rematchRequest, sessionCreate, sessionUpdate, surveyAnswer, surveyInput, surveyStage,
} from '@yui/contracts';
import { mentoringActor } from './access';
import { closeConsultationBy, listMyConsultations, openConsultation, readConsultation, readContacts, replyConsultation } from './consultations';
import { addNote, readNotes, removeNote } from './notes';
import { endMentorship, healthBoard, listMyPairs, readMentorship, requestRematch, updateGoals } from './pairs';
import { changeSession, createSession, fileSessionTime } from './sessions';
import { answerSurvey } from './surveys';
import { registerSessionTimeHook } from './time-hook';

// Pairs (mentorships), sessions and their 20% time, private notes, surveys, consultations:
// /api/mentoring/mentorships/** and /api/mentoring/consultations/**. Thin routes: the rules are in
// pairs.ts, sessions.ts, notes.ts, surveys.ts, consultations.ts (README.md).

const security = [{ bearerAuth: [] }];
const tags = ['mentoring: pairs'];
const consultTags = ['mentoring: consultations'];
/** A pair the reader may not see (not theirs, not an admin of its programme, another town's or region's): 404. */
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const sessionParams = z.object({ id: z.uuid(), sid: z.uuid() });
const noteParams = z.object({ id: z.uuid(), noteId: z.uuid() });
const noteList = z.object({ items: z.array(privateNote) });
const surveyState = z.object({ mine: z.array(surveyAnswer), due: z.array(surveyStage) });

const routes: FastifyPluginAsyncZod = async (app) => {
  // A session's 20% request: the time module tells us of each change in its transaction.
  registerSessionTimeHook();
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ── pairs ──
  r.get('/mentoring/mentorships', {
    schema: { tags, security, summary: 'My pairs (as mentor or mentee), active first', response: { 200: mentorshipList, ...fail } },
    handler: (req) => req.tenant((tx) => listMyPairs(tx, mentoringActor(req))),
  });

  r.get('/mentoring/programmes/:id/health', {
    schema: {
      tags, security, summary: 'Health board: every pair of a programme with its health, and the counts per health (the programme\'s admins)',
      description: 'Staff of the programme\'s town: 403. Another town\'s own programme, another region: 404.',
      params: idParams, response: { 200: healthBoardBody, ...fail },
    },
    handler: (req) => req.tenant((tx) => healthBoard(tx, mentoringActor(req), req.params.id)),
  });

  r.get('/mentoring/mentorships/:id', {
    schema: {
      tags, security, summary: 'A pair: the two of it (with private notes and their surveys) or the programme\'s admins (without)',
      description: 'Anyone else — a colleague of the same town too — 404.',
      params: idParams, response: { 200: mentorship, ...fail },
    },
    handler: (req) => req.tenant((tx) => readMentorship(tx, mentoringActor(req), req.params.id)),
  });

  r.patch('/mentoring/mentorships/:id', {
    schema: {
      tags, security, summary: 'Change the goals (the pair; an admin: 403 not_in_pair; ended: 409)',
      params: idParams, body: mentorshipUpdate, response: { 200: mentorship, ...fail },
    },
    handler: (req) => req.tenant((tx) => updateGoals(tx, mentoringActor(req), req.params.id, req.body.goals)),
  });

  r.post('/mentoring/mentorships/:id/rematch', {
    schema: {
      tags, security,
      summary: 'Ask for a new match (the mentee): the pair ends, this mentor is not suggested again, the admins and the mentor are told',
      description: 'The mentor or an admin: 403 mentee_only. Already ended: 409.',
      params: idParams, body: rematchRequest, response: { 200: mentorship, ...fail },
    },
    handler: (req) => req.tenant((tx) => requestRematch(tx, mentoringActor(req), req.params.id, req.body.reason)),
  });

  r.post('/mentoring/mentorships/:id/end', {
    schema: {
      tags, security, summary: 'End a pair (the programme\'s admins): completed or withdrawn; both are told',
      description: 'The pair: 403 not_programme_admin. Already ended: 409.',
      params: idParams, body: mentorshipEnd, response: { 200: mentorship, ...fail },
    },
    handler: (req) => req.tenant((tx) => endMentorship(tx, mentoringActor(req), req.params.id, req.body.reason)),
  });

  // ── sessions ──
  r.post('/mentoring/mentorships/:id/sessions', {
    schema: {
      tags, security,
      summary: 'Plan the next session (the other is told; fileTime files my 20% request at once) or log one held (the pair)',
      description: 'planned: heldOn today or later (400 heldOn session_in_past); held: today or earlier (session_in_future) — '
        + 'a held session keeps the pair alive (last session, nudges cleared). fileTime refused by the 20% rules: 400 with its '
        + 'fields, and no session is written. The same idempotencyKey again: 200 with the first session. An admin: 403.',
      params: idParams, body: sessionCreate, response: { 200: mentoringSession, 201: mentoringSession, ...fail },
    },
    handler: async (req, reply) => {
      const { created, session } = await req.tenant((tx) => createSession(tx, mentoringActor(req), req.params.id, req.body));
      return reply.code(created ? 201 : 200).send(session);
    },
  });

  r.patch('/mentoring/mentorships/:id/sessions/:sid', {
    schema: {
      tags, security,
      summary: 'Record a planned session as held, or cancel it (the pair); cancelling takes back my own 20% request',
      description: 'Only a planned session (409 session_wrong_status). The other one\'s 20% request stays theirs to withdraw.',
      params: sessionParams, body: sessionUpdate, response: { 200: mentoringSession, ...fail },
    },
    handler: (req) => req.tenant((tx) => changeSession(tx, mentoringActor(req), req.params.id, req.params.sid, req.body)),
  });

  r.post('/mentoring/mentorships/:id/sessions/:sid/time', {
    schema: {
      tags, security, summary: 'File my 20% request for a planned session (in my own town)',
      description: 'One standing request per person and session (409 time_already_filed); refused by the 20% rules: 400.',
      params: sessionParams, response: { 200: mentoringSession, ...fail },
    },
    handler: (req) => req.tenant((tx) => fileSessionTime(tx, mentoringActor(req), req.params.id, req.params.sid)),
  });

  // ── private notes ──
  r.get('/mentoring/mentorships/:id/notes', {
    schema: {
      tags, security, summary: 'The pair\'s private notes (the two of the pair only; admins too: 404)',
      params: idParams, response: { 200: noteList, ...fail },
    },
    handler: (req) => req.tenant((tx) => readNotes(tx, mentoringActor(req), req.params.id)),
  });

  r.post('/mentoring/mentorships/:id/notes', {
    schema: {
      tags, security, summary: 'Write a private note (optionally on one of the pair\'s sessions: else 400 sessionId not_pair_session)',
      params: idParams, body: noteCreate, response: { 201: privateNote, ...fail },
    },
    handler: async (req, reply) => reply.code(201).send(await req.tenant((tx) => addNote(tx, mentoringActor(req), req.params.id, req.body))),
  });

  r.delete('/mentoring/mentorships/:id/notes/:noteId', {
    schema: {
      tags, security, summary: 'Delete my own note (someone else\'s: 404)',
      params: noteParams, response: { 200: okBody, ...fail },
    },
    handler: async (req) => {
      await req.tenant((tx) => removeNote(tx, mentoringActor(req), req.params.id, req.params.noteId));
      return { ok: true as const };
    },
  });

  // ── surveys ──
  r.put('/mentoring/mentorships/:id/surveys', {
    schema: {
      tags, security, summary: 'Answer (or change) my survey of a stage (the pair)',
      description: 'mid: once half the period has passed; end: the last 14 days or once ended — else 400 stage survey_not_due.',
      params: idParams, body: surveyInput, response: { 200: surveyState, ...fail },
    },
    handler: (req) => req.tenant((tx) => answerSurvey(tx, mentoringActor(req), req.params.id, req.body)),
  });

  // ── consultations ──
  r.get('/mentoring/mentorships/:id/consult-contacts', {
    schema: {
      tags: consultTags, security, summary: 'Whom the mentor may consult about the mentee: their 所属長 and their town\'s 人事',
      description: 'The mentee or an admin of the pair: 403 mentor_only.',
      params: idParams, response: { 200: consultContactList, ...fail },
    },
    handler: (req) => req.tenant((tx) => readContacts(tx, mentoringActor(req), req.params.id)),
  });

  r.post('/mentoring/mentorships/:id/consultations', {
    schema: {
      tags: consultTags, security,
      summary: 'Open a confidential consultation about the mentee (the mentor); only the mentor and the people consulted see it',
      description: '400 kind no_contact (nobody of that kind), contactIds not_contact. The same idempotencyKey again: 200.',
      params: idParams, body: consultationCreate, response: { 200: consultation, 201: consultation, ...fail },
    },
    handler: async (req, reply) => {
      const { created, consultation: c } = await req.tenant((tx) => openConsultation(tx, mentoringActor(req), req.params.id, req.body));
      return reply.code(created ? 201 : 200).send(c);
    },
  });

  r.get('/mentoring/consultations', {
    schema: { tags: consultTags, security, summary: 'The consultations I take part in', response: { 200: consultationList, ...fail } },
    handler: (req) => req.tenant((tx) => listMyConsultations(tx, mentoringActor(req))),
  });

  r.get('/mentoring/consultations/:id', {
    schema: {
      tags: consultTags, security, summary: 'A consultation and its messages (its participants only; anyone else 404)',
      params: idParams, response: { 200: consultation, ...fail },
    },
    handler: (req) => req.tenant((tx) => readConsultation(tx, mentoringActor(req), req.params.id)),
  });

  r.post('/mentoring/consultations/:id/messages', {
    schema: {
      tags: consultTags, security, summary: 'Write in a consultation (a participant); the others are told. Closed: 409.',
      params: idParams, body: consultationReply, response: { 200: consultation, 201: consultation, ...fail },
    },
    handler: async (req, reply) => {
      const { created, consultation: c } = await req.tenant((tx) => replyConsultation(tx, mentoringActor(req), req.params.id, req.body));
      return reply.code(created ? 201 : 200).send(c);
    },
  });

  r.post('/mentoring/consultations/:id/close', {
    schema: {
      tags: consultTags, security, summary: 'Close a consultation (any participant)',
      params: idParams, response: { 200: consultation, ...fail },
    },
    handler: (req) => req.tenant((tx) => closeConsultationBy(tx, mentoringActor(req), req.params.id)),
  });
};

export default routes;
