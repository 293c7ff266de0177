import { Gauge, type Registry } from 'prom-client';
import type { QueueWorkerStats } from '@pipecraft/runner';

/** What the metrics read: the worker's own counts, and the shared queue's depth. */
export interface MetricsSource {
  stats(): QueueWorkerStats;
  queueDepth(): Promise<number>;
  now(): number;
}

/**
 * The worker's own Prometheus metrics — queue depth (across all workers), runs held by this process,
 * the age of its last heartbeat the store accepted, runs executed — added to `registry`: the
 * runner's `RunMetrics` one, which counts the runs' outcomes and Node's process metrics, so one
 * `/metrics` page shows both, as the server's does.
 */
export function createWorkerMetrics(source: MetricsSource, registry: Registry): Registry {
  new Gauge({
    name: 'pipecraft_queue_depth',
    help: 'Runs waiting in the queue for a worker (including those held back by the run caps).',
    registers: [registry],
    async collect() {
      this.set(await source.queueDepth());
    },
  });
  new Gauge({
    name: 'pipecraft_worker_active_runs',
    help: 'Runs this worker executes now.',
    registers: [registry],
    collect() {
      this.set(source.stats().activeRuns);
    },
  });
  new Gauge({
    name: 'pipecraft_worker_concurrency',
    help: 'Runs this worker executes at most at once.',
    registers: [registry],
    collect() {
      this.set(source.stats().concurrency);
    },
  });
  new Gauge({
    name: 'pipecraft_worker_runs_executed',
    help: 'Runs this worker process has executed since it started.',
    registers: [registry],
    collect() {
      this.set(source.stats().executedRuns);
    },
  });
  new Gauge({
    name: 'pipecraft_worker_heartbeat_age_seconds',
    help: 'Seconds since the store last accepted this worker’s heartbeat.',
    registers: [registry],
    collect() {
      const last = source.stats().lastHeartbeatAt;
      this.set(last === null ? Number.POSITIVE_INFINITY : (source.now() - last) / 1000);
    },
  });
  return registry;
}
