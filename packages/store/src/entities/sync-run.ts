import { randomUUID } from 'node:crypto';
import { BigIntType, EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { RunStatus } from '../run-statuses.js';
import type { RunTrigger } from '../run-triggers.js';
import { Sync } from './sync.js';

export { RUN_STATUSES, ACTIVE_RUN_STATUSES, type RunStatus } from '../run-statuses.js';

/** One execution of a sync. */
export class SyncRun {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'id' | 'status' | 'rowsCopied' | 'createdAt' | 'attempt' | 'retryOf' | 'trigger';
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
  /**
   * JSON array of the engine's `ValueWarning`s (`{ column, policy, count, sampleKey }`): values
   * changed under a declared policy, one entry per column and policy; `null` when none.
   */
  valueWarningsJson: string | null = null;
  /**
   * JSON array of the engine's `SchemaChange`s (`{ column, change, sourceType, destinationType, action }`):
   * how the source's columns had drifted and what the drift policy did, on a successful run or one
   * refused for it; `null` when nothing had drifted.
   */
  schemaChangesJson: string | null = null;
  /** While active: the step the run is in (one of the engine's `RUN_PHASES`); `null` otherwise. */
  phase: string | null = null;
  /** JSON `RunPhaseRecord[]`: each step begun, in order, with its start and (once ended) duration. */
  phasesJson: string | null = null;
  /** Rows read from the source (live while running; on a failed run, how far it got). */
  rowsRead: number | null = null;
  /** The source's statistics-based row estimate at the copy's start; `null` when it has none. */
  rowEstimate: number | null = null;
  /** JSON `RunConfigSnapshot`: the sync as it was when the run was created, so history survives edits. */
  configJson: string | null = null;
  /** The snapshot's connection ids, as columns so history can be filtered by connection. */
  sourceConnectionId: string | null = null;
  destinationConnectionId: string | null = null;
  /** The worker (`pc_workers.id`) that claimed the run; `null` for runs executed in the server process. */
  workerId: string | null = null;
  /**
   * Fencing token of the worker's claim: every write the holder makes names it, so a worker whose
   * lease was taken away (it paused past `leaseExpiresAt`) can no longer change the run.
   */
  leaseToken: string | null = null;
  /** Until when the holding worker's claim is valid; it renews it while alive. */
  leaseExpiresAt: Date | null = null;
  /** Set by a cancel the holding worker may be in another process; it polls for it. */
  cancelRequestedAt: Date | null = null;
  /** 1 for the first attempt; each automatic retry is its own run with the next number. */
  attempt = 1;
  /** The run this one retries (the previous attempt's id); `null` for a first attempt. */
  retryOf: string | null = null;
  trigger: RunTrigger = 'manual';
}

/** One step of a run, as `phasesJson` holds it. */
export interface RunPhaseRecord {
  phase: string;
  startedAt: string;
  /** `null` while the step is under way (or when the run stopped in it without a recorded end). */
  durationMs: number | null;
}

/** The sync's configuration at the run's start, as `configJson` holds it. */
export interface RunConfigSnapshot {
  syncName: string;
  writeMode: string;
  source: { connectionId: string; connectionName: string; dialect: string; schema: string; table: string };
  destination: { connectionId: string; connectionName: string; dialect: string; schema: string; table: string };
}

export const SyncRunSchema = new EntitySchema<SyncRun>({
  class: SyncRun,
  tableName: 'pc_sync_runs',
  indexes: [
    { name: 'pc_sync_runs_sync_created_idx', properties: ['sync', 'createdAt'] },
    { name: 'pc_sync_runs_created_idx', properties: ['createdAt'] },
  ],
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
    valueWarningsJson: { type: 'text', nullable: true },
    schemaChangesJson: { type: 'text', nullable: true },
    phase: { type: 'string', length: 16, nullable: true },
    phasesJson: { type: 'text', nullable: true },
    rowsRead: { type: new BigIntType('number'), nullable: true },
    rowEstimate: { type: new BigIntType('number'), nullable: true },
    configJson: { type: 'text', nullable: true },
    sourceConnectionId: { type: 'string', length: 36, nullable: true },
    destinationConnectionId: { type: 'string', length: 36, nullable: true },
    workerId: { type: 'string', length: 128, nullable: true },
    leaseToken: { type: 'string', length: 36, nullable: true },
    leaseExpiresAt: { type: 'datetime', length: 3, nullable: true },
    cancelRequestedAt: { type: 'datetime', length: 3, nullable: true },
    attempt: { type: 'integer' },
    retryOf: { type: 'string', length: 36, nullable: true, fieldName: 'retry_of_id' },
    trigger: { type: 'string', length: 16, fieldName: 'run_trigger' },
  },
});
