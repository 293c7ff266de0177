import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSync, runSync } from '../src/index.js';
import type { DialectName, SyncRequest } from '../src/index.js';
import {
  adminQuery,
  createScratch,
  dropScratch,
  myAdmin,
  myQuote,
  pgAdmin,
  pgQuote,
  uniqueName,
} from '@pipecraft/test-support';
import { PG, syncRequest } from './support/databases.js';

/**
 * Issue 8, "Zero silent changes": one regression test per value that used to change with nothing
 * declared, and per table that used to fail with ENGINE_ERROR, in the directions the issue names.
 * Every value is read back as the server's own text, never through a driver's number.
 */
const pgSchema = uniqueName('pc_zsc');
const mySchema = uniqueName('pc_zsc');
/** A second PostgreSQL database: a PG → PG copy into a database that lacks the source's types. */
const otherDatabase = uniqueName('pc_zsc_db');
const schemaOf: Record<DialectName, string> = { postgres: pgSchema, mysql: mySchema };
const P = (table: string) => `${pgQuote(pgSchema)}.${pgQuote(table)}`;
const M = (table: string) => `${myQuote(mySchema)}.${myQuote(table)}`;

function request(from: DialectName, to: DialectName, source: string, destination = source): SyncRequest {
  return syncRequest(schemaOf, from, to, source, destination);
}

/** One column of a MySQL table as text, ordered by `id`. */
async function myColumn(table: string, expression: string): Promise<Array<string | null>> {
  return myAdmin(async (connection) => {
    const [rows] = await connection.query({
      sql: `SELECT CAST(${expression} AS CHAR) FROM ${M(table)} ORDER BY id`,
      rowsAsArray: true,
    });
    return (rows as unknown[][]).map((row) => (row[0] === null ? null : String(row[0])));
  });
}

/** One column of a PostgreSQL table as text, ordered by `id`. */
async function pgColumn(table: string, expression: string, schema = pgSchema): Promise<Array<string | null>> {
  const rows = await adminQuery<{ v: string | null }>(
    'postgres',
    `SELECT (${expression})::text AS v FROM ${pgQuote(schema)}.${pgQuote(table)} ORDER BY id`,
  );
  return rows.map((row) => row.v);
}

async function column(to: DialectName, table: string, expression: string): Promise<Array<string | null>> {
  return to === 'postgres' ? pgColumn(table, expression) : myColumn(table, expression);
}

async function myType(table: string, name: string): Promise<string | undefined> {
  const rows = await adminQuery<{ t: string }>(
    'mysql',
    'SELECT COLUMN_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?',
    [mySchema, table, name],
  );
  return rows[0]?.t;
}

beforeAll(async () => {
  await createScratch('postgres', pgSchema);
  await createScratch('mysql', mySchema);
  await adminQuery('postgres', `CREATE DATABASE ${pgQuote(otherDatabase)}`);
  await adminQuery('postgres', `CREATE TYPE ${P('mood')} AS ENUM ('ok', 'sp ', 'a\\b')`);
  await adminQuery('postgres', `CREATE TYPE ${P('pair')} AS (n integer, label text)`);
});

afterAll(async () => {
  await dropScratch('postgres', pgSchema);
  await dropScratch('mysql', mySchema);
  await adminQuery('postgres', `DROP DATABASE IF EXISTS ${pgQuote(otherDatabase)} WITH (FORCE)`);
});

