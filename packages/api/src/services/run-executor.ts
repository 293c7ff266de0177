import { ACTIVE_RUN_STATUSES, ORPHANED_RUN_ERROR, recoverOrphanedRuns, Sync, SyncRun, type Store } from '@pipecraft/store';
import { isEngineError } from '@pipecraft/sync-engine';
import { AppError, GENERIC_INTERNAL_MESSAGE } from '../errors.js';
import type { Logger } from '../logger.js';
import { toEngineConfig } from './connection-config.js';
import type { SyncEnginePort } from './engine-port.js';
import { KeyedMutex } from './keyed-mutex.js';

export interface RunExecutorDeps {
  store: Store;
  engine: SyncEnginePort;
  logger: Logger;
  connectTimeoutMs: number;
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

/**
 * Owns background runs: starts them (at most one active per sync), feeds live progress into the
 * store, records the outcome, and on `shutdown()` aborts what is active and waits for it.
 */
export class RunExecutor {
  readonly #deps: RunExecutorDeps;
  readonly #startLock = new KeyedMutex();
  /** Active runs of this process, by sync id. */
  readonly #active = new Map<string, ActiveRun>();
  #shuttingDown = false;

  constructor(deps: RunExecutorDeps) {
    this.#deps = deps;
  }

  /**
   * Creates a pending run and returns its id at once; the run continues in the background.
   * Race-free: the per-sync lock serialises the check-then-insert, and the store check also sees
   * runs this process did not start. A second start while one is active is RUN_ALREADY_ACTIVE.
   */
  async start(syncId: string): Promise<{ runId: string }> {
    if (this.#shuttingDown) throw new AppError('SHUTTING_DOWN', 'PipeCraft is shutting down; start the run again once it is back.');
    return this.#startLock.runExclusive(syncId, async () => {
      const em = this.#deps.store.em();
      const sync = await em.findOne(Sync, syncId);
      if (!sync) throw new AppError('NOT_FOUND', 'This sync does not exist (it may have been deleted).');
      const active = await em.findOne(
        SyncRun,
        { sync: syncId, status: { $in: [...ACTIVE_RUN_STATUSES] } },
        { orderBy: { createdAt: 'desc' } },
      );
      if (active) {
        throw new AppError(
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

  /** Whether this process is executing a run of the sync right now. */
  isActive(syncId: string): boolean {
    return this.#active.has(syncId);
  }

  /** Marks runs a previous process left pending/running as failed. Call once at start, before serving. */
  async recoverOrphanedRuns(): Promise<number> {
    const count = await recoverOrphanedRuns(this.#deps.store.em());
    if (count > 0) this.#deps.logger.warn('Marked runs interrupted by a previous stop as failed', { count });
    return count;
  }

  /** Refuses new runs, aborts active ones (the engine rolls back), and waits until each is recorded failed. */
  async shutdown(): Promise<void> {
    this.#shuttingDown = true;
    const active = [...this.#active.values()];
    for (const run of active) run.controller.abort(new AppError('ABORTED', SHUTDOWN_MESSAGE));
    const grace = this.#deps.shutdownGraceMs ?? 10_000;
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
      this.#deps.logger.warn('Runs did not stop within the shutdown grace period', { runs: active.map((r) => r.runId) });
      await this.#deps.store.em().nativeUpdate(
        SyncRun,
        { id: { $in: active.map((r) => r.runId) }, status: { $in: [...ACTIVE_RUN_STATUSES] } },
        { status: 'failed', finishedAt: new Date(), errorCode: ORPHANED_RUN_ERROR.code, errorMessage: SHUTDOWN_MESSAGE },
      );
    }
  }

  async #execute(runId: string, syncId: string, signal: AbortSignal): Promise<void> {
    const { store, engine, logger } = this.#deps;
    const startedAt = new Date();
    const progress = new ProgressWriter(store, runId, this.#deps.progressIntervalMs ?? 500, logger);
    try {
      const em = store.em();
      const sync = await em.findOneOrFail(Sync, syncId);
      const source = toEngineConfig(sync.sourceConnection, store.secrets, this.#deps.connectTimeoutMs);
      const destination = toEngineConfig(sync.destinationConnection, store.secrets, this.#deps.connectTimeoutMs);
      await store.em().nativeUpdate(SyncRun, { id: runId }, { status: 'running', startedAt });
      logger.info('Run started', { runId, syncId });
      const result = await engine.runSync({
        source: { connection: source, table: { schema: sync.sourceSchema, table: sync.sourceTable } },
        destination: { connection: destination, table: { schema: sync.destinationSchema, table: sync.destinationTable } },
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
      logger.info('Run succeeded', { runId, syncId, rows: result.rowsWritten, ms: finishedAt.getTime() - startedAt.getTime() });
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
          { status: 'failed', finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime(), errorCode: code, errorMessage: message },
        )
        .catch((storeError: unknown) => logger.error('Could not record a failed run', { runId, error: storeError }));
    }
  }
}

/** What a failed run records: the engine's code and message, ours, or a generic one. */
function describeFailure(error: unknown, signal: AbortSignal): { code: string; message: string } {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof AppError) return { code: ORPHANED_RUN_ERROR.code, message: reason.message };
  }
  if (isEngineError(error) || error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: GENERIC_INTERNAL_MESSAGE };
}

/**
 * Writes `rowsCopied` at most every `intervalMs`, one write in flight at a time, and only while
 * the run is `running`, so a late progress write can never overwrite the final status.
 */
class ProgressWriter {
  readonly #store: Store;
  readonly #runId: string;
  readonly #intervalMs: number;
  readonly #logger: Logger;
  #latest = 0;
  #written = 0;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(store: Store, runId: string, intervalMs: number, logger: Logger) {
    this.#store = store;
    this.#runId = runId;
    this.#intervalMs = intervalMs;
    this.#logger = logger;
  }

  report(rowsCopied: number): void {
    this.#latest = rowsCopied;
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#flush();
    }, this.#intervalMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight;
  }

  #flush(): void {
    if (this.#stopped || this.#latest === this.#written) return;
    const rows = this.#latest;
    this.#inFlight = this.#inFlight
      .then(() => this.#store.em().nativeUpdate(SyncRun, { id: this.#runId, status: 'running' }, { rowsCopied: rows }))
      .then(() => {
        this.#written = rows;
      })
      .catch((error: unknown) => this.#logger.warn('Could not record run progress', { runId: this.#runId, error }));
  }
}
