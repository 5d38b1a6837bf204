import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// 20%ルール: /api/time-requests, /api/time-policy. Being built.
const routes: FastifyPluginAsyncZod = async () => {};
export default routes;
