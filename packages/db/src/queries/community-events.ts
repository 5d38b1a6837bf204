import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { readableBy, uuids } from './community-sql';

/**
 * 勉強会・イベント of communities: events, registrations (with the waitlist), materials and the
 * personal calendar feed's tokens. Region-owned rows: every query names the region, and row-level
 * security hides other regions and invite-only communities from non-members. Timestamps come back as
 * PostgreSQL's text; `cursorAt` keeps microseconds for keyset cursors.
 */

const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type EventStatus = 'scheduled' | 'cancelled';
export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled';

export type EventRow = {
  id: string;
  regionId: string;
  communityId: string;
  communityName: string;
  title: string;
  description: string;
  descriptionHtml: string;
  kind: 'workshop' | 'study' | 'consultation' | 'first_meeting' | 'other';
  format: 'offline' | 'online' | 'hybrid';
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  registeredCount: number;
  waitlistCount: number;
  status: EventStatus;
  materialsNote: string | null;
  materialsNoteHtml: string | null;
  createdBy: string;
  sequence: number;
  createdAt: string;
  updatedAt: string;
  /** The reader's registration when not cancelled, and their 1-based place on the waitlist. */
  myStatus: 'registered' | 'waitlisted' | null;
  myWaitlistPosition: number | null;
  /** starts_at with microseconds, for cursors. */
  cursorAt: string;
};

/** An event with the reader's registration `r`; their waitlist place counts those queued before them. */
const eventColumns = sql`
  e.id, e.region_id as "regionId", e.community_id as "communityId", c.name as "communityName", e.title, e.description,
  e.description_html as "descriptionHtml", e.kind, e.format, ${iso(sql`e.starts_at`)} as "startsAt", ${iso(sql`e.ends_at`)} as "endsAt",
  e.place, e.online_url as "onlineUrl", e.capacity, e.registered_count as "registeredCount", e.waitlist_count as "waitlistCount",
  e.status, e.materials_note as "materialsNote", e.materials_note_html as "materialsNoteHtml", e.created_by as "createdBy",
  e.sequence, ${iso(sql`e.created_at`)} as "createdAt", ${iso(sql`e.updated_at`)} as "updatedAt", ${iso(sql`e.starts_at`)} as "cursorAt",
  r.status as "myStatus",
  case when r.status = 'waitlisted' then (
    select count(*)::int from community_event_registrations w
    where w.event_id = e.id and w.status = 'waitlisted' and (w.queued_at, w.id) <= (r.queued_at, r.id)
  ) end as "myWaitlistPosition"`;

const eventFrom = (userId: string) => sql`
  from community_events e
  join communities c on c.id = e.community_id and c.region_id = e.region_id
  left join community_event_registrations r on r.event_id = e.id and r.user_id = ${userId} and r.status <> 'cancelled'`;

/** One event as `userId` sees it (their registration included), or null when it is not visible. */
export async function getEvent(tx: Db, f: { regionId: string; eventId: string; userId: string }): Promise<EventRow | null> {
  const rows = await tx.execute<EventRow>(sql`
    select ${eventColumns} ${eventFrom(f.userId)}
    where e.region_id = ${f.regionId} and e.id = ${f.eventId}`);
  return rows[0] ?? null;
}

export type LockedEvent = {
  id: string;
  communityId: string;
  title: string;
  status: EventStatus;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
};

/**
 * Locks the event row (FOR UPDATE): registrations, cancellations, capacity changes and the event's own
 * changes of one event happen one after the other. Read what else you need in later statements: under
 * READ COMMITTED each sees what the transaction before this one committed.
 */
export async function lockEvent(tx: Db, f: { regionId: string; eventId: string }): Promise<LockedEvent | null> {
  const rows = await tx.execute<LockedEvent>(sql`
    select id, community_id as "communityId", title, status, ${iso(sql`starts_at`)} as "startsAt", ${iso(sql`ends_at`)} as "endsAt", capacity
    from community_events where region_id = ${f.regionId} and id = ${f.eventId}
    for update`);
  return rows[0] ?? null;
}

