/**
 * Runs one sync in a separate process so a test can SIGKILL it mid-load.
 * argv[2]: the SyncRequest as JSON (without callbacks). Prints `progress <rows>` lines, then `done <json>`.
 */
import { runSync } from '../../src/index.js';
import type { SyncRequest } from '../../src/index.js';

const request = JSON.parse(process.argv[2] ?? '{}') as SyncRequest;
const result = await runSync({
  ...request,
  onProgress: ({ rowsCopied }) => process.stdout.write(`progress ${rowsCopied}\n`),
});
process.stdout.write(`done ${JSON.stringify(result)}\n`);
