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
/** Locks a feature takes for a whole batch of its refs before any of them changes (see timeRefsBatch). */
export type TimeRefBatchLock = (tx: Db, refIds: string[], actor: TimeActor) => Promise<void>;
const batchLocks = new Map<string, TimeRefBatchLock>();

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

/**
 * A feature whose hook locks a shared row (an application's call for help) registers how to lock those
 * rows for a whole batch at once, in a fixed order. A bulk decision calls timeRefsBatch after locking
 * its requests and before deciding any: two batches touching the same calls in different request
 * orders then take the calls in the same (id) order, and never wait on each other in a cycle.
 */
export function onTimeRequestBatch(refType: string, lock: TimeRefBatchLock): void {
  batchLocks.set(refType, lock);
}

export async function timeRefsBatch(tx: Db, refs: Array<{ type: string; id: string } | null>, actor: TimeActor): Promise<void> {
  const byType = new Map<string, string[]>();
  for (const r of refs) if (r && batchLocks.has(r.type)) byType.set(r.type, [...(byType.get(r.type) ?? []), r.id]);
  for (const type of [...byType.keys()].sort()) await batchLocks.get(type)!(tx, byType.get(type)!, actor);
}
