import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CommunityEvent, eventCreate, eventListQuery, eventSummary, TimeRequest } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  cancelEvent as markCancelled, activeRegistrantIds, countRegistered, getEvent, getMaterials, insertEvent, listEvents, lockEvent,
  membersNotifiedOfAll, setMaterials, updateEvent as writeEvent, type EventRow, type EventWrite,
} from '@yui/db/queries/community-events';
import { emitEvent } from '@yui/db/queries/outbox';
import { renderMarkdown, toTsvectorLiteral } from '@yui/domain';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { conflict, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { archivedError, communityAccess, type CommunityAccess, type CommunityActor, personRefs, requireManager, requireRead } from '../communities/access';
import { timeRequestForRef } from '../time/request-time';
import { eventSummaryView, eventView, workingDays } from './view';
import { promoteFromWaitlist } from './waitlist';

/**
 * Community events (勉強会・イベント): creating, editing, cancelling and reading them. Who may do what
 * comes from the community (communities/access.ts): its readers see its events, its managers run them.
 * Registrations live in registrations.ts, calendars in calendar.ts.
 */

/** The ref under which a person's 20%-rule request for an event is filed (time/README.md). */
export const timeRef = (eventId: string) => ({ type: 'community_event', id: eventId });

/** Requests still alive: waiting, approved, or back with the requester. Anything else may be filed again. */
const LIVE = new Set<TimeRequest['status']>(['draft', 'submitted', 'returned', 'approved']);

/** The reader's newest 20%-rule request for the event, and whether it is still alive. */
export async function myTimeRequest(tx: Db, actor: CommunityActor, eventId: string): Promise<{ request: TimeRequest; live: boolean } | null> {
  const request = await timeRequestForRef(tx, actor, timeRef(eventId));
  return request ? { request, live: LIVE.has(request.status) } : null;
}


/** The event and its community as the actor may use them; 404 when the event is not visible at all. */
export async function eventAccess(
  tx: Db, actor: CommunityActor, eventId: string, opts: { lock?: boolean } = {},
): Promise<{ row: EventRow; access: CommunityAccess }> {
  if (opts.lock && !(await lockEvent(tx, { regionId: actor.regionId, eventId }))) throw notFound();
  const row = await getEvent(tx, { regionId: actor.regionId, eventId, userId: actor.userId });
  if (!row) throw notFound();
  return { row, access: await communityAccess(tx, actor, row.communityId) };
}

export const hasEnded = (row: { endsAt: string }) => new Date(row.endsAt).getTime() <= Date.now();

/** Registering is for readers of an active community, while the event is on and not over. */
const canRegister = (row: EventRow, access: CommunityAccess) =>
  access.canRead && !access.archived && row.status === 'scheduled' && !hasEnded(row) && row.myStatus === null;

/** The full event for the actor (no read check: callers have made it). */
export async function eventFor(tx: Db, actor: CommunityActor, row: EventRow, access: CommunityAccess): Promise<CommunityEvent> {
  const [materials, people, mine] = [
    await getMaterials(tx, { eventId: row.id }),
    await personRefs(tx, [row.createdBy]),
    await myTimeRequest(tx, actor, row.id),
  ];
  const work = workingDays(row.startsAt, row.endsAt);
  return eventView(row, {
    materials,
    createdBy: people.get(row.createdBy) ?? null,
    timeRequestOffer: work.minutes > 0 ? { ...work, timeRequestId: mine?.live ? mine.request.id : null } : null,
    canManage: access.isManager,
    canRegister: canRegister(row, access),
  });
}

/** GET /events/:id */
export async function readEvent(tx: Db, actor: CommunityActor, eventId: string): Promise<CommunityEvent> {
  const { row, access } = await eventAccess(tx, actor, eventId);
  requireRead(access);
  return eventFor(tx, actor, row, access);
}

/** GET /events */
export async function listEventPage(
  tx: Db, actor: CommunityActor, q: z.infer<typeof eventListQuery>,
): Promise<{ items: Array<z.infer<typeof eventSummary>>; nextCursor: string | null }> {
  if (q.communityId) {
    // A community the reader may not read answers as the community itself does: 404 or 403.
    requireRead(await communityAccess(tx, actor, q.communityId));
  }
  const rows = await listEvents(tx, {
    regionId: actor.regionId, userId: actor.userId, communityId: q.communityId, when: q.when,
    after: decodeCursor(q.cursor), limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(eventSummaryView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.cursorAt, last.id) : null };
}

// ── writing ─────────────────────────────────────────────────────────────────────────────────────

type Fields = Omit<EventWrite, 'descriptionHtml' | 'search'>;

/** The rules a whole event must keep (zod has checked each field on its own). */
function checkFields(e: Fields): void {
  const fields: Record<string, FieldIssue> = {};
  if (new Date(e.endsAt).getTime() <= new Date(e.startsAt).getTime()) fields.endsAt = 'ends_before_start';
  if (e.format !== 'offline' && !e.onlineUrl) fields.onlineUrl = 'online_url_required';
  if (e.format !== 'online' && !e.place?.trim()) fields.place = 'place_required';
  if (Object.keys(fields).length) throw invalid(fields);
}

function written(e: Fields): EventWrite {
  const rendered = renderMarkdown(e.description);
  return { ...e, descriptionHtml: rendered.html, search: toTsvectorLiteral([e.title, rendered.text, e.place]) };
}

/**
 * The id of the event a create with this idempotency key makes: a name-based uuid (RFC 9562 v5 layout,
 * SHA-256 instead of SHA-1) of community, creator and key. A double submit inserts the same id twice,
 * and the second insert does nothing, without a column for the key.
 */
function eventIdFor(communityId: string, userId: string, key: string): string {
  const b = createHash('sha256').update(`yui.community_event\n${communityId}\n${userId}\n${key}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** POST /communities/:id/events — a manager of the community. */
export async function createEvent(
  tx: Db, actor: CommunityActor, communityId: string, body: z.infer<typeof eventCreate>,
): Promise<{ created: boolean; event: CommunityEvent }> {
  // FOR SHARE: the community cannot be archived while the event goes in.
  const access = await communityAccess(tx, actor, communityId, { lock: 'share' });
  requireRead(access);
  requireManager(access);
  if (access.archived) throw archivedError();
  const fields: Fields = {
    title: body.title, description: body.description, kind: body.kind, format: body.format, startsAt: body.startsAt, endsAt: body.endsAt,
    place: body.place?.trim() || null, onlineUrl: body.onlineUrl, capacity: body.capacity,
  };
  checkFields(fields);
  const id = body.idempotencyKey ? eventIdFor(communityId, actor.userId, body.idempotencyKey) : randomUUID();
  const created = await insertEvent(tx, {
    ...written(fields), id, regionId: actor.regionId, communityId, createdBy: actor.userId, createdByMunicipalityId: actor.tenantId,
  });
  const { row } = await eventAccess(tx, actor, id);
  // The key's first event stands: it must be this person's in this community (the id says so).
  if (row.communityId !== communityId) throw notFound();
  if (created) {
    const recipientIds = (await membersNotifiedOfAll(tx, { communityId })).filter((u) => u !== actor.userId);
    if (recipientIds.length) {
      await emitEvent(tx, {
        tenantId: actor.tenantId, type: 'community.event_created', actorId: actor.userId,
        payload: { communityId, communityName: access.name, recipientIds, eventId: id, title: row.title, startsAt: new Date(row.startsAt).toISOString() },
      });
    }
  }
  return { created, event: await eventFor(tx, actor, row, access) };
}

export type EventPatch = Partial<Fields> & { materialsNote?: string | null; materialIds?: string[] };

/**
 * PATCH /events/:id — a manager. The change is merged into the event and checked whole. Lowering the
 * capacity below the people already registered is refused; raising it moves the waitlist up. A change
 * of time or place raises the iCalendar SEQUENCE so calendars take the new version.
 */
export async function updateEvent(tx: Db, actor: CommunityActor, eventId: string, patch: EventPatch): Promise<CommunityEvent> {
  const { row, access } = await eventAccess(tx, actor, eventId, { lock: true });
  requireRead(access);
  requireManager(access);
  if (access.archived) throw archivedError();
  const merged: Fields = {
    title: patch.title ?? row.title,
    description: patch.description ?? row.description,
    kind: patch.kind ?? row.kind,
    format: patch.format ?? row.format,
    startsAt: patch.startsAt ?? row.startsAt,
    endsAt: patch.endsAt ?? row.endsAt,
    place: patch.place !== undefined ? patch.place?.trim() || null : row.place,
    onlineUrl: patch.onlineUrl !== undefined ? patch.onlineUrl : row.onlineUrl,
    capacity: patch.capacity !== undefined ? patch.capacity : row.capacity,
  };
  checkFields(merged);
  if (merged.capacity !== null && merged.capacity !== row.capacity) {
    const registered = await countRegistered(tx, { eventId });
    if (merged.capacity < registered) throw invalid({ capacity: { issue: 'capacity_below_registered', params: { registered } } });
  }
  if (patch.materialIds) {
    const unknown = await setMaterials(tx, { communityId: row.communityId, eventId, editorId: actor.userId, fileIds: [...new Set(patch.materialIds)] });
    if (unknown.length) throw invalid({ materialIds: 'unknown_file' });
  }
  const materialsNote = patch.materialsNote !== undefined ? patch.materialsNote || null : row.materialsNote;
  const same = (a: string, b: string) => new Date(a).getTime() === new Date(b).getTime();
  const bumpSequence = !same(merged.startsAt, row.startsAt) || !same(merged.endsAt, row.endsAt)
    || merged.place !== row.place || merged.onlineUrl !== row.onlineUrl || merged.format !== row.format;
  await writeEvent(tx, {
    regionId: actor.regionId, eventId, bumpSequence,
    e: {
      ...written(merged),
      materialsNote,
      materialsNoteHtml: patch.materialsNote !== undefined ? (materialsNote ? renderMarkdown(materialsNote).html : null) : row.materialsNoteHtml,
    },
  });
  const morePlaces = merged.capacity === null || (row.capacity !== null && merged.capacity > row.capacity);
  if (morePlaces && row.status === 'scheduled' && !hasEnded(merged)) {
    await promoteFromWaitlist(tx, actor, {
      eventId, communityId: row.communityId, communityName: row.communityName, title: merged.title, startsAt: merged.startsAt,
    });
  }
  const after = await eventAccess(tx, actor, eventId);
  return eventFor(tx, actor, after.row, after.access);
}

/** POST /events/:id/cancel — a manager. Everyone registered or waitlisted is told; a second cancel changes nothing. */
export async function cancelEvent(tx: Db, actor: CommunityActor, eventId: string): Promise<CommunityEvent> {
  const { row, access } = await eventAccess(tx, actor, eventId, { lock: true });
  requireRead(access);
  requireManager(access);
  if (access.archived) throw archivedError();
  if (row.status === 'scheduled') {
    if (hasEnded(row)) throw conflict({ event: 'event_ended' });
    await markCancelled(tx, { regionId: actor.regionId, eventId });
    const recipientIds = (await activeRegistrantIds(tx, { eventId })).filter((u) => u !== actor.userId);
    if (recipientIds.length) {
      await emitEvent(tx, {
        tenantId: actor.tenantId, type: 'community.event_cancelled', actorId: actor.userId,
        payload: {
          communityId: row.communityId, communityName: row.communityName, recipientIds, eventId, title: row.title,
          startsAt: new Date(row.startsAt).toISOString(),
        },
      });
    }
  }
  const after = await eventAccess(tx, actor, eventId);
  return eventFor(tx, actor, after.row, after.access);
}
