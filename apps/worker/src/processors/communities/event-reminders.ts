import type { JobPayload } from '@yui/contracts';
import { addDays, todayInJapan } from '@yui/domain';
import { emitEvent } from '@yui/db/queries/outbox';
import { listEventsDueForReminder, stampEventReminders } from '@yui/db/queries/community-jobs';
import { JobProcessor, type JobContext } from '../base';

export interface CommunityEventRemindersResult {
  /** The Japan date whose events were looked at: tomorrow. */
  day: string;
  /** Reminder events emitted (one per community event). */
  events: number;
  /** People reminded. */
  people: number;
  /** Nobody left to remind by the time it was stamped (another run got there first). */
  skipped: number;
  failed: number;
}

/**
 * community.event_reminders: the day before a community event (issue 4, item 9), the town's staff
 * registered for it — not waitlisted, not cancelled — hear about it once. Per event one transaction:
 * stamp reminder_sent_at on the town's registrations still without it (UPDATE … RETURNING, so two
 * workers never both get the same person) and emit one `community.event_reminder` with them as
 * recipients. outbox.deliver turns that into notifications and mail.
 *
 * Each town reminds its own staff (registrations carry the person's town), so an event with people
 * of three towns gets three reminder events, one from each town's job.
 */
export class SendCommunityEventReminders extends JobProcessor<'community.event_reminders', CommunityEventRemindersResult> {
  readonly name = 'community.event_reminders' as const;

  protected async handle({ tenantId }: JobPayload<'community.event_reminders'>, ctx: JobContext): Promise<CommunityEventRemindersResult> {
    const day = addDays(todayInJapan(this.deps.now?.() ?? new Date()), 1);
    const { regionId } = ctx.tenant;
    const result: CommunityEventRemindersResult = { day, events: 0, people: 0, skipped: 0, failed: 0 };

    const eventIds = await ctx.inTenant((tx) => listEventsDueForReminder(tx, { tenantId, regionId, day }));
    for (const eventId of eventIds) {
      try {
        const reminded = await ctx.inTenant(async (tx) => {
          const stamped = await stampEventReminders(tx, { tenantId, regionId, eventId, day });
          // Never an event without recipients: nobody stamped, nothing to say.
          if (!stamped || stamped.userIds.length === 0) return 0;
          const { event, userIds } = stamped;
          await emitEvent(tx, {
            tenantId,
            type: 'community.event_reminder',
            payload: {
              communityId: event.communityId, communityName: event.communityName, recipientIds: userIds,
              eventId: event.id, title: event.title, startsAt: event.startsAt,
            },
          });
          return userIds.length;
        });
        if (reminded) {
          result.events++;
          result.people += reminded;
        } else {
          result.skipped++;
        }
      } catch (err) {
        result.failed++;
        ctx.log.error({ eventId, err: (err as Error).message }, 'community event reminder failed');
      }
    }

    ctx.log.info(result, 'community event reminders');
    if (result.failed) throw new Error(`community event reminders: ${result.failed} failed (see the log); the rest went out`);
    return result;
  }
}
