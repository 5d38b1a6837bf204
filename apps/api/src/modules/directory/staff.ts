import { and, eq, sql } from 'drizzle-orm';
import { roleGrants, users, type Db } from '@yui/db';
import { emitEvent } from '@yui/db/queries/outbox';
import { getPerson, getStaff, lockDepartments, revokeRefreshTokens } from '@yui/db/queries/directory';
import type { Person, RoleChange, RoleChangeQuery, Staff, StaffCreate, StaffListQuery, StaffUpdate } from '@yui/contracts';
import { normalizeKana } from '@yui/domain';
import { conflict, invalid, notFound } from '../../lib/errors';
import { uniqueViolation } from './db-errors';

/** Who acts, in which town. */
export interface Actor {
  tenantId: string;
  userId: string;
}

/** A colleague of one's own town. Another town's person is simply not there (404, not 403). */
export async function personById(tx: Db, tenantId: string, id: string): Promise<Person> {
  const p = await getPerson(tx, { tenantId, userId: id });
  if (!p) throw notFound();
  return p;
}

/** Keyset cursor over (ふりがな, id), opaque to clients. */
const encodeCursor = (s: Staff) => Buffer.from(JSON.stringify([s.nameKana, s.id])).toString('base64url');
function decodeCursor(cursor: string | undefined): { kana: string; id: string } | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1])) return { kana: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw invalid({ cursor: 'invalid_format' });
}

export async function listStaff(tx: Db, tenantId: string, q: StaffListQuery): Promise<{ items: Staff[]; nextCursor: string | null }> {
  const rows = await getStaff(tx, { tenantId, q: q.q, departmentId: q.departmentId, active: q.active, after: decodeCursor(q.cursor), limit: q.limit + 1 });
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? encodeCursor(items.at(-1)!) : null };
}

export async function staffById(tx: Db, tenantId: string, id: string): Promise<Staff> {
  const [s] = await getStaff(tx, { tenantId, ids: [id], active: 'all' });
  if (!s) throw notFound();
  return s;
}

/** Staff are placed only in an active department of their own town; the row is locked against deactivation. */
async function checkDepartment(tx: Db, tenantId: string, departmentId: string) {
  const d = (await lockDepartments(tx, { tenantId, ids: [departmentId] })).get(departmentId);
  if (!d) throw invalid({ departmentId: 'unknown_department' });
  if (!d.active) throw invalid({ departmentId: 'inactive_department' });
  return d;
}

/** Locks a member of staff of this town for the rest of the transaction; another town's is not there. */
async function lockStaff(tx: Db, tenantId: string, id: string) {
  const [u] = await tx.select({ id: users.id }).from(users)
    .where(and(eq(users.id, id), eq(users.municipalityId, tenantId))).for('update');
  if (!u) throw notFound();
}

const emailTaken = (err: unknown) => uniqueViolation(err) === 'users_email_uq';

/** A new member of staff: no password (how they first sign in is set up elsewhere), the staff role, a welcome event. */
export async function createStaff(tx: Db, actor: Actor, body: StaffCreate): Promise<Staff> {
  if (body.departmentId) await checkDepartment(tx, actor.tenantId, body.departmentId);
  const [u] = await tx
    .insert(users)
    .values({ ...body, nameKana: normalizeKana(body.nameKana), municipalityId: actor.tenantId })
    .returning({ id: users.id })
    .catch((err) => {
      // E-mail is unique across the service; the answer does not say in which town it is used.
      throw emailTaken(err) ? conflict({ email: 'duplicate' }) : err;
    });
  await tx.insert(roleGrants).values({ municipalityId: actor.tenantId, userId: u!.id, role: 'staff' });
  await emitEvent(tx, { tenantId: actor.tenantId, type: 'staff.welcomed', payload: { userId: u!.id }, actorId: actor.userId });
  return staffById(tx, actor.tenantId, u!.id);
}

/** Edits a member of staff; `active: false` also signs them out everywhere, in the same transaction. */
export async function updateStaff(tx: Db, actor: Actor, id: string, patch: StaffUpdate): Promise<Staff> {
  await lockStaff(tx, actor.tenantId, id);
  if (patch.active === false && id === actor.userId) throw conflict({ active: 'self_deactivate' });
  if (patch.departmentId) await checkDepartment(tx, actor.tenantId, patch.departmentId);

  const { nameKana, ...rest } = patch;
  const set = { ...rest, ...(nameKana !== undefined ? { nameKana: normalizeKana(nameKana) } : {}) };
  if (Object.keys(set).length) {
    await tx
      .update(users)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.municipalityId, actor.tenantId)))
      .catch((err) => {
        throw emailTaken(err) ? conflict({ email: 'duplicate' }) : err;
      });
  }
  if (patch.active === false) await revokeRefreshTokens(tx, { tenantId: actor.tenantId, userId: id });
  return staffById(tx, actor.tenantId, id);
}

/**
 * 所属長 of a department, 自治体管理者 or 地域の魅力の審査担当, inside the town. Granting twice is a no-op
 * (and notifies once).
 */
export async function grantRole(tx: Db, actor: Actor, id: string, change: RoleChange): Promise<Staff> {
  await lockStaff(tx, actor.tenantId, id);
  const departmentId = change.role === 'manager' ? change.departmentId : null;
  const department = departmentId ? await checkDepartment(tx, actor.tenantId, departmentId) : null;
  const inserted = await tx
    .insert(roleGrants)
    .values({ municipalityId: actor.tenantId, userId: id, role: change.role, departmentId })
    .onConflictDoNothing()
    .returning({ id: roleGrants.id });
  if (inserted.length) {
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'role.granted', actorId: actor.userId,
      payload: { userId: id, role: change.role, departmentName: department?.name ?? null },
    });
  }
  return staffById(tx, actor.tenantId, id);
}

/** Removes a role. The town always keeps at least one active 自治体管理者. Removing what is not there is a no-op. */
export async function revokeRole(tx: Db, actor: Actor, id: string, change: RoleChangeQuery): Promise<Staff> {
  await lockStaff(tx, actor.tenantId, id);
  if (change.role === 'manager' && !change.departmentId) throw invalid({ departmentId: 'required' });
  if (change.role === 'municipality_admin') {
    // Locking every admin grant of the town serialises two admins removing each other.
    const admins = await tx.execute<{ user_id: string; active: boolean }>(sql`
      select g.user_id, u.active from role_grants g join users u on u.id = g.user_id
      where g.municipality_id = ${actor.tenantId} and g.role = 'municipality_admin'
      for update of g`);
    if (admins.some((a) => a.user_id === id) && !admins.some((a) => a.user_id !== id && a.active)) {
      throw conflict({ role: 'last_admin' });
    }
  }
  await tx.delete(roleGrants).where(and(
    eq(roleGrants.municipalityId, actor.tenantId),
    eq(roleGrants.userId, id),
    eq(roleGrants.role, change.role),
    change.role === 'manager' ? eq(roleGrants.departmentId, change.departmentId!) : undefined,
  ));
  return staffById(tx, actor.tenantId, id);
}
