import { z } from 'zod';
import { NAMING_RULES } from '@pipecraft/store/terms';
import { idSchema, identifierSchema, nameSchema, withoutControlCharacters } from './common.js';
import { syncDto, syncPlanDto, writeModeSchema } from './sync.js';
import { WRITE_MODE_NAMES } from '@pipecraft/sync-engine/terms';

export const namingRuleSchema = z.enum(NAMING_RULES);

/** What a pipeline copies: many tables of one schema into another schema, named by a rule. */
const tableSetFields = {
  sourceConnectionId: idSchema,
  sourceSchema: identifierSchema,
  tables: z.array(identifierSchema).min(1, 'Pick at least one table.').max(500, 'At most 500 tables at once.'),
  destinationConnectionId: idSchema,
  destinationSchema: identifierSchema,
  namingRule: namingRuleSchema.default('same'),
  /** The prefix or suffix; ignored for `same`. */
  namingAffix: withoutControlCharacters(z.string().max(64, 'At most 64 characters.')).default(''),
};

export const previewPipelineInput = z.object(tableSetFields);

export const createPipelineInput = z.object({
  name: nameSchema,
  ...tableSetFields,
  writeMode: writeModeSchema.default(WRITE_MODE_NAMES[0]),
  /** Members running at once when the pipeline runs. */
  concurrency: z.number().int().min(1, 'At least 1.').max(16, 'At most 16.').default(2),
  retryCount: z.number().int().min(0).max(10).default(0),
  retryBackoffMs: z.number().int().min(0).max(86_400_000).default(30_000),
});

/** One table of a pipeline preview: its plan, or why it cannot be planned, and what needs a look. */
export const pipelinePreviewItem = z.object({
  sourceTable: z.string(),
  destinationTable: z.string(),
  plan: syncPlanDto.nullable(),
  /** Blocking: the table cannot be synced as it is (mismatch, unsupported type, a taken destination…). */
  problems: z.array(z.string()),
  /** Columns that lose something on the way (the plan's lossy columns, in words). */
  warnings: z.array(z.string()),
});

export const pipelinePreview = z.object({
  /** Tables with problems first, then tables with warnings, then the rest; by name within each. */
  items: z.array(pipelinePreviewItem),
  problemCount: z.number(),
  warningCount: z.number(),
});

const endpointDto = z.object({ connectionId: z.string(), connectionName: z.string(), schema: z.string() });

export const pipelineDto = z.object({
  id: z.string(),
  name: z.string(),
  source: endpointDto,
  destination: endpointDto,
  namingRule: namingRuleSchema,
  namingAffix: z.string(),
  writeMode: writeModeSchema,
  concurrency: z.number(),
  members: z.array(syncDto),
  /** A pipeline run is working through the members, or a member's run is active. */
  running: z.boolean(),
  createdAt: z.date(),
});

export const runPipelineOutput = z.object({ members: z.number() });

export type CreatePipelineInput = z.infer<typeof createPipelineInput>;
export type PreviewPipelineInput = z.infer<typeof previewPipelineInput>;
export type PipelinePreview = z.infer<typeof pipelinePreview>;
export type PipelineDto = z.infer<typeof pipelineDto>;
