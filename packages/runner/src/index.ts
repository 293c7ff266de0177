/**
 * @pipecraft/runner — executes sync runs: claims a run (one active per sync), runs it through the
 * engine, writes live progress, records the outcome, cancels, recovers runs a previous process left
 * active, and shuts down cleanly. The API talks to it through `RunnerPort`; the server builds a
 * `RunExecutor` (embedded default) or a `QueueRunner` (distributed mode: runs go to the queue), and
 * `apps/worker` builds a `QueueWorker` that claims and executes them (decision 161).
 */
export type { RunnerPort, StartOptions } from './runner-port.js';
export { RunExecutor, type RunExecutorOptions } from './run-executor.js';
export { defaultRunEngine, type RunEngine } from './run-engine.js';
export { RunnerError, isRunnerError, GENERIC_INTERNAL_MESSAGE, type RunnerErrorCode } from './runner-error.js';
export { toEngineConfig } from './connection-config.js';
export { DEFAULT_RUN_CAPS, type RunCapLimits } from './run-caps.js';
export { DEFAULT_RECORD_RETRY, type RetryPolicy } from './record-with-retry.js';
export type { RunNotifier, FinishedRun } from './notify/run-notifier.js';
export type { WebhookPort } from './notify/webhook-port.js';
export {
  WebhookDispatcher,
  DEFAULT_WEBHOOK_RETRY,
  type WebhookDispatcherOptions,
  type WebhookRetryPolicy,
} from './notify/webhook-dispatcher.js';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './notify/webhook-signature.js';
export { RunMetrics } from './metrics/run-metrics.js';
export { QueueRunner, type QueueRunnerOptions } from './distributed/queue-runner.js';
export { QueueWorker, type QueueWorkerOptions, type QueueWorkerStats } from './distributed/queue-worker.js';
export { LeaseReaper } from './distributed/lease-reaper.js';
export type { RunQueueOptions } from './distributed/run-queue.js';
export { Scheduler, type SchedulerOptions, type PipelineStarts } from './scheduler/scheduler.js';
export type { Clock } from './scheduler/clock.js';
export { checkSchedule, describeSchedule, nextFireAfter } from './scheduler/cron-schedule.js';
export { PipelineRunner, type PipelineRunnerOptions } from './pipelines/pipeline-runner.js';
export { startHost } from './host-start.js';
