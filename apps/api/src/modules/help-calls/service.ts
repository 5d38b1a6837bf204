import type { z } from 'zod';
import {
  helpCallStatusLabels, SUGGESTED_SKILLS, type HelpCall, type HelpCallCreate, type helpCallListQuery, type HelpCallSummary,
  type HelpCallUpdate, type talentSuggestionList,
} from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  cancelApplications, countPending, getApplication, getCall, hasOtherTownApplicants, hasLiveApplications, insertCall, isActiveDepartment,
  isActiveStaff, isCallOfficial, listCalls, liveApplicantIds, lockCall, ownDepartmentOf, setCallStatus,
  updateCall as writeCall, type CallWrite, type HelpCallRow, type LockedCall,
} from '@yui/db/queries/help-calls';
import { findMatchingTalent, findTalentCandidates } from '@yui/db/queries/talent';
import { emitEvent } from '@yui/db/queries/outbox';
import { peopleCards } from '@yui/db/queries/region-people';
import { normalizeSkills, rankTalent, todayInJapan, toTsqueryLiteral, toTsvectorLiteral } from '@yui/domain';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError, forbidden, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { personRefs } from '../communities/access';
import { callSummaryView, callView, unknownPerson } from './view';

/**
 * 募集 (calls for help): posting, reading, listing, editing, closing, cancelling and finishing them,
 * and suggesting talent. Applications live in applications.ts, the time-rule hook in hooks.ts.
 * Every function runs in the caller's transaction (req.tenant) and names the region explicitly.
 */

export interface HelpActor {
  tenantId: string;
  regionId: string;
  userId: string;
}

/** Most people told of one new call (help.call_matched); a call matching more is a very broad call. */
const MATCH_LIMIT = 500;

// ── who may do what ─────────────────────────────────────────────────────────────────────────────

/**
 * Managing a call (edit, close, cancel, finish, see and decide applications): its creator, its
 * contact, an admin of the posting town or a manager of its department — the roles asked of the
 * database, never of the token.
 */
export async function canManage(
  tx: Db, actor: HelpActor, c: Pick<HelpCallRow, 'createdBy' | 'contactId' | 'municipalityId' | 'departmentId'>,
): Promise<boolean> {
  if (c.createdBy === actor.userId || c.contactId === actor.userId) return true;
  if (c.municipalityId !== actor.tenantId) return false;
  return isCallOfficial(tx, { tenantId: actor.tenantId, userId: actor.userId, departmentId: c.departmentId });
}

/** The call as the actor sees it; 404 for another region's, another town's town-only call or no such id. */
export async function visibleCall(tx: Db, actor: HelpActor, callId: string): Promise<HelpCallRow> {
  const row = await getCall(tx, { regionId: actor.regionId, tenantId: actor.tenantId, callId, userId: actor.userId });
  if (!row) throw notFound();
  return row;
}

/** Locks the call (FOR UPDATE) or 404 when it is not visible. */
export async function lockVisibleCall(tx: Db, actor: HelpActor, callId: string): Promise<LockedCall> {
  const row = await lockCall(tx, { regionId: actor.regionId, tenantId: actor.tenantId, callId });
  if (!row) throw notFound();
  return row;
}

/** Locks the call and checks the actor manages it: 404 when invisible, 403 when visible but not theirs. */
export async function lockManagedCall(tx: Db, actor: HelpActor, callId: string): Promise<LockedCall> {
  const call = await lockVisibleCall(tx, actor, callId);
  if (!(await canManage(tx, actor, call))) throw forbidden();
  return call;
}

/** 409 naming the call's status: this step is not possible in it. */
export const wrongStatus = (status: HelpCallRow['status']) =>
  new AppError(409, 'conflict', {
    status: { issue: 'call_wrong_status', params: { statusJa: helpCallStatusLabels[status]!.ja, statusEn: helpCallStatusLabels[status]!.en } },
  });

// ── reading ─────────────────────────────────────────────────────────────────────────────────────

/** The full call for the actor (no visibility check: callers made it). */
export async function callFor(tx: Db, actor: HelpActor, row: HelpCallRow): Promise<HelpCall> {
  // One connection per transaction: the queries run one after the other.
  const people = await personRefs(tx, [row.contactId, row.createdBy]);
  const manage = await canManage(tx, actor, row);
  const mine = row.myStatus ? await getApplication(tx, { regionId: actor.regionId, callId: row.id, userId: actor.userId }) : null;
  return callView(row, {
    contact: people.get(row.contactId) ?? unknownPerson(row.contactId),
    createdBy: people.get(row.createdBy) ?? unknownPerson(row.createdBy),
    manage,
    pendingCount: manage ? await countPending(tx, { callId: row.id }) : null,
    mine,
    today: todayInJapan(),
    readerId: actor.userId,
  });
}

