import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createScratch,
  dropScratch,
  myQuote,
  pgQuote,
  selectRows,
  uniqueName,
} from '@pipecraft/test-support';
import { runSync, serverIdentity, tableIdentity, type ConnectionConfig } from '../src/index.js';
import { MY, PG } from './support/databases.js';

/** The same server under its other name: 127.0.0.1 ⇄ localhost. */
function aliasOf(config: ConnectionConfig): ConnectionConfig {
  const host = config.host === 'localhost' ? '127.0.0.1' : config.host === '127.0.0.1' ? 'localhost' : null;
  if (!host) throw new Error(`No alias known for test host ${config.host}`);
  return { ...config, host };
}

const pgSchema = uniqueName('pc_same');
const mySchema = uniqueName('pc_same');
/** 70 characters: PostgreSQL stores its first 63. */
const longName = `t${'x'.repeat(62)}_tail70`;
const storedLong = longName.slice(0, 63);

beforeAll(async () => {
  await createScratch('postgres', pgSchema);
  await createScratch('mysql', mySchema);
  await adminQuery('postgres', `CREATE TABLE ${pgQuote(pgSchema)}.t (id integer PRIMARY KEY)`);
  await adminQuery('postgres', `INSERT INTO ${pgQuote(pgSchema)}.t VALUES (1), (2)`);
  await adminQuery('postgres', `CREATE TABLE ${pgQuote(pgSchema)}.${pgQuote(storedLong)} (id integer PRIMARY KEY)`);
  await adminQuery('postgres', `INSERT INTO ${pgQuote(pgSchema)}.${pgQuote(storedLong)} VALUES (7)`);
  await adminQuery('mysql', `CREATE TABLE ${myQuote(mySchema)}.t (id int PRIMARY KEY)`);
  await adminQuery('mysql', `INSERT INTO ${myQuote(mySchema)}.t VALUES (1), (2)`);
});
afterAll(async () => {
  await dropScratch('postgres', pgSchema);
  await dropScratch('mysql', mySchema);
});

describe('server identity', () => {
  it('is the same for one server reached by two names, and tells databases apart', async () => {
    const [a, b] = await Promise.all([serverIdentity(PG), serverIdentity(aliasOf(PG))]);
    expect(a).toEqual(b);
    expect(a.server).toMatch(/^\d+\/\d+$/);
    const other = await serverIdentity({ ...PG, database: 'template1' });
    expect(other.server).not.toBe(a.server);
    const [m, n] = await Promise.all([serverIdentity(MY), serverIdentity(aliasOf(MY))]);
    expect(m).toEqual(n);
  });

  it('compares names as the server stores them', async () => {
    const identity = await serverIdentity(PG);
    expect(tableIdentity(identity, { schema: 'public', table: longName })).toBe(
      tableIdentity(identity, { schema: 'public', table: storedLong }),
    );
    expect(tableIdentity(identity, { schema: 'public', table: 'T' })).not.toBe(
      tableIdentity(identity, { schema: 'public', table: 't' }),
    );
    // A multi-byte character straddling byte 63 is dropped whole, as PostgreSQL does.
    const wide = `${'a'.repeat(62)}é${'b'.repeat(5)}`;
    expect(tableIdentity(identity, { schema: 'public', table: wide })).toBe(
      tableIdentity(identity, { schema: 'public', table: 'a'.repeat(62) }),
    );
  });
});

describe('runSync refuses the source as its own destination', () => {
  it('through two connections to one PostgreSQL (127.0.0.1 and localhost)', async () => {
    await expect(
      runSync({
        source: { connection: PG, table: { schema: pgSchema, table: 't' } },
        destination: { connection: aliasOf(PG), table: { schema: pgSchema, table: 't' } },
        writeMode: 'full_refresh',
      }),
    ).rejects.toMatchObject({ code: 'DESTINATION_MISMATCH', message: /same table/ });
    expect(await selectRows('postgres', pgSchema, 't', ['id'])).toEqual([['1'], ['2']]);
  });

  it('when a 70-character destination name truncates onto the source name', async () => {
    await expect(
      runSync({
        source: { connection: PG, table: { schema: pgSchema, table: storedLong } },
        destination: { connection: aliasOf(PG), table: { schema: pgSchema, table: longName } },
        writeMode: 'full_refresh',
      }),
    ).rejects.toMatchObject({ code: 'DESTINATION_MISMATCH', message: /same table/ });
    expect(await selectRows('postgres', pgSchema, storedLong, ['id'])).toEqual([['7']]);
  });

  it('through two connections to one MariaDB (127.0.0.1 and localhost)', async () => {
    await expect(
      runSync({
        source: { connection: MY, table: { schema: mySchema, table: 't' } },
        destination: { connection: aliasOf(MY), table: { schema: mySchema, table: 't' } },
        writeMode: 'full_refresh',
      }),
    ).rejects.toMatchObject({ code: 'DESTINATION_MISMATCH', message: /same table/ });
    expect(await selectRows('mysql', mySchema, 't', ['id'])).toEqual([[1], [2]]);
  });

  it('still copies to another table on the same server', async () => {
    const result = await runSync({
      source: { connection: PG, table: { schema: pgSchema, table: 't' } },
      destination: { connection: aliasOf(PG), table: { schema: pgSchema, table: 't_copy' } },
      writeMode: 'full_refresh',
    });
    expect(result.rowsWritten).toBe(2);
  });
});
