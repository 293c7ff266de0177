import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { RunExecutor, WebhookDispatcher } from '@pipecraft/runner';
import { openStore, type Store } from '@pipecraft/store';
import {
  appCodeOf,
  createApiDeps,
  createCaller,
  createContext,
  fieldErrorsOf,
  type ApiDeps,
  type Credentials,
  type RequestInfo,
} from '../../src/index.js';

/** A real store (SQLite in a temp dir), the real engine, the in-process runner, a caller, and every log line captured. */
export interface Harness {
  dataDir: string;
  store: Store;
  /** The runner the deps start runs on; the harness recovers it on restart and shuts it down on close. */
  runner: RunExecutor;
  /** Webhook deliveries (short retry delays); told about every run of `runner`. */
  webhooks: WebhookDispatcher;
  deps: ApiDeps;
  /** Signed in as the admin the harness set up ({@link ADMIN}). */
  caller: ReturnType<typeof createCaller>;
  /** The admin's session. */
  admin: Credentials;
  logLines: string[];
  /** Closes and re-opens the store (a restart), rebuilding deps and caller. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** `connectTimeoutMs` defaults to 5 s; the timeout test lowers it. */
export async function createHarness(options: { connectTimeoutMs?: number } = {}): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-api-test-'));
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  let admin: Credentials = { sessionSecret: null, bearerToken: null };
  const build = (store: Store) => {
    const webhooks = new WebhookDispatcher({ store, logger, retry: { firstDelayMs: 10, maxDelayMs: 50 } });
    const runner = new RunExecutor({ store, logger, connectTimeoutMs, progressIntervalMs: 100, notifiers: [webhooks] });
    const deps = createApiDeps({ store, logger, runner, webhooks, connectTimeoutMs });
    return { runner, webhooks, deps, caller: callerFor(deps, admin) };
  };
  const store = await openStore({ dataDir });
  const first = build(store);
  admin = await setupAdmin(first.deps);
  first.caller = callerFor(first.deps, admin);
  const harness: Harness = {
    dataDir,
    store,
    admin,
    ...first,
    logLines,
    async restart() {
      await harness.store.close();
      harness.store = await openStore({ dataDir });
      Object.assign(harness, build(harness.store));
      await harness.runner.recoverOrphanedRuns();
    },
    async close() {
      await harness.runner.shutdown();
      await harness.webhooks.shutdown();
      await harness.store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The first admin every harness creates. */
export const ADMIN = { email: 'admin@example.com', name: 'Admin', password: 'correct horse battery staple' };

/** Completes first-run setup with {@link ADMIN}; returns the admin's session. */
export async function setupAdmin(deps: ApiDeps): Promise<Credentials> {
  const session = await deps.services.auth.setup(ADMIN, { actor: null, ip: null }, null);
  return { sessionSecret: session.secret, bearerToken: null };
}

/** A caller whose every call carries these credentials (none = anonymous). */
export function callerFor(
  deps: ApiDeps,
  credentials: Partial<Credentials> = {},
  request: Partial<Omit<RequestInfo, 'credentials'>> = {},
): ReturnType<typeof createCaller> {
  return createCaller(() =>
    createContext(deps, { ...request, credentials: { sessionSecret: null, bearerToken: null, ...credentials } }),
  );
}

/** Awaits a call that must fail; checks the tRPC code and the domain code, returns the error. */
export async function expectFailure(
  call: Promise<unknown>,
  expected: { code?: TRPCError['code']; appCode?: string; message?: RegExp },
): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  if (expected.code) expect(trpcError.code).toBe(expected.code);
  if (expected.appCode) expect(appCodeOf(trpcError)).toBe(expected.appCode);
  if (expected.message) expect(trpcError.message).toMatch(expected.message);
  return trpcError;
}

export { fieldErrorsOf };

/** Polls until `check` returns a value or the time is up. */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
