#!/usr/bin/env node
// `npm start`: install, build, start PostgreSQL (embedded unless DATABASE_URL), migrate, seed the
// demo region once, and run API + worker + web on one address. Ctrl-C stops everything.
import { ensureInstalled, build } from './lib/install.mjs';

ensureInstalled();
build();

const { startPostgres, log, freePort } = await import('./lib/services.mjs');
const { startStack } = await import('./lib/stack.mjs');
const { migrate, seedDemo, listDemoAccounts, appDatabaseUrl } = await import('../db/dist/index.js');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = await import('node:fs');
const { randomBytes } = await import('node:crypto');
const postgres = (await import('postgres')).default;

const root = new URL('../', import.meta.url).pathname;
const dataDir = `${root}.data`;
mkdirSync(dataDir, { recursive: true });
const port = Number(process.env.PORT ?? 3000);

// Secrets for the embedded default live in .data so that sign-ins survive a restart.
const secretsFile = `${dataDir}/secrets.json`;
const secrets = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {};
secrets.jwt ??= randomBytes(32).toString('base64url');
writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });

async function portOr(preferred) {
  const net = await import('node:net');
  const free = await new Promise((resolve) => {
    const srv = net.createServer().once('error', () => resolve(false));
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}

let pg;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  // A fixed port by default, so tools can find the database; another checkout's Yui may hold it.
  const pgPort = process.env.YUI_PG_PORT ? Number(process.env.YUI_PG_PORT) : await portOr(54329);
  log(`starting embedded PostgreSQL on 127.0.0.1:${pgPort} (data in .data/pg)`);
  pg = await startPostgres({ dataDir: `${dataDir}/pg`, port: pgPort, logFile: `${dataDir}/postgres.log` });
  const admin = postgres(pg.url(), { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = 'yui'`;
  if (!exists) await admin.unsafe('create database yui');
  await admin.end();
  databaseUrl = pg.url('yui');
}

let stack;
let shuttingDown = false;
const shutdown = async (code = 0) => {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping…');
  await stack?.stop();
  await pg?.stop();
  log('stopped');
  process.exit(code);
};
// npm forwards Ctrl-C as well as the terminal: the second signal must not cut the shutdown short.
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  await migrate(databaseUrl);
  // The demo's attraction photos go where the API and worker will read them (S3 when configured).
  const filesDir = process.env.YUI_FILES_DIR ?? `${dataDir}/files`;
  const seeded = await seedDemo(databaseUrl, process.env.YUI_S3_BUCKET ? {} : { files: filesDir });
  if (seeded.seeded) log('demo data seeded (こおりやま広域圏, 6 municipalities)');

  const env = {
    DATABASE_APP_URL: appDatabaseUrl({ DATABASE_URL: databaseUrl, YUI_APP_DB_PASSWORD: process.env.YUI_APP_DB_PASSWORD }),
    YUI_JWT_SECRET: process.env.YUI_JWT_SECRET ?? secrets.jwt,
    YUI_MAILBOX_DIR: process.env.SMTP_URL ? '' : `${dataDir}/mailbox`,
    // Attachments: local disk unless YUI_S3_BUCKET names S3-compatible storage.
    YUI_FILES_DIR: filesDir,
    // Request logs stay quiet on the console; set YUI_LOG_LEVEL=info to see every request.
    YUI_LOG_LEVEL: process.env.YUI_LOG_LEVEL ?? 'warn',
    ...(process.env.REDIS_URL ? {} : { QUEUE_DATABASE_URL: appDatabaseUrl({ DATABASE_URL: databaseUrl, YUI_APP_DB_PASSWORD: process.env.YUI_APP_DB_PASSWORD }) }),
  };
  stack = await startStack({ port, env, pidDir: `${dataDir}/run`, portIsFixed: Boolean(process.env.PORT) });
} catch (e) {
  console.error(e);
  await shutdown(1);
}

const accounts = listDemoAccounts();
const line = '─'.repeat(64);
console.log(`\n${line}
  結 Yui is running:  \x1b[1m${stack.url}\x1b[0m
  API docs:           ${stack.url}/api/docs
  Public region page: ${stack.url}/visit/koriyama  (地域の魅力, no sign-in)
  Database:           ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL (.data/pg)'}
  Job queue:          ${process.env.REDIS_URL ? 'Redis (REDIS_URL)' : 'BullMQ on PostgreSQL'}
  Outgoing mail:      ${process.env.SMTP_URL ? 'SMTP_URL' : '.data/mailbox/*.eml'}

  Demo sign-ins (password: yui-demo)
${accounts.map((a) => `    ${a.email.padEnd(40)} ${a.town} ${a.role}`).join('\n')}

  Ctrl-C stops everything.
${line}\n`);

const crashed = await stack.crashed;
if (crashed) await shutdown(1);
