import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIALECT_PAIRS,
  adminQuery,
  createScratch,
  dropScratch,
  qualified,
  selectRows,
  uniqueName,
  type TestDialect,
} from '@pipecraft/test-support';
import { planSync, runSync } from '../src/index.js';
import type { SyncRequest, SyncResult, Watermark } from '../src/index.js';
import { stagingNames } from '../src/write-modes/staging-names.js';
import { CONFIGS } from './support/databases.js';

/**
 * The write modes against the real servers, every dialect pair. Each test compares the whole
 * destination with the source after the run (ids, versions, notes: values every pair keeps exact).
 */
const schemaOf: Record<TestDialect, string> = { postgres: uniqueName('pc_modes'), mysql: uniqueName('pc_modes') };

const COLUMNS: Record<TestDialect, string> = {
  postgres: 'id integer PRIMARY KEY, ver integer, note text, ts timestamp(6), tz timestamptz',
  mysql: 'id int PRIMARY KEY, ver int, note text, ts datetime(6) NULL, tz timestamp(6) NULL',
};

function t(dialect: TestDialect, table: string): string {
  return qualified(dialect, schemaOf[dialect], table);
}

async function sql(dialect: TestDialect, text: string, params: unknown[] = []): Promise<void> {
  await adminQuery(dialect, text, params);
}

/** `rows` rows with ids from..to: ver 1, note 'n<id>', ts 2024-03-31 01:00 + id seconds (Chatham DST day). */
async function seed(dialect: TestDialect, table: string, from: number, to: number, ver = 1): Promise<void> {
  if (dialect === 'postgres') {
    await sql(
      dialect,
      `INSERT INTO ${t(dialect, table)} (id, ver, note, ts, tz) SELECT g, $3, 'n' || g, timestamp '2024-03-31 01:00:00' + g * interval '1 second', timestamptz '2024-03-31 01:00:00+00' + g * interval '1 second' FROM generate_series($1::int, $2::int) g`,
      [from, to, ver],
    );
  } else {
    await sql(
      dialect,
      `INSERT INTO ${t(dialect, table)} (id, ver, note, ts, tz) SELECT seq, ?, CONCAT('n', seq), TIMESTAMP '2024-03-31 01:00:00' + INTERVAL seq SECOND, TIMESTAMP '2024-03-31 01:00:00' + INTERVAL seq SECOND FROM seq_${from}_to_${to}`,
      [ver],
    );
  }
}

async function rows(dialect: TestDialect, table: string, columns = ['id', 'ver', 'note']): Promise<string[][]> {
  const found = await selectRows(dialect, schemaOf[dialect], table, columns);
  return found
    .map((row) => row.map((value) => (value === null ? 'NULL' : String(value))))
    .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1])));
}

beforeAll(async () => {
  await createScratch('postgres', schemaOf.postgres);
  await createScratch('mysql', schemaOf.mysql);
});

afterAll(async () => {
  await dropScratch('postgres', schemaOf.postgres);
  await dropScratch('mysql', schemaOf.mysql);
});

