import { z } from 'zod';
import { RUN_STATUSES } from '@pipecraft/store/terms';
import { VALUE_POLICIES, type ValuePolicy } from '@pipecraft/sync-engine/terms';
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

const policyNames = Object.keys(VALUE_POLICIES) as [ValuePolicy, ...ValuePolicy[]];

/** One declared policy applied to one column during a run (the engine's `ValueWarning`). */
export const valueWarningDto = z.object({
  column: z.string(),
  policy: z.enum(policyNames),
  /** What the policy does, for people (from the engine's `VALUE_POLICIES`). */
  description: z.string(),
  /** Values it changed. */
  count: z.number(),
  /** The primary key of the first row it changed, e.g. `id=7`; null when the table has no key. */
  sampleKey: z.string().nullable(),
});

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
  /** The same changes, structured: one entry per column and policy. */
  valueWarnings: z.array(valueWarningDto),
});

export const startRunOutput = z.object({ runId: z.string() });

export const runPageOutput = z.object({
  items: z.array(runDto),
  nextCursor: z.number().nullable(),
  total: z.number(),
});

export type RunDto = z.infer<typeof runDto>;
export type ValueWarningDto = z.infer<typeof valueWarningDto>;
export type RunPage = z.infer<typeof runPageOutput>;
