import type { z } from 'zod';
import type { delegation, delegationCreate, timePolicyUpdate, timePolicyView } from '@yui/contracts';
import type { Db } from '@yui/db';
import { isActiveAdmin } from '@yui/db/queries/directory';
import {
  deleteDelegation, getActiveStaff, getDelegations, getPolicies, insertDelegation, insertPolicyVersion, isActiveManager,
} from '@yui/db/queries/time';
import { todayInJapan } from '@yui/domain';
import { forbidden, invalid, notFound } from '../../lib/errors';
import { policyView, type TimeActor } from './view';

/** The town's 20% rule (versioned) and 代理承認 (a deputy who decides while a manager is away). */

export async function getPolicyView(tx: Db, tenantId: string): Promise<z.infer<typeof timePolicyView>> {
  const rows = await getPolicies(tx, { tenantId });
  if (!rows.length) throw new Error(`municipality ${tenantId} has no time policy`);
  const history = rows.map(policyView);
  return { current: history[0]!, history };
}

/**
 * A change is a new version (the admin's role is checked by the route). Requests already submitted
 * keep the version they were submitted under; new ones and resubmissions get this one.
 */
export async function updatePolicy(tx: Db, actor: TimeActor, body: z.infer<typeof timePolicyUpdate>): Promise<z.infer<typeof timePolicyView>> {
  await insertPolicyVersion(tx, { tenantId: actor.tenantId, policy: body, createdBy: actor.userId });
  return getPolicyView(tx, actor.tenantId);
}

type Delegation = z.infer<typeof delegation>;

const admin = (tx: Db, actor: TimeActor) => isActiveAdmin(tx, { tenantId: actor.tenantId, userId: actor.userId });

/** Delegations not yet ended: all of the town's for an admin; otherwise those naming me as manager or deputy. */
export async function listDelegations(tx: Db, actor: TimeActor): Promise<{ items: Delegation[] }> {
  const everyone = await admin(tx, actor);
  return { items: await getDelegations(tx, { tenantId: actor.tenantId, today: todayInJapan(), involving: everyone ? undefined : actor.userId }) };
}

/**
 * A manager names a deputy for their own absence; an admin may do it for any manager of the town. The
 * deputy is active staff of the same town (another town's person is not there: 400, not a hint).
 */
export async function createDelegation(tx: Db, actor: TimeActor, body: z.infer<typeof delegationCreate>): Promise<Delegation> {
  const t = actor.tenantId;
  const managerId = body.managerId ?? actor.userId;
  if (managerId !== actor.userId) {
    if (!(await admin(tx, actor))) throw forbidden();
    if (!(await isActiveManager(tx, { tenantId: t, userId: managerId }))) throw invalid({ managerId: 'not_manager' });
  } else if (!(await isActiveManager(tx, { tenantId: t, userId: managerId }))) {
    throw forbidden();
  }
  const fields: Record<string, string> = {};
  if (body.deputyId === managerId || !(await getActiveStaff(tx, { tenantId: t, userId: body.deputyId }))) fields.deputyId = 'not_deputy';
  if (body.endsOn < body.startsOn) fields.endsOn = 'before_start';
  else if (body.endsOn < todayInJapan()) fields.endsOn = 'date_in_past';
  if (Object.keys(fields).length) throw invalid(fields);
  const id = await insertDelegation(tx, { tenantId: t, managerId, deputyId: body.deputyId, startsOn: body.startsOn, endsOn: body.endsOn, reason: body.reason, createdBy: actor.userId });
  const [d] = await getDelegations(tx, { tenantId: t, today: todayInJapan(), ids: [id] });
  return d!;
}

/** Ends a delegation: the manager's own, or any of the town's for an admin. Anything else is not there. */
export async function removeDelegation(tx: Db, actor: TimeActor, id: string): Promise<void> {
  const everyone = await admin(tx, actor);
  const done = await deleteDelegation(tx, { tenantId: actor.tenantId, id, managerId: everyone ? undefined : actor.userId });
  if (!done) throw notFound();
}
