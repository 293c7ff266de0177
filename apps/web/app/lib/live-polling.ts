import type { RunStatus } from './trpc.js';

/**
 * How often to re-ask the server while a run is active. One second keeps the badge and the row
 * count live without hammering the API; nothing polls once every run has finished.
 */
export const LIVE_POLL_MS = 1000;

/** A run that is queued, waiting or running: it will change, and a second one would be refused. */
export function isActive(status: RunStatus): boolean {
  return status === 'queued' || status === 'pending' || status === 'running';
}

/** A `refetchInterval` value: poll while any of the given statuses is pending or running. */
export function pollWhileActive(statuses: ReadonlyArray<RunStatus | null | undefined>): number | false {
  return statuses.some((s) => s != null && isActive(s)) ? LIVE_POLL_MS : false;
}
