import type { JobPayload } from '@yui/contracts';
import { todayInJapan } from '@yui/domain';
import { closeHelpCallsPastDeadline, finishHelpCallsPastWork } from '@yui/db/queries/help-jobs';
import { emitEvent } from '@yui/db/queries/outbox';
import { JobProcessor, type JobContext } from '../base';

export interface HelpDeadlinesResult {
  /** The Japan date the deadlines were measured against. */
  today: string;
  /** Calls closed (募集中 → 締切), each announced once. */
  closed: string[];
  /** Calls finished (締切 → 終了). */
  finished: string[];
}

/**
 * help.deadlines: the calls one town posted move on with the calendar. An open call whose 募集締切日
 * has passed becomes 締切 and its poster and contact hear of it (help.call_closed, with how many
 * applied against the headcount); a closed call whose last work day has passed becomes 終了.
 *
 * Each step is one guarded UPDATE … RETURNING (where status = 'open' / 'closed'), and the closed
 * calls' events are emitted in the same transaction as the UPDATE: two runs at once (two workers, a
 * retry overlapping a late tick) change — and announce — each call exactly once; a failure rolls the
 * status back together with its events, so a retry does both again. Closing comes first, so a call
 * whose work is also over is closed, announced and finished in one run.
 *
 * Like every help.* event it is delivered region-wide (each recipient's notification in their own
 * town), though poster and contact are today both staff of the posting town.
 */
export class CloseHelpCallDeadlines extends JobProcessor<'help.deadlines', HelpDeadlinesResult> {
  readonly name = 'help.deadlines' as const;

  protected async handle({ tenantId }: JobPayload<'help.deadlines'>, ctx: JobContext): Promise<HelpDeadlinesResult> {
    const today = todayInJapan(this.deps.now?.() ?? new Date());
    const { regionId } = ctx.tenant;

    const closed = await ctx.inTenant(async (tx) => {
      const calls = await closeHelpCallsPastDeadline(tx, { tenantId, regionId, today });
      for (const c of calls) {
        await emitEvent(tx, {
          tenantId,
          type: 'help.call_closed',
          payload: {
            callId: c.id, title: c.title, recipientIds: [...new Set([c.createdBy, c.contactId])],
            appliedCount: c.appliedCount, headcount: c.headcount,
          },
        });
      }
      return calls.map((c) => c.id);
    });
    const finished = await ctx.inTenant((tx) => finishHelpCallsPastWork(tx, { tenantId, regionId, today }));

    const result = { today, closed, finished };
    ctx.log.info({ today, closed: closed.length, finished: finished.length }, 'help call deadlines');
    return result;
  }
}
