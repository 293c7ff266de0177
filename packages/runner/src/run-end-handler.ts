import type { Logger } from '@pipecraft/logger';
import { Sync, type Store } from '@pipecraft/store';
import type { FinishedRun, RunNotifier } from './notify/run-notifier.js';
import { isRetryableFailure, planRetry, type RetryPlan } from './run-retries.js';
import type { RunFields } from './settle-unrecorded-run.js';

/** A run whose outcome this process has just recorded. */
export interface EndedRun {
  runId: string;
  syncId: string;
  /** 1 for a first attempt; retries count on. */
  attempt: number;
  /** The fields as recorded. */
  fields: RunFields;
  /** Settled by the lease reaper because its worker stopped renewing its claim. */
  workerLost?: boolean | undefined;
}

/**
 * Creates the retry run an executor's own way (the in-process executor claims it and waits out the
 * backoff on a timer; a queue worker queues it with a delayed job). Resolves `null` when it is not
 * the time for one (the executor is stopping, the retry exists already); throws when it cannot.
 */
export type RetryStarter = (syncId: string, plan: RetryPlan) => Promise<{ runId: string } | null>;

export interface RunEndHandlerOptions {
  store: Store;
  logger: Logger;
  /** Told about every ended run (webhooks, metrics). */
  notifiers: readonly RunNotifier[];
  startRetry: RetryStarter;
}

/**
 * The one place that reacts to "a run ended", whichever executor ran it (the in-process
 * `RunExecutor`, a `QueueWorker`, the lease reaper settling a dead worker's run): it tells the
 * notifiers, then starts the next attempt when the sync's retry policy allows one. Call it once per
 * run, from the process whose write recorded the outcome, so each run is announced and retried once.
 */
export class RunEndHandler {
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #notifiers: readonly RunNotifier[];
  readonly #startRetry: RetryStarter;

  constructor(options: RunEndHandlerOptions) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#notifiers = options.notifiers;
    this.#startRetry = options.startRetry;
  }

  /** Never throws: a failed notifier or retry is logged, the outcome stays recorded. */
  async ended(run: EndedRun): Promise<void> {
    this.#notify(finishedRun(run));
    if (run.fields.status === 'failed') await this.#retry(run);
  }

  #notify(run: FinishedRun): void {
    for (const notifier of this.#notifiers) {
      try {
        notifier.runFinished(run);
      } catch (error) {
        this.#logger.warn('A run notifier failed', { runId: run.runId, error });
      }
    }
  }

  async #retry(run: EndedRun): Promise<void> {
    const failed = {
      runId: run.runId,
      attempt: run.attempt,
      errorCode: run.fields.errorCode,
      workerLost: run.workerLost,
    };
    // Most failures are not transient: they need no read of the sync.
    if (!isRetryableFailure(failed)) return;
    try {
      const sync = await this.#store.em().findOne(Sync, run.syncId);
      const plan = sync ? planRetry(sync, failed) : null;
      if (!plan) return;
      const started = await this.#startRetry(run.syncId, plan);
      if (started)
        this.#logger.info('Retry claimed after a transient failure', {
          runId: started.runId,
          retryOf: run.runId,
          attempt: plan.attempt,
          delayMs: plan.delayMs,
          code: run.fields.errorCode ?? null,
          workerLost: run.workerLost ?? false,
        });
    } catch (error) {
      // Someone started the sync meanwhile, it was deleted, or the queue is unreachable: no retry.
      this.#logger.warn('No retry after a transient failure', { runId: run.runId, error });
    }
  }
}

/**
 * One place turns "failed because someone cancelled it" into its own status, whichever path
 * (queued, running, settled by the run marker) and whichever executor produced it.
 */
export function recordedFields(fields: RunFields): RunFields {
  return fields.status === 'failed' && fields.errorCode === 'CANCELLED' ? { ...fields, status: 'cancelled' } : fields;
}

/** What notifiers hear of a recorded outcome. */
function finishedRun({ runId, syncId, fields }: EndedRun): FinishedRun {
  return {
    runId,
    syncId,
    status: fields.status,
    durationMs: fields.durationMs ?? null,
    rowsCopied: fields.status === 'success' ? (fields.rowsCopied ?? 0) : 0,
    errorCode: fields.errorCode ?? null,
  };
}
