/**
 * Write-mode benchmark (issue 11): on one source table of N rows (default 1,000,000) with 1 % of
 * its rows then changed (0.5 % updated with a newer cursor, 0.5 % deleted), time in the same run:
 * a full refresh (the reference), an incremental merge, and a full merge with delete-missing —
 * each in its own process (bench/engine-run.ts) so its peak RSS is its own. Prints figures and
 * ratios; asserts nothing.
 *
 * Also timed, as a floor no client can go below: the server applying the same changed rows by
 * itself, one `UPDATE … FROM` / `UPDATE … JOIN` in a transaction rolled back (no connect, no
 * transfer, no counting). On PostgreSQL it reads the changed rows from the source table; on MySQL
 * from a table holding them, loaded beforehand.
 *
 *   npx tsx bench/write-modes-bench.ts                       # PostgreSQL → PostgreSQL and → MySQL, 1M rows
 *   npx tsx bench/write-modes-bench.ts --rows=200000 --to=postgres
 *   npx tsx bench/write-modes-bench.ts --schema=pcperf_modes      # PostgreSQL schema and MySQL database (default pc_bench_modes)
 *   npx tsx bench/write-modes-bench.ts --engine=/tmp/base/packages/sync-engine   # time another checkout's engine
 *   npx tsx bench/write-modes-bench.ts --changes=clustered   # the changed 1 % side by side instead of spread out
 */
import { execFileSync, spawn } from 'node:child_process';
import mysql2 from 'mysql2/promise';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import type { ConnectionConfig, SyncRequest, Watermark } from '../src/index.js';
import { createSourceTable } from './source-table.js';

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
// The PostgreSQL schema and the MySQL database of the run: its own, so the state table it drops is no one else's.
const SCHEMA = option('schema') ?? 'pc_bench_modes';
const PG: ConnectionConfig = { dialect: 'postgres', host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };
const MY: ConnectionConfig = {
  dialect: 'mysql',
  host: '127.0.0.1',
  port: 3306,
  database: SCHEMA,
  user: 'root',
  password: '',
};
/** bench/engine-run.ts of this checkout, or of another one (`--engine=<its packages/sync-engine>`). */
const engineScript = option('engine')
  ? `${option('engine')}/bench/engine-run.ts`
  : fileURLToPath(new URL('./engine-run.ts', import.meta.url));
const rows = Number(process.argv.find((arg) => arg.startsWith('--rows='))?.slice(7) ?? 1_000_000);
const targets = (process.argv.find((arg) => arg.startsWith('--to='))?.slice(5) ?? 'postgres,mysql').split(',') as Array<
  'postgres' | 'mysql'
>;

interface EngineRun {
  ms: number;
  maxRssMb: number;
  rowsWritten: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsDeleted: number;
  watermark: Watermark | null;
}

