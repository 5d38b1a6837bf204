import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { jobNames } from '@yui/contracts';
import { createTestDatabase, type TestDatabase } from '@yui/db/testing';
import { openJobQueue, startJobWorker, type JobHandlers, type JobQueue, type JobWorker, type QueueTarget, type RunnableJob } from '../src/queues';
import { dropRedisPrefix, testLog, uniquePrefix, waitFor } from './helpers';

/**
 * JobQueue.requeue, which the 地域の魅力 sweep and deliveries rely on, on both backends: a job id
 * BullMQ holds as failed or completed runs again (adding it would be a no-op), one still queued is
 * left alone, one never seen is added.
 */

let db: TestDatabase;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db?.drop(); });

const backends: Array<{ kind: QueueTarget['kind']; target: () => QueueTarget }> = [
  { kind: 'redis', target: () => ({ kind: 'redis', url: process.env.REDIS_URL!, prefix: uniquePrefix() }) },
  { kind: 'postgres', target: () => ({ kind: 'postgres', connectionString: db.appUrl, schema: 'bullmq' }) },
];

for (const backend of backends) {
  describe(`JobQueue.requeue on ${backend.kind}`, () => {
    let target: QueueTarget;
    let queue: JobQueue;
    let worker: JobWorker;
    /** Job ids as they ran; a payload whose publication id starts with 0 fails for good. */
    const runs: string[] = [];

    beforeAll(async () => {
      target = backend.target();
      queue = await openJobQueue(target, { log: testLog });
      const handler = {
        async process(job: RunnableJob) {
          runs.push(job.id!);
          if ((job.data as { publicationId: string }).publicationId.startsWith('0')) throw new UnrecoverableError('refused');
          return 'done';
        },
      };
      worker = await startJobWorker(target, Object.fromEntries(jobNames.map((n) => [n, handler])) as JobHandlers, { log: testLog, concurrency: 1 });
    });

    afterAll(async () => {
      await worker?.close();
      await queue?.close();
      if (target?.kind === 'redis') await dropRedisPrefix(target.url, target.prefix);
    });

    const ranTimes = (id: string, n: number) => waitFor(`${id} ran ${n}×`, async () => runs.filter((r) => r === id).length >= n);
    const deliver = (publicationId: string) => ({ tenantId: randomUUID(), publicationId });

    it('restarts a completed job and a failed one, leaves a queued one alone, and adds one never seen', async () => {
      const done = randomUUID();
      const ok = deliver(`1${randomUUID().slice(1)}`);
      expect(await queue.requeue('attractions.deliver', ok, { jobId: done, attempts: 1 })).toBe('added');
      await ranTimes(done, 1);
      // Completed: adding again changes nothing; requeue runs it again.
      await waitFor('completed', async () => (await queue.requeue('attractions.deliver', ok, { jobId: done, attempts: 1 })) === 'restarted');
      await ranTimes(done, 2);

      const refused = randomUUID();
      expect(await queue.requeue('attractions.deliver', deliver(`0${randomUUID().slice(1)}`), { jobId: refused, attempts: 1 })).toBe('added');
      await ranTimes(refused, 1);
      // Failed for good: restarted with the payload given now.
      await waitFor('failed', async () => (await queue.requeue('attractions.deliver', ok, { jobId: refused, attempts: 1 })) === 'restarted');
      await ranTimes(refused, 2);

      // Still waiting for its time: left as it is.
      const later = randomUUID();
      await queue.add('attractions.deliver', ok, { jobId: later, delay: 3_600_000 });
      expect(await queue.requeue('attractions.deliver', ok, { jobId: later, attempts: 1 })).toBe('queued');
      expect(runs).not.toContain(later);
    });
  });
}
