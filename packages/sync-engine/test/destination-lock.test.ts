import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../src/index.js';
import type { DialectName } from '../src/index.js';
import { adminQuery, createScratch, dropScratch, qualified, selectRows, uniqueName } from '@pipecraft/test-support';
import { syncRequest } from './support/databases.js';

/**
 * Two runs writing one destination table at once (two syncs with the same destination): the
 * second waits on the engine's per-table lock (pg_advisory_lock / GET_LOCK) until the first is
 * done, then refreshes; both succeed and the table ends up holding exactly the second one's rows.
 */
const pgSchema = uniqueName('pc_lock');
const mySchema = uniqueName('pc_lock');
const schemaOf: Record<DialectName, string> = { postgres: pgSchema, mysql: mySchema };
const FIRST_ROWS = 200_000;
const SECOND_ROWS = 1_000;

beforeAll(async () => {
  await createScratch('postgres', pgSchema);
  await createScratch('mysql', mySchema);
  for (const [table, rows, note] of [
    ['first', FIRST_ROWS, 'first'],
    ['second', SECOND_ROWS, 'second'],
  ] as const) {
    await adminQuery(
      'postgres',
      `CREATE TABLE ${qualified('postgres', pgSchema, table)} (id integer PRIMARY KEY, note text)`,
    );
    await adminQuery(
      'postgres',
      `INSERT INTO ${qualified('postgres', pgSchema, table)} SELECT g, $2 FROM generate_series(1, $1::int) g`,
      [rows, note],
    );
  }
});

afterAll(async () => {
  await dropScratch('postgres', pgSchema);
  await dropScratch('mysql', mySchema);
});

/** Waits until a session of ours is blocked on the destination table's lock; throws if none ever is. */
async function waitForLockWaiter(to: DialectName, table: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const rows =
      to === 'postgres'
        ? await adminQuery(
            'postgres',
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'pipecraft' AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE 'SELECT pg_advisory_lock%'",
          )
        : await adminQuery(
            'mysql',
            "SELECT ID FROM information_schema.PROCESSLIST WHERE STATE = 'User lock' AND INFO LIKE CONCAT('%', ?, '%')",
            [createHash('sha1').update(`${mySchema}\u0000${table}`).digest('hex')],
          );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no run ever waited for the lock on ${table}`);
}

describe.each(['postgres', 'mysql'] as const)('two runs into one %s table', (to) => {
  it("take turns: the second waits for the first, both succeed, the second one's rows remain", async () => {
    const table = 'shared';
    await adminQuery(
      to,
      `CREATE TABLE ${qualified(to, schemaOf[to], table)} (id ${to === 'postgres' ? 'integer' : 'int'} PRIMARY KEY, note text)`,
    );
    await adminQuery(to, `INSERT INTO ${qualified(to, schemaOf[to], table)} VALUES (1, 'old')`);
    const finished: string[] = [];

    let firstLoading!: () => void;
    const loading = new Promise<void>((resolve) => (firstLoading = resolve));
    const first = runSync({
      ...syncRequest(schemaOf, 'postgres', to, 'first', table),
      onProgress: () => firstLoading(),
    }).then((result) => {
      finished.push('first');
      return result;
    });
    await loading; // the first run holds the lock and is loading
    const second = runSync(syncRequest(schemaOf, 'postgres', to, 'second', table)).then((result) => {
      finished.push('second');
      return result;
    });
    await waitForLockWaiter(to, table);
    expect(finished).toEqual([]);

    const [a, b] = await Promise.all([first, second]);
    expect(a.rowsWritten).toBe(FIRST_ROWS);
    expect(b.rowsWritten).toBe(SECOND_ROWS);
    expect(finished).toEqual(['first', 'second']);
    const notes = await adminQuery<{ note: string; n: unknown }>(
      to,
      `SELECT note, COUNT(*) AS n FROM ${qualified(to, schemaOf[to], table)} GROUP BY note`,
    );
    expect(notes.map((row) => [row.note, Number(row.n)])).toEqual([['second', SECOND_ROWS]]);
    expect((await selectRows(to, schemaOf[to], table, ['id'])).length).toBe(SECOND_ROWS);
  });
});
