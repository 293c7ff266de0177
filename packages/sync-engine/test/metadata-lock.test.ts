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

it('describes a table while a DROP DATABASE elsewhere on the server waits for a metadata lock', async () => {
  const connect = () => mysql.createConnection({ host: MY.host, port: MY.port, user: MY.user, password: MY.password ?? '' });
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
    await new Promise((resolve) => setTimeout(resolve, 500));

    const started = Date.now();
    const columns = await listColumns(MY, { schema: mine, table: 't' });
    const tables = await listTables(MY, mine);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(columns.map((column) => [column.name, column.primaryKeyPosition])).toEqual([['a', 2], ['b', null], ['c', 1]]);
    expect(tables.map((table) => table.name)).toEqual(['t']);

    await holder.query('COMMIT');
    await drop;
  } finally {
    await holder.end();
    await dropper.end();
  }
});
