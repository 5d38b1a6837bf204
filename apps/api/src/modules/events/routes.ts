import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  attendanceBody, calendarFeed, communityEvent, errorBody, eventCreate, eventListQuery, eventSummary, eventUpdate, idParams, page,
  registerBody, registrantList, registrationResult,
} from '@yui/contracts';
import { attachment } from '../../lib/download';
import { notFound } from '../../lib/errors';
import { communityActor } from '../communities/access';
import { eventIcs, feedFor, feedIcs, type CalendarOptions } from './calendar';
import { cancelMine, recordAttendance, register, registrants } from './registrations';
import { cancelEvent, createEvent, listEventPage, readEvent, updateEvent } from './service';

// 勉強会・イベント: /api/events, /api/communities/:id/events and the calendars (/api/calendar). Thin
// routes: the rules live in service.ts, registrations.ts and calendar.ts beside this file.

const security = [{ bearerAuth: [] }];
const tags = ['community events'];
/** An event the reader may not see answers 404, whether it is another region's or an invite-only community's. */
const fail = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

const feedKey = (params: unknown) =>
  createHash('sha256').update(String((params as { file?: unknown } | undefined)?.file ?? '')).digest('base64url').slice(0, 22);

const calendarText = { description: 'iCalendar (RFC 5545)', content: { 'text/calendar': { schema: z.string() } } };

