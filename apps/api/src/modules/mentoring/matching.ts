import type {
  AssignmentConfirm, AssignmentProposal, MatchConfirm, MatchingBoard, MenteeMatching, MentorshipSummary, Participant,
} from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  activePairRows, clearRematchRequests, insertPairRow, listParticipantRows, lockEntries, peopleFacts, type ParticipantRow,
  type PersonFacts, type ProgrammeRow,
} from '@yui/db/queries/mentoring-programmes';
import { emitEvent } from '@yui/db/queries/outbox';
import { getRegionPeople, type RegionPerson } from '@yui/db/queries/region-people';
import {
  greedyAssignment, optimalAssignment, scorePair, suggestMentors, todayInJapan, type MatchExclusion, type MatchRules,
  type MenteeCandidate, type MentorCandidate,
} from '@yui/domain';
import { AppError, conflict, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { adminProgrammeOr403, type MentoringActor } from './access';
import { personRefOf, readPairSummaries } from './pair-view';
import { participantView } from './programme-view';
import { adminProgrammeRow, assertOpen, programmeRowOr404 } from './programmes';

/**
 * 職員サポート制度: matching. The candidates of a programme are read in bulk (its active entries, the
 * people's facts through mentoring_people_facts() in one query, the active pairs) and handed to the
 * pure domain functions (packages/domain/src/mentoring.ts: scorePair, suggestMentors, the optimal and
 * greedy assignments). Confirming writes pairs under locks, always in one order — the programme
 * (FOR SHARE: closing or editing it waits, and it is checked open under the lock), then the mentor and
 * mentee entries (FOR UPDATE, one statement in id order: a withdrawal or a capacity change waits, and
 * both are checked active under the lock), then the pairs in mentee id order — so the mentor's active
 * pairs are counted (capacity) on everything committed, the score re-run (exclusions), and the partial
 * unique index mentorships_active_mentee_uq keeps a mentee to one active pair whatever runs at once.
 */

interface Candidates {
  rules: MatchRules;
  /** Active entries by person. */
  mentorRows: Map<string, ParticipantRow>;
  menteeRows: Map<string, ParticipantRow>;
  mentors: MentorCandidate[];
  /** Active mentees without an active pair, in the order they joined. */
  unmatched: MenteeCandidate[];
  people: Map<string, RegionPerson>;
  /** What matching knows of the people read (mentors, unmatched mentees, the one asked for). */
  facts: Awaited<ReturnType<typeof peopleFacts>>;
}

const rulesOf = (p: Pick<ProgrammeRow, 'departmentPreference' | 'mentorMinYears'>): MatchRules => ({
  departmentPreference: p.departmentPreference, mentorMinYears: p.mentorMinYears,
});

/** The matching person of an entry: where they work now (facts), what they stated (the entry). */
function personOf(r: ParticipantRow, f: PersonFacts) {
  return {
    id: r.userId, townId: f.municipalityId, departmentPath: f.departmentPath, managedDepartmentIds: f.managedDepartmentIds,
    yearsOfService: r.yearsOfService, skills: r.skills, townPreference: r.townPreference,
  };
}
const mentorOf = (r: ParticipantRow, f: PersonFacts, activePairs: number): MentorCandidate => ({ ...personOf(r, f), capacity: r.capacity, activePairs });
const menteeOf = (r: ParticipantRow, f: PersonFacts): MenteeCandidate => ({ ...personOf(r, f), excludedMentorIds: r.excludedMentorIds });

/** Everything matching needs of a programme, in four queries whatever its size. People who left are left out. */
async function candidates(tx: Db, actor: MentoringActor, p: ProgrammeRow, also?: string): Promise<Candidates> {
  const rows = await listParticipantRows(tx, { regionId: actor.regionId, programmeId: p.id, status: 'active' });
  const pairs = await activePairRows(tx, { regionId: actor.regionId, programmeId: p.id });
  const pairsOf = new Map<string, number>();
  const matched = new Set<string>();
  for (const pr of pairs) {
    pairsOf.set(pr.mentorId, (pairsOf.get(pr.mentorId) ?? 0) + 1);
    matched.add(pr.menteeId);
  }
  // Mentees who have a mentor are not on the board: their facts and cards are not read (`also`: one who is asked for).
  const needed = rows.filter((r) => r.role === 'mentor' || !matched.has(r.userId) || r.userId === also).map((r) => r.userId);
  const facts = await peopleFacts(tx, needed);
  const people = await getRegionPeople(tx, needed);
  const mentorRows = new Map<string, ParticipantRow>();
  const menteeRows = new Map<string, ParticipantRow>();
  const mentors: MentorCandidate[] = [];
  const unmatched: MenteeCandidate[] = [];
  for (const r of rows) {
    const f = facts.get(r.userId);
    if (!f?.active) continue;
    if (r.role === 'mentor') {
      mentorRows.set(r.userId, r);
      mentors.push(mentorOf(r, f, pairsOf.get(r.userId) ?? 0));
    } else {
      menteeRows.set(r.userId, r);
      if (!matched.has(r.userId)) unmatched.push(menteeOf(r, f));
    }
  }
  return { rules: rulesOf(p), mentorRows, menteeRows, mentors, unmatched, people, facts };
}

/**
 * For confirming: the programme the reader runs, locked FOR SHARE (confirmations run side by side;
 * closing and editing wait for them and they for those) and read again under the lock, open (409).
 */
async function openProgrammeForPairs(tx: Db, actor: MentoringActor, id: string): Promise<ProgrammeRow> {
  await adminProgrammeOr403(tx, actor, id, { lock: 'share' });
  const p = await programmeRowOr404(tx, actor, id);
  assertOpen(p);
  return p;
}

function menteeMatchingOf(c: Candidates, mentee: MenteeCandidate, limit: number): MenteeMatching {
  const row = c.menteeRows.get(mentee.id)!;
  const { suggestions, excluded } = suggestMentors(mentee, c.mentors, c.rules, limit);
  const byId = new Map(c.mentors.map((m) => [m.id, m]));
  return {
    mentee: participantView(row, personRefOf(c.people, row.userId, row.municipalityId), { admin: true }) satisfies Participant,
    suggestions: suggestions.map((s) => {
      const m = byId.get(s.mentorId)!;
      const r = c.mentorRows.get(s.mentorId)!;
      return {
        mentor: personRefOf(c.people, s.mentorId, r.municipalityId), participantId: r.id, score: s.score, reasons: s.reasons,
        capacity: m.capacity, activePairs: m.activePairs,
      };
    }),
    excluded,
  };
}

/** GET /mentoring/programmes/:id/matching — admins: every active mentee without a pair, with their best mentors. */
export async function matchingBoard(tx: Db, actor: MentoringActor, id: string, limit: number): Promise<MatchingBoard> {
  const p = await adminProgrammeRow(tx, actor, id);
  const c = await candidates(tx, actor, p);
  return {
    items: c.unmatched.map((m) => menteeMatchingOf(c, m, limit)),
    mentorsWithRoom: c.mentors.filter((m) => m.activePairs < m.capacity).length,
  };
}

/** GET /mentoring/programmes/:id/matching/:menteeId — admins: one active mentee (a person id), matched or not. */
export async function menteeMatching(tx: Db, actor: MentoringActor, id: string, menteeId: string, limit: number): Promise<MenteeMatching> {
  const p = await adminProgrammeRow(tx, actor, id);
  const c = await candidates(tx, actor, p, menteeId);
  const row = c.menteeRows.get(menteeId);
  if (!row) throw notFound();
  const f = c.facts.get(menteeId)!;
  return menteeMatchingOf(c, menteeOf(row, f), limit);
}

/** POST /mentoring/programmes/:id/assignment — admins: the optimal assignment for everyone unmatched, beside the greedy one. Writes nothing. */
export async function proposeAssignment(tx: Db, actor: MentoringActor, id: string): Promise<AssignmentProposal> {
  const p = await adminProgrammeRow(tx, actor, id);
  const c = await candidates(tx, actor, p);
  const best = optimalAssignment(c.unmatched, c.mentors, c.rules);
  const greedy = greedyAssignment(c.unmatched, c.mentors, c.rules);
  const ref = (userId: string) => personRefOf(c.people, userId, (c.menteeRows.get(userId) ?? c.mentorRows.get(userId))!.municipalityId);
  return {
    pairs: best.pairs.map((x) => ({ mentee: ref(x.menteeId), mentor: ref(x.mentorId), score: x.score, reasons: x.reasons })),
    totalScore: best.totalScore,
    greedyTotalScore: greedy.totalScore,
    greedyPairs: greedy.pairs.length,
    unmatched: best.unmatched.map(ref),
  };
}

// ── confirming ──────────────────────────────────────────────────────────────────────────────────

/** An exclusion as the issue on the mentor field (no capacity left is a conflict of the moment: 409). */
function exclusionIssue(e: MatchExclusion, rules: MatchRules): { status: 400 | 409; issue: FieldIssue } {
  switch (e) {
    case 'self': return { status: 400, issue: 'self_match' };
    case 'min_years': return { status: 400, issue: { issue: 'mentor_too_junior', params: { min: rules.mentorMinYears } } };
    case 'no_capacity': return { status: 409, issue: 'no_capacity' };
    default: return { status: 400, issue: e };
  }
}

/** A pair's period: from today (or the programme's start if later) to the programme's end. */
function pairPeriod(p: ProgrammeRow, today: string): { startsOn: string; endsOn: string } {
  const startsOn = p.startsOn > today ? p.startsOn : today;
  if (startsOn > p.endsOn) throw conflict({ programme: 'programme_closed' });
  return { startsOn, endsOn: p.endsOn };
}

/** Both people are told of their new pair (mentoring.matched), in the transaction that made it. */
async function tellMatched(tx: Db, actor: MentoringActor, p: ProgrammeRow, pair: { id: string; mentorId: string; menteeId: string }): Promise<void> {
  const people = await getRegionPeople(tx, [pair.mentorId, pair.menteeId]);
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'mentoring.matched', actorId: actor.userId,
    payload: {
      mentorshipId: pair.id, programmeTitle: p.title, recipientIds: [pair.mentorId, pair.menteeId],
      mentorName: people.get(pair.mentorId)?.name ?? '', menteeName: people.get(pair.menteeId)?.name ?? '',
    },
  });
}

