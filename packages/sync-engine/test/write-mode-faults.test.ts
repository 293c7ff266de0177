import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DIALECT_PAIRS,
  adminQuery,
  createScratch,
  dropScratch,
  myAdmin,
  pgAdmin,
  qualified,
  quote,
  uniqueName,
  type TestDialect,
} from '@pipecraft/test-support';
import { SOFT_DELETE_COLUMN, runSync } from '../src/index.js';
import type { SyncRequest } from '../src/index.js';
import { getDialect } from '../src/dialects/index.js';
import { stagingNames } from '../src/write-modes/staging-names.js';
import { syncRequest } from './support/databases.js';
import {
  holdKey,
  killSourceRead,
  lockTable,
  startSyncChild,
  untilWaitedFor,
  type LockHolder,
} from './support/fault-injection.js';

/**
 * The fault matrix of the write modes: for every mode (full_merge with both delete-missing
 * policies) and dialect pair, (a) the process SIGKILLed while it writes, (b) the source's
 * connection killed by its server mid-read, (c) a row the destination refuses. After each, the
 * destination is exactly as before the run — rows, columns, the run-state row with its watermark
 * and the table's run marker — and the next run converges to the source.
 *
 * Every kill lands at a known point rather than racing the run: (a) a session of the test holds a
 * lock the run has to wait for (a key it is about to write, or its source table), (b) the kill is
 * synchronous inside the first progress report, so the run stands still until it has landed.
 */
const schemaOf: Record<TestDialect, string> = { postgres: uniqueName('pcflt'), mysql: uniqueName('pcflt') };

// The cells wait on the servers far more than they compute: more of them side by side than
// Vitest's default 5 (about three connections each, well within both servers' limits).
vi.setConfig({ maxConcurrency: 8 });

/** The watermark the incremental modes start from: rows with `ver` 1 were read by an earlier run. */
const WATERMARK = { cursor: '2', key: ['0'] };
const MODES = [
  { name: 'full_refresh', request: { writeMode: 'full_refresh' } },
  { name: 'append', request: { writeMode: 'append' } },
  {
    name: 'incremental_append',
    request: { writeMode: 'incremental_append', cursorColumn: 'ver', watermark: WATERMARK },
  },
  { name: 'incremental_merge', request: { writeMode: 'incremental_merge', cursorColumn: 'ver', watermark: WATERMARK } },
  { name: 'full_merge hard', request: { writeMode: 'full_merge', deleteMissing: 'hard' } },
  { name: 'full_merge soft', request: { writeMode: 'full_merge', deleteMissing: 'soft' } },
] as const satisfies ReadonlyArray<{ name: string; request: Partial<SyncRequest> }>;
type Mode = (typeof MODES)[number];

/** `src`: small rows, one of them (REFUSED_ID, read near the end in either order) the value the refusing destinations reject. */
const ROWS = 2000;
const REFUSED_ID = 1999;
const REFUSED = 'refused by the destination';
/** The key the held session inserts first: mid-table in `id` and in `(ver, id)` order, past the watermark. */
const HELD_ID = 1001;
/**
 * `wide`: 1600 small rows (the first progress report comes after 1000), then WIDE_ROWS rows of 64 KB,
 * 4 MB that outlast the socket buffers (2 to 3 MB here), so the source is still sending when
 * the first report arrives.
 */
const WIDE_ROWS = 64;

const CHECK_NAME = 'pcflt_refuse';
const incremental = (mode: Mode) => 'watermark' in mode.request;
const appendOnly = (mode: Mode) => mode.name === 'append' || mode.name === 'incremental_append';
const soft = (mode: Mode) => mode.name === 'full_merge soft';

/** A table name per fault, mode and pair, e.g. `kill_full_merge_hard_pomy`. */
function cellTable(fault: 'kill' | 'read' | 'reject', mode: Mode, from: TestDialect, to: TestDialect): string {
  return `${fault}_${mode.name.replace(' ', '_')}_${from.slice(0, 2)}${to.slice(0, 2)}`;
}

