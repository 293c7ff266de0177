import type { EngineErrorCode } from '@pipecraft/sync-engine';

/**
 * Failures worth another attempt: the same run may well succeed a little later. A lost or refused
 * connection (a restart, a network blip, a server shutting down: the engine reports those as
 * CONNECTION_LOST), a timeout reaching the server, a lock another session held too long, a
 * deadlock. Everything else — a rejected row, a type the destination cannot take, a missing
 * table, bad credentials, a cancel — fails the same way again, so it is never retried.
 */
const TRANSIENT_FAILURE_CODES: ReadonlySet<string> = new Set<EngineErrorCode>([
  'CONNECTION_REFUSED',
  'CONNECTION_TIMEOUT',
  'CONNECTION_LOST',
  'LOCK_TIMEOUT',
  'DEADLOCK',
]);

export function isTransientFailure(code: string | null | undefined): boolean {
  return code != null && TRANSIENT_FAILURE_CODES.has(code);
}

/** Wait before attempt `failedAttempt + 1`: the sync's backoff, doubling per attempt, at most a day. */
export function retryDelayMs(backoffMs: number, failedAttempt: number): number {
  return Math.min(backoffMs * 2 ** (failedAttempt - 1), 24 * 60 * 60_000);
}

/** The next attempt of a failed run: what the retry run records, and how long it waits first. */
export interface RetryPlan {
  attempt: number;
  /** The failed run's id. */
  retryOf: string;
  /** The backoff before the retry may start, in ms. */
  delayMs: number;
  /** What the retry run says while it waits ("Attempt 2 of 3 starts in 30 s …"). */
  detail: string;
}

/** A failed run, as the retry policy sees it. */
export interface FailedAttempt {
  runId: string;
  attempt: number;
  errorCode: string | null | undefined;
  /**
   * Settled by the lease reaper: the worker executing it stopped renewing its claim (killed, cut
   * off). Its `INTERRUPTED` is then transient — the destination was checked and kept its previous
   * rows, and another worker may well finish the run (decision 162).
   */
  workerLost?: boolean | undefined;
}

/** Whether the failure deserves another attempt, whatever the sync's retry count. */
export function isRetryableFailure(failed: Pick<FailedAttempt, 'errorCode' | 'workerLost'>): boolean {
  return isTransientFailure(failed.errorCode) || (failed.workerLost === true && failed.errorCode === 'INTERRUPTED');
}

/**
 * The next attempt after `failed`, or `null` when there is none: the failure is not transient, or
 * the sync's retry count is used up. The one retry policy of both executors (decision 133).
 */
export function planRetry(
  sync: { retryCount: number; retryBackoffMs: number },
  failed: FailedAttempt,
): RetryPlan | null {
  if (!isRetryableFailure(failed) || failed.attempt > sync.retryCount) return null;
  const delayMs = retryDelayMs(sync.retryBackoffMs, failed.attempt);
  const attempt = failed.attempt + 1;
  const why = failed.workerLost ? 'lost its worker' : `failed with ${failed.errorCode}`;
  return {
    attempt,
    retryOf: failed.runId,
    delayMs,
    detail: `Attempt ${attempt} of ${sync.retryCount + 1} starts in ${describeDelay(delayMs)}: attempt ${failed.attempt} ${why}.`,
  };
}

/** "30 s", "2 min", "1 h 5 min": a backoff as people read it. */
function describeDelay(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}
