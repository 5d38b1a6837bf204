import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { storageSettings } from '@yui/storage';
import type { Config } from './config';
import db from './plugins/external/db';
import security from './plugins/external/security';
import docs from './plugins/external/docs';
import errors from './plugins/app/errors';
import auth from './plugins/app/auth';
import storage from './plugins/external/storage';
import { modules } from './modules/index';

export interface BuildOptions {
  logger?: boolean;
}

/** The API as a plugin tree: external plugins → app plugins → feature modules under /api. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : {
      level: config.YUI_LOG_LEVEL,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    bodyLimit: config.YUI_BODY_LIMIT,
    trustProxy: config.YUI_TRUST_PROXY === 'true' ? true : config.YUI_TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: 'all' } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  if (redis) app.addHook('onClose', async () => void redis.disconnect());

  await app.register(errors);
  await app.register(db, { url: config.DATABASE_APP_URL, max: config.DB_POOL_MAX });
  await app.register(security, { redis });
  await app.register(docs);
  await app.register(auth, { secret: config.YUI_JWT_SECRET, accessTtl: config.YUI_ACCESS_TOKEN_TTL });

  await app.register(storage, { settings: storageSettings(config) });
  await app.register(modules, { prefix: '/api', config });
  return app;
}
