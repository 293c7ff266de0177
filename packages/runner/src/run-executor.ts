import type { Logger } from '@pipecraft/logger';
import { ACTIVE_RUN_STATUSES, Sync, SyncRun, type Store } from '@pipecraft/store';
import { executeRun, settleRun, type RunExecution } from './execute-run.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { FinishedRun, RunNotifier } from './notify/run-notifier.js';
import { DEFAULT_RECORD_RETRY, recordWithRetry, type RetryPolicy } from './record-with-retry.js';
import { defaultRunEngine, type RunEngine } from './run-engine.js';
import { RunCaps, type RunCapLimits } from './run-caps.js';
import { RunnerError } from './runner-error.js';
import type { RunnerPort } from './runner-port.js';
import { snapshotOf } from './run-snapshot.js';
import type { RunFields } from './settle-unrecorded-run.js';

export interface RunExecutorOptions {
  /** An opened (and migrated) store. */
  store: Store;
  logger: Logger;
  /** Default: the real `@pipecraft/sync-engine`. */
  engine?: RunEngine;
  /** Upper bound for reaching a user database, in ms. Default: the engine's own. */
  connectTimeoutMs?: number;
  /** How often live progress is written to the store, in ms. Default 500. */
  progressIntervalMs?: number;
  /** How long `shutdown()` waits for aborted runs before settling them itself, in ms. Default 10 000. */
  shutdownGraceMs?: number;
  /** Retries of the store write that records a run's outcome. Default `DEFAULT_RECORD_RETRY`. */
  recordRetry?: Partial<RetryPolicy>;
  /** How long a run waits for a lock on its destination table before LOCK_TIMEOUT, in ms. Default: the engine's (5 minutes). */
  lockWaitMs?: number;
  /** Concurrent run caps; runs over them wait as `queued`. Default 4 in all, 2 per connection. */
  caps?: Partial<RunCapLimits>;
  /** Told about every run once its outcome is recorded (webhooks, metrics). Default none. */
  notifiers?: readonly RunNotifier[];
}

interface ActiveRun {
  runId: string;
  syncId: string;
  controller: AbortController;
  /** The connections the run holds a session on (counted by the per-connection cap). */
  connectionIds: string[];
  /** Settles once the outcome is recorded (or recording gave up). */
  done: Promise<void>;
}

/** The message a run aborted by a shutdown keeps (after the destination was checked). */
const SHUTDOWN_MESSAGE = 'PipeCraft stopped while this run was active; the destination kept its previous rows.';
/** The message a run aborted by `cancel()` keeps. */
const CANCEL_MESSAGE = 'The run was cancelled; the destination kept its previous rows.';
/** A queued run that never started. */
const NEVER_STARTED_MESSAGE = 'PipeCraft stopped before this run started; the destination was not touched.';

/**
 * The in-process runner: starts runs in the background (at most one active per sync, at most
 * `caps` at once; the rest wait as `queued` and start in order), feeds live progress into the
 * store, records the outcome (retrying while the store is down, and checking the destination's run
 * marker whenever a failure may have come after the commit), cancels on request, settles runs a
 * previous process left active by what the destination shows, and on `shutdown()` aborts what is
 * active and waits for it.
 */
export class RunExecutor implements RunnerPort {
  readonly #store: Store;
  readonly #execution: RunExecution;
  readonly #logger: Logger;
  readonly #shutdownGraceMs: number;
  readonly #retry: RetryPolicy;
  readonly #caps: RunCaps;
  readonly #notifiers: readonly RunNotifier[];
  readonly #startLock = new KeyedMutex();
  /** Runs of this process that are queued or hold a slot, by sync id. */
  readonly #active = new Map<string, ActiveRun>();
  /** Outcome writes still retrying (their run no longer holds a slot). */
  readonly #recording = new Set<Promise<unknown>>();
  #shuttingDown = false;

