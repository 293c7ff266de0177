import type { PipecraftApi, RunDto } from '../api-port.js';
import type { CliIo } from '../cli-io.js';
import { findSync } from './find-sync.js';

export interface RunOptions {
  wait: boolean;
  json: boolean;
  /** How often a waiting command asks for the run's state, in ms. */
  pollMs: number;
}

const FINISHED: ReadonlySet<RunDto['status']> = new Set(['success', 'failed']);

/**
 * `pipecraft run <sync>`: starts a run. With `--wait` (always, on the local store, where the run
 * executes in this process) it follows the run to its end: exit 0 on success, 1 on failure.
 */
export async function runCommand(api: PipecraftApi, syncRef: string, options: RunOptions, io: CliIo): Promise<number> {
  const sync = await findSync(api, syncRef);
  const { runId } = await api.runs.start({ syncId: sync.id });
  if (!options.wait && !api.runsInProcess) {
    io.out(options.json ? `${JSON.stringify({ runId })}\n` : `Started run ${runId} of "${sync.name}".\n`);
    return 0;
  }
  if (!options.json) io.err(`Started run ${runId} of "${sync.name}".\n`);
  let run = await api.runs.get({ id: runId });
  while (!FINISHED.has(run.status)) {
    if (io.isTTY && !options.json) io.err(`\r\x1b[K${progressLine(run)}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    run = await api.runs.get({ id: runId });
  }
  if (io.isTTY && !options.json) io.err('\r\x1b[K');
  if (options.json) {
    io.out(`${JSON.stringify(run, null, 2)}\n`);
  } else if (run.status === 'success') {
    io.out(
      `"${sync.name}" succeeded: ${(run.rowCount ?? run.rowsCopied).toLocaleString('en')} rows in ${seconds(run.durationMs)}.\n`,
    );
    for (const warning of run.warnings) io.out(`  warning: ${warning}\n`);
  } else {
    io.out(`"${sync.name}" failed: ${run.error ? `${run.error.code}: ${run.error.message}` : 'no error recorded'}\n`);
  }
  return run.status === 'success' ? 0 : 1;
}

function progressLine(run: RunDto): string {
  const rate = run.rowsPerSecond ? `, ${Math.round(run.rowsPerSecond).toLocaleString('en')} rows/s` : '';
  const detail = run.detail ? ` — ${run.detail}` : '';
  return `${run.status}: ${run.rowsCopied.toLocaleString('en')} rows${rate}${detail}`;
}

function seconds(ms: number | null): string {
  return ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`;
}