function request(from: TestDialect, to: TestDialect, source: string, table: string, mode: Mode, runId: string) {
  return { ...syncRequest(schemaOf, from, to, source, table), ...mode.request, runId };
}

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** `work` on one admin connection (placeholders: `$1` on PostgreSQL, `?` on MySQL). */
function withAdmin<T>(dialect: TestDialect, work: (query: Query) => Promise<T>): Promise<T> {
  return dialect === 'postgres'
    ? pgAdmin((client) => work(async (sql, params) => (await client.query(sql, params)).rows))
    : myAdmin((connection) =>
        work(async (sql, params) => {
          const [rows] = await connection.query(sql, params);
          return Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : [];
        }),
      );
}

async function admin(dialect: TestDialect, statements: Array<[string, unknown[]?]>): Promise<void> {
  await withAdmin(dialect, async (query) => {
    for (const [sql, params] of statements) await query(sql, params);
  });
}

/** A copy of `template` in the source schema, for a cell whose fault must not touch other cells' reads. */
async function copyTable(from: TestDialect, template: string, table: string): Promise<void> {
  const [copy, original] = [qualified(from, schemaOf[from], table), qualified(from, schemaOf[from], template)];
  await admin(from, [
    [
      from === 'postgres'
        ? `CREATE TABLE ${copy} (LIKE ${original} INCLUDING ALL)`
        : `CREATE TABLE ${copy} LIKE ${original}`,
    ],
    [`INSERT INTO ${copy} SELECT * FROM ${original}`],
  ]);
}

/**
 * The destination as earlier runs left it: old rows (for the keyed modes one the source changes),
 * the soft-delete column where the mode uses it, the run-state row with its watermark, and the run
 * marker in the table comment, both naming `seed-run`. `refuse`: a CHECK that rejects REFUSED.
 */
async function seedDestination(to: TestDialect, table: string, mode: Mode, refuse = false): Promise<void> {
  const dialect = getDialect(to);
  const live = { schema: schemaOf[to], table };
  const name = qualified(to, live.schema, table);
  const columns = [
    `id ${to === 'postgres' ? 'integer' : 'int'} PRIMARY KEY`,
    'ver int',
    'note text',
    ...(soft(mode) ? [`${quote(to, SOFT_DELETE_COLUMN)} ${dialect.merge.timestampType} NULL`] : []),
    ...(refuse ? [`CONSTRAINT ${CHECK_NAME} CHECK (note <> '${REFUSED}')`] : []),
  ];
  const old = appendOnly(mode)
    ? "(-2, 1, 'old two'), (-1, 1, 'old one')"
    : "(-2, 1, 'old two'), (-1, 1, 'old one'), (3, 9, 'stale three')";
  await admin(to, [
    [`CREATE TABLE ${name} (${columns.join(', ')})`],
    [`INSERT INTO ${name} (id, ver, note) VALUES ${old}`],
    [dialect.merge.writeState(live), [table, 'seed-run', incremental(mode) ? JSON.stringify(WATERMARK) : null]],
    [dialect.ddl.setComment(live, '[pipecraft run seed-run]')],
  ]);
}

/** Every row as text (`note` as its MD5, the soft-delete mark as `live` / `deleted`), ordered by id. */
async function contents(query: Query, dialect: TestDialect, schema: string, table: string, softColumn: boolean) {
  const text = (column: string) => (dialect === 'postgres' ? `${column}::text` : `CAST(${column} AS CHAR)`);
  const mark = softColumn
    ? `, CASE WHEN ${quote(dialect, SOFT_DELETE_COLUMN)} IS NULL THEN 'live' ELSE 'deleted' END AS mark`
    : '';
  const rows = await query(
    `SELECT ${text('id')} AS i, ${text('ver')} AS v, md5(note) AS n${mark} FROM ${qualified(dialect, schema, table)} ORDER BY id`,
  );
  return rows.map((row) => Object.values(row).map(String));
}

interface Snapshot {
  columns: string[];
  rows: string[][];
  /** The run-state row: run id and watermark. */
  state: Record<string, unknown> | undefined;
  /** The table comment, which carries the run marker. */
  comment: unknown;
}

