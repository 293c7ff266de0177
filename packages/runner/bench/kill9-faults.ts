/**
 * kill -9 at random points (issue 9), per dialect pair: the real server runs a sync of a large
 * table, is SIGKILLed after a random delay, and is started again (recovery runs at start). The
 * run's final record must agree with the destination:
 *   success ⇔ the destination holds the new rows and its run marker names that run;
 *   failed  ⇔ the destination still holds the previous rows (count and marker);
 *   nothing is left queued, pending or running.
 * Prints counts per pair and every disagreement; exits 1 on a disagreement. Not part of CI:
 *   npm run faults:kill9 -w @pipecraft/runner -- --points=50 --rows=200000 --pairs=postgres>mysql,...
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  adminQuery,
  countRows,
  defaultSchema,
  dropTable,
  parseDialectPairs,
  qualified,
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
  type BenchServer,
  type RunRecord,
} from './bench-server.js';

const POINTS = Number(flag('points', '50'));
const ROWS = Number(flag('rows', '200000'));
const PAIRS = parseDialectPairs(flag('pairs', ''));
/** Rows added to the source before each killed run, so new and previous rows differ in count. */
const STEP = 100;

interface Tally {
  success: number;
  failed: number;
  disagreements: string[];
  killDelays: number[];
  baselineMs: number;
}

const MARKER = /\s*\[pipecraft run ([0-9A-Za-z-]{1,64})\]\s*$/;

