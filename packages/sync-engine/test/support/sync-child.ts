/**
 * Runs syncs in a separate process so a test can SIGKILL it mid-write (fault-injection.ts starts it).
 * argv[2]: a JSON array of SyncRequests (without callbacks), run side by side. Prints
 * `progress <index> <rows>` lines, then `done <index>` or `failed <index> <code>` for each.
 */
import { runSync } from '../../src/index.js';
import type { SyncRequest } from '../../src/index.js';

const requests = JSON.parse(process.argv[2] ?? '[]') as SyncRequest[];
await Promise.all(
  requests.map(async (request, index) => {
    try {
      await runSync({
        ...request,
        onProgress: ({ rowsCopied }) => process.stdout.write(`progress ${index} ${rowsCopied}\n`),
      });
      process.stdout.write(`done ${index}\n`);
    } catch (error) {
      process.stdout.write(`failed ${index} ${(error as { code?: string }).code ?? String(error)}\n`);
    }
  }),
);
