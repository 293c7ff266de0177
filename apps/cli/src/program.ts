import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SecretKeyError } from '@pipecraft/store';
import { ApiCallError, type PipecraftApi } from './api-port.js';
import { CliError, type CliIo } from './cli-io.js';
import { applyCommand } from './commands/apply.js';
import { exportCommand } from './commands/export.js';
import { keysRotateCommand } from './commands/keys-rotate.js';
import { listConnections, listRuns, listSyncs } from './commands/list.js';
import { runCommand } from './commands/run.js';
import { ConfigFileError } from './config-file/read-config-file.js';
import { CliEnvError, parseCliEnv } from './env.js';
import { openApi } from './open-api.js';

/** Exit codes: 0 done (a run succeeded), 1 a failed run or a refused command, 2 a usage error. */
const USAGE_ERROR = 2;

function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return number;
}

function buildProgram(
  source: Record<string, string | undefined> | undefined,
  io: CliIo,
  settle: (code: number) => void,
): Command {
  const program = new Command('pipecraft')
    .description(
      'Run PipeCraft syncs and keep connections and syncs in a file. Talks to a server with --url/--token ' +
        '(PIPECRAFT_URL, PIPECRAFT_TOKEN), or works on the local store (PIPECRAFT_DATA_DIR, PIPECRAFT_STORE_URL) when none is given.',
    )
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError()
    .option('--url <url>', 'a running PipeCraft server, e.g. http://127.0.0.1:3000 (default: PIPECRAFT_URL)')
    .option(
      '--token <token>',
      'an API token for --url (default: PIPECRAFT_TOKEN, which keeps it out of the process list)',
    );

  /** Reads the environment, opens the API the global flags point at, runs the command, closes it. */
  const withApi = async (use: (api: PipecraftApi) => Promise<number>): Promise<void> => {
    const api = await open();
    // A run executing in this process is stopped and recorded as failed on Ctrl-C, not left
    // "running" for a server's recovery to find.
    const interrupt = () => {
      io.err('\nStopping: the run is recorded as failed; the destination keeps its previous rows.\n');
      void api.close().finally(() => process.exit(130));
    };
    if (api.runsInProcess) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, interrupt);
    try {
      settle(await use(api));
    } finally {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, interrupt);
      await api.close();
    }
  };
  const open = (): Promise<PipecraftApi> =>
    openApi(parseCliEnv(source), program.opts<{ url?: string; token?: string }>(), io.err);
  const json = new Option('--json', 'print JSON instead of a table');

  program
    .command('run')
    .description('Start a run of a sync (by name or id). On the local store the run executes here, so it always waits.')
    .argument('<sync>', 'the sync’s name or id')
    .option('--wait', 'follow the run to its end; exit 0 on success, 1 on failure')
    .option('--json', 'print the run as JSON (with --wait: the finished run)')
    .addOption(
      new Option('--poll-ms <ms>', 'how often to check a waited-for run')
        .argParser(positiveInt)
        .default(500)
        .hideHelp(),
    )
    .action((sync: string, options: { wait?: boolean; json?: boolean; pollMs: number }) =>
      withApi((api) =>
        runCommand(api, sync, { wait: options.wait ?? false, json: options.json ?? false, pollMs: options.pollMs }, io),
      ),
    );

  for (const [name, list] of [
    ['connections', listConnections],
    ['syncs', listSyncs],
  ] as const) {
    program
      .command(name)
      .description(`Saved ${name}`)
      .command('list')
      .description(`List the ${name}`)
      .addOption(json)
      .action((options: { json?: boolean }) => withApi((api) => list(api, { json: options.json ?? false }, io)));
  }
  program
    .command('runs')
    .description('Runs of syncs')
    .command('list')
    .description('The newest runs, of every sync or of one')
    .option('--sync <sync>', 'only this sync’s runs (name or id)')
    .option('--limit <n>', 'how many', positiveInt, 20)
    .addOption(json)
    .action((options: { sync?: string; limit: number; json?: boolean }) =>
      withApi((api) =>
        listRuns(api, { sync: options.sync, limit: Math.min(options.limit, 100), json: options.json ?? false }, io),
      ),
    );

  program
    .command('apply')
    .description(
      'Make the store match a file of connections and syncs: shows the plan (create, update, delete), then applies it. ' +
        'What the store has and the file does not is deleted.',
    )
    .requiredOption('-f, --file <file>', 'the configuration file (YAML)')
    .option('--dry-run', 'print the plan and change nothing')
    .option('-y, --yes', 'apply without asking (needed when there is no terminal)')
    .action(async (options: { file: string; dryRun?: boolean; yes?: boolean }) => {
      const env = parseCliEnv(source);
      settle(
        await applyCommand(
          () => openApi(env, program.opts<{ url?: string; token?: string }>(), io.err),
          {
            file: path.resolve(env.workingDir, options.file),
            dryRun: options.dryRun ?? false,
            yes: options.yes ?? false,
          },
          env.variables,
          io,
        ),
      );
    });

  program
    .command('export')
    .description('Print the connections and syncs as a file for `apply`; secrets become ${VARIABLE} references')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action((options: { output?: string }) => {
      const output = options.output ? path.resolve(parseCliEnv(source).workingDir, options.output) : undefined;
      return withApi((api) => exportCommand(api, { output }, io));
    });

  program
    .command('keys')
    .description('The keys that encrypt stored secrets (local store only)')
    .command('rotate')
    .description(
      'Add a new key to the key ring and re-encrypt every stored secret under it; safe while the server runs. ' +
        'With PIPECRAFT_SECRET_KEY, put the new key first in that list (old ones after it) before running this.',
    )
    .action(async () => settle(await keysRotateCommand(parseCliEnv(source), program.opts<{ url?: string }>(), io)));

  return program;
}

/** Runs the CLI and returns its exit code; every known problem is one readable message on stderr, never a stack. */
export async function runCli(
  argv: string[],
  /** The environment; absent = the process's (read by env.ts). */
  source: Record<string, string | undefined> | undefined,
  io: CliIo,
): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(source, io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return USAGE_ERROR;
    if (error instanceof ApiCallError) {
      io.err(`pipecraft: ${error.code}: ${error.message}\n`);
      for (const [field, messages] of Object.entries(error.fieldErrors ?? {}))
        io.err(`  ${field}: ${messages.join(' ')}\n`);
      return 1;
    }
    if (error instanceof CliError) {
      io.err(`pipecraft: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof ConfigFileError || error instanceof CliEnvError || error instanceof SecretKeyError) {
      io.err(`pipecraft: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
