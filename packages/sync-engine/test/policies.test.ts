import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSync, runSync } from '../src/index.js';
import type { DialectName, SyncRequest } from '../src/index.js';
import {
  DIALECT_PAIRS,
  createScratch,
  dropScratch,
  adminQuery,
  myAdmin,
  myQuote,
  pgQuote,
  selectRows,
  uniqueName,
} from '@pipecraft/test-support';
import { CONFIGS, syncRequest } from './support/databases.js';

const pgSchema = uniqueName('pc_pol');
const mySchema = uniqueName('pc_pol');
const schemaOf: Record<DialectName, string> = { postgres: pgSchema, mysql: mySchema };
const P = (table: string) => `${pgQuote(pgSchema)}.${pgQuote(table)}`;
const M = (table: string) => `${myQuote(mySchema)}.${myQuote(table)}`;

function request(from: DialectName, to: DialectName, sourceTable: string, destinationTable: string): SyncRequest {
  return syncRequest(schemaOf, from, to, sourceTable, destinationTable);
}

beforeAll(async () => {
  await createScratch('postgres', pgSchema);
  await createScratch('mysql', mySchema);
});

afterAll(async () => {
  await dropScratch('postgres', pgSchema);
  await dropScratch('mysql', mySchema);
});

/** A destination that already holds a known row, so "left exactly as it was" can be checked. */
async function seedDestination(to: DialectName, table: string, type: string, value: string): Promise<void> {
  if (to === 'postgres') {
    await adminQuery(to, `CREATE TABLE ${P(table)} (id integer PRIMARY KEY, v ${type})`);
    await adminQuery(to, `INSERT INTO ${P(table)} VALUES (1, $1)`, [value]);
  } else {
    await adminQuery(to, `CREATE TABLE ${M(table)} (id int PRIMARY KEY, v ${type})`);
    await adminQuery(to, `INSERT INTO ${M(table)} VALUES (1, ?)`, [value]);
  }
}

const rejections: Array<{
  name: string;
  from: DialectName;
  to: DialectName;
  sourceType: string;
  value: string;
  destinationType: string;
  keep: string;
  message: RegExp;
}> = [
  {
    name: 'NaN into DECIMAL',
    from: 'postgres',
    to: 'mysql',
    sourceType: 'numeric(10,2)',
    value: 'NaN',
    destinationType: 'decimal(10,2)',
    keep: '1.00',
    message: /"v".*'NaN'.*DECIMAL/,
  },
  {
    name: 'Infinity into DECIMAL',
    from: 'postgres',
    to: 'mysql',
    sourceType: 'numeric',
    value: 'Infinity',
    destinationType: 'decimal(65,30)',
    keep: '1.000000000000000000000000000000',
    message: /Infinity/,
  },
  {
    name: 'Infinity into DOUBLE',
    from: 'postgres',
    to: 'mysql',
    sourceType: 'double precision',
    value: '-Infinity',
    destinationType: 'double',
    keep: '1',
    message: /-Infinity.*floating-point/,
  },
  {
    name: 'a BC date',
    from: 'postgres',
    to: 'mysql',
    sourceType: 'date',
    value: '0044-03-15 BC',
    destinationType: 'date',
    keep: '2000-01-01',
    message: /BC/,
  },
  {
    name: 'infinity timestamp',
    from: 'postgres',
    to: 'mysql',
    sourceType: 'timestamp',
    value: 'infinity',
    destinationType: 'datetime(6)',
    keep: '2000-01-01 00:00:00.000000',
    message: /infinity/,
  },
  {
    name: 'a year after 9999',
    from: 'postgres',
    to: 'mysql',
    sourceType: 'date',
    value: '10000-01-01',
    destinationType: 'date',
    keep: '2000-01-01',
    message: /after the year 9999/,
  },
  {
    name: 'too many digits for decimal(5,2)',
    from: 'postgres',
    to: 'mysql',
    sourceType: 'numeric',
    value: '1234.5',
    destinationType: 'decimal(5,2)',
    keep: '1.00',
    message: /decimal\(5,2\)/,
  },
  {
    name: 'TIME beyond 24 h',
    from: 'mysql',
    to: 'postgres',
    sourceType: 'time',
    value: '838:59:59',
    destinationType: 'time',
    keep: '01:00:00',
    message: /838:59:59.*00:00:00/,
  },
  {
    name: 'tinyint(1) holding 2',
    from: 'mysql',
    to: 'postgres',
    sourceType: 'tinyint(1)',
    value: '2',
    destinationType: 'boolean',
    keep: 'true',
    message: /not 0 or 1/,
  },
  {
    name: 'a zero date into NOT NULL',
    from: 'mysql',
    to: 'postgres',
    sourceType: 'date NOT NULL',
    value: '0000-00-00',
    destinationType: 'date NOT NULL',
    keep: '2000-01-01',
    message: /zero date.*NOT NULL/,
  },
  {
    name: 'a value too long for the existing column',
    from: 'postgres',
    to: 'mysql',
    sourceType: 'text',
    value: 'x'.repeat(20),
    destinationType: 'varchar(5)',
    keep: 'abc',
    message: /Data too long|rejected/,
  },
  {
    name: 'a value too long for the existing PostgreSQL column',
    from: 'mysql',
    to: 'postgres',
    sourceType: 'text',
    value: 'x'.repeat(20),
    destinationType: 'varchar(5)',
    keep: 'abc',
    message: /too long/,
  },
];

