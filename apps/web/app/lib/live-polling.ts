/**
 * How often to re-ask the server while a run is active. One second keeps the badge and the row
 * count live without hammering the API; nothing polls once every run has finished.
 */
export const LIVE_POLL_MS = 1000;

type Status = 'pending' | 'running' | 'success' | 'failed';

/** A `refetchInterval` value: poll while any of the given statuses is pending or running. */
export function pollWhileActive(statuses: ReadonlyArray<Status | null | undefined>): number | false {
  return statuses.some((s) => s === 'pending' || s === 'running') ? LIVE_POLL_MS : false;
}
