import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// Unit tests of server-side helpers; no SvelteKit plugin needed (it would resolve its config from the
// workspace root when the whole suite runs from there).
export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: {
      $lib: fileURLToPath(new URL('./src/lib', import.meta.url)),
      '$env/dynamic/private': fileURLToPath(new URL('./test/env-private.ts', import.meta.url)),
    },
  },
  test: { name: 'web', testTimeout: 30_000, hookTimeout: 60_000, include: ['src/**/*.test.ts'], environment: 'node' },
});