// ------------------------------------------------------------------ the numbered items
describe('values that used to change silently', () => {
  it.each<DialectName>(['postgres', 'mysql'])(
    '1. MySQL DOUBLE → %s arrives exactly (no ULP lost in the driver)',
    async (to) => {
      const table = uniqueName('dbl');
      const values = ['90.28571428571429', '0.1', '1.7976931348623157e308', '5e-324', '-2.2250738585072014e-308'];
      await adminQuery('mysql', `CREATE TABLE ${M(table)} (id int PRIMARY KEY, v double)`);
      // Literals, so the server's own (correctly rounded) parser makes the doubles.
      for (const [index, value] of values.entries())
        await adminQuery('mysql', `INSERT INTO ${M(table)} VALUES (?, ${value})`, [index]);
      await runSync(request('mysql', to, table, `${table}_c`));
      // Both servers print a double as its shortest exact text.
      const read = await column(to, `${table}_c`, 'v');
      expect(read.map((text) => Number(text))).toEqual(values.map(Number));
      expect(read[0]).toBe('90.28571428571429');
    },
  );

  it.each<DialectName>(['postgres', 'mysql'])(
    '2. MySQL FLOAT → %s keeps its float32 value (not the 6-digit display)',
    async (to) => {
      const table = uniqueName('flt');
      await adminQuery('mysql', `CREATE TABLE ${M(table)} (id int PRIMARY KEY, v float)`);
      await adminQuery('mysql', `INSERT INTO ${M(table)} VALUES (1, 123456789), (2, 1.0000001), (3, 3.4028234e38)`);
      await runSync(request('mysql', to, `${table}`, `${table}_c`));
      const widened = to === 'postgres' ? 'v::float8' : 'CAST(v AS DOUBLE)';
      const read = await column(to, `${table}_c`, widened);
      expect(read.slice(0, 2)).toEqual(['123456792', '1.0000001192092896']);
      expect(read.map(Number)).toEqual([123456789, 1.0000001, 3.4028234e38].map(Math.fround));
    },
  );

  it('3. YEAR 0000 stays 0000 (MySQL → MySQL), and every other year stays itself', async () => {
    const table = uniqueName('yr');
    await adminQuery('mysql', `CREATE TABLE ${M(table)} (id int PRIMARY KEY, v year)`);
    await adminQuery('mysql', `INSERT INTO ${M(table)} VALUES (1, 0), (2, 1901), (3, 2000), (4, 2155), (5, NULL)`);
    await runSync(request('mysql', 'mysql', table, `${table}_c`));
    expect(await myColumn(`${table}_c`, 'v')).toEqual(['0000', '1901', '2000', '2155', null]);
  });

  it('4. a geometry keeps its SRID (MySQL → MySQL)', async () => {
    const table = uniqueName('geo');
    await adminQuery('mysql', `CREATE TABLE ${M(table)} (id int PRIMARY KEY, g geometry NULL)`);
    await adminQuery(
      'mysql',
      `INSERT INTO ${M(table)} VALUES (1, ST_GeomFromText('POINT(1 2)', 4326)), (2, ST_GeomFromText('LINESTRING(0 0,0.30000000000000004 1)')), (3, NULL)`,
    );
    await runSync(request('mysql', 'mysql', table, `${table}_c`));
    expect(await myColumn(`${table}_c`, 'ST_SRID(g)')).toEqual(['4326', '0', null]);
    expect(await myColumn(`${table}_c`, 'ST_AsText(g)')).toEqual([
      'POINT(1 2)',
      'LINESTRING(0 0,0.30000000000000004 1)',
      null,
    ]);
  });

  it("5. a PostgreSQL enum label with a trailing space ('sp ') is kept in MySQL, and the preview says how", async () => {
    const table = uniqueName('enm');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, v ${P('mood')})`);
    await adminQuery('postgres', `INSERT INTO ${P(table)} VALUES (1, 'sp '), (2, 'ok'), (3, 'a\\b')`);
    const plan = await planSync(request('postgres', 'mysql', table));
    expect(plan.lossyColumns).toEqual([
      expect.objectContaining({ column: 'v', reason: expect.stringMatching(/trailing spaces/) }),
    ]);
    expect(plan.createTableDdl).toContain('`v` varchar(3)');
    await runSync(request('postgres', 'mysql', table));
    expect(await myColumn(table, "CONCAT('[', v, ']')")).toEqual(['[sp ]', '[ok]', '[a\\b]']);
  });

  it('6. a 64-character MySQL column or table name is a mismatch in the preview (MySQL → PostgreSQL), not a cut name', async () => {
    const long = 'c'.repeat(64);
    const table = uniqueName('t').padEnd(64, 't');
    await adminQuery('mysql', `CREATE TABLE ${M(table)} (id int PRIMARY KEY, ${myQuote(long)} int)`);
    const plan = await planSync(request('mysql', 'postgres', table));
    expect(plan.mismatches).toEqual([
      {
        column: table,
        problem: expect.stringMatching(/destination table name: the name is 64 bytes long; PostgreSQL allows 63/),
      },
      { column: long, problem: expect.stringMatching(/64 bytes long; PostgreSQL allows 63/) },
    ]);
    await expect(runSync(request('mysql', 'postgres', table))).rejects.toMatchObject({ code: 'DESTINATION_MISMATCH' });
    const created = await adminQuery(
      'postgres',
      'SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename LIKE $2',
      [pgSchema, `${table.slice(0, 20)}%`],
    );
    expect(created).toEqual([]);
  });

  it('7. NaN/±Infinity inside a float8[] become JSON strings in MySQL: declared in the preview, counted in the run', async () => {
    const table = uniqueName('arr');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, v float8[])`);
    await adminQuery(
      'postgres',
      `INSERT INTO ${P(table)} VALUES (1, '{1.5,NaN,Infinity}'), (2, '{-Infinity}'), (3, '{0.1}')`,
    );
    const plan = await planSync(request('postgres', 'mysql', table));
    expect(plan.lossyColumns[0]?.reason).toMatch(/JSON has no NaN or ±Infinity/);
    const result = await runSync(request('postgres', 'mysql', table));
    expect(result.valueWarnings).toEqual([
      { column: 'v', policy: 'json-float-special-as-string', count: 3, sampleKey: 'id=1' },
    ]);
    const json = (await myColumn(table, 'v')).map((text) => JSON.parse(text ?? 'null') as unknown);
    expect(json).toEqual([[1.5, 'NaN', 'Infinity'], ['-Infinity'], [0.1]]);
  });

  it('8. -0 in real/double into MySQL: declared in the preview, counted in the run', async () => {
    const table = uniqueName('nz');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, r real, d double precision)`);
    await adminQuery('postgres', `INSERT INTO ${P(table)} VALUES (1, 1, '-0'), (2, '-0', '-0'), (3, 2, 2)`);
    const plan = await planSync(request('postgres', 'mysql', table));
    expect(plan.lossyColumns.map((entry) => [entry.column, entry.reason])).toEqual([
      ['r', expect.stringMatching(/-0 is stored as 0/)],
      ['d', expect.stringMatching(/-0 is stored as 0/)],
    ]);
    const result = await runSync(request('postgres', 'mysql', table));
    expect(result.valueWarnings).toEqual([
      { column: 'd', policy: 'negative-zero-as-zero', count: 2, sampleKey: 'id=1' },
      { column: 'r', policy: 'negative-zero-as-zero', count: 1, sampleKey: 'id=2' },
    ]);
    expect(await myColumn(table, 'd')).toEqual(['0', '0', '2']);
  });
});

// ------------------------------------------------------------------ tables that used to fail
describe('tables that used to fail with ENGINE_ERROR', () => {
  it.each<DialectName>(['postgres', 'mysql'])(
    'a stored generated column is copied as plain values (PostgreSQL → %s)',
    async (to) => {
      const table = uniqueName('gen');
      await adminQuery(
        'postgres',
        `CREATE TABLE ${P(table)} (id int PRIMARY KEY, a int, twice int GENERATED ALWAYS AS (a * 2) STORED)`,
      );
      await adminQuery('postgres', `INSERT INTO ${P(table)} (id, a) VALUES (1, 4), (2, NULL)`);
      const plan = await planSync(request('postgres', to, table, `${table}_c`));
      expect(plan.lossyColumns).toEqual([
        expect.objectContaining({ column: 'twice', reason: expect.stringMatching(/generated column .*plain values/) }),
      ]);
      await runSync(request('postgres', to, table, `${table}_c`));
      expect(await column(to, `${table}_c`, 'twice')).toEqual(['8', null]);
    },
  );

  it.each<DialectName>(['postgres', 'mysql'])(
    'a MySQL generated column (virtual and stored) is copied as plain values (MySQL → %s)',
    async (to) => {
      const table = uniqueName('mgen');
      await adminQuery(
        'mysql',
        `CREATE TABLE ${M(table)} (id int PRIMARY KEY, a int, v int AS (a + 1) VIRTUAL, s int AS (a * 3) STORED)`,
      );
      await adminQuery('mysql', `INSERT INTO ${M(table)} (id, a) VALUES (1, 4), (2, NULL)`);
      const plan = await planSync(request('mysql', to, table, `${table}_c`));
      expect(plan.lossyColumns.map((entry) => entry.column)).toEqual(['v', 's']);
      await runSync(request('mysql', to, table, `${table}_c`));
      expect(await column(to, `${table}_c`, 'v')).toEqual(['5', null]);
      expect(await column(to, `${table}_c`, 's')).toEqual(['12', null]);
    },
  );

  it('a generated column in an existing destination is a mismatch, not a failed COPY', async () => {
    const table = uniqueName('gend');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, a int)`);
    await adminQuery(
      'postgres',
      `CREATE TABLE ${P(`${table}_c`)} (id int PRIMARY KEY, a int GENERATED ALWAYS AS (id) STORED)`,
    );
    const plan = await planSync(request('postgres', 'postgres', table, `${table}_c`));
    expect(plan.mismatches).toEqual([{ column: 'a', problem: expect.stringMatching(/generated/) }]);
  });

  it('a user composite type and an array of a user enum go PG → PG into another database as text, declared', async () => {
    const table = uniqueName('udt');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, p ${P('pair')}, moods ${P('mood')}[])`);
    await adminQuery('postgres', `INSERT INTO ${P(table)} VALUES (1, ROW(1, 'a b'), '{ok,"sp "}'), (2, NULL, '{}')`);
    const into = {
      ...request('postgres', 'postgres', table),
      destination: { connection: { ...PG, database: otherDatabase }, table: { schema: 'public', table } },
    };
    const plan = await planSync(into);
    expect(plan.columns.map((c) => [c.name, c.destinationType])).toEqual([
      ['id', 'integer'],
      ['p', 'text'],
      ['moods', 'text[]'],
    ]);
    expect(plan.lossyColumns.map((entry) => entry.column)).toEqual(['p']);
    await runSync(into);
    const copied = await pgAdmin(
      async (client) =>
        (await client.query(`SELECT p::text AS p, moods::text AS moods FROM public.${pgQuote(table)} ORDER BY id`))
          .rows,
      { database: otherDatabase },
    );
    expect(copied).toEqual([
      { p: '(1,"a b")', moods: '{ok,"sp "}' },
      { p: null, moods: '{}' },
    ]);
  });

  it('numeric(5,-2) gets valid DDL in the preview and keeps its values (PostgreSQL → MySQL)', async () => {
    const table = uniqueName('nsc');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, v numeric(5,-2), w numeric(2,5))`);
    await adminQuery('postgres', `INSERT INTO ${P(table)} VALUES (1, 9999900, 0.00099), (2, -12300, -0.00001)`);
    const plan = await planSync(request('postgres', 'mysql', table));
    expect(plan.createTableDdl).toContain('`v` decimal(7,0)');
    expect(plan.createTableDdl).toContain('`w` decimal(5,5)');
    await runSync(request('postgres', 'mysql', table));
    expect(await myColumn(table, 'v')).toEqual(['9999900', '-12300']);
    expect(await myColumn(table, 'w')).toEqual(['0.00099', '-0.00001']);
  });

  it('columns "A" and "a" into MySQL are a mismatch in the preview', async () => {
    const table = uniqueName('case');
    await adminQuery(
      'postgres',
      `CREATE TABLE ${P(table)} (id int PRIMARY KEY, "A" int, "a" int, "é" int, "E\u0301" int)`,
    );
    const plan = await planSync(request('postgres', 'mysql', table));
    expect(plan.mismatches).toEqual([
      { column: 'a', problem: expect.stringMatching(/collides with column "A"/) },
      { column: 'E\u0301', problem: expect.stringMatching(/collides with column "é"/) },
    ]);
    await expect(runSync(request('postgres', 'mysql', table))).rejects.toMatchObject({ code: 'DESTINATION_MISMATCH' });
  });

  it('an emoji table name: a clear mismatch into MySQL, a plain copy within PostgreSQL', async () => {
    const table = `${uniqueName('emo')}_😀`;
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, "x😀" int)`);
    await adminQuery('postgres', `INSERT INTO ${P(table)} VALUES (1, 2)`);
    const plan = await planSync(request('postgres', 'mysql', table));
    expect(plan.mismatches.map((m) => m.problem)).toEqual([
      expect.stringMatching(/destination table name: .*beyond U\+FFFF/),
      expect.stringMatching(/beyond U\+FFFF/),
    ]);
    await runSync(request('postgres', 'postgres', table, `${table}_c`));
    expect(await pgColumn(`${table}_c`, '"x😀"')).toEqual(['2']);
  });

  it('real 3.4028235e38 (the float32 maximum) goes into MySQL FLOAT exactly', async () => {
    const table = uniqueName('fmax');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, v real)`);
    await adminQuery(
      'postgres',
      `INSERT INTO ${P(table)} VALUES (1, '3.4028235e38'), (2, '-3.4028235e38'), (3, '1.4e-45')`,
    );
    await runSync(request('postgres', 'mysql', table));
    expect(await myColumn(table, 'CAST(v AS DOUBLE)')).toEqual([
      '3.4028234663852886e38',
      '-3.4028234663852886e38',
      '1.401298464324817e-45',
    ]);
  });

  it("text keys 'a' and 'a ' stay two rows in MySQL (NO PAD binary collation)", async () => {
    const table = uniqueName('pad');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (k text PRIMARY KEY, id int)`);
    await adminQuery('postgres', `INSERT INTO ${P(table)} VALUES ('a', 1), ('a ', 2), ('A', 3)`);
    await runSync(request('postgres', 'mysql', table));
    expect(await myColumn(table, "CONCAT('[', k, ']')")).toEqual(['[a]', '[a ]', '[A]']);
  });

  it.each<DialectName>(['postgres', 'mysql'])(
    'a MySQL ENUM member with a backslash arrives whole (MySQL → %s)',
    async (to) => {
      const table = uniqueName('bsl');
      await adminQuery('mysql', `CREATE TABLE ${M(table)} (id int PRIMARY KEY, v enum('a\\\\b', 'it''s', 'x'))`);
      await adminQuery('mysql', `INSERT INTO ${M(table)} VALUES (1, ?), (2, ?), (3, 'x')`, ['a\\b', "it's"]);
      await runSync(request('mysql', to, table, `${table}_c`));
      expect(await column(to, `${table}_c`, 'v')).toEqual(['a\\b', "it's", 'x']);
    },
  );

  it.each<DialectName>(['postgres', 'mysql'])(
    'a MySQL ENUM/SET member that is an emoji (the catalog prints it as ?) arrives whole (MySQL → %s)',
    async (to) => {
      const table = uniqueName('emj');
      await adminQuery('mysql', `CREATE TABLE ${M(table)} (id int PRIMARY KEY, e enum('😀','x'), s set('a','😀'))`);
      await adminQuery('mysql', `INSERT INTO ${M(table)} VALUES (1, '😀', 'a,😀'), (2, 'x', '')`);
      const plan = await planSync(request('mysql', to, table, `${table}_c`));
      expect(plan.lossyColumns.map((entry) => [entry.column, entry.reason])).toEqual([
        ['e', expect.stringMatching(/beyond U\+FFFF as '\?'/)],
        ['s', expect.stringMatching(/beyond U\+FFFF as '\?'/)],
      ]);
      await runSync(request('mysql', to, table, `${table}_c`));
      expect(await column(to, `${table}_c`, 'e')).toEqual(['😀', 'x']);
      expect(await column(to, `${table}_c`, 's')).toEqual(to === 'postgres' ? ['{a,😀}', '{}'] : ['a,😀', '']);
    },
  );

  it('bit(65) fits the bytes it maps to in MySQL', async () => {
    const table = uniqueName('bit');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, v bit(65))`);
    await adminQuery('postgres', `INSERT INTO ${P(table)} VALUES (1, B'1${'0'.repeat(63)}1')`);
    await runSync(request('postgres', 'mysql', table));
    expect(await myType(table, 'v')).toBe('binary(9)');
    expect(await myColumn(table, 'HEX(v)')).toEqual(['010000000000000001']);
  });
});

