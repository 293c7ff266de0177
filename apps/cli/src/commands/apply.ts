import { readFile } from 'node:fs/promises';
import type { PipecraftApi } from '../api-port.js';
import { CliError, type CliIo } from '../cli-io.js';
import { applyPlan } from '../config-file/apply-plan.js';
import { formatPlan } from '../config-file/format-plan.js';
import { planChanges } from '../config-file/plan.js';
import { readConfigFile } from '../config-file/read-config-file.js';

export interface ApplyOptions {
  file: string;
  dryRun: boolean;
  yes: boolean;
}

/**
 * `pipecraft apply -f pipecraft.yaml`: reads and checks the whole file first (a problem changes
 * nothing), prints the plan, then — asked on a terminal, or with `--yes` — carries it out.
 */
export async function applyCommand(
  openApi: () => Promise<PipecraftApi>,
  options: ApplyOptions,
  variables: Readonly<Record<string, string | undefined>>,
  io: CliIo,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const file = readConfigFile(text, options.file, variables);
  const api = await openApi();
  try {
    const [connections, syncs] = await Promise.all([api.connections.list(), api.syncs.list()]);
    const plan = planChanges(file, { connections, syncs });
    io.out(formatPlan(plan));
    if (options.dryRun || plan.changes.length === 0) return 0;
    if (!options.yes) {
      if (!io.isTTY || !io.confirm)
        throw new CliError('Nothing changed: pass --yes to apply without a terminal to confirm on.');
      if (!(await io.confirm(`Apply these changes to ${api.description}? [y/N] `))) {
        io.out('Nothing changed.\n');
        return 1;
      }
    }
    await applyPlan(api, plan, new Map(connections.map((c) => [c.name, c.id])), (change) =>
      io.out(
        `${change.action === 'create' ? 'Created' : change.action === 'update' ? 'Updated' : 'Deleted'} ${change.kind} "${change.name}".\n`,
      ),
    );
    io.out('Applied.\n');
    return 0;
  } finally {
    await api.close();
  }
}
