import { z } from 'zod';
import { idSchema } from './common.js';

/** What a schedule starts: a sync or a pipeline, exactly one. */
export const scheduleTargetInput = z
  .object({ syncId: idSchema.optional(), pipelineId: idSchema.optional() })
  .refine((target) => (target.syncId === undefined) !== (target.pipelineId === undefined), {
    message: 'Give either a sync or a pipeline.',
    path: ['syncId'],
  });

const cronSchema = z.string().trim().min(1, 'A cron expression is required.').max(120, 'At most 120 characters.');
const timeZoneSchema = z.string().trim().min(1, 'A time zone is required.').max(64, 'At most 64 characters.');

export const explainScheduleInput = z.object({ cron: cronSchema, timeZone: timeZoneSchema });

export const saveScheduleInput = z
  .object({
    syncId: idSchema.optional(),
    pipelineId: idSchema.optional(),
    /** Five fields: minute hour day-of-month month day-of-week, e.g. `0 2 * * *`. */
    cron: cronSchema,
    /** IANA name, e.g. `Europe/Paris`. */
    timeZone: timeZoneSchema,
    paused: z.boolean().default(false),
  })
  .refine((target) => (target.syncId === undefined) !== (target.pipelineId === undefined), {
    message: 'Give either a sync or a pipeline.',
    path: ['syncId'],
  });

export const setSchedulePausedInput = z.object({ id: idSchema, paused: z.boolean() });

export const scheduleExplanation = z.object({
  /** The expression in words, with its zone: "At 02:00 (Europe/Paris)". */
  description: z.string(),
  /** The next three times it fires (none while paused). */
  nextRuns: z.array(z.date()),
});

export const scheduleDto = scheduleExplanation.extend({
  id: z.string(),
  syncId: z.string().nullable(),
  pipelineId: z.string().nullable(),
  cron: z.string(),
  timeZone: z.string(),
  paused: z.boolean(),
  lastFiredAt: z.date().nullable(),
});

export type ScheduleDto = z.infer<typeof scheduleDto>;
export type SaveScheduleInput = z.infer<typeof saveScheduleInput>;
