import { randomUUID } from 'node:crypto';
import type { Logger } from '@pipecraft/logger';
import { SyncRun, type Store } from '@pipecraft/store';
import { settleRun, type RunExecution } from '../execute-run.js';
import type { EndedRun } from '../run-end-handler.js';

/**
 * Settles runs whose worker stopped renewing its lease (killed, frozen, cut off from the store):
 * first it takes the run over with a conditional UPDATE that replaces the lease token — from then
 * on the old holder's writes match nothing — then it reads the destination's run marker and records
 * what it shows (docs/decisions/104): the rows landed → success; otherwise failed, `INTERRUPTED`,
 * the destination kept its previous rows. Any worker (and the API server) may reap; the takeover
 * makes sure only one of them settles a run, and only the one whose settling write landed tells
 * `ended` — which announces the run and retries it under the sync's policy, so once (decision 162).
 */
export class LeaseReaper {
  readonly #execution: Pick<RunExecution, 'store' | 'engine' | 'connectTimeoutMs' | 'logger'>;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #ended: (run: EndedRun) => Promise<void>;

  constructor(
    execution: Pick<RunExecution, 'store' | 'engine' | 'connectTimeoutMs' | 'logger'>,
    logger: Logger,
    now: () => number,
    /** Told once per run this reaper settled (a `RunEndHandler`'s `ended`). Default: nothing. */
    ended: (run: EndedRun) => Promise<void> = () => Promise.resolve(),
  ) {
    this.#execution = execution;
    this.#logger = logger;
    this.#now = now;
    this.#ended = ended;
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
      const recorded = { ...fields, ...detail };
      const written = await store
        .em()
        .nativeUpdate(SyncRun, { id: run.id, leaseToken: reaperToken }, { ...recorded, leaseExpiresAt: null });
      if (written === 0) continue; // taken over again meanwhile: whoever holds it now records it
      this.#logger.warn('Settled a run whose worker lost its lease', {
        runId: run.id,
        workerId: run.workerId,
        status: fields.status,
        code: fields.errorCode ?? null,
      });
      settled.push(run.id);
      // A run someone asked to cancel is not retried, even though its worker died first.
      const workerLost = run.cancelRequestedAt === null;
      await this.#ended({ runId: run.id, syncId: run.sync.id, attempt: run.attempt, fields: recorded, workerLost });
    }
    return settled;
  }
}
