import type { Db } from '@yui/db';
import { cancelPlannedSessionsOfEnded } from '@yui/db/queries/mentoring-pairs';
import { emitEvent } from '@yui/db/queries/outbox';
import { todayInJapan } from '@yui/domain';
import type { MentoringActor } from './access';

export type PairEndReason = 'rematch' | 'withdrawn' | 'closed' | 'completed';

/**
 * What follows the end of pairs (rematch, an admin's end, a participant's withdrawal, the programme
 * closed; the worker's keepalive does the same for 'completed'). Call it in the transaction that
 * ended them, after `endPair`: pairs still active are left alone, and a second call does nothing.
 *
 * - Their planned sessions on today or later are cancelled (earlier ones keep their status: the day
 *   is over, and a completed pair may still record them as held).
 * - For each such session whose 20% request of either side is still standing (mirrored on the
 *   session), one `mentoring.session_cancelled` names those people. The requests live in each
 *   person's own town, which this transaction may not see (RLS) — the actor ending the pair is often
 *   an admin, who could not take back someone else's request anyway. So, as with 職場応援, the worker
 *   delivering the event releases each one in its own town (withdrawn while pending, cancelled once
 *   approved and before its day), mirrors it on the session, and tells the person and their manager
 *   (processors/mentoring/release-time.ts). The actor's own request goes the same way; they are
 *   just not told of their own doing.
 */
export async function afterPairsEnded(tx: Db, actor: MentoringActor, pairIds: string[], reason: PairEndReason): Promise<void> {
  const sessions = await cancelPlannedSessionsOfEnded(tx, { regionId: actor.regionId, mentorshipIds: pairIds, from: todayInJapan() });
  for (const s of sessions) {
    if (!s.liveTimeIds.length) continue;
    await emitEvent(tx, {
      tenantId: actor.tenantId, type: 'mentoring.session_cancelled', actorId: actor.userId,
      payload: {
        mentorshipId: s.mentorshipId, programmeTitle: s.programmeTitle, recipientIds: s.liveTimeIds, sessionId: s.id, heldOn: s.heldOn, reason,
      },
    });
  }
}
