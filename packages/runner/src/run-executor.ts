import type { Logger } from '@pipecraft/logger';
import { setTimeout as delay } from 'node:timers/promises';
import { ACTIVE_RUN_STATUSES, Sync, SyncRun, type RunTrigger, type Store } from '@pipecraft/store';
import { executeRun, settleRun, type RunExecution, type RunOutcome } from './execute-run.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { RunNotifier } from './notify/run-notifier.js';
import { DEFAULT_RECORD_RETRY, recordWithRetry, type RetryPolicy } from './record-with-retry.js';
import { defaultRunEngine, type RunEngine } from './run-engine.js';
import { RunCaps, type RunCapLimits } from './run-caps.js';
import { RunEndHandler, recordedFields } from './run-end-handler.js';
import { RunnerError } from './runner-error.js';
import type { RunnerPort, StartOptions } from './runner-port.js';
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
  /** 1 for a first attempt; retries count on. */
  attempt: number;
  controller: AbortController;
  /** The connections the run holds a session on (counted by the per-connection cap). */
  connectionIds: string[];
  /** Settles once the outcome is recorded (or recording gave up). */
  done: Promise<void>;
}

/** One attempt of a sync to claim: the first (at once) or a retry (after a backoff). */
interface AttemptPlan {
  trigger: RunTrigger;
  attempt: number;
  retryOf: string | null;
  /** Wait this long before asking for a slot (a retry's backoff); 0 = at once. */
  delayMs: number;
  /** What the run says while it waits (a retry's "attempt 2 of 3 in 30 s …"). */
  detail: string | null;
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
  readonly #ended: RunEndHandler;
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
    this.#ended = new RunEndHandler({
      store: options.store,
      logger: options.logger,
      notifiers: options.notifiers ?? [],
      // A retry claims its run at once and waits out its backoff here, without a slot (decision 133).
      startRetry: (syncId, plan) =>
        this.#shuttingDown ? Promise.resolve(null) : this.#claim(syncId, { trigger: 'retry', ...plan }),
    });
  }

  /** Runs holding a slot and runs waiting for one, in this process. */
  get load(): { running: number; queued: number } {
    return this.#caps.load;
  }

  /**
   * Creates a run (pending, or queued when the caps are reached) and returns its id at once; the
   * run continues in the background. Race-free: the per-sync lock serialises the check-then-insert,
   * and the store check also sees runs this process did not start. A second start while one is
   * active is RUN_ALREADY_ACTIVE. A transient failure is retried as the sync's retry settings say,
   * each attempt its own run.
   */
  start(syncId: string, options: StartOptions = {}): Promise<{ runId: string }> {
    return this.#claim(syncId, {
      trigger: options.trigger ?? 'manual',
      attempt: 1,
      retryOf: null,
      delayMs: 0,
      detail: null,
    });
  }

  async #claim(syncId: string, plan: AttemptPlan): Promise<{ runId: string }> {
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
      // A retry waits out its backoff without a slot, and asks for one afterwards.
      const admitted = plan.delayMs === 0 && this.#caps.tryAdmit(connectionIds);
      const run = em.create(SyncRun, {
        sync,
        status: admitted || plan.delayMs > 0 ? 'pending' : 'queued',
        rowsCopied: 0,
        attempt: plan.attempt,
        retryOf: plan.retryOf,
        trigger: plan.trigger,
        statusDetail: plan.detail,
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
        attempt: plan.attempt,
        controller: new AbortController(),
        connectionIds,
        done: Promise.resolve(),
      };
      this.#active.set(syncId, entry);
      let slot: Promise<boolean> | null = null;
      if (admitted) slot = Promise.resolve(true);
      else if (plan.delayMs === 0) {
        slot = this.#queueForSlot(entry);
        this.#logger.info('Run queued: the concurrent run cap is reached', { runId: run.id, syncId });
      }
      entry.done = this.#lifecycle(entry, slot, admitted, plan.delayMs);
      return { runId: run.id };
    });
  }

  /** Waits in the caps' queue: true once a slot is taken for the run, false when it is aborted first. */
  #queueForSlot(entry: ActiveRun): Promise<boolean> {
    const { connectionIds, controller } = entry;
    return new Promise<boolean>((resolve) => {
      this.#caps.enqueue(connectionIds, () => resolve(true));
      // Synchronously out of the queue, so no release() can hand this run a slot afterwards.
      controller.signal.addEventListener(
        'abort',
        () => {
          this.#caps.dequeue(connectionIds);
          resolve(false);
        },
        { once: true },
      );
    });
  }

  /**
   * Aborts the run (the engine stops the servers' statements and rolls back, the destination
   * keeps its previous rows) and resolves once it is recorded `cancelled` (code CANCELLED). A run that already finished is left alone, and
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
    return { cancelled: run?.status === 'cancelled' };
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
        if (settledNow > 0)
          await this.#ended.ended({ runId: run.id, syncId: run.sync.id, attempt: run.attempt, fields });
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

  /**
   * Wait out a retry's backoff, wait for a slot (queued runs), run, release the slot, record;
   * then, after a transient failure, claim the next attempt.
   */
  async #lifecycle(
    entry: ActiveRun,
    queued: Promise<boolean> | null,
    admittedAtOnce: boolean,
    delayMs: number,
  ): Promise<void> {
    const { runId, syncId, controller, connectionIds } = entry;
    let holdsSlot = admittedAtOnce;
    let outcome: RunOutcome;
    try {
      let slot = queued;
      if (slot === null) {
        await delay(delayMs, undefined, { signal: controller.signal }).catch(() => undefined);
        if (controller.signal.aborted) slot = Promise.resolve(false);
        else if (this.#caps.tryAdmit(connectionIds)) {
          holdsSlot = true;
          slot = Promise.resolve(true);
        } else {
          slot = this.#queueForSlot(entry);
          await this.#store
            .em()
            .nativeUpdate(SyncRun, { id: runId, status: 'pending' }, { status: 'queued', statusDetail: null });
        }
      }
      if (await slot) {
        holdsSlot = true;
        outcome = await executeRun(this.#execution, runId, syncId, controller.signal);
      } else {
        const reason: unknown = controller.signal.reason;
        const fields: RunFields = {
          status: 'failed',
          finishedAt: new Date(),
          statusDetail: null,
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
    const recorded = await this.#recordOutcome(runId, syncId, outcome);
    await this.#ended.ended({ runId, syncId, attempt: entry.attempt, fields: recorded });
  }

  /**
   * Record the outcome — and the watermark the run committed, in the same store transaction —
   * retrying while the store is unreachable; `shutdown()` waits for it. Returns the fields as recorded.
   */
  async #recordOutcome(runId: string, syncId: string, { fields: raw, watermarkJson }: RunOutcome): Promise<RunFields> {
    const fields = recordedFields(raw);
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
    return fields;
  }
}
