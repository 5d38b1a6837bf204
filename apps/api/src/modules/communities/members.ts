import type { z } from 'zod';
import type { EventPayload, member, memberList, memberListQuery, NotifySetting, PersonRef } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  activeManagerIds, deleteMember, getMember, listMembers, memberTowns, recountMembers, setMemberNotify, upsertMember,
} from '@yui/db/queries/communities';
import { emitEvent } from '@yui/db/queries/outbox';
import { getRegionPeople, searchRegionPeople } from '@yui/db/queries/region-people';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors';
import { archivedError, communityAccess, type CommunityActor, me, type Membership, personRefs, requireManager, requireRead, toPersonRef } from './access';
import { memberView } from './view';

/**
 * Membership: joining (open → at once, approval → a request the managers decide, invite-only → only
 * on an invitation), leaving, the member list, managers' approvals, invitations and removals, and
 * each member's notification setting. Every change takes the community's row lock first and
 * recounts member_count under it.
 */

type Result = { membership: Membership | null };
const lastManager = () => conflict({ userId: 'last_manager' });

async function membershipNow(tx: Db, communityId: string, userId: string): Promise<Membership | null> {
  const m = await getMember(tx, { communityId, userId });
  return m ? { role: m.role, status: m.status, notify: m.notify } : null;
}

/** Tells people, unless there is nobody to tell (an event never has an empty recipient list). */
async function tell<T extends 'community.join_requested' | 'community.join_approved' | 'community.invited'>(
  tx: Db, actor: CommunityActor, type: T, payload: EventPayload<T>,
): Promise<void> {
  if (payload.recipientIds.length === 0) return;
  await emitEvent(tx, { tenantId: actor.tenantId, type, payload, actorId: actor.userId });
}

/**
 * Join. open: a member at once; approval: a request (the managers are told); an invitation is
 * accepted on any community; invite-only without an invitation: 404, as it is invisible. Already a
 * member (or already asked): nothing changes. `created` says whether a row was added (201).
 */
export async function join(
  tx: Db, actor: CommunityActor, communityId: string, message: string | null,
): Promise<Result & { created: boolean }> {
  const a = await communityAccess(tx, actor, communityId, { lock: 'update' });
  const mine = a.membership;
  if (mine?.status === 'active' || mine?.status === 'pending') return { membership: mine, created: false };
  if (a.archived) throw archivedError();
  if (mine?.status === 'invited') {
    await upsertMember(tx, { regionId: actor.regionId, communityId, m: { userId: actor.userId, municipalityId: actor.tenantId, role: mine.role, status: 'active' } });
    await recountMembers(tx, { regionId: actor.regionId, communityId });
    return { membership: await membershipNow(tx, communityId, actor.userId), created: false };
  }
  // A coordinator sees an invite-only community they created; without an invitation it is not theirs to join.
  if (a.visibility === 'invite') throw notFound();
  const status = a.visibility === 'open' ? 'active' : 'pending';
  await upsertMember(tx, {
    regionId: actor.regionId, communityId,
    m: { userId: actor.userId, municipalityId: actor.tenantId, role: 'member', status, message: status === 'pending' ? message : null },
  });
  if (status === 'active') {
    await recountMembers(tx, { regionId: actor.regionId, communityId });
  } else {
    const requester = await me(tx, actor);
    await tell(tx, actor, 'community.join_requested', {
      communityId, communityName: a.name, recipientIds: await activeManagerIds(tx, { communityId }), requesterName: requester.name,
    });
  }
  return { membership: await membershipNow(tx, communityId, actor.userId), created: true };
}

/**
 * Leave, withdraw a request, or turn down an invitation. The last manager cannot leave (409): a
 * coordinator names another one first. Not a member: nothing to do.
 */
export async function leave(tx: Db, actor: CommunityActor, communityId: string): Promise<Result> {
  const a = await communityAccess(tx, actor, communityId, { lock: 'update' });
  if (!a.membership) return { membership: null };
  if (a.isManager && (await activeManagerIds(tx, { communityId })).length <= 1) throw lastManager();
  // The count first: without their row an invite-only community is invisible to the leaver.
  await recountMembers(tx, { regionId: actor.regionId, communityId, excluding: actor.userId });
  await deleteMember(tx, { communityId, userId: actor.userId });
  return { membership: null };
}

/** My notification setting for this community (all / digest / mute). */
export async function setNotify(tx: Db, actor: CommunityActor, communityId: string, notify: NotifySetting): Promise<Result> {
  const a = await communityAccess(tx, actor, communityId);
  if (!a.membership) throw conflict({ notify: 'not_a_member' });
  await setMemberNotify(tx, { communityId, userId: actor.userId, notify });
  return { membership: await membershipNow(tx, communityId, actor.userId) };
}

/**
 * The member list with each person's town and department. Active members: whoever may read the
 * community; requests (pending) and invitations: its managers only.
 */
