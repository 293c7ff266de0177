import { z } from 'zod';
import { RUN_STATUSES, RUN_TRIGGERS } from '@pipecraft/store/terms';
import {
  RUN_PHASES,
  SCHEMA_CHANGE_ACTIONS,
  SCHEMA_CHANGE_KINDS,
  VALUE_POLICIES,
  type SchemaChangeAction,
  type ValuePolicy,
} from '@pipecraft/sync-engine/terms';
import { idSchema } from './common.js';

export const runStatusSchema = z.enum(RUN_STATUSES);
export const runPhaseSchema = z.enum(RUN_PHASES);

/** What the history can be sorted by. */
export const RUN_SORT_FIELDS = ['createdAt', 'startedAt', 'durationMs', 'rowsCopied', 'status'] as const;

export const startRunInput = z.object({ syncId: idSchema });

export const listRunsInput = z
  .object({
    /** One sync's runs; absent = every sync's. */
    syncId: idSchema.nullish(),
    /** Any of these statuses; absent or empty = all. */
    status: z.array(runStatusSchema).max(RUN_STATUSES.length).nullish(),
    /** Runs whose source or destination was this connection when they were created. */
    connectionId: idSchema.nullish(),
    /** Only runs that recorded schema drift (the sync page's latest diff). */
    withSchemaChanges: z.boolean().nullish(),
    /** Created at or after. */
    from: z.date().nullish(),
    /** Created before. */
    to: z.date().nullish(),
    sort: z
      .object({ by: z.enum(RUN_SORT_FIELDS), direction: z.enum(['asc', 'desc']) })
      .default({ by: 'createdAt', direction: 'desc' }),
    limit: z.number().int().min(1).max(100).default(20),
    /** Offset of the first item (the previous page's `nextCursor`). */
    cursor: z.number().int().min(0).max(1_000_000_000).nullish(),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, {
    message: 'The end of the time range must come after its start.',
    path: ['to'],
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

const actionNames = Object.keys(SCHEMA_CHANGE_ACTIONS) as [SchemaChangeAction, ...SchemaChangeAction[]];

/** One column that had drifted between source and destination, and what the drift policy did (the engine's `SchemaChange`). */
export const schemaChangeDto = z.object({
  column: z.string(),
  change: z.enum(SCHEMA_CHANGE_KINDS),
  /** The source's type now; null for a column the source no longer has. */
  sourceType: z.string().nullable(),
  /** The destination's type before the run; null for a column new in the source. */
  destinationType: z.string().nullable(),
  action: z.enum(actionNames),
  /** What PipeCraft did, for people (from the engine's `SCHEMA_CHANGE_ACTIONS`). */
  description: z.string(),
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
  /**
   * Rows read from the source: on success all of them; on a failed run, how far it got before the
   * failure (nothing of which landed: `rowsCopied` is 0). `null` for runs recorded before it was kept.
   */
  rowsRead: z.number().nullable(),
  /** While active: the step under way (`lock` = waiting for the destination table). */
  phase: runPhaseSchema.nullable(),
  /** Each step begun, in order; `durationMs` null while under way. */
  phases: z.array(z.object({ phase: z.string(), startedAt: z.date(), durationMs: z.number().nullable() })),
  /** Where the source keeps a row estimate: the total, and while running the share done and the time left. */
  progress: z
    .object({
      rowEstimate: z.number(),
      percent: z.number().nullable(),
      etaSeconds: z.number().nullable(),
    })
    .nullable(),
  /** The sync as it was when the run was created (history stays true after edits); null for older runs. */
  config: z
    .object({
      syncName: z.string(),
      writeMode: z.string(),
      source: runEndpointDto(),
      destination: runEndpointDto(),
    })
    .nullable(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().nullable() }).nullable(),
  warnings: z.array(z.string()),
  /** The same changes, structured: one entry per column and policy. */
  valueWarnings: z.array(valueWarningDto),
  /** How the source's columns had drifted and what the policy did; recorded on a run refused for it too. */
  schemaChanges: z.array(schemaChangeDto),
  /** The worker that claimed the run (distributed mode); null for runs executed by the server itself. */
  workerId: z.string().nullable(),
  /** 1 for a first attempt; an automatic retry of a transient failure is its own run, numbered on. */
  attempt: z.number(),
  /** The previous attempt's run id, for a retry. */
  retryOf: z.string().nullable(),
  /** What started it: `manual`, `schedule`, `pipeline` or `retry`. */
  trigger: z.enum(RUN_TRIGGERS),
});

function runEndpointDto() {
  return z.object({
    connectionId: z.string(),
    connectionName: z.string(),
    dialect: z.string(),
    schema: z.string(),
    table: z.string(),
  });
}

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
export type ValueWarningDto = z.infer<typeof valueWarningDto>;
export type SchemaChangeDto = z.infer<typeof schemaChangeDto>;
export type ListRunsInput = z.infer<typeof listRunsInput>;
export type RunPage = z.infer<typeof runPageOutput>;
