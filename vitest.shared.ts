import { defineConfig } from 'vitest/config';

/**
 * The Vitest setup shared by the projects whose tests talk to the real PostgreSQL and MariaDB
 * servers: tests beside the code and in test/, one file at a time (files share the two servers),
 * and timeouts long enough for real connections and bulk loads.
 */
export function integrationTestConfig(timeoutMs = 60_000) {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      fileParallelism: false,
      testTimeout: timeoutMs,
      hookTimeout: Math.max(timeoutMs, 120_000),
    },
  });
}
