// The benchmark proper (scripts/bench.mjs starts PostgreSQL, migrates, then runs this with tsx).
// Builds the synthetic region, starts the API as the product runs it (node apps/api/dist/server.js)
// and the bench's reference server, signs in as many synthetic people, then measures every target
// one after another with autocannon: the no-op baseline, each endpoint's bare reference (and its
// tenant-context pair), and the product's route. Prints a table and writes bench/results/*.json.
// Never a test gate: the figures depend on the machine.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import autocannon, { type Request, type Result } from 'autocannon';
import postgres from 'postgres';
import { endpoints, references, type EndpointSpec } from './endpoints';
import { BENCH_PASSWORD, DEPARTMENTS_PER_TOWN, generateRegion, pickUsers, type BenchUser, type RegionSizes } from './region';
import { cpuDelta, cpuSnapshot, freePort, machineBusySeconds, startServer, tail, type Server } from './processes';

const HELP = `npm run bench -- [options]
  --towns N           municipalities in the synthetic region        (20)
  --staff N           staff per municipality                         (1000)
  --notifications N   notifications per person                       (30)
  --users N           distinct people signed in; the load cycles over them (200)
  --duration S        seconds measured per target                    (10)
  --warmup S          seconds of unmeasured load before each target  (2)
  --connections N     autocannon connections                         (50)
  --api-processes N   API processes (node:cluster, one port); the reference server gets as many (1)
  --pool N            database pool size per process (DB_POOL_MAX)   (10)
  --log-level L       the API's YUI_LOG_LEVEL (info adds per-request logging to a file) (warn)
  --only TEXT[,TEXT]  only endpoints whose name contains one of the TEXTs (the baseline always runs)
  --no-context        skip the withTenant pairs
Set DATABASE_URL to use your own PostgreSQL (a fresh database is created and dropped).`;

