import { z } from 'zod';
import { idSchema, identifierSchema } from './common.js';

export const schemasInput = z.object({ connectionId: idSchema });
export const tablesInput = z.object({ connectionId: idSchema, schema: identifierSchema });
export const columnsInput = z.object({ connectionId: idSchema, schema: identifierSchema, table: identifierSchema });

export const schemasOutput = z.array(z.string());

export const tableDto = z.object({
  name: z.string(),
  kind: z.enum(['table', 'view']),
  rowEstimate: z.number().nullable(),
  /** Bytes on disk (data and indexes); null for a view or when the server does not say. */
  sizeBytes: z.number().nullable(),
});

export const columnDto = z.object({
  name: z.string(),
  nativeType: z.string(),
  nullable: z.boolean(),
  primaryKeyPosition: z.number().nullable(),
  default: z.string().nullable(),
});

export type TableDto = z.infer<typeof tableDto>;
export type ColumnDto = z.infer<typeof columnDto>;
