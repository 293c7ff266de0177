import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync, type ConnectionConfig, type SyncRequest } from '../src/index.js';
import { adminQuery, myQuote, pgQuote, uniqueName } from '@pipecraft/test-support';
import { MY, PG } from './support/databases.js';

/**
 * Issue 9: a destination the run's user may not use is PERMISSION_DENIED naming the object, never
 * "the schema does not exist". The source is read as the admin; the destination is written as a
 * user without privileges on the destination's schema.
 */
const user = `pc_priv_${process.pid}`;
const password = 'Priv-S3cret-pw';
const source = uniqueName('pc_priv_src');
const pgSchema = uniqueName('pc_priv');
const myDatabase = uniqueName('pc_priv');

beforeAll(async () => {
  await adminQuery('postgres', `CREATE TABLE public.${pgQuote(source)} (id int PRIMARY KEY, note text)`);
  await adminQuery('postgres', `INSERT INTO public.${pgQuote(source)} VALUES (1, 'a'), (2, 'b')`);
  await adminQuery('postgres', `CREATE ROLE ${pgQuote(user)} LOGIN`);
  await adminQuery('postgres', `CREATE SCHEMA ${pgQuote(pgSchema)}`);
  await adminQuery('mysql', `CREATE DATABASE ${myQuote(myDatabase)}`);
  for (const host of ['%', 'localhost']) {
    await adminQuery('mysql', `CREATE USER IF NOT EXISTS '${user}'@'${host}' IDENTIFIED BY '${password}'`);
    await adminQuery('mysql', `GRANT SELECT ON test.* TO '${user}'@'${host}'`);
  }
});

afterAll(async () => {
  await adminQuery('postgres', `DROP TABLE IF EXISTS public.${pgQuote(source)}`);
  await adminQuery('postgres', `DROP SCHEMA IF EXISTS ${pgQuote(pgSchema)} CASCADE`);
  await adminQuery('postgres', `DROP ROLE IF EXISTS ${pgQuote(user)}`);
  await adminQuery('mysql', `DROP DATABASE IF EXISTS ${myQuote(myDatabase)}`);
  for (const host of ['%', 'localhost']) await adminQuery('mysql', `DROP USER IF EXISTS '${user}'@'${host}'`);
});

function request(destination: ConnectionConfig, schema: string): SyncRequest {
  return {
    source: { connection: PG, table: { schema: 'public', table: source } },
    destination: { connection: destination, table: { schema, table: 'copy' } },
    writeMode: 'full_refresh',
  };
}

describe('a destination the user may not write', () => {
  it('PostgreSQL: PERMISSION_DENIED naming the schema', async () => {
    const error = await runSync(request({ ...PG, user }, pgSchema)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'EngineError', code: 'PERMISSION_DENIED' });
    expect((error as Error).message).toContain(pgSchema);
  });

  it('MariaDB: PERMISSION_DENIED naming the database, not "does not exist"', async () => {
    const error = await runSync(request({ ...MY, user, password }, myDatabase)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'EngineError', code: 'PERMISSION_DENIED' });
    expect((error as Error).message).toContain(myDatabase);
    expect((error as Error).message).not.toMatch(/does not exist/);
  });

  it('MariaDB: a database that really is missing is still SCHEMA_NOT_FOUND for a user who may see it', async () => {
    const error = await runSync(request(MY, `${myDatabase}_missing`)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'EngineError', code: 'SCHEMA_NOT_FOUND' });
  });
});
