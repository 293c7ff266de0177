/**
 * Throughput and memory of the four dialect pairs, each beside a reference tool, in one run.
 *
 *   npx tsx bench/transfer-bench.ts                 # 1,000,000 and 5,000,000 rows
 *   BENCH_ROWS=1000000 npx tsx bench/transfer-bench.ts
 *   npx tsx bench/transfer-bench.ts --rows=200000 --repeat=3   # median of 3 runs each
 *   npx tsx bench/transfer-bench.ts --only=mysql               # only the →MySQL pairs (and their reference)
 *
 * References: PG→PG `psql \copy … to stdout | psql \copy … from stdin`; MySQL→PG pgloader;
 * →MySQL the mysql client's LOAD DATA LOCAL INFILE of a dump file. The engine runs in a child
 * process (bench/engine-run.ts) whose peak RSS we read; its time is runSync's own (connect, plan,
 * create, copy, count check, commit/swap), without the child's start-up. Prints figures, asserts nothing.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planSync } from '../src/index.js';
import type { ConnectionConfig, SyncRequest } from '../src/index.js';

const PG: ConnectionConfig = { dialect: 'postgres', host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };
const MY: ConnectionConfig = {
  dialect: 'mysql',
  host: '127.0.0.1',
  port: 3306,
  database: 'test',
  user: 'root',
  password: '',
};
const SCHEMA = 'pc_bench';
const WORK = '/tmp/pc-bench';

const sizesArg =
  process.argv.find((arg) => arg.startsWith('--rows='))?.slice(7) ?? process.env.BENCH_ROWS ?? '1000000,5000000';
const sizes = sizesArg
  .split(',')
  .map((size) => Number(size.trim()))
  .filter((size) => size > 0);
/** Runs per measurement; the median run is reported. */
const repeat = Math.max(
  1,
  Number(process.argv.find((arg) => arg.startsWith('--repeat='))?.slice(9) ?? process.env.BENCH_REPEAT ?? 1),
);

/** `--only=mysql` skips the →PG pairs (and pgloader), `--only=postgres` the →MySQL ones. */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice(7) ?? null;
const runInto = (dialect: 'postgres' | 'mysql') => only === null || only === dialect;

async function median<T extends { ms: number }>(run: (attempt: number) => Promise<T>): Promise<T> {
  const results: T[] = [];
  for (let attempt = 0; attempt < repeat; attempt += 1) results.push(await run(attempt));
  results.sort((a, b) => a.ms - b.ms);
  return results[Math.floor(results.length / 2)]!;
}

function psql(sql: string, database = PG.database): string {
  return execFileSync(
    'psql',
    ['-h', PG.host, '-U', PG.user, '-d', database, '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
}

function mysql(sql: string): string {
  return execFileSync('mysql', ['-h', MY.host, '-u', MY.user, '--local-infile=1', '-N', '-e', sql], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
}

function timed(command: string): Promise<{ ms: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', 'bash', '-o', 'pipefail', '-c', command], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      if (code !== 0) reject(new Error(`${command} failed (${code}): ${stderr.slice(-2000)}`));
      else resolve({ ms, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN });
    });
  });
}

function engine(request: SyncRequest): Promise<{ ms: number; maxRssMb: number; rowsWritten: number; method: string }> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL('./engine-run.ts', import.meta.url));
    // The same young-generation cap as `npm start` (apps/server's start script; decision 106), so the
    // child's memory is the server's.
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
        ? resolve(JSON.parse(stdout.trim().split('\n').at(-1)!))
        : reject(new Error(`engine run failed: ${stderr.slice(-3000)}`)),
    );
  });
}

