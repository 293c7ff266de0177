import {
  CURSOR_WRITE_MODES,
  KEYED_WRITE_MODES,
  DELETE_MISSING_POLICIES,
  DRIFT_POLICIES,
  WRITE_MODE_NAMES,
  type WriteModeName,
} from '@pipecraft/sync-engine/terms';
import { z } from 'zod';
import { idSchema, identifierSchema, nameSchema } from './common.js';
import { runDto } from './run.js';

/** Which modes need a cursor / a key: the engine's lists, for the form to show the right pickers. */
export { CURSOR_WRITE_MODES, KEYED_WRITE_MODES };

/** The engine's write-mode list is the one source; a new mode needs no edit here. */
export const writeModeSchema = z.enum(WRITE_MODE_NAMES);

const tablePairFields = {
  sourceConnectionId: idSchema,
  sourceSchema: identifierSchema,
  sourceTable: identifierSchema,
  destinationConnectionId: idSchema,
  destinationSchema: identifierSchema,
  destinationTable: identifierSchema,
};

export const deleteMissingSchema = z.enum(DELETE_MISSING_POLICIES);
export const driftPolicySchema = z.enum(DRIFT_POLICIES);

const columnNameSchema = z.string().min(1, 'Choose a column.').max(255, 'At most 255 characters.');

/** One source column's fate: copied or not, under which destination name, as which destination type. */
export const columnMappingEntrySchema = z.object({
  source: columnNameSchema,
  include: z.boolean(),
  name: columnNameSchema.nullish(),
  type: z
    .string()
    .trim()
    .max(100)
    .regex(/^[A-Za-z][A-Za-z0-9 _(),]*$/, 'A type name such as varchar(64) or numeric(12,2).')
    .nullish(),
});

/** A write mode's options; the rules that tie them to the mode are in `modeOptionProblems`. */
const modeOptionFields = {
  /** Merge modes: the key rows are matched on; null/empty = the source's primary key. */
  keyColumns: z.array(columnNameSchema).max(16).nullish(),
  /** Incremental modes: the column whose growth marks new or changed rows. */
  cursorColumn: columnNameSchema.nullish(),
  /** `incremental_merge`: seconds re-read before the watermark (late rows). */
  lookbackSeconds: z.number().int('Whole seconds.').min(0).max(31_536_000, 'At most a year.').nullish(),
  deleteMissing: deleteMissingSchema.default('keep'),
  columnMapping: z.array(columnMappingEntrySchema).max(1000).nullish(),
  driftPolicy: driftPolicySchema.default('fail'),
};

/**
 * Rules between a mode and its options, per field — used by the form (in the browser) and by the
 * service on save (after merging an update into the stored sync), so they live once.
 */
export function modeOptionProblems(shape: {
  writeMode: WriteModeName;
  cursorColumn?: string | null | undefined;
  lookbackSeconds?: number | null | undefined;
}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (CURSOR_WRITE_MODES.includes(shape.writeMode) && !shape.cursorColumn)
    problems.cursorColumn = 'This mode needs a cursor column: one that grows as rows are added or changed.';
  if (shape.lookbackSeconds && shape.writeMode !== 'incremental_merge')
    problems.lookbackSeconds = 'A lookback applies to the incremental merge mode only.';
  return problems;
}

const syncFields = {
  name: nameSchema,
  description: z.string().trim().max(2000, 'At most 2000 characters.').nullish(),
  ...tablePairFields,
  /** Omitted means the engine's first (default) write mode. */
  writeMode: writeModeSchema.default(WRITE_MODE_NAMES[0]),
  /** The run creates a missing destination schema (database on MySQL). Default false. */
  createDestinationSchema: z.boolean().default(false),
  /** Further attempts after a transient failure (lost connection, lock or deadlock timeout). */
  retryCount: z.number().int().min(0, 'At least 0.').max(10, 'At most 10 retries.').default(0),
  /** Wait before the first retry, in ms; doubles for each further one. */
  retryBackoffMs: z.number().int().min(0, 'At least 0.').max(86_400_000, 'At most a day.').default(30_000),
  ...modeOptionFields,
};

export const createSyncInput = z.object(syncFields).superRefine((input, ctx) => {
  for (const [field, message] of Object.entries(modeOptionProblems(input)))
    ctx.addIssue({ code: 'custom', path: [field], message });
});

