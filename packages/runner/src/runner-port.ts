/**
 * What the API (and later a scheduler) asks of whatever executes runs. The in-process
 * `RunExecutor` implements it, and so does `QueueRunner` (distributed mode, where workers execute),
 * without the callers changing. Types only: this file imports nothing concrete.
 */
export interface RunnerPort {
  /**
   * Claims a new run of the sync and returns its id at once; the run continues in the background.
   * Throws RUN_ALREADY_ACTIVE while a run of the sync is pending or running, NOT_FOUND for an
   * unknown sync, SHUTTING_DOWN once the runner is stopping.
   */
  start(syncId: string): Promise<{ runId: string }>;
  /**
   * Aborts a pending or running run and resolves once it is recorded failed (code CANCELLED).
   * `cancelled: false` when there is nothing this runner can abort (the run already finished).
   * Throws NOT_FOUND for an unknown run.
   */
  cancel(runId: string): Promise<{ cancelled: boolean }>;
}