export interface EventListFilter {
  regionId: string;
  userId: string;
  communityId?: string;
  when: 'upcoming' | 'past' | 'mine';
  after?: { at: string; id: string } | null;
  limit: number;
}

/**
 * A page of events: upcoming (not yet ended, soonest first), past (ended, latest first) in communities
 * the reader may read (open ones, and those they are an active member of), or mine (my registrations
 * and waitlist places of events not yet ended, soonest first, wherever they are). Keyset on (starts_at, id).
 */
export async function listEvents(tx: Db, f: EventListFilter): Promise<EventRow[]> {
  const where: SQL[] = [sql`e.region_id = ${f.regionId}`];
  if (f.communityId) where.push(sql`e.community_id = ${f.communityId}`);
  if (f.when === 'mine') {
    where.push(sql`r.status in ('registered', 'waitlisted')`, sql`e.ends_at > now()`);
  } else {
    where.push(readableBy('c', f.userId));
    where.push(f.when === 'past' ? sql`e.ends_at <= now()` : sql`e.ends_at > now()`);
  }
  const desc = f.when === 'past';
  if (f.after) {
    where.push(desc
      ? sql`(e.starts_at, e.id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`
      : sql`(e.starts_at, e.id) > (${f.after.at}::timestamptz, ${f.after.id}::uuid)`);
  }
  return tx.execute<EventRow>(sql`
    select ${eventColumns} ${eventFrom(f.userId)}
    where ${sql.join(where, sql` and `)}
    order by ${desc ? sql`e.starts_at desc, e.id desc` : sql`e.starts_at, e.id`}
    limit ${f.limit}`);
}

export interface EventWrite {
  title: string;
  description: string;
  descriptionHtml: string;
  kind: EventRow['kind'];
  format: EventRow['format'];
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  /** tsvector literal (toTsvectorLiteral). */
  search: string;
}

/**
 * Inserts an event under the id the caller chose (derived from an idempotency key, so a double submit
 * makes one event). Returns false when an event with that id already exists.
 */
export async function insertEvent(
  tx: Db, e: EventWrite & { id: string; regionId: string; communityId: string; createdBy: string; createdByMunicipalityId: string },
): Promise<boolean> {
  const rows = await tx.execute(sql`
    insert into community_events (id, region_id, community_id, title, description, description_html, kind, format, starts_at, ends_at,
      place, online_url, capacity, created_by, created_by_municipality_id, search)
    values (${e.id}, ${e.regionId}, ${e.communityId}, ${e.title}, ${e.description}, ${e.descriptionHtml}, ${e.kind}, ${e.format},
      ${e.startsAt}::timestamptz, ${e.endsAt}::timestamptz, ${e.place}, ${e.onlineUrl}, ${e.capacity}, ${e.createdBy},
      ${e.createdByMunicipalityId}, ${e.search}::tsvector)
    on conflict (id) do nothing
    returning id`);
  return rows.length > 0;
}

/**
 * Writes the event's editable fields (all of them: the caller merged the change) and bumps SEQUENCE when
 * asked. A new start clears reminder_sent_at of its registrations: the day-before reminder is sent again
 * for the new date (a reminder already sent named the old one).
 */
