import { describe, expect, it } from 'vitest';
import { isTransientFailure, retryDelayMs } from './run-retries.js';

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
});
