import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSync, runSync } from '../src/index.js';
import type { DialectName } from '../src/index.js';
import {
  adminQuery,
  createScratch,
  dropScratch,
  myAdmin,
  pgAdmin,
  qualified,
  uniqueName,
} from '@pipecraft/test-support';
import { syncRequest } from './support/databases.js';

/**
 * The destination column types a run creates, read back from the destination's catalog for every
 * logical type in both directions, and the preview's `lossyColumns` held against the type tables
 * in docs/dialects.md: a row whose "loses" cell is "—" must not be reported lossy, and a column
 * reported lossy must have a row that says what it loses.
 */
const pgSchema = uniqueName('pc_types');
const mySchema = uniqueName('pc_types');
const schemaOf: Record<DialectName, string> = { postgres: pgSchema, mysql: mySchema };

interface TypeCase {
  /** The first cell of the docs row this case checks. */
  docs: string;
  source: string;
  /** The created column as the destination's catalog prints it (MySQL COLUMN_TYPE, PostgreSQL format_type). */
  created: string;
  lossy: boolean;
  /** The docs row covers several types and its loss applies to another one of them (e.g. only varchar(n > 16383)). */
  partial?: boolean;
}

const PG_TO_MYSQL: TypeCase[] = [
  { docs: 'smallint / integer / bigint', source: 'smallint', created: 'smallint(6)', lossy: false },
  { docs: 'smallint / integer / bigint', source: 'integer', created: 'int(11)', lossy: false },
  { docs: 'smallint / integer / bigint', source: 'bigint', created: 'bigint(20)', lossy: false },
  { docs: 'numeric(p,s), p ≤ 65, s ≤ 30', source: 'numeric(12,2)', created: 'decimal(12,2)', lossy: true },
  { docs: 'numeric(p,s) beyond that', source: 'numeric(70,40)', created: 'decimal(65,30)', lossy: true },
  { docs: 'numeric (unconstrained)', source: 'numeric', created: 'decimal(65,30)', lossy: true },
  { docs: 'real / double precision', source: 'real', created: 'float', lossy: true },
  { docs: 'real / double precision', source: 'double precision', created: 'double', lossy: true },
  { docs: 'boolean', source: 'boolean', created: 'tinyint(1)', lossy: false },
  { docs: 'char(n) / varchar(n)', source: 'char(5)', created: 'char(5)', lossy: false, partial: true },
  { docs: 'char(n) / varchar(n)', source: 'varchar(10)', created: 'varchar(10)', lossy: false, partial: true },
  { docs: 'char(n) / varchar(n)', source: 'varchar(20000)', created: 'longtext', lossy: true },
  { docs: 'text', source: 'text', created: 'longtext', lossy: false, partial: true },
  { docs: 'bytea', source: 'bytea', created: 'longblob', lossy: false },
  { docs: 'bit(n)', source: 'bit(5)', created: 'bit(5)', lossy: false },
  { docs: 'date', source: 'date', created: 'date', lossy: true },
  { docs: 'time(p) / timetz', source: 'time(3)', created: 'time(3)', lossy: false, partial: true },
  { docs: 'time(p) / timetz', source: 'timetz', created: 'time(6)', lossy: true },
  { docs: 'timestamp(p)', source: 'timestamp(3)', created: 'datetime(3)', lossy: true },
  { docs: 'timestamp(p)', source: 'timestamp', created: 'datetime(6)', lossy: true },
  { docs: 'timestamptz(p)', source: 'timestamptz', created: 'datetime(6)', lossy: true },
  { docs: 'interval', source: 'interval', created: 'varchar(255)', lossy: true },
  { docs: 'json / jsonb', source: 'json', created: 'longtext', lossy: false, partial: true },
  { docs: 'json / jsonb', source: 'jsonb', created: 'longtext', lossy: true },
  { docs: 'uuid', source: 'uuid', created: 'char(36)', lossy: false },
  { docs: 'enum type', source: 'pc_mood', created: "enum('sad','ok','happy')", lossy: false },
  { docs: 'arrays', source: 'integer[]', created: 'longtext', lossy: true },
  { docs: 'domain', source: 'pc_short', created: 'varchar(10)', lossy: true },
  { docs: 'tsvector', source: 'tsvector', created: 'longtext', lossy: true },
  { docs: 'anything else (money, inet, point, …)', source: 'money', created: 'longtext', lossy: true },
  { docs: 'anything else (money, inet, point, …)', source: 'inet', created: 'longtext', lossy: true },
];

