import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../src/index.js';
import type { DialectName } from '../src/index.js';
import {
  DIALECT_PAIRS,
  createScratch,
  dropScratch,
  myAdmin,
  myQuote,
  pgAdmin,
  pgQuote,
  testEnv,
  uniqueName,
} from '@pipecraft/test-support';
import { syncRequest } from './support/databases.js';
import { codePointsByCategory } from './support/unicode-categories.js';

/**
 * Generated round trips (issue 8): for every logical type of each source dialect and every dialect
 * pair, values near the type's limits — floats one ULP apart, extremes, every Unicode general
 * category (astral too), NUL where the source holds it, the longest identifiers — are written at
 * the source, synced, and read back as the servers' own text at both ends. Each value must arrive
 * exactly, or as its declared policy says (docs/dialects.md). Values are batched into one wide
 * table per pair, so a pair is one sync.
 *
 * CI: a fixed seed and at least 10,000 values per pair. `npm run test:fuzz`: a random seed
 * (printed) and more rows. A failure prints the seed, the row and the column; add the value to
 * REGRESSIONS below so it stays covered whatever the seed.
 */
const FIXED_SEED = 20_261_127;
const fuzz = testEnv('PIPECRAFT_FUZZ') === '1';
const seed = Number(testEnv('PIPECRAFT_FUZZ_SEED', fuzz ? String(Date.now() % 2 ** 31) : String(FIXED_SEED)));
const VALUES_PER_PAIR = Number(testEnv('PIPECRAFT_FUZZ_VALUES', fuzz ? '60000' : '10000'));

const pgSchema = uniqueName('pc_prop');
const mySchema = uniqueName('pc_prop');
const schemaOf: Record<DialectName, string> = { postgres: pgSchema, mysql: mySchema };

// ------------------------------------------------------------------ generators near the limits

/** `value` moved `steps` ULPs along the float64 line (through its bits, so ±0 and subnormals are steps too). */
function stepFloat64(value: number, steps: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  let bits = view.getBigInt64(0);
  // Map the sign-magnitude bit pattern onto a line where adjacent integers are adjacent doubles.
  const ordered = bits < 0n ? -(bits & 0x7fff_ffff_ffff_ffffn) : bits;
  const moved = ordered + BigInt(steps);
  bits = moved < 0n ? -moved | -0x8000_0000_0000_0000n : moved;
  view.setBigInt64(0, bits);
  return view.getFloat64(0);
}

function stepFloat32(value: number, steps: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getInt32(0);
  const ordered = bits < 0 ? -(bits & 0x7fff_ffff) : bits;
  const moved = ordered + steps;
  view.setInt32(0, moved < 0 ? -moved | -0x8000_0000 : moved);
  return view.getFloat32(0);
}

const finite = (value: number) => Number.isFinite(value);

/** Doubles the generator likes (extremes, subnormals, ±0) and their neighbours a few ULPs away. */
const float64 = fc
  .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -2, max: 2 }))
  .map(([value, steps]) => stepFloat64(value, steps))
  .filter(finite);
const float32 = fc
  .tuple(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -2, max: 2 }))
  .map(([value, steps]) => stepFloat32(value, steps))
  .filter(finite);
/** The shortest text of a float32 (what PostgreSQL prints for a real), so the server parses exactly it. */
const float32Text = (value: number) => {
  for (let digits = 1; digits <= 9; digits += 1) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return Object.is(value, -0) ? '-0' : text;
  }
  return String(value);
};
const float64Text = (value: number) => (Object.is(value, -0) ? '-0' : String(value));

function characters(withNul: boolean): fc.Arbitrary<string> {
  const categories = [...codePointsByCategory()].filter(([, points]) => points.length > 0);
  return fc
    .constantFrom(...categories)
    .chain(([, points]) => fc.constantFrom(...points))
    .filter((codePoint) => withNul || codePoint !== 0)
    .map((codePoint) => String.fromCodePoint(codePoint));
}
const text = (withNul: boolean, maxLength: number) =>
  fc.array(characters(withNul), { maxLength }).map((parts) => parts.join(''));

