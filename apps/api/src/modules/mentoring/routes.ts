import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import programmeRoutes from './routes-programmes';
import pairRoutes from './routes-pairs';

// 職員サポート制度 (mentoring): /api/mentoring/**. Two route files, thin: programmes, participants,
// matching and the report (routes-programmes.ts); pairs, sessions, private notes, surveys and
// consultations (routes-pairs.ts). Rules live in the service files beside them (README.md).

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  // Errors name fields in the words of mentoring (制度名, 実施日…), not a community's.
  app.addHook('onRoute', (route) => { route.config = { ...route.config, labels: 'mentoring' }; });
  await app.register(programmeRoutes);
  await app.register(pairRoutes);
};

export default routes;
