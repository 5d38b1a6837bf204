import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { LocalStorage, storageSettings, type FileStorage } from '@yui/storage';
import { loadConfig } from '../src/config';
import storagePlugin from '../src/plugins/external/storage';

// The drivers and the settings themselves are tested in packages/storage; here the API's side.
describe('the API file storage', () => {
  const base = { DATABASE_APP_URL: 'postgres://yui_app:pw@127.0.0.1:5432/yui', NODE_ENV: 'test' };

  it('reads the storage settings with the rest of its config', () => {
    expect(storageSettings(loadConfig({ ...base, YUI_FILES_DIR: '', YUI_S3_BUCKET: '' }))).toEqual({ filesDir: '.data/files', s3: null });
    const c = loadConfig({ ...base, YUI_S3_BUCKET: 'b', YUI_S3_ACCESS_KEY_ID: 'k', YUI_S3_SECRET_ACCESS_KEY: 's', YUI_S3_ENDPOINT: 'http://minio:9000' });
    expect(storageSettings(c).s3).toEqual({ bucket: 'b', region: 'ap-northeast-1', accessKeyId: 'k', secretAccessKey: 's', endpoint: 'http://minio:9000' });
    expect(() => loadConfig({ ...base, YUI_S3_BUCKET: 'b' })).toThrow(/YUI_S3_ACCESS_KEY_ID: required when YUI_S3_BUCKET is set/);
  });

  it('decorates app.storage through the plugin: the given one, or one built from the settings', async () => {
    const app = Fastify({ logger: false });
    const given: FileStorage = new LocalStorage(path.join(tmpdir(), 'unused'));
    await app.register(storagePlugin, { settings: storageSettings(loadConfig(base)), storage: given });
    await app.ready();
    expect(app.storage).toBe(given);
    await app.close();

    const built = Fastify({ logger: false });
    await built.register(storagePlugin, { settings: { filesDir: path.join(tmpdir(), 'yui-unused'), s3: null } });
    await built.ready();
    expect(built.storage).toBeInstanceOf(LocalStorage);
    expect((built.storage as LocalStorage).dir).toBe(path.join(tmpdir(), 'yui-unused'));
    await built.close();
  });
});
