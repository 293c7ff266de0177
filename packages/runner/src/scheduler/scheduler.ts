import type { Logger } from '@pipecraft/logger';
import type { RunMetrics } from '../metrics/run-metrics.js';
import { Schedule, Sync, SyncRun, type Store } from '@pipecraft/store';
import { isRunnerError } from '../runner-error.js';
import type { RunnerPort } from '../runner-port.js';
import { systemClock, type Clock } from './clock.js';
import { nextFireAfter } from './cron-schedule.js';

/** Starts every member of a pipeline; the scheduler's way into `PipelineRunner` (or a test's stand-in). */
export interface PipelineStarts {
  run(pipelineId: string, options: { trigger: 'schedule' }): Promise<unknown>;
}

export interface SchedulerOptions {
  store: Store;
  /** Where scheduled runs start, like the API's. */
  runner: RunnerPort;
  /** Where scheduled pipeline runs start; without it, pipeline schedules are left alone. */
  pipelines?: PipelineStarts;
  logger: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** How often `start()` looks for due schedules, in ms: the most a run starts late. Default 5 000. */
  pollMs?: number;
  /** Where each fire reports how late it came (`pipecraft_scheduler_lag_seconds`). Default nowhere. */
  metrics?: Pick<RunMetrics, 'setSchedulerLag'>;
}

/**
 * Decides *when*: fires due schedules through the runner's port. Nothing lives in memory — each
 * tick reads the store — so a restart loses nothing, and after downtime a schedule that missed
 * several ticks fires once (its next time is computed from now, not from the missed one). Two
 * processes sharing a store fire a tick once: each claims it by moving `next_run_at` forward with
 * an UPDATE conditional on the value it read, and only the one whose UPDATE matched starts the run.
 */
export class Scheduler {
  readonly #store: Store;
  readonly #runner: RunnerPort;
  readonly #pipelines: PipelineStarts | undefined;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #pollMs: number;
  readonly #metrics: Pick<RunMetrics, 'setSchedulerLag'> | undefined;
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<unknown> = Promise.resolve();

  constructor(options: SchedulerOptions) {
    this.#store = options.store;
    this.#runner = options.runner;
    this.#pipelines = options.pipelines;
    this.#logger = options.logger;
    this.#clock = options.clock ?? systemClock;
    this.#pollMs = options.pollMs ?? 5_000;
    this.#metrics = options.metrics;
  }

  /** Ticks now and every `pollMs` until `stop()`. */
  start(): void {
    if (this.#timer) return;
    const loop = () => {
      this.#ticking = this.tick()
        .catch((error: unknown) => this.#logger.warn('Scheduler tick failed; trying again next tick', { error }))
        .finally(() => {
          if (this.#timer) this.#timer = setTimeout(loop, this.#pollMs);
        });
    };
    this.#timer = setTimeout(loop, 0);
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#ticking;
  }

  /**
   * Fires every due schedule this process wins the claim for; returns how many it fired (started
   * or recorded as skipped). Schedules without a next time (new, resumed) get one first.
   */
  async tick(): Promise<number> {
    const now = this.#clock.now();
    const em = this.#store.em();
    const unplanned = await em.find(Schedule, { paused: false, nextRunAt: null });
    for (const schedule of unplanned) {
      await em.nativeUpdate(
        Schedule,
        { id: schedule.id, paused: false, nextRunAt: null },
        { nextRunAt: nextFireAfter(schedule.cron, schedule.timeZone, now) },
      );
    }
    const due = await em.find(Schedule, { paused: false, nextRunAt: { $lte: now } }, { orderBy: { nextRunAt: 'asc' } });
    let fired = 0;
    for (const schedule of due) {
      const claimed = await em.nativeUpdate(
        Schedule,
        { id: schedule.id, paused: false, nextRunAt: schedule.nextRunAt },
        { nextRunAt: nextFireAfter(schedule.cron, schedule.timeZone, now), lastFiredAt: now },
      );
      if (claimed !== 1) continue; // another process fired this tick, or it was paused or edited meanwhile
      fired++;
      // How late this fire is against the time it was due: the poll interval, plus any downtime or a slow tick.
      if (schedule.nextRunAt)
        this.#metrics?.setSchedulerLag((this.#clock.now().getTime() - schedule.nextRunAt.getTime()) / 1000);
      await this.#fire(schedule, now).catch((error: unknown) =>
        this.#logger.error('A scheduled run could not be started', { scheduleId: schedule.id, error }),
      );
    }
    return fired;
  }

  async #fire(schedule: Schedule, now: Date): Promise<void> {
    const pipelineId = schedule.pipeline?.id;
    if (pipelineId) {
      if (!this.#pipelines) return;
      try {
        await this.#pipelines.run(pipelineId, { trigger: 'schedule' });
        this.#logger.info('Scheduled pipeline run started', { scheduleId: schedule.id, pipelineId });
      } catch (error) {
        if (!isRunnerError(error) || error.code !== 'RUN_ALREADY_ACTIVE') throw error;
        const members = await this.#store.em().find(Sync, { pipeline: pipelineId });
        for (const member of members) await recordSkipped(this.#store, member.id, now);
        this.#logger.info('Scheduled pipeline run skipped: the previous one is still active', { pipelineId });
      }
      return;
    }
    const syncId = schedule.sync?.id;
    if (!syncId) return;
    try {
      const { runId } = await this.#runner.start(syncId, { trigger: 'schedule' });
      this.#logger.info('Scheduled run started', { scheduleId: schedule.id, syncId, runId });
    } catch (error) {
      if (!isRunnerError(error) || error.code !== 'RUN_ALREADY_ACTIVE') throw error;
      await recordSkipped(this.#store, syncId, now);
      this.#logger.info('Scheduled run skipped: the previous one is still active', { scheduleId: schedule.id, syncId });
    }
  }
}

/** A run that did not happen because the previous one was still active: recorded, so history shows the gap. */
async function recordSkipped(store: Store, syncId: string, now: Date): Promise<void> {
  const em = store.em();
  em.create(SyncRun, {
    sync: em.getReference(Sync, syncId),
    status: 'skipped',
    trigger: 'schedule',
    rowsCopied: 0,
    createdAt: now,
    finishedAt: now,
    errorCode: 'RUN_ALREADY_ACTIVE',
    errorMessage: `Skipped: the schedule came due at ${now.toISOString()} while the previous run was still active.`,
  });
  await em.flush();
}
