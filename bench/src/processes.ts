// Child processes of the bench (the API, the reference server), each with a pidfile in the work folder
// so that scripts/bench.mjs can stop a straggler by PID; and CPU accounting from /proc.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';

export interface Server {
  name: string;
  url: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
  exited: Promise<string>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function waitHttp(url: string, exited: Promise<string>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  let dead: string | null = null;
  void exited.then((why) => (dead = why));
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (dead) return reject(new Error(dead));
      const req = http.get(url, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else retry();
      });
      req.on('error', retry);
      req.setTimeout(2000, () => req.destroy());
    };
    const retry = () => (Date.now() > until ? reject(new Error(`${url} did not come up`)) : setTimeout(attempt, 100));
    attempt();
  });
}

export function tail(file: string, lines = 20): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '';
}

/** Spawns `node <args>` with output to `logFile`, waits until `healthPath` answers 200. */
export async function startServer(o: {
  name: string; args: string[]; env: Record<string, string>; cwd: string; port: number; healthPath: string;
  logFile: string; pidfile: string;
}): Promise<Server> {
  const fd = openSync(o.logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, o.args, {
    cwd: o.cwd,
    env: { ...process.env, ...o.env, PORT: String(o.port) },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  writeFileSync(o.pidfile, String(child.pid));
  let stopping = false;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(o.pidfile, { force: true });
      resolve(`${o.name} exited (${signal ?? code})${stopping ? '' : `:\n${tail(o.logFile)}`}`);
    }),
  );
  const url = `http://127.0.0.1:${o.port}`;
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(t);
  };
  try {
    await waitHttp(`${url}${o.healthPath}`, exited);
  } catch (e) {
    await stop();
    throw e;
  }
  return { name: o.name, url, pid: child.pid!, logFile: o.logFile, stop, exited };
}

// ---------- CPU time from /proc (Linux; elsewhere the CPU columns stay empty) ----------

const ticksPerSecond = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

interface Stat { ppid: number; ticks: number }

function readStats(): Map<number, Stat> | null {
  if (!existsSync('/proc/self/stat')) return null;
  const out = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const s = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU ticks so far of every process in each root's tree (root included), per pid. */
export type CpuSnapshot = Record<string, Map<number, number>>;

export function cpuSnapshot(roots: Record<string, number | undefined>): CpuSnapshot | null {
  const stats = readStats();
  if (!stats) return null;
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  const result: CpuSnapshot = {};
  for (const [name, root] of Object.entries(roots)) {
    if (!root || !stats.has(root)) continue;
    const tree = new Map<number, number>();
    const todo = [root];
    while (todo.length) {
      const pid = todo.pop()!;
      tree.set(pid, stats.get(pid)?.ticks ?? 0);
      todo.push(...(children.get(pid) ?? []));
    }
    result[name] = tree;
  }
  return result;
}

/**
 * CPU seconds each tree used between two snapshots. Counted per process, so that a process that exits
 * meanwhile (a pooled connection's backend closing when idle) does not take its whole past with it;
 * a process that started meanwhile counts in full.
 */
export function cpuDelta(before: CpuSnapshot | null, after: CpuSnapshot | null): Record<string, number> | null {
  if (!before || !after) return null;
  const out: Record<string, number> = {};
  for (const [name, tree] of Object.entries(after)) {
    const was = before[name];
    if (!was) continue;
    let ticks = 0;
    for (const [pid, t] of tree) ticks += Math.max(0, t - (was.get(pid) ?? 0));
    out[name] = ticks / ticksPerSecond;
  }
  return out;
}

/** CPU seconds the whole machine has been busy (all cores; /proc/stat), or null off Linux. */
export function machineBusySeconds(): number | null {
  if (!existsSync('/proc/stat')) return null;
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user)
  const busy = f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!;
  return busy / ticksPerSecond;
}