const MYSQL_TO_PG: TypeCase[] = [
  { docs: 'tinyint / smallint / mediumint / int / bigint', source: 'tinyint', created: 'smallint', lossy: false },
  { docs: 'tinyint / smallint / mediumint / int / bigint', source: 'smallint', created: 'smallint', lossy: false },
  { docs: 'tinyint / smallint / mediumint / int / bigint', source: 'mediumint', created: 'integer', lossy: false },
  { docs: 'tinyint / smallint / mediumint / int / bigint', source: 'int', created: 'integer', lossy: false },
  { docs: 'tinyint / smallint / mediumint / int / bigint', source: 'bigint', created: 'bigint', lossy: false },
  { docs: '… unsigned', source: 'tinyint unsigned', created: 'smallint', lossy: false },
  { docs: '… unsigned', source: 'smallint unsigned', created: 'integer', lossy: false },
  { docs: '… unsigned', source: 'mediumint unsigned', created: 'integer', lossy: false },
  { docs: '… unsigned', source: 'int unsigned', created: 'bigint', lossy: false },
  { docs: '… unsigned', source: 'bigint unsigned', created: 'numeric(20,0)', lossy: false },
  { docs: 'tinyint(1) (= BOOLEAN)', source: 'tinyint(1)', created: 'boolean', lossy: true },
  { docs: 'decimal(p,s) [unsigned]', source: 'decimal(10,2)', created: 'numeric(10,2)', lossy: false },
  { docs: 'decimal(p,s) [unsigned]', source: 'decimal(10,2) unsigned', created: 'numeric(10,2)', lossy: false },
  { docs: 'float / double', source: 'float', created: 'real', lossy: false },
  { docs: 'float / double', source: 'double', created: 'double precision', lossy: false },
  { docs: 'char(n) / varchar(n)', source: 'char(5)', created: 'character(5)', lossy: true },
  { docs: 'char(n) / varchar(n)', source: 'varchar(10)', created: 'character varying(10)', lossy: true },
  { docs: 'tinytext … longtext', source: 'tinytext', created: 'text', lossy: true },
  { docs: 'tinytext … longtext', source: 'longtext', created: 'text', lossy: true },
  { docs: 'binary(n) / varbinary(n) / *blob', source: 'binary(4)', created: 'bytea', lossy: true },
  { docs: 'binary(n) / varbinary(n) / *blob', source: 'blob', created: 'bytea', lossy: false, partial: true },
  { docs: 'bit(n)', source: 'bit(10)', created: 'bit(10)', lossy: false },
  { docs: 'date', source: 'date', created: 'date', lossy: true },
  { docs: 'time(p)', source: 'time(3)', created: 'time(3) without time zone', lossy: true },
  { docs: 'datetime(p)', source: 'datetime(3)', created: 'timestamp(3) without time zone', lossy: true },
  { docs: 'timestamp(p)', source: 'timestamp(3) NULL', created: 'timestamp(3) with time zone', lossy: true },
  { docs: 'year', source: 'year', created: 'smallint', lossy: false },
  { docs: 'json (MySQL) / json (MariaDB `longtext` + `json_valid`)', source: 'json', created: 'json', lossy: false },
  { docs: "enum('…')", source: "enum('a','b c','it''s')", created: 'text', lossy: false },
  { docs: "set('…')", source: "set('x','y','z')", created: 'text[]', lossy: true },
  { docs: 'geometry, point, …', source: 'point', created: 'text', lossy: true },
  { docs: 'geometry, point, …', source: 'geometry', created: 'text', lossy: true },
  { docs: 'uuid (MariaDB)', source: 'uuid', created: 'uuid', lossy: false },
  { docs: 'anything else (inet6, …)', source: 'inet6', created: 'text', lossy: true },
];

