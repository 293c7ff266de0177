/**
 * One engine run in its own process, so the benchmark can read this process's peak RSS.
 * argv[2]: a SyncRequest as JSON. Prints one JSON line: { ms, rowsWritten, method, maxRssMb, baselineRssMb,
 * peakHeapMb, rowsInserted, rowsUpdated, rowsDeleted, watermark }.
 */
import { appendFileSync } from 'node:fs';
import { runSync } from '../src/index.js';
import type { SyncRequest } from '../src/index.js';

// BENCH_TRACE=<file>: append every connect and statement of the run with its duration (bench/statement-trace.ts).
const traceFile = process.env.BENCH_TRACE;
const tracing = traceFile ? await import('./statement-trace.js') : null;

const request = JSON.parse(process.argv[2] ?? '{}') as SyncRequest;
const baselineRssMb = process.resourceUsage().maxRSS / 1024;
// Sample the heap while the copy runs, to tell JS heap from native memory in the peak.
let peakHeapMb = 0;
const sampler = setInterval(() => {
  peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapTotal / 1024 / 1024);
}, 100);
tracing?.resetTrace();
const started = performance.now();
const result = await runSync(request);
clearInterval(sampler);
const ms = performance.now() - started;
if (tracing && traceFile) {
  const lines = tracing
    .trace()
    .map((entry) => `${entry.at.toFixed(1)}\t${entry.ms.toFixed(1)}\t${entry.what.replace(/\s+/g, ' ').slice(0, 140)}`);
  appendFileSync(
    traceFile,
    `# ${request.writeMode} → ${request.destination.table.table}: ${ms.toFixed(0)} ms\n${lines.join('\n')}\n`,
  );
}
// resourceUsage().maxRSS is in kilobytes on Linux: the high-water mark of the whole process.
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({
    ms,
    rowsWritten: result.rowsWritten,
    method: result.method,
    maxRssMb,
    baselineRssMb,
    peakHeapMb,
    rowsInserted: result.rowsInserted,
    rowsUpdated: result.rowsUpdated,
    rowsDeleted: result.rowsDeleted,
    watermark: result.watermark ?? null,
  })}\n`,
);
