import type { Server } from 'node:http';
import { createLogger } from '@pipecraft/logger';
import { QueueWorker, RunMetrics, startHost, WebhookDispatcher } from '@pipecraft/runner';
import { EnvError, parseWorkerEnv } from './env.js';
import { createHealthServer } from './health-server.js';
import { createWorkerMetrics } from './worker-metrics.js';

/**
 * Start: read env, open the shared store (migrations are the server's job, but applying pending
 * ones is harmless), register, take runs from the queue, serve `/healthz` and `/metrics`. Runs it
 * records (or reaps) fire the webhooks and count in `/metrics` as the server's own runs do.
 * Stop (SIGINT/SIGTERM): take no new runs, let held runs finish within the grace period, hand the
 * rest back to the queue, finish webhook deliveries under way, exit. A `kill -9` leaves its runs to
 * the other workers' lease reaper.
 */
async function main(): Promise<void> {
  const { env, logger, store } = await startHost({
    name: 'PipeCraft worker',
    readEnv: () => parseWorkerEnv(),
    isEnvError: (error) => error instanceof EnvError,
  });
  const webhooks = new WebhookDispatcher({ store, logger });
  const metrics = new RunMetrics();
  const worker = new QueueWorker({
    store,
    logger,
    queue: { url: env.PIPECRAFT_QUEUE_URL, name: env.PIPECRAFT_QUEUE_NAME },
    concurrency: env.PIPECRAFT_WORKER_CONCURRENCY,
    caps: { maxRuns: env.PIPECRAFT_MAX_RUNS, maxRunsPerConnection: env.PIPECRAFT_MAX_RUNS_PER_CONNECTION },
    lockWaitMs: env.PIPECRAFT_LOCK_WAIT_MS,
    leaseMs: env.PIPECRAFT_LEASE_MS,
    heartbeatMs: env.PIPECRAFT_HEARTBEAT_MS,
    shutdownGraceMs: env.PIPECRAFT_SHUTDOWN_GRACE_MS,
    progressIntervalMs: env.PIPECRAFT_PROGRESS_INTERVAL_MS,
    notifiers: [webhooks, metrics],
  });
  await worker.start();
  const source = { stats: () => worker.stats, queueDepth: () => worker.queueDepth(), now: Date.now };
  // The queue's depth has its own gauge; here "queued" would be the whole fleet's, not this process's.
  metrics.watchLoad(() => ({ running: worker.stats.activeRuns, queued: 0 }));
  const server: Server = createHealthServer(
    { ...source, leaseMs: env.PIPECRAFT_LEASE_MS },
    createWorkerMetrics(source, metrics.registry),
  );
  await new Promise<void>((resolve, reject) => server.listen(env.PORT, env.HOST, resolve).once('error', reject));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  logger.info(`PipeCraft worker ${worker.workerId} serving /healthz and /metrics on http://${env.HOST}:${port}`, {
    workerId: worker.workerId,
    port,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('Worker shutting down', { signal });
    await worker.shutdown();
    await webhooks.shutdown();
    server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  createLogger().error('PipeCraft worker could not start', { error });
  process.exit(1);
});
