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
