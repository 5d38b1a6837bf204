import type { z } from 'zod';
import type { attendanceBody, registerBody, registrantList, registrationResult } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  cancelRegistration, countRegistered, listRegistrants, recountEvent, setAttendance, upsertRegistration,
} from '@yui/db/queries/community-events';
import { registrationOutcome } from '@yui/domain';
import { AppError, conflict, invalid } from '../../lib/errors';
import { archivedError, type CommunityActor, personRefs, requireManager, requireRead } from '../communities/access';
import { withdrawRequest } from '../time/actions';
import { refusalError, requestTime } from '../time/request-time';
import { eventAccess, eventFor, hasEnded, myTimeRequest, timeRef } from './service';
import { registrantView, workingDays } from './view';
import { promoteFromWaitlist } from './waitlist';

/**
 * 参加登録: registering (a place, or the waitlist when the event is full), cancelling, the list of
 * registrants and attendance. Every change of places holds the event's row lock (SELECT … FOR UPDATE)
 * from the count to the write, so concurrent registrations never exceed the capacity and the waitlist
 * keeps the order in which people took the lock.
 */

type RegistrationResult = z.infer<typeof registrationResult>;


/**
 * POST /events/:id/registrations. Any reader of the community may register (in an open community that
 * makes no membership; elsewhere readers are members). Registering again answers the registration as it
 * is (created: false). With fileTimeRequest the 20%-rule request for the event's working hours is filed
 * in the same transaction: if it is refused (over budget, too late, no approver), nothing is registered.
 */
export async function register(
  tx: Db, actor: CommunityActor, eventId: string, body: z.infer<typeof registerBody>,
): Promise<{ created: boolean; result: RegistrationResult }> {
  const { row, access } = await eventAccess(tx, actor, eventId, { lock: true });
  requireRead(access);
  if (access.archived) throw archivedError();
  if (row.status === 'cancelled') throw conflict({ event: 'event_cancelled' });
  if (hasEnded(row)) throw conflict({ event: 'event_ended' });

  let created = false;
  if (!row.myStatus) {
    const status = registrationOutcome({ capacity: row.capacity, confirmed: await countRegistered(tx, { eventId }) });
    await upsertRegistration(tx, {
      regionId: actor.regionId, communityId: row.communityId, eventId, userId: actor.userId, municipalityId: actor.tenantId, status,
    });
    await recountEvent(tx, { eventId });
    created = true;
  }

  let timeRequestId: string | null = null;
  const mine = await myTimeRequest(tx, actor, eventId);
  if (mine?.live) {
    timeRequestId = mine.request.id;
  } else if (body.fileTimeRequest) {
    const work = workingDays(row.startsAt, row.endsAt);
    if (!work.minutes) throw invalid({ fileTimeRequest: 'nothing_in_working_hours' });
    const filed = await requestTime(tx, actor, {
      activity: 'event',
      ref: { ...timeRef(eventId), title: row.title },
      days: work.days,
      purpose: body.purpose || `「${row.title}」への参加（${row.communityName}）`,
      // Once per event; after a withdrawn or declined request, once more per earlier request.
      idempotencyKey: mine ? `community_event:${eventId}:after:${mine.request.id}` : `community_event:${eventId}`,
    });
    if (!filed.ok) throw refusalError(filed.refusal);
    timeRequestId = filed.request.id;
  }

  const after = await eventAccess(tx, actor, eventId);
  return {
    created,
    result: {
      status: after.row.myStatus!,
      waitlistPosition: after.row.myWaitlistPosition,
      timeRequestId,
      event: await eventFor(tx, actor, after.row, after.access),
    },
  };
}

/**
 * DELETE /events/:id/registrations/me. A freed place goes to the first on the waitlist at once (they are
 * told). A 20%-rule request for the event still waiting for the manager is withdrawn with it; an approved
 * one stays (cancelling approved time is the person's own step in 20%ルール, and the manager is told then).
 */
export async function cancelMine(tx: Db, actor: CommunityActor, eventId: string): Promise<RegistrationResult> {
  const { row, access } = await eventAccess(tx, actor, eventId, { lock: true });
  // Someone with a place may always give it back, even after leaving an approval community.
  if (!row.myStatus) requireRead(access);
  if (row.myStatus) {
    if (hasEnded(row)) throw conflict({ event: 'event_ended' });
    await cancelRegistration(tx, { eventId, userId: actor.userId });
    if (row.myStatus === 'registered' && row.status === 'scheduled') {
      await promoteFromWaitlist(tx, actor, {
        eventId, communityId: row.communityId, communityName: row.communityName, title: row.title, startsAt: row.startsAt,
      });
    } else {
      await recountEvent(tx, { eventId });
    }
  }

  let mine = await myTimeRequest(tx, actor, eventId);
  if (mine?.request.status === 'submitted') {
    try {
      // A savepoint: if the request cannot be withdrawn after all, the cancellation still stands.
      await tx.transaction((sp) => withdrawRequest(sp, actor, mine!.request.id));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
    mine = await myTimeRequest(tx, actor, eventId);
  }

  const after = await eventAccess(tx, actor, eventId);
  return {
    status: 'cancelled',
    waitlistPosition: null,
    timeRequestId: mine?.live ? mine.request.id : null,
    event: await eventFor(tx, actor, after.row, after.access),
  };
}

/** GET /events/:id/registrations — a manager: registered, then the waitlist in order, then cancellations. */
export async function registrants(tx: Db, actor: CommunityActor, eventId: string): Promise<z.infer<typeof registrantList>> {
  const { access } = await eventAccess(tx, actor, eventId);
  requireRead(access);
  requireManager(access);
  return registrantsOf(tx, eventId);
}

async function registrantsOf(tx: Db, eventId: string): Promise<z.infer<typeof registrantList>> {
  const rows = await listRegistrants(tx, { eventId });
  const people = await personRefs(tx, rows.map((r) => r.userId));
  // Someone no longer of the region has no card to show.
  return { items: rows.flatMap((r) => (people.has(r.userId) ? [registrantView(r, people.get(r.userId)!)] : [])) };
}

/** PUT /events/:id/attendance — a manager records who came; only people with a place can have come. */
export async function recordAttendance(
  tx: Db, actor: CommunityActor, eventId: string, body: z.infer<typeof attendanceBody>,
): Promise<z.infer<typeof registrantList>> {
  const { access } = await eventAccess(tx, actor, eventId);
  requireRead(access);
  requireManager(access);
  if (access.archived) throw archivedError();
  const missing = new Set(await setAttendance(tx, { eventId, items: body.items }));
  if (missing.size) {
    throw invalid(Object.fromEntries(body.items.flatMap((it, i) => (missing.has(it.userId) ? [[`items.${i}.userId`, 'not_registered']] : []))));
  }
  return registrantsOf(tx, eventId);
}
