#!/usr/bin/env node
// Runs the pinned pnpm, whether or not this machine has it: a fresh machine has only Node.js and npm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url))).packageManager.split('@')[1];

export function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim().split('.')[0] === pinned.split('.')[0]) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${pinned}`];
}

export function pnpm(args, opts = {}) {
  const [cmd, ...pre] = pnpmCommand();
  const r = spawnSync(cmd, [...pre, ...args], { stdio: 'inherit', ...opts });
  if (r.status !== 0 && !opts.allowFail) process.exit(r.status ?? 1);
  return r.status;
}

if (import.meta.url === `file://${process.argv[1]}`) pnpm(process.argv.slice(2));
