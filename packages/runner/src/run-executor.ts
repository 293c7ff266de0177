import type { Logger } from '@pipecraft/logger';
import { ACTIVE_RUN_STATUSES, Sync, SyncRun, type Store } from '@pipecraft/store';
import type { ColumnMapping, ConnectionConfig, TableRef, Watermark } from '@pipecraft/sync-engine';
import { isEngineError } from '@pipecraft/sync-engine';
import { toEngineConfig } from './connection-config.js';
import { KeyedMutex } from './keyed-mutex.js';
import { ProgressWriter } from './progress-writer.js';
import { DEFAULT_RECORD_RETRY, recordWithRetry, type RetryPolicy } from './record-with-retry.js';
import { defaultRunEngine, type RunEngine } from './run-engine.js';
import { RunCaps, type RunCapLimits } from './run-caps.js';
import { GENERIC_INTERNAL_MESSAGE, RunnerError } from './runner-error.js';
import type { RunnerPort } from './runner-port.js';
import { settleUnrecordedRun, type RunFields } from './settle-unrecorded-run.js';

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

/** What a finished run records: its fields, and the watermark its sync moves to (cursor modes). */
interface RunOutcome {
  fields: RunFields;
  /** JSON of the watermark committed with the rows; absent = the sync's watermark stays. */
  watermarkJson?: string | null;
}

