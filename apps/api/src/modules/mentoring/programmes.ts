import type { z } from 'zod';
import type { Programme, ProgrammeCreate, programmeListQuery, ProgrammeSummary, ProgrammeUpdate } from '@yui/contracts';
import type { Db } from '@yui/db';
import {
  closeProgrammeRow, endPairRows, getProgrammeRow, insertProgramme, latestActivePairEnd, listProgrammeRows, programmeIdByKey,
  updateProgrammeRow,
  type ActivePairRow, type ProgrammeRow, type ProgrammeWrite,
} from '@yui/db/queries/mentoring-programmes';
import { emitEvent } from '@yui/db/queries/outbox';
import { fiscalYearRange, todayInJapan } from '@yui/domain';
import { AppError, conflict, forbidden, invalid, notFound, type FieldIssue } from '../../lib/errors';
import { adminProgrammeOr403, isCoordinator, isTownAdmin, type MentoringActor } from './access';
import { afterPairsEnded } from './pair-end';
import { programmeSummaryView, programmeView } from './programme-view';

/**
 * 職員サポート制度: the programmes themselves — listing what the reader may see, making one (a town's
 * 自治体管理者 for the town, a coordinator across towns), editing and closing. Every function runs in
 * the caller's transaction (req.tenant); visibility and who runs a programme are the database's
 * (access.ts).
 */

/** The programme as the reader sees it, or 404 (another region, another town's own programme). */
export async function programmeRowOr404(tx: Db, actor: MentoringActor, id: string): Promise<ProgrammeRow> {
  const row = await getProgrammeRow(tx, { regionId: actor.regionId, tenantId: actor.tenantId, userId: actor.userId, id });
  if (!row) throw notFound();
  return row;
}

/**
 * The programme as the reader sees it, which they must run: 404 when not visible, 403 when visible but
 * not theirs to run. One read: the row already says whether the reader runs it.
 */
export async function adminProgrammeRow(tx: Db, actor: MentoringActor, id: string): Promise<ProgrammeRow> {
  const row = await programmeRowOr404(tx, actor, id);
  if (!row.isAdmin) throw forbidden();
  return row;
}

/**
 * The programme, which the reader must run, locked FOR UPDATE (closing, editing and enrolling wait on
 * each other). Checked before locking: row-level security lets FOR UPDATE see only rows the reader may
 * update, so locking first would turn the 403 of a visible programme into a 404.
 */
export async function lockAdminProgramme(tx: Db, actor: MentoringActor, id: string) {
  return adminProgrammeOr403(tx, actor, id, { lock: 'update' });
}

/** 409 when the programme no longer takes changes. */
export function assertOpen(p: { status: 'open' | 'closed' }): void {
  if (p.status !== 'open') throw conflict({ programme: 'programme_closed' });
}

/**
 * The rules every programme's settings follow, each issue on its field: dates within the 年度 and in
 * order, and the admins told only after the pair was nudged (escalate > nudge).
 */
