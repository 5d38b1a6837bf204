import { defineConfig } from 'tsup';

// Bundled so that `npm start` and `npm test` run migrations and seeds with plain node.
export default defineConfig({
  entry: ['src/index.ts', 'src/migrate.ts', 'src/seed.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  noExternal: [/^@yui\//],
  clean: true,
  // Each entry self-contained, so `node dist/migrate.js` recognises itself as the entry point.
  splitting: false,
});
