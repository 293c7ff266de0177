import { defineConfig } from 'vitest/config';

/**
 * A zone with a DST gap and a 45-minute offset: a value shifted by the host's time zone anywhere
 * (a driver, a Date round-trip) shows up as a wrong value in the fidelity tests instead of
 * passing unnoticed on a UTC machine. docs/testing.md.
 */
const TEST_TIME_ZONE = 'Pacific/Chatham';

/**
 * The Vitest setup shared by the projects whose tests talk to the real PostgreSQL and MariaDB
 * servers: tests beside the code and in test/, one file at a time (files share the two servers),
 * timeouts long enough for real connections and bulk loads, and a non-UTC host time zone.
 */
export function integrationTestConfig(timeoutMs = 60_000) {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      fileParallelism: false,
      // Vitest's workers (and the processes tests spawn, which inherit it) run in this zone.
      env: { TZ: TEST_TIME_ZONE },
      testTimeout: timeoutMs,
      hookTimeout: Math.max(timeoutMs, 120_000),
    },
  });
}
