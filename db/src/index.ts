export { migrate, migrationsFolder } from './migrate';
export { seedDemo, listDemoAccounts } from './seed';
export { appDatabaseUrl, withDatabase } from '@yui/db';
