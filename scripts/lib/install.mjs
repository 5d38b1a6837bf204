// Install and build only when something changed, so that a second `npm start` is up in seconds.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pnpm } from '../pnpm.mjs';
import { log } from './services.mjs';

const root = new URL('../../', import.meta.url).pathname;

export function ensureInstalled() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    console.error(`Yui needs Node.js 20 or newer (this is ${process.version}).`);
    process.exit(1);
  }
  const lock = `${root}pnpm-lock.yaml`;
  const stamp = `${root}node_modules/.yui-install-stamp`;
  const want = createHash('sha1').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  log('installing dependencies (pnpm install)…');
  pnpm(['install', '--frozen-lockfile', '--reporter=append-only'], { cwd: root, env: { ...process.env, CI: 'true' } });
  writeFileSync(stamp, want);
}

export function build() {
  log('building (turbo; unchanged packages come from the cache)…');
  pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', '--log-prefix=none'], { cwd: root });
}