async function summaryOfPair(tx: Db, actor: MentoringActor, id: string): Promise<MentorshipSummary> {
  const [s] = await readPairSummaries(tx, actor, { ids: [id] });
  if (!s) throw notFound();
  return s;
}

/**
 * POST /mentoring/programmes/:id/matches — admins, while open: confirm one pair. The same pair again
 * answers the existing one (created false); a mentee with another mentor is 409 already_matched; a
 * mentor with no place left 409 no_capacity; an exclusion 400 naming mentorId.
 */
export async function confirmMatch(tx: Db, actor: MentoringActor, id: string, body: MatchConfirm): Promise<{ created: boolean; pair: MentorshipSummary }> {
  const p = await openProgrammeForPairs(tx, actor, id);
  if (body.menteeId === body.mentorId) throw invalid({ mentorId: 'self_match' });
  // Both entries are the locks every confirmation onto them waits on (and a withdrawal or a capacity
  // change): counting the mentor's pairs below sees everything committed before us, and neither left.
  const locked = await lockEntries(tx, { regionId: actor.regionId, programmeId: id, mentorIds: [body.mentorId], menteeIds: [body.menteeId] });
  const [menteeRow] = locked.mentees.has(body.menteeId)
    ? await listParticipantRows(tx, { regionId: actor.regionId, programmeId: id, role: 'mentee', status: 'active', userIds: [body.menteeId] })
    : [];
  if (!menteeRow) throw invalid({ menteeId: 'not_mentee' });
  const mentorRow = locked.mentors.get(body.mentorId);
  if (!mentorRow) throw invalid({ mentorId: 'not_mentor' });

  const existing = async () => {
    const [pair] = await activePairRows(tx, { regionId: actor.regionId, programmeId: id, menteeIds: [body.menteeId] });
    if (!pair) return null;
    if (pair.mentorId !== body.mentorId) throw conflict({ menteeId: 'already_matched' });
    return { created: false, pair: await summaryOfPair(tx, actor, pair.id) };
  };
  const before = await existing();
  if (before) return before;

  const activePairs = (await activePairRows(tx, { regionId: actor.regionId, programmeId: id, mentorIds: [body.mentorId] })).length;
  const facts = await peopleFacts(tx, [body.menteeId, body.mentorId]);
  const fMentee = facts.get(body.menteeId);
  const fMentor = facts.get(body.mentorId);
  if (!fMentee?.active) throw invalid({ menteeId: 'unknown_person' });
  if (!fMentor?.active) throw invalid({ mentorId: 'unknown_person' });
  const rules = rulesOf(p);
  const mentorFull = await listParticipantRows(tx, { regionId: actor.regionId, programmeId: id, role: 'mentor', userIds: [body.mentorId] });
  const score = scorePair(menteeOf(menteeRow, fMentee), mentorOf(mentorFull[0]!, fMentor, activePairs), rules);
  if (!score.ok) {
    const x = exclusionIssue(score.exclusion, rules);
    throw new AppError(x.status, x.status === 409 ? 'conflict' : 'validation_failed', { mentorId: x.issue });
  }
  const pairId = await insertPairRow(tx, {
    regionId: actor.regionId, programmeId: id, mentorId: body.mentorId, mentorMunicipalityId: mentorRow.municipalityId,
    menteeId: body.menteeId, menteeMunicipalityId: menteeRow.municipalityId, ...pairPeriod(p, todayInJapan()), goals: '',
    score: score.score, reasons: score.reasons, matchedVia: 'manual', matchedBy: actor.userId,
  });
  if (!pairId) {
    // A pair for this mentee committed while we waited on the unique index (one made without taking
    // the mentee's entry lock first; every confirmation here takes it).
    const after = await existing();
    if (after) return after;
    throw conflict({ menteeId: 'already_matched' });
  }
  await clearRematchRequests(tx, { regionId: actor.regionId, programmeId: id, menteeIds: [body.menteeId] });
  await tellMatched(tx, actor, p, { id: pairId, mentorId: body.mentorId, menteeId: body.menteeId });
  return { created: true, pair: await summaryOfPair(tx, actor, pairId) };
}