const digits = (length: number) => fc.stringMatching(new RegExp(`^[0-9]{1,${length}}$`));
/** A decimal with up to `integer` and `fraction` digits, signed; extremes (all 9s) are likely. */
const decimal = (integer: number, fraction: number) =>
  fc
    .tuple(
      fc.boolean(),
      fc.oneof(digits(integer), fc.constant('9'.repeat(integer))),
      fc.oneof(digits(fraction), fc.constant('9'.repeat(fraction))),
    )
    .map(([negative, whole, part]) => `${negative ? '-' : ''}${whole}.${part}`);
const bigintIn = (min: bigint, max: bigint) =>
  fc.oneof(fc.bigInt({ min, max }), fc.constantFrom(min, max, min + 1n, max - 1n, 0n)).map(String);
const pad = (value: number, width: number) => String(value).padStart(width, '0');
const date = (minYear: number, maxYear: number) =>
  fc
    .tuple(fc.integer({ min: minYear, max: maxYear }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
const timeOfDay = fc
  .tuple(
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 999_999 }),
  )
  .map(([h, m, s, us]) => `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(us, 6)}`);
const mysqlTime = fc
  .tuple(
    fc.boolean(),
    fc.integer({ min: 0, max: 838 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
  )
  .map(([negative, h, m, s]) => `${negative && h + m + s > 0 ? '-' : ''}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`);
const timestamp = (minYear: number, maxYear: number) =>
  fc.tuple(date(minYear, maxYear), timeOfDay).map(([d, t]) => `${d} ${t}`);
const json = fc.json({ maxDepth: 2 });
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { freq: 12, nil: null });

// ------------------------------------------------------------------ comparing under the declared policies

type Same = (source: string, destination: string, to: DialectName, from: DialectName) => boolean;
const exact: Same = (source, destination) => source === destination;
/** Floats as numbers (each server spells exponents its own way); -0 may become 0 only into MySQL (declared). */
const sameFloat: Same = (source, destination, to) =>
  Object.is(Number(source), Number(destination)) ||
  (to === 'mysql' && Object.is(Number(source), -0) && Object.is(Number(destination), 0));
const trimFraction = (value: string) => value.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
const sameDecimal: Same = (source, destination) =>
  trimFraction(source).replace(/^-0$/, '0') === trimFraction(destination).replace(/^-0$/, '0');
/** Times and timestamps: fractional zeros and a `+00` (an instant in UTC) are spelling, not value. */
const sameTemporal: Same = (source, destination) =>
  trimFraction(source.replace(/\+00$/, '')) === trimFraction(destination.replace(/\+00$/, ''));
const truth = (value: string) => (value === 't' || value === 'true' || value === '1' ? '1' : '0');
const sameBool: Same = (source, destination) => truth(source) === truth(destination);
/** MySQL text into PostgreSQL: NUL is stripped (declared, counted in the run's warnings). */
const sameText: Same = (source, destination, to) =>
  source === destination || (to === 'postgres' && source.replaceAll('\u0000', '') === destination);
/** A PostgreSQL integer array in MySQL is a JSON array (declared). */
const sameIntArray: Same = (source, destination, to, from) =>
  from === to
    ? source === destination
    : JSON.stringify(JSON.parse(source.replaceAll('{', '[').replaceAll('}', ']').replaceAll('NULL', 'null'))) ===
      JSON.stringify(JSON.parse(destination));
const sameJson: Same = (source, destination) =>
  JSON.stringify(JSON.parse(source)) === JSON.stringify(JSON.parse(destination));
const sameFloatOrSpecial: Same = (source, destination, to, from) =>
  /^-?[IN]/.test(source) ? source === destination : sameFloat(source, destination, to, from);
const sameNumber: Same = (source, destination) => Number(source) === Number(destination);

interface TypeCase {
  /** Short name, part of the column name. */
  name: string;
  /** The column type at the source, in its dialect's DDL. */
  type: string;
  /** A cell's parameter(s) at the source. */
  values: fc.Arbitrary<unknown>;
  /** The INSERT expression for one cell, from its parameters' placeholders (default the one placeholder). */
  placeholder?: (tokens: string[]) => string;
  /** Parameters of one cell (default: the value itself). */
  params?: (value: unknown) => unknown[];
  /** SQL that reads the column as text on each dialect (it is the source on one and the destination on the other). */
  read?: Partial<Record<DialectName, (column: string) => string>>;
  same?: Same;
  /** Destinations this case goes to (default both). */
  to?: DialectName[];
}

const hex: TypeCase['read'] = {
  postgres: (column) => `encode(${column}, 'hex')`,
  mysql: (column) => `LOWER(HEX(${column}))`,
};
const widenedFloat: TypeCase['read'] = {
  postgres: (column) => `${column}::float8::text`,
  mysql: (column) => `CAST(CAST(${column} AS DOUBLE) AS CHAR)`,
};
const bits10: TypeCase['read'] = {
  postgres: (column) => `${column}::text`,
  mysql: (column) => `LPAD(BIN(${column}), 10, '0')`,
};
const ewkt = (column: string) =>
  `IF(ST_SRID(${column}) = 0, ST_AsText(${column}), CONCAT('SRID=', ST_SRID(${column}), ';', ST_AsText(${column})))`;

const ENUM_LABELS = ['plain', "it's", 'a\\b', 'sp ', 'ünï', '😀', 'UPPER', 'upper'];

const CASES: Record<DialectName, TypeCase[]> = {
  postgres: [
    { name: 'i2', type: 'smallint', values: bigintIn(-32768n, 32767n) },
    { name: 'i4', type: 'integer', values: bigintIn(-(2n ** 31n), 2n ** 31n - 1n) },
    { name: 'i8', type: 'bigint', values: bigintIn(-(2n ** 63n), 2n ** 63n - 1n) },
    { name: 'n', type: 'numeric(38,10)', values: decimal(28, 10), same: sameDecimal },
    { name: 'nu', type: 'numeric', values: decimal(35, 30), same: sameDecimal },
    { name: 'r', type: 'real', values: float32.map(float32Text), read: widenedFloat, same: sameFloat },
    { name: 'd', type: 'double precision', values: float64.map(float64Text), same: sameFloat },
    { name: 'b', type: 'boolean', values: fc.boolean().map(String), same: sameBool },
    { name: 't', type: 'text', values: text(false, 24), same: sameText },
    { name: 'vc', type: 'varchar(40)', values: text(false, 40), same: sameText },
    { name: 'by', type: 'bytea', values: fc.uint8Array({ maxLength: 40 }).map(Buffer.from), read: hex },
    { name: 'dt', type: 'date', values: date(1, 9999) },
    { name: 'tm', type: 'time(6)', values: timeOfDay, same: sameTemporal },
    { name: 'ts', type: 'timestamp(6)', values: timestamp(1, 9999), same: sameTemporal },
    { name: 'tz', type: 'timestamptz(6)', values: timestamp(1, 9999).map((t) => `${t}+00`), same: sameTemporal },
    { name: 'js', type: 'json', values: json },
    { name: 'u', type: 'uuid', values: fc.uuid() },
    // With a label ending in a space (a VARCHAR in MySQL, declared), and without (a MySQL ENUM).
    { name: 'e', type: 'prop_mood', values: fc.constantFrom(...ENUM_LABELS) },
    {
      name: 'e2',
      type: 'prop_mood_kept',
      values: fc.constantFrom(...ENUM_LABELS.filter((label) => !label.endsWith(' '))),
    },
    {
      name: 'ia',
      type: 'integer[]',
      values: fc
        .array(fc.option(fc.integer(), { nil: null }))
        .map((items) => `{${items.map((i) => i ?? 'NULL').join(',')}}`),
      same: sameIntArray,
    },
    { name: 'bt', type: 'bit(10)', values: fc.stringMatching(/^[01]{10}$/), read: bits10 },
    { name: 'ch', type: 'character(8)', values: text(false, 8), same: sameText },
    {
      name: 'ta',
      type: 'text[]',
      values: fc.array(fc.option(text(false, 6), { nil: null }), { maxLength: 4 }),
      read: { postgres: (column) => `array_to_json(${column})`, mysql: (column) => column },
      same: sameJson,
    },
    {
      name: 'iv',
      type: 'interval',
      values: fc
        .tuple(
          fc.integer({ min: -9999, max: 9999 }),
          fc.integer({ min: -11, max: 11 }),
          fc.integer({ min: -400, max: 400 }),
          timeOfDay,
        )
        .map(([y, m, d, t]) => `${y} years ${m} mons ${d} days ${t}`),
    },
    // What only PostgreSQL holds (MySQL rejects these, a declared policy tested in policies.test.ts).
    {
      name: 'dsp',
      type: 'double precision',
      values: fc.oneof(fc.constantFrom('NaN', 'Infinity', '-Infinity'), float64.map(float64Text)),
      same: sameFloatOrSpecial,
      to: ['postgres'],
    },
    {
      name: 'nsp',
      type: 'numeric',
      values: fc.oneof(fc.constantFrom('NaN', 'Infinity', '-Infinity'), decimal(300, 300)),
      to: ['postgres'],
    },
    {
      name: 'dbc',
      type: 'date',
      values: fc.oneof(
        fc.constantFrom('infinity', '-infinity'),
        date(1, 4713).map((d) => `${d} BC`),
        date(10000, 294275),
      ),
      to: ['postgres'],
    },
  ],
  mysql: [
    { name: 'i1', type: 'tinyint', values: bigintIn(-128n, 127n) },
    { name: 'i3', type: 'mediumint unsigned', values: bigintIn(0n, 2n ** 24n - 1n) },
    { name: 'i4', type: 'int', values: bigintIn(-(2n ** 31n), 2n ** 31n - 1n) },
    { name: 'i8', type: 'bigint', values: bigintIn(-(2n ** 63n), 2n ** 63n - 1n) },
    { name: 'u8', type: 'bigint unsigned', values: bigintIn(0n, 2n ** 64n - 1n) },
    { name: 'n', type: 'decimal(65,30)', values: decimal(35, 30), same: sameDecimal },
    // MySQL checks a FLOAT's range on the text before rounding: insert the exact float32 as a double.
    { name: 'f', type: 'float', values: float32.map(float64Text), read: widenedFloat, same: sameFloat },
    { name: 'd', type: 'double', values: float64.map(float64Text), same: sameFloat },
    { name: 'bo', type: 'tinyint(1)', values: fc.constantFrom('0', '1'), same: sameBool },
    { name: 't', type: 'text', values: text(true, 24), same: sameText },
    { name: 'vc', type: 'varchar(40)', values: text(true, 40), same: sameText },
    { name: 'bl', type: 'blob', values: fc.uint8Array({ maxLength: 40 }).map(Buffer.from), read: hex },
    { name: 'dt', type: 'date', values: date(1000, 9999) },
    { name: 'tm', type: 'time(6)', values: timeOfDay, same: sameTemporal, to: ['postgres'] },
    { name: 'tl', type: 'time', values: mysqlTime, same: sameTemporal, to: ['mysql'] },
    { name: 'dm', type: 'datetime(6)', values: timestamp(1000, 9999), same: sameTemporal },
    { name: 'ts', type: 'timestamp(6)', values: timestamp(1971, 2037), same: sameTemporal },
    {
      name: 'y',
      type: 'year',
      values: fc.oneof(fc.integer({ min: 1901, max: 2155 }), fc.constant(0)).map(String),
      same: sameNumber,
    },
    { name: 'js', type: 'json', values: json },
    {
      name: 'e',
      type: `enum(${ENUM_LABELS.filter((label) => !label.endsWith(' ') && label !== 'upper' && label !== '😀')
        .map((label) => `'${label.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`)
        .join(',')})`,
      values: fc.constantFrom('plain', "it's", 'a\\b', 'ünï', 'UPPER'),
    },
    { name: 'bt', type: 'bit(10)', values: fc.integer({ min: 0, max: 1023 }), read: bits10 },
    { name: 'ch', type: 'char(8)', values: text(true, 8), same: sameText },
    { name: 'vb', type: 'varbinary(40)', values: fc.uint8Array({ maxLength: 40 }).map(Buffer.from), read: hex },
    { name: 'uu', type: 'uuid', values: fc.uuid({ version: [1, 2, 3, 4, 5] }) },
    {
      name: 's',
      type: "set('a','b c','ü','😀','X')",
      values: fc.subarray(['a', 'b c', 'ü', '😀', 'X']).map((members) => members.join(',')),
      read: { mysql: (column) => column, postgres: (column) => `array_to_string(${column}, ',')` },
    },
    {
      name: 'g',
      type: 'geometry',
      values: fc.tuple(float64, float64, fc.constantFrom(0, 4326, 3857)),
      placeholder: ([wkt, srid]) => `ST_GeomFromText(${wkt}, ${srid})`,
      params: (value) => {
        const [x, y, srid] = value as [number, number, number];
        return [`POINT(${x} ${y})`, srid];
      },
      read: { mysql: ewkt, postgres: (column) => `${column}::text` },
    },
  ],
};

/**
 * Values kept whatever the seed: the cases issue 8 found by hand, and what failing seeds found —
 * seed 20261127: a text[] element with Unicode white space at its edge (U+3000, U+00A0) lost it into
 * MySQL JSON (the array parser trimmed like JS, not like PostgreSQL); a MySQL SET/ENUM member that
 * is an emoji, which the catalog prints as '?'.
 */
const REGRESSIONS: Partial<Record<DialectName, Record<string, unknown[]>>> = {
  mysql: { d: ['90.28571428571429'], f: ['123456790', '1.0000001'], y: ['0'], s: ['😀', 'a,😀,X'] },
  postgres: {
    r: ['3.4028235e+38', '-0'],
    d: ['-0'],
    e: ['sp '],
    ta: [['\u3000x\u00a0', ' y ', '\u2028']],
  },
};

// ------------------------------------------------------------------ one wide table per pair

/** The longest name both ends store as spelled: 63 bytes (PostgreSQL), here in 2-byte letters. */
function longestName(prefix: string, random: number): string {
  const letters = 'äöüßéèçñåøæœ';
  let name = `${prefix}_`;
  let index = random;
  while (Buffer.byteLength(name + letters[index % letters.length]!, 'utf8') <= 63) {
    name += letters[index % letters.length]!;
    index = (index * 7 + 3) % 1_000_003;
  }
  return name.padEnd(name.length + (63 - Buffer.byteLength(name, 'utf8')), 'x');
}

interface Table {
  name: string;
  columns: Array<{ name: string; typeCase: TypeCase }>;
  rows: unknown[][];
}

function buildTable(from: DialectName, to: DialectName, pairSeed: number): Table {
  const cases = CASES[from].filter((typeCase) => !typeCase.to || typeCase.to.includes(to));
  const columns = cases.map((typeCase, index) => ({
    name: index === 0 ? longestName(typeCase.name, pairSeed) : `c_${typeCase.name}`,
    typeCase,
  }));
  const rowCount = Math.ceil(VALUES_PER_PAIR / columns.length);
  const samples = columns.map(({ typeCase }, index) => [
    ...(REGRESSIONS[from]?.[typeCase.name] ?? []),
    ...fc.sample(nullable(typeCase.values), { seed: pairSeed + index, numRuns: rowCount }),
  ]);
  const rows = Array.from({ length: rowCount }, (_, row) => columns.map((_, column) => samples[column]![row]));
  // The longest table name both ends keep once the copy's `_c` is appended: 63 bytes.
  return { name: uniqueName('prop').padEnd(61, 't'), columns, rows };
}

const quote = (dialect: DialectName, name: string) => (dialect === 'postgres' ? pgQuote(name) : myQuote(name));

async function createAndFill(from: DialectName, table: Table): Promise<void> {
  const qualified = `${quote(from, schemaOf[from])}.${quote(from, table.name)}`;
  const columnList = table.columns.map((column) => `${quote(from, column.name)} ${column.typeCase.type} NULL`);
  const create = `CREATE TABLE ${qualified} (id integer PRIMARY KEY, ${columnList.join(', ')})`;
  const names = ['id', ...table.columns.map((column) => column.name)].map((name) => quote(from, name)).join(', ');
  const chunk = 200;
  const statements: Array<[string, unknown[]]> = [];
  for (let start = 0; start < table.rows.length; start += chunk) {
    const params: unknown[] = [];
    /** Adds a parameter and returns its placeholder. */
    const bind = (value: unknown) => (params.push(value), from === 'postgres' ? `$${params.length}` : '?');
    const tuples = table.rows.slice(start, start + chunk).map((row, offset) => {
      const cells = [bind(start + offset + 1)];
      table.columns.forEach(({ typeCase }, index) => {
        const value = row[index];
        if (value === null || value === undefined) {
          cells.push('NULL');
          return;
        }
        const tokens = (typeCase.params ? typeCase.params(value) : [value]).map(bind);
        cells.push(typeCase.placeholder ? typeCase.placeholder(tokens) : tokens[0]!);
      });
      return `(${cells.join(', ')})`;
    });
    statements.push([`INSERT INTO ${qualified} (${names}) VALUES ${tuples.join(', ')}`, params]);
  }
  if (from === 'postgres') {
    await pgAdmin(async (client) => {
      await client.query(`SET search_path = ${pgQuote(pgSchema)}`);
      await client.query(create);
      for (const [sql, params] of statements) await client.query(sql, params);
    });
  } else {
    await myAdmin(async (connection) => {
      await connection.query(create);
      for (const [sql, params] of statements) await connection.query(sql, params);
    });
  }
}

async function readText(
  dialect: DialectName,
  table: string,
  columns: Table['columns'],
): Promise<Array<Array<string | null>>> {
  const expressions = columns.map(({ name, typeCase }) => {
    const quoted = quote(dialect, name);
    const read = typeCase.read?.[dialect];
    if (read) return dialect === 'postgres' ? `(${read(quoted)})::text` : `CAST(${read(quoted)} AS CHAR)`;
    return dialect === 'postgres' ? `${quoted}::text` : `CAST(${quoted} AS CHAR)`;
  });
  const sql = `SELECT ${expressions.join(', ')} FROM ${quote(dialect, schemaOf[dialect])}.${quote(dialect, table)} ORDER BY id`;
  const rows =
    dialect === 'postgres'
      ? await pgAdmin(async (client) => (await client.query({ text: sql, rowMode: 'array' })).rows as unknown[][])
      : await myAdmin(async (connection) => (await connection.query({ sql, rowsAsArray: true }))[0] as unknown[][]);
  return rows.map((row) =>
    row.map((cell) => (cell === null ? null : Buffer.isBuffer(cell) ? cell.toString('utf8') : String(cell))),
  );
}

beforeAll(async () => {
  await createScratch('postgres', pgSchema);
  await createScratch('mysql', mySchema);
  const labels = (list: string[]) => list.map((label) => `'${label.replaceAll("'", "''")}'`).join(', ');
  await pgAdmin(async (client) => {
    await client.query(`CREATE TYPE ${pgQuote(pgSchema)}.prop_mood AS ENUM (${labels(ENUM_LABELS)})`);
    await client.query(
      `CREATE TYPE ${pgQuote(pgSchema)}.prop_mood_kept AS ENUM (${labels(ENUM_LABELS.filter((label) => !label.endsWith(' ')))})`,
    );
  });
  codePointsByCategory();
  // The seed is what makes a failure reproducible.
  console.info(`property round trip: seed ${seed}, ${VALUES_PER_PAIR} values per pair`);
});

