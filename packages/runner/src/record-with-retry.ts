import type { Logger } from '@pipecraft/logger';

export interface RetryPolicy {
  /** First wait after a failed attempt, in ms. Default 250. */
  initialDelayMs: number;
  /** Longest wait between attempts, in ms. Default 5 000. */
  maxDelayMs: number;
  /** Give up after this long, in ms (the next start's recovery then settles the run). Default 15 minutes. */
  giveUpAfterMs: number;
}

export const DEFAULT_RECORD_RETRY: RetryPolicy = { initialDelayMs: 250, maxDelayMs: 5_000, giveUpAfterMs: 15 * 60_000 };

/**
 * Run `write` until it succeeds, waiting twice as long after each failure (capped), for at most
 * `giveUpAfterMs`. For the store writes that record a run's outcome: a store that is down for a
 * while must not leave a finished run `running` once it is back. Resolves `false` when it gave up.
 */
export async function recordWithRetry(
  write: () => Promise<unknown>,
  policy: RetryPolicy,
  logger: Logger,
  what: Record<string, unknown>,
): Promise<boolean> {
  const deadline = Date.now() + policy.giveUpAfterMs;
  let delay = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      if (attempt > 1) logger.info('Recorded the run outcome after the store came back', { ...what, attempt });
      return true;
    } catch (error) {
      if (Date.now() + delay > deadline) {
        logger.error('Gave up recording a run outcome; the next start settles it', { ...what, error });
        return false;
      }
      if (attempt === 1) logger.warn('Could not record a run outcome; retrying', { ...what, error });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
