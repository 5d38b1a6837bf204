import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull } from 'drizzle-orm';
import { refreshTokens, roleGrants, users, type Sql, type Db, type TenantContext } from '@yui/db';
import type { AccessClaims, RoleName } from '@yui/contracts';
import { unauthorized } from '../../lib/errors';

export const ARGON2 = { algorithm: 2 /* argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** How long after a rotation the old token is treated as a concurrent request rather than a copy. */
export const ROTATION_GRACE_MS = 10_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
// Compared against when the e-mail is unknown, so that the answer takes as long either way.
const dummyHash = hash('yui-timing-equaliser', ARGON2);

export interface Session {
  claims: AccessClaims;
  refreshToken: string;
}

interface Deps {
  sql: Sql;
  withTenant<T>(ctx: TenantContext, fn: (tx: Db) => Promise<T>): Promise<T>;
  refreshDays: number;
  /** However often it is refreshed, a sign-in ends this many days after it began. */
  sessionMaxDays: number;
}

async function rolesOf(tx: Db, tenantId: string, userId: string): Promise<RoleName[]> {
  const rows = await tx.selectDistinct({ role: roleGrants.role }).from(roleGrants)
    .where(and(eq(roleGrants.municipalityId, tenantId), eq(roleGrants.userId, userId)));
  return rows.map((r) => r.role);
}

async function issueRefresh(
  tx: Db, ctx: { tenantId: string; userId: string }, family: { id: string; startedAt: Date }, days: number, maxDays: number,
) {
  const token = randomBytes(32).toString('base64url');
  const end = Math.min(Date.now() + days * 86400_000, family.startedAt.getTime() + maxDays * 86400_000);
  await tx.insert(refreshTokens).values({
    municipalityId: ctx.tenantId,
    userId: ctx.userId,
    familyId: family.id,
    familyStartedAt: family.startedAt,
    tokenHash: sha256(token),
    expiresAt: new Date(end),
  });
  return token;
}

export function authService(deps: Deps) {
  return {
    /** One answer for a wrong e-mail, a wrong password and a deactivated account. */
    async login(email: string, password: string): Promise<Session> {
      const [found] = await deps.sql<{ user_id: string; municipality_id: string; region_id: string; password_hash: string | null; active: boolean }[]>`
        select * from auth_find_user(${email})`;
      const ok = await verify(found?.password_hash ?? (await dummyHash), password).catch(() => false);
      if (!found || !found.active || !found.password_hash || !ok) throw unauthorized('invalid_credentials');
      const ctx = { tenantId: found.municipality_id, regionId: found.region_id, userId: found.user_id };
      return deps.withTenant(ctx, async (tx) => {
        const roles = await rolesOf(tx, found.municipality_id, found.user_id);
        const refreshToken = await issueRefresh(tx, ctx, { id: randomUUID(), startedAt: new Date() }, deps.refreshDays, deps.sessionMaxDays);
        return { claims: { sub: found.user_id, tid: found.municipality_id, rid: found.region_id, roles }, refreshToken };
      });
    },

    /**
     * Rotates a refresh token. Presenting one that was already rotated means it was copied: the whole
     * family (every token of that sign-in) is revoked, and the caller must sign in again.
     */
    async refresh(token: string | undefined): Promise<Session> {
      if (!token) throw unauthorized();
      const tokenHash = sha256(token);
      const [owner] = await deps.sql<{ municipality_id: string; region_id: string }[]>`
        select * from auth_find_refresh_token(${tokenHash})`;
      if (!owner) throw unauthorized();
      const outcome = await deps.withTenant({ tenantId: owner.municipality_id, regionId: owner.region_id }, async (tx) => {
        const [row] = await tx.select().from(refreshTokens)
          .where(and(eq(refreshTokens.municipalityId, owner.municipality_id), eq(refreshTokens.tokenHash, tokenHash))).for('update');
        if (!row || row.revokedAt || row.expiresAt < new Date()) return null;
        if (row.rotatedAt) {
          // Two tabs refreshing with the same cookie at once: the loser is refused, but the sign-in
          // survives. A rotated token that comes back later than that was copied: revoke the family.
          if (Date.now() - row.rotatedAt.getTime() < ROTATION_GRACE_MS) return null;
          await tx.update(refreshTokens).set({ revokedAt: new Date() })
            .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
          return 'reused' as const;
        }
        const [user] = await tx.select({ active: users.active }).from(users)
          .where(and(eq(users.municipalityId, row.municipalityId), eq(users.id, row.userId)));
        if (!user?.active) return null;
        await tx.update(refreshTokens).set({ rotatedAt: new Date() }).where(eq(refreshTokens.id, row.id));
        const ctx = { tenantId: row.municipalityId, userId: row.userId };
        const refreshToken = await issueRefresh(tx, ctx, { id: row.familyId, startedAt: row.familyStartedAt }, deps.refreshDays, deps.sessionMaxDays);
        const roles = await rolesOf(tx, row.municipalityId, row.userId);
        return { claims: { sub: row.userId, tid: row.municipalityId, rid: owner.region_id, roles }, refreshToken };
      });
      // The revocation above has committed by now; only then is the caller turned away.
      if (!outcome || outcome === 'reused') throw unauthorized();
      return outcome;
    },

    async logout(token: string | undefined): Promise<void> {
      if (!token) return;
      const tokenHash = sha256(token);
      const [owner] = await deps.sql<{ municipality_id: string; region_id: string }[]>`
        select * from auth_find_refresh_token(${tokenHash})`;
      if (!owner) return;
      await deps.withTenant({ tenantId: owner.municipality_id, regionId: owner.region_id }, async (tx) => {
        const [row] = await tx.select({ familyId: refreshTokens.familyId }).from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
        if (row) await tx.update(refreshTokens).set({ revokedAt: new Date() }).where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
      });
    },
  };
}
export type AuthService = ReturnType<typeof authService>;
