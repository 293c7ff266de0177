import { describe, expect, it } from 'vitest';
import { isTransientFailure, planRetry, retryDelayMs } from './run-retries.js';

describe('run retries', () => {
  it.each([
    ['CONNECTION_REFUSED', true],
    ['CONNECTION_TIMEOUT', true],
    ['CONNECTION_LOST', true],
    ['LOCK_TIMEOUT', true],
    ['DEADLOCK', true],
    ['ROW_REJECTED', false],
    ['TYPE_UNSUPPORTED', false],
    ['DESTINATION_MISMATCH', false],
    ['TABLE_NOT_FOUND', false],
    ['AUTH_FAILED', false],
    ['PERMISSION_DENIED', false],
    ['CANCELLED', false],
    ['INTERRUPTED', false],
    [null, false],
  ])('%s is transient: %s', (code, transient) => {
    expect(isTransientFailure(code)).toBe(transient);
  });

  it('doubles the backoff per attempt, capped at a day', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(30_000, attempt))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(3_600_000, 10)).toBe(86_400_000);
  });

  const sync = { retryCount: 2, retryBackoffMs: 1_000 };

  it('plans the next attempt of a transient failure while the retry count allows', () => {
    expect(planRetry(sync, { runId: 'r1', attempt: 1, errorCode: 'DEADLOCK' })).toEqual({
      attempt: 2,
      retryOf: 'r1',
      delayMs: 1_000,
      detail: 'Attempt 2 of 3 starts in 1 s: attempt 1 failed with DEADLOCK.',
    });
    expect(planRetry(sync, { runId: 'r2', attempt: 2, errorCode: 'DEADLOCK' })?.delayMs).toBe(2_000);
    expect(planRetry(sync, { runId: 'r3', attempt: 3, errorCode: 'DEADLOCK' })).toBeNull();
    expect(planRetry(sync, { runId: 'r1', attempt: 1, errorCode: 'ROW_REJECTED' })).toBeNull();
  });

  it('retries an interrupted run only when its worker was lost (not a shutdown or a cancel)', () => {
    expect(planRetry(sync, { runId: 'r1', attempt: 1, errorCode: 'INTERRUPTED' })).toBeNull();
    expect(planRetry(sync, { runId: 'r1', attempt: 1, errorCode: 'INTERRUPTED', workerLost: true })).toMatchObject({
      attempt: 2,
      detail: 'Attempt 2 of 3 starts in 1 s: attempt 1 lost its worker.',
    });
    // The reaper could not read the destination: whether the rows landed is unknown, so no blind retry.
    expect(planRetry(sync, { runId: 'r1', attempt: 1, errorCode: 'OUTCOME_UNKNOWN', workerLost: true })).toBeNull();
  });
});
