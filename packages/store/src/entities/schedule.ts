import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { Pipeline } from './pipeline.js';
import { Sync } from './sync.js';

/**
 * When to start a sync or a pipeline on its own: a cron expression read in a time zone. Exactly
 * one of `sync` and `pipeline` is set.
 */
export class Schedule {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?:
    'id' | 'sync' | 'pipeline' | 'paused' | 'nextRunAt' | 'lastFiredAt' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  sync: Sync | null = null;
  pipeline: Pipeline | null = null;
  /** Five fields (minute hour day month weekday), or six with seconds first. */
  cron!: string;
  /** IANA zone the expression is read in, e.g. `Europe/Paris`. */
  timeZone!: string;
  paused = false;
  /**
   * The next time the schedule is due; `null` while paused. Schedulers claim a tick by moving it
   * forward with a conditional UPDATE, so two processes sharing a store fire it once.
   */
  nextRunAt: Date | null = null;
  /** When a scheduler last fired it (started or skipped a run). */
  lastFiredAt: Date | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const ScheduleSchema = new EntitySchema<Schedule>({
  class: Schedule,
  tableName: 'pc_schedules',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    sync: { kind: 'm:1', entity: () => Sync, fieldName: 'sync_id', nullable: true },
    pipeline: { kind: 'm:1', entity: () => Pipeline, fieldName: 'pipeline_id', nullable: true },
    cron: { type: 'string', length: 120 },
    timeZone: { type: 'string', length: 64 },
    paused: { type: 'boolean' },
    nextRunAt: { type: 'datetime', length: 3, nullable: true },
    lastFiredAt: { type: 'datetime', length: 3, nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});