  constructor(options: RunExecutorOptions) {
    this.#store = options.store;
    this.#execution = {
      store: options.store,
      engine: options.engine ?? defaultRunEngine,
      logger: options.logger,
      connectTimeoutMs: options.connectTimeoutMs,
      progressIntervalMs: options.progressIntervalMs ?? 500,
      lockWaitMs: options.lockWaitMs,
    };
    this.#logger = options.logger;
    this.#shutdownGraceMs = options.shutdownGraceMs ?? 10_000;
    this.#retry = { ...DEFAULT_RECORD_RETRY, ...options.recordRetry };
    this.#caps = new RunCaps(options.caps);
    this.#notifiers = options.notifiers ?? [];
  }

  /** Runs holding a slot and runs waiting for one, in this process. */
  get load(): { running: number; queued: number } {
    return this.#caps.load;
  }

  /**
   * Creates a run (pending, or queued when the caps are reached) and returns its id at once; the
   * run continues in the background. Race-free: the per-sync lock serialises the check-then-insert,
   * and the store check also sees runs this process did not start. A second start while one is
   * active is RUN_ALREADY_ACTIVE.
   */
  async start(syncId: string): Promise<{ runId: string }> {
    if (this.#shuttingDown)
      throw new RunnerError('SHUTTING_DOWN', 'PipeCraft is shutting down; start the run again once it is back.');
    return this.#startLock.runExclusive(syncId, async () => {
      const em = this.#store.em();
      const sync = await em.findOne(Sync, syncId, { populate: ['sourceConnection', 'destinationConnection'] });
      if (!sync) throw new RunnerError('NOT_FOUND', 'This sync does not exist (it may have been deleted).');
      const active = await em.findOne(
        SyncRun,
        { sync: syncId, status: { $in: [...ACTIVE_RUN_STATUSES] } },
        { orderBy: { createdAt: 'desc' } },
      );
      if (active || this.#active.has(syncId)) {
        throw new RunnerError(
          'RUN_ALREADY_ACTIVE',
          `Sync "${sync.name}" is already running (run ${active?.id ?? this.#active.get(syncId)?.runId}); wait for it to finish.`,
        );
      }
      const connectionIds = [...new Set([sync.sourceConnection.id, sync.destinationConnection.id])];
      const admitted = this.#caps.tryAdmit(connectionIds);
      const run = em.create(SyncRun, {
        sync,
        status: admitted ? 'pending' : 'queued',
        rowsCopied: 0,
        ...snapshotOf(sync),
      });
      try {
        await em.flush();
      } catch (error) {
        if (admitted) this.#caps.release(connectionIds);
        throw error;
      }
      const entry: ActiveRun = {
        runId: run.id,
        syncId,
        controller: new AbortController(),
        connectionIds,
        done: Promise.resolve(),
      };
      this.#active.set(syncId, entry);
      const slot = admitted
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            this.#caps.enqueue(connectionIds, () => resolve(true));
            // Synchronously out of the queue, so no release() can hand this run a slot afterwards.
            entry.controller.signal.addEventListener(
              'abort',
              () => {
                this.#caps.dequeue(connectionIds);
                resolve(false);
              },
              { once: true },
            );
          });
      if (!admitted) this.#logger.info('Run queued: the concurrent run cap is reached', { runId: run.id, syncId });
      entry.done = this.#lifecycle(entry, slot, admitted);
      return { runId: run.id };
    });
  }

  /**
   * Aborts the run (the engine rolls back, the destination keeps its previous rows) and resolves
   * once it is recorded failed with code CANCELLED. A run that already finished is left alone, and
   * so is one active in another process (`cancelled: false` for both).
   */
  async cancel(runId: string): Promise<{ cancelled: boolean }> {
    const entry = [...this.#active.values()].find((run) => run.runId === runId);
    if (!entry) {
      const run = await this.#store.em().findOne(SyncRun, runId);
      if (!run) throw new RunnerError('NOT_FOUND', 'This run does not exist (its sync may have been deleted).');
      return { cancelled: false };
    }
    if (!entry.controller.signal.aborted) {
      this.#logger.info('Run cancel requested', { runId });
      entry.controller.abort(new RunnerError('CANCELLED', CANCEL_MESSAGE));
    }
    await entry.done;
    const run = await this.#store.em().findOne(SyncRun, runId);
    return { cancelled: run?.errorCode === 'CANCELLED' };
  }

  /**
   * Settles runs a previous process left queued, pending or running, by what the destination
   * shows: its run marker names the run → succeeded; it names another run or none → failed, the
   * destination kept its previous rows; unreachable → failed, outcome unknown. Call once at start,
   * before serving. Returns how many runs were settled.
   */
  async recoverOrphanedRuns(): Promise<number> {
    const em = this.#store.em();
    const orphans = await em.find(
      SyncRun,
      { status: { $in: [...ACTIVE_RUN_STATUSES] } },
      { populate: ['sync', 'sync.sourceConnection', 'sync.destinationConnection'] },
    );
    await Promise.all(
      orphans.map(async (run) => {
        const settled = await settleRun(this.#execution, run.id, run.status === 'running', run.sync, 'recovery');
        // Progress counted rows read; a failed run landed none of them.
        const counts = settled.status === 'failed' ? { rowsCopied: 0, rowsRead: run.rowsCopied } : {};
        const fields = { ...settled, ...counts, phase: null };
        const settledNow = await this.#store
          .em()
          .nativeUpdate(SyncRun, { id: run.id, status: { $in: [...ACTIVE_RUN_STATUSES] } }, fields);
        // An outcome like any other: webhooks and metrics hear of it (once: only the process that settled it).
        if (settledNow > 0) this.#notify(finishedRun(run.id, run.sync.id, fields));
        this.#logger.warn('Settled a run a previous stop left active', {
          runId: run.id,
          status: fields.status,
          code: fields.errorCode ?? null,
        });
      }),
    );
    if (orphans.length > 0)
      this.#logger.warn('Marked runs interrupted by a previous stop as settled', { count: orphans.length });
    return orphans.length;
  }

  /** Refuses new runs, aborts active and queued ones, and waits until each is recorded. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    const active = [...this.#active.values()];
    for (const run of active) run.controller.abort(new RunnerError('INTERRUPTED', SHUTDOWN_MESSAGE));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.allSettled([...active.map((run) => run.done), ...this.#recording]).then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.#shutdownGraceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      // The engine (or the store) did not settle in time. Leave what is still active to the next
      // start's recovery, which reads the destination instead of guessing.
      this.#logger.warn('Runs did not settle within the shutdown grace period; the next start settles them', {
        runs: active.map((r) => r.runId),
      });
    }
  }

  /** Wait for a slot (queued runs), run, release the slot, record. */
  async #lifecycle(entry: ActiveRun, slot: Promise<boolean>, admittedAtOnce: boolean): Promise<void> {
    const { runId, syncId, controller, connectionIds } = entry;
    let holdsSlot = admittedAtOnce;
    let fields: RunFields;
    try {
      if (await slot) {
        holdsSlot = true;
        fields = await executeRun(this.#execution, runId, syncId, controller.signal);
      } else {
        const reason: unknown = controller.signal.reason;
        fields = {
          status: 'failed',
          finishedAt: new Date(),
          errorCode: reason instanceof RunnerError ? reason.code : 'CANCELLED',
          errorMessage:
            reason instanceof RunnerError && reason.code === 'CANCELLED' ? CANCEL_MESSAGE : NEVER_STARTED_MESSAGE,
        };
      }
    } finally {
      // Whatever happened, the slot and the in-memory claim are released once the work has ended.
      if (holdsSlot) this.#caps.release(connectionIds);
      if (this.#active.get(syncId) === entry) this.#active.delete(syncId);
    }
    await this.#recordOutcome(runId, fields);
    this.#notify(finishedRun(runId, syncId, fields));
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

  /** Record the outcome, retrying while the store is unreachable; `shutdown()` waits for it. */
  async #recordOutcome(runId: string, fields: RunFields): Promise<void> {
    const write = recordWithRetry(
      () => this.#store.em().nativeUpdate(SyncRun, { id: runId }, fields),
      this.#retry,
      this.#logger,
      { runId, status: fields.status },
    );
    this.#recording.add(write);
    try {
      await write;
    } finally {
      this.#recording.delete(write);
    }
  }
}

/** What notifiers hear of a recorded outcome. */
function finishedRun(runId: string, syncId: string, fields: RunFields): FinishedRun {
  return {
    runId,
    syncId,
    status: fields.status,
    durationMs: fields.durationMs ?? null,
    rowsCopied: fields.status === 'success' ? (fields.rowsCopied ?? 0) : 0,
    errorCode: fields.errorCode ?? null,
  };
}
