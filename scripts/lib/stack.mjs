// Runs the whole product on one address: API, worker and web as child processes, and a small front
// that sends /api/* to the API and everything else to the web server — as an ingress does in production.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freePort, log, isAlive } from './services.mjs';

const root = new URL('../../', import.meta.url).pathname;

function prefixLines(stream, label, color, quiet) {
  let buf = '';
  stream.on('data', (chunk) => {
    buf += chunk;
    const lines = buf.split('\n');
    buf = lines.pop();
    if (quiet) return;
    for (const line of lines) if (line.trim()) process.stdout.write(`\x1b[${color}m${label}\x1b[0m ${line}\n`);
  });
}

function waitHttp(url, ms = 60000) {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = http.get(url, (res) => {
        res.resume();
        if (res.statusCode && res.statusCode < 500) resolve();
        else retry();
      });
      req.on('error', retry);
      req.setTimeout(2000, () => req.destroy());
    };
    const retry = () => (Date.now() > until ? reject(new Error(`${url} did not come up`)) : setTimeout(attempt, 100));
    attempt();
  });
}

async function firstFreePort(from) {
  for (let p = from; p < from + 50; p++) {
    const free = await new Promise((resolve) => {
      const srv = http.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(p, '0.0.0.0', () => srv.close(() => resolve(true)));
    });
    if (free) return p;
  }
  throw new Error(`no free port from ${from}`);
}

function createFront({ port, apiPort, webPort }) {
  const server = http.createServer((req, res) => {
    const target = req.url.startsWith('/api/') || req.url === '/api' ? apiPort : webPort;
    const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress, 'x-forwarded-proto': 'http', 'x-forwarded-host': req.headers.host };
    const up = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
      // The upstream may answer before reading the whole body (413 for an upload too large): stop
      // forwarding and drain the rest, or the client waits for ever.
      upRes.on('end', () => {
        if (!req.readableEnded) {
          req.unpipe(up);
          req.resume();
        }
      });
    });
    res.on('close', () => up.destroy());
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Yui: upstream unavailable / サービスに接続できません');
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 65000;
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}

/**
 * Starts API, worker and web with the given settings. `env` carries DATABASE_APP_URL, REDIS_URL or
 * QUEUE_DATABASE_URL, YUI_JWT_SECRET, YUI_MAILBOX_DIR… Returns { url, stop() }.
 */
/**
 * Children left behind by a launcher that was killed outright: stop them by their pidfiles, but only
 * when the PID still runs one of our scripts (PIDs get reused).
 */
export async function stopStale(pidDir) {
  if (!existsSync(pidDir)) return;
  for (const f of readdirSync(pidDir).filter((n) => n.endsWith('.pid'))) {
    const pid = Number(readFileSync(path.join(pidDir, f), 'utf8'));
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch {}
    if (pid && isAlive(pid) && /apps\/(api|worker|web)\/(dist|build)\//.test(cmd)) {
      log(`stopping ${f.replace('.pid', '')} left over from an earlier run (pid ${pid})`);
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(path.join(pidDir, f), { force: true });
  }
}

export async function startStack({ port: wanted, env, pidDir, quiet = false, portIsFixed = true }) {
  const apiPort = await freePort();
  const webPort = await freePort();
  // The one address. When the caller did not insist on a port, take the next free one.
  const port = portIsFixed ? wanted : await firstFreePort(wanted);
  const publicUrl = `http://localhost:${port}`;
  mkdirSync(pidDir, { recursive: true });
  await stopStale(pidDir);
  const children = [];
  let stopping = false;
  let onCrash = () => {};

  const launch = (name, color, script, extraEnv) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      cwd: root,
      // Own process group: a terminal's Ctrl-C reaches only the launcher, which then stops each
      // child once, in order, instead of every process getting the signal twice.
      detached: true,
      env: { ...process.env, ...env, ...extraEnv, NODE_ENV: process.env.NODE_ENV ?? 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pidfile = path.join(pidDir, `${name}.pid`);
    writeFileSync(pidfile, String(child.pid));
    prefixLines(child.stdout, name.padEnd(6), color, quiet);
    prefixLines(child.stderr, name.padEnd(6), color, false);
    child.on('exit', (code, signal) => {
      rmSync(pidfile, { force: true });
      if (!stopping) {
        log(`${name} exited (${signal ?? code}); stopping the rest`);
        onCrash(name);
      }
    });
    children.push({ name, child });
    return child;
  };

  launch('api', '34', 'apps/api/dist/server.js', { PORT: String(apiPort), HOST: '127.0.0.1', YUI_PUBLIC_URL: publicUrl });
  launch('worker', '35', 'apps/worker/dist/main.js', { YUI_PUBLIC_URL: publicUrl });
  launch('web', '32', 'apps/web/build/index.js', {
    PORT: String(webPort), HOST: '127.0.0.1', ORIGIN: publicUrl, API_INTERNAL_URL: `http://127.0.0.1:${apiPort}`,
    BODY_SIZE_LIMIT: '11M',
    // The front below replaces X-Forwarded-For with the client's address; trust exactly that one hop.
    ADDRESS_HEADER: 'x-forwarded-for',
    XFF_DEPTH: '1',
  });

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    front?.close();
    front?.closeAllConnections?.();
    await Promise.all(
      children.map(({ child }) =>
        child.exitCode !== null || child.signalCode !== null
          ? undefined
          : new Promise((resolve) => {
              const t = setTimeout(() => child.kill('SIGKILL'), 10000);
              child.once('exit', () => (clearTimeout(t), resolve()));
              child.kill('SIGTERM');
            }),
      ),
    );
  };

  let front;
  try {
    await Promise.all([
      waitHttp(`http://127.0.0.1:${apiPort}/api/health`),
      waitHttp(`http://127.0.0.1:${webPort}/login`),
    ]);
    front = await createFront({ port, apiPort, webPort });
  } catch (e) {
    await stop();
    throw e;
  }
  const crashed = new Promise((resolve) => (onCrash = resolve));
  return { url: publicUrl, apiUrl: `http://127.0.0.1:${apiPort}`, stop, crashed };
}