const routes: FastifyPluginAsyncZod<CalendarOptions> = async (app, opts) => {
  const cal: CalendarOptions = { publicUrl: opts.publicUrl, feedSecret: opts.feedSecret };

  // ── signed in ──
  await app.register(async (app) => {
    app.addHook('onRequest', app.authenticate);
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/events', {
      schema: {
        tags, security,
        summary: 'Events of the communities I may read: upcoming (soonest first), past (latest first) or mine (my places and waitlist places to come)',
        querystring: eventListQuery, response: { 200: page(eventSummary), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
      handler: (req) => req.tenant((tx) => listEventPage(tx, communityActor(req), req.query)),
    });

    r.post('/communities/:id/events', {
      schema: {
        tags, security,
        summary: 'Create an event (the community\'s managers); members who get every notice are told',
        description: 'Refused with 400 naming the field: endsAt not after startsAt (ends_before_start), an online or hybrid event '
          + 'without onlineUrl (online_url_required), an in-person or hybrid event without place (place_required). The same '
          + 'idempotencyKey again answers 200 with the first event.',
        params: idParams, body: eventCreate, response: { 200: communityEvent, 201: communityEvent, ...fail },
      },
      handler: async (req, reply) => {
        const { created, event } = await req.tenant((tx) => createEvent(tx, communityActor(req), req.params.id, req.body));
        return reply.code(created ? 201 : 200).send(event);
      },
    });

    r.get('/events/:id', {
      schema: {
        tags, security,
        summary: 'One event: materials, my registration, the online link (people with a place and managers), and the 20%-rule offer when it falls in working hours',
        params: idParams, response: { 200: communityEvent, ...fail },
      },
      handler: (req) => req.tenant((tx) => readEvent(tx, communityActor(req), req.params.id)),
    });

    r.patch('/events/:id', {
      schema: {
        tags, security,
        summary: 'Edit an event, its materials and their note (managers)',
        description: 'Fields left out stay. capacity below the people registered is refused (capacity_below_registered); a higher '
          + 'capacity moves the waitlist up. materialIds: the full list of the community\'s files to attach (unknown_file otherwise). '
          + 'A change of time or place raises the calendar SEQUENCE.',
        params: idParams, body: eventUpdate, response: { 200: communityEvent, ...fail },
      },
      handler: (req) => req.tenant((tx) => updateEvent(tx, communityActor(req), req.params.id, req.body)),
    });

    r.post('/events/:id/cancel', {
      schema: {
        tags, security, summary: '中止: cancel the event (managers); everyone registered or waitlisted is told',
        params: idParams, response: { 200: communityEvent, ...fail },
      },
      handler: (req) => req.tenant((tx) => cancelEvent(tx, communityActor(req), req.params.id)),
    });

    r.post('/events/:id/registrations', {
      schema: {
        tags, security,
        summary: 'Register: a place while there is one, else the waitlist; optionally file the 20%-rule request for its working hours',
        description: '201 when registered now, 200 when already registered or waitlisted. 409 event_ended / event_cancelled. With '
          + 'fileTimeRequest the request is filed in the same step (also from the waitlist: the manager decides beforehand); if it '
          + 'is refused, nothing is registered and the 400 names the field as POST /api/time-requests does.',
        params: idParams, body: registerBody, response: { 200: registrationResult, 201: registrationResult, ...fail },
      },
      handler: async (req, reply) => {
        const { created, result } = await req.tenant((tx) => register(tx, communityActor(req), req.params.id, req.body));
        return reply.code(created ? 201 : 200).send(result);
      },
    });

    r.delete('/events/:id/registrations/me', {
      schema: {
        tags, security,
        summary: 'Cancel my registration: the first on the waitlist moves up; my 20%-rule request for it is withdrawn while still pending',
        params: idParams, response: { 200: registrationResult, ...fail },
      },
      handler: (req) => req.tenant((tx) => cancelMine(tx, communityActor(req), req.params.id)),
    });

    r.get('/events/:id/registrations', {
      schema: {
        tags, security, summary: 'Registrants (managers): registered, the waitlist in order, then cancellations',
        params: idParams, response: { 200: registrantList, ...fail },
      },
      handler: (req) => req.tenant((tx) => registrants(tx, communityActor(req), req.params.id)),
    });

    r.put('/events/:id/attendance', {
      schema: {
        tags, security, summary: 'Record attendance (managers); only people with a place (not_registered otherwise)',
        params: idParams, body: attendanceBody, response: { 200: registrantList, ...fail },
      },
      handler: (req) => req.tenant((tx) => recordAttendance(tx, communityActor(req), req.params.id, req.body)),
    });

    r.get('/events/:id/ics', {
      schema: {
        tags, security, summary: 'The event as an .ics file to add to a calendar',
        params: idParams, response: { 200: calendarText, ...fail },
      },
      handler: async (req, reply) => {
        const ics = await req.tenant((tx) => eventIcs(tx, communityActor(req), req.params.id, cal));
        return reply
          .header('content-type', 'text/calendar; charset=utf-8')
          .header('content-disposition', attachment({ name: ics.name, ascii: ics.ascii }))
          .header('cache-control', 'private, no-store')
          .send(ics.body);
      },
    });

    r.get('/calendar/feed', {
      schema: {
        tags, security,
        summary: 'My calendar feed URL (made on first use; the same URL every time until reset), and its webcal:// form for Outlook',
        response: { 200: calendarFeed, 401: errorBody },
      },
      handler: (req) => req.tenant((tx) => feedFor(tx, communityActor(req), cal, { reset: false })),
    });

    r.post('/calendar/feed/reset', {
      schema: {
        tags, security, summary: 'A new feed URL: the old one stops working at once',
        response: { 200: calendarFeed, 401: errorBody },
      },
      handler: (req) => req.tenant((tx) => feedFor(tx, communityActor(req), cal, { reset: true })),
    });
  });

  // ── calendar clients: no sign-in, the token in the URL is the key ──
  await app.register(async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/calendar/:file', {
      // Per token, not per address: Outlook.com and Google fetch subscriptions from their own shared
      // servers, so one address stands for many people. A token cannot be guessed; this only keeps one
      // misbehaving client from fetching a feed in a loop. The key is hashed: the token is a secret,
      // and the limiter's keys live in Redis.
      config: { rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req) => `calendar-feed|${feedKey(req.params)}` } },
      schema: {
        tags,
        summary: 'My calendar feed (/api/calendar/<token>.ics): my registered and waitlisted events of the last 30 days and to come',
        description: 'No Authorization header (Outlook, Google and phones send none): the secret token is the key. Cancelled events '
          + 'stay as STATUS:CANCELLED, waitlist places are TENTATIVE. Unknown or reset tokens answer 404.',
        params: z.object({ file: z.string().max(100) }),
        response: { 200: calendarText, 404: errorBody, 429: errorBody },
      },
      handler: async (req, reply) => {
        const body = await feedIcs(app, req.params.file, cal);
        if (body === null) throw notFound();
        return reply
          .header('content-type', 'text/calendar; charset=utf-8')
          .header('cache-control', 'private, max-age=300')
          .send(body);
      },
    });
  });
};
export default routes;
