import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// 20%ルール reports: /api/time-reports. Being built.
const routes: FastifyPluginAsyncZod = async () => {};
export default routes;