describe.each(DIALECT_PAIRS)('write modes %s → %s', (from, to) => {
  let n = 0;
  /** A fresh source table and the name of its (not yet existing) destination. */
  async function fresh(columns = COLUMNS[from]): Promise<{ src: string; dst: string }> {
    n += 1;
    const src = `s${n}_${from}_${to}`;
    const dst = `d${n}_${from}_${to}`;
    await sql(from, `CREATE TABLE ${t(from, src)} (${columns})`);
    return { src, dst };
  }
  function request(src: string, dst: string, extra: Partial<SyncRequest>): SyncRequest {
    return {
      source: { connection: CONFIGS[from], table: { schema: schemaOf[from], table: src } },
      destination: { connection: CONFIGS[to], table: { schema: schemaOf[to], table: dst } },
      writeMode: 'full_refresh',
      ...extra,
    };
  }
  async function same(src: string, dst: string): Promise<void> {
    expect(await rows(to, dst)).toEqual(await rows(from, src));
  }

  it('incremental_merge: 10,000 rows sharing one cursor value cross batch boundaries, then ties and updates', async () => {
    const { src, dst } = await fresh();
    await seed(from, src, 1, 10_000);
    const options = { writeMode: 'incremental_merge', cursorColumn: 'ver' } as const;
    const first = await runSync(request(src, dst, options));
    expect(first).toMatchObject({ rowsInserted: 10_000, rowsUpdated: 0, watermark: { cursor: '1', key: ['10000'] } });
    await same(src, dst);

    // More rows with the same cursor value (only a key past the watermark's sees them), and updates.
    await seed(from, src, 10_001, 12_500);
    await sql(from, `UPDATE ${t(from, src)} SET ver = 2, note = CONCAT('u', id) WHERE id <= 100`);
    const second = await runSync(request(src, dst, { ...options, watermark: first.watermark }));
    expect(second).toMatchObject({ rowsInserted: 2_500, rowsUpdated: 100, watermark: { cursor: '2', key: ['100'] } });
    await same(src, dst);

    const third = await runSync(request(src, dst, { ...options, watermark: second.watermark }));
    expect(third).toMatchObject({ rowsRead: 0, rowsInserted: 0, rowsUpdated: 0, watermark: second.watermark });
    await same(src, dst);
  });

  it('incremental_append on a timestamp cursor (host in a non-UTC zone): new rows only, NULL cursors on the first run', async () => {
    const { src, dst } = await fresh();
    await seed(from, src, 1, 3_000);
    await sql(from, `INSERT INTO ${t(from, src)} (id, ver, note, ts) VALUES (0, 0, 'no cursor', NULL)`);
    const options = { writeMode: 'incremental_append', cursorColumn: 'ts' } as const;
    const first = await runSync(request(src, dst, options));
    expect(first.rowsInserted).toBe(3_001);
    expect(first.watermark?.key).toEqual(['3000']);
    expect(first.watermark?.cursor).toMatch(/^2024-03-31 01:50:00/);
    expect(first.warnings.join(' ')).toMatch(/1 row\(s\) have a NULL cursor/);
    await same(src, dst);

    await seed(from, src, 3_001, 3_500);
    const second = await runSync(request(src, dst, { ...options, watermark: first.watermark }));
    expect(second.rowsInserted).toBe(500);
    expect(second.warnings).toEqual([]);
    await same(src, dst);
  });

  it('incremental_merge on a timestamptz cursor with a lookback: a late row inside it is caught, one outside is not', async () => {
    const { src, dst } = await fresh();
    await seed(from, src, 1, 1_000);
    const options = { writeMode: 'incremental_merge', cursorColumn: 'tz', lookbackSeconds: 60 } as const;
    const first = await runSync(request(src, dst, options));
    expect(first.rowsInserted).toBe(1_000);
    // Late rows: committed after the run with cursors at or before the watermark.
    const late = (id: number, secondsBack: number) =>
      from === 'postgres'
        ? sql(
            from,
            `INSERT INTO ${t(from, src)} (id, ver, note, tz) VALUES ($1, 1, 'late', timestamptz '2024-03-31 01:16:40+00' - $2 * interval '1 second')`,
            [id, secondsBack],
          )
        : sql(
            from,
            `INSERT INTO ${t(from, src)} (id, ver, note, tz) VALUES (?, 1, 'late', TIMESTAMP '2024-03-31 01:16:40' - INTERVAL ? SECOND)`,
            [id, secondsBack],
          );
    await late(5_001, 0); // equal cursor, key after: would be seen even without the lookback
    await late(5_002, 30); // inside the lookback
    await late(5_003, 600); // outside it
    const second = await runSync(request(src, dst, { ...options, watermark: first.watermark }));
    expect(second.rowsInserted).toBe(2);
    const destinationIds = (await rows(to, dst)).map((row) => row[0]);
    expect(destinationIds).toContain('5001');
    expect(destinationIds).toContain('5002');
    expect(destinationIds).not.toContain('5003');
  });

  it('full_merge: updates, inserts and hard deletes; then soft deletes mark and a returning row clears the mark', async () => {
    const { src, dst } = await fresh();
    await seed(from, src, 1, 2_000);
    const hard = { writeMode: 'full_merge', deleteMissing: 'hard' } as const;
    expect(await runSync(request(src, dst, hard))).toMatchObject({ rowsInserted: 2_000, rowsDeleted: 0 });
    await sql(from, `DELETE FROM ${t(from, src)} WHERE id > 1900`);
    await sql(from, `UPDATE ${t(from, src)} SET ver = 2 WHERE id <= 10`);
    await seed(from, src, 2_001, 2_050);
    const second = await runSync(request(src, dst, hard));
    expect(second).toMatchObject({ rowsInserted: 50, rowsUpdated: 10, rowsDeleted: 100 });
    await same(src, dst);

    const soft = { writeMode: 'full_merge', deleteMissing: 'soft' } as const;
    const { src: src2, dst: dst2 } = await fresh();
    await seed(from, src2, 1, 100);
    await runSync(request(src2, dst2, soft));
    await sql(from, `DELETE FROM ${t(from, src2)} WHERE id > 90`);
    expect(await runSync(request(src2, dst2, soft))).toMatchObject({ rowsDeleted: 10, rowsUpdated: 0 });
    const marked = await rows(to, dst2, ['id', '_pipecraft_deleted_at']);
    expect(marked.filter((row) => row[1] !== 'NULL').map((row) => row[0])).toEqual([
      '91',
      '92',
      '93',
      '94',
      '95',
      '96',
      '97',
      '98',
      '99',
      '100',
    ]);
    await seed(from, src2, 95, 95);
    // The row that came back: its mark is cleared, which counts as an update.
    expect(await runSync(request(src2, dst2, soft))).toMatchObject({ rowsDeleted: 0, rowsUpdated: 1 });
    const after = await rows(to, dst2, ['id', '_pipecraft_deleted_at']);
    expect(after.filter((row) => row[1] !== 'NULL')).toHaveLength(9);
    expect(after.find((row) => row[0] === '95')?.[1]).toBe('NULL');
  });

  it('full_merge with delete-missing leaves no table of its own behind, and drops what a killed run left', async () => {
    const { src, dst } = await fresh();
    await seed(from, src, 1, 300);
    const hard = { writeMode: 'full_merge', deleteMissing: 'hard' } as const;
    await runSync(request(src, dst, hard));
    // What a run killed mid-load leaves on MySQL: a shared staging table named with the table's
    // merge prefix (PostgreSQL stages into temporary tables only, which die with the session).
    if (to === 'mysql') {
      const leftover = `${stagingNames({ schema: schemaOf[to], table: dst }).mergePrefix}deadbeef`;
      await sql(to, `CREATE TABLE ${t(to, leftover)} (id int PRIMARY KEY)`);
    }
    await sql(from, `DELETE FROM ${t(from, src)} WHERE id % 3 = 0`);
    await sql(from, `UPDATE ${t(from, src)} SET ver = 2 WHERE id % 3 = 1`);
    expect(await runSync(request(src, dst, hard))).toMatchObject({
      rowsInserted: 0,
      rowsUpdated: 100,
      rowsDeleted: 100,
    });
    await same(src, dst);
    const own = await adminQuery<{ name: string }>(
      to,
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${to === 'postgres' ? '$1' : '?'} AND table_name LIKE '\\_pc\\_%'`,
      [schemaOf[to]],
    );
    expect(own).toEqual([]);
  });

  it('a composite primary key: merge matches on both columns, the watermark carries both', async () => {
    const { src, dst } = await fresh(
      from === 'postgres'
        ? 'a integer, b varchar(20), ver integer, note text, PRIMARY KEY (a, b)'
        : 'a int, b varchar(20), ver int, note text, PRIMARY KEY (a, b)',
    );
    const insert = (a: number, b: string, ver: number) =>
      sql(from, `INSERT INTO ${t(from, src)} (a, b, ver, note) VALUES (${a}, '${b}', ${ver}, '${b}${ver}')`);
    for (const [a, b] of [
      [1, 'x'],
      [1, 'y'],
      [2, 'x'],
    ] as const)
      await insert(a, b, 1);
    const options = { writeMode: 'incremental_merge', cursorColumn: 'ver' } as const;
    const first = await runSync(request(src, dst, options));
    expect(first.watermark).toEqual({ cursor: '1', key: ['2', 'x'] } satisfies Watermark);
    await sql(from, `UPDATE ${t(from, src)} SET ver = 2, note = 'changed' WHERE a = 1 AND b = 'y'`);
    await insert(2, 'y', 1);
    const second = await runSync(request(src, dst, { ...options, watermark: first.watermark }));
    expect(second).toMatchObject({ rowsInserted: 1, rowsUpdated: 1 });
    expect(await rows(to, dst, ['a', 'b', 'ver', 'note'])).toEqual(await rows(from, src, ['a', 'b', 'ver', 'note']));
  });

  it('a table without a primary key: append works twice; a merge is refused with a clear error and changes nothing', async () => {
    const { src, dst } = await fresh(
      from === 'postgres' ? 'id integer, ver integer, note text' : 'id int, ver int, note text',
    );
    await sql(from, `INSERT INTO ${t(from, src)} (id, ver, note) VALUES (1, 1, 'a'), (2, 1, 'b')`);
    await runSync(request(src, dst, { writeMode: 'append' }));
    const second = await runSync(request(src, dst, { writeMode: 'append' }));
    expect(second.rowsInserted).toBe(2);
    expect(await rows(to, dst)).toHaveLength(4);
    await expect(
      runSync(request(src, dst, { writeMode: 'incremental_merge', cursorColumn: 'ver' })),
    ).rejects.toMatchObject({
      code: 'SYNC_OPTIONS_INVALID',
      message: expect.stringMatching(/no primary key/),
    });
    expect(await rows(to, dst)).toHaveLength(4);
  });

  it('a rejected row: the destination and the watermark stay as they were; the next run converges', async () => {
    const { src, dst } = await fresh();
    await seed(from, src, 1, 500);
    // The destination exists with a narrower note column: a long note is rejected.
    await sql(
      to,
      `CREATE TABLE ${t(to, dst)} (${to === 'postgres' ? 'id integer PRIMARY KEY, ver integer, note varchar(8), ts timestamp(6), tz timestamptz' : 'id int PRIMARY KEY, ver int, note varchar(8), ts datetime(6) NULL, tz timestamp(6) NULL'})`,
    );
    const options = { writeMode: 'incremental_merge', cursorColumn: 'ver' } as const;
    const first = await runSync(request(src, dst, options));
    const before = await rows(to, dst);
    await sql(from, `UPDATE ${t(from, src)} SET ver = 2, note = 'much too long for eight' WHERE id = 7`);
    await sql(from, `UPDATE ${t(from, src)} SET ver = 2, note = 'ok' WHERE id = 8`);
    await expect(
      runSync(request(src, dst, { ...options, watermark: first.watermark, runId: 'run-bad' })),
    ).rejects.toMatchObject({
      code: 'ROW_REJECTED',
    });
    expect(await rows(to, dst)).toEqual(before);
    const state = await adminQuery<{ watermark: string }>(
      to,
      `SELECT watermark FROM ${qualified(to, schemaOf[to], '_pipecraft_state')} WHERE table_name = ${to === 'postgres' ? '$1' : '?'}`,
      [dst],
    );
    expect(JSON.parse(String(state[0]?.watermark))).toEqual(first.watermark);
    await sql(from, `UPDATE ${t(from, src)} SET note = 'short' WHERE id = 7`);
    const fixed = await runSync(request(src, dst, { ...options, watermark: first.watermark }));
    expect(fixed).toMatchObject({ rowsUpdated: 2, watermark: { cursor: '2', key: ['8'] } });
    await same(src, dst);
  });
});

describe.each(DIALECT_PAIRS)('column mapping and drift %s → %s', (from, to) => {
  let n = 0;
  async function fresh(): Promise<{ src: string; dst: string }> {
    n += 1;
    const src = `m${n}_${from}_${to}`;
    await sql(from, `CREATE TABLE ${t(from, src)} (${COLUMNS[from]})`);
    await seed(from, src, 1, 200);
    return { src, dst: `md${n}_${from}_${to}` };
  }
  function request(src: string, dst: string, extra: Partial<SyncRequest>): SyncRequest {
    return {
      source: { connection: CONFIGS[from], table: { schema: schemaOf[from], table: src } },
      destination: { connection: CONFIGS[to], table: { schema: schemaOf[to], table: dst } },
      writeMode: 'full_refresh',
      ...extra,
    };
  }

  it('leaves a column out, renames one, overrides a type (listed as lossy), and refuses a type that cannot hold the values', async () => {
    const { src, dst } = await fresh();
    const columnMapping = [
      { source: 'tz', include: false },
      { source: 'note', include: true, name: 'remark' },
      { source: 'ver', include: true, type: 'bigint' },
    ];
    const plan = await planSync({ ...request(src, dst, {}), columnMapping });
    expect(plan.columns.map((column) => column.name)).toEqual(['id', 'ver', 'remark', 'ts']);
    expect(plan.lossyColumns.find((column) => column.column === 'ver')?.reason).toMatch(
      /type set to bigint instead of/,
    );
    await runSync(request(src, dst, { writeMode: 'incremental_merge', cursorColumn: 'ver', columnMapping }));
    expect(await rows(to, dst, ['id', 'ver', 'remark'])).toEqual(await rows(from, src));
    const described = await adminQuery<{ name: string }>(
      to,
      to === 'postgres'
        ? 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position'
        : 'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
      [schemaOf[to], dst],
    );
    expect(described.map((row) => row.name)).toEqual(['id', 'ver', 'remark', 'ts']);
    await expect(
      planSync({
        ...request(src, `${dst}_x`, {}),
        columnMapping: [{ source: 'note', include: true, type: 'integer' }],
      }),
    ).rejects.toMatchObject({
      code: 'SYNC_OPTIONS_INVALID',
      message: expect.stringMatching(/"note": its .* values cannot be written into integer/),
    });
    await expect(
      runSync(
        request(src, `${dst}_y`, {
          writeMode: 'incremental_merge',
          cursorColumn: 'ver',
          columnMapping: [{ source: 'ver', include: false }],
        }),
      ),
    ).rejects.toMatchObject({ code: 'SYNC_OPTIONS_INVALID' });
  });

  it('drift: fail refuses, add_columns adds the new source column, recreate builds the table anew', async () => {
    const { src, dst } = await fresh();
    await runSync(request(src, dst, { writeMode: 'full_merge' }));
    await sql(from, `ALTER TABLE ${t(from, src)} ADD COLUMN extra integer`);
    await sql(from, `UPDATE ${t(from, src)} SET extra = id * 2`);
    const int = expect.stringMatching(/^int/i);
    // Under `fail` the refusal carries the diff, so a failed run records it too.
    await expect(runSync(request(src, dst, { writeMode: 'full_merge' }))).rejects.toMatchObject({
      code: 'DESTINATION_MISMATCH',
      schemaChanges: [
        { column: 'extra', change: 'added', sourceType: int, destinationType: null, action: 'run_failed' },
      ],
    });
    const added = await runSync(request(src, dst, { writeMode: 'full_merge', driftPolicy: 'add_columns' }));
    expect(added.warnings.join(' ')).toMatch(/Schema drift: added column "extra"/);
    expect(added.schemaChanges).toEqual([
      { column: 'extra', change: 'added', sourceType: int, destinationType: null, action: 'column_added' },
    ]);
    expect(await rows(to, dst, ['id', 'extra'])).toEqual(await rows(from, src, ['id', 'extra']));
    const again = await runSync(request(src, dst, { writeMode: 'full_merge', driftPolicy: 'add_columns' }));
    expect(again.schemaChanges).toEqual([]);

    // A column only the destination has (the source dropped it): kept, filled with NULL, under any policy.
    await sql(to, `ALTER TABLE ${t(to, dst)} ADD COLUMN legacy integer`);
    const kept = await runSync(request(src, dst, { writeMode: 'full_merge' }));
    expect(kept.schemaChanges).toEqual([
      { column: 'legacy', change: 'dropped', sourceType: null, destinationType: int, action: 'kept_null' },
    ]);

    // A type change cannot be added: recreate builds the destination from the source again.
    await sql(from, `ALTER TABLE ${t(from, src)} DROP COLUMN extra`);
    await sql(from, `ALTER TABLE ${t(from, src)} ADD COLUMN extra text`);
    await sql(from, `UPDATE ${t(from, src)} SET extra = 'v'`);
    await sql(to, `ALTER TABLE ${t(to, dst)} ADD COLUMN mandatory integer NOT NULL DEFAULT 0`);
    await sql(to, `ALTER TABLE ${t(to, dst)} ALTER COLUMN mandatory DROP DEFAULT`);
    const recreated = await runSync(
      request(src, dst, { writeMode: 'incremental_merge', cursorColumn: 'id', driftPolicy: 'recreate' }),
    );
    expect(recreated.warnings.join(' ')).toMatch(/created anew/);
    expect(recreated.schemaChanges).toEqual([
      { column: 'extra', change: 'type_changed', sourceType: 'text', destinationType: int, action: 'table_recreated' },
      { column: 'legacy', change: 'dropped', sourceType: null, destinationType: int, action: 'table_recreated' },
      {
        column: 'mandatory',
        change: 'dropped',
        sourceType: null,
        destinationType: int,
        action: 'table_recreated',
      },
    ]);
    expect(recreated.watermark).toEqual({ cursor: '200', key: ['200'] });
    expect(await rows(to, dst, ['id', 'ver', 'note', 'extra'])).toEqual(
      await rows(from, src, ['id', 'ver', 'note', 'extra']),
    );
  });
});

describe('write-mode results', () => {
  it('full_refresh counts its rows as inserted', async () => {
    const [from, to] = DIALECT_PAIRS[0]!;
    const src = 'refresh_src';
    await sql(from, `CREATE TABLE ${t(from, src)} (${COLUMNS[from]})`);
    await seed(from, src, 1, 10);
    const result: SyncResult = await runSync({
      source: { connection: CONFIGS[from], table: { schema: schemaOf[from], table: src } },
      destination: { connection: CONFIGS[to], table: { schema: schemaOf[to], table: 'refresh_dst' } },
      writeMode: 'full_refresh',
    });
    expect(result).toMatchObject({ rowsInserted: 10, rowsUpdated: 0, rowsDeleted: 0 });
    expect(result.watermark).toBeUndefined();
  });
});

describe.each(['postgres', 'mysql'] as const)('first runs into one fresh schema at the same moment (→ %s)', (to) => {
  it('all succeed: the run-state table is made once, however many runs race to make it', async () => {
    const from = 'postgres';
    const schema = uniqueName('pc_race');
    const src = `race_src_${to}`;
    await createScratch(to, schema);
    try {
      await sql(from, `CREATE TABLE ${t(from, src)} (${COLUMNS[from]})`);
      await seed(from, src, 1, 10);
      const runs = Array.from({ length: 8 }, (_, i) =>
        runSync({
          source: { connection: CONFIGS[from], table: { schema: schemaOf[from], table: src } },
          destination: { connection: CONFIGS[to], table: { schema, table: `race_${i}` } },
          writeMode: 'append',
        }),
      );
      const outcomes = await Promise.allSettled(runs);
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    } finally {
      await dropScratch(to, schema);
    }
  });
});

describe('a cancel while a MySQL full merge finds missing keys on its second session', () => {
  it('stops both sessions; the destination keeps its rows; the next run cleans up and converges', async () => {
    const src = 'aside_src';
    const dst = 'aside_dst';
    await sql('mysql', `CREATE TABLE ${t('mysql', src)} (${COLUMNS.mysql})`);
    await seed('mysql', src, 1, 300_000);
    const request: SyncRequest = {
      source: { connection: CONFIGS.mysql, table: { schema: schemaOf.mysql, table: src } },
      destination: { connection: CONFIGS.mysql, table: { schema: schemaOf.mysql, table: dst } },
      writeMode: 'full_merge',
      deleteMissing: 'hard',
    };
    await runSync(request);
    await sql('mysql', `DELETE FROM ${t('mysql', src)} WHERE id % 10 = 0`);
    const before = await rows('mysql', dst);
    const prefix = stagingNames({ schema: schemaOf.mysql, table: dst }).mergePrefix;
    /** Statements on the server that read or write this table's merge tables. */
    const onServer = async () =>
      (
        await adminQuery<{ info: string }>(
          'mysql',
          `SELECT INFO AS info FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query' AND LOCATE(?, INFO) > 0`,
          [prefix],
        )
      ).map((row) => row.info);

    const controller = new AbortController();
    const running = runSync({ ...request, signal: controller.signal }).catch((caught: unknown) => caught);
    // Cancel once the second session's pass (`CREATE TABLE …_d … SELECT`) is on the server.
    for (let tries = 0; !(await onServer()).some((info) => /^CREATE TABLE .*_d`/.test(info)); tries += 1) {
      if (tries > 3_000) throw new Error('the missing-keys pass never started');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    controller.abort();
    expect(await running).toMatchObject({ code: 'ABORTED' });
    // Both passes stop: nothing of the run's is left on the server a moment later.
    for (let tries = 0; (await onServer()).length > 0; tries += 1) {
      if (tries > 40) expect(await onServer()).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Its missing keys' table was never completed (a pass that ran on would have made it by now).
    const missingKeys = await adminQuery<{ name: string }>(
      'mysql',
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND LOCATE(?, table_name) = 1 AND table_name LIKE '%\\_d'`,
      [schemaOf.mysql, prefix],
    );
    expect(missingKeys).toEqual([]);
    expect(await rows('mysql', dst)).toEqual(before);

    expect(await runSync(request)).toMatchObject({ rowsDeleted: 30_000, rowsUpdated: 0, rowsInserted: 0 });
    expect(await rows('mysql', dst)).toEqual(await rows('mysql', src));
    const own = await adminQuery<{ name: string }>(
      'mysql',
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND LOCATE(?, table_name) = 1`,
      [schemaOf.mysql, prefix],
    );
    expect(own).toEqual([]);
  });
});
