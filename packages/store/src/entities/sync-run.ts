import { randomUUID } from 'node:crypto';
import { BigIntType, EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { RunStatus } from '../run-statuses.js';
import { Sync } from './sync.js';

export { RUN_STATUSES, ACTIVE_RUN_STATUSES, type RunStatus } from '../run-statuses.js';

/** One execution of a sync. */
export class SyncRun {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'id' | 'status' | 'rowsCopied' | 'createdAt';
  id: string = randomUUID();
  sync!: Sync;
  status: RunStatus = 'pending';
  /** Live progress, written throttled while the run is active; the final count once done. */
  rowsCopied = 0;
  /** Rows the run added, rewrote and deleted (or soft-deleted); `null` before it succeeded. */
  rowsInserted: number | null = null;
  rowsUpdated: number | null = null;
  rowsDeleted: number | null = null;
  /** Rows in the destination after a successful run; `null` otherwise. */
  rowCount: number | null = null;
  createdAt: Date = new Date();
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
  durationMs: number | null = null;
  errorCode: string | null = null;
  errorMessage: string | null = null;
  /** While active: what the run is doing besides copying, e.g. "Waiting for a lock … held by pid 42 (…)"; `null` otherwise. */
  statusDetail: string | null = null;
  /** JSON array of strings (kept as text so all three store dialects treat it alike). */
  warningsJson: string | null = null;
}

export const SyncRunSchema = new EntitySchema<SyncRun>({
  class: SyncRun,
  tableName: 'pc_sync_runs',
  indexes: [{ name: 'pc_sync_runs_sync_created_idx', properties: ['sync', 'createdAt'] }],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    sync: { kind: 'm:1', entity: () => Sync, fieldName: 'sync_id' },
    status: { type: 'string', length: 16 },
    // Row counts can pass 2^31; a JS number is exact up to 2^53, far beyond any table we copy.
    rowsCopied: { type: new BigIntType('number') },
    rowCount: { type: new BigIntType('number'), nullable: true },
    rowsInserted: { type: new BigIntType('number'), nullable: true },
    rowsUpdated: { type: new BigIntType('number'), nullable: true },
    rowsDeleted: { type: new BigIntType('number'), nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    startedAt: { type: 'datetime', length: 3, nullable: true },
    finishedAt: { type: 'datetime', length: 3, nullable: true },
    durationMs: { type: 'integer', nullable: true },
    errorCode: { type: 'string', length: 64, nullable: true },
    errorMessage: { type: 'text', nullable: true },
    statusDetail: { type: 'text', nullable: true },
    warningsJson: { type: 'text', nullable: true },
  },
});
