import { createLogger, type Logger, type LogLevel } from '@pipecraft/logger';
import { openStore, SecretKeyError, type Store } from '@pipecraft/store';

/** The keys every host reads the same way (each app's `env.ts` validates them). */
export interface HostEnv {
  LOG_LEVEL: LogLevel;
  PIPECRAFT_DATA_DIR: string;
  PIPECRAFT_STORE_URL: string;
  PIPECRAFT_SECRET_KEY?: string | undefined;
}

export interface HostStartOptions<E extends HostEnv> {
  /** How the host names itself in a start-up failure: "PipeCraft", "PipeCraft worker". */
  name: string;
  /** The app's own env reader (`parseEnv`, `parseWorkerEnv`), called once. */
  readEnv: () => E;
  /** Whether an error `readEnv` threw is its "invalid environment" error (its message names the bad keys). */
  isEnvError: (error: unknown) => boolean;
}

/**
 * The start the API server and the worker share: read the environment once, build the logger, open
 * the store. A mistake the person starting the process can fix — an invalid environment, a missing
 * or wrong secret key — ends it with one sentence on stderr and exit code 1, no stack trace and
 * nothing changed; anything else is thrown to the host's own last-resort handler.
 */
export async function startHost<E extends HostEnv>(
  options: HostStartOptions<E>,
): Promise<{ env: E; logger: Logger; store: Store }> {
  let env: E;
  try {
    env = options.readEnv();
  } catch (error) {
    if (options.isEnvError(error)) exitWith((error as Error).message);
    throw error;
  }
  const logger = createLogger({ level: env.LOG_LEVEL });
  try {
    const store = await openStore({
      dataDir: env.PIPECRAFT_DATA_DIR,
      url: env.PIPECRAFT_STORE_URL,
      secretKey: env.PIPECRAFT_SECRET_KEY ?? null,
    });
    return { env, logger, store };
  } catch (error) {
    if (error instanceof SecretKeyError) exitWith(`${options.name} could not start: ${error.message}`);
    throw error;
  }
}

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
