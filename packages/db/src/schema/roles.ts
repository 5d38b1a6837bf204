import { pgRole } from 'drizzle-orm/pg-core';

/**
 * The role the API and worker log in as. It owns no table and has NOBYPASSRLS; the LOGIN and the
 * grants are made in a custom migration (drizzle only names it here for the policies).
 */
export const appRole = pgRole('yui_app').existing();
