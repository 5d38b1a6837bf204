import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createStorage, type FileStorage, type StorageSettings } from '@yui/storage';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where attachment bytes live (local folder or S3 bucket). Keys: `<regionId>/<yyyy>/<mm>/<uuid>`. */
    storage: FileStorage;
  }
}

/**
 * Decorates `app.storage`. `storage` replaces the configured one (tests); otherwise it is built from
 * the settings (storageSettings(config)). Touches neither disk nor network at start: the first
 * upload creates the folder.
 */
export default fp(
  async function storage(app: FastifyInstance, opts: { settings: StorageSettings; storage?: FileStorage }) {
    const store = opts.storage ?? createStorage(opts.settings);
    app.decorate('storage', store);
    app.log.info({ storage: store.kind }, 'file storage');
  },
  { name: 'storage' },
);