/** "loses" cells of the docs' type table for one direction, by the row's first cell. */
function docsTable(heading: string): Map<string, string> {
  const text = readFileSync(new URL('../../../docs/dialects.md', import.meta.url), 'utf8');
  const section = text.split(`## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim().replaceAll('**', ''));
    if (cells.length >= 5 && !/^-+$/.test(cells[1] ?? '') && cells[1] !== heading.split(' → ')[0])
      rows.set(cells[1]!, cells[3]!);
  }
  return rows;
}

const column = (index: number) => `c${index}`;

async function createdTypes(dialect: DialectName, table: string): Promise<Map<string, string>> {
  if (dialect === 'mysql') {
    const rows = await adminQuery<{ name: string; type: string }>(
      'mysql',
      'SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [mySchema, table],
    );
    return new Map(rows.map((row) => [row.name, row.type]));
  }
  const rows = await adminQuery<{ name: string; type: string }>(
    'postgres',
    'SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped',
    [qualified('postgres', pgSchema, table)],
  );
  return new Map(rows.map((row) => [row.name, row.type]));
}

beforeAll(async () => {
  await createScratch('postgres', pgSchema);
  await createScratch('mysql', mySchema);
  await pgAdmin(async (client) => {
    await client.query(`CREATE TYPE ${qualified('postgres', pgSchema, 'pc_mood')} AS ENUM ('sad', 'ok', 'happy')`);
    await client.query(
      `CREATE DOMAIN ${qualified('postgres', pgSchema, 'pc_short')} AS varchar(10) CHECK (VALUE <> '')`,
    );
    await client.query(`SET search_path = ${qualified('postgres', pgSchema, 'x').split('.')[0]}, public`);
    await client.query(
      `CREATE TABLE types_src (id integer PRIMARY KEY, ${PG_TO_MYSQL.map((c, i) => `${column(i)} ${c.source}`).join(', ')})`,
    );
    await client.query(`CREATE TABLE key_src (k text PRIMARY KEY)`);
  });
  await myAdmin((connection) =>
    connection.query(
      `CREATE TABLE ${qualified('mysql', mySchema, 'types_src')} (id int PRIMARY KEY, ${MYSQL_TO_PG.map((c, i) => `${column(i)} ${c.source}`).join(', ')})`,
    ),
  );
});

afterAll(async () => {
  await dropScratch('postgres', pgSchema);
  await dropScratch('mysql', mySchema);
});

it('postgres → mysql: text in a primary key becomes varchar(768), reported lossy as documented', async () => {
  const request = syncRequest(schemaOf, 'postgres', 'mysql', 'key_src', 'key_dst');
  const plan = await planSync(request);
  await runSync(request);
  expect((await createdTypes('mysql', 'key_dst')).get('k')).toBe('varchar(768)');
  expect(plan.lossyColumns.map((entry) => entry.column)).toEqual(['k']);
  expect(docsTable('Types: PostgreSQL → MySQL').get('text')).toMatch(/^PK values > 768/);
});

describe.each([
  ['postgres', 'mysql', PG_TO_MYSQL, 'Types: PostgreSQL → MySQL'],
  ['mysql', 'postgres', MYSQL_TO_PG, 'Types: MySQL → PostgreSQL'],
] as const)('%s → %s', (from, to, cases, heading) => {
  it('creates the documented column types and reports exactly the documented losses', async () => {
    const request = syncRequest(schemaOf, from, to, 'types_src', 'types_dst');
    const plan = await planSync(request);
    await runSync(request);
    const created = await createdTypes(to, 'types_dst');
    const lossy = new Set(plan.lossyColumns.map((entry) => entry.column));
    const docs = docsTable(heading);

    const actual = cases.map((c, i) => ({
      docs: c.docs,
      source: c.source,
      created: created.get(column(i)),
      lossy: lossy.has(column(i)),
    }));
    expect(actual).toEqual(
      cases.map(({ docs: row, source, created: type, lossy: isLossy }) => ({
        docs: row,
        source,
        created: type,
        lossy: isLossy,
      })),
    );
    for (const c of cases) {
      const loses = docs.get(c.docs);
      expect(loses, `docs/dialects.md has a "${c.docs}" row under "${heading}"`).toBeDefined();
      // A documented loss of "—" (or "— (widened)") means the preview must not warn; a warning needs a documented loss.
      if (c.lossy)
        expect(loses, `${c.source}: reported lossy, so its docs row must say what is lost`).not.toMatch(/^—/);
      else if (!c.partial) expect(loses, `${c.source}: not reported lossy, so its docs row must say "—"`).toMatch(/^—/);
    }
    expect(lossy.has('id')).toBe(false);
  });
});

describe('the CHECK constraints that stand in for MySQL ENUM and SET on PostgreSQL', () => {
  const enumColumn = column(MYSQL_TO_PG.findIndex((c) => c.source.startsWith('enum(')));
  const setColumn = column(MYSQL_TO_PG.findIndex((c) => c.source.startsWith('set(')));
  const table = qualified('postgres', pgSchema, 'types_dst'); // created by the mysql → postgres run above
  const insert = (id: number, column: string, value: unknown) =>
    adminQuery('postgres', `INSERT INTO ${table} (id, ${column}) VALUES ($1, $2)`, [id, value]);

  it('accept the members', async () => {
    await insert(101, enumColumn, "it's");
    await insert(102, setColumn, ['x', 'z']);
    await insert(103, setColumn, []);
  });

  it.each([
    ['an enum value outside the members', () => enumColumn, 'd'],
    ['an enum value differing only in case', () => enumColumn, 'A'],
    ['a set element outside the members', () => setColumn, ['x', 'w']],
  ])('reject %s', async (_title, columnOf, value) => {
    await expect(insert(200, columnOf(), value)).rejects.toMatchObject({ code: '23514' }); // check_violation
  });
});
