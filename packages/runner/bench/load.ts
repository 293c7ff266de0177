/**
 * Load (issue 9): many syncs of small tables started at once against one real server. Measures
 * that the run cap holds (runs holding a slot, `pending` or `running`, sampled from `runs.recent`,
 * never above PIPECRAFT_MAX_RUNS), that every run finishes, the server's peak RSS (VmHWM from
 * /proc/<pid>/status) and the latency of `connections.list` during the load (p50/p95), against the
 * same call on the idle server. Exits 1 if the cap is exceeded or a run does not succeed. Not CI:
 *   npm run load -w @pipecraft/runner -- --syncs=50 --rows=2000 --max-runs=4
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  adminQuery,
  defaultSchema,
  dropTable,
  qualified,
  TEST_DIALECTS,
  uniqueName,
  type TestDialect,
} from '@pipecraft/test-support';
import {
  Api,
  createConnection,
  firstAdminToken,
  flag,
  sleep,
  startBenchServer,
  type RunRecord,
} from './bench-server.js';

const SYNCS = Number(flag('syncs', '50'));
const ROWS = Number(flag('rows', '2000'));
const MAX_RUNS = Number(flag('max-runs', '4'));
/** Per saved connection; at the global cap by default so the global cap is the one that binds. */
const PER_CONNECTION = Number(flag('per-connection', String(MAX_RUNS)));

async function procStatus(pid: number, key: 'VmHWM' | 'VmRSS'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function timed(api: Api): Promise<number> {
  const started = performance.now();
  await api.query('connections.list', undefined);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pipecraft-load-'));
  const server = await startBenchServer({
    PIPECRAFT_DATA_DIR: dataDir,
    PIPECRAFT_MAX_RUNS: String(MAX_RUNS),
    PIPECRAFT_MAX_RUNS_PER_CONNECTION: String(PER_CONNECTION),
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const api = new Api(server.url, await firstAdminToken(server.url));
  const sources = new Map<TestDialect, string>();
  const destinations: Array<[TestDialect, string]> = [];
  try {
    const connections = new Map<string, string>();
    for (const dialect of TEST_DIALECTS) {
      const table = uniqueName('pc_load_src');
      sources.set(dialect, table);
      const target = qualified(dialect, defaultSchema(dialect), table);
      await adminQuery(dialect, `CREATE TABLE ${target} (id int PRIMARY KEY, name varchar(80), amount numeric(12,2))`);
      await adminQuery(
        dialect,
        dialect === 'postgres'
          ? `INSERT INTO ${target} SELECT g, 'row ' || g, g / 100.0 FROM generate_series(1, ${ROWS}) AS g`
          : `INSERT INTO ${target} SELECT seq, CONCAT('row ', seq), seq / 100 FROM seq_1_to_${ROWS}`,
      );
      connections.set(`src ${dialect}`, await createConnection(api, dialect, `load src ${dialect} ${table}`));
      connections.set(`dst ${dialect}`, await createConnection(api, dialect, `load dst ${dialect} ${table}`));
    }
    const syncIds: string[] = [];
    for (let i = 0; i < SYNCS; i++) {
      const from = TEST_DIALECTS[i % 2] as TestDialect;
      const to = TEST_DIALECTS[Math.floor(i / 2) % 2] as TestDialect;
      const destination = uniqueName('pc_load_dst');
      destinations.push([to, destination]);
      const sync = await api.mutate<{ id: string }>('syncs.create', {
        name: `load ${i} ${destination}`,
        sourceConnectionId: connections.get(`src ${from}`),
        sourceSchema: defaultSchema(from),
        sourceTable: sources.get(from),
        destinationConnectionId: connections.get(`dst ${to}`),
        destinationSchema: defaultSchema(to),
        destinationTable: destination,
      });
      syncIds.push(sync.id);
    }

    const idle: number[] = [];
    for (let i = 0; i < 40; i++) idle.push(await timed(api));
    const rssBefore = await procStatus(server.pid, 'VmRSS');

    const started = Date.now();
    const runIds = (
      await Promise.all(syncIds.map((syncId) => api.mutate<{ runId: string }>('runs.start', { syncId })))
    ).map((started) => started.runId);
    const ours = new Set(runIds);
    const startedMs = Date.now() - started;

    // Sample until every run is finished: slots held, and the list call's latency.
    let maxHolding = 0;
    let maxQueued = 0;
    let samples = 0;
    const loaded: number[] = [];
    let finished: RunRecord[] = [];
    const latencyLoop = (async () => {
      while (finished.length < SYNCS) {
        loaded.push(await timed(api));
        await sleep(50);
      }
    })();
    const deadline = Date.now() + 600_000;
    while (finished.length < SYNCS) {
      if (Date.now() > deadline) throw new Error('runs did not finish within 10 minutes');
      const recent = (await api.query<RunRecord[]>('runs.recent', { limit: 100 })).filter((run) => ours.has(run.id));
      samples++;
      maxHolding = Math.max(
        maxHolding,
        recent.filter((run) => run.status === 'pending' || run.status === 'running').length,
      );
      maxQueued = Math.max(maxQueued, recent.filter((run) => run.status === 'queued').length);
      finished = recent.filter((run) => run.status === 'success' || run.status === 'failed');
      await sleep(100);
    }
    const elapsedMs = Date.now() - started;
    await latencyLoop;
    const hwm = await procStatus(server.pid, 'VmHWM');
    const failed = finished.filter((run) => run.status !== 'success');

    console.log(
      `\n${SYNCS} syncs of ${ROWS} rows (PostgreSQL and MariaDB, all four pairs), PIPECRAFT_MAX_RUNS=${MAX_RUNS}, per connection ${PER_CONNECTION}`,
    );
    console.log(`| measure | value |\n|---|---|`);
    console.log(`| ${SYNCS} runs.start calls answered | ${startedMs} ms |`);
    console.log(`| all runs finished | ${elapsedMs} ms, ${SYNCS - failed.length} success, ${failed.length} failed |`);
    console.log(`| most runs holding a slot at once (${samples} samples) | ${maxHolding} (cap ${MAX_RUNS}) |`);
    console.log(`| most runs queued at once | ${maxQueued} |`);
    console.log(
      `| server RSS idle → peak (VmHWM) | ${Math.round(rssBefore / 1024)} MiB → ${Math.round(hwm / 1024)} MiB |`,
    );
    console.log(
      `| connections.list idle p50 / p95 (${idle.length} calls) | ${percentile(idle, 50).toFixed(1)} / ${percentile(idle, 95).toFixed(1)} ms |`,
    );
    console.log(
      `| connections.list under load p50 / p95 / max (${loaded.length} calls) | ${percentile(loaded, 50).toFixed(1)} / ${percentile(loaded, 95).toFixed(1)} / ${Math.max(...loaded).toFixed(1)} ms |`,
    );
    for (const run of failed) console.log(`FAILED ${run.id}: ${run.error?.code} ${run.error?.message}`);
    if (maxHolding > MAX_RUNS || failed.length > 0) process.exitCode = 1;
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await rm(dataDir, { recursive: true, force: true });
    for (const [dialect, table] of sources) await dropTable(dialect, defaultSchema(dialect), table);
    for (const [dialect, table] of destinations) await dropTable(dialect, defaultSchema(dialect), table);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
