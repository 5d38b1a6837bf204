#!/usr/bin/env node
// `npm run bench`: throughput and latency of the API against a synthetic region (bench/README.md).
// Builds what changed, starts a fresh PostgreSQL (embedded binaries, temp folder, free port) — or, with
// DATABASE_URL set, creates a fresh database `yui_bench_<random>` on that server and drops it after —
// migrates it, then runs bench/src/run.ts (tsx), which seeds, starts the servers and measures.
// Everything it starts is stopped by PID (pidfiles), also on Ctrl-C and on errors. Never a test gate.
//   npm run bench -- --towns 4 --staff 200 --duration 3      a quick look
//   npm run bench -- --help                                  all flags
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ensureInstalled } from './lib/install.mjs';
import { pnpm } from './pnpm.mjs';

const root = new URL('../', import.meta.url).pathname;
const argv = process.argv.slice(2);

const runBench = (env) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/src/run.ts'), ...argv], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    // Ctrl-C reaches the whole process group; a SIGTERM sent to this process alone is passed on.
    const forward = () => child.kill('SIGTERM');
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 130 : 1));
    });
  });

ensureInstalled();
if (argv.includes('--help') || argv.includes('-h')) process.exit(await runBench({}));
// Only what the bench runs (the API and the migrations, with their dependencies), so a half-edited web
// app or worker elsewhere in the tree does not stop it. Unchanged packages come from turbo's cache.
console.log('\x1b[36m[yui]\x1b[0m building the API and the migrations (turbo; unchanged packages come from the cache)…');
pnpm(['exec', 'turbo', 'run', 'build', '--filter=@yui/api...', '--filter=@yui/db-tools...', '--output-logs=errors-only', '--log-prefix=none'], { cwd: root });

const { startPostgres, stopByPidfile, freePort, log } = await import('./lib/services.mjs');
const { migrate, appDatabaseUrl, withDatabase } = await import('../db/dist/index.js');
const postgres = (await import('postgres')).default;

const work = mkdtempSync(`${os.tmpdir()}/yui-bench-`);
chmodSync(work, 0o755);
const cleanups = [];
let exitCode = 0;
let interrupted = false;

async function cleanup() {
  // The bench's own servers first (normally already stopped by run.ts), then the database.
  for (const name of ['api', 'reference']) await stopByPidfile(path.join(work, `${name}.pid`), 'SIGTERM').catch(() => {});
  for (const fn of cleanups.reverse()) await fn().catch((e) => log(`cleanup: ${e.message}`));
  rmSync(work, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  // The child gets the same SIGINT (same process group) and winds down; cleanup follows its exit.
  interrupted = true;
});

try {
  let ownerUrl;
  if (process.env.DATABASE_URL) {
    const server = withDatabase(process.env.DATABASE_URL, 'postgres');
    const db = `yui_bench_${randomBytes(4).toString('hex')}`;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${db}`);
    await admin.end();
    cleanups.push(async () => {
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${db} with (force)`);
      await a.end();
    });
    ownerUrl = withDatabase(process.env.DATABASE_URL, db);
    log(`database ${db} on the server of DATABASE_URL (dropped afterwards)`);
  } else {
    const pg = await startPostgres({ dataDir: `${work}/pg`, port: await freePort(), fast: true, logFile: `${work}/postgres.log` });
    cleanups.push(() => pg.stop());
    ownerUrl = pg.url('postgres');
    log(`PostgreSQL on port ${pg.port} (fresh cluster in ${work}, fsync off; pid file ${pg.pidfile})`);
  }
  await migrate(ownerUrl);
  if (!interrupted) {
    exitCode = await runBench({
      BENCH_OWNER_URL: ownerUrl,
      BENCH_APP_URL: appDatabaseUrl({ DATABASE_URL: ownerUrl, YUI_APP_DB_PASSWORD: process.env.YUI_APP_DB_PASSWORD }),
      BENCH_WORK: work,
    });
  }
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await cleanup();
}
if (interrupted && exitCode === 0) exitCode = 130;
process.exit(exitCode);
