import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_LEVELS } from '@pipecraft/logger';

/** `<repo root>/data`, like the server's, so a worker beside the server finds the same `secret.key`. */
const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data');

const wholeNumber = (min: number, max: number) => z.coerce.number().int('must be a whole number').min(min).max(max);

const envSchema = z
  .object({
    /** Port of `/healthz` and `/metrics` (0 = any free port, printed at start). */
    PORT: wholeNumber(0, 65535).default(3100),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** The store the API server uses: workers and server must share it (PostgreSQL or MySQL). */
    PIPECRAFT_STORE_URL: z
      .string()
      .trim()
      .refine(
        (url) => /^(postgres|postgresql|mysql|mariadb):\/\//i.test(url),
        'must be the postgresql:// or mysql:// URL of the store the server uses (workers cannot share a SQLite file)',
      ),
    /** The queue the server adds runs to. */
    PIPECRAFT_QUEUE_URL: z
      .string()
      .trim()
      .refine((url) => /^rediss?:\/\/[^/]/i.test(url), 'must be a redis:// or rediss:// URL'),
    PIPECRAFT_QUEUE_NAME: z
      .string()
      .regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
      .default('pipecraft-runs'),
    PIPECRAFT_DATA_DIR: z
      .string()
      .min(1)
      .default(DEFAULT_DATA_DIR)
      .transform((dir) => path.resolve(dir)),
    /** The server's key (ring), to read connection passwords. */
    PIPECRAFT_SECRET_KEY: z
      .string()
      .refine(
        (value) => value.split(',').every((key) => Buffer.from(key.trim(), 'base64').length === 32),
        "must be the server's key: base64 of exactly 32 bytes, or several separated by commas",
      )
      .optional(),
    /** Runs this process executes at once. */
    PIPECRAFT_WORKER_CONCURRENCY: wholeNumber(1, 64).default(2),
    /** Runs at once across all workers (give every worker the same value). */
    PIPECRAFT_MAX_RUNS: wholeNumber(1, 4096).default(4),
    /** Runs at once using one saved connection, across all workers. */
    PIPECRAFT_MAX_RUNS_PER_CONNECTION: wholeNumber(1, 4096).default(2),
    PIPECRAFT_LOCK_WAIT_MS: wholeNumber(100, 24 * 3_600_000).default(300_000),
    /** How long a run's claim lasts without renewal: a killed worker's run is settled within this plus one heartbeat. */
    PIPECRAFT_LEASE_MS: wholeNumber(1_000, 3_600_000).default(15_000),
    /** How often a worker renews its claims and heartbeat and looks for cancel requests (at most a third of the lease). */
    PIPECRAFT_HEARTBEAT_MS: wholeNumber(100, 1_200_000).default(2_000),
    /** How long a stop lets active runs finish before handing them back to the queue. */
    PIPECRAFT_SHUTDOWN_GRACE_MS: wholeNumber(0, 3_600_000).default(30_000),
    /** How often a run's row count is saved while it copies (what the UI's progress shows). */
    PIPECRAFT_PROGRESS_INTERVAL_MS: wholeNumber(10, 60_000).default(500),
    LOG_LEVEL: z.enum(LOG_LEVELS as [string, ...string[]]).default('info'),
  })
  .refine((env) => env.PIPECRAFT_HEARTBEAT_MS * 3 <= env.PIPECRAFT_LEASE_MS, {
    path: ['PIPECRAFT_HEARTBEAT_MS'],
    message: 'must be at most a third of PIPECRAFT_LEASE_MS, so one missed renewal does not lose a claim',
  });

export type WorkerEnv = Omit<z.infer<typeof envSchema>, 'LOG_LEVEL'> & { LOG_LEVEL: (typeof LOG_LEVELS)[number] };

/** Thrown when the environment is invalid; the message names every bad key (never its value). */
export class EnvError extends Error {
  constructor(problems: Array<{ key: string; message: string }>) {
    super(`Invalid environment: ${problems.map((p) => `${p.key} ${p.message}`).join('; ')}`);
    this.name = 'EnvError';
  }
}

/** Reads and validates the worker's environment once, at start. Empty values count as unset. */
export function parseWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.innerType().shape)) input[key] = source[key] === '' ? undefined : source[key];
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => ({ key: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  return parsed.data as WorkerEnv;
}
