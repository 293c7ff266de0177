import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '@pipecraft/logger';
import { Sync, SyncRun, Worker as WorkerRecord, type Store } from '@pipecraft/store';
import { DelayedError, Worker as BullWorker, type Job, type Queue } from 'bullmq';
import { executeRun, type RunExecution } from '../execute-run.js';
import type { RunNotifier } from '../notify/run-notifier.js';
import { DEFAULT_RECORD_RETRY, recordWithRetry, type RetryPolicy } from '../record-with-retry.js';
import { RunEndHandler, recordedFields } from '../run-end-handler.js';
import { DEFAULT_RUN_CAPS, type RunCapLimits } from '../run-caps.js';
import { defaultRunEngine, type RunEngine } from '../run-engine.js';
import { RunnerError } from '../runner-error.js';
import { claimRun } from './run-claim.js';
import { LeaseReaper } from './lease-reaper.js';
import { enqueueRetry } from './retry-run.js';
import {
  DEFAULT_RUN_QUEUE_NAME,
  openRunQueue,
  queueDepth,
  redisConnection,
  RUN_JOB_NAME,
  RUN_QUEUE_PREFIX,
  type RunJobData,
  type RunQueueOptions,
} from './run-queue.js';

export interface QueueWorkerOptions {
  /** An opened (and migrated) store, shared with the API server and the other workers. */
  store: Store;
  logger: Logger;
  queue: RunQueueOptions;
  /** Runs this process executes at once. */
  concurrency: number;
  /** Caps across all workers (every worker must be given the same). Default 4 in all, 2 per connection. */
  caps?: Partial<RunCapLimits> | undefined;
  /** How long a claim stays valid without renewal, in ms; a killed worker's runs are settled this long (plus one heartbeat) after its last renewal. Default 15 000. */
  leaseMs?: number | undefined;
  /** How often the worker renews its leases, writes its heartbeat, looks for cancel requests and reaps expired leases, in ms. Default 2 000. */
  heartbeatMs?: number | undefined;
  /** How long `shutdown()` lets active runs finish before it aborts them and hands them back to the queue, in ms. Default 30 000. */
  shutdownGraceMs?: number | undefined;
  /** How long a job waits before it is offered again when a run cap is reached, in ms. Default 500. */
  cappedRetryMs?: number | undefined;
  /** Default: the real `@pipecraft/sync-engine`. */
  engine?: RunEngine | undefined;
  connectTimeoutMs?: number | undefined;
  lockWaitMs?: number | undefined;
  /** How often live progress is written to the store, in ms. Default 500. */
  progressIntervalMs?: number | undefined;
  recordRetry?: Partial<RetryPolicy> | undefined;
  /** Default `<hostname>-<pid>-<random>`. */
  workerId?: string | undefined;
  /** The clock leases are measured with. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Told about every run this worker records or reaps (webhooks, metrics), as the in-process executor's are. Default none. */
  notifiers?: readonly RunNotifier[] | undefined;
}

/** A run this worker holds. */
interface HeldRun {
  runId: string;
  leaseToken: string;
  /** Epoch ms until which the lease was last renewed. */
  leaseExpiresAt: number;
  controller: AbortController;
}

/** What `/metrics` and `/healthz` report. */
export interface QueueWorkerStats {
  workerId: string;
  concurrency: number;
  activeRuns: number;
  /** Runs this process has executed (reached the engine) since it started. */
  executedRuns: number;
  /** Epoch ms of the last heartbeat the store accepted; `null` before the first. */
  lastHeartbeatAt: number | null;
}

/** How long the row of a worker that stopped (or died) is kept. */
const WORKER_ROW_RETENTION_MS = 7 * 24 * 3_600_000;
const CANCEL_MESSAGE = 'The run was cancelled; the destination kept its previous rows.';
const LEASE_LOST_MESSAGE =
  'This worker lost its claim on the run (it could not renew it in time); the run was stopped before it could commit.';
const HANDBACK_MESSAGE = 'The worker stopped before this run finished; the run went back to the queue.';

