import { defineConfig } from 'vitest/config';

// One run over every package (each project sets its own timeouts: they do not inherit these); scripts/test.mjs starts PostgreSQL and Redis first and passes their
// addresses in the environment. Each integration test file clones its own database.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/api', 'apps/worker', 'apps/web', 'db'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
