import { expect, it } from 'vitest';

// docs/testing.md promises that the suites run in a non-UTC zone (vitest.shared.ts sets TZ).
it('runs in Pacific/Chatham (+13:45 in January, a 45-minute offset with DST)', () => {
  expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('Pacific/Chatham');
  expect(new Date('2024-01-15T00:00:00Z').getTimezoneOffset()).toBe(-(13 * 60 + 45));
});
