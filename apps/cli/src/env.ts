import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_LEVELS } from '@pipecraft/logger';

/**
 * `<repo root>/data`, the server's default (apps/server/src/env.ts), found from this file's
 * location: `src/env.ts` and the bundled `dist/pipecraft.js` sit at the same depth.
 */
const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data');

const envSchema = z.object({
  /** A running server (`http://host:3000`); unset = work on the local store. */
  PIPECRAFT_URL: z
    .string()
    .url('must be a URL like http://127.0.0.1:3000')
    .refine((url) => /^https?:\/\//.test(url), 'must start with http:// or https://')
    .optional(),
  /** An API token (`pct_…`) for PIPECRAFT_URL. */
  PIPECRAFT_TOKEN: z.string().min(1).optional(),
  // The local store, read exactly as the server reads it.
  PIPECRAFT_DATA_DIR: z
    .string()
    .min(1)
    .default(DEFAULT_DATA_DIR)
    .transform((dir) => path.resolve(dir)),
  PIPECRAFT_STORE_URL: z.string().trim().default(''),
  PIPECRAFT_SECRET_KEY: z.string().min(1).optional(),
  /** The engine's wait for a destination lock when a run executes in this process, in ms. */
  PIPECRAFT_LOCK_WAIT_MS: z.coerce.number().int('must be a whole number').min(100).optional(),
  /** Logs go to stderr, so stdout stays the command's output; quiet unless something is wrong. */
  LOG_LEVEL: z.enum(LOG_LEVELS as [string, ...string[]]).default('warn'),
});

export type CliEnv = Omit<z.infer<typeof envSchema>, 'LOG_LEVEL'> & {
  LOG_LEVEL: (typeof LOG_LEVELS)[number];
  /**
   * Where relative file names start: the directory `npm run pipecraft` was typed in (npm runs
   * scripts from the repository root and says where it was called in INIT_CWD), else the process's.
   */
  workingDir: string;
  /** Every variable, for `${NAME}` references in a configuration file. */
  variables: Readonly<Record<string, string | undefined>>;
};

/** Thrown when the environment is invalid; names the bad keys, never their values. */
export class CliEnvError extends Error {
  constructor(problems: Array<{ key: string; message: string }>) {
    super(`Invalid environment: ${problems.map((p) => `${p.key} ${p.message}`).join('; ')}`);
    this.name = 'CliEnvError';
  }
}

/** Reads the CLI's settings once; empty values count as unset (except the store URL, where empty means SQLite). */
export function parseCliEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    input[key] = value === '' && key !== 'PIPECRAFT_STORE_URL' ? undefined : value;
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new CliEnvError(
      parsed.error.issues.map((issue) => ({ key: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  return {
    ...(parsed.data as Omit<CliEnv, 'variables' | 'workingDir'>),
    workingDir: source.INIT_CWD || process.cwd(),
    variables: { ...source },
  };
}
