import type { HelpApplication, HelpCall, HelpCallSummary, MyHelpApplication, PersonRef } from '@yui/contracts';
import type { ApplicationRow, HelpCallRow, HelpApplicationStatus } from '@yui/db/queries/help-calls';

/** Rows of calls for help and applications → the shapes of packages/contracts/src/help.ts. */

const iso = (t: string) => new Date(t).toISOString();
const isoOrNull = (t: string | null) => (t ? iso(t) : null);

/** Applications in play: one of these blocks applying again and may be withdrawn. */
export const LIVE = new Set<HelpApplicationStatus>(['pending_time', 'applied', 'accepted']);

/** A person no longer of the region (left, or moved away) still needs a card on an old call. */
export const unknownPerson = (id: string): PersonRef => ({
  id, name: '', nameKana: '', municipalityId: id, municipalityName: '', departmentName: null, departmentPath: null, position: null,
});

export function callSummaryView(r: HelpCallRow): HelpCallSummary {
  return {
    id: r.id,
    title: r.title,
    category: r.category,
    status: r.status,
    reach: r.reach,
    town: { id: r.municipalityId, name: r.municipalityName },
    department: { id: r.departmentId, name: r.departmentName ?? '', path: r.departmentPath },
    headcount: r.headcount,
    appliedCount: r.appliedCount,
    acceptedCount: r.acceptedCount,
    full: r.acceptedCount >= r.headcount,
    publishedOn: r.publishedOn,
    deadline: r.deadline,
    workStart: r.workStart,
    workEnd: r.workEnd,
    hoursNote: r.hoursNote,
    place: r.place,
    skills: r.skills,
    excerpt: Array.from(r.summary).slice(0, 120).join(''),
    myStatus: r.myStatus,
  };
}

export function myApplicationView(a: ApplicationRow): MyHelpApplication {
  return {
    id: a.id,
    status: a.status,
    message: a.message,
    plannedMinutes: a.plannedMinutes,
    firstDate: a.firstDate,
    timeRequestId: a.timeRequestId,
    timeStatus: (a.timeStatus as MyHelpApplication['timeStatus']) ?? null,
    decisionNote: a.decisionNote,
    participatedMinutes: a.participatedMinutes,
    thanks: a.thanks,
    createdAt: iso(a.createdAt),
  };
}

export function applicationView(a: ApplicationRow, person: PersonRef): HelpApplication {
  return {
    id: a.id,
    callId: a.callId,
    person,
    status: a.status,
    message: a.message,
    plannedMinutes: a.plannedMinutes,
    firstDate: a.firstDate,
    countedAt: isoOrNull(a.countedAt),
    decisionNote: a.decisionNote,
    participatedMinutes: a.participatedMinutes,
    thanks: a.thanks,
    createdAt: iso(a.createdAt),
  };
}

/** Why the reader may not apply now (closed | deadline_passed | full | own_call | already_applied), or null. */
export function applyBlocked(r: HelpCallRow, readerId: string, today: string): string | null {
  if (r.createdBy === readerId || r.contactId === readerId) return 'own_call';
  if (r.myStatus && !['withdrawn', 'time_declined'].includes(r.myStatus)) return 'already_applied';
  if (r.status !== 'open') return 'closed';
  if (today > r.deadline) return 'deadline_passed';
  if (r.acceptedCount >= r.headcount) return 'full';
  return null;
}

export interface CallExtras {
  contact: PersonRef;
  createdBy: PersonRef;
  manage: boolean;
  pendingCount: number | null;
  mine: ApplicationRow | null;
  today: string;
  readerId: string;
}

export function callView(r: HelpCallRow, x: CallExtras): HelpCall {
  const blocked = applyBlocked(r, x.readerId, x.today);
  const mine = x.mine;
  // Approved time can be cancelled only before its first day (the time rule): so can the application.
  const withdraw = !!mine && LIVE.has(mine.status)
    && (mine.status === 'pending_time' || !mine.firstDate || mine.firstDate > x.today);
  return {
    ...callSummaryView(r),
    summary: r.summary,
    minutesPerDay: r.minutesPerDay,
    contact: x.contact,
    contactNote: r.contactNote,
    createdBy: x.createdBy,
    cancelReason: r.cancelReason,
    pendingCount: x.manage ? x.pendingCount : null,
    mine: mine ? myApplicationView(mine) : null,
    can: { apply: blocked === null, applyBlocked: blocked, withdraw, manage: x.manage },
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}
