import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { QueueWorkerStats } from '@pipecraft/runner';

export interface HealthSource {
  stats(): QueueWorkerStats;
  now(): number;
  /** A heartbeat older than this is unhealthy (the worker's runs are about to be reaped). */
  leaseMs: number;
}

/**
 * `/healthz` (200 while the store accepts this worker's heartbeats, 503 otherwise) and `/metrics`
 * (Prometheus text). Nothing else answers; no request reaches the store or a user database.
 */
export function createHealthServer(health: HealthSource, metrics: Registry): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://worker');
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (url.pathname === '/healthz') {
      const stats = health.stats();
      const heartbeatAgeMs = stats.lastHeartbeatAt === null ? null : health.now() - stats.lastHeartbeatAt;
      const ok = heartbeatAgeMs !== null && heartbeatAgeMs < health.leaseMs;
      response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          ok,
          workerId: stats.workerId,
          activeRuns: stats.activeRuns,
          concurrency: stats.concurrency,
          heartbeatAgeMs,
        }),
      );
      return;
    }
    if (url.pathname === '/metrics') {
      metrics
        .metrics()
        .then((text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text))
        .catch(() => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
}
