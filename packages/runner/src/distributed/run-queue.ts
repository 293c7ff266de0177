import { Queue, type ConnectionOptions } from 'bullmq';

/** What a queued job carries: only the run's id; everything else is read from the store. */
export interface RunJobData {
  runId: string;
}

/** Where the queue lives and what it is called. */
export interface RunQueueOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** Queue name; several PipeCraft installations may share one Redis with different names. Default `pipecraft-runs`. */
  name?: string | undefined;
}

export const DEFAULT_RUN_QUEUE_NAME = 'pipecraft-runs';

/** BullMQ's key prefix for PipeCraft's queues (so `KEYS pipecraft:*` shows them). */
export const RUN_QUEUE_PREFIX = 'pipecraft';

/** The job name every run job has. */
export const RUN_JOB_NAME = 'run';

/** BullMQ's connection options for a `redis://` or `rediss://` URL (ioredis parses it). */
export function redisConnection(url: string): ConnectionOptions {
  if (!/^rediss?:\/\//i.test(url)) throw new RangeError('The queue URL must start with redis:// or rediss://');
  return { url };
}

/** The producer side: the API server adds one job per run. */
export function openRunQueue(options: RunQueueOptions): Queue<RunJobData> {
  return new Queue<RunJobData>(options.name ?? DEFAULT_RUN_QUEUE_NAME, {
    connection: redisConnection(options.url),
    prefix: RUN_QUEUE_PREFIX,
    defaultJobOptions: {
      // One attempt: a run's outcome is decided by its record in the store (lease, marker), not by
      // BullMQ's retries; a job re-delivered after a worker died finds its run claimed and ends.
      attempts: 1,
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    },
  });
}

/** Jobs waiting for a worker (including those delayed by the run caps). */
export async function queueDepth(queue: Queue<RunJobData>): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized');
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}