// ------------------------------------------------------------------ rejections
describe('rejections name the user’s table and the row’s key', () => {
  it('a value the converter refuses (PostgreSQL → MySQL)', async () => {
    const table = uniqueName('rej');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, v numeric)`);
    await adminQuery('postgres', `INSERT INTO ${P(table)} VALUES (1, 1), (42, 'NaN')`);
    const error = (await runSync(request('postgres', 'mysql', table)).catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'ROW_REJECTED' });
    expect(error.message).toContain(`${mySchema}.${table}, column "v", row id=42`);
    expect(error.message).not.toMatch(/_pc_s_/);
  });

  it('a value the MySQL server refuses while loading a staging table names the user’s table', async () => {
    const table = uniqueName('rejs');
    await adminQuery('postgres', `CREATE TABLE ${P(table)} (id int PRIMARY KEY, v text)`);
    await adminQuery('postgres', `INSERT INTO ${P(table)} VALUES (1, 'ok'), (2, 'far too long')`);
    await adminQuery('mysql', `CREATE TABLE ${M(table)} (id int PRIMARY KEY, v varchar(5))`);
    const error = (await runSync(request('postgres', 'mysql', table)).catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'ROW_REJECTED' });
    expect(error.message).toContain(table);
    expect(error.message).not.toMatch(/_pc_s_/);
  });
});
