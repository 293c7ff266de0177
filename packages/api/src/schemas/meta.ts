import { z } from 'zod';
import { dialectSchema } from './connection.js';
import { writeModeSchema } from './sync.js';

/** A dialect as the UI offers it: the engine's name, a label for people and the usual port. */
export const dialectInfoDto = z.object({
  name: dialectSchema,
  label: z.string(),
  defaultPort: z.number().int(),
});

/** A write mode as the UI offers it: the engine's name, a label and what it does to the destination. */
export const writeModeInfoDto = z.object({
  name: writeModeSchema,
  label: z.string(),
  description: z.string(),
});

export type DialectInfoDto = z.infer<typeof dialectInfoDto>;
export type WriteModeInfoDto = z.infer<typeof writeModeInfoDto>;
