import type { Logger } from '@pipecraft/logger';
import { ACTIVE_RUN_STATUSES, Sync, SyncRun, type Store } from '@pipecraft/store';
import type { Queue } from 'bullmq';
import { KeyedMutex } from '../keyed-mutex.js';
import { RunnerError } from '../runner-error.js';
import { snapshotOf } from '../run-snapshot.js';
import type { RunnerPort } from '../runner-port.js';
import { openRunQueue, RUN_JOB_NAME, type RunJobData, type RunQueueOptions } from './run-queue.js';

export interface QueueRunnerOptions {
  store: Store;
  logger: Logger;
  queue: RunQueueOptions;
  /** How long `cancel()` waits for the worker holding a run to record it, in ms. Default 30 000. */
  cancelWaitMs?: number;
  /** How often `cancel()` looks at the run while it waits, in ms. Default 200. */
  cancelPollMs?: number;
}

const CANCEL_MESSAGE = 'The run was cancelled; the destination kept its previous rows.';

/**
 * The API's `RunnerPort` in distributed mode: `start()` records the run as `queued` and adds a job
 * to the queue; workers (`apps/worker`) claim and execute it. Nothing executes in this process.
 * `cancel()` settles a queued run itself and asks the worker holding an active one, through the
 * run's `cancelRequestedAt`, which that worker polls.
 */
export class QueueRunner implements RunnerPort {
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #queue: Queue<RunJobData>;
  readonly #cancelWaitMs: number;
  readonly #cancelPollMs: number;
  readonly #startLock = new KeyedMutex();
  #shuttingDown = false;

  constructor(options: QueueRunnerOptions) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#queue = openRunQueue(options.queue);
    this.#cancelWaitMs = options.cancelWaitMs ?? 30_000;
    this.#cancelPollMs = options.cancelPollMs ?? 200;
  }

  async start(syncId: string): Promise<{ runId: string }> {
    if (this.#shuttingDown)
      throw new RunnerError('SHUTTING_DOWN', 'PipeCraft is shutting down; start the run again once it is back.');
    return this.#startLock.runExclusive(syncId, async () => {
      const em = this.#store.em();
      const sync = await em.findOne(Sync, syncId, { populate: ['sourceConnection', 'destinationConnection'] });
      if (!sync) throw new RunnerError('NOT_FOUND', 'This sync does not exist (it may have been deleted).');
      const active = await em.findOne(SyncRun, { sync: syncId, status: { $in: [...ACTIVE_RUN_STATUSES] } });
      if (active) {
        throw new RunnerError(
          'RUN_ALREADY_ACTIVE',
          `Sync "${sync.name}" is already running (run ${active.id}); wait for it to finish.`,
        );
      }
      const run = em.create(SyncRun, { sync, status: 'queued', rowsCopied: 0, ...snapshotOf(sync) });
      await em.flush();
      try {
        await this.#queue.add(RUN_JOB_NAME, { runId: run.id }, { jobId: run.id });
      } catch (error) {
        this.#logger.error('Could not add a run to the queue', { runId: run.id, error });
        await this.#store.em().nativeUpdate(
          SyncRun,
          { id: run.id, status: 'queued' },
          {
            status: 'failed',
            finishedAt: new Date(),
            errorCode: 'QUEUE_UNAVAILABLE',
            errorMessage: 'The run queue could not be reached, so the run never started; start it again.',
          },
        );
        throw new RunnerError('QUEUE_UNAVAILABLE', 'The run queue cannot be reached right now; try again shortly.', {
          cause: error,
        });
      }
      return { runId: run.id };
    });
  }

  async cancel(runId: string): Promise<{ cancelled: boolean }> {
    const em = this.#store.em();
    const run = await em.findOne(SyncRun, runId);
    if (!run) throw new RunnerError('NOT_FOUND', 'This run does not exist (its sync may have been deleted).');
    // Still waiting for a worker: settle it here; a worker that takes the job later finds it gone.
    // Recorded `cancelled`, as the worker (and the in-process executor) record a cancelled run.
    const settled = await em.nativeUpdate(
      SyncRun,
      { id: runId, status: 'queued' },
      { status: 'cancelled', finishedAt: new Date(), errorCode: 'CANCELLED', errorMessage: CANCEL_MESSAGE },
    );
    if (settled === 1) {
      await this.#queue.remove(runId).catch(() => undefined);
      return { cancelled: true };
    }
    const asked = await em.nativeUpdate(
      SyncRun,
      { id: runId, status: { $in: ['pending', 'running'] } },
      { cancelRequestedAt: new Date() },
    );
    if (asked === 0) return { cancelled: false };
    this.#logger.info('Run cancel requested from the worker holding it', { runId, workerId: run.workerId });
    const deadline = Date.now() + this.#cancelWaitMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, this.#cancelPollMs));
      const now = await this.#store.em().findOne(SyncRun, runId, { fields: ['status', 'errorCode'] });
      if (!now || !(ACTIVE_RUN_STATUSES as readonly string[]).includes(now.status))
        return { cancelled: now?.errorCode === 'CANCELLED' };
    }
    return { cancelled: false };
  }

  /** Refuses new runs and closes the queue connection; runs already queued stay for the workers. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    await this.#queue.close();
  }
}