afterAll(async () => {
  await dropScratch('postgres', pgSchema);
  await dropScratch('mysql', mySchema);
});

describe.each(DIALECT_PAIRS)('generated values %s → %s', (from, to) => {
  it(`round-trip exactly or as declared (seed ${seed})`, async () => {
    const pairSeed = seed + (from === 'postgres' ? 0 : 1_000) + (to === 'postgres' ? 0 : 100);
    const table = buildTable(from, to, pairSeed);
    await createAndFill(from, table);
    const destination = `${table.name}_c`;
    await runSync(syncRequest(schemaOf, from, to, table.name, destination));
    const [source, copied] = await Promise.all([
      readText(from, table.name, table.columns),
      readText(to, destination, table.columns),
    ]);
    expect(copied.length).toBe(source.length);
    const failures: string[] = [];
    let checked = 0;
    source.forEach((row, rowIndex) =>
      row.forEach((value, columnIndex) => {
        checked += 1;
        const arrived = copied[rowIndex]![columnIndex]!;
        const { typeCase } = table.columns[columnIndex]!;
        const same = typeCase.same ?? exact;
        const ok = value === null || arrived === null ? value === arrived : same(value, arrived, to, from);
        if (!ok && failures.length < 10)
          failures.push(
            `seed ${seed}, row ${rowIndex + 1}, ${typeCase.name} (${typeCase.type}): ${JSON.stringify(value)} arrived as ${JSON.stringify(arrived)}`,
          );
      }),
    );
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(VALUES_PER_PAIR);
  });
});
