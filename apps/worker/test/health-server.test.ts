import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { RunMetrics, type QueueWorkerStats } from '@pipecraft/runner';
import { createHealthServer } from '../src/health-server.js';
import { createWorkerMetrics } from '../src/worker-metrics.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function serve(lastHeartbeatAt: number | null, now: number): Promise<string> {
  const stats = (): QueueWorkerStats => ({
    workerId: 'host-1-abc',
    concurrency: 3,
    activeRuns: 2,
    executedRuns: 17,
    lastHeartbeatAt,
  });
  const source = { stats, queueDepth: () => Promise.resolve(5), now: () => now };
  server = createHealthServer({ ...source, leaseMs: 15_000 }, createWorkerMetrics(source, new RunMetrics().registry));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the worker health server', () => {
  it('is healthy while the store accepts heartbeats, and says who and how busy', async () => {
    const url = await serve(1_000_000, 1_002_000);
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      workerId: 'host-1-abc',
      activeRuns: 2,
      concurrency: 3,
      heartbeatAgeMs: 2_000,
    });
  });

  it('is unhealthy once the last heartbeat is older than the lease, or before the first', async () => {
    const stale = await serve(1_000_000, 1_020_000);
    expect((await fetch(`${stale}/healthz`)).status).toBe(503);
    await new Promise((resolve) => server?.close(resolve));
    const never = await serve(null, 1_000_000);
    expect((await fetch(`${never}/healthz`)).status).toBe(503);
  });

  it('serves Prometheus metrics: queue depth, active runs, heartbeat age, runs executed', async () => {
    const url = await serve(1_000_000, 1_002_500);
    const response = await fetch(`${url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^pipecraft_queue_depth 5$/m);
    expect(text).toMatch(/^pipecraft_worker_active_runs 2$/m);
    expect(text).toMatch(/^pipecraft_worker_concurrency 3$/m);
    expect(text).toMatch(/^pipecraft_worker_runs_executed 17$/m);
    expect(text).toMatch(/^pipecraft_worker_heartbeat_age_seconds 2.5$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    // The runner's run metrics share the page (runs executed here count there: see distributed.test.ts).
    expect(text).toMatch(/^# TYPE pipecraft_runs_total counter$/m);
  });

  it('answers nothing else', async () => {
    const url = await serve(1_000_000, 1_000_000);
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
