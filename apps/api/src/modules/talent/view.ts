import type { FastifyRequest } from 'fastify';
import type { DirectRequest, PersonRef, TalentProfile } from '@yui/contracts';
import type { DirectRow, TalentRow } from '@yui/db/queries/talent';
import type { TimeRequestRow } from '@yui/db/queries/time';

/** Who acts: the token's town, region and person (every action re-checks in the database). */
export interface TalentActor {
  tenantId: string;
  regionId: string;
  userId: string;
}

/** Raw SQL hands back timestamps as text; drizzle's builder as Date. */
export const iso = (d: Date | string | null): string | null => (d == null ? null : new Date(d).toISOString());

export const talentActor = (req: FastifyRequest): TalentActor => ({ tenantId: req.auth.tid, regionId: req.auth.rid, userId: req.auth.sub });

export function talentView(t: TalentRow): TalentProfile {
  return {
    active: t.active,
    skills: t.skills,
    notifySkills: t.notifySkills,
    introduction: t.introduction,
    availability: t.availability,
    optedInAt: iso(t.optedInAt)!,
    updatedAt: iso(t.updatedAt)!,
  };
}

/** A departed person (no card any more) still shows as a name-less reference rather than breaking the page. */
export function unknownPerson(id: string, municipalityId: string, townName = ''): PersonRef {
  return { id, name: '', nameKana: '', municipalityId, municipalityName: townName, departmentName: null, departmentPath: null, position: null };
}

/** Requester: sent/pending/agreed can be withdrawn. Talent: their own time (pending/agreed) can be withdrawn. */
const REQUESTER_WITHDRAWABLE = new Set(['sent', 'pending_time', 'accepted']);
const TALENT_WITHDRAWABLE = new Set(['pending_time', 'accepted']);

export function directCan(r: DirectRow, viewerId: string, today: string): DirectRequest['can'] {
  const requester = r.requestedBy === viewerId;
  const talent = r.talentUserId === viewerId;
  return {
    answer: talent && r.status === 'sent',
    withdraw: (requester && REQUESTER_WITHDRAWABLE.has(r.status)) || (talent && TALENT_WITHDRAWABLE.has(r.status)),
    record: requester && r.status === 'accepted' && r.workStart <= today,
  };
}

export function directView(
  r: DirectRow,
  o: { viewerId: string; today: string; people: Map<string, PersonRef>; time: Map<string, TimeRequestRow['status']> },
): DirectRequest {
  const isTalent = r.talentUserId === o.viewerId;
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    category: r.category,
    status: r.status,
    town: { id: r.municipalityId, name: r.townName },
    department: { id: r.departmentId, name: r.departmentName ?? '', path: r.departmentPath },
    requestedBy: o.people.get(r.requestedBy) ?? unknownPerson(r.requestedBy, r.municipalityId, r.townName),
    talent: o.people.get(r.talentUserId) ?? unknownPerson(r.talentUserId, r.talentMunicipalityId),
    workStart: r.workStart,
    workEnd: r.workEnd,
    hoursNote: r.hoursNote,
    minutesPerDay: r.minutesPerDay,
    place: r.place,
    responseNote: r.responseNote,
    plannedMinutes: r.plannedMinutes,
    firstDate: r.firstDate,
    // The 20% request lives in the talent's town and is theirs: the requester never sees its state.
    timeStatus: isTalent && r.timeRequestId ? (o.time.get(r.timeRequestId) ?? null) : null,
    participatedMinutes: r.participatedMinutes,
    thanks: r.thanks,
    createdAt: iso(r.createdAt)!,
    can: directCan(r, o.viewerId, o.today),
  };
}
