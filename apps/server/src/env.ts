import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_LEVELS } from '@pipecraft/logger';

/** `<repo root>/data`, found from this file's location so the working directory does not matter. */
const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data');

/** One key, or several comma-separated (the current key first, older ones still read). */
const base64Keys = z
  .string()
  .refine(
    (value) => value.split(',').every((key) => Buffer.from(key.trim(), 'base64').length === 32),
    'must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`), or several such keys separated by commas',
  );

const commaList = z
  .string()
  .default('')
  .transform((list) =>
    list
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
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
  PIPECRAFT_SECRET_KEY: base64Keys.optional(),
  /**
   * The URL people use to reach PipeCraft, e.g. `https://pipecraft.example.com`. Requests whose
   * Host header names another host are refused (DNS rebinding); same-origin checks use it too.
   * Default: http://127.0.0.1:PORT and http://localhost:PORT.
   */
  PIPECRAFT_PUBLIC_URL: z
    .string()
    .url('must be a URL like https://pipecraft.example.com')
    .refine((url) => /^https?:\/\//.test(url), 'must start with http:// or https://')
    .optional(),
  /**
   * Host patterns connections may point at (comma-separated; `*` matches within a name, e.g.
   * `*.db.internal,10.0.0.*`); empty = any host. Unix sockets are refused unless allowed below.
   */
  PIPECRAFT_CONNECTION_HOSTS: commaList,
  /** `true` lets a connection's host be a Unix socket directory (starting with `/`). */
  PIPECRAFT_ALLOW_UNIX_SOCKETS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Connection tests and discovery calls (each reaches a database) per client IP and minute. */
  PIPECRAFT_CONNECTION_TEST_RATE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Most procedure calls in one tRPC batch request. */
  PIPECRAFT_MAX_BATCH: z.coerce.number().int().min(1).max(1_000).default(20),
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
  /** Runs at once in this server; more wait as `queued` and start in order. */
  PIPECRAFT_MAX_RUNS: z.coerce.number().int('must be a whole number').min(1).max(256).default(4),
  /** Runs at once using one saved connection (as source or destination). */
  PIPECRAFT_MAX_RUNS_PER_CONNECTION: z.coerce.number().int('must be a whole number').min(1).max(256).default(2),
  /** How long a run waits for a lock another session holds on its destination table before LOCK_TIMEOUT, in ms. */
  PIPECRAFT_LOCK_WAIT_MS: z.coerce
    .number()
    .int('must be a whole number')
    .min(100)
    .max(24 * 3_600_000)
    .default(300_000),
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
  /**
   * The bearer token Prometheus sends to read `/metrics`; unset = `/metrics` is off (decision 137).
   * At least 24 characters, e.g. `openssl rand -base64 32`.
   */
  PIPECRAFT_METRICS_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters (e.g. `openssl rand -base64 32`)')
    .optional(),
  /**
   * `embedded`: runs execute in this process (the default, nothing else to install). `distributed`:
   * this server only queues runs; `apps/worker` processes execute them (docs/deploy-workers.md).
   */
  PIPECRAFT_RUN_MODE: z.enum(['embedded', 'distributed']).default('embedded'),
  /** The queue runs are added to in distributed mode: `redis://host:6379` (BullMQ, decision 161). */
  PIPECRAFT_QUEUE_URL: z
    .string()
    .trim()
    .refine((url) => /^rediss?:\/\/[^/]/i.test(url), 'must be a redis:// or rediss:// URL')
    .optional(),
  /** The queue's name; the workers must be given the same. */
  PIPECRAFT_QUEUE_NAME: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
    .default('pipecraft-runs'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS as [string, ...string[]]).default('info'),
});

/** Distributed mode needs a queue, and a store the workers can share (not a SQLite file). */
const distributedNeeds = (env: z.infer<typeof envSchema>, context: z.RefinementCtx) => {
  if (env.PIPECRAFT_RUN_MODE !== 'distributed') return;
  if (!env.PIPECRAFT_QUEUE_URL)
    context.addIssue({
      code: 'custom',
      path: ['PIPECRAFT_QUEUE_URL'],
      message: 'is required when PIPECRAFT_RUN_MODE=distributed',
    });
  if (env.PIPECRAFT_STORE_URL === '')
    context.addIssue({
      code: 'custom',
      path: ['PIPECRAFT_STORE_URL'],
      message:
        'must name a PostgreSQL or MySQL store when PIPECRAFT_RUN_MODE=distributed (workers cannot share a SQLite file)',
    });
};

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
  const parsed = envSchema.superRefine(distributedNeeds).safeParse(input);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => ({ key: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  return parsed.data as Env;
}