/**
 * POST /mentoring/programmes/:id/assignment/confirm — admins, while open: the listed pairs, all or
 * none. The programme and then every listed entry are locked (one statement, id order), each pair
 * re-validated with the pairs before it counted against its mentor's capacity; any issue answers 400
 * (or 409 for already_matched / no_capacity) naming `pairs.<i>.menteeId` / `pairs.<i>.mentorId` (the
 * position in the list as sent), and nothing is written. Pairs are inserted in mentee id order.
 */
export async function confirmAssignment(tx: Db, actor: MentoringActor, id: string, body: AssignmentConfirm): Promise<{ items: MentorshipSummary[] }> {
  const p = await openProgrammeForPairs(tx, actor, id);
  const issues: Record<string, FieldIssue> = {};
  let status = 400 as 400 | 409;
  const seen = new Set<string>();
  body.pairs.forEach((x, i) => {
    if (seen.has(x.menteeId)) issues[`pairs.${i}.menteeId`] = 'duplicate_in_list';
    seen.add(x.menteeId);
    if (x.menteeId === x.mentorId) issues[`pairs.${i}.mentorId`] = 'self_match';
  });
  if (Object.keys(issues).length) throw invalid(issues);

  const menteeIds = body.pairs.map((x) => x.menteeId);
  const mentorIds = [...new Set(body.pairs.map((x) => x.mentorId))];
  const locked = await lockEntries(tx, { regionId: actor.regionId, programmeId: id, mentorIds, menteeIds });
  const menteeRows = new Map((await listParticipantRows(tx, { regionId: actor.regionId, programmeId: id, role: 'mentee', status: 'active', userIds: menteeIds })).map((r) => [r.userId, r]));
  const mentorRows = new Map((await listParticipantRows(tx, { regionId: actor.regionId, programmeId: id, role: 'mentor', status: 'active', userIds: mentorIds })).map((r) => [r.userId, r]));
  const matched = new Set((await activePairRows(tx, { regionId: actor.regionId, programmeId: id, menteeIds })).map((r) => r.menteeId));
  const load = new Map<string, number>();
  for (const r of await activePairRows(tx, { regionId: actor.regionId, programmeId: id, mentorIds })) load.set(r.mentorId, (load.get(r.mentorId) ?? 0) + 1);
  const facts = await peopleFacts(tx, [...menteeIds, ...mentorIds]);
  const rules = rulesOf(p);

  const scored: Array<{ i: number; menteeId: string; mentorId: string; score: number; reasons: unknown }> = [];
  body.pairs.forEach((x, i) => {
    const mentee = locked.mentees.has(x.menteeId) ? menteeRows.get(x.menteeId) : undefined;
    const mentor = locked.mentors.has(x.mentorId) ? mentorRows.get(x.mentorId) : undefined;
    const fMentee = facts.get(x.menteeId);
    const fMentor = facts.get(x.mentorId);
    if (!mentee) issues[`pairs.${i}.menteeId`] = 'not_mentee';
    else if (!fMentee?.active) issues[`pairs.${i}.menteeId`] = 'unknown_person';
    else if (matched.has(x.menteeId)) { issues[`pairs.${i}.menteeId`] = 'already_matched'; status = 409; }
    if (!mentor) issues[`pairs.${i}.mentorId`] = 'not_mentor';
    else if (!fMentor?.active) issues[`pairs.${i}.mentorId`] = 'unknown_person';
    if (issues[`pairs.${i}.menteeId`] || issues[`pairs.${i}.mentorId`]) return;
    const s = scorePair(menteeOf(mentee!, fMentee!), mentorOf(mentor!, fMentor!, load.get(x.mentorId) ?? 0), rules);
    if (!s.ok) {
      const e = exclusionIssue(s.exclusion, rules);
      issues[`pairs.${i}.mentorId`] = e.issue;
      if (e.status === 409) status = 409;
      return;
    }
    load.set(x.mentorId, (load.get(x.mentorId) ?? 0) + 1);
    scored.push({ i, menteeId: x.menteeId, mentorId: x.mentorId, score: s.score, reasons: s.reasons });
  });
  if (Object.keys(issues).length) throw new AppError(status, status === 409 ? 'conflict' : 'validation_failed', issues);

  const period = pairPeriod(p, todayInJapan());
  // Inserted in mentee id order (the entries are locked already; this keeps the unique index's waits in
  // one order too). The list's own order is kept for the field names and the answer.
  const byMentee = [...scored].sort((a, b) => (a.menteeId < b.menteeId ? -1 : a.menteeId > b.menteeId ? 1 : 0));
  const pairIds = new Map<number, string>();
  for (const x of byMentee) {
    const pairId = await insertPairRow(tx, {
      regionId: actor.regionId, programmeId: id, mentorId: x.mentorId, mentorMunicipalityId: mentorRows.get(x.mentorId)!.municipalityId,
      menteeId: x.menteeId, menteeMunicipalityId: menteeRows.get(x.menteeId)!.municipalityId, ...period, goals: '',
      score: x.score, reasons: x.reasons, matchedVia: 'assignment', matchedBy: actor.userId,
    });
    // A pair for this mentee committed meanwhile: throwing rolls back every pair of the list.
    if (!pairId) throw conflict({ [`pairs.${x.i}.menteeId`]: 'already_matched' });
    pairIds.set(x.i, pairId);
  }
  await clearRematchRequests(tx, { regionId: actor.regionId, programmeId: id, menteeIds: scored.map((x) => x.menteeId) });
  for (const x of scored) await tellMatched(tx, actor, p, { id: pairIds.get(x.i)!, mentorId: x.mentorId, menteeId: x.menteeId });
  const ids = scored.map((x) => pairIds.get(x.i)!);
  const summaries = await readPairSummaries(tx, actor, { ids });
  const order = new Map(ids.map((x, i) => [x, i]));
  return { items: summaries.sort((a, b) => order.get(a.id)! - order.get(b.id)!) };
}
