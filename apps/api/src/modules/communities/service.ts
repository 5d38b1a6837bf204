import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Community, CommunityCreate, CommunityListQuery, CommunitySummary, communityUpdate } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  demoteOtherManagers, getCommunity, insertCommunity, listCommunities, recountMembers, setCommunityStatus, updateCommunity,
  upsertMember, type CommunitySort, type CommunityWrite,
} from '@yui/db/queries/communities';
import { getRegionPeople, isRegionalCoordinator, type RegionPerson } from '@yui/db/queries/region-people';
import { renderMarkdown, toTsvectorLiteral } from '@yui/domain';
import { conflict, invalid, notFound } from '../../lib/errors';
import { uniqueViolation } from '../directory/db-errors';
import { archivedError, communityAccess, type CommunityActor, personRefs, requireCoordinator } from './access';
import { communityView, summaryView } from './view';

/** Communities themselves: the directory, one community, and what regional coordinators change. */

// ── the directory ──

/**
 * Opaque to clients: the sort it belongs to, the sort key as PostgreSQL wrote it, and the id. The name
 * sort carries no key (the query reads the name of that id): a long Japanese name would not fit.
 */
function encodeListCursor(sort: CommunitySort, key: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
}

function decodeListCursor(cursor: string | undefined, sort: CommunitySort): { key: string; id: string } | null {
  if (!cursor) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw invalid({ cursor: 'invalid_format' });
  }
  const [s, key, id] = Array.isArray(parsed) ? parsed : [];
  const keyOk = typeof key === 'string'
    && (sort === 'name' ? key === '' : sort === 'members' ? /^\d{1,9}$/.test(key) : !Number.isNaN(Date.parse(key)));
  if (s !== sort || !keyOk || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw invalid({ cursor: 'invalid_format' });
  return { key, id };
}

