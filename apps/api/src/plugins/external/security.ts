import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

/** Security headers, cookies, and the rate limiter (shared through Redis when there is one). */
export default fp(
  async function security(app: FastifyInstance, opts: { redis?: Redis }) {
    await app.register(helmet, {
      // The API answers JSON; the docs page needs its own scripts and styles.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    });
    await app.register(cookie);
    await app.register(rateLimit, {
      global: false,
      ...(opts.redis ? { redis: opts.redis, nameSpace: 'yui-rl:' } : {}),
    });
  },
  { name: 'security' },
);
