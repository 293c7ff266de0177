import { z } from 'zod';

/** A worker process (distributed mode) as the API shows it. */
export const workerDto = z.object({
  id: z.string(),
  hostname: z.string(),
  pid: z.number(),
  /** Runs it executes at most at once. */
  concurrency: z.number(),
  /** Runs it held at its last heartbeat. */
  activeRuns: z.number(),
  startedAt: z.date(),
  heartbeatAt: z.date(),
});

export const workerListOutput = z.array(workerDto);

export type WorkerDto = z.infer<typeof workerDto>;
