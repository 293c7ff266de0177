import { WRITE_MODE_NAMES } from '@pipecraft/sync-engine/terms';
import { z } from 'zod';
import { idSchema, identifierSchema, nameSchema } from './common.js';
import { runDto } from './run.js';

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

const syncFields = {
  name: nameSchema,
  description: z.string().trim().max(2000, 'At most 2000 characters.').nullish(),
  ...tablePairFields,
  /** Omitted means the engine's first (default) write mode. */
  writeMode: writeModeSchema.default(WRITE_MODE_NAMES[0]),
  /** The run creates a missing destination schema (database on MySQL). Default false. */
  createDestinationSchema: z.boolean().default(false),
};

export const createSyncInput = z.object(syncFields);

export const updateSyncInput = z.object({
  id: idSchema,
  ...z.object(syncFields).omit({ writeMode: true, createDestinationSchema: true }).partial().shape,
  writeMode: writeModeSchema.optional(),
  createDestinationSchema: z.boolean().optional(),
});

export const previewSyncInput = z.object({
  ...tablePairFields,
  /** Plan a missing destination schema as created instead of refusing. */
  createDestinationSchema: z.boolean().optional(),
});

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
});

export type CreateSyncInput = z.infer<typeof createSyncInput>;
export type UpdateSyncInput = z.infer<typeof updateSyncInput>;
export type PreviewSyncInput = z.infer<typeof previewSyncInput>;
export type SyncDto = z.infer<typeof syncDto>;
export type SyncPlanDto = z.infer<typeof syncPlanDto>;
