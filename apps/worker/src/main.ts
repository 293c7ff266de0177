import type { Server } from 'node:http';
import { createLogger } from '@pipecraft/logger';
import { QueueWorker } from '@pipecraft/runner';
import { openStore, SecretKeyError } from '@pipecraft/store';
import { EnvError, parseWorkerEnv } from './env.js';
import { createHealthServer } from './health-server.js';
import { createWorkerMetrics } from './worker-metrics.js';

/**
 * Start: read env, open the shared store (migrations are the server's job, but applying pending
 * ones is harmless), register, take runs from the queue, serve `/healthz` and `/metrics`.
 * Stop (SIGINT/SIGTERM): take no new runs, let held runs finish within the grace period, hand the
 * rest back to the queue, exit. A `kill -9` leaves its runs to the other workers' lease reaper.
 */
async function main(): Promise<void> {
  let env;
  try {
    env = parseWorkerEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: env.LOG_LEVEL });
  let store;
  try {
    store = await openStore({
      dataDir: env.PIPECRAFT_DATA_DIR,
      url: env.PIPECRAFT_STORE_URL,
      secretKey: env.PIPECRAFT_SECRET_KEY ?? null,
    });
  } catch (error) {
    if (error instanceof SecretKeyError) {
      process.stderr.write(`PipeCraft worker could not start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
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
  });
  await worker.start();
  const source = { stats: () => worker.stats, queueDepth: () => worker.queueDepth(), now: Date.now };
  const server: Server = createHealthServer(
    { ...source, leaseMs: env.PIPECRAFT_LEASE_MS },
    createWorkerMetrics(source),
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
