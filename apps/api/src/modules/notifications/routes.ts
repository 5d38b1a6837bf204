import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody, idParams, notificationPage, notificationsQuery, okBody, unreadCount as unreadBody } from '@yui/contracts';
import { pickLang } from '../../lib/lang';
import { listNotifications, markAllRead, markRead, unreadCount } from './service';

const routes: FastifyPluginAsyncZod = async (app) => {
  // Authenticate before anything else runs (body validation included).
  app.addHook('onRequest', app.authenticate);
  const security = [{ bearerAuth: [] }];

  app.get('/notifications', {
    schema: {
      tags: ['notifications'], summary: 'My notifications, newest first (cursor pagination)', security,
      querystring: notificationsQuery, response: { 200: notificationPage, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => listNotifications(tx, { tenantId: req.auth.tid, userId: req.auth.sub }, req.query, pickLang(req.headers['accept-language']))),
  });

  app.get('/notifications/unread-count', {
    schema: { tags: ['notifications'], summary: 'Unread count for the bell', security, response: { 200: unreadBody, 401: errorBody } },
    handler: async (req) => ({ unread: await req.tenant((tx) => unreadCount(tx, { tenantId: req.auth.tid, userId: req.auth.sub })) }),
  });

  app.post('/notifications/:id/read', {
    schema: { tags: ['notifications'], summary: 'Mark one as read', security, params: idParams, response: { 200: okBody, 404: errorBody } },
    handler: async (req) => {
      await req.tenant((tx) => markRead(tx, { tenantId: req.auth.tid, userId: req.auth.sub }, req.params.id));
      return { ok: true as const };
    },
  });

  app.post('/notifications/read-all', {
    schema: { tags: ['notifications'], summary: 'Mark all as read', security, response: { 200: okBody } },
    handler: async (req) => {
      await req.tenant((tx) => markAllRead(tx, { tenantId: req.auth.tid, userId: req.auth.sub }));
      return { ok: true as const };
    },
  });
};
export default routes;