/** Codes raised before the destination could have been changed: no need to read the run marker. */
const BEFORE_WRITE_CODES = new Set([
  'NOT_FOUND',
  'SECRET_UNREADABLE',
  'CONNECTION_REFUSED',
  'AUTH_FAILED',
  'DATABASE_NOT_FOUND',
  'SCHEMA_NOT_FOUND',
  'TABLE_NOT_FOUND',
  'TYPE_UNSUPPORTED',
  'DESTINATION_MISMATCH',
  'SAME_TABLE',
  'LOCK_TIMEOUT',
  'PERMISSION_DENIED',
  'TIMEOUT',
]);

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
  readonly #engine: RunEngine;
  readonly #logger: Logger;
  readonly #connectTimeoutMs: number | undefined;
  readonly #progressIntervalMs: number;
  readonly #shutdownGraceMs: number;
  readonly #retry: RetryPolicy;
  readonly #caps: RunCaps;
  readonly #lockWaitMs: number | undefined;
  readonly #startLock = new KeyedMutex();
  /** Runs of this process that are queued or hold a slot, by sync id. */
  readonly #active = new Map<string, ActiveRun>();
  /** Outcome writes still retrying (their run no longer holds a slot). */
  readonly #recording = new Set<Promise<unknown>>();
  #shuttingDown = false;

  constructor(options: RunExecutorOptions) {
    this.#store = options.store;
    this.#engine = options.engine ?? defaultRunEngine;
    this.#logger = options.logger;
    this.#connectTimeoutMs = options.connectTimeoutMs;
    this.#progressIntervalMs = options.progressIntervalMs ?? 500;
    this.#shutdownGraceMs = options.shutdownGraceMs ?? 10_000;
    this.#retry = { ...DEFAULT_RECORD_RETRY, ...options.recordRetry };
    this.#caps = new RunCaps(options.caps);
    this.#lockWaitMs = options.lockWaitMs;
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
      const sync = await em.findOne(Sync, syncId);
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
      const run = em.create(SyncRun, { sync, status: admitted ? 'pending' : 'queued', rowsCopied: 0 });
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
        const fields = await this.#settle(run.id, run.status === 'running', run.sync, 'recovery');
        await this.#store.em().nativeUpdate(SyncRun, { id: run.id, status: { $in: [...ACTIVE_RUN_STATUSES] } }, fields);
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
    let outcome: RunOutcome;
    try {
      if (await slot) {
        holdsSlot = true;
        outcome = await this.#execute(runId, syncId, controller.signal);
      } else {
        const reason: unknown = controller.signal.reason;
        const fields: RunFields = {
          status: 'failed',
          finishedAt: new Date(),
          errorCode: reason instanceof RunnerError ? reason.code : 'CANCELLED',
          errorMessage:
            reason instanceof RunnerError && reason.code === 'CANCELLED' ? CANCEL_MESSAGE : NEVER_STARTED_MESSAGE,
        };
        outcome = { fields };
      }
    } finally {
      // Whatever happened, the slot and the in-memory claim are released once the work has ended.
      if (holdsSlot) this.#caps.release(connectionIds);
      if (this.#active.get(syncId) === entry) this.#active.delete(syncId);
    }
    await this.#recordOutcome(runId, syncId, outcome);
  }

  /**
   * Record the outcome — and the watermark the run committed, in the same store transaction —
   * retrying while the store is unreachable; `shutdown()` waits for it.
   */
  async #recordOutcome(runId: string, syncId: string, { fields, watermarkJson }: RunOutcome): Promise<void> {
    const write = recordWithRetry(
      () =>
        watermarkJson === undefined
          ? this.#store.em().nativeUpdate(SyncRun, { id: runId }, fields)
          : this.#store.em().transactional(async (em) => {
              await em.nativeUpdate(SyncRun, { id: runId }, fields);
              await em.nativeUpdate(Sync, { id: syncId }, { watermarkJson });
            }),
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

  /** Run the sync; returns what to record (never throws). */
  async #execute(runId: string, syncId: string, signal: AbortSignal): Promise<RunOutcome> {
    const store = this.#store;
    const logger = this.#logger;
    const startedAt = new Date();
    const progress = new ProgressWriter(store, runId, this.#progressIntervalMs, logger);
    let sync: Sync | null = null;
    let reachedEngine = false;
    try {
      if (signal.aborted) throw signal.reason;
      const em = store.em();
      sync = await em.findOneOrFail(Sync, syncId);
      const source = toEngineConfig(sync.sourceConnection, store.secrets, this.#connectTimeoutMs);
      const destination = toEngineConfig(sync.destinationConnection, store.secrets, this.#connectTimeoutMs);
      await store.em().nativeUpdate(SyncRun, { id: runId }, { status: 'running', startedAt });
      logger.info('Run started', { runId, syncId });
      reachedEngine = true;
      const result = await this.#engine.runSync({
        source: { connection: source, table: { schema: sync.sourceSchema, table: sync.sourceTable } },
        destination: {
          connection: destination,
          table: { schema: sync.destinationSchema, table: sync.destinationTable },
        },
        writeMode: sync.writeMode,
        keyColumns: parseJson<string[]>(sync.keyColumnsJson),
        cursorColumn: sync.cursorColumn,
        watermark: parseJson<Watermark>(sync.watermarkJson),
        lookbackSeconds: sync.lookbackSeconds,
        deleteMissing: sync.deleteMissing,
        columnMapping: parseJson<ColumnMapping[]>(sync.columnMappingJson),
        driftPolicy: sync.driftPolicy,
        runId,
        lockWaitMs: this.#lockWaitMs,
        onProgress: ({ rowsCopied }) => progress.report(rowsCopied),
        onWait: (detail) => {
          if (detail) logger.info('Run waiting', { runId, detail });
          store
            .em()
            .nativeUpdate(SyncRun, { id: runId, status: 'running' }, { statusDetail: detail })
            .catch((error: unknown) => logger.warn('Could not record what a run waits for', { runId, error }));
        },
        signal,
      });
      await progress.stop();
      const finishedAt = new Date();
      logger.info('Run succeeded', {
        runId,
        syncId,
        rows: result.rowsWritten,
        ms: finishedAt.getTime() - startedAt.getTime(),
      });
      return {
        fields: {
          status: 'success',
          statusDetail: null,
          rowsCopied: result.rowsWritten,
          rowCount: result.rowsWritten,
          rowsInserted: result.rowsInserted,
          rowsUpdated: result.rowsUpdated,
          rowsDeleted: result.rowsDeleted,
          finishedAt,
          durationMs: finishedAt.getTime() - startedAt.getTime(),
          warningsJson: result.warnings.length > 0 ? JSON.stringify(result.warnings) : null,
        },
        ...(result.watermark !== undefined
          ? { watermarkJson: result.watermark ? JSON.stringify(result.watermark) : null }
          : {}),
      };
    } catch (error) {
      await progress.stop();
      const { code, message } = describeFailure(error, signal);
      if (code === 'INTERNAL') logger.error('Run failed unexpectedly', { runId, syncId, error });
      else logger.warn('Run failed', { runId, syncId, code, message });
      const finishedAt = new Date();
      const timing = { finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() };
      if (reachedEngine && sync && !BEFORE_WRITE_CODES.has(code)) {
        // The failure may have come after the commit (an abort or a lost connection while the
        // engine closed up): the destination's run marker says whether the rows landed.
        return { fields: { ...(await this.#settle(runId, true, sync, 'failure', { code, message })), ...timing } };
      }
      return { fields: { status: 'failed', ...timing, statusDetail: null, errorCode: code, errorMessage: message } };
    }
  }

  #settle(
    runId: string,
    started: boolean,
    sync: Sync,
    when: 'recovery' | 'failure',
    failure?: { code: string; message: string },
  ): Promise<RunFields> {
    let destination: ConnectionConfig | null = null;
    try {
      destination = toEngineConfig(sync.destinationConnection, this.#store.secrets, this.#connectTimeoutMs);
    } catch {
      // An unreadable password: the marker cannot be read; settle says "unknown".
    }
    const table: TableRef = { schema: sync.destinationSchema, table: sync.destinationTable };
    return settleUnrecordedRun({
      runId,
      started,
      when,
      failure,
      readMarker: destination
        ? () => this.#readMarker(runId, sync, destination, table)
        : () => Promise.reject(new Error('the destination password cannot be decrypted')),
      table,
    });
  }

  /**
   * The marker naming `runId`, if either kind does: the run-state row of the append and merge
   * modes (whose watermark then becomes the sync's, since those rows are in), else the table
   * comment of a full refresh.
   */
  async #readMarker(runId: string, sync: Sync, destination: ConnectionConfig, table: TableRef): Promise<string | null> {
    const state = (await this.#engine.readRunState?.(destination, table)) ?? null;
    if (state?.runId === runId) {
      if (state.watermark) {
        await this.#store
          .em()
          .nativeUpdate(Sync, { id: sync.id }, { watermarkJson: JSON.stringify(state.watermark) })
          .catch((error: unknown) =>
            this.#logger.warn('Could not save the watermark a settled run committed', { runId, error }),
          );
      }
      return runId;
    }
    return this.#engine.readRunMarker(destination, table);
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

/** A JSON column of the store, parsed; `null` stays `null`. */
function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