/** The region's directory: what RLS lets the reader see (invite-only only for its members). */
export async function listDirectory(
  tx: Db, actor: CommunityActor, q: CommunityListQuery,
): Promise<{ items: CommunitySummary[]; nextCursor: string | null }> {
  const rows = await listCommunities(tx, {
    regionId: actor.regionId,
    userId: actor.userId,
    category: q.category,
    municipalityId: q.municipalityId,
    activity: q.activity,
    mine: q.mine === 'true',
    includeArchived: q.includeArchived === 'true',
    sort: q.sort,
    after: decodeListCursor(q.cursor, q.sort),
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(summaryView),
    nextCursor: rows.length > q.limit && last ? encodeListCursor(q.sort, last.sortKey, last.id) : null,
  };
}

/** One community as the reader sees it; 404 when it is not there for them. */
export async function readCommunity(tx: Db, actor: CommunityActor, communityId: string): Promise<Community> {
  const row = await getCommunity(tx, { regionId: actor.regionId, userId: actor.userId, communityId });
  if (!row) throw notFound();
  const managers = await personRefs(tx, row.managerIds);
  // The coordinator flag shows buttons only; every change asks the database again.
  const coordinator = actor.coordinatorClaim && (await isRegionalCoordinator(tx, actor));
  return communityView(row, managers, { coordinator });
}

// ── what coordinators change ──

/** The description rendered, and the search index of name and description. */
function written(name: string, description: string): Pick<CommunityWrite, 'descriptionHtml' | 'search'> {
  const rendered = renderMarkdown(description);
  return { descriptionHtml: rendered.html, search: toTsvectorLiteral([name, rendered.text]) };
}

/** Active people of the region among these ids, or 400 naming `field`. */
async function regionPeople(tx: Db, ids: readonly string[], field: string): Promise<RegionPerson[]> {
  const unique = [...new Set(ids)];
  const people = await getRegionPeople(tx, unique);
  const found = unique.map((id) => people.get(id));
  if (found.some((p) => !p || !p.active)) throw invalid({ [field]: 'not_in_region' });
  return found as RegionPerson[];
}

const nameTaken = (err: unknown) => uniqueViolation(err) === 'communities_region_name_uq';

/** 201: a new community with its first managers as active members. Coordinators only. */
export async function createCommunity(tx: Db, actor: CommunityActor, body: CommunityCreate): Promise<Community> {
  await requireCoordinator(tx, actor);
  const managers = await regionPeople(tx, body.managerIds, 'managerIds');
  const id = randomUUID();
  // created_by makes an invite-only community visible to its creator before anyone is a member.
  await insertCommunity(tx, {
    id,
    regionId: actor.regionId,
    createdBy: actor.userId,
    createdByMunicipalityId: actor.tenantId,
    name: body.name,
    category: body.category,
    description: body.description,
    visibility: body.visibility,
    ...written(body.name, body.description),
  }).catch((err) => {
    throw nameTaken(err) ? conflict({ name: 'duplicate' }) : err;
  });
  await communityAccess(tx, actor, id, { lock: 'update' });
  for (const p of managers) {
    await upsertMember(tx, { regionId: actor.regionId, communityId: id, m: { userId: p.id, municipalityId: p.municipalityId, role: 'manager', status: 'active' } });
  }
  await recountMembers(tx, { regionId: actor.regionId, communityId: id });
  return readCommunity(tx, actor, id);
}


export async function editCommunity(
  tx: Db, actor: CommunityActor, communityId: string, body: z.infer<typeof communityUpdate>,
): Promise<Community> {
  await requireCoordinator(tx, actor);
  const a = await communityAccess(tx, actor, communityId, { lock: 'update' });
  if (a.archived) throw archivedError();
  const current = await getCommunity(tx, { regionId: actor.regionId, userId: actor.userId, communityId });
  if (!current) throw notFound();
  // Row-level security lets nobody write a row they could not see afterwards: an invite-only
  // community is seen by its members and its creator only.
  const staysVisible = current.createdBy === actor.userId || current.memberStatus === 'active' || current.memberStatus === 'invited';
  if (body.visibility === 'invite' && current.visibility !== 'invite' && !staysVisible) throw conflict({ visibility: 'invite_not_member' });
  const name = body.name ?? current.name;
  const description = body.description ?? current.description;
  const set: Partial<CommunityWrite> = {
    name: body.name,
    category: body.category,
    visibility: body.visibility,
    description: body.description,
    ...(body.name !== undefined || body.description !== undefined ? written(name, description) : {}),
  };
  await updateCommunity(tx, { regionId: actor.regionId, communityId, set }).catch((err) => {
    throw nameTaken(err) ? conflict({ name: 'duplicate' }) : err;
  });
  return readCommunity(tx, actor, communityId);
}

/** Archive (read-only for everyone) or bring back. Doing it twice is the same as once. */
export async function setArchived(tx: Db, actor: CommunityActor, communityId: string, archived: boolean): Promise<Community> {
  await requireCoordinator(tx, actor);
  await communityAccess(tx, actor, communityId, { lock: 'update' });
  await setCommunityStatus(tx, { regionId: actor.regionId, communityId, archived });
  return readCommunity(tx, actor, communityId);
}

/**
 * The listed people become the managers (joining as active members if they were not, or were only
 * asked or invited); every other manager stays on as a member.
 */
export async function replaceManagers(tx: Db, actor: CommunityActor, communityId: string, userIds: string[]): Promise<Community> {
  await requireCoordinator(tx, actor);
  await communityAccess(tx, actor, communityId, { lock: 'update' });
  const people = await regionPeople(tx, userIds, 'userIds');
  for (const p of people) {
    await upsertMember(tx, { regionId: actor.regionId, communityId, m: { userId: p.id, municipalityId: p.municipalityId, role: 'manager', status: 'active' } });
  }
  await demoteOtherManagers(tx, { communityId, keep: people.map((p) => p.id) });
  await recountMembers(tx, { regionId: actor.regionId, communityId });
  return readCommunity(tx, actor, communityId);
}
