import type { Server } from 'node:http';
import { createApiDeps } from '@pipecraft/api';
import { createLogger } from '@pipecraft/logger';
import {
  PipelineRunner,
  QueueRunner,
  RunExecutor,
  RunMetrics,
  Scheduler,
  startHost,
  WebhookDispatcher,
} from '@pipecraft/runner';
import { createApp } from './app.js';
import { EnvError, parseEnv } from './env.js';
import { allowedHostsOf } from './security/host-allowlist.js';
import { createWebHandler } from './web-handler.js';

/**
 * Start: read env, open + migrate the store, mark runs a crash left active as failed, listen.
 * Stop (SIGINT/SIGTERM): stop accepting, abort active runs and record them, close the store, exit.
 */
async function main(): Promise<void> {
  const { env, logger, store } = await startHost({
    name: 'PipeCraft',
    readEnv: () => parseEnv(),
    isEnvError: (error) => error instanceof EnvError,
  });
  const production = env.NODE_ENV === 'production';
  logger.info('Store ready', { store: store.description, migrations: await store.appliedMigrations() });

  const webhooks = new WebhookDispatcher({ store, logger });
  const metrics = new RunMetrics();
  let runner: RunExecutor | QueueRunner;
  if (env.PIPECRAFT_RUN_MODE === 'distributed' && env.PIPECRAFT_QUEUE_URL) {
    // Workers execute; they settle each other's runs by lease, so no start-up recovery here
    // (it would fail runs that live workers hold).
    runner = new QueueRunner({
      store,
      logger,
      queue: { url: env.PIPECRAFT_QUEUE_URL, name: env.PIPECRAFT_QUEUE_NAME },
    });
    logger.info('Runs go to the queue; workers execute them', { queue: env.PIPECRAFT_QUEUE_NAME });
  } else {
    const executor = new RunExecutor({
      store,
      logger,
      notifiers: [webhooks, metrics],
      caps: { maxRuns: env.PIPECRAFT_MAX_RUNS, maxRunsPerConnection: env.PIPECRAFT_MAX_RUNS_PER_CONNECTION },
      lockWaitMs: env.PIPECRAFT_LOCK_WAIT_MS,
    });
    metrics.watchLoad(() => executor.load);
    await executor.recoverOrphanedRuns();
    runner = executor;
  }
  // Pipelines run their members through the runner; the scheduler decides when scheduled runs
  // start, through the same port as the API.
  const pipelineRunner = new PipelineRunner({ store, runner, logger });
  const scheduler = new Scheduler({ store, runner, pipelines: pipelineRunner, logger, metrics });
  const api = createApiDeps({
    store,
    logger,
    runner,
    webhooks,
    pipelineRunner,
    connectionTargets: {
      hostPatterns: env.PIPECRAFT_CONNECTION_HOSTS,
      allowUnixSockets: env.PIPECRAFT_ALLOW_UNIX_SOCKETS,
    },
  });

  const web = await createWebHandler({ production });
  const app = createApp({
    api,
    corsOrigins: env.PIPECRAFT_CORS_ORIGIN,
    production,
    web,
    allowedHosts: allowedHostsOf(env.PIPECRAFT_PUBLIC_URL),
    https: env.PIPECRAFT_PUBLIC_URL?.startsWith('https:') ?? false,
    ...(env.PIPECRAFT_PUBLIC_URL ? { publicOrigin: new URL(env.PIPECRAFT_PUBLIC_URL).origin } : {}),
    connectionTestRate: env.PIPECRAFT_CONNECTION_TEST_RATE,
    maxBatch: env.PIPECRAFT_MAX_BATCH,
    trustProxy: env.PIPECRAFT_TRUST_PROXY,
    metrics,
    metricsToken: env.PIPECRAFT_METRICS_TOKEN ?? null,
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(env.PORT, env.HOST, () => resolve(listening)).once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  logger.info(`PipeCraft listening on http://${env.HOST}:${port}`, { dataDir: env.PIPECRAFT_DATA_DIR });
  scheduler.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('Shutting down', { signal });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive sockets would hold close() open; active requests get to finish.
    server.closeIdleConnections();
    await scheduler.stop();
    const pipelinesStopped = pipelineRunner.stop();
    await runner.shutdown();
    await webhooks.shutdown();
    await pipelinesStopped;
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await store.close();
    logger.info('Stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const logger = createLogger();
  logger.error('PipeCraft could not start', { error });
  process.exit(1);
});