export const updateSyncInput = z.object({
  id: idSchema,
  ...z
    .object(syncFields)
    .omit({
      writeMode: true,
      deleteMissing: true,
      driftPolicy: true,
      createDestinationSchema: true,
      retryCount: true,
      retryBackoffMs: true,
    })
    .partial().shape,
  writeMode: writeModeSchema.optional(),
  deleteMissing: deleteMissingSchema.optional(),
  driftPolicy: driftPolicySchema.optional(),
  createDestinationSchema: z.boolean().optional(),
  retryCount: syncFields.retryCount.removeDefault().optional(),
  retryBackoffMs: syncFields.retryBackoffMs.removeDefault().optional(),
});

/** The table pair, and optionally the mode and its options: the plan then says what the runs do. */
export const previewSyncInput = z.object({
  ...tablePairFields,
  /** Plan a missing destination schema as created instead of refusing. */
  createDestinationSchema: z.boolean().optional(),
  writeMode: writeModeSchema.optional(),
  keyColumns: modeOptionFields.keyColumns,
  cursorColumn: modeOptionFields.cursorColumn,
  lookbackSeconds: modeOptionFields.lookbackSeconds,
  deleteMissing: deleteMissingSchema.optional(),
  columnMapping: modeOptionFields.columnMapping,
  driftPolicy: driftPolicySchema.optional(),
});
/** Where the next incremental read starts: the cursor and key values of the last row applied, as text. */
export const watermarkSchema = z.object({
  cursor: z.string().min(1, 'Enter the cursor value.').max(200),
  key: z.array(z.string().max(1000)).max(16),
});

export const setWatermarkInput = z.object({ id: idSchema, watermark: watermarkSchema });

const endpointDto = z.object({
  connectionId: z.string(),
  connectionName: z.string(),
  schema: z.string(),
  table: z.string(),
});

export const syncDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  source: endpointDto,
  destination: endpointDto,
  writeMode: writeModeSchema,
  createDestinationSchema: z.boolean(),
  /** Retries of a transient failure: how many, and the first wait (doubling after). */
  retry: z.object({ count: z.number(), backoffMs: z.number() }),
  /** The pipeline the sync belongs to, if any. */
  pipelineId: z.string().nullable(),
  keyColumns: z.array(z.string()).nullable(),
  cursorColumn: z.string().nullable(),
  lookbackSeconds: z.number().nullable(),
  deleteMissing: deleteMissingSchema,
  columnMapping: z.array(columnMappingEntrySchema).nullable(),
  driftPolicy: driftPolicySchema,
  /** Where the next incremental run starts; null = from the beginning. */
  watermark: watermarkSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastRun: runDto.nullable(),
});

/** The engine's SyncPlan, validated on the way out like everything else. */
export const syncPlanDto = z.object({
  destinationExists: z.boolean(),
  createSchemaDdl: z.string().nullable(),
  createTableDdl: z.string(),
  columns: z.array(
    z.object({
      name: z.string(),
      sourceType: z.string(),
      destinationType: z.string(),
      nullable: z.boolean(),
      primaryKeyPosition: z.number().nullable(),
    }),
  ),
  lossyColumns: z.array(
    z.object({ column: z.string(), sourceType: z.string(), destinationType: z.string(), reason: z.string() }),
  ),
  mismatches: z.array(z.object({ column: z.string(), problem: z.string() })),
  runs: z.object({ first: z.string(), next: z.string() }).optional(),
});

export type CreateSyncInput = z.infer<typeof createSyncInput>;
export type UpdateSyncInput = z.infer<typeof updateSyncInput>;
export type PreviewSyncInput = z.infer<typeof previewSyncInput>;
export type SyncDto = z.infer<typeof syncDto>;
export type SyncPlanDto = z.infer<typeof syncPlanDto>;
export type SetWatermarkInput = z.infer<typeof setWatermarkInput>;
export type ColumnMappingEntry = z.infer<typeof columnMappingEntrySchema>;
export type DeleteMissingPolicy = z.infer<typeof deleteMissingSchema>;
export type DriftPolicy = z.infer<typeof driftPolicySchema>;
