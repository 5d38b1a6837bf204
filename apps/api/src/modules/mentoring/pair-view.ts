import type { MentorshipSummary, PersonRef } from '@yui/contracts';
import type { Db } from '@yui/db';
import { getPairRows, type PairRow } from '@yui/db/queries/mentoring-pairs';
import { getRegionPeople, type RegionPerson } from '@yui/db/queries/region-people';
import { pairHealth, todayInJapan } from '@yui/domain';
import type { MentoringActor } from './access';

/**
 * Pairs as summaries (the lists, the health board, the answers of the matching routes). Shared by the
 * programmes half (matches, assignment) and the pairs half: keep the signature stable.
 *
 * Reads what the reader's town may see (RLS); whether the reader may see a given pair (its two people,
 * the programme's admins) is the caller's to decide before calling.
 */

/** A person of the region as a PersonRef; someone no longer found (left the region's data) keeps a blank card. */
export function personRefOf(people: Map<string, RegionPerson>, id: string, municipalityId: string): PersonRef {
  const p = people.get(id);
  if (!p) return { id, name: '', nameKana: '', municipalityId, municipalityName: '', departmentName: null, departmentPath: null, position: null };
  return {
    id: p.id, name: p.name, nameKana: p.nameKana, municipalityId: p.municipalityId, municipalityName: p.municipalityName,
    departmentName: p.departmentName, departmentPath: p.departmentPath, position: p.position,
  };
}

/** One row as a summary (people already read). */
export function summaryOf(r: PairRow, people: Map<string, RegionPerson>, actor: MentoringActor, today: string): MentorshipSummary {
  const { health, weeksQuiet } = pairHealth({
    status: r.status, startsOn: r.startsOn, lastSessionOn: r.lastSessionOn, today,
    nudgeAfterWeeks: r.nudgeAfterWeeks, escalateAfterWeeks: r.escalateAfterWeeks,
  });
  return {
    id: r.id,
    programme: { id: r.programmeId, title: r.programmeTitle, kind: r.programmeKind, scope: r.programmeScope },
    mentor: personRefOf(people, r.mentorId, r.mentorMunicipalityId),
    mentee: personRefOf(people, r.menteeId, r.menteeMunicipalityId),
    status: r.status,
    endReason: r.endReason,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    score: r.score,
    lastSessionOn: r.lastSessionOn,
    nextSession: r.nextSession,
    sessionCount: r.sessionCount,
    heldMinutes: r.heldMinutes,
    health,
    weeksQuiet,
    myRole: actor.userId === r.mentorId ? 'mentor' : actor.userId === r.menteeId ? 'mentee' : null,
  };
}

/**
 * Summaries of pairs by ids, of a programme, or of a person (as mentor or mentee); filters combine.
 * Active first, then the newest start. With `ids`, only the ids found are returned.
 */
export async function readPairSummaries(
  tx: Db, actor: MentoringActor, filter: { ids?: string[]; programmeId?: string; userId?: string },
): Promise<MentorshipSummary[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  const today = todayInJapan();
  const rows = await getPairRows(tx, { regionId: actor.regionId, ...filter, today });
  const people = await getRegionPeople(tx, rows.flatMap((r) => [r.mentorId, r.menteeId]));
  return rows.map((r) => summaryOf(r, people, actor, today));
}
