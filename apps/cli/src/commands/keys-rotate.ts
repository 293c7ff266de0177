import { rotateSecretKey } from '@pipecraft/store';
import { CliError, type CliIo } from '../cli-io.js';
import type { CliEnv } from '../env.js';

/**
 * `pipecraft keys rotate`: a new key at the head of the key ring, every stored secret re-sealed
 * under it (decision 025). On the store itself, never through a server: the key never travels.
 * `npm run keys:rotate` in a checkout runs this command.
 */
export async function keysRotateCommand(env: CliEnv, flags: { url?: string | undefined }, io: CliIo): Promise<number> {
  if (flags.url ?? env.PIPECRAFT_URL) {
    throw new CliError('keys rotate works on the local store only (unset PIPECRAFT_URL, drop --url).');
  }
  const rotation = await rotateSecretKey({
    dataDir: env.PIPECRAFT_DATA_DIR,
    url: env.PIPECRAFT_STORE_URL,
    secretKey: env.PIPECRAFT_SECRET_KEY ?? null,
  });
  io.out(
    `Re-encrypted ${rotation.resealed} secret${rotation.resealed === 1 ? '' : 's'} under key ${rotation.currentKeyId}. ` +
      `Key ring: ${rotation.keyIds.join(', ')} (newest first).\n`,
  );
  return 0;
}
