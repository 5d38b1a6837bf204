import type { MentoringRole, Participant, PersonRef, Programme, ProgrammeSummary } from '@yui/contracts';
import type { ParticipantRow, ProgrammeRow } from '@yui/db/queries/mentoring-programmes';
import { yearsOfService } from '@yui/domain';

/** Rows of programmes and participants → the shapes of packages/contracts/src/mentoring.ts. */

/**
 * What the reader may join as: nothing once closed or while they take part; a mentee when the rule
 * admits them; a mentor when their years of service (from the hire date) reach the minimum — or when
 * the hire date is unknown (they state their years when joining, and the join checks them).
 */
export function canJoinAs(r: ProgrammeRow, today: string): MentoringRole[] {
  if (r.status !== 'open' || r.myRoles.length > 0 || r.endsOn < today) return [];
  const roles: MentoringRole[] = [];
  if (!r.myHireDate || yearsOfService(r.myHireDate, today) >= r.mentorMinYears) roles.push('mentor');
  if (r.menteeEligible) roles.push('mentee');
  return roles;
}

export function programmeSummaryView(r: ProgrammeRow, today: string): ProgrammeSummary {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    scope: r.scope,
    fiscalYear: r.fiscalYear,
    status: r.status,
    town: { id: r.municipalityId, name: r.municipalityName },
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    counts: { mentors: r.mentors, mentorPlaces: r.mentorPlaces, mentees: r.mentees, activePairs: r.activePairs, unmatched: r.unmatched },
    me: { roles: r.myRoles, canAdmin: r.isAdmin, canJoinAs: canJoinAs(r, today) },
  };
}

export function programmeView(r: ProgrammeRow, today: string): Programme {
  return {
    ...programmeSummaryView(r, today),
    goals: r.goals,
    menteeRule: r.menteeRule,
    mentorMinYears: r.mentorMinYears,
    departmentPreference: r.departmentPreference,
    nudgeAfterWeeks: r.nudgeAfterWeeks,
    escalateAfterWeeks: r.escalateAfterWeeks,
    sessionMinutes: r.sessionMinutes,
    createdAt: r.createdAt,
    closedAt: r.closedAt,
  };
}

/** An entry; the rematch reason only for the programme's admins (the mentee knows their own). */
export function participantView(r: ParticipantRow, person: PersonRef, opts: { admin: boolean }): Participant {
  return {
    id: r.id,
    role: r.role,
    status: r.status,
    person,
    capacity: r.capacity,
    activePairs: r.activePairs,
    skills: r.skills,
    yearsOfService: r.yearsOfService,
    townPreference: r.townPreference,
    note: r.note,
    rematchRequested: r.rematchRequestedAt !== null,
    rematchReason: opts.admin ? r.rematchReason : null,
    enrolled: r.addedBy !== r.userId,
    createdAt: r.createdAt,
  };
}
