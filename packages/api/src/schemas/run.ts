import { z } from 'zod';
import { RUN_STATUSES } from '@pipecraft/store/terms';
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
  /** Rows added, rewritten and deleted (or soft-deleted) by a successful run; null otherwise. */
  rowsInserted: z.number().nullable(),
  rowsUpdated: z.number().nullable(),
  rowsDeleted: z.number().nullable(),
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
});

export const startRunOutput = z.object({ runId: z.string() });

export const runPageOutput = z.object({
  items: z.array(runDto),
  nextCursor: z.number().nullable(),
  total: z.number(),
});

export type RunDto = z.infer<typeof runDto>;
export type RunPage = z.infer<typeof runPageOutput>;
