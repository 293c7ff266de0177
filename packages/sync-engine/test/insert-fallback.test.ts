import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type mysql from 'mysql2/promise';
import { runSync } from '../src/index.js';
import type { ConnectionConfig, SyncRequest } from '../src/index.js';
import { stagingNames } from '../src/write-modes/staging-names.js';
import { myAdmin, myQuote, startPrivateMariadb, type PrivateServer } from '@pipecraft/test-support';
import { connectionConfig } from './support/databases.js';

/**
 * The INSERT path, chosen the way production chooses it: by auto-detection on a server with
 * `local_infile` off (every MySQL 8 default install). The shared test server keeps its global
 * settings, so this file starts a private MariaDB of its own with `--local-infile=0`; if that
 * server cannot start, the file fails.
 */
let server: PrivateServer;
let config: ConnectionConfig;
const schema = 'test';
const admin = <T>(work: (connection: mysql.Connection) => Promise<T>) => myAdmin(work, { server });
const q = (table: string) => `${myQuote(schema)}.${myQuote(table)}`;

beforeAll(async () => {
  server = await startPrivateMariadb({ serverArgs: ['--local-infile=0'] });
  config = connectionConfig(server, 'mysql');
}, 120_000);

afterAll(async () => {
  await server?.destroy();
});

function request(source: string, destination: string): SyncRequest {
  return {
    source: { connection: config, table: { schema, table: source } },
    destination: { connection: config, table: { schema, table: destination } },
    writeMode: 'full_refresh',
  };
}

/** `rows` rows with a tab/quote/backslash/emoji note (id 7), an empty one (8), NULLs, binary and a point. */
async function createSource(table: string, rows: number): Promise<void> {
  await admin(async (c) => {
    await c.query(`CREATE TABLE ${q(table)} (id int PRIMARY KEY, note text NULL, data blob NULL, pt point NULL)`);
    await c.query('SET SESSION max_recursive_iterations = 1000000'); // the default stops at 1000
    await c.query(
      `INSERT INTO ${q(table)} (id, note, data, pt)
       WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
       SELECT n, CASE n WHEN 7 THEN ? WHEN 8 THEN '' ELSE NULL END, CONCAT(X'00FF', CHAR(n % 256 USING binary)), ST_GeomFromText('POINT(1 2)') FROM seq`,
      [rows, 'tab\t"q" \\ 😀'],
    );
  });
}

async function insertStatements(): Promise<number> {
  return admin(async (c) => {
    const [rows] = await c.query("SHOW GLOBAL STATUS LIKE 'Com_insert'");
    return Number((rows as Array<{ Value: string }>)[0]!.Value);
  });
}

describe('MySQL with local_infile off', () => {
  it('is what the private server runs with', async () => {
    const [rows] = await admin((c) => c.query('SELECT @@GLOBAL.local_infile AS v'));
    expect(Number((rows as Array<{ v: string }>)[0]!.v)).toBe(0);
  });

  it('auto-detects it and refreshes through multi-row INSERT: staging swap, row count, split statements', async () => {
    await createSource('src', 2500);
    await admin((c) =>
      c.query(`CREATE TABLE ${q('dst')} (id int PRIMARY KEY, note text NULL, data blob NULL, pt point NULL)`),
    );
    await admin((c) => c.query(`INSERT INTO ${q('dst')} (id, note) VALUES (1, 'old'), (2, 'old')`));

    const before = await insertStatements();
    const result = await runSync(request('src', 'dst'));
    const statements = (await insertStatements()) - before;

    expect(result).toMatchObject({ method: 'insert', rowsRead: 2500, rowsWritten: 2500, createdTable: false });
    // 4 columns → 1000 rows a statement: 2500 rows need 3 statements, not one giant one.
    expect(statements).toBe(3);
    const rows = await admin(
      async (c) =>
        (
          await c.query({ sql: `SELECT id, note, data, ST_AsText(pt) FROM ${q('dst')} ORDER BY id`, rowsAsArray: true })
        )[0] as unknown[][],
    );
    expect(rows.length).toBe(2500);
    expect(rows[0]).toEqual([1, null, Buffer.from([0, 255, 1]), 'POINT(1 2)']);
    expect(rows[6]).toEqual([7, 'tab\t"q" \\ 😀', Buffer.from([0, 255, 7]), 'POINT(1 2)']);
    expect(rows[7]?.[1]).toBe('');
    expect(rows[8]?.[1]).toBeNull();
    // The swap left nothing behind.
    const [left] = await admin((c) =>
      c.query(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE '\\_pc\\_%'",
        [schema],
      ),
    );
    expect(left).toEqual([]);
  });

  it('refuses to swap when the staging table holds a row the load did not write (ROW_COUNT_MISMATCH)', async () => {
    // Another session slips one row into the staging table while the INSERTs run (CREATE TABLE
    // LIKE copies no triggers, so a trigger cannot play that part as it does on PostgreSQL).
    const rows = 50_000;
    await createSource('src_big', rows);
    await admin((c) =>
      c.query(`CREATE TABLE ${q('dst_mismatch')} (id int PRIMARY KEY, note text NULL, data blob NULL, pt point NULL)`),
    );
    await admin((c) => c.query(`INSERT INTO ${q('dst_mismatch')} (id, note) VALUES (1, 'old'), (2, 'old')`));
    const { stagingPrefix } = stagingNames({ schema, table: 'dst_mismatch' });

    let intruded = false;
    const intruder = admin(async (c) => {
      const deadline = Date.now() + 60_000;
      while (!intruded && Date.now() < deadline) {
        const [found] = await c.query(
          'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND LEFT(TABLE_NAME, ?) = ?',
          [schema, stagingPrefix.length, stagingPrefix],
        );
        const staging = (found as Array<{ t: string }>)[0]?.t;
        if (!staging) continue;
        await c.query(`INSERT INTO ${q(staging)} (id, note) VALUES (?, 'intruder')`, [rows + 1]);
        intruded = true;
      }
    });
    const error = await runSync(request('src_big', 'dst_mismatch')).catch((caught: unknown) => caught);
    await intruder;
    expect(intruded).toBe(true);
    expect(error).toMatchObject({
      code: 'ROW_COUNT_MISMATCH',
      message: expect.stringMatching(new RegExp(`read ${rows}, written ${rows}, counted ${rows + 1}`)),
    });
    const kept = await admin(
      async (c) =>
        (await c.query({ sql: `SELECT id, note FROM ${q('dst_mismatch')} ORDER BY id`, rowsAsArray: true }))[0],
    );
    expect(kept).toEqual([
      [1, 'old'],
      [2, 'old'],
    ]);
  });
});