/** What a failed run must leave exactly as it was. */
function snapshot(to: TestDialect, table: string): Promise<Snapshot> {
  const schema = schemaOf[to];
  return withAdmin(to, async (query) => {
    const pg = to === 'postgres';
    const columns = (
      await query(
        pg
          ? 'SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position'
          : 'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
        [schema, table],
      )
    ).map((row) => String(row.c));
    const [state] = await query(
      `SELECT run_id, watermark FROM ${qualified(to, schema, '_pipecraft_state')} WHERE table_name = ${pg ? '$1' : '?'}`,
      [table],
    );
    const [comment] = await query(
      pg
        ? 'SELECT obj_description($1::regclass) AS c'
        : 'SELECT TABLE_COMMENT AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      pg ? [qualified(to, schema, table)] : [schema, table],
    );
    return {
      columns,
      rows: await contents(query, to, schema, table, columns.includes(SOFT_DELETE_COLUMN)),
      state,
      comment: comment?.c,
    };
  });
}

const byId = (a: string[], b: string[]) => Number(a[0]) - Number(b[0]);

/** The source rows a run of `mode` reads: the incremental ones only those past WATERMARK. */
function readBy(mode: Mode, source: string[][]): string[][] {
  if (!incremental(mode)) return source;
  const [cursor, key] = [Number(WATERMARK.cursor), Number(WATERMARK.key[0])];
  return source.filter(([id, ver]) => Number(ver) > cursor || (Number(ver) === cursor && Number(id) > key));
}

/** The destination after a successful run of `mode` over `before`. */
function converged(mode: Mode, before: string[][], source: string[][]): string[][] {
  const read = readBy(mode, source);
  switch (mode.name) {
    case 'full_refresh':
    case 'full_merge hard':
      return read;
    case 'append':
    case 'incremental_append':
      return [...before, ...read].sort(byId);
    case 'incremental_merge':
      return [...new Map([...before, ...read].map((row) => [row[0], row])).values()].sort(byId);
    case 'full_merge soft': {
      const keys = new Set(read.map((row) => row[0]));
      const gone = before.filter((row) => !keys.has(row[0])).map((row) => [...row.slice(0, 3), 'deleted']);
      return [...read.map((row) => [...row, 'live']), ...gone].sort(byId);
    }
  }
}

