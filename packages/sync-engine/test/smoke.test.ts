import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listColumns, listSchemas, listTables, planSync, runSync, testConnection } from '../src/index.js';
import type { DialectName } from '../src/index.js';
import {
  DIALECT_PAIRS,
  countRows,
  createScratch,
  dropScratch,
  adminQuery,
  myQuote,
  pgQuote,
  selectRows,
  uniqueName,
} from '@pipecraft/test-support';
import { CONFIGS } from './support/databases.js';

const pgSchema = uniqueName('pc_smoke');
const mySchema = uniqueName('pc_smoke');
const schemaOf: Record<DialectName, string> = { postgres: pgSchema, mysql: mySchema };

beforeAll(async () => {
  await createScratch('postgres', pgSchema);
  await createScratch('mysql', mySchema);
  await adminQuery(
    'postgres',
    `CREATE TABLE ${pgQuote(pgSchema)}.src (id integer PRIMARY KEY, big bigint, amount numeric(12,2), note text, code varchar(64), created timestamptz, flag boolean, payload jsonb)`,
  );
  await adminQuery(
    'postgres',
    `INSERT INTO ${pgQuote(pgSchema)}.src SELECT g, 9007199254740993 + g, g / 7.0, CASE WHEN g % 5 = 0 THEN NULL ELSE 'note' || chr(9) || g END, 'c' || g, '2024-01-01T00:00:00Z'::timestamptz + g * interval '1 minute', g % 2 = 0, jsonb_build_object('g', g) FROM generate_series(1, 2500) g`,
  );
  await adminQuery(
    'mysql',
    `CREATE TABLE ${myQuote(mySchema)}.src (id int PRIMARY KEY, big bigint, amount decimal(12,2), note text, code varchar(64), created datetime(6), flag tinyint(1), payload json)`,
  );
  await adminQuery(
    'mysql',
    `INSERT INTO ${myQuote(mySchema)}.src SELECT seq, 9007199254740993 + seq, seq / 7, IF(seq % 5 = 0, NULL, CONCAT('note\t', seq)), CONCAT('c', seq), TIMESTAMP('2024-01-01') + INTERVAL seq MINUTE, seq % 2 = 0, JSON_OBJECT('g', seq) FROM seq_1_to_2500`,
  );
});

afterAll(async () => {
  await dropScratch('postgres', pgSchema);
  await dropScratch('mysql', mySchema);
});

/** The version string the server itself reports, read over an admin connection. */
async function serverVersionOf(dialect: DialectName): Promise<string> {
  if (dialect === 'mysql') return (await adminQuery<{ v: string }>('mysql', 'SELECT VERSION() AS v'))[0]!.v;
  const [row] = await adminQuery<{ v: string }>('postgres', "SELECT current_setting('server_version') AS v");
  return `PostgreSQL ${row!.v.replace(/ \(.*\)$/, '')}`;
}

describe.each(['postgres', 'mysql'] as const)('%s discovery', (dialect) => {
  it('tests the connection', async () => {
    const expected = await serverVersionOf(dialect);
    const started = performance.now();
    const result = await testConnection(CONFIGS[dialect]);
    const elapsed = performance.now() - started;
    expect(result.serverVersion).toBe(expected);
    // A real measurement: a connect and a query take time, and no more than the whole call took.
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.latencyMs).toBeLessThanOrEqual(Math.ceil(elapsed));
  });

  it('lists schemas, tables and columns', async () => {
    expect(await listSchemas(CONFIGS[dialect], { all: true })).toContain(schemaOf[dialect]);
    const tables = await listTables(CONFIGS[dialect], schemaOf[dialect]);
    expect(tables.map((table) => table.name)).toContain('src');
    // A table takes room on disk (at least a page); the catalogs report it in bytes.
    expect(tables.find((table) => table.name === 'src')?.sizeBytes).toBeGreaterThan(0);
    const columns = await listColumns(CONFIGS[dialect], { schema: schemaOf[dialect], table: 'src' });
    expect(columns.map((column) => column.name)).toEqual([
      'id',
      'big',
      'amount',
      'note',
      'code',
      'created',
      'flag',
      'payload',
    ]);
    expect(columns[0]).toMatchObject({ primaryKeyPosition: 1, nullable: false });
  });

  it('lists only the connected database as a MySQL schema unless asked for all', async () => {
    const own = await listSchemas(CONFIGS[dialect]);
    if (dialect === 'mysql') expect(own).toEqual([CONFIGS.mysql.database]);
    else expect(own).toEqual(await listSchemas(CONFIGS[dialect], { all: true }));
    expect(await listSchemas(CONFIGS[dialect], { all: true })).toContain(schemaOf[dialect]);
  });

  it('reports a missing table', async () => {
    await expect(listColumns(CONFIGS[dialect], { schema: schemaOf[dialect], table: 'nope' })).rejects.toMatchObject({
      code: 'TABLE_NOT_FOUND',
    });
  });
});

describe.each(DIALECT_PAIRS)('%s → %s smoke', (from, to) => {
  const target = `dst_${from}`;
  it('plans, creates, copies, and refreshes again', async () => {
    const endpoints = {
      source: { connection: CONFIGS[from], table: { schema: schemaOf[from], table: 'src' } },
      destination: { connection: CONFIGS[to], table: { schema: schemaOf[to], table: target } },
    };
    const plan = await planSync(endpoints);
    expect(plan.destinationExists).toBe(false);
    expect(plan.createTableDdl).toMatch(/^CREATE TABLE/);
    expect(plan.mismatches).toEqual([]);
    const progress: number[] = [];
    const first = await runSync({
      ...endpoints,
      writeMode: 'full_refresh',
      onProgress: ({ rowsCopied }) => progress.push(rowsCopied),
    });
    expect(first).toMatchObject({ rowsRead: 2500, rowsWritten: 2500, createdTable: true });
    expect(progress.at(-1)).toBe(2500);
    expect(await countRows(to, schemaOf[to], target)).toBe(2500);
    const second = await runSync({ ...endpoints, writeMode: 'full_refresh' });
    expect(second).toMatchObject({ rowsWritten: 2500, createdTable: false });
    const rows = await selectRows(to, schemaOf[to], target, ['id', 'big', 'amount', 'note']);
    expect(rows.length).toBe(2500);
    expect(rows.find((row) => String(row[0]) === '7')).toEqual(
      to === 'postgres' ? ['7', '9007199254741000', '1.00', 'note\t7'] : [7, '9007199254741000', '1.00', 'note\t7'],
    );
  });
});