export async function updateEvent(
  tx: Db, f: { regionId: string; eventId: string; e: EventWrite & { materialsNote: string | null; materialsNoteHtml: string | null }; bumpSequence: boolean },
): Promise<void> {
  const e = f.e;
  // `old` is read in the statement's snapshot: the start before this update.
  const [row] = await tx.execute<{ rescheduled: boolean }>(sql`
    update community_events ev set title = ${e.title}, description = ${e.description}, description_html = ${e.descriptionHtml},
      kind = ${e.kind}, format = ${e.format}, starts_at = ${e.startsAt}::timestamptz, ends_at = ${e.endsAt}::timestamptz,
      place = ${e.place}, online_url = ${e.onlineUrl}, capacity = ${e.capacity}, materials_note = ${e.materialsNote},
      materials_note_html = ${e.materialsNoteHtml}, search = ${e.search}::tsvector,
      sequence = ev.sequence + ${f.bumpSequence ? 1 : 0}, updated_at = now()
    from (select starts_at from community_events where region_id = ${f.regionId} and id = ${f.eventId}) old
    where ev.region_id = ${f.regionId} and ev.id = ${f.eventId}
    returning ev.starts_at <> old.starts_at as rescheduled`);
  if (row?.rescheduled) {
    await tx.execute(sql`
      update community_event_registrations set reminder_sent_at = null
      where region_id = ${f.regionId} and event_id = ${f.eventId} and reminder_sent_at is not null`);
  }
}

/** 中止: the event stays (calendars show it as cancelled) with a new SEQUENCE. */
export async function cancelEvent(tx: Db, f: { regionId: string; eventId: string }): Promise<void> {
  await tx.execute(sql`
    update community_events set status = 'cancelled', sequence = sequence + 1, updated_at = now()
    where region_id = ${f.regionId} and id = ${f.eventId}`);
}

// ── registrations ───────────────────────────────────────────────────────────────────────────────

export type RegistrationRow = { id: string; userId: string; status: RegistrationStatus; queuedAt: string; attended: boolean | null };

export async function getRegistration(tx: Db, f: { eventId: string; userId: string }): Promise<RegistrationRow | null> {
  const rows = await tx.execute<RegistrationRow>(sql`
    select id, user_id as "userId", status, ${iso(sql`queued_at`)} as "queuedAt", attended
    from community_event_registrations where event_id = ${f.eventId} and user_id = ${f.userId}`);
  return rows[0] ?? null;
}

/**
 * Registers or waitlists a person (a cancelled registration comes back at the end of the queue). The
 * queue time is clock_timestamp(), taken under the event lock: the waitlist is in the order people
 * got the lock, not the order their transactions began.
 */
export async function upsertRegistration(
  tx: Db, f: { regionId: string; communityId: string; eventId: string; userId: string; municipalityId: string; status: 'registered' | 'waitlisted' },
): Promise<void> {
  await tx.execute(sql`
    insert into community_event_registrations (region_id, community_id, event_id, user_id, municipality_id, status, queued_at)
    values (${f.regionId}, ${f.communityId}, ${f.eventId}, ${f.userId}, ${f.municipalityId}, ${f.status}, clock_timestamp())
    on conflict (event_id, user_id) do update set status = excluded.status, queued_at = excluded.queued_at,
      promoted_at = null, cancelled_at = null, attended = null, reminder_sent_at = null, updated_at = now()`);
}

export async function cancelRegistration(tx: Db, f: { eventId: string; userId: string }): Promise<void> {
  await tx.execute(sql`
    update community_event_registrations set status = 'cancelled', cancelled_at = now(), updated_at = now()
    where event_id = ${f.eventId} and user_id = ${f.userId}`);
}

/** The waitlist, first in line first. */
export async function getWaitlist(tx: Db, f: { eventId: string }): Promise<string[]> {
  const rows = await tx.execute<{ userId: string }>(sql`
    select user_id as "userId" from community_event_registrations
    where event_id = ${f.eventId} and status = 'waitlisted' order by queued_at, id`);
  return rows.map((r) => r.userId);
}

export async function promote(tx: Db, f: { eventId: string; userIds: string[] }): Promise<void> {
  if (!f.userIds.length) return;
  await tx.execute(sql`
    update community_event_registrations set status = 'registered', promoted_at = now(), updated_at = now()
    where event_id = ${f.eventId} and status = 'waitlisted' and user_id = any(${uuids(f.userIds)})`);
}

/**
 * Counts the event's places from its registrations and stores the counts on the event row (the caller
 * holds its lock): the counters are never adjusted by ±1, so they cannot drift. Returns them and the capacity.
 */
