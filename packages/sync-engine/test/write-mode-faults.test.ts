import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import pg from 'pg';
import {
  DIALECT_PAIRS,
  adminQuery,
  countRows,
  createScratch,
  dropScratch,
  qualified,
  selectRows,
  uniqueName,
  type TestDialect,
} from '@pipecraft/test-support';
import { runSync } from '../src/index.js';
import type { SyncRequest } from '../src/index.js';
import { CONFIGS, MY, PG } from './support/databases.js';

/**
 * Faults in every append and merge mode: the source killed mid-read, the process killed mid-load.
 * Each must leave the destination exactly as it was and the watermark where it was (no state
 * row written), and the next run must converge.
 */
const schemaOf: Record<TestDialect, string> = { postgres: uniqueName('pc_mfault'), mysql: uniqueName('pc_mfault') };
const ROWS = 60_000;
const OLD = [
  ['-2', '1', 'old two'],
  ['-1', '1', 'old one'],
];
const MODES = [
  { writeMode: 'append' },
  { writeMode: 'incremental_append', cursorColumn: 'ver', watermark: { cursor: '0', key: ['0'] } },
  { writeMode: 'incremental_merge', cursorColumn: 'ver', watermark: { cursor: '0', key: ['0'] } },
  { writeMode: 'full_merge', deleteMissing: 'hard' },
] as const satisfies ReadonlyArray<Partial<SyncRequest>>;

/**
 * Reading and merging ROWS can end before a kill lands (PostgreSQL's COPY is fast, and a loaded CI
 * machine delays the killer): the killed runs read a bigger table.
 */
const HUGE_ROWS: Record<TestDialect, number> = { postgres: 400_000, mysql: 200_000 };

function request(
  from: TestDialect,
  to: TestDialect,
  table: string,
  mode: Partial<SyncRequest>,
  sourceTable = 'big',
): SyncRequest {
  return {
    source: { connection: CONFIGS[from], table: { schema: schemaOf[from], table: sourceTable } },
    destination: { connection: CONFIGS[to], table: { schema: schemaOf[to], table } },
    writeMode: 'full_refresh',
    ...mode,
  };
}

async function seedOld(to: TestDialect, table: string): Promise<void> {
  await adminQuery(
    to,
    `CREATE TABLE ${qualified(to, schemaOf[to], table)} (id ${to === 'postgres' ? 'integer' : 'int'} PRIMARY KEY, ver int, note text)`,
  );
  await adminQuery(
    to,
    `INSERT INTO ${qualified(to, schemaOf[to], table)} (id, ver, note) VALUES (-1, 1, 'old one'), (-2, 1, 'old two')`,
  );
}

async function destination(to: TestDialect, table: string): Promise<string[][]> {
  return (await selectRows(to, schemaOf[to], table, ['id', 'ver', 'note']))
    .map((row) => row.map(String))
    .sort((a, b) => Number(a[0]) - Number(b[0]));
}

/** The run-state rows (the marker and watermark of these modes): none may appear for a failed run. */
async function stateRows(to: TestDialect): Promise<unknown[]> {
  const exists = await adminQuery(
    to,
    to === 'postgres'
      ? `SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = '_pipecraft_state'`
      : `SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = '_pipecraft_state'`,
    [schemaOf[to]],
  );
  if (exists.length === 0) return [];
  return adminQuery(to, `SELECT table_name FROM ${qualified(to, schemaOf[to], '_pipecraft_state')}`);
}

async function sourceKiller(from: TestDialect): Promise<{ kill(): Promise<boolean>; close(): Promise<void> }> {
  if (from === 'postgres') {
    const client = new pg.Client({ host: PG.host, port: PG.port, database: PG.database, user: PG.user });
    await client.connect();
    return {
      async kill() {
        const result = await client.query(
          "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'pipecraft' AND query LIKE 'COPY % TO STDOUT' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()",
          [schemaOf.postgres],
        );
        return result.rows.some((row) => row.ok === true);
      },
      close: () => client.end(),
    };
  }
  const connection = await mysql.createConnection({
    host: MY.host,
    port: MY.port,
    user: MY.user,
    password: MY.password ?? '',
  });
  return {
    async kill() {
      const [rows] = await connection.query(
        "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT %' AND INFO LIKE CONCAT('%', ?, '%') AND ID <> CONNECTION_ID()",
        [schemaOf.mysql],
      );
      for (const row of rows as Array<{ id: number }>) await connection.query(`KILL CONNECTION ${Number(row.id)}`);
      return (rows as unknown[]).length > 0;
    },
    close: () => connection.end(),
  };
}

/** Rows after a converged run: merge modes with delete-missing lose the old rows, the others keep them. */
function convergedCount(mode: (typeof MODES)[number], rows = ROWS): number {
  return mode.writeMode === 'full_merge' ? rows : rows + OLD.length;
}

