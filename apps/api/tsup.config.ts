import { defineConfig } from 'tsup';

// Workspace packages are TypeScript source: bundle them in; everything from npm stays external.
export default defineConfig({
  entry: ['src/server.ts', 'src/app.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  noExternal: [/^@yui\//],
  clean: true,
});
