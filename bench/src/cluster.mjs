// Runs a server script in BENCH_PROCESSES worker processes that share one port (node:cluster; on Linux
// the primary hands each new connection to the next worker, so autocannon's keep-alive connections
// are spread evenly). Used only for --api-processes > 1; one process runs the script directly.
//   node bench/src/cluster.mjs <script>
import cluster from 'node:cluster';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const script = process.argv[2];
const n = Math.max(1, Number(process.env.BENCH_PROCESSES ?? 1));

if (cluster.isPrimary && n > 1) {
  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (!workers.length) process.exit(code);
    let left = workers.length;
    for (const w of workers) {
      w.once('exit', () => --left === 0 && process.exit(code));
      w.process.kill('SIGTERM');
    }
    setTimeout(() => process.exit(code), 10_000).unref();
  };
  cluster.on('exit', (w, code, signal) => {
    if (!stopping) {
      console.error(`[cluster] worker ${w.process.pid} of ${script} exited (${signal ?? code}); stopping`);
      stop(1);
    }
  });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  for (let i = 0; i < n; i++) cluster.fork();
} else {
  await import(pathToFileURL(path.resolve(script)).href);
}
