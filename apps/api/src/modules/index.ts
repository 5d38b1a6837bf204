import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import health from './health/routes';
import auth from './auth/routes';
import me from './me/routes';
import notifications from './notifications/routes';
import directory from './directory/routes';
import time from './time/routes';
import timeReports from './time-reports/routes';
import communities from './communities/routes';
import events from './events/routes';
import posts from './posts/routes';
import files from './files/routes';
import helpCalls from './help-calls/routes';
import talent from './talent/routes';
import departmentPages from './department-pages/routes';
import helpReports from './help-reports/routes';
import mentoring from './mentoring/routes';
import attractions from './attractions/routes';

/** Every feature module, each a self-contained plugin. Later features register here. */
export async function modules(app: FastifyInstance, opts: { config: Config }) {
  const c = opts.config;
  await app.register(health);
  await app.register(auth, {
    accessTtl: c.YUI_ACCESS_TOKEN_TTL,
    refreshDays: c.YUI_REFRESH_TOKEN_DAYS,
    sessionMaxDays: c.YUI_SESSION_MAX_DAYS,
    loginRateMaxPerAddress: c.YUI_LOGIN_RATE_MAX_PER_ADDRESS,
    loginRateMax: c.YUI_LOGIN_RATE_MAX,
    secureCookies: c.YUI_PUBLIC_URL.startsWith('https:'),
  });
  await app.register(me);
  await app.register(notifications);
  await app.register(directory, { uploadLimit: c.YUI_UPLOAD_LIMIT });
  await app.register(time);
  await app.register(timeReports);
  await app.register(communities);
  await app.register(events, { publicUrl: c.YUI_PUBLIC_URL, feedSecret: c.YUI_JWT_SECRET });
  await app.register(posts);
  await app.register(files, { uploadLimit: c.YUI_UPLOAD_LIMIT });
  await app.register(helpCalls);
  await app.register(talent);
  await app.register(departmentPages, { uploadLimit: c.YUI_UPLOAD_LIMIT });
  await app.register(helpReports);
  await app.register(mentoring);
  await app.register(attractions, { publicUrl: c.YUI_PUBLIC_URL, uploadLimit: c.YUI_UPLOAD_LIMIT });
}
