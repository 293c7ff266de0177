import mysql from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listColumns, listTables } from '../src/index.js';
import { createScratch, dropScratch, adminQuery, myQuote, uniqueName } from '@pipecraft/test-support';
import { MY } from './support/databases.js';

const busy = uniqueName('pc_mdl_busy');
const mine = uniqueName('pc_mdl_mine');

beforeAll(async () => {
  await createScratch('mysql', busy);
  await createScratch('mysql', mine);
  await adminQuery('mysql', `CREATE TABLE ${myQuote(busy)}.a (id int PRIMARY KEY)`);
  await adminQuery('mysql', `CREATE TABLE ${myQuote(busy)}.held (id int PRIMARY KEY)`);
  await adminQuery('mysql', `CREATE TABLE ${myQuote(busy)}.z (id int PRIMARY KEY)`);
  await adminQuery('mysql', `CREATE TABLE ${myQuote(mine)}.t (a int, b varchar(10), c int, PRIMARY KEY (c, a))`);
});

afterAll(async () => {
  await dropScratch('mysql', busy);
  await dropScratch('mysql', mine);
});

/** Polls the processlist until connection `id` is in `state`; throws with what it saw instead. */
async function waitForState(id: number, state: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let seen: unknown = null;
  while (Date.now() < deadline) {
    const rows = await adminQuery<{ state: string | null; info: string | null }>(
      'mysql',
      'SELECT STATE AS state, INFO AS info FROM information_schema.PROCESSLIST WHERE ID = ?',
      [id],
    );
    seen = rows[0] ?? null;
    if (rows[0]?.state === state) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`connection ${id} never reached "${state}"; last seen: ${JSON.stringify(seen)}`);
}

it('describes a table while a DROP DATABASE elsewhere on the server waits for a metadata lock', async () => {
  const connect = () =>
    mysql.createConnection({ host: MY.host, port: MY.port, user: MY.user, password: MY.password ?? '' });
  const holder = await connect();
  const dropper = await connect();
  try {
    // An open transaction that read `held` keeps its metadata lock; the DROP then waits for it
    // while holding exclusive locks on the other tables (`a`, `z`) it has already taken. A
    // query that opens every table on the server (the old joined column query) waited behind
    // those until lock_wait_timeout; one filtered to our table does not.
    await holder.query('START TRANSACTION');
    await holder.query(`SELECT * FROM ${myQuote(busy)}.held`);
    const drop = dropper.query(`DROP DATABASE ${myQuote(busy)}`);
    drop.catch(() => undefined); // awaited below; a failure before then must not go unhandled
    // Not a sleep: the server itself must show the DROP waiting for the metadata lock.
    await waitForState(dropper.threadId, 'Waiting for table metadata lock');

    const started = Date.now();
    const columns = await listColumns(MY, { schema: mine, table: 't' });
    const tables = await listTables(MY, mine);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(columns.map((column) => [column.name, column.primaryKeyPosition])).toEqual([
      ['a', 2],
      ['b', null],
      ['c', 1],
    ]);
    expect(tables.map((table) => table.name)).toEqual(['t']);

    await holder.query('COMMIT');
    await drop;
  } finally {
    await holder.end();
    await dropper.end();
  }
});
