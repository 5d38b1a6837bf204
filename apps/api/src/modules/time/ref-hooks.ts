import type { Db } from '@yui/db';
import type { TimeRequestAction, TimeRequestStatus } from '@yui/domain';
import type { TimeActor } from './view';

/**
 * Features that file time for a thing (an application to a call for help, a direct request…) hear of
 * every change of that request in the same transaction as the change: the manager's approval makes an
 * application count at the moment it is given, a declined request never counts, and a rolled-back
 * decision changes neither. (The outbox events carry the same ref for notifications.)
 *
 * A hook runs inside the request's town's tenant context, as `actor` (the manager deciding, or the
 * requester withdrawing/cancelling). It must be idempotent: a feature that withdraws the request
 * itself (the applicant withdrawing an application) hears of that change too.
 */
export interface TimeRefChange {
  requestId: string;
  ref: { type: string; id: string };
  requesterId: string;
  action: TimeRequestAction;
  from: TimeRequestStatus;
  to: TimeRequestStatus;
  actor: TimeActor;
}
export type TimeRefHook = (tx: Db, change: TimeRefChange) => Promise<void>;

const hooks = new Map<string, TimeRefHook>();

/** Registers the hook for one ref type (the feature module does this when it is loaded). */
export function onTimeRequestChange(refType: string, hook: TimeRefHook): void {
  hooks.set(refType, hook);
}

/** Called by the time actions after each status change of a request that has a ref. */
export async function timeRefChanged(tx: Db, change: Omit<TimeRefChange, 'ref'> & { ref: { type: string; id: string } | null }): Promise<void> {
  if (!change.ref || change.from === change.to) return;
  const hook = hooks.get(change.ref.type);
  if (hook) await hook(tx, { ...change, ref: change.ref });
}
