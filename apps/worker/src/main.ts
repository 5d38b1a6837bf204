import closeWithGrace from 'close-with-grace';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startWorkerApp, type WorkerApp } from './app';

const config = loadConfig();
const log = createLogger(config.YUI_LOG_LEVEL);
let app: WorkerApp | undefined;

// Registered before start-up, which waits for the queue to answer: a SIGTERM meanwhile still exits cleanly.
closeWithGrace({ delay: 15_000, logger: { error: (m: unknown) => log.error(m) } }, async ({ err, signal }) => {
  if (err) log.error({ err }, 'closing because of an error');
  else log.info({ signal }, 'closing');
  await app?.close();
});

try {
  app = await startWorkerApp(config, { log });
} catch (err) {
  log.fatal({ err }, 'worker failed to start');
  process.exit(1);
}
