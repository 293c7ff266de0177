/** How long a run waits, in all, for another session's lock on its destination table. */
export const DEFAULT_LOCK_WAIT_MS = 5 * 60_000;

/** One attempt's lock_timeout, in ms: readers queued behind our request wait at most this long. */
export const LOCK_ATTEMPT_MS = { first: 50, max: 1_000 };
/** Pause between attempts, in ms, doubling: readers go first meanwhile. */
export const LOCK_PAUSE_MS = { first: 100, max: 2_000 };
