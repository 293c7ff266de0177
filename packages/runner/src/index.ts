/**
 * @pipecraft/runner — executes sync runs: claims a run (one active per sync), runs it through the
 * engine, writes live progress, records the outcome, cancels, recovers runs a previous process left
 * active, and shuts down cleanly. The API talks to it through `RunnerPort`; a host (the server,
 * later a worker) builds a `RunExecutor` and owns its lifecycle.
 */
export type { RunnerPort, StartOptions } from './runner-port.js';
export { RunExecutor, type RunExecutorOptions } from './run-executor.js';
export { defaultRunEngine, type RunEngine } from './run-engine.js';
export { RunnerError, isRunnerError, GENERIC_INTERNAL_MESSAGE, type RunnerErrorCode } from './runner-error.js';
export { toEngineConfig } from './connection-config.js';
export { DEFAULT_RUN_CAPS, type RunCapLimits } from './run-caps.js';
export { DEFAULT_RECORD_RETRY, type RetryPolicy } from './record-with-retry.js';
export { Scheduler, type SchedulerOptions, type PipelineStarts } from './scheduler/scheduler.js';
export type { Clock } from './scheduler/clock.js';
export { checkSchedule, describeSchedule, nextFireAfter } from './scheduler/cron-schedule.js';
export { PipelineRunner, type PipelineRunnerOptions } from './pipelines/pipeline-runner.js';
