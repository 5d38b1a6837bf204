import closeWithGrace from 'close-with-grace';
import { loadConfig } from './config';
import { buildApp } from './app';

const config = loadConfig();
const app = await buildApp(config);

closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'closing because of an error');
  await app.close();
});

await app.listen({ port: config.PORT, host: config.HOST });
