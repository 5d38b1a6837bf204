import { describe, expect, it } from 'vitest';
import { storageSettings } from '@yui/storage';
import { loadConfig } from './config';

describe('loadConfig', () => {
  const base = { DATABASE_APP_URL: 'postgres://yui_app:pw@127.0.0.1:5432/yui', YUI_MAILBOX_DIR: '/tmp/mail' };

  it('takes Redis when REDIS_URL is set and fills in the defaults', () => {
    const c = loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c).toMatchObject({ YUI_QUEUE_PREFIX: 'yui', YUI_OUTBOX_POLL_MS: 2000, YUI_MAIL_FROM: 'Yui <no-reply@yui.example>' });
  });

  it('derives the application role URL from DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://owner:secret@db:5432/yui', QUEUE_DATABASE_URL: 'postgres://q', YUI_MAILBOX_DIR: '/m' });
    expect(new URL(c.DATABASE_APP_URL).username).toBe('yui_app');
  });

  it('treats empty variables as unset and says what is missing', () => {
    expect(() => loadConfig({ ...base, REDIS_URL: '', QUEUE_DATABASE_URL: '' })).toThrow(/REDIS_URL: set REDIS_URL .* or QUEUE_DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_APP_URL: base.DATABASE_APP_URL, REDIS_URL: 'redis://r', YUI_MAILBOX_DIR: '' })).toThrow(/SMTP_URL: set SMTP_URL, or YUI_MAILBOX_DIR/);
    expect(() => loadConfig({ REDIS_URL: 'redis://r', YUI_MAILBOX_DIR: '/m' })).toThrow(/DATABASE_APP_URL/);
  });

  it('takes the reminder schedule as a cron pattern and refuses one the scheduler could not use', () => {
    expect(loadConfig({ ...base, REDIS_URL: 'redis://r' }).YUI_REMINDER_CRON).toBe('0 9 * * 1-5');
    expect(loadConfig({ ...base, REDIS_URL: 'redis://r', YUI_REMINDER_CRON: ' 30 8 * * 1-5 ' }).YUI_REMINDER_CRON).toBe('30 8 * * 1-5');
    expect(() => loadConfig({ ...base, REDIS_URL: 'redis://r', YUI_REMINDER_CRON: '0 25 * * *' })).toThrow(/YUI_REMINDER_CRON: not a usable cron pattern/);
    expect(() => loadConfig({ ...base, REDIS_URL: 'redis://r', YUI_REMINDER_CRON: 'daily' })).toThrow(/YUI_REMINDER_CRON: a cron pattern of 5 fields/);
  });

  it('takes the relay delivery settings, with defaults, and refuses nonsense', () => {
    expect(loadConfig({ ...base, REDIS_URL: 'redis://r' })).toMatchObject({ YUI_WEBHOOK_ATTEMPTS: 6, YUI_WEBHOOK_BACKOFF_MS: 10_000, YUI_WEBHOOK_TIMEOUT_MS: 10_000 });
    expect(loadConfig({ ...base, REDIS_URL: 'redis://r', YUI_WEBHOOK_ATTEMPTS: '3', YUI_WEBHOOK_BACKOFF_MS: '50', YUI_WEBHOOK_TIMEOUT_MS: '2000' }))
      .toMatchObject({ YUI_WEBHOOK_ATTEMPTS: 3, YUI_WEBHOOK_BACKOFF_MS: 50, YUI_WEBHOOK_TIMEOUT_MS: 2000 });
    expect(() => loadConfig({ ...base, REDIS_URL: 'redis://r', YUI_WEBHOOK_ATTEMPTS: '0' })).toThrow(/YUI_WEBHOOK_ATTEMPTS/);
    expect(() => loadConfig({ ...base, REDIS_URL: 'redis://r', YUI_WEBHOOK_TIMEOUT_MS: 'soon' })).toThrow(/YUI_WEBHOOK_TIMEOUT_MS/);
  });

  it('reads the file storage settings as the API does (same folder or bucket)', () => {
    const c = loadConfig({ ...base, REDIS_URL: 'redis://r', YUI_FILES_DIR: '' });
    expect(storageSettings(c)).toEqual({ filesDir: '.data/files', s3: null });
    expect(storageSettings(loadConfig({ ...base, REDIS_URL: 'redis://r', YUI_FILES_DIR: '/var/lib/yui/uploads' })).filesDir).toBe('/var/lib/yui/uploads');
    const s3 = { YUI_S3_BUCKET: 'b', YUI_S3_ACCESS_KEY_ID: 'k', YUI_S3_SECRET_ACCESS_KEY: 's' };
    expect(storageSettings(loadConfig({ ...base, REDIS_URL: 'redis://r', ...s3, YUI_S3_ENDPOINT: 'http://minio:9000' })).s3)
      .toEqual({ bucket: 'b', region: 'ap-northeast-1', accessKeyId: 'k', secretAccessKey: 's', endpoint: 'http://minio:9000' });
    expect(() => loadConfig({ ...base, REDIS_URL: 'redis://r', YUI_S3_BUCKET: 'b' }))
      .toThrow(/YUI_S3_ACCESS_KEY_ID: required when YUI_S3_BUCKET is set[\s\S]*YUI_S3_SECRET_ACCESS_KEY: required/);
    expect(() => loadConfig({ ...base, REDIS_URL: 'redis://r', ...s3, YUI_S3_ENDPOINT: 'minio' })).toThrow(/YUI_S3_ENDPOINT/);
  });
});
