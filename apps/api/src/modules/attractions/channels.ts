import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AttractionChannel, channelCreate, channelUpdate, channelWithSecret, PublicationEntry } from '@yui/contracts';
import type { Db } from '@yui/db';
import { isRegionCoordinator } from '@yui/db/queries/attractions';
import {
  channelNameTaken, getChannel, insertChannel, listChannels, listRegionPublications, setChannelSecret, updateChannel,
  type ChannelRow, type RegionPublicationRow,
} from '@yui/db/queries/attractions-curation';
import { defaultLimit } from '@yui/domain';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError, conflict, notFound } from '../../lib/errors';
import type { AttractionActor } from './access';

/**
 * The region's social-media relays (配信先): a webhook address each, signed with its own secret
 * (HMAC-SHA256, see webhookBody in contracts). The coordinators of the region set them up; nobody
 * else sees them, since an address may itself carry a relay's token. The secret is made here (32
 * random bytes, hex) and shown once — in the answer that creates the relay or rotates the secret.
 *
 * Addresses: http or https (the contract), nothing more. The relays are run by the region (or its
 * contractor) and entered by its coordinators, so the API does not try to tell a private address
 * from a public one; the worker posts to whatever the coordinator entered.
 *
 * Also here: the publication log of the region (who got what, delivered or retrying), coordinators only.
 */

type ChannelCreate = z.infer<typeof channelCreate>;
type ChannelUpdate = z.infer<typeof channelUpdate>;
type ChannelWithSecret = z.infer<typeof channelWithSecret>;

/** 403 role: not_coordinator — for staff of the region who see the thing but may not do this to it. */
export const notCoordinator = () => new AppError(403, 'forbidden', { role: 'not_coordinator' });

export const newSecret = () => randomBytes(32).toString('hex');

export function channelView(c: ChannelRow): AttractionChannel {
  return {
    id: c.id, name: c.name, kind: c.kind, url: c.url, charLimit: c.charLimit, active: c.active, createdAt: new Date(c.createdAt).toISOString(),
  };
}

/** The region's coordinators only (checked in the database), 403 for everyone else. */
export async function requireCoordinator(tx: Db): Promise<void> {
  if (!(await isRegionCoordinator(tx))) throw notCoordinator();
}

/**
 * A relay to change: 404 when not of the reader's region, 403 for staff of the region who are no
 * coordinator, then locked (row-level security lets FOR UPDATE see only what the reader may change).
 */
async function lockRelay(tx: Db, actor: AttractionActor, id: string): Promise<ChannelRow> {
  if (!(await getChannel(tx, { regionId: actor.regionId, id }))) throw notFound();
  await requireCoordinator(tx);
  const c = await getChannel(tx, { regionId: actor.regionId, id, lock: true });
  if (!c) throw notFound();
  return c;
}

export async function listRelays(tx: Db, actor: AttractionActor): Promise<{ items: AttractionChannel[] }> {
  await requireCoordinator(tx);
  const rows = await listChannels(tx, { regionId: actor.regionId });
  return { items: rows.map(channelView) };
}

/** A new relay; its limit defaults to its kind's (X 280 weighted, Instagram 2200, …). 409 name: duplicate. */
export async function createRelay(tx: Db, actor: AttractionActor, body: ChannelCreate): Promise<ChannelWithSecret> {
  await requireCoordinator(tx);
  const secret = newSecret();
  const row = await insertChannel(tx, {
    regionId: actor.regionId, tenantId: actor.tenantId, name: body.name, kind: body.kind, url: body.url, secret,
    charLimit: body.charLimit ?? defaultLimit(body.kind), createdBy: actor.userId,
  });
  if (!row) throw conflict({ name: 'duplicate' });
  return { ...channelView(row), secret };
}

export async function updateRelay(tx: Db, actor: AttractionActor, id: string, body: ChannelUpdate): Promise<AttractionChannel> {
  const c = await lockRelay(tx, actor, id);
  if (body.name !== undefined && body.name !== c.name && (await channelNameTaken(tx, { regionId: actor.regionId, name: body.name, exceptId: id }))) {
    throw conflict({ name: 'duplicate' });
  }
  return channelView(await updateChannel(tx, { id, ...body }));
}

/** A new secret for the relay (the old one stops working for the next delivery); shown once. */
export async function rotateRelaySecret(tx: Db, actor: AttractionActor, id: string): Promise<ChannelWithSecret> {
  await lockRelay(tx, actor, id);
  const secret = newSecret();
  return { ...channelView(await setChannelSecret(tx, { id, secret })), secret };
}

// ── the publication log ─────────────────────────────────────────────────────────────────────────

export type RegionPublication = PublicationEntry & {
  post: { id: string; title: string; town: { id: string; name: string } };
  scheduleSeq: number;
};

const isoOrNull = (t: string | null) => (t ? new Date(t).toISOString() : null);

function publicationView(u: RegionPublicationRow): RegionPublication {
  return {
    id: u.id,
    post: { id: u.postId, title: u.postTitle ?? '', town: { id: u.municipalityId, name: u.municipalityName } },
    channel: u.channelId ? { id: u.channelId, name: u.channelName ?? '', kind: u.channelKind ?? 'other' } : null,
    action: u.action,
    scheduleSeq: u.scheduleSeq,
    status: u.status,
    attempts: u.attempts,
    responseStatus: u.responseStatus,
    lastError: u.lastError,
    text: u.text,
    deliveredAt: isoOrNull(u.deliveredAt),
    createdAt: new Date(u.createdAt).toISOString(),
    updatedAt: new Date(u.updatedAt).toISOString(),
  };
}

/** GET /attractions/publications — the region's log, newest first (coordinators). */
export async function listPublicationLog(
  tx: Db, actor: AttractionActor, q: { status?: 'pending' | 'delivered' | 'failed'; cursor?: string; limit: number },
): Promise<{ items: RegionPublication[]; nextCursor: string | null }> {
  await requireCoordinator(tx);
  const rows = await listRegionPublications(tx, { regionId: actor.regionId, status: q.status, after: decodeCursor(q.cursor), limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(publicationView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
