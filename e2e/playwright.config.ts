import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { ADMIN_STATE } from './tests/support/auth.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PIPECRAFT_E2E_PORT ?? 3199);
const baseURL = `http://127.0.0.1:${port}`;

// The config is evaluated again in every worker process; creating the store's temp dir once and
// passing it on through the environment keeps the server and the tests on the same one.
process.env.PIPECRAFT_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'pipecraft-e2e-'));
const dataDir = process.env.PIPECRAFT_E2E_DATA_DIR;

// The same non-UTC zone as the Vitest suites (vitest.shared.ts, TEST_TIME_ZONE), for this process,
// the server it starts and the browser: a value shifted by a host's zone shows on the page.
const timeZone = 'Pacific/Chatham';
process.env.TZ = timeZone;

// Debian's Chromium by default; PLAYWRIGHT_CHROMIUM_PATH= (empty) uses Playwright's own browser.
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  testMatch: '**/*.e2e.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // One retry in CI, where the suite shares 2 cores with the servers it drives: a test that fails
  // twice still fails the run, and one that passes only on retry is reported as flaky.
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  globalTeardown: './tests/support/global-teardown.ts',
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    timezoneId: timeZone,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // Completes the one-time setup page and saves the admin's session (tests/first-run.setup.ts).
    { name: 'first-run', testMatch: /first-run\.setup\.ts$/, use: { browserName: 'chromium' } },
    {
      name: 'chromium',
      dependencies: ['first-run'],
      use: { browserName: 'chromium', storageState: ADMIN_STATE },
    },
  ],
  webServer: {
    // The real server on an isolated SQLite store, serving the production build of the UI.
    command: 'npm run build -w @pipecraft/web && npx tsx apps/server/src/main.ts',
    cwd: repoRoot,
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PIPECRAFT_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      TZ: timeZone,
      // Browsing connections and the page-by-page accessibility check make many discovery calls.
      PIPECRAFT_CONNECTION_TEST_RATE: '600',
    },
  },
});