const { values: args } = parseArgs({
  options: {
    towns: { type: 'string', default: '20' },
    staff: { type: 'string', default: '1000' },
    notifications: { type: 'string', default: '30' },
    users: { type: 'string', default: '200' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    'api-processes': { type: 'string', default: '1' },
    pool: { type: 'string', default: '10' },
    'log-level': { type: 'string', default: 'warn' },
    only: { type: 'string' },
    'no-context': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
const int = (name: keyof typeof args, min: number, max = Number.MAX_SAFE_INTEGER) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number between ${min} and ${max} (got ${args[name]})\n\n${HELP}`);
    process.exit(2);
  }
  return n;
};
const sizes: RegionSizes = { towns: int('towns', 1, 99_999), staff: int('staff', 1), notifications: int('notifications', 1) };
const opt = {
  users: int('users', 1),
  duration: int('duration', 1),
  warmup: int('warmup', 0),
  connections: int('connections', 1),
  apiProcesses: int('api-processes', 1, 64),
  pool: int('pool', 1),
  logLevel: args['log-level']!,
  only: args.only,
  context: !args['no-context'],
};

const need = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (run the bench with \`npm run bench\`)`);
  return v;
};
const ownerUrl = need('BENCH_OWNER_URL');
const appUrl = need('BENCH_APP_URL');
const work = need('BENCH_WORK');
const root = path.resolve(import.meta.dirname, '..', '..');
const benchDir = path.join(root, 'bench');

const say = (m: string) => process.stdout.write(`\x1b[35m[bench]\x1b[0m ${m}\n`);

// ---------- the plan ----------

type Kind = 'baseline' | 'floor' | 'reference' | 'context' | 'product';
type Variant = 'bare' | 'owner-tenant' | 'app-tenant';
interface Target {
  name: string;
  kind: Kind;
  server: 'api' | 'ref';
  reference?: string;
  variant?: Variant;
  spec?: EndpointSpec;
  /** Only these of the signed-in people (the endpoint's `users`). */
  users?: (user: BenchUser) => boolean;
  request(user: BenchUser, token: string): Request;
  check?(body: unknown, user: BenchUser): boolean;
}

const VARIANT_LABEL: Record<Variant, string> = {
  bare: 'bare (owner pool, no tx)',
  'owner-tenant': 'withTenant, owner (no RLS)',
  'app-tenant': 'withTenant + RLS, yui_app',
};

function plan(): Target[] {
  const targets: Target[] = [
    { name: 'GET /api/health', kind: 'baseline', server: 'api', request: () => ({ method: 'GET', path: '/api/health' }) },
    // The same no-op on plain Fastify: what the product's plugin stack costs on every request.
    { name: 'ref no-op (plain Fastify)', kind: 'floor', server: 'ref', request: () => ({ method: 'GET', path: '/ref/health' }) },
  ];
  const chosen = endpoints.filter((e) => !opt.only || opt.only.split(',').some((w) => w && e.name.includes(w)));
  if (!chosen.length) throw new Error(`--only ${opt.only}: no endpoint matches (${endpoints.map((e) => e.name).join(', ')})`);
  const planned = new Set<string>();
  for (const spec of chosen) {
    const refName = spec.reference;
    if (refName && !planned.has(refName)) {
      planned.add(refName);
      const ref = references[refName];
      if (!ref) throw new Error(`${spec.name}: no reference "${refName}" in endpoints.ts`);
      const variants: Variant[] = ['bare'];
      if (ref.context && opt.context) variants.push('owner-tenant', 'app-tenant');
      for (const variant of variants) {
        targets.push({
          name: `ref ${refName}: ${VARIANT_LABEL[variant]}`,
          kind: variant === 'bare' ? 'reference' : 'context',
          server: 'ref',
          reference: refName,
          variant,
          users: spec.users,
          request: (u) => ({ method: 'GET', path: `/ref/${variant}/${refName}?u=${u.id}` }),
          check: ref.check,
        });
      }
    }
    targets.push({
      name: spec.name,
      kind: 'product',
      server: 'api',
      reference: refName,
      spec,
      users: spec.users,
      request: (u, token) => {
        const headers: Record<string, string> = {};
        if (spec.auth) headers.authorization = `Bearer ${token}`;
        const body = spec.body ? JSON.stringify(spec.body(u)) : undefined;
        if (body) headers['content-type'] = 'application/json';
        return { method: spec.method ?? 'GET', path: typeof spec.path === 'function' ? spec.path(u) : spec.path, headers, ...(body ? { body } : {}) };
      },
      check: spec.check,
    });
  }
  return targets;
}

// ---------- load ----------

interface Measured {
  result: Result;
  count: number;
  seconds: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  cpu: { server: number | null; postgres: number | null; bench: number };
  /** Cores kept busy by processes other than the bench's own (other people's tests, builds…). */
  otherCores: number | null;
}

/** Percentile of a sorted array (nearest rank). */
const pct = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

function load(url: string, requests: Request[], seconds: number, record: boolean): Promise<{ result: Result; latencies: Float64Array }> {
  // Each connection starts at a different person, so the 50 connections do not move in lockstep.
  let next = 0;
  const stride = Math.max(1, Math.floor(requests.length / opt.connections));
  const setupClient = (client: { setRequests(r: Request[]): void }) => {
    const off = (next++ * stride) % requests.length;
    client.setRequests([...requests.slice(off), ...requests.slice(0, off)]);
  };
  // autocannon's own latency histogram has 1 ms resolution; keep every response time instead.
  let lat = new Float64Array(record ? 1 << 20 : 0);
  let n = 0;
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      { url, connections: opt.connections, duration: seconds, timeout: 10, requests, setupClient },
      (err, result) => (err ? reject(err) : resolve({ result, latencies: lat.subarray(0, n) })),
    );
    if (record) {
      inst.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
        if (n === lat.length) {
          const bigger = new Float64Array(lat.length * 2);
          bigger.set(lat);
          lat = bigger;
        }
        lat[n++] = ms;
      });
    }
  });
}

// ---------- helpers ----------

