import type { Store } from '@pipecraft/store';
import type { Logger } from './logger.js';
import { ConnectionService } from './services/connection-service.js';
import { DiscoveryService } from './services/discovery-service.js';
import { defaultEngine, type SyncEnginePort } from './services/engine-port.js';
import { RunExecutor } from './services/run-executor.js';
import { RunService } from './services/run-service.js';
import { SyncService } from './services/sync-service.js';

export interface ApiDepsOptions {
  /** An opened (and migrated) store. */
  store: Store;
  logger: Logger;
  /** Default: the real `@pipecraft/sync-engine`. */
  engine?: SyncEnginePort;
  /** Upper bound for reaching a user database, in ms. Default 10 000. */
  connectTimeoutMs?: number;
  /** How often a run's live progress is written to the store, in ms. Default 500. */
  progressIntervalMs?: number;
}

/** Everything the routers need, built once per process (the server) or per test file. */
export interface ApiDeps {
  store: Store;
  logger: Logger;
  engine: SyncEnginePort;
  /** Owns background runs; the server calls `recoverOrphanedRuns()` at start and `shutdown()` at stop. */
  runExecutor: RunExecutor;
  services: {
    connections: ConnectionService;
    discovery: DiscoveryService;
    syncs: SyncService;
    runs: RunService;
  };
}

export function createApiDeps(options: ApiDepsOptions): ApiDeps {
  const { store, logger } = options;
  const engine = options.engine ?? defaultEngine;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const connections = new ConnectionService({ store, engine, logger, connectTimeoutMs });
  const runExecutor = new RunExecutor({
    store,
    engine,
    logger,
    connectTimeoutMs,
    ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
  });
  return {
    store,
    logger,
    engine,
    runExecutor,
    services: {
      connections,
      discovery: new DiscoveryService({ connections, engine }),
      syncs: new SyncService({ store, engine, connectTimeoutMs }),
      runs: new RunService({ store, executor: runExecutor }),
    },
  };
}
