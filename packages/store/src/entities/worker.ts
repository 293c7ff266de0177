import { EntitySchema, LockMode, OptionalProps, type EntityManager } from '@mikro-orm/core';
import type { StoreDialect } from '../config/store-location.js';

/**
 * A worker process (`apps/worker`) that takes runs from the distributed queue. It writes its
 * heartbeat here every few seconds; a worker whose heartbeat is older than the run lease is dead,
 * and the runs it held are settled by whichever process reaps them.
 */
export class Worker {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'activeRuns' | 'startedAt' | 'heartbeatAt' | 'stoppedAt';
  /** `<hostname>-<pid>-<random>`: unique per process start, shown on the runs it executed. */
  id!: string;
  hostname!: string;
  pid!: number;
  /** Runs this process executes at once (its `PIPECRAFT_WORKER_CONCURRENCY`). */
  concurrency!: number;
  /** Runs it held at its last heartbeat. */
  activeRuns = 0;
  startedAt: Date = new Date();
  heartbeatAt: Date = new Date();
  /** Set by a graceful stop; a killed worker never sets it (its heartbeat just ages). */
  stoppedAt: Date | null = null;
}

export const WorkerSchema = new EntitySchema<Worker>({
  class: Worker,
  tableName: 'pc_workers',
  indexes: [{ name: 'pc_workers_heartbeat_idx', properties: ['heartbeatAt'] }],
  properties: {
    id: { type: 'string', length: 128, primary: true },
    hostname: { type: 'string', length: 255 },
    pid: { type: 'integer' },
    concurrency: { type: 'integer' },
    activeRuns: { type: 'integer' },
    startedAt: { type: 'datetime', length: 3 },
    heartbeatAt: { type: 'datetime', length: 3 },
    stoppedAt: { type: 'datetime', length: 3, nullable: true },
  },
});

/**
 * The one row every run claim locks (`SELECT … FOR UPDATE`) so that counting active runs against
 * the caps and claiming one happen as a unit across all workers. SQLite serialises writers anyway.
 */
class RunClaimLock {
  id!: string;
}

/** The id of the single row. */
const RUN_CLAIM_LOCK_ID = 'runs';

export const RunClaimLockSchema = new EntitySchema<RunClaimLock>({
  class: RunClaimLock,
  tableName: 'pc_run_claim_lock',
  properties: { id: { type: 'string', length: 16, primary: true } },
});

/**
 * Takes the run-claim lock for the rest of `em`'s transaction (`SELECT … FOR UPDATE` on the one
 * row). SQLite has no row locks; its single writer already serialises claims.
 */
export async function lockRunClaims(em: EntityManager, dialect: StoreDialect): Promise<void> {
  await em.findOneOrFail(
    RunClaimLock,
    RUN_CLAIM_LOCK_ID,
    dialect === 'sqlite' ? {} : { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
}
