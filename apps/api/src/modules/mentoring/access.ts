import { sql } from 'drizzle-orm';
import type { Db } from '@yui/db';
import { forbidden, notFound } from '../../lib/errors';

/**
 * Who the reader is to a programme. Shared by every mentoring file: a programme the reader may not see
 * (another region, another town's own programme) is 404; running it is checked in the database
 * (`yui_admin_mentoring_programmes()`: the town's 自治体管理者 for a town programme, the region's
 * coordinators for a cross-town one), never from the token's roles alone.
 */
export interface MentoringActor {
  tenantId: string;
  regionId: string;
  userId: string;
}

export const mentoringActor = (req: { auth: { tid: string; rid: string; sub: string } }): MentoringActor => ({
  tenantId: req.auth.tid, regionId: req.auth.rid, userId: req.auth.sub,
});

export type ProgrammeAccessRow = {
  id: string;
  regionId: string;
  municipalityId: string;
  scope: 'town' | 'region';
  status: 'open' | 'closed';
  title: string;
  isAdmin: boolean;
};

/**
 * How a programme is locked. 'update' (closing, editing, enrolling: FOR NO KEY UPDATE, so that the
 * foreign-key checks of rows inserted under it — a staff member joining — do not wait on it) and
 * 'share' (confirming pairs: they run side by side, but never while the programme is closed or edited).
 * The order everywhere: programme → participant rows (id order) → pairs (mentee id order).
 */
export type ProgrammeLock = 'update' | 'share';
const lockClause = (lock: ProgrammeLock | undefined) =>
  lock === 'update' ? sql`for no key update of p` : lock === 'share' ? sql`for share of p` : sql``;

/**
 * The programme as the reader may see it (RLS + region), with whether they run it; null when not visible.
 * `lock` only finds programmes the reader runs (row-level security): use adminProgrammeOr403 for that.
 */
export async function findProgramme(tx: Db, actor: MentoringActor, id: string, opts: { lock?: ProgrammeLock } = {}): Promise<ProgrammeAccessRow | null> {
  const rows = await tx.execute<ProgrammeAccessRow>(sql`
    select p.id, p.region_id as "regionId", p.municipality_id as "municipalityId", p.scope, p.status, p.title,
      p.id in (select yui_admin_mentoring_programmes()) as "isAdmin"
    from mentoring_programmes p
    where p.id = ${id} and p.region_id = ${actor.regionId}
      and (p.scope = 'region' or p.municipality_id = ${actor.tenantId})
    ${lockClause(opts.lock)}`);
  return rows[0] ?? null;
}

/** The programme or 404. */
export async function programmeOr404(tx: Db, actor: MentoringActor, id: string, opts: { lock?: ProgrammeLock } = {}): Promise<ProgrammeAccessRow> {
  const p = await findProgramme(tx, actor, id, opts);
  if (!p) throw notFound();
  return p;
}

/**
 * The programme, which the reader must run: 404 when not visible, 403 when visible but not theirs to run.
 * `lock` takes the row lock once the right is known: under RLS, FOR UPDATE sees only rows the reader
 * may update, so locking first would turn a 403 into a 404.
 */
export async function adminProgrammeOr403(tx: Db, actor: MentoringActor, id: string, opts: { lock?: ProgrammeLock } = {}): Promise<ProgrammeAccessRow> {
  const p = await programmeOr404(tx, actor, id);
  if (!p.isAdmin) throw forbidden();
  // Read again under the lock: what was read before it (the status) may have changed while we waited.
  if (opts.lock) return (await findProgramme(tx, actor, id, { lock: opts.lock })) ?? p;
  return p;
}

/** Is the reader a regional coordinator of their region (checked in the database)? */
export async function isCoordinator(tx: Db): Promise<boolean> {
  const [row] = await tx.execute<{ ok: boolean }>(sql`select yui_is_region_coordinator() as ok`);
  return row?.ok ?? false;
}

/** Is the reader a 自治体管理者 of their own town (checked in the database)? */
export async function isTownAdmin(tx: Db, actor: MentoringActor): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from role_grants g join users u on u.municipality_id = g.municipality_id and u.id = g.user_id and u.active
    where g.municipality_id = ${actor.tenantId} and g.user_id = ${actor.userId} and g.role = 'municipality_admin'`);
  return rows.length > 0;
}
