import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: '../packages/db/src/schema/index.ts',
  out: './migrations',
  entities: { roles: { provider: '' } },
  dbCredentials: { url: process.env.DATABASE_OWNER_URL ?? 'postgres://localhost/yui' },
});
