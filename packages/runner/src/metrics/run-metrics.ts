import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FinishedRun, RunNotifier } from '../notify/run-notifier.js';

/** Run duration buckets, in seconds: from a small table's second to a big one's hours. */
const DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1_800, 3_600, 7_200];

/**
 * PipeCraft's Prometheus metrics, in one registry a host serves (`render()`): runs by outcome, run
 * durations, rows copied, active and queued runs (read from the runner when scraped), the
 * scheduler's lag (set by the scheduler), plus Node's process metrics. A `RunNotifier`: give it to
 * the `RunExecutor` or the `QueueWorker` to count outcomes.
 */
export class RunMetrics implements RunNotifier {
  readonly #registry = new Registry();
  readonly #runs: Counter<'status'>;
  readonly #duration: Histogram<'status'>;
  readonly #rows: Counter;
  readonly #schedulerLag: Gauge;
  #load: () => { running: number; queued: number } = () => ({ running: 0, queued: 0 });

  constructor() {
    const registers = [this.#registry];
    collectDefaultMetrics({ register: this.#registry });
    this.#runs = new Counter({
      name: 'pipecraft_runs_total',
      help: 'Runs finished since the server started, by outcome.',
      labelNames: ['status'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'pipecraft_run_duration_seconds',
      help: 'How long finished runs took, from start to outcome, by outcome.',
      labelNames: ['status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.#rows = new Counter({
      name: 'pipecraft_rows_copied_total',
      help: 'Rows written to destinations by successful runs.',
      registers,
    });
    const load = () => this.#load();
    new Gauge({
      name: 'pipecraft_active_runs',
      help: 'Runs holding a slot (running) and waiting for one (queued), now.',
      labelNames: ['state'],
      registers,
      collect() {
        const { running, queued } = load();
        this.set({ state: 'running' }, running);
        this.set({ state: 'queued' }, queued);
      },
    });
    this.#schedulerLag = new Gauge({
      name: 'pipecraft_scheduler_lag_seconds',
      help: 'How late the scheduler started its most recent scheduled run, against the time it was due.',
      registers,
    });
  }

  runFinished(run: FinishedRun): void {
    this.#runs.inc({ status: run.status });
    if (run.durationMs !== null) this.#duration.observe({ status: run.status }, run.durationMs / 1000);
    if (run.rowsCopied > 0) this.#rows.inc(run.rowsCopied);
  }

  /** Where `pipecraft_active_runs` reads from when scraped (the runner's `load`). */
  watchLoad(load: () => { running: number; queued: number }): void {
    this.#load = load;
  }

  /** For the scheduler: how late, in seconds, the latest scheduled run started. */
  setSchedulerLag(seconds: number): void {
    this.#schedulerLag.set(seconds);
  }

  /** The registry itself, for a host that adds metrics of its own to the same page (the worker's). */
  get registry(): Registry {
    return this.#registry;
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.#registry.contentType, body: await this.#registry.metrics() };
  }
}
