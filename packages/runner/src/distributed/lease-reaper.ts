import { randomUUID } from 'node:crypto';
import type { Logger } from '@pipecraft/logger';
import { SyncRun, type Store } from '@pipecraft/store';
import { settleRun, type RunExecution } from '../execute-run.js';

/**
 * Settles runs whose worker stopped renewing its lease (killed, frozen, cut off from the store):
 * first it takes the run over with a conditional UPDATE that replaces the lease token — from then
 * on the old holder's writes match nothing — then it reads the destination's run marker and records
 * what it shows (docs/decisions/104): the rows landed → success; otherwise failed, `INTERRUPTED`,
 * the destination kept its previous rows. Any worker (and the API server) may reap; the takeover
 * makes sure only one of them settles a run.
 */
export class LeaseReaper {
  readonly #execution: Pick<RunExecution, 'store' | 'engine' | 'connectTimeoutMs' | 'logger'>;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(
    execution: Pick<RunExecution, 'store' | 'engine' | 'connectTimeoutMs' | 'logger'>,
    logger: Logger,
    now: () => number,
  ) {
    this.#execution = execution;
    this.#logger = logger;
    this.#now = now;
  }

  /** One pass; returns the ids of the runs this call settled. */
  async reapOnce(): Promise<string[]> {
    const store: Store = this.#execution.store;
    const expired = await store
      .em()
      .find(
        SyncRun,
        { status: { $in: ['pending', 'running'] }, leaseExpiresAt: { $lt: new Date(this.#now()) } },
        { populate: ['sync', 'sync.destinationConnection'] },
      );
    const settled: string[] = [];
    for (const run of expired) {
      const reaperToken = randomUUID();
      const taken = await store
        .em()
        .nativeUpdate(
          SyncRun,
          { id: run.id, leaseToken: run.leaseToken, leaseExpiresAt: { $lt: new Date(this.#now()) } },
          { leaseToken: reaperToken },
        );
      if (taken === 0) continue; // renewed meanwhile, or another reaper has it
      const fields = await settleRun(this.#execution, run.id, run.status === 'running', run.sync, 'recovery');
      const detail =
        fields.status === 'failed' && fields.errorCode === 'INTERRUPTED'
          ? {
              errorMessage: `Worker ${run.workerId ?? '?'} stopped renewing its claim on this run (it was killed or cut off); checked afterwards, the destination kept its previous rows.`,
            }
          : {};
      await store
        .em()
        .nativeUpdate(SyncRun, { id: run.id, leaseToken: reaperToken }, { ...fields, ...detail, leaseExpiresAt: null });
      this.#logger.warn('Settled a run whose worker lost its lease', {
        runId: run.id,
        workerId: run.workerId,
        status: fields.status,
        code: fields.errorCode ?? null,
      });
      settled.push(run.id);
    }
    return settled;
  }
}