function psql(sql: string): string {
  return execFileSync(
    'psql',
    ['-h', PG.host, '-U', PG.user, '-d', PG.database, '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql],
    {
      encoding: 'utf8',
    },
  );
}

function mysql(sql: string): string {
  return execFileSync('mysql', ['-h', MY.host, '-u', MY.user, '-N', '-e', sql], { encoding: 'utf8' });
}

function engine(request: SyncRequest): Promise<EngineRun> {
  return new Promise((resolve, reject) => {
    const script = engineScript;
    // The young-generation cap `npm start` uses (decision 106), so the child's memory is the server's.
    const child = spawn(
      process.execPath,
      ['--max-semi-space-size=16', '--import', 'tsx', script, JSON.stringify(request)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as EngineRun)
        : reject(new Error(stderr.slice(-3000))),
    );
  });
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** Changed rows have an `updated_at` in 2027; the others in January 2026. */
const CHANGED_SINCE = '2026-06-01 00:00:00';
const SET_CHANGED = ['updated_at', 'amount', 'note', 'code'];

/** The server floor: `table`'s changed rows updated by the server alone, in a transaction rolled back. */
async function serverFloor(to: 'postgres' | 'mysql', table: string): Promise<number> {
  if (to === 'postgres') {
    const client = new pg.Client({ host: PG.host, port: PG.port, user: PG.user, database: PG.database });
    await client.connect();
    try {
      await client.query('BEGIN');
      const started = performance.now();
      await client.query(
        `UPDATE ${SCHEMA}.${table} l SET ${SET_CHANGED.map((c) => `${c} = s.${c}`).join(', ')} FROM ${SCHEMA}.src s WHERE s.updated_at > $1 AND l.id = s.id`,
        [CHANGED_SINCE],
      );
      const ms = performance.now() - started;
      await client.query('ROLLBACK');
      return ms;
    } finally {
      await client.end();
    }
  }
  const connection = await mysql2.createConnection({ host: MY.host, port: MY.port, user: MY.user, database: SCHEMA });
  try {
    await connection.query('START TRANSACTION');
    const started = performance.now();
    await connection.query(
      `UPDATE ${table} l JOIN bm_changed s ON s.id = l.id SET ${SET_CHANGED.map((c) => `l.${c} = s.${c}`).join(', ')}`,
    );
    const ms = performance.now() - started;
    await connection.query('ROLLBACK');
    return ms;
  } finally {
    await connection.end();
  }
}

function prepareSource(): void {
  createSourceTable(psql, SCHEMA, rows);
  psql(`ANALYZE ${SCHEMA}.src`);
}

/**
 * 1 % of the rows change: half updated (with a newer cursor), half deleted. `--changes=scattered`
 * (the default): every 200th row, each on a page of its own — the worst case for reaching them;
 * `--changes=clustered`: the newest 1 % of the ids, side by side (rows that change are often the recent ones).
 */
const clustered = option('changes') === 'clustered';
function changeSource(): void {
  const [updated, deleted] = clustered
    ? [`id > ${rows - rows / 200}`, `id > ${rows - rows / 100} AND id <= ${rows - rows / 200}`]
    : ['id % 200 = 0', 'id % 200 = 100'];
  psql(
    `UPDATE ${SCHEMA}.src SET note = 'changed ' || id, updated_at = timestamptz '2027-01-01 00:00:00+00' + id * interval '1 millisecond' WHERE ${updated}`,
  );
  psql(`DELETE FROM ${SCHEMA}.src WHERE ${deleted}`);
  psql(`VACUUM ANALYZE ${SCHEMA}.src`);
}

function request(to: 'postgres' | 'mysql', table: string, extra: Partial<SyncRequest>): SyncRequest {
  return {
    source: { connection: PG, table: { schema: SCHEMA, table: 'src' } },
    destination: {
      connection: to === 'postgres' ? PG : MY,
      table: { schema: SCHEMA, table },
    },
    writeMode: 'full_refresh',
    ...extra,
  };
}

function dropDestinations(): void {
  mysql(`DROP DATABASE IF EXISTS ${SCHEMA}`);
}

prepareSource();
dropDestinations();
if (targets.includes('mysql')) mysql(`CREATE DATABASE ${SCHEMA} CHARACTER SET utf8mb4`);
const lines: string[] = [];
for (const to of targets) {
  // First runs: bring each destination to the source's state before the change.
  const inc = { writeMode: 'incremental_merge', cursorColumn: 'updated_at' } as const;
  const merge = { writeMode: 'full_merge', deleteMissing: 'hard' } as const;
  await engine(request(to, 'bm_full', {}));
  const incFirst = await engine(request(to, 'bm_inc', inc));
  await engine(request(to, 'bm_merge', merge));
  await engine(request(to, 'bm_floor', {}));
  // Steady state, as autovacuum / InnoDB leave a table a while after a bulk load: statistics exist.
  // (Right after the first load PostgreSQL has none, and a merge's join plans badly once.)
  if (to === 'postgres') psql(`ANALYZE ${SCHEMA}.bm_full, ${SCHEMA}.bm_inc, ${SCHEMA}.bm_merge, ${SCHEMA}.bm_floor`);
  else mysql(`ANALYZE TABLE ${SCHEMA}.bm_full, ${SCHEMA}.bm_inc, ${SCHEMA}.bm_merge, ${SCHEMA}.bm_floor`);
  changeSource();
  if (to === 'mysql') {
    // The MySQL floor reads the changed rows from a table of their own, loaded here (not timed).
    psql(`CREATE TABLE ${SCHEMA}.changed AS SELECT * FROM ${SCHEMA}.src WHERE updated_at > '${CHANGED_SINCE}+00'`);
    await engine({
      ...request(to, 'bm_changed', {}),
      source: { connection: PG, table: { schema: SCHEMA, table: 'changed' } },
    });
  }
  const full = await engine(request(to, 'bm_full', {}));
  const floor = await serverFloor(to, 'bm_floor');
  const incremental = await engine(request(to, 'bm_inc', { ...inc, watermark: incFirst.watermark }));
  const fullMerge = await engine(request(to, 'bm_merge', merge));
  lines.push(
    `PG→${to === 'postgres' ? 'PG' : 'MySQL'} | ${rows.toLocaleString('en-US')} | full_refresh ${seconds(full.ms)} s (${full.maxRssMb.toFixed(0)} MB) | ` +
      `incremental_merge ${seconds(incremental.ms)} s = ${((incremental.ms / full.ms) * 100).toFixed(1)} % (${incremental.maxRssMb.toFixed(0)} MB; ${incremental.rowsInserted} ins, ${incremental.rowsUpdated} upd) | ` +
      `server floor ${seconds(floor)} s = ${((floor / full.ms) * 100).toFixed(1)} % | ` +
      `full_merge+delete ${seconds(fullMerge.ms)} s = ${(fullMerge.ms / full.ms).toFixed(2)}× (${fullMerge.maxRssMb.toFixed(0)} MB; ${fullMerge.rowsUpdated} upd, ${fullMerge.rowsDeleted} del)`,
  );
  console.log(lines.at(-1));
  prepareSource();
}
dropDestinations();
psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