function checkpoint(): void {
  psql('CHECKPOINT');
  mysql('FLUSH TABLES');
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Row {
  pair: string;
  tool: string;
  seconds: number;
  rowsPerSecond: number;
  rssMb: number | null;
  ratio?: string;
}

async function benchmark(rows: number): Promise<Row[]> {
  const src = `src_${rows}`;
  const dump = `${WORK}/${src}.tsv`;
  console.error(`\n== ${fmt(rows)} rows (median of ${repeat}): preparing sources`);
  psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_pgl CASCADE; CREATE SCHEMA ${SCHEMA}`);
  mysql(`DROP DATABASE IF EXISTS ${SCHEMA}; CREATE DATABASE ${SCHEMA} CHARACTER SET utf8mb4`);
  psql(
    `CREATE TABLE ${SCHEMA}.${src} (id integer PRIMARY KEY, big bigint, amount numeric(12,2), note text, code varchar(64), created timestamptz, flag boolean, payload jsonb)`,
  );
  // ~6% NULL notes, a tab in every other note, a JSON document per row: about 170 bytes a row as COPY text.
  psql(`INSERT INTO ${SCHEMA}.${src}
        SELECT g, g::bigint * 1000003, (g % 1000000) / 100.0, CASE WHEN g % 17 = 0 THEN NULL ELSE 'note ' || g || E'\\t' || md5(g::text) END,
               'code-' || substr(md5((g * 7)::text), 1, 20), timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second' + (g % 1000) * interval '1 microsecond',
               g % 2 = 0, jsonb_build_object('id', g, 'tags', jsonb_build_array('a', 'b'), 'v', g * 1.5)
          FROM generate_series(1, ${rows}) g`);
  psql(`VACUUM ANALYZE ${SCHEMA}.${src}`);
  // The dump file the mysql client loads: PostgreSQL COPY text is LOAD DATA's format when no text holds \\f or \\v.
  psql(
    `\\copy (SELECT id, big, amount, note, code, to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), flag::int, payload FROM ${SCHEMA}.${src}) TO '${dump}'`,
  );

  const pgEndpoint = (table: string) => ({ connection: PG, table: { schema: SCHEMA, table } });
  const myEndpoint = (table: string) => ({ connection: { ...MY, database: SCHEMA }, table: { schema: SCHEMA, table } });
  const plan = await planSync({ source: pgEndpoint(src), destination: myEndpoint('planned') });
  const mysqlDdl = (table: string) => plan.createTableDdl.replace('`planned`', `\`${table}\``);
  const loadData = (table: string) =>
    `mysql -h ${MY.host} -u ${MY.user} --local-infile=1 ${SCHEMA} -e "LOAD DATA LOCAL INFILE '${dump}' INTO TABLE \\\`${table}\\\` CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\\\\\' LINES TERMINATED BY '\\n'"`;
  mysql(mysqlDdl(src));
  await timed(loadData(src));
  mysql(`ANALYZE TABLE ${SCHEMA}.${src}`);

  const results: Row[] = [];
  const add = (pair: string, tool: string, ms: number, rssMb: number | null) => {
    const row: Row = { pair, tool, seconds: ms / 1000, rowsPerSecond: rows / (ms / 1000), rssMb };
    results.push(row);
    console.error(
      `   ${pair.padEnd(14)} ${tool.padEnd(22)} ${fmt(ms / 1000, 2).padStart(7)} s ${fmt(row.rowsPerSecond).padStart(9)} rows/s ${rssMb === null ? '' : `${fmt(rssMb)} MB`}`,
    );
    return row;
  };

  let pgPg = { ms: NaN, maxRssMb: NaN, rowsWritten: rows, method: 'skipped' };
  let myPg = { ms: NaN, maxRssMb: NaN, rowsWritten: rows, method: 'skipped' };
  let pgMy = { ms: NaN, maxRssMb: NaN, rowsWritten: rows, method: 'skipped' };
  let myMy = { ms: NaN, maxRssMb: NaN, rowsWritten: rows, method: 'skipped' };
  if (runInto('postgres')) {
    // PG → PG
    const refPg = await median(async () => {
      psql(
        `DROP TABLE IF EXISTS ${SCHEMA}.ref_pg; CREATE TABLE ${SCHEMA}.ref_pg (LIKE ${SCHEMA}.${src} INCLUDING ALL)`,
      );
      checkpoint();
      return timed(
        `psql -h ${PG.host} -U ${PG.user} -d ${PG.database} -c "\\copy ${SCHEMA}.${src} to stdout" | psql -h ${PG.host} -U ${PG.user} -d ${PG.database} -c "\\copy ${SCHEMA}.ref_pg from stdin"`,
      );
    });
    add('PG→PG', 'psql \\copy pipe', refPg.ms, null);
    pgPg = await median(async () => {
      psql(`DROP TABLE IF EXISTS ${SCHEMA}.eng_pg`);
      checkpoint();
      return engine({ source: pgEndpoint(src), destination: pgEndpoint('eng_pg'), writeMode: 'full_refresh' });
    });
    add('PG→PG', `engine (${pgPg.method})`, pgPg.ms, pgPg.maxRssMb).ratio = `${fmt(pgPg.ms / refPg.ms, 2)}× psql time`;

    // MySQL → PG
    checkpoint();
    const commandFile = `${WORK}/pgloader-${rows}.load`;
    writeFileSync(
      commandFile,
      `LOAD DATABASE FROM mysql://${MY.user}@${MY.host}:${MY.port}/${SCHEMA} INTO pgsql://${PG.user}@${PG.host}:${PG.port}/${PG.database}
         WITH include drop, create tables, create indexes, reset no sequences
         INCLUDING ONLY TABLE NAMES MATCHING '${src}'
         ALTER SCHEMA '${SCHEMA}' RENAME TO '${SCHEMA}_pgl';\n`,
    );
    // Without pgloader (e.g. a machine where it is not installed) the engine is still timed, with no reference.
    const pgl = hasPgloader
      ? await median(async () => {
          checkpoint();
          return timed(`pgloader --no-ssl-cert-verification --quiet ${commandFile}`);
        })
      : null;
    if (pgl) {
      const pglCount = Number(psql(`SELECT count(*) FROM ${SCHEMA}_pgl.${src}`).trim());
      add('MySQL→PG', `pgloader (${fmt(pglCount)} rows)`, pgl.ms, pgl.maxRssMb);
    }
    myPg = await median(async () => {
      psql(`DROP TABLE IF EXISTS ${SCHEMA}.eng_from_my`);
      checkpoint();
      return engine({ source: myEndpoint(src), destination: pgEndpoint('eng_from_my'), writeMode: 'full_refresh' });
    });
    add('MySQL→PG', `engine (${myPg.method})`, myPg.ms, myPg.maxRssMb).ratio = pgl
      ? `${fmt(pgl.ms / myPg.ms, 2)}× pgloader speed, ${fmt((myPg.maxRssMb / pgl.maxRssMb) * 100, 0)}% of its RSS`
      : 'no reference (pgloader not installed)';
  }
  if (runInto('mysql')) {
    // → MySQL
    const refMy = await median(async () => {
      mysql(`DROP TABLE IF EXISTS ${SCHEMA}.ref_my`);
      mysql(mysqlDdl('ref_my'));
      checkpoint();
      return timed(loadData('ref_my'));
    });
    add('→MySQL', 'mysql LOAD DATA file', refMy.ms, null);
    pgMy = await median(async () => {
      mysql(`DROP TABLE IF EXISTS ${SCHEMA}.eng_from_pg`);
      checkpoint();
      return engine({ source: pgEndpoint(src), destination: myEndpoint('eng_from_pg'), writeMode: 'full_refresh' });
    });
    add('PG→MySQL', `engine (${pgMy.method})`, pgMy.ms, pgMy.maxRssMb).ratio =
      `${fmt(pgMy.ms / refMy.ms, 2)}× LOAD DATA time`;
    myMy = await median(async () => {
      mysql(`DROP TABLE IF EXISTS ${SCHEMA}.eng_my`);
      checkpoint();
      return engine({ source: myEndpoint(src), destination: myEndpoint('eng_my'), writeMode: 'full_refresh' });
    });
    add('MySQL→MySQL', `engine (${myMy.method})`, myMy.ms, myMy.maxRssMb).ratio =
      `${fmt(myMy.ms / refMy.ms, 2)}× LOAD DATA time`;
  }
  for (const [name, engineRun] of [
    ['PG→PG', pgPg],
    ['MySQL→PG', myPg],
    ['PG→MySQL', pgMy],
    ['MySQL→MySQL', myMy],
  ] as const) {
    if (engineRun.rowsWritten !== rows) throw new Error(`${name}: wrote ${engineRun.rowsWritten} of ${rows} rows`);
  }
  return results;
}

const hasPgloader = spawnSync('sh', ['-c', 'command -v pgloader'], { stdio: 'ignore' }).status === 0;
mkdirSync(WORK, { recursive: true });
const all: Array<{ rows: number; results: Row[] }> = [];
try {
  for (const rows of sizes) all.push({ rows, results: await benchmark(rows) });
} finally {
  if (!process.argv.includes('--keep')) {
    psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_pgl CASCADE`);
    mysql(`DROP DATABASE IF EXISTS ${SCHEMA}`);
    rmSync(WORK, { recursive: true, force: true });
  }
}

console.log(`\n| rows | pair | tool | s | rows/s | peak RSS | vs reference |\n|---|---|---|---|---|---|---|`);
for (const { rows, results } of all) {
  for (const row of results) {
    console.log(
      `| ${fmt(rows)} | ${row.pair} | ${row.tool} | ${fmt(row.seconds, 2)} | ${fmt(row.rowsPerSecond)} | ${row.rssMb === null ? '—' : `${fmt(row.rssMb)} MB`} | ${row.ratio ?? ''} |`,
    );
  }
}
