import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createClient, withTenant, type Db, type Sql, type TenantContext } from '@yui/db';

declare module 'fastify' {
  interface FastifyInstance {
    /** The application-role pool. Tenant data only through withTenant(). */
    sql: Sql;
    withTenant<T>(ctx: TenantContext, fn: (tx: Db) => Promise<T>): Promise<T>;
  }
}

export default fp(
  async function db(app: FastifyInstance, opts: { url: string; max: number }) {
    const sql = createClient(opts.url, { max: opts.max, applicationName: 'yui-api' });
    app.decorate('sql', sql);
    app.decorate('withTenant', <T>(ctx: TenantContext, fn: (tx: Db) => Promise<T>) => withTenant(sql, ctx, fn));
    app.addHook('onClose', async () => {
      await sql.end({ timeout: 5 });
    });
  },
  { name: 'db' },
);
