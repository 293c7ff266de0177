#!/usr/bin/env node
// Adds up the per-project totals that Vitest and Playwright print in an `npm test` log and prints
// one closing line for CI, e.g. `tests: 41 passed, 0 failed` or
// `tests: 38 passed, 1 failed, 3 skipped, 1 file failed, 2 did not run — FAILED (exit 1)`.
// Used by .ci/run, which passes `npm test`'s exit code: the line says FAILED whenever that code is
// non-zero, even when no test count explains it (a typecheck or lint step, a crashed runner).
import { readFileSync } from 'node:fs';

/** Counts for one log; every key but passed/skipped is a failure. */
export function tally(text) {
  const totals = {
    passed: 0,
    failed: 0,
    skipped: 0,
    filesFailed: 0,
    errors: 0,
    flaky: 0,
    interrupted: 0,
    didNotRun: 0,
  };
  for (const raw of text.split('\n')) {
    // Drop colours and Nx's "project:" stream prefix.
    // eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC (0x1b)
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '').replace(/^[@\w/.-]+:\s/, '');
    // Vitest: "Tests  1 failed | 41 passed (42)", "Test Files  1 failed | 3 passed (4)" (a file whose
    // beforeAll throws: its tests count as skipped, the file as failed), "Errors  1 error" (unhandled).
    const vitest = line.match(/^\s*(Tests|Test Files)\s+(.*)\(\d+\)\s*$/);
    if (vitest) {
      for (const [, n, key] of vitest[2].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
        if (vitest[1] === 'Test Files') {
          if (key === 'failed') totals.filesFailed += Number(n);
        } else totals[key === 'todo' ? 'skipped' : key] += Number(n);
      }
      continue;
    }
    const errors = line.match(/^\s*Errors\s+(\d+) errors?\b/);
    if (errors) {
      totals.errors += Number(errors[1]);
      continue;
    }
    // Playwright's list reporter: "  12 passed (41.2s)", "  1 flaky", "  2 did not run", "  1 interrupted".
    const playwright = line.match(/^\s*(\d+) (passed|failed|skipped|flaky|interrupted|did not run)(\s\(.*\))?\s*$/);
    if (playwright) {
      const key = { 'did not run': 'didNotRun' }[playwright[2]] ?? playwright[2];
      totals[key] += Number(playwright[1]);
    }
  }
  return totals;
}

/** The closing line; `exitCode` (when given) makes any non-zero exit say FAILED. */
export function summary(totals, exitCode) {
  const parts = [`${totals.passed} passed`, `${totals.failed} failed`];
  const extra = [
    [totals.skipped, 'skipped', 'skipped'],
    [totals.flaky, 'flaky', 'flaky'],
    [totals.filesFailed, 'file failed', 'files failed'],
    [totals.errors, 'unhandled error', 'unhandled errors'],
    [totals.interrupted, 'interrupted', 'interrupted'],
    [totals.didNotRun, 'did not run', 'did not run'],
  ];
  for (const [n, one, many] of extra) if (n) parts.push(`${n} ${n === 1 ? one : many}`);
  // A flaky test (failed, then passed on Playwright's one CI retry) is listed but does not fail the
  // run, as it does not fail the exit code.
  const failing = totals.failed + totals.filesFailed + totals.errors + totals.interrupted + totals.didNotRun > 0;
  const code = exitCode === undefined ? undefined : Number(exitCode);
  let verdict = '';
  if (code) verdict = ` — FAILED (exit ${code}${failing ? '' : '; no test failed: see the log for the failing step'})`;
  else if (failing) verdict = ' — FAILED';
  return `tests: ${parts.join(', ')}${verdict}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = readFileSync(process.argv[2] ?? 0, 'utf8');
  console.log(summary(tally(text), process.argv[3]));
}
