/**
 * One engine run in its own process, so the benchmark can read this process's peak RSS.
 * argv[2]: a SyncRequest as JSON. Prints one JSON line: { ms, rowsWritten, method, maxRssMb }.
 */
import { runSync } from '../src/index.js';
import type { SyncRequest } from '../src/index.js';

const request = JSON.parse(process.argv[2] ?? '{}') as SyncRequest;
const started = performance.now();
const result = await runSync(request);
const ms = performance.now() - started;
// resourceUsage().maxRSS is in kilobytes on Linux: the high-water mark of the whole process.
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ms, rowsWritten: result.rowsWritten, method: result.method, maxRssMb })}\n`);
