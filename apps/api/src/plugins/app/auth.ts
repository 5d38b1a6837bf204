import fp from 'fastify-plugin';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessClaims, RoleName } from '@yui/contracts';
import type { Db } from '@yui/db';
import { forbidden, unauthorized } from '../../lib/errors';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AccessClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: a valid access token, or 401. */
    authenticate(req: FastifyRequest): Promise<void>;
  }
  interface FastifyRequest {
    auth: AccessClaims;
    /** Runs fn in one transaction inside the caller's tenant context. */
    tenant<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
    requireRole(...roles: RoleName[]): void;
  }
}

export default fp(
  async function auth(app: FastifyInstance, opts: { secret: string; accessTtl: number }) {
    await app.register(jwt, {
      secret: opts.secret,
      sign: { expiresIn: opts.accessTtl, algorithm: 'HS256' },
      // Verified tokens are cached (keyed by the token) so a busy client does not pay HMAC per call.
      verify: { algorithms: ['HS256'], cache: true },
    });

    app.decorateRequest('auth', null as unknown as AccessClaims);
    app.decorateRequest('tenant', function <T>(this: FastifyRequest, fn: (tx: Db) => Promise<T>) {
      if (!this.auth) throw unauthorized();
      return app.withTenant({ tenantId: this.auth.tid, regionId: this.auth.rid, userId: this.auth.sub }, fn);
    });
    app.decorateRequest('requireRole', function (this: FastifyRequest, ...roles: RoleName[]) {
      if (!this.auth?.roles.some((r) => roles.includes(r))) throw forbidden();
    });

    app.decorate('authenticate', async (req: FastifyRequest) => {
      const header = req.headers.authorization;
      if (!header?.startsWith('Bearer ')) throw unauthorized();
      try {
        // Signed by us with exactly these claims; the signature is the check (no re-parse per request).
        req.auth = await req.jwtVerify<AccessClaims>();
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw unauthorized(code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' ? 'token_expired' : 'unauthorized');
      }
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
