import type { Logger } from '@pipecraft/logger';
import {
  ACTIVE_RUN_STATUSES,
  ORPHANED_RUN_ERROR,
  recoverOrphanedRuns,
  Sync,
  SyncRun,
  type Store,
} from '@pipecraft/store';
import { isEngineError } from '@pipecraft/sync-engine';
import { toEngineConfig } from './connection-config.js';
import { KeyedMutex } from './keyed-mutex.js';
import { ProgressWriter } from './progress-writer.js';
import { defaultRunEngine, type RunEngine } from './run-engine.js';
import { GENERIC_INTERNAL_MESSAGE, RunnerError } from './runner-error.js';
import type { RunnerPort } from './runner-port.js';

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
  /** How long `shutdown()` waits for aborted runs before marking them failed itself, in ms. Default 10 000. */
  shutdownGraceMs?: number;
}

interface ActiveRun {
  runId: string;
  controller: AbortController;
  done: Promise<void>;
}

/** The message a run aborted by a shutdown keeps. */
const SHUTDOWN_MESSAGE = ORPHANED_RUN_ERROR.message;
/** The message a run aborted by `cancel()` keeps. */
const CANCEL_MESSAGE = 'The run was cancelled; the destination kept its previous rows.';

/**
 * The in-process runner: starts runs in the background (at most one active per sync), feeds live
 * progress into the store, records the outcome, cancels on request, marks runs a previous process
 * left active as failed, and on `shutdown()` aborts what is active and waits for it.
 */
export class RunExecutor implements RunnerPort {
  readonly #store: Store;
  readonly #engine: RunEngine;
  readonly #logger: Logger;
  readonly #connectTimeoutMs: number | undefined;
  readonly #progressIntervalMs: number;
  readonly #shutdownGraceMs: number;
  readonly #startLock = new KeyedMutex();
  /** Active runs of this process, by sync id. */
  readonly #active = new Map<string, ActiveRun>();
  #shuttingDown = false;

  constructor(options: RunExecutorOptions) {
    this.#store = options.store;
    this.#engine = options.engine ?? defaultRunEngine;
    this.#logger = options.logger;
    this.#connectTimeoutMs = options.connectTimeoutMs;
    this.#progressIntervalMs = options.progressIntervalMs ?? 500;
    this.#shutdownGraceMs = options.shutdownGraceMs ?? 10_000;
  }

  /**
   * Creates a pending run and returns its id at once; the run continues in the background.
   * Race-free: the per-sync lock serialises the check-then-insert, and the store check also sees
   * runs this process did not start. A second start while one is active is RUN_ALREADY_ACTIVE.
   */
  async start(syncId: string): Promise<{ runId: string }> {
    if (this.#shuttingDown)
      throw new RunnerError('SHUTTING_DOWN', 'PipeCraft is shutting down; start the run again once it is back.');
    return this.#startLock.runExclusive(syncId, async () => {
      const em = this.#store.em();
      const sync = await em.findOne(Sync, syncId);
      if (!sync) throw new RunnerError('NOT_FOUND', 'This sync does not exist (it may have been deleted).');
      const active = await em.findOne(
        SyncRun,
        { sync: syncId, status: { $in: [...ACTIVE_RUN_STATUSES] } },
        { orderBy: { createdAt: 'desc' } },
      );
      if (active) {
        throw new RunnerError(
          'RUN_ALREADY_ACTIVE',
          `Sync "${sync.name}" is already running (run ${active.id}); wait for it to finish.`,
        );
      }
      const run = em.create(SyncRun, { sync, status: 'pending', rowsCopied: 0 });
      await em.flush();
      const controller = new AbortController();
      const entry: ActiveRun = { runId: run.id, controller, done: Promise.resolve() };
      this.#active.set(syncId, entry);
      entry.done = this.#execute(run.id, syncId, controller.signal).finally(() => {
        if (this.#active.get(syncId) === entry) this.#active.delete(syncId);
      });
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
    // The run may have finished on its own while the abort was on its way.
    const run = await this.#store.em().findOne(SyncRun, runId);
    return { cancelled: run?.errorCode === 'CANCELLED' };
  }