describe('values the destination cannot hold', () => {
  it.each(rejections)(
    'rejects $name ($from → $to) and leaves the destination as it was',
    async ({ from, to, sourceType, value, destinationType, keep, message }) => {
      const source = uniqueName('src');
      const destination = uniqueName('dst');
      if (from === 'postgres') {
        await adminQuery(from, `CREATE TABLE ${P(source)} (id integer PRIMARY KEY, v ${sourceType})`);
        await adminQuery(from, `INSERT INTO ${P(source)} SELECT g, NULL FROM generate_series(1, 3000) g`);
        await adminQuery(
          from,
          `UPDATE ${P(source)} SET v = $1::${sourceType.replace(' NOT NULL', '')} WHERE id = 2500`,
          [value],
        );
      } else {
        await adminQuery(from, `CREATE TABLE ${M(source)} (id int PRIMARY KEY, v ${sourceType})`);
        await myAdmin(async (connection) => {
          await connection.query("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'");
          await connection.query(
            `INSERT INTO ${M(source)} SELECT seq, ${sourceType.includes('NOT NULL') ? "'2001-01-01'" : 'NULL'} FROM seq_1_to_3000`,
          );
          await connection.query(`UPDATE ${M(source)} SET v = ? WHERE id = 2500`, [value]);
        });
      }
      await seedDestination(to, destination, destinationType, keep);
      const before = await selectRows(to, schemaOf[to], destination, ['id', 'v']);
      const error = await runSync(request(from, to, source, destination)).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ROW_REJECTED' });
      expect((error as Error).message).toMatch(message);
      expect(await selectRows(to, schemaOf[to], destination, ['id', 'v'])).toEqual(before);
    },
  );

  it('strips NUL from text going to PostgreSQL, with a warning', async () => {
    await adminQuery('mysql', `CREATE TABLE ${M('nul')} (id int PRIMARY KEY, v text)`);
    await adminQuery('mysql', `INSERT INTO ${M('nul')} VALUES (1, ?), (2, ?), (3, '')`, ['a\u0000b', 'plain']);
    const result = await runSync(request('mysql', 'postgres', 'nul', 'nul'));
    expect(result.warnings).toEqual([
      'Column "v": NUL characters (U+0000) stripped: the destination cannot store them in text (1 value, first at id=1)',
    ]);
    expect(result.valueWarnings).toEqual([{ column: 'v', policy: 'nul-stripped', count: 1, sampleKey: 'id=1' }]);
    expect(await selectRows('postgres', pgSchema, 'nul', ['id', 'v'])).toEqual([
      ['1', 'ab'],
      ['2', 'plain'],
      ['3', ''],
    ]);
  });
});