/** GET /help-calls/:id */
export async function readCall(tx: Db, actor: HelpActor, callId: string): Promise<HelpCall> {
  return callFor(tx, actor, await visibleCall(tx, actor, callId));
}

/** GET /help-calls — newest published first, keyset cursor on (published_on, id). */
export async function listCallPage(
  tx: Db, actor: HelpActor, q: z.infer<typeof helpCallListQuery>,
): Promise<{ items: HelpCallSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const tsquery = q.q ? toTsqueryLiteral(q.q) : null;
  // Words with nothing searchable in them (only punctuation) find nothing rather than everything.
  if (q.q && !tsquery) return { items: [], nextCursor: null };
  const rows = await listCalls(tx, {
    regionId: actor.regionId, tenantId: actor.tenantId, userId: actor.userId, status: q.status, category: q.category, townId: q.town,
    departmentId: q.department, skill: q.skill, tsquery, mine: q.mine, after, limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items: items.map(callSummaryView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.publishedOn, last.id) : null };
}

// ── posting and editing ─────────────────────────────────────────────────────────────────────────

const searchOf = (c: Pick<CallWrite, 'title' | 'summary' | 'place' | 'skills' | 'hoursNote'>) =>
  toTsvectorLiteral([c.title, c.summary, c.place, c.skills.join(' '), c.hoursNote]);

/**
 * The date rules of a call, each issue on its field. Only dates being set now must not lie in the
 * past (a deadline already past may stay on an edit); publication comes before the deadline and the
 * work, the deadline no later than the work's last day.
 */
function dateIssues(
  c: { publishedOn: string; deadline: string; workStart: string; workEnd: string }, today: string,
  changed: { publishedOn: boolean; deadline: boolean; workStart: boolean },
): Record<string, FieldIssue> {
  const issues: Record<string, FieldIssue> = {};
  if (changed.publishedOn && c.publishedOn < today) issues.publishedOn = 'date_in_past';
  if (changed.workStart && c.workStart < today) issues.workStart = 'date_in_past';
  else if (c.workStart < c.publishedOn) issues.workStart = 'before_published';
  if (c.workEnd < c.workStart) issues.workEnd = 'before_start';
  if (changed.deadline && c.deadline < today) issues.deadline = 'date_in_past';
  else if (c.deadline < c.publishedOn) issues.deadline = 'before_published';
  else if (c.deadline > c.workEnd) issues.deadline = 'deadline_after_work';
  return issues;
}

/**
 * Tells active talent whose notify skills match (help.call_matched), one event per call. A town-only
 * call reaches its own town's talent only; `onlyOtherTowns` when a call widens to the region (its own
 * town heard of it when it was posted).
 */
async function emitMatched(
  tx: Db, actor: HelpActor, call: { id: string; title: string; skills: string[]; reach: 'town' | 'region'; municipalityId: string; contactId: string; departmentName: string; townName: string },
  opts: { onlyOtherTowns?: boolean } = {},
): Promise<void> {
  if (!call.skills.length) return;
  const found = await findMatchingTalent(tx, {
    regionId: actor.regionId,
    municipalityId: call.reach === 'town' ? call.municipalityId : null,
    skills: call.skills,
    excludeUserIds: [...new Set([actor.userId, call.contactId])],
    limit: MATCH_LIMIT,
  });
  const recipientIds = found.filter((t) => !opts.onlyOtherTowns || t.municipalityId !== call.municipalityId).map((t) => t.userId);
  if (!recipientIds.length) return;
  await emitEvent(tx, {
    tenantId: actor.tenantId, type: 'help.call_matched', actorId: actor.userId,
    payload: { callId: call.id, title: call.title, recipientIds, departmentName: call.departmentName, townName: call.townName, skills: call.skills },
  });
}

/**
 * POST /help-calls. Any active member of staff posts for their own department or (departmentId) any
 * active department of their own town; the contact must be active staff of that town. The same
 * idempotencyKey again answers the first call (created false).
 */
export async function createCall(tx: Db, actor: HelpActor, body: HelpCallCreate): Promise<{ created: boolean; call: HelpCall }> {
  const today = todayInJapan();
  const issues: Record<string, FieldIssue> = {};
  const departmentId = body.departmentId ?? (await ownDepartmentOf(tx, { tenantId: actor.tenantId, userId: actor.userId }));
  if (!departmentId) issues.departmentId = 'required';
  else if (body.departmentId && !(await isActiveDepartment(tx, { tenantId: actor.tenantId, departmentId }))) issues.departmentId = 'unknown_department';
  const contactId = body.contactId ?? actor.userId;
  if (!(await isActiveStaff(tx, { tenantId: actor.tenantId, userId: contactId }))) issues.contactId = 'not_in_town';
  const publishedOn = body.publishedOn ?? today;
  Object.assign(issues, dateIssues(
    { publishedOn, deadline: body.deadline, workStart: body.workStart, workEnd: body.workEnd }, today,
    { publishedOn: true, deadline: true, workStart: true },
  ));
  if (Object.keys(issues).length) throw invalid(issues);

  const fields: CallWrite = {
    title: body.title,
    category: body.category,
    summary: body.summary,
    headcount: body.headcount,
    publishedOn,
    deadline: body.deadline,
    workStart: body.workStart,
    workEnd: body.workEnd,
    hoursNote: body.hoursNote || null,
    minutesPerDay: body.minutesPerDay,
    place: body.place || null,
    skills: normalizeSkills(body.skills, SUGGESTED_SKILLS),
    contactId,
    contactNote: body.contactNote || null,
    reach: body.reach,
    search: '',
  };
  fields.search = searchOf(fields);
  const { id, created } = await insertCall(tx, {
    ...fields, regionId: actor.regionId, municipalityId: actor.tenantId, departmentId: departmentId!, createdBy: actor.userId,
    idempotencyKey: body.idempotencyKey ?? null,
  });
  const row = await visibleCall(tx, actor, id);
  if (created) {
    await emitMatched(tx, actor, { ...row, departmentName: row.departmentName ?? '', townName: row.municipalityName });
  }
  return { created, call: await callFor(tx, actor, row) };
}

/**
 * PATCH /help-calls/:id (managers), while open or closed. Fields left out stay. headcount may not fall
 * below the people accepted; reach may widen (town → region: matching talent of the other towns are
 * told) but not narrow once people of other towns have applied.
 */
export async function updateCall(tx: Db, actor: HelpActor, callId: string, body: HelpCallUpdate): Promise<HelpCall> {
  const locked = await lockManagedCall(tx, actor, callId);
  if (locked.status === 'finished' || locked.status === 'cancelled') throw wrongStatus(locked.status);
  const current = await visibleCall(tx, actor, callId);
  const today = todayInJapan();
  const issues: Record<string, FieldIssue> = {};
  const next = {
    publishedOn: current.publishedOn,
    deadline: body.deadline ?? current.deadline,
    workStart: body.workStart ?? current.workStart,
    workEnd: body.workEnd ?? current.workEnd,
  };
  Object.assign(issues, dateIssues(next, today, {
    publishedOn: false,
    deadline: body.deadline !== undefined && body.deadline !== current.deadline,
    workStart: body.workStart !== undefined && body.workStart !== current.workStart,
  }));
  // People taking part filed their 20% days within the dates: the work may grow, not shrink, under them.
  if ((next.workStart > current.workStart || next.workEnd < current.workEnd) && !issues.workStart && !issues.workEnd
      && (await hasLiveApplications(tx, { callId }))) {
    issues[next.workStart > current.workStart ? 'workStart' : 'workEnd'] = 'work_dates_in_use';
  }
  if (body.headcount !== undefined && body.headcount < current.acceptedCount) issues.headcount = 'headcount_below_accepted';
  if (body.contactId !== undefined && body.contactId !== current.contactId
      && (current.municipalityId !== actor.tenantId || !(await isActiveStaff(tx, { tenantId: actor.tenantId, userId: body.contactId })))) {
    issues.contactId = 'not_in_town';
  }
  if (body.reach === 'town' && current.reach === 'region'
      && (await hasOtherTownApplicants(tx, { callId, municipalityId: current.municipalityId }))) {
    issues.reach = 'reach_narrowing';
  }
  if (Object.keys(issues).length) throw invalid(issues);

  const set: Partial<CallWrite> = {};
  if (body.title !== undefined) set.title = body.title;
  if (body.category !== undefined) set.category = body.category;
  if (body.summary !== undefined) set.summary = body.summary;
  if (body.headcount !== undefined) set.headcount = body.headcount;
  if (body.deadline !== undefined) set.deadline = body.deadline;
  if (body.workStart !== undefined) set.workStart = body.workStart;
  if (body.workEnd !== undefined) set.workEnd = body.workEnd;
  if (body.hoursNote !== undefined) set.hoursNote = body.hoursNote || null;
  if (body.minutesPerDay !== undefined) set.minutesPerDay = body.minutesPerDay;
  if (body.place !== undefined) set.place = body.place || null;
  if (body.skills !== undefined) set.skills = normalizeSkills(body.skills, SUGGESTED_SKILLS);
  if (body.contactId !== undefined) set.contactId = body.contactId;
  if (body.contactNote !== undefined) set.contactNote = body.contactNote || null;
  if (body.reach !== undefined) set.reach = body.reach;
  set.search = searchOf({
    title: set.title ?? current.title, summary: set.summary ?? current.summary,
    place: set.place !== undefined ? set.place : current.place, skills: set.skills ?? current.skills,
    hoursNote: set.hoursNote !== undefined ? set.hoursNote : current.hoursNote,
  });
  await writeCall(tx, { regionId: actor.regionId, callId, set });
  const row = await visibleCall(tx, actor, callId);
  if (current.reach === 'town' && row.reach === 'region' && row.status === 'open') {
    await emitMatched(tx, actor, { ...row, departmentName: row.departmentName ?? '', townName: row.municipalityName }, { onlyOtherTowns: true });
  }
  return callFor(tx, actor, row);
}

/** POST /help-calls/:id/close — 締切 before the deadline (managers); only an open call. */
export async function closeCall(tx: Db, actor: HelpActor, callId: string): Promise<HelpCall> {
  const call = await lockManagedCall(tx, actor, callId);
  if (call.status !== 'open') throw wrongStatus(call.status);
  await setCallStatus(tx, { regionId: actor.regionId, callId, status: 'closed' });
  return readCall(tx, actor, callId);
}

/** POST /help-calls/:id/finish — 終了 (managers); an open or closed call. */
export async function finishCall(tx: Db, actor: HelpActor, callId: string): Promise<HelpCall> {
  const call = await lockManagedCall(tx, actor, callId);
  if (call.status !== 'open' && call.status !== 'closed') throw wrongStatus(call.status);
  await setCallStatus(tx, { regionId: actor.regionId, callId, status: 'finished' });
  return readCall(tx, actor, callId);
}

/**
 * POST /help-calls/:id/cancel — 中止 with a reason (managers); an open or closed call. Every live
 * application becomes 'cancelled' and its applicant is told (help.call_cancelled). Their 20% requests
 * live in their own towns, which this transaction cannot see (RLS): the event names the cancelled
 * applications, and the worker, delivering it in each applicant's town, withdraws a pending request
 * and cancels approved time that has not begun (processors/help/release-time.ts). Until then a
 * decision on a pending one finds the application cancelled and changes nothing.
 */
export async function cancelCall(tx: Db, actor: HelpActor, callId: string, reason: string): Promise<HelpCall> {
  const call = await lockManagedCall(tx, actor, callId);
  if (call.status !== 'open' && call.status !== 'closed') throw wrongStatus(call.status);
  await setCallStatus(tx, { regionId: actor.regionId, callId, status: 'cancelled', reason });
  const applications = await cancelApplications(tx, { callId });
  if (applications.length) {
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'help.call_cancelled', actorId: actor.userId,
      payload: { callId, title: call.title, reason, recipientIds: [...new Set(applications.map((a) => a.userId))], applications },
    });
  }
  return readCall(tx, actor, callId);
}

