import type { Logger } from '@pipecraft/logger';
import type { RunnerPort, WebhookPort } from '@pipecraft/runner';
import type { Store } from '@pipecraft/store';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '@pipecraft/sync-engine';
import { SignInLimiter } from './auth/sign-in-limiter.js';
import { AuditService } from './services/audit-service.js';
import { AuthService } from './services/auth-service.js';
import { ConnectionService } from './services/connection-service.js';
import type { ConnectionTargetPolicy } from './services/connection-targets.js';
import { DiscoveryService } from './services/discovery-service.js';
import { defaultEngine, type SyncEnginePort } from './services/engine-port.js';
import { RunService } from './services/run-service.js';
import { SyncService } from './services/sync-service.js';
import { TokenService } from './services/token-service.js';
import { UserService } from './services/user-service.js';
import { WebhookService } from './services/webhook-service.js';
import { WorkerService } from './services/worker-service.js';

export interface ApiDepsOptions {
  /** An opened (and migrated) store. */
  store: Store;
  logger: Logger;
  /**
   * Executes runs; the API only starts and cancels through this port. The host builds it (the
   * server: an in-process `RunExecutor` from `@pipecraft/runner`) and owns its start and shutdown.
   */
  runner: RunnerPort;
  /** Sends webhook test deliveries (the host builds a `WebhookDispatcher`). Absent: `webhooks.test` answers that delivery is not set up. */
  webhooks?: WebhookPort;
  /** Default: the real `@pipecraft/sync-engine`. */
  engine?: SyncEnginePort;
  /** Upper bound for reaching a user database (tests, discovery, previews), in ms. Default: the engine's `DEFAULT_CONNECT_TIMEOUT_MS`. */
  connectTimeoutMs?: number;
  /** Which hosts connections may point at (env `PIPECRAFT_CONNECTION_HOSTS`). Default: any host, no Unix sockets. */
  connectionTargets?: ConnectionTargetPolicy;
  /** How long a session lasts from sign-in, in ms. Default 7 days. */
  sessionTtlMs?: number;
  /** Failed sign-ins allowed per email (per address: six times as many) in 15 minutes. Default 5. */
  signInAttempts?: number;
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
    auth: AuthService;
    users: UserService;
    tokens: TokenService;
    audit: AuditService;
    webhooks: WebhookService;
    workers: WorkerService;
  };
}

export function createApiDeps(options: ApiDepsOptions): ApiDeps {
  const { store, logger, runner } = options;
  const engine = options.engine ?? defaultEngine;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const audit = new AuditService({ store });
  const maxPerEmail = options.signInAttempts ?? 5;
  const auth = new AuthService({
    store,
    audit,
    logger,
    limiter: new SignInLimiter({ maxPerEmail, maxPerIp: maxPerEmail * 6 }),
    sessionTtlMs: options.sessionTtlMs ?? 7 * 24 * 60 * 60 * 1000,
  });
  const connections = new ConnectionService({
    store,
    engine,
    logger,
    connectTimeoutMs,
    audit,
    ...(options.connectionTargets ? { targets: options.connectionTargets } : {}),
  });
  return {
    store,
    logger,
    engine,
    services: {
      connections,
      discovery: new DiscoveryService({ connections, engine }),
      syncs: new SyncService({ store, engine, connectTimeoutMs, connections, audit }),
      runs: new RunService({ store, runner, audit }),
      auth,
      users: new UserService({ store, audit, auth }),
      tokens: new TokenService({ store, audit }),
      audit,
      webhooks: new WebhookService({ store, audit, webhooks: options.webhooks ?? null }),
      workers: new WorkerService({ store }),
    },
  };
}
