import { z } from 'zod';

/** Every job carries its tenant and runs inside that tenant's context. */
const tenantJob = z.object({ tenantId: z.uuid() });

export const QUEUE_NAME = 'yui';

export const jobPayloads = {
  /** Deliver one outbox event: notifications + e-mail. The job id is the event id, so it runs once. */
  'outbox.deliver': tenantJob.extend({ eventId: z.uuid() }),
} as const;
export type JobName = keyof typeof jobPayloads;
export type JobPayload<N extends JobName> = z.infer<(typeof jobPayloads)[N]>;
export const jobNames = Object.keys(jobPayloads) as JobName[];