function settingIssues(fy: number, w: Pick<ProgrammeWrite, 'startsOn' | 'endsOn' | 'nudgeAfterWeeks' | 'escalateAfterWeeks'>): Record<string, FieldIssue> {
  const { start, end } = fiscalYearRange(fy);
  const issues: Record<string, FieldIssue> = {};
  if (w.startsOn < start || w.startsOn > end) issues.startsOn = 'dates_outside_year';
  if (w.endsOn < start || w.endsOn > end) issues.endsOn = 'dates_outside_year';
  else if (w.endsOn < w.startsOn) issues.endsOn = 'ends_before_start';
  if (w.escalateAfterWeeks <= w.nudgeAfterWeeks) issues.escalateAfterWeeks = 'escalate_after_nudge';
  return issues;
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────────

/**
 * GET /mentoring/programmes. The programmes the reader runs (closed ones too), and of the others the
 * open ones (to join) and those they take part in.
 */
export async function listProgrammes(
  tx: Db, actor: MentoringActor, q: z.infer<typeof programmeListQuery>,
): Promise<{ items: ProgrammeSummary[] }> {
  const today = todayInJapan();
  const rows = await listProgrammeRows(tx, {
    regionId: actor.regionId, tenantId: actor.tenantId, userId: actor.userId, fiscalYear: q.fy, status: q.status,
  });
  return {
    items: rows.filter((r) => r.isAdmin || r.status === 'open' || r.everJoined).map((r) => programmeSummaryView(r, today)),
  };
}

/** GET /mentoring/programmes/:id — anyone who may see it. */
export async function readProgramme(tx: Db, actor: MentoringActor, id: string): Promise<Programme> {
  return programmeView(await programmeRowOr404(tx, actor, id), todayInJapan());
}

// ── making and changing ─────────────────────────────────────────────────────────────────────────

/**
 * POST /mentoring/programmes. A town programme is made by the town's 自治体管理者, a cross-town one by
 * a coordinator of the region (403 naming scope otherwise); both in the maker's own town. Dates
 * default to the 年度. The same idempotency key again answers the first programme (created false).
 */
export async function createProgramme(tx: Db, actor: MentoringActor, body: ProgrammeCreate): Promise<{ created: boolean; programme: Programme }> {
  if (body.scope === 'town' && !(await isTownAdmin(tx, actor))) throw new AppError(403, 'forbidden', { scope: 'town_scope_admin' });
  if (body.scope === 'region' && !(await isCoordinator(tx))) throw new AppError(403, 'forbidden', { scope: 'region_scope_coordinator' });

  const existing = body.idempotencyKey
    ? await programmeIdByKey(tx, { regionId: actor.regionId, createdBy: actor.userId, key: body.idempotencyKey })
    : null;
  if (existing) return { created: false, programme: await readProgramme(tx, actor, existing) };

  const range = fiscalYearRange(body.fiscalYear);
  const w: ProgrammeWrite = {
    title: body.title,
    goals: body.goals,
    menteeRule: body.menteeRule,
    mentorMinYears: body.mentorMinYears,
    departmentPreference: body.departmentPreference,
    startsOn: body.startsOn ?? range.start,
    endsOn: body.endsOn ?? range.end,
    nudgeAfterWeeks: body.nudgeAfterWeeks,
    escalateAfterWeeks: body.escalateAfterWeeks,
    sessionMinutes: body.sessionMinutes,
  };
  const issues = settingIssues(body.fiscalYear, w);
  if (Object.keys(issues).length) throw invalid(issues);

  const id = await insertProgramme(tx, {
    ...w, regionId: actor.regionId, municipalityId: actor.tenantId, scope: body.scope, kind: body.kind, fiscalYear: body.fiscalYear,
    createdBy: actor.userId, idempotencyKey: body.idempotencyKey ?? null,
  });
  if (!id) {
    // A double submit with the same key committed first: answer its programme.
    const first = await programmeIdByKey(tx, { regionId: actor.regionId, createdBy: actor.userId, key: body.idempotencyKey! });
    if (!first) throw conflict();
    return { created: false, programme: await readProgramme(tx, actor, first) };
  }
  return { created: true, programme: await readProgramme(tx, actor, id) };
}

/** PATCH /mentoring/programmes/:id — its admins, while open. Fields left out stay; the 年度 and scope never change. */
export async function updateProgramme(tx: Db, actor: MentoringActor, id: string, body: ProgrammeUpdate): Promise<Programme> {
  await lockAdminProgramme(tx, actor, id);
  const r = await programmeRowOr404(tx, actor, id);
  assertOpen(r);
  const w: ProgrammeWrite = {
    title: body.title ?? r.title,
    goals: body.goals ?? r.goals,
    menteeRule: body.menteeRule ?? r.menteeRule,
    mentorMinYears: body.mentorMinYears ?? r.mentorMinYears,
    departmentPreference: body.departmentPreference ?? r.departmentPreference,
    startsOn: body.startsOn ?? r.startsOn,
    endsOn: body.endsOn ?? r.endsOn,
    nudgeAfterWeeks: body.nudgeAfterWeeks ?? r.nudgeAfterWeeks,
    escalateAfterWeeks: body.escalateAfterWeeks ?? r.escalateAfterWeeks,
    sessionMinutes: body.sessionMinutes ?? r.sessionMinutes,
  };
  const issues = settingIssues(r.fiscalYear, w);
  // The programme's end may not come before that of a pair running in it (refused, not clamped: the
  // admin ends or shortens those pairs knowingly). Pairs are made under the programme's lock, which we hold.
  if (!issues.endsOn && body.endsOn !== undefined) {
    const latest = await latestActivePairEnd(tx, { regionId: actor.regionId, programmeId: id });
    if (latest && latest > w.endsOn) issues.endsOn = { issue: 'pairs_end_later', params: { date: latest } };
  }
  if (Object.keys(issues).length) throw invalid(issues);
  await updateProgrammeRow(tx, id, w);
  return readProgramme(tx, actor, id);
}

/** Tells both people of each ended pair (mentoring.pair_ended), one event per pair. */
export async function tellPairsEnded(
  tx: Db, actor: MentoringActor, programmeTitle: string, pairs: ActivePairRow[], reason: 'withdrawn' | 'closed',
): Promise<void> {
  for (const p of pairs) {
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'mentoring.pair_ended', actorId: actor.userId,
      payload: { mentorshipId: p.id, programmeTitle, recipientIds: [p.mentorId, p.menteeId], reason },
    });
  }
}

/**
 * POST /mentoring/programmes/:id/close — its admins. Every active pair ends (reason 'closed'), its
 * planned sessions are cancelled (pair-end.ts), and both sides are told. Closing a closed programme
 * answers it as it is. The programme's lock makes a confirmation in flight finish first (its pair is
 * then ended here) or find the programme closed.
 */
export async function closeProgramme(tx: Db, actor: MentoringActor, id: string): Promise<Programme> {
  const p = await lockAdminProgramme(tx, actor, id);
  if (await closeProgrammeRow(tx, id)) {
    const ended = await endPairRows(tx, { regionId: actor.regionId, programmeId: id, reason: 'closed' });
    // Their planned sessions are cancelled and the 20% requests standing for them released.
    await afterPairsEnded(tx, actor, ended.map((x) => x.id), 'closed');
    await tellPairsEnded(tx, actor, p.title, ended, 'closed');
  }
  return readProgramme(tx, actor, id);
}