/** The next run (a normal one) converges: the rows, and the run state or marker name it. */
async function expectConverges(
  from: TestDialect,
  to: TestDialect,
  source: string,
  table: string,
  mode: Mode,
  before: Snapshot,
  sourceRows: string[][],
): Promise<void> {
  await runSync(request(from, to, source, table, mode, 'next-run'));
  const after = await snapshot(to, table);
  expect(after.rows).toEqual(converged(mode, before.rows, sourceRows));
  if (mode.name === 'full_refresh') {
    expect(after.comment).toBe('[pipecraft run next-run]');
  } else {
    // The watermark of the last row read in (ver, id) order.
    const last = readBy(mode, sourceRows)
      .map(([id, ver]) => [Number(ver), Number(id)] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .at(-1)!;
    expect(after.state).toEqual({
      run_id: 'next-run',
      watermark: incremental(mode) ? JSON.stringify({ cursor: String(last[0]), key: [String(last[1])] }) : null,
    });
  }
}

const sourceRows: Record<TestDialect, { src: string[][]; wide: string[][] }> = {
  postgres: { src: [], wide: [] },
  mysql: { src: [], wide: [] },
};

beforeAll(async () => {
  await createScratch('postgres', schemaOf.postgres);
  await createScratch('mysql', schemaOf.mysql);
  const [pgSrc, pgWide] = [
    qualified('postgres', schemaOf.postgres, 'src'),
    qualified('postgres', schemaOf.postgres, 'wide'),
  ];
  await admin('postgres', [
    [`CREATE TABLE ${pgSrc} (id integer PRIMARY KEY, ver integer, note text)`],
    [
      `INSERT INTO ${pgSrc} SELECT g, 1 + g % 5, CASE WHEN g = ${REFUSED_ID} THEN '${REFUSED}' ELSE 'row ' || g END FROM generate_series(1, ${ROWS}) g`,
    ],
    [`CREATE TABLE ${pgWide} (id integer PRIMARY KEY, ver integer, note text)`],
    [`INSERT INTO ${pgWide} SELECT g, 1 + g % 4, 'row ' || g FROM generate_series(1, 1600) g`],
    [`INSERT INTO ${pgWide} SELECT g, 5, repeat(md5(g::text), 2000) FROM generate_series(1601, ${1600 + WIDE_ROWS}) g`],
  ]);
  const [mySrc, myWide] = [qualified('mysql', schemaOf.mysql, 'src'), qualified('mysql', schemaOf.mysql, 'wide')];
  await admin('mysql', [
    [`CREATE TABLE ${mySrc} (id int PRIMARY KEY, ver int, note text)`],
    [
      `INSERT INTO ${mySrc} SELECT seq, 1 + seq % 5, IF(seq = ${REFUSED_ID}, '${REFUSED}', CONCAT('row ', seq)) FROM seq_1_to_${ROWS}`,
    ],
    [`CREATE TABLE ${myWide} (id int PRIMARY KEY, ver int, note text)`],
    [`INSERT INTO ${myWide} SELECT seq, 1 + seq % 4, CONCAT('row ', seq) FROM seq_1_to_1600`],
    [`INSERT INTO ${myWide} SELECT seq, 5, REPEAT(MD5(seq), 2000) FROM seq_1601_to_${1600 + WIDE_ROWS}`],
  ]);
  for (const dialect of ['postgres', 'mysql'] as const) {
    // Once, here: PostgreSQL's CREATE TABLE IF NOT EXISTS races itself when cells seed side by side.
    await adminQuery(dialect, getDialect(dialect).merge.createStateTable({ schema: schemaOf[dialect], table: 'src' }));
    sourceRows[dialect] = await withAdmin(dialect, async (query) => ({
      src: await contents(query, dialect, schemaOf[dialect], 'src', false),
      wide: await contents(query, dialect, schemaOf[dialect], 'wide', false),
    }));
  }
});

afterAll(async () => {
  await dropScratch('postgres', schemaOf.postgres);
  await dropScratch('mysql', schemaOf.mysql);
});

/** Every mode for every dialect pair: the rows of each fault's table. */
const CELLS = DIALECT_PAIRS.flatMap(([from, to]) => MODES.map((mode) => ({ from, to, mode })));
type Cell = (typeof CELLS)[number];
/** `it.each` rows: the title's words (`%s`, unquoted), then the cell. */
const ROWS_OF_CELLS = CELLS.map((cell) => [`${cell.from} → ${cell.to}`, cell.mode.name, cell] as const);
const TITLE = '%s, %s';

/** full_refresh's SIGKILL cell reads a copy of `src` of its own: the test locks it. */
const sourceOfKilled = ({ to, mode }: Cell) => (mode.name === 'full_refresh' ? `locked_${to}` : 'src');

describe('process killed mid-write', () => {
  const before = new Map<Cell, Snapshot>();

  /**
   * One child process runs every cell at once; each run is held where its kill must land, the
   * process is killed, then the holds are let go. The append modes are held mid-load (the key
   * HELD_ID, loading into the live table), the merge modes mid-merge (the upsert reaching
   * HELD_ID), full_refresh at its first read, after it emptied (PostgreSQL) or staged (MySQL)
   * the destination.
   */
  beforeAll(async () => {
    await Promise.all(
      CELLS.map(async (cell) => {
        const table = cellTable('kill', cell.mode, cell.from, cell.to);
        if (sourceOfKilled(cell) !== 'src') await copyTable(cell.from, 'src', sourceOfKilled(cell));
        await seedDestination(cell.to, table, cell.mode);
        before.set(cell, await snapshot(cell.to, table));
      }),
    );
    const holders: LockHolder[] = [];
    try {
      for (const cell of CELLS) {
        const { from, to, mode } = cell;
        holders.push(
          mode.name === 'full_refresh'
            ? await lockTable(from, schemaOf[from], sourceOfKilled(cell))
            : await holdKey(to, schemaOf[to], cellTable('kill', mode, from, to), { id: HELD_ID, ver: 2, note: 'held' }),
        );
      }
      const child = startSyncChild(
        CELLS.map((cell) =>
          request(
            cell.from,
            cell.to,
            sourceOfKilled(cell),
            cellTable('kill', cell.mode, cell.from, cell.to),
            cell.mode,
            'killed-run',
          ),
        ),
      );
      const held = (async () => {
        for (const holder of holders) await untilWaitedFor(holder, child.exited);
        for (const { from, to, mode } of CELLS.filter((cell) => cell.mode.name === 'full_refresh'))
          await expectFullRefreshStarted(to, cellTable('kill', mode, from, to));
      })();
      await held.catch(() => undefined);
      const signal = await child.kill();
      await held;
      expect(signal).toBe('SIGKILL');
    } finally {
      for (const holder of holders) await holder.release();
    }
  });

  it.concurrent.each(ROWS_OF_CELLS)(
    `${TITLE}: destination and watermark unmoved, the next run converges`,
    async (_pair, _mode, cell) => {
      const { from, to, mode } = cell;
      const table = cellTable('kill', mode, from, to);
      const seeded = before.get(cell)!;
      expect(await snapshot(to, table)).toEqual(seeded);
      await expectConverges(from, to, sourceOfKilled(cell), table, mode, seeded, sourceRows[from].src);
    },
  );
});

it.concurrent.each(ROWS_OF_CELLS)(
  `${TITLE}: source killed mid-read — destination and watermark unmoved, the next run converges`,
  async (_pair, _mode, { from, to, mode }) => {
    const table = cellTable('read', mode, from, to);
    const source = `${table}_src`;
    await copyTable(from, 'wide', source);
    await seedDestination(to, table, mode);
    const before = await snapshot(to, table);
    let killed: boolean | undefined;
    const error = await runSync({
      ...request(from, to, source, table, mode, 'failed-run'),
      onProgress: () => {
        killed ??= killSourceRead(from, schemaOf[from], source);
      },
    }).catch((caught: unknown) => caught);
    expect(killed).toBe(true);
    expect(error).toMatchObject({ name: 'EngineError', code: 'CONNECTION_LOST' });
    expect(await snapshot(to, table)).toEqual(before);
    await expectConverges(from, to, source, table, mode, before, sourceRows[from].wide);
  },
);

it.concurrent.each(ROWS_OF_CELLS)(
  `${TITLE}: a row the destination refuses — destination and watermark unmoved, the next run converges`,
  async (_pair, _mode, { from, to, mode }) => {
    const table = cellTable('reject', mode, from, to);
    await seedDestination(to, table, mode, true);
    const before = await snapshot(to, table);
    const error = await runSync(request(from, to, 'src', table, mode, 'failed-run')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'EngineError', code: 'ROW_REJECTED' });
    expect(await snapshot(to, table)).toEqual(before);
    // The user lets the value in; the next run brings every row the failed one did not.
    await adminQuery(to, `ALTER TABLE ${qualified(to, schemaOf[to], table)} DROP CONSTRAINT ${CHECK_NAME}`);
    await expectConverges(from, to, 'src', table, mode, before, sourceRows[from].src);
  },
);

/**
 * The held full_refresh run has touched its destination before its read waits: PostgreSQL holds
 * the table (TRUNCATE, uncommitted), MySQL has created its staging table.
 */
async function expectFullRefreshStarted(to: TestDialect, table: string): Promise<void> {
  const prefix = stagingNames({ schema: schemaOf[to], table }).stagingPrefix;
  const found = await adminQuery(
    to,
    to === 'postgres'
      ? `SELECT 1 FROM pg_locks WHERE relation = $1::regclass AND mode = 'AccessExclusiveLock' AND granted`
      : `SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND LEFT(TABLE_NAME, ?) = ?`,
    to === 'postgres' ? [qualified(to, schemaOf[to], table)] : [schemaOf[to], prefix.length, prefix],
  );
  expect(found.length).toBeGreaterThan(0);
}
