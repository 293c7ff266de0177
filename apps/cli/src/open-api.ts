import { createLogger } from '@pipecraft/logger';
import type { PipecraftApi } from './api-port.js';
import { CliError } from './cli-io.js';
import type { CliEnv } from './env.js';
import { localApi } from './local-api.js';
import { remoteApi } from './remote-api.js';

/**
 * A server when a URL is given (`--url` or PIPECRAFT_URL, with a token), otherwise the local
 * store that `npm start` on this machine would use (PIPECRAFT_DATA_DIR, PIPECRAFT_STORE_URL).
 */
export async function openApi(
  env: CliEnv,
  flags: { url?: string | undefined; token?: string | undefined },
  logTo: (text: string) => void,
): Promise<PipecraftApi> {
  const url = flags.url ?? env.PIPECRAFT_URL;
  if (url) {
    if (!/^https?:\/\/[^/]/.test(url))
      throw new CliError(`--url must be a URL like http://127.0.0.1:3000 (got "${url}").`);
    const token = flags.token ?? env.PIPECRAFT_TOKEN;
    if (!token) {
      throw new CliError(
        `A server URL needs an API token: set PIPECRAFT_TOKEN or pass --token (an admin creates one on the Tokens page).`,
      );
    }
    return remoteApi({ url, token });
  }
  return localApi({
    dataDir: env.PIPECRAFT_DATA_DIR,
    storeUrl: env.PIPECRAFT_STORE_URL,
    secretKey: env.PIPECRAFT_SECRET_KEY,
    lockWaitMs: env.PIPECRAFT_LOCK_WAIT_MS,
    // Logs go to stderr: stdout is the command's output (tables, JSON, YAML).
    logger: createLogger({ level: env.LOG_LEVEL, write: (line) => logTo(`${line}\n`) }),
  });
}
