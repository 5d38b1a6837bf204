import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The no-op baseline of the benchmark: no auth, no database. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', {
    schema: { tags: ['system'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });
  app.get('/health/ready', {
    schema: { tags: ['system'], summary: 'Readiness (database reachable)', response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => {
      await app.sql`select 1`;
      return { status: 'ok' as const };
    },
  });
};
export default routes;
