import type { Db } from '@yui/db';
import { mirrorSessionTime } from '@yui/db/queries/mentoring-pairs';
import { onTimeRequestChange, type TimeRefChange } from '../time/ref-hooks';
import { SESSION_REF } from './sessions';

/**
 * A 20% request filed for a mentoring session changed (the requester's manager decided, the requester
 * withdrew or cancelled it, an approval was revoked). Runs in that transaction, in the requester's
 * town (which sees the session: it is one of the pair's). The request's new status is copied onto the
 * session, on the side (mentor / mentee) whose request it is; a request that is no longer that side's
 * current one changes nothing. Idempotent.
 */
export async function sessionTimeHook(tx: Db, change: TimeRefChange): Promise<void> {
  await mirrorSessionTime(tx, { sessionId: change.ref.id, requestId: change.requestId, status: change.to });
}

let registered = false;
/** Called when the mentoring routes load. */
export function registerSessionTimeHook(): void {
  if (registered) return;
  registered = true;
  onTimeRequestChange(SESSION_REF, sessionTimeHook);
}