export async function recountEvent(tx: Db, f: { eventId: string }): Promise<{ registered: number; waitlisted: number; capacity: number | null }> {
  const [row] = await tx.execute<{ registered: number; waitlisted: number; capacity: number | null }>(sql`
    with n as (
      select count(*) filter (where status = 'registered')::int as registered,
             count(*) filter (where status = 'waitlisted')::int as waitlisted
      from community_event_registrations where event_id = ${f.eventId}
    )
    update community_events e set registered_count = n.registered, waitlist_count = n.waitlisted
    from n where e.id = ${f.eventId}
    returning n.registered, n.waitlisted, e.capacity`);
  return row!;
}

/** Counts only (no write): the capacity check of an edit. */
export async function countRegistered(tx: Db, f: { eventId: string }): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from community_event_registrations where event_id = ${f.eventId} and status = 'registered'`);
  return row!.n;
}

export type RegistrantRow = RegistrationRow & { waitlistPosition: number | null };

/** Everyone registered, then the waitlist in order, then cancellations (latest first). */
export async function listRegistrants(tx: Db, f: { eventId: string }): Promise<RegistrantRow[]> {
  return tx.execute<RegistrantRow>(sql`
    select id, user_id as "userId", status, ${iso(sql`queued_at`)} as "queuedAt", attended,
      case when status = 'waitlisted' then row_number() over (partition by status order by queued_at, id)::int end as "waitlistPosition"
    from community_event_registrations where event_id = ${f.eventId}
    order by case status when 'registered' then 0 when 'waitlisted' then 1 else 2 end,
      case when status = 'cancelled' then cancelled_at end desc, queued_at, id`);
}

/** Sets attended for registered people; returns the user ids that were not registered (nothing is written then). */
export async function setAttendance(tx: Db, f: { eventId: string; items: Array<{ userId: string; attended: boolean }> }): Promise<string[]> {
  const ids = f.items.map((i) => i.userId);
  const rows = await tx.execute<{ userId: string }>(sql`
    select user_id as "userId" from community_event_registrations
    where event_id = ${f.eventId} and status = 'registered' and user_id = any(${uuids(ids)})`);
  const registered = new Set(rows.map((r) => r.userId));
  const missing = ids.filter((id) => !registered.has(id));
  if (missing.length) return missing;
  await tx.execute(sql`
    update community_event_registrations r set attended = v.attended, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(f.items)}::jsonb) as v("userId" uuid, attended boolean)
    where r.event_id = ${f.eventId} and r.user_id = v."userId"`);
  return [];
}

/** People registered or waitlisted (e.g. to tell them of a cancellation). */
export async function activeRegistrantIds(tx: Db, f: { eventId: string }): Promise<string[]> {
  const rows = await tx.execute<{ userId: string }>(sql`
    select user_id as "userId" from community_event_registrations
    where event_id = ${f.eventId} and status in ('registered', 'waitlisted') order by queued_at, id`);
  return rows.map((r) => r.userId);
}

/** Active members who want every notice of the community (notify = 'all'). */
export async function membersNotifiedOfAll(tx: Db, f: { communityId: string }): Promise<string[]> {
  const rows = await tx.execute<{ userId: string }>(sql`
    select user_id as "userId" from community_members
    where community_id = ${f.communityId} and status = 'active' and notify = 'all'`);
  return rows.map((r) => r.userId);
}

// ── materials ───────────────────────────────────────────────────────────────────────────────────

export type MaterialRow = { id: string; filename: string; contentType: string; sizeBytes: number };

export async function getMaterials(tx: Db, f: { eventId: string }): Promise<MaterialRow[]> {
  return tx.execute<MaterialRow>(sql`
    select id, filename, content_type as "contentType", size_bytes as "sizeBytes"
    from community_files where event_id = ${f.eventId} order by created_at, id`);
}

/**
 * Makes `fileIds` the event's materials: the event's materials already, or the editor's own uploads to
 * the same community not attached to anything yet (an unattached upload is private to its uploader, and
 * a post's attachment follows its post). Returns the ids that are neither (nothing is written then).
 */
export async function setMaterials(
  tx: Db, f: { communityId: string; eventId: string; editorId: string; fileIds: string[] },
): Promise<string[]> {
  const rows = f.fileIds.length
    ? await tx.execute<{ id: string }>(sql`
      select id from community_files
      where community_id = ${f.communityId} and id = any(${uuids(f.fileIds)})
        and (event_id = ${f.eventId} or (event_id is null and post_id is null and uploaded_by = ${f.editorId}))
      for update`)
    : [];
  const known = new Set(rows.map((r) => r.id));
  const unknown = f.fileIds.filter((id) => !known.has(id));
  if (unknown.length) return unknown;
  await tx.execute(sql`
    update community_files set event_id = null
    where event_id = ${f.eventId} and not (id = any(${uuids(f.fileIds)}))`);
  if (f.fileIds.length) {
    await tx.execute(sql`update community_files set event_id = ${f.eventId} where id = any(${uuids(f.fileIds)})`);
  }
  return [];
}

// ── calendar ────────────────────────────────────────────────────────────────────────────────────

export type FeedEventRow = {
  id: string;
  title: string;
  description: string;
  communityName: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  format: EventRow['format'];
  status: EventStatus;
  sequence: number;
  updatedAt: string;
  myStatus: 'registered' | 'waitlisted';
};

/** A person's registered and waitlisted events that ended at most `pastDays` ago or are still to come. */
export async function feedEvents(tx: Db, f: { regionId: string; userId: string; pastDays: number }): Promise<FeedEventRow[]> {
  return tx.execute<FeedEventRow>(sql`
    select e.id, e.title, e.description, c.name as "communityName", ${iso(sql`e.starts_at`)} as "startsAt", ${iso(sql`e.ends_at`)} as "endsAt",
      e.place, e.online_url as "onlineUrl", e.format, e.status, e.sequence, ${iso(sql`e.updated_at`)} as "updatedAt", r.status as "myStatus"
    from community_event_registrations r
    join community_events e on e.id = r.event_id and e.region_id = r.region_id
    join communities c on c.id = e.community_id and c.region_id = e.region_id
    where r.region_id = ${f.regionId} and r.user_id = ${f.userId} and r.status in ('registered', 'waitlisted')
      and e.ends_at > now() - make_interval(days => ${f.pastDays})
    order by e.starts_at, e.id
    limit 1000`);
}

export type FeedTokenRow = { id: string; tokenHash: string };

/**
 * The person's current feed token row (the newest not revoked). Callers serialise on
 * lockFeedTokens first so two first visits make one row.
 */
export async function getFeedToken(tx: Db, f: { tenantId: string; userId: string }): Promise<FeedTokenRow | null> {
  const rows = await tx.execute<FeedTokenRow>(sql`
    select id, token_hash as "tokenHash" from calendar_feed_tokens
    where municipality_id = ${f.tenantId} and user_id = ${f.userId} and revoked_at is null
    order by created_at desc, id desc limit 1`);
  return rows[0] ?? null;
}

/** A transaction-scoped advisory lock per person: their feed tokens change one request at a time. */
export async function lockFeedTokens(tx: Db, f: { userId: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('yui.calendar_feed:' || ${f.userId}, 0))`);
}

export async function insertFeedToken(tx: Db, f: { id: string; tenantId: string; userId: string; tokenHash: string }): Promise<void> {
  await tx.execute(sql`
    insert into calendar_feed_tokens (id, municipality_id, user_id, token_hash)
    values (${f.id}, ${f.tenantId}, ${f.userId}, ${f.tokenHash})`);
}

export async function revokeFeedTokens(tx: Db, f: { tenantId: string; userId: string }): Promise<void> {
  await tx.execute(sql`
    update calendar_feed_tokens set revoked_at = now()
    where municipality_id = ${f.tenantId} and user_id = ${f.userId} and revoked_at is null`);
}