// ── suggestions ─────────────────────────────────────────────────────────────────────────────────

/**
 * GET /help-calls/:id/suggestions (managers): registered, active talent in the call's reach with at
 * least one of its skills, ranked by rankTalent — never the poster, the contact or anyone with a live
 * application. Opted-out people are invisible (the query says active; RLS too).
 */
export async function suggestTalent(tx: Db, actor: HelpActor, callId: string): Promise<z.infer<typeof talentSuggestionList>> {
  const call = await visibleCall(tx, actor, callId);
  if (!(await canManage(tx, actor, call))) throw forbidden();
  if (!call.skills.length) return { items: [] };
  const exclude = [...new Set([call.createdBy, call.contactId, ...(await liveApplicantIds(tx, { callId }))])];
  const candidates = await findTalentCandidates(tx, {
    regionId: actor.regionId,
    municipalityId: call.reach === 'town' ? call.municipalityId : null,
    skills: call.skills,
    excludeUserIds: exclude,
  });
  const byId = new Map(candidates.map((c) => [c.userId, c]));
  const ranked = rankTalent(call.skills, candidates.map((c) => ({
    id: c.userId, skills: c.skills, helpedCount: c.helpedCount, sameTown: c.municipalityId === call.municipalityId,
  })));
  const ids = ranked.map((r) => r.id);
  const [people, cards] = await Promise.all([personRefs(tx, ids), peopleCards(tx, ids)]);
  return {
    items: ranked.flatMap((r) => {
      const person = people.get(r.id);
      const c = byId.get(r.id)!;
      return person ? [{
        person, photoUrl: cards.get(r.id)?.photoUrl ?? null, skills: c.skills, matched: r.matched, score: r.score,
        availability: c.availability, helpedCount: c.helpedCount,
      }] : [];
    }),
  };
}