async function runMarker(dialect: TestDialect, table: string): Promise<string | null> {
  const [row] =
    dialect === 'postgres'
      ? await adminQuery<{ comment: string | null }>(
          'postgres',
          `SELECT obj_description(c.oid, 'pg_class') AS comment FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
          [defaultSchema('postgres'), table],
        )
      : await adminQuery<{ comment: string | null }>(
          'mysql',
          'SELECT table_comment AS comment FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
          [defaultSchema('mysql'), table],
        );
  return row?.comment?.match(MARKER)?.[1] ?? null;
}

async function fillSource(dialect: TestDialect, table: string, from: number, to: number): Promise<void> {
  const target = qualified(dialect, defaultSchema(dialect), table);
  await adminQuery(
    dialect,
    dialect === 'postgres'
      ? `INSERT INTO ${target} SELECT g, 'row ' || g || repeat('x', 40), g / 100.0 FROM generate_series(${from}, ${to}) AS g`
      : `INSERT INTO ${target} SELECT seq, CONCAT('row ', seq, REPEAT('x', 40)), seq / 100 FROM seq_${from}_to_${to}`,
  );
}

async function waitFinished(api: Api, runId: string, timeoutMs = 300_000): Promise<RunRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await api.query<RunRecord>('runs.get', { id: runId });
    if (run.status === 'success' || run.status === 'failed') return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pipecraft-kill9-'));
  const env = { PIPECRAFT_DATA_DIR: dataDir };
  let server: BenchServer = await startBenchServer(env).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const token = await firstAdminToken(server.url);
  let api = new Api(server.url, token);
  const tallies = new Map<string, Tally>();
  const tables: Array<[TestDialect, string]> = [];
  const restarts: number[] = [];
  try {
    for (const [from, to] of PAIRS) {
      const label = `${from}>${to}`;
      const tally: Tally = { success: 0, failed: 0, disagreements: [], killDelays: [], baselineMs: 0 };
      tallies.set(label, tally);
      const source = uniqueName('pc_k9_src');
      const destination = uniqueName('pc_k9_dst');
      tables.push([from, source], [to, destination]);
      await adminQuery(
        from,
        `CREATE TABLE ${qualified(from, defaultSchema(from), source)} (id int PRIMARY KEY, name varchar(80), amount numeric(12,2))`,
      );
      await fillSource(from, source, 1, ROWS);
      let sourceRows = ROWS;
      const sync = await api.mutate<{ id: string }>('syncs.create', {
        name: `kill9 ${label} ${source}`,
        sourceConnectionId: await createConnection(api, from, `k9 src ${label} ${source}`),
        sourceSchema: defaultSchema(from),
        sourceTable: source,
        destinationConnectionId: await createConnection(api, to, `k9 dst ${label} ${source}`),
        destinationSchema: defaultSchema(to),
        destinationTable: destination,
      });

      // The baseline: the destination holds the source's rows; its duration bounds the kill delays.
      const started = Date.now();
      const { runId: firstRun } = await api.mutate<{ runId: string }>('runs.start', { syncId: sync.id });
      const first = await waitFinished(api, firstRun);
      if (first.status !== 'success') throw new Error(`${label}: the baseline run failed: ${first.error?.message}`);
      tally.baselineMs = Date.now() - started;
      let previous = {
        rows: await countRows(to, defaultSchema(to), destination),
        marker: await runMarker(to, destination),
      };

      for (let point = 1; point <= POINTS; point++) {
        await fillSource(from, source, sourceRows + 1, sourceRows + STEP);
        sourceRows += STEP;
        const delay = Math.round(Math.random() * tally.baselineMs * 1.3);
        tally.killDelays.push(delay);
        const { runId } = await api.mutate<{ runId: string }>('runs.start', { syncId: sync.id });
        await sleep(delay);
        server.child.kill('SIGKILL');
        await server.exited;
        const restartedAt = Date.now();
        server = await startBenchServer(env);
        restarts.push(Date.now() - restartedAt);
        api = new Api(server.url, token);

        const run = await api.query<RunRecord>('runs.get', { id: runId });
        const now = {
          rows: await countRows(to, defaultSchema(to), destination),
          marker: await runMarker(to, destination),
        };
        const where = `${label} point ${point} (kill after ${delay} ms, run ${runId})`;
        if (run.status === 'success') {
          tally.success++;
          if (now.rows !== sourceRows || now.marker !== runId)
            tally.disagreements.push(
              `${where}: recorded success, destination has ${now.rows} rows (expected ${sourceRows}) and marker ${now.marker}`,
            );
        } else if (run.status === 'failed') {
          tally.failed++;
          if (now.rows !== previous.rows || now.marker !== previous.marker)
            tally.disagreements.push(
              `${where}: recorded failed, destination has ${now.rows} rows / marker ${now.marker}, previously ${previous.rows} / ${previous.marker}`,
            );
        } else {
          tally.disagreements.push(`${where}: left ${run.status} after the restart`);
        }
        const page = await api.query<{ items: RunRecord[] }>('runs.list', { syncId: sync.id, limit: 100 });
        const active = page.items.filter((item) => !['success', 'failed'].includes(item.status));
        if (active.length > 0)
          tally.disagreements.push(
            `${where}: ${active.map((item) => `${item.id} ${item.status}`).join(', ')} still active`,
          );
        previous = now;
        process.stdout.write(`${label} ${point}/${POINTS}: ${run.status} after ${delay} ms\n`);
      }
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await rm(dataDir, { recursive: true, force: true });
    for (const [dialect, table] of tables) await dropTable(dialect, defaultSchema(dialect), table);
    await dropLeftovers(tables);
  }

  console.log(`\n${ROWS} rows (+${STEP} per point), ${POINTS} points per pair`);
  console.log('| pair | points | recorded success | recorded failed | disagreements | baseline run | kill delays |');
  console.log('|---|---|---|---|---|---|---|');
  let disagreements = 0;
  for (const [label, tally] of tallies) {
    disagreements += tally.disagreements.length;
    const delays = [...tally.killDelays].sort((a, b) => a - b);
    console.log(
      `| ${label} | ${tally.success + tally.failed} | ${tally.success} | ${tally.failed} | ${tally.disagreements.length} | ${tally.baselineMs} ms | ${delays[0] ?? 0}–${delays.at(-1) ?? 0} ms |`,
    );
  }
  const sorted = [...restarts].sort((a, b) => a - b);
  console.log(
    `restart to listening: median ${sorted[Math.floor(sorted.length / 2)] ?? 0} ms, max ${sorted.at(-1) ?? 0} ms`,
  );
  for (const tally of tallies.values()) for (const line of tally.disagreements) console.log(`DISAGREEMENT ${line}`);
  if (disagreements > 0) process.exitCode = 1;
}

/** Staging tables a killed MySQL run may leave beside the destination (same name stem). */
async function dropLeftovers(tables: Array<[TestDialect, string]>): Promise<void> {
  for (const [dialect, table] of tables) {
    const rows =
      dialect === 'postgres'
        ? await adminQuery<{ name: string }>(
            'postgres',
            'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename LIKE $2',
            [defaultSchema('postgres'), `%${table.slice(-8)}%`],
          )
        : await adminQuery<{ name: string }>(
            'mysql',
            'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE ?',
            [defaultSchema('mysql'), `%${table.slice(-8)}%`],
          );
    for (const { name } of rows) await dropTable(dialect, defaultSchema(dialect), name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
