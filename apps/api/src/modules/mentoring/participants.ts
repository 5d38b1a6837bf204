import type { z } from 'zod';
import {
  SUGGESTED_SKILLS, type eligibleList, type enrolResult, type Participant, type ParticipantInput, type participantListQuery,
  type ParticipantUpdate,
} from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  eligiblePeople, endPairRows, insertParticipantRow, listParticipantRows, lockOwnEntries, lockPersonInProgramme, participantRowById,
  participantRowsOf, peopleFacts, updateParticipantRow, withdrawParticipantRow, type ParticipantRow, type ProgrammeRow,
} from '@yui/db/queries/mentoring-programmes';
import { getRegionPeople } from '@yui/db/queries/region-people';
import { fiscalYearRange, normalizeSkills, todayInJapan, yearsOfService } from '@yui/domain';
import { conflict, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { adminProgrammeOr403, type MentoringActor } from './access';
import { afterPairsEnded } from './pair-end';
import { personRefOf } from './pair-view';
import { participantView } from './programme-view';
import { adminProgrammeRow, assertOpen, lockAdminProgramme, programmeRowOr404, tellPairsEnded } from './programmes';

/**
 * 職員サポート制度: who takes part — volunteering as a mentor, joining as a mentee (when the rule admits
 * the person), changing or leaving one's entry, and the admins' list, eligible people and bulk
 * enrolment. One person takes one role per programme.
 */

/** Entries with their people's cards (one query for the cards). */
export async function participantViews(tx: Db, rows: ParticipantRow[], opts: { admin: boolean }): Promise<Participant[]> {
  const people = await getRegionPeople(tx, rows.map((r) => r.userId));
  return rows.map((r) => participantView(r, personRefOf(people, r.userId, r.municipalityId), opts));
}

async function participantOne(tx: Db, actor: MentoringActor, id: string, admin: boolean): Promise<Participant> {
  const row = await participantRowById(tx, { regionId: actor.regionId, id });
  if (!row) throw notFound();
  return (await participantViews(tx, [row], { admin }))[0]!;
}

/** The 年度 the programme's mentee rule looks at. */
const ruleRange = (p: Pick<ProgrammeRow, 'fiscalYear'>) => { const r = fiscalYearRange(p.fiscalYear); return { from: r.start, to: r.end }; };

/** 400 naming yearsOfService when a mentor has fewer years than the programme asks. */
function mentorYearsIssue(years: number, min: number): Record<string, FieldIssue> {
  return years < min ? { yearsOfService: { issue: 'mentor_too_junior', params: { min } } } : {};
}

// ── the admins' views ───────────────────────────────────────────────────────────────────────────

/** GET /mentoring/programmes/:id/participants — admins. */
export async function listParticipants(
  tx: Db, actor: MentoringActor, programmeId: string, q: z.infer<typeof participantListQuery>,
): Promise<{ items: Participant[] }> {
  await adminProgrammeOr403(tx, actor, programmeId);
  const rows = await listParticipantRows(tx, { regionId: actor.regionId, programmeId, role: q.role, status: q.status });
  return { items: await participantViews(tx, rows, { admin: true }) };
}

/**
 * Who the rule admits and has no entry yet: staff of the programme's town (a town programme) or of
 * the region, hired in the 年度 or 係長 since a day in it. 'anyone' admits nobody by itself.
 */
async function eligibleNotIn(tx: Db, actor: MentoringActor, p: ProgrammeRow, opts: { lock?: boolean } = {}): Promise<string[]> {
  const found = await eligiblePeople(tx, {
    rule: p.menteeRule, ...ruleRange(p), municipalityId: p.scope === 'town' ? p.municipalityId : null,
  });
  if (!found.length) return [];
  // Enrolling: no one may join meanwhile (in the other role) between reading their entries and ours.
  if (opts.lock) await lockPersonInProgramme(tx, { programmeId: p.id, userIds: found.map((f) => f.id) });
  const entries = await listParticipantRows(tx, { regionId: actor.regionId, programmeId: p.id, userIds: found.map((f) => f.id) });
  const taken = new Set(entries.map((e) => e.userId));
  return found.map((f) => f.id).filter((id) => !taken.has(id));
}

/** GET /mentoring/programmes/:id/eligible — admins: people the rule admits who have no entry yet, by ふりがな. */
export async function listEligible(tx: Db, actor: MentoringActor, programmeId: string): Promise<z.infer<typeof eligibleList>> {
  const p = await adminProgrammeRow(tx, actor, programmeId);
  const ids = await eligibleNotIn(tx, actor, p);
  const people = await getRegionPeople(tx, ids);
  const facts = await peopleFacts(tx, ids);
  const items = ids.map((id) => ({
    ...personRefOf(people, id, facts.get(id)?.municipalityId ?? id),
    hireDate: facts.get(id)?.hireDate ?? null,
    positionSince: facts.get(id)?.positionSince ?? null,
  }));
  items.sort((a, b) => a.nameKana.localeCompare(b.nameKana, 'ja') || (a.id < b.id ? -1 : 1));
  return { items };
}

/**
 * POST /mentoring/programmes/:id/enrol — admins, while open. The listed people (each must be active
 * staff of the region — of the town for a town programme — and admitted by the rule unless it is
 * 'anyone'), or everyone the rule admits. People with an entry already (active or withdrawn, either
 * role) are left as they are: enrolling twice adds nobody twice.
 */
export async function enrol(tx: Db, actor: MentoringActor, programmeId: string, body: { userIds?: string[] }): Promise<z.infer<typeof enrolResult>> {
  await lockAdminProgramme(tx, actor, programmeId);
  const p = await programmeRowOr404(tx, actor, programmeId);
  assertOpen(p);
  let ids: string[];
  if (body.userIds) {
    ids = [...new Set(body.userIds)];
    const facts = await peopleFacts(tx, ids);
    const admitted = p.menteeRule === 'anyone'
      ? null
      : new Set((await eligiblePeople(tx, { rule: p.menteeRule, ...ruleRange(p), municipalityId: p.scope === 'town' ? p.municipalityId : null })).map((e) => e.id));
    const issues: Record<string, FieldIssue> = {};
    body.userIds.forEach((id, i) => {
      const f = facts.get(id);
      if (!f || !f.active) issues[`userIds.${i}`] = 'unknown_person';
      else if (p.scope === 'town' && f.municipalityId !== p.municipalityId) issues[`userIds.${i}`] = 'other_town_programme';
      else if (admitted && !admitted.has(id)) issues[`userIds.${i}`] = 'not_eligible_mentee';
    });
    if (Object.keys(issues).length) throw invalid(issues);
    // As joining does: nobody joins in the other role between this read and our entries.
    await lockPersonInProgramme(tx, { programmeId, userIds: ids });
    const entries = await listParticipantRows(tx, { regionId: actor.regionId, programmeId, userIds: ids });
    const taken = new Set(entries.map((e) => e.userId));
    ids = ids.filter((id) => !taken.has(id));
  } else {
    ids = await eligibleNotIn(tx, actor, p, { lock: true });
  }
  const facts = await peopleFacts(tx, ids);
  const today = todayInJapan();
  const added: string[] = [];
  for (const id of ids) {
    const f = facts.get(id);
    if (!f) continue;
    const newId = await insertParticipantRow(tx, {
      regionId: actor.regionId, programmeId, userId: id, municipalityId: f.municipalityId, role: 'mentee', addedBy: actor.userId,
      capacity: 1, skills: [], yearsOfService: yearsOfService(f.hireDate, today), townPreference: 'any', note: '',
    });
    if (newId) added.push(newId);
  }
  const rows = added.length ? (await listParticipantRows(tx, { regionId: actor.regionId, programmeId })).filter((r) => added.includes(r.id)) : [];
  return { added: added.length, items: await participantViews(tx, rows, { admin: true }) };
}

// ── one's own entry ─────────────────────────────────────────────────────────────────────────────

/**
 * POST /mentoring/programmes/:id/participants — join myself, while the programme is open. A town
 * programme is seen (so joined) only by its town's staff; a mentee must be admitted by the rule, a
 * mentor must have the years of service asked (stated, or counted from the hire date). One role per
 * programme; joining again in the same role answers 409 already_participant. Someone who left comes
 * back in the same role with the new details.
 */
export async function join(tx: Db, actor: MentoringActor, programmeId: string, body: ParticipantInput): Promise<{ created: boolean; participant: Participant }> {
  const p = await programmeRowOr404(tx, actor, programmeId);
  assertOpen(p);
  const today = todayInJapan();
  if (p.endsOn < today) throw conflict({ programme: 'programme_closed' });
  // One role per programme: a second join of mine (or an admin enrolling me) waits here until this one
  // ends, then sees my entry. (The unique index covers only the same role twice.)
  await lockPersonInProgramme(tx, { programmeId, userIds: [actor.userId] });
  const mine = await participantRowsOf(tx, { regionId: actor.regionId, programmeId, userId: actor.userId });
  const active = mine.find((m) => m.status === 'active');
  if (active?.role === body.role) throw conflict({ role: 'already_participant' });
  if (active) throw invalid({ role: 'both_roles' });

  const me = (await peopleFacts(tx, [actor.userId])).get(actor.userId);
  if (!me) throw notFound();
  const years = body.yearsOfService ?? yearsOfService(me.hireDate, today);
  if (body.role === 'mentee' && !p.menteeEligible) throw invalid({ role: 'not_eligible_mentee' });
  if (body.role === 'mentor') {
    const issues = mentorYearsIssue(years, p.mentorMinYears);
    if (Object.keys(issues).length) throw invalid(issues);
  }
  const fields = {
    capacity: body.role === 'mentor' ? body.capacity : 1,
    skills: normalizeSkills(body.skills, SUGGESTED_SKILLS),
    yearsOfService: years,
    townPreference: body.townPreference,
    note: body.note,
  };
  const left = mine.find((m) => m.role === body.role);
  let id: string | null;
  if (left) {
    await updateParticipantRow(tx, left.id, { ...fields, reactivate: true });
    id = left.id;
  } else {
    id = await insertParticipantRow(tx, {
      ...fields, regionId: actor.regionId, programmeId, userId: actor.userId, municipalityId: actor.tenantId, role: body.role, addedBy: actor.userId,
    });
    // A double submit that committed first.
    if (!id) throw conflict({ role: 'already_participant' });
  }
  return { created: true, participant: await participantOne(tx, actor, id, p.isAdmin) };
}

async function myActiveEntry(tx: Db, actor: MentoringActor, programmeId: string): Promise<{ all: ParticipantRow[]; active: ParticipantRow | undefined }> {
  const all = await participantRowsOf(tx, { regionId: actor.regionId, programmeId, userId: actor.userId });
  return { all, active: all.find((m) => m.status === 'active') };
}

/** GET /mentoring/programmes/:id/participants/me — my entries here (active or withdrawn; at most one per role), to show and edit them. */
export async function myEntries(tx: Db, actor: MentoringActor, programmeId: string): Promise<{ items: Participant[] }> {
  const p = await programmeRowOr404(tx, actor, programmeId);
  const rows = await listParticipantRows(tx, { regionId: actor.regionId, programmeId, userIds: [actor.userId] });
  return { items: await participantViews(tx, rows, { admin: p.isAdmin }) };
}

/**
 * PATCH /mentoring/programmes/:id/participants/me — change my entry while the programme is open.
 * A mentor's capacity never below their active pairs; their years never below the programme's minimum.
 */
export async function updateMe(tx: Db, actor: MentoringActor, programmeId: string, body: ParticipantUpdate): Promise<Participant> {
  const p = await programmeRowOr404(tx, actor, programmeId);
  assertOpen(p);
  // Locked before counting my pairs: a confirmation onto me holds this lock until its pair is committed.
  await lockOwnEntries(tx, { regionId: actor.regionId, programmeId, userId: actor.userId });
  const { active } = await myActiveEntry(tx, actor, programmeId);
  if (!active) throw invalid({ participant: 'not_participant' });
  const issues: Record<string, FieldIssue> = {};
  const capacity = active.role === 'mentor' ? (body.capacity ?? active.capacity) : 1;
  if (active.role === 'mentor' && capacity < active.activePairs) issues.capacity = 'capacity_below_pairs';
  const years = body.yearsOfService ?? active.yearsOfService;
  if (active.role === 'mentor' && body.yearsOfService !== undefined) Object.assign(issues, mentorYearsIssue(years, p.mentorMinYears));
  if (Object.keys(issues).length) throw invalid(issues);
  await updateParticipantRow(tx, active.id, {
    capacity,
    skills: body.skills ? normalizeSkills(body.skills, SUGGESTED_SKILLS) : active.skills,
    yearsOfService: years,
    townPreference: body.townPreference ?? active.townPreference,
    note: body.note ?? active.note,
  });
  return participantOne(tx, actor, active.id, p.isAdmin);
}

/**
 * POST /mentoring/programmes/:id/participants/me/withdraw — leave. My active pairs end (reason
 * 'withdrawn'), their planned sessions are cancelled (pair-end.ts), and both sides are told. Leaving
 * twice answers my entry as it is.
 */
export async function withdrawMe(tx: Db, actor: MentoringActor, programmeId: string): Promise<Participant> {
  const p = await programmeRowOr404(tx, actor, programmeId);
  // My entry first (a confirmation onto me holds it until its pair is committed): the pairs ended
  // below are then every pair I have.
  await lockOwnEntries(tx, { regionId: actor.regionId, programmeId, userId: actor.userId });
  const { all, active } = await myActiveEntry(tx, actor, programmeId);
  if (!active) {
    const left = all[0];
    if (!left) throw invalid({ participant: 'not_participant' });
    return participantOne(tx, actor, left.id, p.isAdmin);
  }
  await withdrawParticipantRow(tx, active.id);
  const ended = await endPairRows(tx, {
    regionId: actor.regionId, programmeId, reason: 'withdrawn',
    ...(active.role === 'mentor' ? { mentorId: actor.userId } : { menteeId: actor.userId }),
  });
  // Their planned sessions are cancelled and the 20% requests standing for them released.
  await afterPairsEnded(tx, actor, ended.map((x) => x.id), 'withdrawn');
  await tellPairsEnded(tx, actor, p.title, ended, 'withdrawn');
  return participantOne(tx, actor, active.id, p.isAdmin);
}