/**
 * A worker process's runner: takes run jobs from the queue, claims each in the store (caps counted
 * across workers, lease with a fencing token), executes it like the in-process executor, renews its
 * leases and heartbeat, stops a run whose cancel was requested or whose lease it lost, settles runs
 * of workers that died, and on `shutdown()` finishes or hands back what it holds.
 */
export class QueueWorker {
  readonly #options: QueueWorkerOptions;
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #execution: RunExecution;
  readonly #caps: RunCapLimits;
  readonly #leaseMs: number;
  readonly #heartbeatMs: number;
  readonly #retry: RetryPolicy;
  readonly #now: () => number;
  readonly #reaper: LeaseReaper;
  readonly #ended: RunEndHandler;
  readonly #held = new Map<string, HeldRun>();
  readonly #handingBack = new Set<string>();
  readonly workerId: string;
  #queue: Queue<RunJobData> | null = null;
  #bull: BullWorker<RunJobData> | null = null;
  #tickTimer: NodeJS.Timeout | null = null;
  #tickInFlight: Promise<void> = Promise.resolve();
  #stopped = false;
  #executed = 0;
  #lastHeartbeatAt: number | null = null;

  constructor(options: QueueWorkerOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#caps = { ...DEFAULT_RUN_CAPS, ...options.caps };
    this.#leaseMs = options.leaseMs ?? 15_000;
    this.#heartbeatMs = options.heartbeatMs ?? 2_000;
    if (this.#heartbeatMs * 3 > this.#leaseMs)
      throw new RangeError('The lease must last at least three heartbeats, so one missed renewal does not lose it.');
    this.#retry = { ...DEFAULT_RECORD_RETRY, ...options.recordRetry };
    this.#now = options.now ?? Date.now;
    this.workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.#execution = {
      store: options.store,
      engine: options.engine ?? defaultRunEngine,
      logger: options.logger,
      connectTimeoutMs: options.connectTimeoutMs,
      progressIntervalMs: options.progressIntervalMs ?? 500,
      lockWaitMs: options.lockWaitMs,
    };
    this.#ended = new RunEndHandler({
      store: options.store,
      logger: options.logger,
      notifiers: options.notifiers ?? [],
      // The retry waits in the queue as a delayed job, so whichever worker is free then runs it.
      startRetry: (syncId, plan) => enqueueRetry(options.store, this.#queue, options.logger, syncId, plan),
    });
    this.#reaper = new LeaseReaper(this.#execution, options.logger, this.#now, (run) => this.#ended.ended(run));
  }

  get stats(): QueueWorkerStats {
    return {
      workerId: this.workerId,
      concurrency: this.#options.concurrency,
      activeRuns: this.#held.size,
      executedRuns: this.#executed,
      lastHeartbeatAt: this.#lastHeartbeatAt,
    };
  }

  /** Jobs waiting for a worker, across all workers. */
  queueDepth(): Promise<number> {
    if (!this.#queue) return Promise.resolve(0);
    return queueDepth(this.#queue);
  }

  /** Registers the worker, settles what dead workers left, and starts taking jobs. */
  async start(): Promise<void> {
    const em = this.#store.em();
    em.create(WorkerRecord, {
      id: this.workerId,
      hostname: hostname(),
      pid: process.pid,
      concurrency: this.#options.concurrency,
      startedAt: new Date(this.#now()),
      heartbeatAt: new Date(this.#now()),
    });
    await em.flush();
    // Rows of workers gone for a week only clutter the table (runs keep the id as plain text).
    await this.#store
      .em()
      .nativeDelete(WorkerRecord, { heartbeatAt: { $lt: new Date(this.#now() - WORKER_ROW_RETENTION_MS) } });
    this.#lastHeartbeatAt = this.#now();
    await this.#reaper.reapOnce();
    this.#queue = openRunQueue(this.#options.queue);
    this.#bull = new BullWorker<RunJobData>(
      this.#options.queue.name ?? DEFAULT_RUN_QUEUE_NAME,
      (job, token) => this.#process(job, token),
      {
        connection: redisConnection(this.#options.queue.url),
        prefix: RUN_QUEUE_PREFIX,
        concurrency: this.#options.concurrency,
      },
    );
    this.#bull.on('error', (error) => this.#logger.warn('Queue connection problem', { error }));
    this.#scheduleTick();
    this.#logger.info('Worker started', { workerId: this.workerId, concurrency: this.#options.concurrency });
  }

  /**
   * Takes no new jobs, lets held runs finish for `shutdownGraceMs`, then aborts the rest (the
   * engine rolls back) and puts them back in the queue for another worker; marks the worker stopped.
   */
  async shutdown(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const grace = setTimeout(() => {
      for (const held of this.#held.values()) {
        this.#handingBack.add(held.runId);
        held.controller.abort(new RunnerError('INTERRUPTED', HANDBACK_MESSAGE));
      }
    }, this.#options.shutdownGraceMs ?? 30_000);
    await this.#bull?.close();
    clearTimeout(grace);
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
    await this.#tickInFlight;
    await this.#store
      .em()
      .nativeUpdate(WorkerRecord, { id: this.workerId }, { stoppedAt: new Date(this.#now()), activeRuns: 0 })
      .catch((error: unknown) => this.#logger.warn('Could not record the worker stopped', { error }));
    await this.#queue?.close();
    this.#logger.info('Worker stopped', { workerId: this.workerId });
  }

  async #process(job: Job<RunJobData>, token: string | undefined): Promise<void> {
    const { runId } = job.data;
    let claim;
    try {
      claim = await claimRun(this.#store, runId, this.workerId, this.#caps, this.#leaseMs, this.#now);
    } catch (error) {
      // The store is unreachable: keep the job (its run stays queued) and try again later.
      this.#logger.warn('Could not claim a run; it stays queued', { runId, error });
      await job.moveToDelayed(Date.now() + this.#heartbeatMs, token);
      throw new DelayedError();
    }
    if (claim.kind === 'gone') return;
    if (claim.kind === 'capped') {
      // Offered again shortly, to whichever worker is free then; no attempt is used up.
      await job.moveToDelayed(Date.now() + (this.#options.cappedRetryMs ?? 500), token);
      throw new DelayedError();
    }
    const held: HeldRun = {
      runId,
      leaseToken: claim.leaseToken,
      leaseExpiresAt: claim.leaseExpiresAt.getTime(),
      controller: new AbortController(),
    };
    this.#held.set(runId, held);
    this.#executed++;
    let outcome;
    try {
      outcome = await executeRun(
        { ...this.#execution, fence: { leaseToken: claim.leaseToken } },
        runId,
        claim.syncId,
        held.controller.signal,
      );
    } finally {
      this.#held.delete(runId);
    }
    const { watermarkJson } = outcome;
    const fields = recordedFields(outcome.fields);
    if (this.#handingBack.delete(runId) && fields.status === 'failed') {
      await this.#handBack(runId, claim);
      return;
    }
    let recorded = false;
    await recordWithRetry(
      async () => {
        // Fenced: the outcome is written only while this worker still holds a valid lease. Otherwise
        // a reaper settles the run by the destination's marker, which tells the truth either way.
        // One store transaction: the outcome and the watermark the run committed land together.
        const written: number = await this.#store.em().transactional(async (em) => {
          const updated = await em.nativeUpdate(
            SyncRun,
            { id: runId, leaseToken: claim.leaseToken, leaseExpiresAt: { $gt: new Date(this.#now()) } },
            { ...fields, leaseExpiresAt: null },
          );
          if (updated > 0 && watermarkJson !== undefined)
            await em.nativeUpdate(Sync, { id: claim.syncId }, { watermarkJson });
          return updated;
        });
        // A lost claim's reaper recovers the same watermark from the destination's run-state row.
        if (written === 0)
          this.#logger.warn('Lost the claim before recording the outcome; a reaper settles the run', { runId });
        recorded = written > 0;
      },
      this.#retry,
      this.#logger,
      { runId, status: fields.status },
    );
    // Only the write that recorded the outcome announces it (a reaper that took the run over announces its own).
    if (recorded) await this.#ended.ended({ runId, syncId: claim.syncId, attempt: claim.attempt, fields });
  }

  /** Put an aborted run back to `queued` and offer it again. */
  async #handBack(runId: string, claim: { syncId: string; attempt: number; leaseToken: string }): Promise<void> {
    const { leaseToken } = claim;
    const reset = await this.#store.em().nativeUpdate(
      SyncRun,
      { id: runId, leaseToken },
      {
        status: 'queued',
        workerId: null,
        leaseToken: null,
        leaseExpiresAt: null,
        startedAt: null,
        rowsCopied: 0,
        statusDetail: null,
      },
    );
    if (reset === 0) return;
    try {
      await this.#queue?.add(RUN_JOB_NAME, { runId }, { jobId: `${runId}-${this.#now()}` });
      this.#logger.info('Handed a run back to the queue', { runId, workerId: this.workerId });
    } catch (error) {
      // No queue to hand it to: a queued run nobody will take would wait forever; say what happened.
      this.#logger.warn('Could not hand a run back to the queue; recording it interrupted', { runId, error });
      const fields = {
        status: 'failed' as const,
        finishedAt: new Date(this.#now()),
        errorCode: 'INTERRUPTED',
        errorMessage:
          'The worker stopped before this run finished and could not put it back in the queue; the destination kept its previous rows. Start it again.',
      };
      const settled = await this.#store.em().nativeUpdate(SyncRun, { id: runId, status: 'queued' }, fields);
      if (settled > 0) await this.#ended.ended({ runId, syncId: claim.syncId, attempt: claim.attempt, fields });
    }
  }

  #scheduleTick(): void {
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
    this.#tickTimer = setTimeout(() => {
      this.#tickInFlight = this.#tick().finally(() => {
        if (!this.#stopped || this.#held.size > 0) this.#scheduleTick();
      });
    }, this.#heartbeatMs);
    this.#tickTimer.unref();
  }

  /** Heartbeat, lease renewals, cancel requests, and reaping dead workers' runs. */
  async #tick(): Promise<void> {
    const now = this.#now();
    try {
      await this.#store
        .em()
        .nativeUpdate(WorkerRecord, { id: this.workerId }, { heartbeatAt: new Date(now), activeRuns: this.#held.size });
      this.#lastHeartbeatAt = now;
    } catch (error) {
      this.#logger.warn('Could not write the worker heartbeat', { error });
    }
    for (const held of [...this.#held.values()]) {
      try {
        const renewed = await this.#store
          .em()
          .nativeUpdate(
            SyncRun,
            { id: held.runId, leaseToken: held.leaseToken, leaseExpiresAt: { $gt: new Date(now) } },
            { leaseExpiresAt: new Date(now + this.#leaseMs) },
          );
        if (renewed === 1) held.leaseExpiresAt = now + this.#leaseMs;
        else held.controller.abort(new RunnerError('INTERRUPTED', LEASE_LOST_MESSAGE));
      } catch (error) {
        // The store is unreachable: stop the run before the lease runs out, so it never commits
        // while a reaper may already be settling it.
        if (this.#now() >= held.leaseExpiresAt - this.#heartbeatMs) {
          this.#logger.warn('Could not renew a run lease in time; stopping the run', { runId: held.runId, error });
          held.controller.abort(new RunnerError('INTERRUPTED', LEASE_LOST_MESSAGE));
        }
      }
    }
    if (this.#held.size > 0) {
      try {
        const asked = await this.#store
          .em()
          .find(SyncRun, { id: { $in: [...this.#held.keys()] }, cancelRequestedAt: { $ne: null } }, { fields: ['id'] });
        for (const run of asked) {
          const held = this.#held.get(run.id);
          if (held && !held.controller.signal.aborted) {
            this.#logger.info('Run cancel requested', { runId: run.id });
            held.controller.abort(new RunnerError('CANCELLED', CANCEL_MESSAGE));
          }
        }
      } catch (error) {
        this.#logger.warn('Could not look for cancel requests', { error });
      }
    }
    if (!this.#stopped) {
      await this.#reaper
        .reapOnce()
        .catch((error: unknown) => this.#logger.warn('Could not settle runs of dead workers', { error }));
    }
  }
}
