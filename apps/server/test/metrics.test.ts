import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiDeps } from '@pipecraft/api';
import { createLogger } from '@pipecraft/logger';
import { RunExecutor, RunMetrics } from '@pipecraft/runner';
import { Connection, openStore, Sync, SyncRun, type Store } from '@pipecraft/store';
import { TEST_SERVERS, uniqueName } from '@pipecraft/test-support';
import { createApp } from '../src/app.js';
import { parseEnv } from '../src/env.js';

const TOKEN = 'metrics-token-0123456789abcdef';
let dataDir: string;
let store: Store;
let runner: RunExecutor;
let metrics: RunMetrics;
const servers: Server[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-metrics-test-'));
  store = await openStore({ dataDir });
  metrics = new RunMetrics();
  runner = new RunExecutor({ store, logger: createLogger({ write: () => undefined }), notifiers: [metrics] });
  metrics.watchLoad(() => runner.load);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await runner?.shutdown();
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function serve(metricsToken: string | null): Promise<string> {
  const api = createApiDeps({ store, logger: createLogger({ write: () => undefined }), runner });
  const app = createApp({ api, corsOrigins: [], production: true, metrics, metricsToken });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A run the real engine fails at once (its source table does not exist). */
async function failingRun(): Promise<void> {
  const em = store.em();
  const pg = TEST_SERVERS.postgres;
  const connection = em.create(Connection, {
    name: uniqueName('pg'),
    dialect: 'postgres',
    host: pg.host,
    port: pg.port,
    database: pg.database,
    username: pg.user,
    isSource: true,
    isDestination: true,
  });
  const sync = em.create(Sync, {
    name: uniqueName('missing'),
    sourceConnection: connection,
    sourceSchema: 'public',
    sourceTable: uniqueName('absent'),
    destinationConnection: connection,
    destinationSchema: 'public',
    destinationTable: uniqueName('absent'),
  });
  await em.flush();
  const { runId } = await runner.start(sync.id);
  for (let i = 0; i < 200; i++) {
    const run = await store.em().findOneOrFail(SyncRun, runId);
    if (run.status === 'failed') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the run did not fail');
}

describe('/metrics', () => {
  it('is off (404) without a configured token, and refuses a missing or wrong token (401)', async () => {
    const closed = await serve(null);
    expect((await fetch(`${closed}/metrics`)).status).toBe(404);
    const open = await serve(TOKEN);
    expect((await fetch(`${open}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${open}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await wrong.text()).not.toContain('pipecraft_');
  });

  it('serves runs by status, durations, rows copied, active runs and scheduler lag in Prometheus format', async () => {
    const base = await serve(TOKEN);
    await failingRun();
    metrics.runFinished({
      runId: 'x',
      syncId: 'y',
      status: 'success',
      durationMs: 1_500,
      rowsCopied: 42,
      errorCode: null,
    });
    metrics.setSchedulerLag(2.5);
    const response = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('pipecraft_runs_total{status="failed"} 1');
    expect(text).toContain('pipecraft_runs_total{status="success"} 1');
    expect(text).toContain('pipecraft_run_duration_seconds_bucket{le="2.5",status="success"} 1');
    expect(text).toContain('pipecraft_run_duration_seconds_count{status="failed"} 1');
    expect(text).toContain('pipecraft_rows_copied_total 42');
    expect(text).toContain('pipecraft_active_runs{state="running"} 0');
    expect(text).toContain('pipecraft_scheduler_lag_seconds 2.5');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('reads the token from PIPECRAFT_METRICS_TOKEN and refuses a short one, naming the key', () => {
    expect(parseEnv({ PIPECRAFT_METRICS_TOKEN: TOKEN }).PIPECRAFT_METRICS_TOKEN).toBe(TOKEN);
    expect(parseEnv({}).PIPECRAFT_METRICS_TOKEN).toBeUndefined();
    expect(() => parseEnv({ PIPECRAFT_METRICS_TOKEN: 'short' })).toThrow(/PIPECRAFT_METRICS_TOKEN/);
  });
});
