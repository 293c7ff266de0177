import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../src/index.js';
import type { DialectName, SyncRequest } from '../src/index.js';
import {
  DIALECT_PAIRS,
  countRows,
  createScratch,
  dropScratch,
  adminQuery,
  myAdmin,
  myQuote,
  pgAdmin,
  pgQuote,
  selectRows,
  uniqueName,
} from '@pipecraft/test-support';
import { syncRequest } from './support/databases.js';
import { killSourceRead, startSyncChild } from './support/fault-injection.js';

/**
 * Faults of a full refresh of a large table, and an abort: each must leave the destination exactly
 * as it was — the old rows, no partial table, no leftovers the next run cannot clean up. Every
 * write mode against the same faults: write-mode-faults.test.ts.
 */
const pgSchema = uniqueName('pc_fault');
const mySchema = uniqueName('pc_fault');
const schemaOf: Record<DialectName, string> = { postgres: pgSchema, mysql: mySchema };
const ROWS = 400_000;
const OLD_ROWS = [
  [1, 'old one'],
  [2, 'old two'],
];

function request(from: DialectName, to: DialectName, destinationTable: string): SyncRequest {
  return syncRequest(schemaOf, from, to, 'big', destinationTable);
}

async function seedOld(to: DialectName, table: string): Promise<void> {
  if (to === 'postgres') {
    await adminQuery(
      to,
      `CREATE TABLE ${pgQuote(pgSchema)}.${pgQuote(table)} (id integer PRIMARY KEY, note text, amount numeric(12,2))`,
    );
    await adminQuery(
      to,
      `INSERT INTO ${pgQuote(pgSchema)}.${pgQuote(table)} (id, note) VALUES (1, 'old one'), (2, 'old two')`,
    );
  } else {
    await adminQuery(
      to,
      `CREATE TABLE ${myQuote(mySchema)}.${myQuote(table)} (id int PRIMARY KEY, note text, amount decimal(12,2))`,
    );
    await adminQuery(
      to,
      `INSERT INTO ${myQuote(mySchema)}.${myQuote(table)} (id, note) VALUES (1, 'old one'), (2, 'old two')`,
    );
  }
}

async function destinationRows(to: DialectName, table: string): Promise<string[][]> {
  return (await selectRows(to, schemaOf[to], table, ['id', 'note'])).map((row) => row.map(String));
}

async function leftovers(to: DialectName): Promise<string[]> {
  if (to === 'postgres') {
    return pgAdmin(async (client) =>
      (
        await client.query("SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE '\\_pc\\_%'", [
          pgSchema,
        ])
      ).rows.map((row) => String(row.tablename)),
    );
  }
  return myAdmin(async (connection) => {
    const [rows] = await connection.query(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE '\\_pc\\_%'",
      [mySchema],
    );
    return (rows as Array<{ t: string }>).map((row) => row.t);
  });
}

beforeAll(async () => {
  await createScratch('postgres', pgSchema);
  await createScratch('mysql', mySchema);
  await adminQuery(
    'postgres',
    `CREATE TABLE ${pgQuote(pgSchema)}.big (id integer PRIMARY KEY, note text, amount numeric(12,2))`,
  );
  await adminQuery(
    'postgres',
    `INSERT INTO ${pgQuote(pgSchema)}.big SELECT g, 'row ' || g || repeat('x', 40), g / 100.0 FROM generate_series(1, ${ROWS}) g`,
  );
  await adminQuery(
    'mysql',
    `CREATE TABLE ${myQuote(mySchema)}.big (id int PRIMARY KEY, note text, amount decimal(12,2))`,
  );
  await adminQuery(
    'mysql',
    `INSERT INTO ${myQuote(mySchema)}.big SELECT seq, CONCAT('row ', seq, REPEAT('x', 40)), seq / 100 FROM seq_1_to_${ROWS}`,
  );
});

afterAll(async () => {
  await dropScratch('postgres', pgSchema);
  await dropScratch('mysql', mySchema);
});

describe.each(DIALECT_PAIRS)('%s → %s faults', (from, to) => {
  it('source connection killed mid-read: the run fails and the destination keeps its rows', async () => {
    const table = uniqueName('killed_src');
    await seedOld(to, table);
    let killed: boolean | undefined;
    const error = await runSync({
      ...request(from, to, table),
      onProgress: () => {
        killed ??= killSourceRead(from, schemaOf[from], 'big');
      },
    }).catch((caught: unknown) => caught);
    expect(killed).toBe(true);
    // The engine's own code and wording for a lost source connection, not any driver message.
    expect(error).toMatchObject({ name: 'EngineError', code: 'CONNECTION_LOST' });
    expect((error as Error).message).toMatch(
      // PostgreSQL's wording depends on whether its termination notice arrives before the socket closes.
      /^The PostgreSQL session on .* was terminated by the server|^The (PostgreSQL|MySQL) connection to .* was lost/,
    );
    expect(await destinationRows(to, table)).toEqual(OLD_ROWS.map((row) => row.map(String)));
    expect(await leftovers(to)).toEqual([]);
  });

  it('process killed mid-load: the destination keeps its rows and the next run cleans up and succeeds', async () => {
    const table = uniqueName('killed_proc');
    await seedOld(to, table);
    const child = startSyncChild([request(from, to, table)]);
    await child.waitForProgress(0, 20_000);
    expect(await child.kill()).toBe('SIGKILL');
    expect(await destinationRows(to, table)).toEqual(OLD_ROWS.map((row) => row.map(String)));
    if (to === 'mysql') expect((await leftovers(to)).length).toBeGreaterThan(0); // the killed run's staging table
    const result = await runSync(request(from, to, table));
    expect(result.rowsWritten).toBe(ROWS);
    expect(await countRows(to, schemaOf[to], table)).toBe(ROWS);
    expect(await leftovers(to)).toEqual([]);
  });

  it('abort signal mid-run: ABORTED, destination unchanged', async () => {
    const table = uniqueName('aborted');
    await seedOld(to, table);
    const controller = new AbortController();
    const error = await runSync({
      ...request(from, to, table),
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(await destinationRows(to, table)).toEqual(OLD_ROWS.map((row) => row.map(String)));
    const result = await runSync(request(from, to, table));
    expect(result.rowsWritten).toBe(ROWS);
    expect(await leftovers(to)).toEqual([]);
  });
});
