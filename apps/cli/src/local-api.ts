import { TRPCError } from '@trpc/server';
import { appCodeOf, createApiDeps, createCaller, fieldErrorsOf, type Actor, type Context } from '@pipecraft/api';
import type { Logger } from '@pipecraft/logger';
import { RunExecutor } from '@pipecraft/runner';
import { openStore } from '@pipecraft/store';
import { ApiCallError, type PipecraftApi } from './api-port.js';

/**
 * Whoever can run this command on the machine can read the store and its key file, so the CLI on
 * the local store acts as an admin without signing in. It has no user row: the audit log names it
 * by this email (decision 156).
 */
const LOCAL_ACTOR: Actor = {
  userId: 'local-cli',
  email: 'pipecraft-cli@localhost',
  name: 'pipecraft CLI (local store)',
  role: 'admin',
  via: 'token',
  tokenName: 'local store',
};

export interface LocalApiOptions {
  dataDir: string;
  storeUrl: string;
  secretKey: string | undefined;
  lockWaitMs: number | undefined;
  logger: Logger;
}

/**
 * The router in this process on the store the server would use, as apps/server builds it, with
 * an in-process runner. Orphan recovery is left to the server: a server may be running on the
 * same store, and its active runs are not orphans.
 */
export async function localApi(options: LocalApiOptions): Promise<PipecraftApi> {
  const store = await openStore({
    dataDir: options.dataDir,
    url: options.storeUrl,
    secretKey: options.secretKey ?? null,
  });
  const runner = new RunExecutor({
    store,
    logger: options.logger,
    // One command starts one run at a time.
    caps: { maxRuns: 1, maxRunsPerConnection: 1 },
    ...(options.lockWaitMs ? { lockWaitMs: options.lockWaitMs } : {}),
  });
  const deps = createApiDeps({ store, logger: options.logger, runner });
  const context: Context = {
    services: deps.services,
    logger: deps.logger,
    actor: LOCAL_ACTOR,
    request: {
      ip: null,
      userAgent: 'pipecraft-cli',
      credentials: { sessionSecret: null, bearerToken: null },
      sessionCookie: null,
    },
  };
  const caller = createCaller(context);
  const call = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      if (error instanceof TRPCError) throw new ApiCallError(appCodeOf(error), error.message, fieldErrorsOf(error));
      throw error;
    });
  return {
    description: `local store ${store.description}`,
    runsInProcess: true,
    connections: {
      list: () => call(caller.connections.list()),
      create: (input) => call(caller.connections.create(input)),
      update: (input) => call(caller.connections.update(input)),
      delete: (input) => call(caller.connections.delete(input)),
    },
    syncs: {
      list: () => call(caller.syncs.list()),
      create: (input) => call(caller.syncs.create(input)),
      update: (input) => call(caller.syncs.update(input)),
      delete: (input) => call(caller.syncs.delete(input)),
    },
    runs: {
      start: (input) => call(caller.runs.start(input)),
      get: (input) => call(caller.runs.get(input)),
      list: (input) => call(caller.runs.list(input)),
      recent: (input) => call(caller.runs.recent(input)),
    },
    close: async () => {
      await runner.shutdown();
      await store.close();
    },
  };
}
