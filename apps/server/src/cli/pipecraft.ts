import { Command } from 'commander';
import { rotateSecretKey, SecretKeyError } from '@pipecraft/store';
import { EnvError, parseEnv } from '../env.js';

/**
 * `pipecraft` — operator commands beside the server (`npm run pipecraft -- keys rotate`). Reads the
 * same environment as the server (data directory, store URL, secret key), validated by env.ts.
 */
function buildProgram(
  source: Record<string, string | undefined> | undefined,
  io: { out: (text: string) => void; err: (text: string) => void },
): Command {
  const write = io.out;
  // Output and exit settings first: subcommands copy them when they are created.
  const program = new Command('pipecraft')
    .description('PipeCraft operator commands')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  const keys = program.command('keys').description('Manage the keys that encrypt stored secrets');
  keys
    .command('rotate')
    .description(
      'Add a new key to the key ring and re-encrypt every stored secret under it. Safe while the server runs: ' +
        'old keys stay in the ring, and the server picks up the new one. With PIPECRAFT_SECRET_KEY, put the new key ' +
        'first in that list (old ones after it) before running this.',
    )
    .action(async () => {
      const env = parseEnv(source);
      const rotation = await rotateSecretKey({
        dataDir: env.PIPECRAFT_DATA_DIR,
        url: env.PIPECRAFT_STORE_URL,
        secretKey: env.PIPECRAFT_SECRET_KEY ?? null,
      });
      write(
        `Re-encrypted ${rotation.resealed} secret${rotation.resealed === 1 ? '' : 's'} under key ${rotation.currentKeyId}. ` +
          `Key ring: ${rotation.keyIds.join(', ')} (newest first).\n`,
      );
    });
  return program;
}

/** Runs the CLI; exit code 0 on success, 1 with one readable line on a known problem. */
export async function runCli(
  argv: string[],
  /** The environment; absent = the process's (read by env.ts). */
  source: Record<string, string | undefined> | undefined,
  io: { out: (text: string) => void; err: (text: string) => void },
): Promise<number> {
  const program = buildProgram(source, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 1;
    if (error instanceof EnvError || error instanceof SecretKeyError) {
      io.err(`pipecraft: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
