#!/usr/bin/env node
// `npm test`: the whole suite on a fresh machine. Starts its own PostgreSQL (embedded binaries) and a
// real Redis on free ports, migrates a template database, runs unit + integration tests (vitest),
// then brings the product up on demo data and drives it in Debian's Chromium (Playwright).
// Every service it starts is stopped by the PID in its pidfile, whatever happens.
//   npm test                 everything
//   npm test -- --no-e2e     skip the browser tests
//   npm test -- --only-e2e   only the browser tests
import { ensureInstalled, build } from './lib/install.mjs';

const args = new Set(process.argv.slice(2));
ensureInstalled();
build();

const { startPostgres, startRedis, ensureChromium, ensureCjkFont, freePort, log } = await import('./lib/services.mjs');
const { startStack } = await import('./lib/stack.mjs');
const { migrate, seedDemo, appDatabaseUrl, withDatabase } = await import('../db/dist/index.js');
const { spawn } = await import('node:child_process');
const { mkdtempSync, rmSync, chmodSync } = await import('node:fs');
const { randomBytes } = await import('node:crypto');
const os = await import('node:os');
const postgres = (await import('postgres')).default;

const root = new URL('../', import.meta.url).pathname;
const work = mkdtempSync(`${os.tmpdir()}/yui-test-`);
chmodSync(work, 0o755);
const cleanups = [];
let exitCode = 0;

const run = (cmd, argv, env) =>
  new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    const forward = () => child.kill('SIGINT');
    process.once('SIGINT', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });

async function cleanup() {
  for (const fn of cleanups.reverse()) await fn().catch((e) => log(`cleanup: ${e.message}`));
  rmSync(work, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  exitCode = 130;
});

try {
  // ---- services ----
  let serverUrl = process.env.DATABASE_URL ? withDatabase(process.env.DATABASE_URL, 'postgres') : null;
  if (!serverUrl) {
    const pg = await startPostgres({ dataDir: `${work}/pg`, port: await freePort(), fast: true, logFile: `${work}/postgres.log` });
    cleanups.push(() => pg.stop());
    serverUrl = pg.url('postgres');
    log(`PostgreSQL on port ${pg.port} (pid file ${pg.pidfile})`);
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const redis = await startRedis({ dir: `${work}/redis`, port: await freePort() });
    cleanups.push(() => redis.stop());
    redisUrl = redis.url;
    log(`Redis at ${redis.url} (pid file ${redis.pidfile})`);
  }

  // ---- template database, migrated once; each test file clones it ----
  const suffix = randomBytes(3).toString('hex');
  const template = `yui_template_${suffix}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  cleanups.push(async () => {
    const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
    const dbs = await a`select datname from pg_database where datname like ${`yui_%${suffix}`} or datname like 'yui_t_%'`;
    if (process.env.DATABASE_URL) for (const { datname } of dbs) await a.unsafe(`drop database if exists ${datname} with (force)`);
    await a.end();
  });
  await migrate(withDatabase(serverUrl, template));
  await admin.end();

  // YUI_FILES_DIR: seed tests write the demo's pictures into the run's own folder, never the repository's .data.
  const testEnv = { YUI_TEST_PG_URL: serverUrl, YUI_TEST_TEMPLATE: template, REDIS_URL: redisUrl, NODE_ENV: 'test', YUI_FILES_DIR: `${work}/files` };

  // ---- types (turbo caches unchanged packages) ----
  if (!args.has('--only-e2e')) {
    log('type-checking every package…');
    const { pnpmCommand } = await import('./pnpm.mjs');
    const [cmd, ...pre] = pnpmCommand();
    const code = await run(cmd, [...pre, 'exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'], {});
    if (code !== 0) exitCode = code;
  }

  // ---- unit + integration ----
  if (!args.has('--only-e2e') && exitCode === 0) {
    log('unit and integration tests (vitest)…');
    const code = await run(process.execPath, [`${root}node_modules/vitest/vitest.mjs`, 'run'], testEnv);
    if (code !== 0) exitCode = code;
  }

  // ---- browser: the product on demo data, in real Chromium ----
  if (!args.has('--no-e2e') && exitCode === 0) {
    const chromium = ensureChromium();
    ensureCjkFont();
    const e2eDb = `yui_e2e_${suffix}`;
    const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`create database ${e2eDb} template ${template}`);
    await a.end();
    const ownerUrl = withDatabase(serverUrl, e2eDb);
    await seedDemo(ownerUrl, { files: `${work}/files` });
    const port = await freePort();
    const stack = await startStack({
      port,
      quiet: true,
      pidDir: `${work}/run`,
      env: {
        DATABASE_APP_URL: appDatabaseUrl({ DATABASE_URL: ownerUrl }),
        REDIS_URL: redisUrl,
        YUI_JWT_SECRET: randomBytes(32).toString('base64url'),
        YUI_MAILBOX_DIR: `${work}/mailbox`,
        YUI_FILES_DIR: `${work}/files`,
        YUI_LOG_LEVEL: 'warn',
        YUI_QUEUE_PREFIX: `e2e${suffix}`,
      },
    });
    cleanups.push(() => stack.stop());
    log(`browser tests against ${stack.url} (Chromium: ${chromium})`);
    const code = await run(process.execPath, [`${root}node_modules/@playwright/test/cli.js`, 'test', '-c', 'tests/e2e/playwright.config.ts'], {
      YUI_E2E_URL: stack.url,
      YUI_E2E_DATABASE_URL: ownerUrl,
      YUI_E2E_MAILBOX: `${work}/mailbox`,
      CHROMIUM_PATH: chromium,
    });
    if (code !== 0) exitCode = code;
  }
} catch (e) {
  console.error(e);
  exitCode = exitCode || 1;
} finally {
  await cleanup();
}
log(exitCode === 0 ? 'all tests passed' : `tests failed (exit ${exitCode})`);
process.exit(exitCode);
