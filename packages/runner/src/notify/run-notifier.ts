/**
 * What the runner tells others once a run's outcome is recorded: webhooks, metrics. Types only;
 * the host passes implementations to `RunExecutor` (`notifiers`).
 */
export interface FinishedRun {
  runId: string;
  syncId: string;
  status: 'success' | 'failed';
  /** `null` when the run never started (cancelled or stopped while queued). */
  durationMs: number | null;
  rowsCopied: number;
  errorCode: string | null;
}

export interface RunNotifier {
  /**
   * Called once per run, after its outcome is in the store. Must not throw or block: a notifier
   * does its own I/O in the background and logs its own failures.
   */
  runFinished(run: FinishedRun): void;
}
