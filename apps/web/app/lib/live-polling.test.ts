import { describe, expect, it } from 'vitest';
import { LIVE_POLL_MS, pollWhileActive } from './live-polling.js';

describe('pollWhileActive', () => {
  it.each([
    [[], false],
    [[null, undefined], false],
    [['success', 'failed'], false],
    [['success', 'pending'], LIVE_POLL_MS],
    [['running'], LIVE_POLL_MS],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(pollWhileActive(statuses)).toBe(expected);
  });
});
