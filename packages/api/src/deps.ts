import type { Logger } from '@pipecraft/logger';
import type { RunnerPort } from '@pipecraft/runner';
import type { Store } from '@pipecraft/store';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '@pipecraft/sync-engine';
import { ConnectionService } from './services/connection-service.js';
import type { ConnectionTargetPolicy } from './services/connection-targets.js';
import { DiscoveryService } from './services/discovery-service.js';
import { defaultEngine, type SyncEnginePort } from './services/engine-port.js';
import { RunService } from './services/run-service.js';
import { SyncService } from './services/sync-service.js';

export interface ApiDepsOptions {
  /** An opened (and migrated) store. */
  store: Store;
  logger: Logger;
  /**
   * Executes runs; the API only starts and cancels through this port. The host builds it (the
   * server: an in-process `RunExecutor` from `@pipecraft/runner`) and owns its start and shutdown.
   */
  runner: RunnerPort;
  /** Default: the real `@pipecraft/sync-engine`. */
  engine?: SyncEnginePort;
  /** Upper bound for reaching a user database (tests, discovery, previews), in ms. Default: the engine's `DEFAULT_CONNECT_TIMEOUT_MS`. */
  connectTimeoutMs?: number;
  /** Which hosts connections may point at (env `PIPECRAFT_CONNECTION_HOSTS`). Default: any host, no Unix sockets. */
  connectionTargets?: ConnectionTargetPolicy;
}

/** Everything the routers need, built once per process (the server) or per test file. */
export interface ApiDeps {
  store: Store;
  logger: Logger;
  engine: SyncEnginePort;
  services: {
    connections: ConnectionService;
    discovery: DiscoveryService;
    syncs: SyncService;
    runs: RunService;
  };
}

export function createApiDeps(options: ApiDepsOptions): ApiDeps {
  const { store, logger, runner } = options;
  const engine = options.engine ?? defaultEngine;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const connections = new ConnectionService({
    store,
    engine,
    logger,
    connectTimeoutMs,
    ...(options.connectionTargets ? { targets: options.connectionTargets } : {}),
  });
  return {
    store,
    logger,
    engine,
    services: {
      connections,
      discovery: new DiscoveryService({ connections, engine }),
      syncs: new SyncService({ store, engine, connectTimeoutMs, connections }),
      runs: new RunService({ store, runner }),
    },
  };
}