beforeAll(async () => {
  await createScratch('postgres', schemaOf.postgres);
  await createScratch('mysql', schemaOf.mysql);
  await adminQuery(
    'postgres',
    `CREATE TABLE ${qualified('postgres', schemaOf.postgres, 'big')} (id integer PRIMARY KEY, ver integer, note text)`,
  );
  await adminQuery(
    'postgres',
    `INSERT INTO ${qualified('postgres', schemaOf.postgres, 'big')} SELECT g, 1 + g % 5, 'row ' || g || repeat('x', 40) FROM generate_series(1, ${ROWS}) g`,
  );
  await adminQuery(
    'postgres',
    `CREATE TABLE ${qualified('postgres', schemaOf.postgres, 'huge')} (LIKE ${qualified('postgres', schemaOf.postgres, 'big')} INCLUDING ALL)`,
  );
  await adminQuery(
    'postgres',
    `INSERT INTO ${qualified('postgres', schemaOf.postgres, 'huge')} SELECT g, 1 + g % 5, 'row ' || g || repeat('x', 40) FROM generate_series(1, ${HUGE_ROWS.postgres}) g`,
  );
  await adminQuery(
    'mysql',
    `CREATE TABLE ${qualified('mysql', schemaOf.mysql, 'big')} (id int PRIMARY KEY, ver int, note text)`,
  );
  await adminQuery(
    'mysql',
    `INSERT INTO ${qualified('mysql', schemaOf.mysql, 'big')} SELECT seq, 1 + seq % 5, CONCAT('row ', seq, REPEAT('x', 40)) FROM seq_1_to_${ROWS}`,
  );
  await adminQuery(
    'mysql',
    `CREATE TABLE ${qualified('mysql', schemaOf.mysql, 'huge')} LIKE ${qualified('mysql', schemaOf.mysql, 'big')}`,
  );
  await adminQuery(
    'mysql',
    `INSERT INTO ${qualified('mysql', schemaOf.mysql, 'huge')} SELECT seq, 1 + seq % 5, CONCAT('row ', seq, REPEAT('x', 40)) FROM seq_1_to_${HUGE_ROWS.mysql}`,
  );
});

afterAll(async () => {
  await dropScratch('postgres', schemaOf.postgres);
  await dropScratch('mysql', schemaOf.mysql);
});

// A kill races the run it kills: on a loaded machine the run can (rarely) finish first, which
// proves nothing either way, so a failed attempt is retried once. A real fault shows on both.
describe.each(DIALECT_PAIRS)('%s → %s write-mode faults', { retry: 1 }, (from, to) => {
  it.each(MODES.map((mode) => [mode.writeMode, mode] as const))(
    '%s: source killed mid-read — destination and watermark unmoved, the next run converges',
    async (_name, mode) => {
      const table = uniqueName(`k_${mode.writeMode}`).slice(0, 48);
      await seedOld(to, table);
      const killer = await sourceKiller(from);
      let killed: Promise<boolean> | null = null;
      const error = await runSync({
        ...request(from, to, table, mode, 'huge'),
        runId: 'killed-run',
        onProgress: () => {
          killed ??= killer.kill();
        },
      }).catch((caught: unknown) => caught);
      expect(await killed).toBe(true);
      await killer.close();
      expect(error).toMatchObject({ name: 'EngineError', code: 'CONNECTION_LOST' });
      expect(await destination(to, table)).toEqual(OLD);
      expect(await stateRows(to)).not.toContainEqual(expect.objectContaining({ table_name: table }));

      const result = await runSync(request(from, to, table, mode));
      expect(result.rowsRead).toBe(ROWS);
      expect(await countRows(to, schemaOf[to], table)).toBe(convergedCount(mode));
      if (mode.writeMode === 'incremental_append' || mode.writeMode === 'incremental_merge')
        expect(result.watermark).toEqual({ cursor: '5', key: [String(ROWS - (ROWS % 5 === 4 ? 0 : (ROWS % 5) + 1))] });
    },
  );

  it.each(MODES.filter((mode) => mode.writeMode.includes('merge')).map((mode) => [mode.writeMode, mode] as const))(
    '%s: process killed mid-merge — destination unmoved, the next run converges',
    async (_name, mode) => {
      const table = uniqueName(`p_${mode.writeMode}`).slice(0, 48);
      await seedOld(to, table);
      const sourceTable = 'huge';
      const sourceRows = HUGE_ROWS[from];
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(new URL('./support/sync-child.ts', import.meta.url)),
          JSON.stringify(request(from, to, table, mode, sourceTable)),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exit = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const rows = /progress (\d+)/.exec(chunk.toString());
          if (rows && Number(rows[1]) >= 20_000) resolve();
          if (chunk.toString().includes('done')) reject(new Error('the child finished before it could be killed'));
        });
        child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
      });
      child.kill('SIGKILL');
      expect(await exit).toBe('SIGKILL');
      expect(await destination(to, table)).toEqual(OLD);
      await runSync(request(from, to, table, mode, sourceTable));
      expect(await countRows(to, schemaOf[to], table)).toBe(convergedCount(mode, sourceRows));
    },
  );
});