export async function memberPage(
  tx: Db, actor: CommunityActor, communityId: string, q: z.infer<typeof memberListQuery>,
): Promise<z.infer<typeof memberList>> {
  const a = await communityAccess(tx, actor, communityId);
  requireRead(a);
  if (q.status !== 'active' && !a.isManager) throw forbidden();
  const rows = await listMembers(tx, {
    communityId, status: q.status, municipalityId: q.municipalityId, after: decodeCursor(q.cursor), limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const people = await personRefs(tx, page.map((r) => r.userId));
  return {
    // Someone who has left the region has no card any more: left out.
    items: page.flatMap((r) => {
      const p = people.get(r.userId);
      return p ? [memberView(r, p)] : [];
    }),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAtText, last.userId) : null,
    towns: await memberTowns(tx, { communityId, status: q.status }),
  };
}

/** The manager's hand on one membership: the community locked, the row read under the lock. */
async function managed(tx: Db, actor: CommunityActor, communityId: string, userId: string) {
  const a = await communityAccess(tx, actor, communityId, { lock: 'update' });
  requireManager(a);
  const row = await getMember(tx, { communityId, userId });
  if (!row) throw notFound();
  return { a, row };
}

/** Approve a request to join: an active member, told so. */
export async function approve(tx: Db, actor: CommunityActor, communityId: string, userId: string): Promise<z.infer<typeof member>> {
  const { a, row } = await managed(tx, actor, communityId, userId);
  if (a.archived) throw archivedError();
  if (row.status === 'active') throw conflict({ userId: 'already_member' });
  if (row.status !== 'pending') throw notFound();
  await upsertMember(tx, { regionId: actor.regionId, communityId, m: { userId, municipalityId: row.municipalityId, role: row.role, status: 'active' } });
  await recountMembers(tx, { regionId: actor.regionId, communityId });
  await tell(tx, actor, 'community.join_approved', { communityId, communityName: a.name, recipientIds: [userId] });
  const person = (await personRefs(tx, [userId])).get(userId);
  const now = await getMember(tx, { communityId, userId });
  if (!person || !now) throw notFound();
  return memberView(now, person);
}

/** Decline a request to join: the request is gone (the person may ask again). */
export async function decline(tx: Db, actor: CommunityActor, communityId: string, userId: string): Promise<void> {
  const { row } = await managed(tx, actor, communityId, userId);
  if (row.status !== 'pending') throw notFound();
  await deleteMember(tx, { communityId, userId });
}

/** Remove a member (or withdraw an invitation). Not the last manager. */
export async function removeMember(tx: Db, actor: CommunityActor, communityId: string, userId: string): Promise<void> {
  const { row } = await managed(tx, actor, communityId, userId);
  if (row.role === 'manager' && row.status === 'active' && (await activeManagerIds(tx, { communityId })).length <= 1) throw lastManager();
  await recountMembers(tx, { regionId: actor.regionId, communityId, excluding: userId });
  await deleteMember(tx, { communityId, userId });
}

/**
 * Invite people of the region. New people get an invitation (they are told, and an invite-only
 * community becomes visible to them); a pending request is approved; members and people already
 * invited are left as they are. Someone not in the region: 400, nobody is invited.
 */
export async function invite(tx: Db, actor: CommunityActor, communityId: string, userIds: string[]): Promise<void> {
  const a = await communityAccess(tx, actor, communityId, { lock: 'update' });
  requireManager(a);
  if (a.archived) throw archivedError();
  const unique = [...new Set(userIds)];
  const people = await getRegionPeople(tx, unique);
  if (unique.some((id) => !people.get(id)?.active)) throw invalid({ userIds: 'not_in_region' });
  const invited: string[] = [];
  const approved: string[] = [];
  for (const id of unique) {
    const p = people.get(id)!;
    const row = await getMember(tx, { communityId, userId: id });
    if (row?.status === 'active' || row?.status === 'invited') continue;
    const status = row?.status === 'pending' ? 'active' : 'invited';
    await upsertMember(tx, {
      regionId: actor.regionId, communityId,
      m: { userId: id, municipalityId: p.municipalityId, role: 'member', status, invitedBy: actor.userId },
    });
    (status === 'active' ? approved : invited).push(id);
  }
  if (approved.length) await recountMembers(tx, { regionId: actor.regionId, communityId });
  const inviter = await me(tx, actor);
  await tell(tx, actor, 'community.invited', { communityId, communityName: a.name, recipientIds: invited, inviterName: inviter.name });
  await tell(tx, actor, 'community.join_approved', { communityId, communityName: a.name, recipientIds: approved });
}

/** People of the region by name, ふりがな or e-mail local part (inviting, choosing managers). */
export async function findPeople(tx: Db, q: string, limit: number): Promise<{ items: PersonRef[] }> {
  const ids = await searchRegionPeople(tx, { q, limit });
  const people = await getRegionPeople(tx, ids);
  return { items: ids.flatMap((id) => { const p = people.get(id); return p ? [toPersonRef(p)] : []; }) };
}
