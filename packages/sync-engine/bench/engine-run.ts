/**
 * One engine run in its own process, so the benchmark can read this process's peak RSS.
 * argv[2]: a SyncRequest as JSON. Prints one JSON line: { ms, rowsWritten, method, maxRssMb, baselineRssMb,
 * peakHeapMb, rowsInserted, rowsUpdated, rowsDeleted, watermark }.
 */
import { runSync } from '../src/index.js';
import type { SyncRequest } from '../src/index.js';

const request = JSON.parse(process.argv[2] ?? '{}') as SyncRequest;
const baselineRssMb = process.resourceUsage().maxRSS / 1024;
// Sample the heap while the copy runs, to tell JS heap from native memory in the peak.
let peakHeapMb = 0;
const sampler = setInterval(() => {
  peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapTotal / 1024 / 1024);
}, 100);
const started = performance.now();
const result = await runSync(request);
clearInterval(sampler);
const ms = performance.now() - started;
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
