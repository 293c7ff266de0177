#!/usr/bin/env node
// Adds up the per-project totals that Vitest and Playwright print in an `npm test` log and prints
// one closing line, `tests: N passed, N failed[, N skipped]`. Used by .ci/run.
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const text = readFileSync(process.argv[2] ?? 0, 'utf8');

for (const raw of text.split('\n')) {
  // Drop colours and Nx's "project:" stream prefix.
  // eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC (0x1b)
  const line = raw.replace(/\x1b\[[0-9;]*m/g, '').replace(/^[@\w/.-]+:\s/, '');
  const vitest = line.match(/^\s*Tests\s+(.*)\(\d+\)\s*$/); // "Tests  1 failed | 41 passed (42)"
  if (vitest) {
    for (const [, n, key] of vitest[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[key] += Number(n);
    continue;
  }
  const playwright = line.match(/^\s*(\d+) (passed|failed|skipped|flaky)(\s\(.*\))?\s*$/); // "  12 passed (41.2s)"
  if (playwright) totals[playwright[2] === 'flaky' ? 'failed' : playwright[2]] += Number(playwright[1]);
}

const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${skipped}`);
