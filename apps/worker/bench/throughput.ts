/**
 * How fast the queue moves runs: runs/second for empty syncs (a zero-row source) with 1, 2 and 4
 * worker processes, and the queue's overhead per run (enqueue → the run's start, p50/p99) measured
 * on idle workers one run at a time. Everything real: the API server in distributed mode, a
 * PostgreSQL store, BullMQ on Redis, worker processes on loopback.
 *
 *   npm run bench -w @pipecraft/worker -- --runs=200 --latency-runs=100 --concurrency=4
 *
 * Prints a table (and the load average before each fleet); figures go in docs/performance.md.
 * Not a test: nothing is asserted.
 */
import { loadavg } from 'node:os';
import { SyncRun } from '@pipecraft/store';
import { Fleet } from '../test/fleet.js';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const RUNS = arg('runs', 200);
const LATENCY_RUNS = arg('latency-runs', 100);
const CONCURRENCY = arg('concurrency', 4);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function waitFor(fleet: Fleet, runIds: string[]): Promise<SyncRun[]> {
  for (;;) {
    const runs = await fleet.store.em().find(SyncRun, { id: { $in: runIds } });
    if (runs.every((run) => run.status === 'success' || run.status === 'failed')) return runs;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function measure(workers: number): Promise<string> {
  const fleet = new Fleet();
  try {
    const { connectionId } = await fleet.open();
    await fleet.sql((client) => client.query('CREATE TABLE empty_src (id integer PRIMARY KEY, name text)'));
    await fleet.startApi();
    await Promise.all(
      Array.from({ length: workers }, () =>
        fleet.startWorker({
          PIPECRAFT_WORKER_CONCURRENCY: String(CONCURRENCY),
          PIPECRAFT_MAX_RUNS: '256',
          PIPECRAFT_MAX_RUNS_PER_CONNECTION: '256',
          LOG_LEVEL: 'info',
        }),
      ),
    );
    const syncIds = await fleet.createSyncs(connectionId, RUNS + LATENCY_RUNS, 'empty_src', 'empty_dst_');

    // Overhead: one run at a time on idle workers.
    const latencies: number[] = [];
    for (const syncId of syncIds.slice(RUNS)) {
      const { runId } = await fleet.call<{ runId: string }>('runs.start', { syncId });
      const [run] = await waitFor(fleet, [runId]);
      latencies.push(run!.startedAt!.getTime() - run!.createdAt.getTime());
    }
    latencies.sort((a, b) => a - b);

    // Throughput: all at once.
    const started = Date.now();
    const runIds = await Promise.all(
      syncIds.slice(0, RUNS).map((syncId) => fleet.call<{ runId: string }>('runs.start', { syncId })),
    );
    const runs = await waitFor(
      fleet,
      runIds.map((r) => r.runId),
    );
    const seconds = (Math.max(...runs.map((run) => run.finishedAt!.getTime())) - started) / 1000;
    const failed = runs.filter((run) => run.status !== 'success').length;
    // How long one run spends in the engine (connect, probe, create, copy nothing, swap): the work
    // the queue cannot take away, for reading runs/s on a given machine.
    const engineMs = runs.map((run) => run.durationMs ?? 0).sort((a, b) => a - b);
    return `| ${workers} | ${CONCURRENCY} | ${RUNS} | ${(RUNS / seconds).toFixed(1)} | ${percentile(latencies, 50)} | ${percentile(latencies, 99)} | ${percentile(engineMs, 50)} | ${failed} |`;
  } finally {
    await fleet.close();
  }
}

const rows: string[] = [];
for (const workers of [1, 2, 4]) {
  console.error(
    `load average before ${workers} worker(s): ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  rows.push(await measure(workers));
  console.error(rows.at(-1));
}
console.log(
  '| workers | runs per worker | runs | runs/s | enqueue→start p50 (ms) | p99 (ms) | run in the engine p50 (ms) | failed |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