async function postgresPid(): Promise<number | undefined> {
  // The postmaster is the parent of a backend; works whenever PostgreSQL runs on this machine.
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const stat = await import('node:fs').then((fs) => fs.readFileSync(`/proc/${row!.pid}/stat`, 'utf8')).catch(() => null);
    return stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : undefined;
  } finally {
    await sql.end();
  }
}

async function serverInfo() {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ version: string; shared_buffers: string; max_connections: string; fsync: string }[]>`
      select version(), current_setting('shared_buffers') as shared_buffers,
             current_setting('max_connections') as max_connections, current_setting('fsync') as fsync`;
    return row!;
  } finally {
    await sql.end();
  }
}

function git() {
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout?.trim() || null;
  const dirty = (spawnSync('git', ['status', '--porcelain', '--', 'apps', 'packages', 'db'], { cwd: root, encoding: 'utf8' }).stdout ?? '').trim().length > 0;
  return { commit: rev, dirty };
}

async function login(api: string, user: BenchUser): Promise<string> {
  const res = await fetch(`${api}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: BENCH_PASSWORD }),
  });
  const body = (await res.json().catch(() => null)) as { accessToken?: string } | null;
  if (res.status !== 200 || !body?.accessToken) throw new Error(`sign-in as ${user.email} answered ${res.status}: ${JSON.stringify(body)}`);
  return body.accessToken;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) {
      const k = i++;
      out[k] = await fn(items[k]!);
    }
  }));
  return out;
}

async function fetchJson(base: string, r: Request): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body };
}

const fmt = (n: number | null | undefined, d = 0) => (n == null || !Number.isFinite(n) ? '–' : n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d }));

// ---------- main ----------

const servers: Server[] = [];
let interrupted = false;
async function stopServers() {
  await Promise.all(servers.map((s) => s.stop().catch(() => {})));
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    say(`${sig}: stopping`);
    void stopServers().then(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  const targets = plan();
  const startedAt = new Date();
  say(`synthetic region: ${sizes.towns} towns × ${sizes.staff} staff × ${sizes.notifications} notifications each (${DEPARTMENTS_PER_TOWN} departments per town)`);
  const region = await generateRegion(ownerUrl, sizes, say);
  const users = await pickUsers(ownerUrl, sizes, opt.users);
  const usersFile = path.join(work, 'users.json');
  writeFileSync(usersFile, JSON.stringify(users));

  // ---- servers ----
  const apiPort = await freePort();
  const refPort = await freePort();
  const many = opt.apiProcesses > 1;
  const apiEnv: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_APP_URL: appUrl,
    DB_POOL_MAX: String(opt.pool),
    YUI_JWT_SECRET: randomBytes(32).toString('base64url'),
    YUI_LOG_LEVEL: opt.logLevel,
    YUI_LOGIN_RATE_MAX: '1000000',
    YUI_LOGIN_RATE_MAX_PER_ADDRESS: '1000000', // every bench sign-in comes from 127.0.0.1
    YUI_ACCESS_TOKEN_TTL: '86400', // tokens must outlive a long run
    YUI_PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    BENCH_PROCESSES: String(opt.apiProcesses),
    REDIS_URL: '', // the rate limiter stays in memory, as with one process and no Redis
  };
  const apiScript = path.join(root, 'apps/api/dist/server.js');
  servers.push(await startServer({
    name: 'api', cwd: root, port: apiPort, healthPath: '/api/health', env: apiEnv,
    args: ['--enable-source-maps', ...(many ? [path.join(benchDir, 'src/cluster.mjs')] : []), apiScript],
    logFile: path.join(work, 'api.log'), pidfile: path.join(work, 'api.pid'),
  }));
  servers.push(await startServer({
    name: 'reference', cwd: benchDir, port: refPort, healthPath: '/ref/health',
    env: {
      BENCH_OWNER_URL: ownerUrl, BENCH_APP_URL: appUrl, BENCH_USERS_FILE: usersFile, BENCH_POOL_MAX: String(opt.pool),
      BENCH_PROCESSES: String(opt.apiProcesses), NODE_ENV: 'production',
    },
    args: ['--import', 'tsx', ...(many ? ['src/cluster.mjs'] : []), 'src/reference-server.ts'],
    logFile: path.join(work, 'reference.log'), pidfile: path.join(work, 'reference.pid'),
  }));
  const [api, ref] = servers as [Server, Server];
  const base = { api: api.url, ref: ref.url };
  const pgPid = await postgresPid();
  const pg = await serverInfo();

  // ---- sign in ----
  const t0 = performance.now();
  const tokens = await mapLimit(users, 4, (u) => login(api.url, u));
  say(`signed in as ${users.length} people (${[...new Set(users.map((u) => u.tenantId))].length} towns) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // ---- check every target's answers before loading it ----
  const signedIn = users.map((u, i) => ({ u, token: tokens[i]! }));
  const whoFor = (t: Target) => {
    const who = t.users ? signedIn.filter((p) => t.users!(p.u)) : signedIn;
    if (!who.length) throw new Error(`${t.name}: none of the ${users.length} people signed in may call it (raise --users)`);
    return who;
  };
  const refBodies = new Map<string, unknown>();
  for (const t of targets) {
    for (const { u, token } of whoFor(t).slice(0, 5)) {
      const { status, body } = await fetchJson(base[t.server], t.request(u, token));
      if (status !== 200) throw new Error(`${t.name} as ${u.email} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
      if (t.check && !t.check(body, u)) throw new Error(`${t.name} as ${u.email}: unexpected body ${JSON.stringify(body).slice(0, 300)}`);
      if (t.variant === 'bare') refBodies.set(`${t.reference}|${u.id}`, body);
      const fp = t.spec?.fingerprint;
      if (t.kind === 'product' && fp && t.reference) {
        const a = JSON.stringify(fp(body));
        const b = JSON.stringify(fp(refBodies.get(`${t.reference}|${u.id}`)));
        if (a !== b) throw new Error(`${t.name} and its reference disagree for ${u.email}:\n  product   ${a}\n  reference ${b}`);
      }
    }
  }
  say(`checked ${targets.length} targets: all answer 200 with the expected bodies`);
  say(`measuring ${targets.length} targets × (${opt.warmup} s warm-up + ${opt.duration} s), ${opt.connections} connections, ` +
    `${opt.apiProcesses} API process${many ? 'es' : ''}, pool ${opt.pool}, API log level ${opt.logLevel}`);

  // ---- measure ----
  const rows: (Target & Measured)[] = [];
  for (const t of targets) {
    if (interrupted) break;
    const requests = whoFor(t).map(({ u, token }) => t.request(u, token));
    const server = t.server === 'api' ? api : ref;
    if (opt.warmup > 0) await load(server.url, requests, opt.warmup, false);
    const trees = { server: server.pid, idle: (t.server === 'api' ? ref : api).pid, postgres: pgPid };
    const before = cpuSnapshot(trees);
    const busyBefore = machineBusySeconds();
    const benchBefore = process.cpuUsage();
    const died = server.exited.then((why) => Promise.reject(new Error(why)));
    const { result, latencies } = await Promise.race([load(server.url, requests, opt.duration, true), died]);
    const after = cpuSnapshot(trees);
    const busyAfter = machineBusySeconds();
    const benchCpu = process.cpuUsage(benchBefore);
    const sorted = latencies.slice().sort();
    const count = latencies.length;
    const seconds = result.duration;
    const used = cpuDelta(before, after);
    const perReq = (k: 'server' | 'postgres') => (used?.[k] != null && count ? used[k]! / count : null);
    const m: Measured = {
      result, count, seconds,
      latencyMs: {
        p50: pct(sorted, 50), p90: pct(sorted, 90), p99: pct(sorted, 99),
        mean: count ? latencies.reduce((a, b) => a + b, 0) / count : NaN, max: count ? sorted[count - 1]! : NaN,
      },
      cpu: { server: perReq('server'), postgres: perReq('postgres'), bench: (benchCpu.user + benchCpu.system) / 1e6 / Math.max(1, count) },
      otherCores: null,
    };
    if (used && busyBefore != null && busyAfter != null) {
      const ours = Object.values(used).reduce((a, v) => a + v, 0) + (benchCpu.user + benchCpu.system) / 1e6;
      m.otherCores = Math.max(0, (busyAfter - busyBefore - ours) / seconds);
    }
    rows.push({ ...t, ...m });
    const bad = result.non2xx + result.errors + result.timeouts;
    say(`${t.name.padEnd(48)} ${fmt(count / seconds).padStart(8)} req/s  p50 ${fmt(m.latencyMs.p50, 2)} ms  p99 ${fmt(m.latencyMs.p99, 2)} ms` +
      (bad ? `  \x1b[31m${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts\x1b[0m` : ''));
    if (bad) {
      console.error(`\n\x1b[31mFAILED: ${t.name} answered non-2xx or failed during the load — these figures would be meaningless.\x1b[0m`);
      console.error(`status codes: ${JSON.stringify(result.statusCodeStats ?? {})}; ${server.name} log tail:\n${tail(server.logFile)}`);
      return 1;
    }
  }
  if (interrupted) return 130;

  // ---- report ----
  const rps = (r: Measured) => r.count / r.seconds;
  const health = rows.find((r) => r.kind === 'baseline')!;
  const bare = new Map(rows.filter((r) => r.variant === 'bare').map((r) => [r.reference!, r]));
  const us = (s: number | null) => (s == null ? null : Math.round(s * 1e6));
  const out = rows.map((r) => {
    const refRow = r.reference ? bare.get(r.reference) : undefined;
    return {
      name: r.name, kind: r.kind, server: r.server, reference: r.reference ?? null, variant: r.variant ?? null,
      example: r.request(users[0]!, '<token>'),
      requests: r.count, seconds: r.seconds,
      reqPerSec: Math.round(rps(r)),
      latencyMs: Object.fromEntries(Object.entries(r.latencyMs).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
      cpuMicrosPerRequest: { server: us(r.cpu.server), postgres: us(r.cpu.postgres), autocannon: us(r.cpu.bench) },
      otherLoadCores: r.otherCores == null ? null : Math.round(r.otherCores * 100) / 100,
      ratio: {
        health: Math.round((rps(r) / rps(health)) * 1000) / 1000,
        reference: refRow ? Math.round((rps(r) / rps(refRow)) * 1000) / 1000 : null,
      },
      non2xx: r.result.non2xx, errors: r.result.errors, timeouts: r.result.timeouts,
    };
  });

  const header = ['target', 'req/s', 'p50 ms', 'p99 ms', '×health', '×ref', 'srv µs/req', 'pg µs/req'];
  const table = out.map((r) => [
    r.name, fmt(r.reqPerSec), fmt(r.latencyMs.p50, 2), fmt(r.latencyMs.p99, 2), fmt(r.ratio.health, 3),
    r.ratio.reference == null ? '' : fmt(r.ratio.reference, 3), fmt(r.cpuMicrosPerRequest.server), fmt(r.cpuMicrosPerRequest.postgres),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  for (const [i, row] of table.entries()) {
    const next = out[i + 1];
    console.log(line(row));
    if (next?.kind === 'reference') console.log('');
  }

  // What the tenant context and RLS cost, per reference that has the pair.
  const notes: string[] = [];
  const costs: Record<string, unknown> = {};
  const nameWidth = Math.max(...[...bare.keys()].map((k) => k.length + 1));
  for (const name of bare.keys()) {
    const own = out.find((r) => r.reference === name && r.variant === 'owner-tenant');
    const app = out.find((r) => r.reference === name && r.variant === 'app-tenant');
    const prod = out.find((r) => r.reference === name && r.kind === 'product');
    const bo = out.find((r) => r.reference === name && r.variant === 'bare')!;
    const minus = (x: number | null, y: number | null) => (x != null && y != null ? Math.round(x - y) : null);
    const diff = (a: typeof bo | undefined, z: typeof bo) => a && {
      reqPerSecRatio: Math.round((a.reqPerSec / z.reqPerSec) * 1000) / 1000,
      p50Ms: Math.round((a.latencyMs.p50! - z.latencyMs.p50!) * 100) / 100,
      serverMicros: minus(a.cpuMicrosPerRequest.server, z.cpuMicrosPerRequest.server),
      postgresMicros: minus(a.cpuMicrosPerRequest.postgres, z.cpuMicrosPerRequest.postgres),
    };
    const c = { tenantContext: diff(own, bo), rls: own && diff(app, own), authAndFramework: app && diff(prod, app) };
    costs[name] = c;
    const say1 = (label: string, d: ReturnType<typeof diff>) => d && notes.push(
      `  ${`${name}:`.padEnd(nameWidth)} ${label.padEnd(38)} ×${fmt(d.reqPerSecRatio, 3)} req/s, p50 ${d.p50Ms >= 0 ? '+' : ''}${fmt(d.p50Ms, 2)} ms, ` +
      `Node CPU ${d.serverMicros! >= 0 ? '+' : ''}${fmt(d.serverMicros)} µs/req, PostgreSQL CPU ${d.postgresMicros! >= 0 ? '+' : ''}${fmt(d.postgresMicros)} µs/req`);
    say1('tenant context (withTenant − bare)', c.tenantContext);
    say1('RLS (yui_app − owner, both ctx)', c.rls);
    say1('auth + product stack (API − ref)', c.authAndFramework);
  }
  if (notes.length) console.log(`\nwhere the time goes (each line: the difference in brackets):\n${notes.join('\n')}`);

  const busiest = out.reduce((a, r) => ((r.otherLoadCores ?? 0) > (a.otherLoadCores ?? 0) ? r : a), out[0]!);
  if ((busiest.otherLoadCores ?? 0) > 0.15) {
    console.log(`\n\x1b[33mnote:\x1b[0m other processes on this machine kept up to ${fmt(busiest.otherLoadCores, 2)} cores busy ` +
      `(during "${busiest.name}"; per target in the JSON as otherLoadCores): req/s and latencies are depressed and noisy; ` +
      `the µs/req columns (CPU per request) are the steadier comparison.`);
  }
  const cpus = os.cpus();
  console.log(
    `\n${cpus.length} CPU${cpus.length > 1 ? 's' : ''} (${cpus[0]?.model.trim()}), Node ${process.version}, ${pg.version.split(' on ')[0]}. ` +
    `Everything shares this machine: PostgreSQL, ${opt.apiProcesses} API process${many ? 'es' : ''}, the reference server ` +
    `(${many ? `${opt.apiProcesses} child processes` : 'a separate child process'}, idle while the API is measured and vice versa) ` +
    `and autocannon (in the bench process). ` +
    `×health and ×ref divide req/s; µs/req is CPU time of the measured server's process tree and of all PostgreSQL processes ` +
    `divided by requests served. Not a test gate: compare runs on the same machine only.`,
  );

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    git: git(),
    machine: {
      cpus: cpus.length, cpuModel: cpus[0]?.model.trim(), memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`, node: process.version, loadAvgAtStart: os.loadavg(),
      postgres: pg.version, postgresSettings: { shared_buffers: pg.shared_buffers, max_connections: pg.max_connections, fsync: pg.fsync },
    },
    sizes: { ...sizes, departmentsPerTown: DEPARTMENTS_PER_TOWN, signedInUsers: users.length },
    region,
    options: { ...opt, referenceServer: 'child process (Fastify, no logger, no schemas)', autocannon: 'in the bench process' },
    endpoints: out,
    costs,
  };
  const dir = path.join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  say(`results: ${path.relative(root, file)} (and bench/results/latest.json)`);
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`\x1b[31mbench failed:\x1b[0m ${(e as Error).stack ?? e}`);
  code = 1;
} finally {
  await stopServers();
}
process.exit(code);
