import type { z } from 'zod';
import type { CommunityEvent, EventSummary, PersonRef, registrant } from '@yui/contracts';
import type { EventRow, MaterialRow, RegistrantRow } from '@yui/db/queries/community-events';
import { workingMinutesOverlap } from '@yui/domain';
import { fileRefOf } from '../files/service';

/** Rows of community events → the shapes of packages/contracts/src/communities.ts. */

const iso = (t: string) => new Date(t).toISOString();

export function eventSummaryView(r: EventRow): EventSummary {
  return {
    id: r.id,
    communityId: r.communityId,
    communityName: r.communityName,
    title: r.title,
    kind: r.kind,
    format: r.format,
    startsAt: iso(r.startsAt),
    endsAt: iso(r.endsAt),
    place: r.place,
    capacity: r.capacity,
    registeredCount: r.registeredCount,
    waitlistCount: r.waitlistCount,
    status: r.status,
    myStatus: r.myStatus,
    myWaitlistPosition: r.myStatus === 'waitlisted' ? r.myWaitlistPosition : null,
  };
}

export interface EventExtras {
  materials: MaterialRow[];
  createdBy: PersonRef | null;
  timeRequestOffer: CommunityEvent['timeRequestOffer'];
  canManage: boolean;
  canRegister: boolean;
}

export function eventView(r: EventRow, x: EventExtras): CommunityEvent {
  return {
    ...eventSummaryView(r),
    description: r.description,
    descriptionHtml: r.descriptionHtml,
    // The link is for people with a place (and the managers): a waitlisted person gets it on promotion.
    onlineUrl: x.canManage || r.myStatus === 'registered' ? r.onlineUrl : null,
    materialsNote: r.materialsNote,
    materialsNoteHtml: r.materialsNoteHtml,
    materials: x.materials.map(fileRefOf),
    createdBy: x.createdBy,
    timeRequestOffer: x.timeRequestOffer,
    can: { manage: x.canManage, register: x.canRegister },
  };
}

export function registrantView(r: RegistrantRow, person: PersonRef): z.infer<typeof registrant> {
  return {
    person,
    status: r.status,
    waitlistPosition: r.status === 'waitlisted' ? r.waitlistPosition : null,
    attended: r.attended,
    queuedAt: iso(r.queuedAt),
  };
}

/**
 * The days a 20%-rule request for the event would ask for: each Japan-time weekday's minutes inside
 * working hours, rounded DOWN to the quarter hour (requests are in 15-minute steps, and never ask for
 * more than the event takes); days left with nothing are dropped.
 */
export function workingDays(startsAt: string, endsAt: string): { minutes: number; days: Array<{ date: string; minutes: number }> } {
  const overlap = workingMinutesOverlap(new Date(startsAt), new Date(endsAt));
  const days = overlap.days.map((d) => ({ date: d.date, minutes: Math.floor(d.minutes / 15) * 15 })).filter((d) => d.minutes > 0);
  return { minutes: days.reduce((s, d) => s + d.minutes, 0), days };
}
