import type { JobHandlers } from '../queues';
import type { ProcessorDeps } from './base';
import { DeliverOutboxEvent } from './outbox/deliver';
import { SendTimeReminders } from './time/reminders';

/** Every job in @yui/contracts' jobPayloads has its processor here; the type does not compile otherwise. */
export function createProcessors(deps: ProcessorDeps): JobHandlers {
  return {
    'outbox.deliver': new DeliverOutboxEvent(deps),
    'time.reminders': new SendTimeReminders(deps),
  };
}
