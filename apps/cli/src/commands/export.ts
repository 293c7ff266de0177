import { writeFile } from 'node:fs/promises';
import type { PipecraftApi } from '../api-port.js';
import type { CliIo } from '../cli-io.js';
import { exportConfig } from '../config-file/export-config.js';

/** `pipecraft export [-o file]`: the store's connections and syncs as a file for `apply` (stdout by default). */
export async function exportCommand(
  api: PipecraftApi,
  options: { output: string | undefined },
  io: CliIo,
): Promise<number> {
  const [connections, syncs] = await Promise.all([api.connections.list(), api.syncs.list()]);
  const text = exportConfig({ connections, syncs });
  if (options.output) {
    await writeFile(options.output, text, { mode: 0o644 });
    io.err(`Wrote ${connections.length} connections and ${syncs.length} syncs to ${options.output}.\n`);
  } else {
    io.out(text);
  }
  return 0;
}
