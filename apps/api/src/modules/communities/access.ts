import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '@yui/db';
import { getRegionPeople, isRegionalCoordinator, type RegionPerson } from '@yui/db/queries/region-people';
import type { CommunityVisibility, NotifySetting, PersonRef } from '@yui/contracts';
import { AppError, forbidden, notFound } from '../../lib/errors';

/**
 * Who may do what in a community — shared by the communities, posts and events modules.
 *
 * Visibility is enforced twice: row-level security hides another region entirely and an invite-only
 * community from non-members (so `communityAccess` answers 404 for both, exactly like a community
 * that does not exist), and the rules below decide reading and writing inside the region:
 *  - open: everyone in the region reads; members write.
 *  - approval / invite: members read and write (a non-member sees the directory card only: 403).
 *  - archived: read-only for everyone.
 *  - managers (role 'manager', active): membership and moderation.
 *  - regional coordinators (checked in the database, not the token): create, edit, archive, managers;
 *    they read open and approval communities, and invite-only ones only as members or creators.
 */

export interface CommunityActor {
  tenantId: string;
  regionId: string;
  userId: string;
  /** From the token: only for showing buttons. Actions re-check with `requireCoordinator`. */
  coordinatorClaim: boolean;
}

export const communityActor = (req: FastifyRequest): CommunityActor => ({
  tenantId: req.auth.tid,
  regionId: req.auth.rid,
  userId: req.auth.sub,
  coordinatorClaim: req.auth.roles.includes('regional_coordinator'),
});

export interface Membership {
  role: 'manager' | 'member';
  status: 'active' | 'pending' | 'invited';
  notify: NotifySetting;
}

export interface CommunityAccess {
  id: string;
  name: string;
  visibility: CommunityVisibility;
  archived: boolean;
  membership: Membership | null;
  /** Active member. */
  isMember: boolean;
  /** Active manager of this community. */
  isManager: boolean;
  canRead: boolean;
  canPost: boolean;
}

/**
 * The community as `actor` may use it, or 404 when it is not visible (another region, invite-only
 * and not a member, or no such id). `lock` takes the community row FOR UPDATE (changes to
 * membership counts, managers) — FOR SHARE is `lock: 'share'` (posting: the community must not be
 * archived under us).
 */
export async function communityAccess(
  tx: Db, actor: CommunityActor, communityId: string, opts: { lock?: 'update' | 'share' } = {},
): Promise<CommunityAccess> {
  const lock = opts.lock === 'update' ? sql`for update of c` : opts.lock === 'share' ? sql`for share of c` : sql``;
  const [row] = await tx.execute<{
    id: string; name: string; visibility: CommunityVisibility; status: 'active' | 'archived';
    role: Membership['role'] | null; mstatus: Membership['status'] | null; notify: NotifySetting | null;
  }>(sql`
    select c.id, c.name, c.visibility, c.status, m.role, m.status as mstatus, m.notify
    from communities c
    left join community_members m on m.community_id = c.id and m.user_id = ${actor.userId}
    where c.region_id = ${actor.regionId} and c.id = ${communityId}
    ${lock}`);
  if (!row) throw notFound();
  const membership = row.role && row.mstatus && row.notify ? { role: row.role, status: row.mstatus, notify: row.notify } : null;
  const isMember = membership?.status === 'active';
  const isManager = isMember && membership?.role === 'manager';
  const archived = row.status === 'archived';
  return {
    id: row.id,
    name: row.name,
    visibility: row.visibility,
    archived,
    membership,
    isMember,
    isManager,
    canRead: row.visibility === 'open' || isMember,
    canPost: isMember && !archived,
  };
}

/** 409 `communityId: archived`: an archived community is read-only. */
export const archivedError = () => new AppError(409, 'conflict', { communityId: 'archived' });

/** 403 unless the reader may read the community's posts, events and members. */
export function requireRead(a: CommunityAccess): void {
  if (!a.canRead) throw forbidden();
}

/** 403 unless an active member of an active community; an archived one answers 409 `archived`. */
export function requirePost(a: CommunityAccess): void {
  if (a.archived) throw archivedError();
  if (!a.canPost) throw forbidden();
}

/** 403 unless an active manager of the community. */
export function requireManager(a: CommunityAccess): void {
  if (!a.isManager) throw forbidden();
}

/** 403 unless a regional coordinator of the actor's region — asked of the database, not the token. */
export async function requireCoordinator(tx: Db, actor: CommunityActor): Promise<void> {
  if (!(await isRegionalCoordinator(tx, actor))) throw forbidden();
}

export function toPersonRef(p: RegionPerson): PersonRef {
  return {
    id: p.id, name: p.name, nameKana: p.nameKana, municipalityId: p.municipalityId, municipalityName: p.municipalityName,
    departmentName: p.departmentName, departmentPath: p.departmentPath, position: p.position,
  };
}

/** The cards of these people as PersonRef, in one query. Unknown ids (another region) are absent. */
export async function personRefs(tx: Db, ids: readonly string[]): Promise<Map<string, PersonRef>> {
  const people = await getRegionPeople(tx, ids);
  return new Map([...people].map(([id, p]) => [id, toPersonRef(p)]));
}

/** The actor's own card (their name for events, their town for rows they write). */
export async function me(tx: Db, actor: CommunityActor): Promise<PersonRef> {
  const p = (await personRefs(tx, [actor.userId])).get(actor.userId);
  if (!p) throw notFound();
  return p;
}