describe('existing destination tables', () => {
  it('matches columns by name, whatever their order, and keeps extra nullable columns', async () => {
    await adminQuery(
      'postgres',
      `CREATE TABLE ${P('named')} (id integer PRIMARY KEY, label text, amount numeric(8,2))`,
    );
    await adminQuery('postgres', `INSERT INTO ${P('named')} VALUES (1, 'one', 1.5), (2, NULL, NULL)`);
    await adminQuery(
      'mysql',
      `CREATE TABLE ${M('named')} (extra varchar(5) NULL, amount decimal(10,2), label varchar(20), id bigint PRIMARY KEY)`,
    );
    await adminQuery('mysql', `INSERT INTO ${M('named')} (id, label) VALUES (99, 'old')`);
    const plan = await planSync(request('postgres', 'mysql', 'named', 'named'));
    expect(plan).toMatchObject({ destinationExists: true, createTableDdl: '', mismatches: [] });
    const result = await runSync(request('postgres', 'mysql', 'named', 'named'));
    expect(result).toMatchObject({ rowsWritten: 2, createdTable: false });
    expect(await selectRows('mysql', mySchema, 'named', ['id', 'label', 'amount', 'extra'])).toEqual([
      ['1', 'one', '1.50', null],
      ['2', null, null, null],
    ]);
  });

  it('refuses incompatible columns before changing anything, naming them', async () => {
    await adminQuery('postgres', `CREATE TABLE ${P('clash')} (id integer PRIMARY KEY, data bytea, gone text)`);
    await adminQuery('postgres', `INSERT INTO ${P('clash')} VALUES (1, '\\x00', 'x')`);
    await adminQuery('mysql', `CREATE TABLE ${M('clash')} (id int PRIMARY KEY, data date, must int NOT NULL)`);
    await adminQuery('mysql', `INSERT INTO ${M('clash')} VALUES (5, '2000-01-01', 1)`);
    const plan = await planSync(request('postgres', 'mysql', 'clash', 'clash'));
    expect(plan.mismatches.map((mismatch) => mismatch.column)).toEqual(['data', 'gone', 'must']);
    const error = await runSync(request('postgres', 'mysql', 'clash', 'clash')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DESTINATION_MISMATCH' });
    expect((error as Error).message).toMatch(/"data".*bytea.*date.*"gone".*missing.*"must"/);
    expect(await selectRows('mysql', mySchema, 'clash', ['id'])).toEqual([[5]]);
  });
});

describe('guards', () => {
  it('refuses to refresh a table from itself', async () => {
    await expect(runSync(request('postgres', 'postgres', 'same', 'same'))).rejects.toMatchObject({
      code: 'DESTINATION_MISMATCH',
    });
  });

  it('reports a missing source table and a missing destination schema', async () => {
    await expect(runSync(request('postgres', 'mysql', 'pc_nope', 'x'))).rejects.toMatchObject({
      code: 'TABLE_NOT_FOUND',
    });
    await adminQuery('postgres', `CREATE TABLE ${P('lonely')} (id integer PRIMARY KEY)`);
    const wrongSchema = {
      ...request('postgres', 'mysql', 'lonely', 'x'),
      destination: { connection: CONFIGS.mysql, table: { schema: 'pc_no_such_db', table: 'x' } },
    };
    await expect(runSync(wrongSchema)).rejects.toMatchObject({ code: 'SCHEMA_NOT_FOUND' });
  });
});

describe('views and inherited tables as sources', () => {
  it('copies a PostgreSQL view and an inheritance parent with its children’s rows', async () => {
    await adminQuery('postgres', `CREATE TABLE ${P('parent')} (id integer PRIMARY KEY, v text)`);
    await adminQuery('postgres', `CREATE TABLE ${P('child')} () INHERITS (${P('parent')})`);
    await adminQuery('postgres', `INSERT INTO ${P('parent')} VALUES (1, 'own')`);
    await adminQuery('postgres', `INSERT INTO ${P('child')} VALUES (2, 'inherited')`);
    await adminQuery('postgres', `CREATE VIEW ${P('parent_view')} AS SELECT id, upper(v) AS v FROM ${P('parent')}`);
    expect((await runSync(request('postgres', 'mysql', 'parent', 'parent'))).rowsWritten).toBe(2);
    expect((await runSync(request('postgres', 'mysql', 'parent_view', 'parent_view'))).rowsWritten).toBe(2);
    expect(await selectRows('mysql', mySchema, 'parent_view', ['id', 'v'])).toEqual([
      [1, 'OWN'],
      [2, 'INHERITED'],
    ]);
  });

  it('copies a MySQL view', async () => {
    await adminQuery('mysql', `CREATE TABLE ${M('base')} (id int PRIMARY KEY, v varchar(10))`);
    await adminQuery('mysql', `INSERT INTO ${M('base')} VALUES (1, 'a'), (2, 'b')`);
    await adminQuery('mysql', `CREATE VIEW ${M('base_view')} AS SELECT id, CONCAT(v, '!') AS v FROM ${M('base')}`);
    expect((await runSync(request('mysql', 'postgres', 'base_view', 'base_view'))).rowsWritten).toBe(2);
    expect(await selectRows('postgres', pgSchema, 'base_view', ['id', 'v'])).toEqual([
      ['1', 'a!'],
      ['2', 'b!'],
    ]);
  });
});

describe('identifiers', () => {
  const weirdTable = 'Wëird "tbl" `x` select';
  const weirdColumns = ['Id', 'sel ect', 'a"b', 'c`d', 'ünï€ 名前', 'order', "it's"];
  it.each(DIALECT_PAIRS)('quotes every identifier %s → %s', async (from, to) => {
    const source = `${weirdTable} ${from}`;
    const destination = `${weirdTable} → ${to}`;
    if (from === 'postgres') {
      await adminQuery(
        from,
        `CREATE TABLE IF NOT EXISTS ${P(source)} (${weirdColumns.map((name, index) => `${pgQuote(name)} ${index === 0 ? 'integer PRIMARY KEY' : 'text'}`).join(', ')})`,
      );
      await adminQuery(
        from,
        `INSERT INTO ${P(source)} VALUES (1, 'a', 'b', 'c', 'd', 'e', 'f') ON CONFLICT DO NOTHING`,
      );
    } else {
      await adminQuery(
        from,
        `CREATE TABLE IF NOT EXISTS ${M(source)} (${weirdColumns.map((name, index) => `${myQuote(name)} ${index === 0 ? 'int PRIMARY KEY' : 'text'}`).join(', ')})`,
      );
      await adminQuery(from, `INSERT IGNORE INTO ${M(source)} VALUES (1, 'a', 'b', 'c', 'd', 'e', 'f')`);
    }
    const result = await runSync(request(from, to, source, destination));
    expect(result.rowsWritten).toBe(1);
    const rows = await selectRows(to, schemaOf[to], destination, weirdColumns);
    expect(rows.map((row) => row.map(String))).toEqual([['1', 'a', 'b', 'c', 'd', 'e', 'f']]);
    // A second run exercises the existing-table path (TRUNCATE / staging + swap) with the same names.
    expect((await runSync(request(from, to, source, destination))).createdTable).toBe(false);
  });
});
