// Entry point of the `migrate` image: applies the migrations as the database owner, then (with
// --seed) loads the demo region. Exits non-zero on any failure, so a Job or compose dependency
// sees it.
//
// It calls db/dist's exported functions rather than running dist/migrate.js: tsup moves that file's
// body into a shared chunk, where its "am I the entry point?" check compares against the chunk's
// path, so `node dist/migrate.js` exits 0 having done nothing.
import { migrate, seedDemo } from './dist/index.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL (an owner connection) is not set');
  process.exit(1);
}
// Without it, migrate() gives yui_app the password published in the repository.
if (!process.env.YUI_APP_DB_PASSWORD && process.env.NODE_ENV === 'production') {
  console.error('YUI_APP_DB_PASSWORD is not set: the application role would get the default password');
  process.exit(1);
}

await migrate(url);
console.log('migrations applied');

if (process.argv.includes('--seed')) {
  const r = await seedDemo(url);
  console.log(r.seeded ? `demo data seeded (${r.accounts.length} sign-ins, password yui-demo)` : 'demo data already present');
}