  /** Marks runs a previous process left pending/running as failed. Call once at start, before serving. */
  async recoverOrphanedRuns(): Promise<number> {
    const count = await recoverOrphanedRuns(this.#store.em());
    if (count > 0) this.#logger.warn('Marked runs interrupted by a previous stop as failed', { count });
    return count;
  }

  /** Refuses new runs, aborts active ones (the engine rolls back), and waits until each is recorded failed. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    const active = [...this.#active.values()];
    for (const run of active) run.controller.abort(new RunnerError(ORPHANED_RUN_ERROR.code, SHUTDOWN_MESSAGE));
    const grace = this.#shutdownGraceMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.allSettled(active.map((run) => run.done)).then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), grace);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      // The engine did not stop in time; record the runs failed so the store tells the truth.
      this.#logger.warn('Runs did not stop within the shutdown grace period', { runs: active.map((r) => r.runId) });
      await this.#store.em().nativeUpdate(
        SyncRun,
        { id: { $in: active.map((r) => r.runId) }, status: { $in: [...ACTIVE_RUN_STATUSES] } },
        {
          status: 'failed',
          finishedAt: new Date(),
          errorCode: ORPHANED_RUN_ERROR.code,
          errorMessage: SHUTDOWN_MESSAGE,
        },
      );
    }
  }

  async #execute(runId: string, syncId: string, signal: AbortSignal): Promise<void> {
    const store = this.#store;
    const logger = this.#logger;
    const startedAt = new Date();
    const progress = new ProgressWriter(store, runId, this.#progressIntervalMs, logger);
    try {
      const em = store.em();
      const sync = await em.findOneOrFail(Sync, syncId);
      const source = toEngineConfig(sync.sourceConnection, store.secrets, this.#connectTimeoutMs);
      const destination = toEngineConfig(sync.destinationConnection, store.secrets, this.#connectTimeoutMs);
      await store.em().nativeUpdate(SyncRun, { id: runId }, { status: 'running', startedAt });
      logger.info('Run started', { runId, syncId });
      const result = await this.#engine.runSync({
        source: { connection: source, table: { schema: sync.sourceSchema, table: sync.sourceTable } },
        destination: {
          connection: destination,
          table: { schema: sync.destinationSchema, table: sync.destinationTable },
        },
        writeMode: sync.writeMode,
        onProgress: ({ rowsCopied }) => progress.report(rowsCopied),
        signal,
      });
      await progress.stop();
      const finishedAt = new Date();
      await store.em().nativeUpdate(
        SyncRun,
        { id: runId },
        {
          status: 'success',
          rowsCopied: result.rowsWritten,
          rowCount: result.rowsWritten,
          finishedAt,
          durationMs: finishedAt.getTime() - startedAt.getTime(),
          warningsJson: result.warnings.length > 0 ? JSON.stringify(result.warnings) : null,
        },
      );
      logger.info('Run succeeded', {
        runId,
        syncId,
        rows: result.rowsWritten,
        ms: finishedAt.getTime() - startedAt.getTime(),
      });
    } catch (error) {
      await progress.stop();
      const { code, message } = describeFailure(error, signal);
      if (code === 'INTERNAL') logger.error('Run failed unexpectedly', { runId, syncId, error });
      else logger.warn('Run failed', { runId, syncId, code, message });
      const finishedAt = new Date();
      await store
        .em()
        .nativeUpdate(
          SyncRun,
          { id: runId },
          {
            status: 'failed',
            finishedAt,
            durationMs: finishedAt.getTime() - startedAt.getTime(),
            errorCode: code,
            errorMessage: message,
          },
        )
        .catch((storeError: unknown) => logger.error('Could not record a failed run', { runId, error: storeError }));
    }
  }
}

/** What a failed run records: the abort reason, the engine's code and message, ours, or a generic one. */
function describeFailure(error: unknown, signal: AbortSignal): { code: string; message: string } {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof RunnerError) return { code: reason.code, message: reason.message };
  }
  if (isEngineError(error) || error instanceof RunnerError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: GENERIC_INTERNAL_MESSAGE };
}
