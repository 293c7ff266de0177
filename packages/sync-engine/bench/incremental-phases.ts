/**
 * Where an incremental merge's time goes (issue 11): on a source of N rows (default 1,000,000)
 * synced once, change `--changed` rows (default 5,000) with a newer cursor and run an incremental
 * merge in this process, `--repeat` times, printing every connect and statement with its duration
 * (bench/statement-trace.ts) and the run's total. The source and destinations stay between runs
 * of the script (`--setup` rebuilds them); asserts nothing.
 *
 *   npx tsx bench/incremental-phases.ts --to=postgres --repeat=5
 *   npx tsx bench/incremental-phases.ts --to=mysql --quiet      # totals only
 *   npx tsx bench/incremental-phases.ts --quiet --repeat=6 --baseline=/tmp/base/packages/sync-engine
 *     # alternate runs with another checkout's engine (e.g. `git archive` of an older commit, with a
 *     # node_modules symlink beside it): an A/B under the same machine load
 */
import { printTrace, resetTrace, trace } from './statement-trace.js';
import { execFileSync } from 'node:child_process';
import { runSync } from '../src/index.js';
import { createSourceTable } from './source-table.js';
import type { ConnectionConfig, SyncRequest, SyncResult, Watermark } from '../src/index.js';

const SCHEMA = 'pcperf_phases';
const PG: ConnectionConfig = { dialect: 'postgres', host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };
const MY: ConnectionConfig = {
  dialect: 'mysql',
  host: '127.0.0.1',
  port: 3306,
  database: SCHEMA,
  user: 'root',
  password: '',
};
const arg = (name: string) => process.argv.find((item) => item.startsWith(`--${name}=`))?.split('=')[1];
const rows = Number(arg('rows') ?? 1_000_000);
const changed = Number(arg('changed') ?? 5_000);
const repeat = Number(arg('repeat') ?? 3);
const to = (arg('to') ?? 'postgres') as 'postgres' | 'mysql';
const quiet = process.argv.includes('--quiet');
const baselineDir = arg('baseline');
type Engine = (request: SyncRequest) => Promise<SyncResult>;
const engines: Array<{ name: string; run: Engine }> = [{ name: 'this checkout', run: runSync }];
if (baselineDir) {
  const baseline = (await import(`${baselineDir}/src/index.ts`)) as { runSync: Engine };
  engines.push({ name: `baseline ${baselineDir}`, run: baseline.runSync });
}

function psql(sql: string): string {
  return execFileSync(
    'psql',
    ['-h', PG.host, '-U', PG.user, '-d', PG.database, '-qtA', '-v', 'ON_ERROR_STOP=1', '-c', sql],
    {
      encoding: 'utf8',
    },
  ).trim();
}

function mysql(sql: string): string {
  return execFileSync('mysql', ['-h', MY.host, '-u', MY.user, '-N', '-e', sql], { encoding: 'utf8' }).trim();
}

const destinationTable = to === 'postgres' ? 'dst_pg' : 'dst_my';
const request = (watermark: Watermark | null): SyncRequest => ({
  source: { connection: PG, table: { schema: SCHEMA, table: 'src' } },
  destination: { connection: to === 'postgres' ? PG : MY, table: { schema: SCHEMA, table: destinationTable } },
  writeMode: 'incremental_merge',
  cursorColumn: 'updated_at',
  watermark,
});

if (process.argv.includes('--setup') || psql(`SELECT to_regclass('${SCHEMA}.src') IS NULL`) === 't') {
  createSourceTable(psql, SCHEMA, rows);
  psql(`VACUUM ANALYZE ${SCHEMA}.src`);
  psql(`CREATE TABLE ${SCHEMA}.watermarks (destination text PRIMARY KEY, watermark text NOT NULL)`);
}
if (to === 'mysql') mysql(`CREATE DATABASE IF NOT EXISTS ${SCHEMA}`);

const saved = psql(`SELECT watermark FROM ${SCHEMA}.watermarks WHERE destination = '${destinationTable}'`);
let watermark: Watermark | null = saved ? (JSON.parse(saved) as Watermark) : null;
if (!watermark) {
  if (to === 'mysql') mysql(`DROP TABLE IF EXISTS ${SCHEMA}.${destinationTable}`);
  else psql(`DROP TABLE IF EXISTS ${SCHEMA}.${destinationTable}`);
  const first = await runSync(request(null));
  watermark = first.watermark ?? null;
  if (to === 'mysql') mysql(`ANALYZE TABLE ${SCHEMA}.${destinationTable}`);
  else psql(`ANALYZE ${SCHEMA}.${destinationTable}`);
  console.log(`first run: ${first.rowsWritten} rows`);
}

const totals = new Map<string, number[]>(engines.map((engine) => [engine.name, []]));
for (let run = 0; run < repeat; run += 1) {
  const engine = engines[run % engines.length]!;
  // A different slice each time, spread over the whole table (the benchmark's 1 % pattern).
  const step = Math.max(1, Math.floor(rows / changed));
  const slice = Math.floor(Math.random() * step);
  psql(
    `UPDATE ${SCHEMA}.src SET note = 'changed ' || id || ' ' || now(), updated_at = clock_timestamp() WHERE id % ${step} = ${slice}`,
  );
  psql(`VACUUM ANALYZE ${SCHEMA}.src`);
  resetTrace();
  const started = performance.now();
  const result = await engine.run(request(watermark));
  const ms = performance.now() - started;
  totals.get(engine.name)!.push(ms);
  watermark = result.watermark ?? watermark;
  if (!quiet) {
    printTrace(trace());
    console.log(
      `-- run ${run + 1} (${engine.name}): ${ms.toFixed(0)} ms, ${result.rowsInserted} ins, ${result.rowsUpdated} upd\n`,
    );
  }
}
psql(
  `INSERT INTO ${SCHEMA}.watermarks VALUES ('${destinationTable}', '${JSON.stringify(watermark)}') ON CONFLICT (destination) DO UPDATE SET watermark = EXCLUDED.watermark`,
);
for (const [name, list] of totals) {
  const sorted = [...list].sort((a, b) => a - b);
  console.log(
    `PG→${to === 'postgres' ? 'PG' : 'MySQL'} incremental_merge of ${changed} changed rows in ${rows}, ${name}: ` +
      `${list.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms)`,
  );
}
