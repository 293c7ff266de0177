import { z } from 'zod';
import { RUN_STATUSES, RUN_TRIGGERS } from '@pipecraft/store/terms';
import { idSchema } from './common.js';

export const runStatusSchema = z.enum(RUN_STATUSES);

export const startRunInput = z.object({ syncId: idSchema });

export const listRunsInput = z.object({
  syncId: idSchema,
  limit: z.number().int().min(1).max(100).default(20),
  /** Offset of the first item (the previous page's `nextCursor`). */
  cursor: z.number().int().min(0).max(1_000_000_000).nullish(),
});

export const recentRunsInput = z.object({ limit: z.number().int().min(1).max(100).default(10) }).default({});

export const runDto = z.object({
  id: z.string(),
  syncId: z.string(),
  syncName: z.string(),
  status: runStatusSchema,
  /** Rows written so far (live while running; final once done). */
  rowsCopied: z.number(),
  /** Rows in the destination after success; null otherwise. */
  rowCount: z.number().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  durationMs: z.number().nullable(),
  /** Throughput: final for a finished run, so far for a running one. */
  rowsPerSecond: z.number().nullable(),
  /** While active: what the run waits for, e.g. "Waiting for a lock on s.t held by pid 42 (…)". */
  detail: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  warnings: z.array(z.string()),
  /** 1 for a first attempt; an automatic retry of a transient failure is its own run, numbered on. */
  attempt: z.number(),
  /** The previous attempt's run id, for a retry. */
  retryOf: z.string().nullable(),
  /** What started it: `manual`, `schedule`, `pipeline` or `retry`. */
  trigger: z.enum(RUN_TRIGGERS),
});

export const startRunOutput = z.object({ runId: z.string() });

export const cancelRunOutput = z.object({
  /** False when there was nothing to cancel here (the run had already finished). */
  cancelled: z.boolean(),
  /** The run's status after the call. */
  status: runStatusSchema,
});

export const runPageOutput = z.object({
  items: z.array(runDto),
  nextCursor: z.number().nullable(),
  total: z.number(),
});

export type RunDto = z.infer<typeof runDto>;
export type RunPage = z.infer<typeof runPageOutput>;
