import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_LEVELS } from '@pipecraft/logger';

/** `<repo root>/data`, found from this file's location so the working directory does not matter. */
export const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data');

const base64Key = z
  .string()
  .refine(
    (value) => Buffer.from(value, 'base64').length === 32,
    'must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)',
  );

const envSchema = z.object({
  PORT: z.coerce.number().int('must be a whole number').min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PIPECRAFT_DATA_DIR: z
    .string()
    .min(1)
    .default(DEFAULT_DATA_DIR)
    .transform((dir) => path.resolve(dir)),
  /** Empty = SQLite in the data directory. */
  PIPECRAFT_STORE_URL: z
    .string()
    .trim()
    .refine(
      (url) => url === '' || /^(postgres|postgresql|mysql|mariadb):\/\//i.test(url),
      'must start with postgresql:// or mysql:// (or be empty for SQLite)',
    )
    .default(''),
  PIPECRAFT_SECRET_KEY: base64Key.optional(),
  /** Comma-separated origins allowed to call /trpc from a browser; none by default (same origin only). */
  PIPECRAFT_CORS_ORIGIN: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().url('must be a comma-separated list of origins like http://localhost:5173'))),
  /**
   * Express's `trust proxy`: set it when a TLS-terminating proxy sits in front (e.g. `loopback` or a
   * hop count), so `X-Forwarded-Proto: https` marks the session cookie Secure. Off by default.
   */
  PIPECRAFT_TRUST_PROXY: z
    .string()
    .trim()
    .default('')
    .transform((value): boolean | number | string =>
      value === '' || value === 'false' ? false : value === 'true' ? true : /^\d+$/.test(value) ? Number(value) : value,
    ),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS as [string, ...string[]]).default('info'),
});

export type Env = Omit<z.infer<typeof envSchema>, 'LOG_LEVEL'> & { LOG_LEVEL: (typeof LOG_LEVELS)[number] };

/** Thrown when the environment is invalid; the message names every bad key (never its value). */
export class EnvError extends Error {
  readonly keys: string[];

  constructor(problems: Array<{ key: string; message: string }>) {
    super(`Invalid environment: ${problems.map((p) => `${p.key} ${p.message}`).join('; ')}`);
    this.name = 'EnvError';
    this.keys = problems.map((p) => p.key);
  }
}

/** Reads and validates the environment once, at start. Empty values count as unset (except the store URL). */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    input[key] = value === '' && key !== 'PIPECRAFT_STORE_URL' ? undefined : value;
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => ({ key: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  return parsed.data as Env;
}
