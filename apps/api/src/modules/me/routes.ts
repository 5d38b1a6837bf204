import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody, me, updateMeBody } from '@yui/contracts';
import { getMe, updateMe } from './service';

const routes: FastifyPluginAsyncZod = async (app) => {
  // Authenticate before anything else runs (body validation included).
  app.addHook('onRequest', app.authenticate);

  app.get('/me', {
    schema: { tags: ['me'], summary: 'The signed-in person', security: [{ bearerAuth: [] }], response: { 200: me, 401: errorBody } },
    handler: (req) => req.tenant((tx) => getMe(tx, req.auth.tid, req.auth.sub)),
  });

  app.patch('/me', {
    schema: {
      tags: ['me'], summary: 'Change own preferences (language) and self-introduction (自己紹介, shown on department pages)', security: [{ bearerAuth: [] }],
      body: updateMeBody, response: { 200: me, 400: errorBody, 401: errorBody },
    },
    handler: (req) => req.tenant((tx) => updateMe(tx, req.auth.tid, req.auth.sub, req.body)),
  });
};
export default routes;
