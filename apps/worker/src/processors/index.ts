import type { JobHandlers } from '../queues';
import { DeliverPublication } from './attractions/deliver';
import { ProcessAttractionPhoto } from './attractions/photo';
import { PublishAttraction } from './attractions/publish';
import { SweepAttractions } from './attractions/sweep';
import type { ProcessorDeps } from './base';
import { SendCommunityDigest } from './communities/digest';
import { SendCommunityEventReminders } from './communities/event-reminders';
import { CleanUpCommunityFiles } from './communities/files-cleanup';
import { CloseHelpCallDeadlines } from './help/deadlines';
import { KeepMentorshipsAlive } from './mentoring/keepalive';
import { DeliverOutboxEvent } from './outbox/deliver';
import { SendTimeReminders } from './time/reminders';

/** Every job in @yui/contracts' jobPayloads has its processor here; the type does not compile otherwise. */
export function createProcessors(deps: ProcessorDeps): JobHandlers {
  return {
    'outbox.deliver': new DeliverOutboxEvent(deps),
    'time.reminders': new SendTimeReminders(deps),
    'community.digest': new SendCommunityDigest(deps),
    'community.event_reminders': new SendCommunityEventReminders(deps),
    'community.files_cleanup': new CleanUpCommunityFiles(deps),
    'help.deadlines': new CloseHelpCallDeadlines(deps),
    'mentoring.keepalive': new KeepMentorshipsAlive(deps),
    'attractions.photo': new ProcessAttractionPhoto(deps),
    'attractions.publish': new PublishAttraction(deps),
    'attractions.deliver': new DeliverPublication(deps),
    'attractions.sweep': new SweepAttractions(deps),
  };
}
