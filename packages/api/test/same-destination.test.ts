import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSchema, dropTable, TEST_SERVERS, uniqueName, type TestDialect } from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { createHarness, expectFailure, fieldErrorsOf, type Harness } from './support/harness.js';

/** The test server of `dialect` under its other name: 127.0.0.1 ⇄ localhost. */
function aliasInput(dialect: TestDialect, name: string) {
  const host = TEST_SERVERS[dialect].host;
  const alias = host === 'localhost' ? '127.0.0.1' : host === '127.0.0.1' ? 'localhost' : null;
  if (!alias) throw new Error(`No alias known for test host ${host}`);
  return { ...connectionInput(dialect, name), host: alias };
}

let h: Harness;
const pgTable = uniqueName('same');
const myTable = uniqueName('same');
/** A source whose name is exactly PostgreSQL's 63 bytes, and a 70-character name that truncates onto it. */
const stored63 = `${uniqueName('long')}_`.padEnd(63, 'x');
const long70 = `${stored63}_tail70`;
const ids: Record<'pg' | 'pgAlias' | 'my' | 'myAlias' | 'unreachable', string> = {
  pg: '',
  pgAlias: '',
  my: '',
  myAlias: '',
  unreachable: '',
};
const pgSchema = defaultSchema('postgres');
const mySchema = defaultSchema('mysql');

beforeAll(async () => {
  h = await createHarness({ connectTimeoutMs: 2_000 });
  await createSampleTable('postgres', pgTable, 3);
  await createSampleTable('postgres', stored63, 3);
  await createSampleTable('mysql', myTable, 3);
  ids.pg = (await h.caller.connections.create(connectionInput('postgres', uniqueName('pg')))).id;
  ids.pgAlias = (await h.caller.connections.create(aliasInput('postgres', uniqueName('pg-alias')))).id;
  ids.my = (await h.caller.connections.create(connectionInput('mysql', uniqueName('my')))).id;
  ids.myAlias = (await h.caller.connections.create(aliasInput('mysql', uniqueName('my-alias')))).id;
  // Nothing listens on port 1: the destination cannot be asked who it is.
  ids.unreachable = (
    await h.caller.connections.create({ ...connectionInput('postgres', uniqueName('down')), port: 1 })
  ).id;
});
afterAll(async () => {
  await dropTable('postgres', pgSchema, pgTable);
  await dropTable('postgres', pgSchema, stored63);
  await dropTable('mysql', mySchema, myTable);
  await h?.close();
});

function pgSync(overrides: Record<string, unknown>) {
  return {
    name: uniqueName('sync'),
    sourceConnectionId: ids.pg,
    sourceSchema: pgSchema,
    sourceTable: pgTable,
    destinationConnectionId: ids.pgAlias,
    destinationSchema: pgSchema,
    destinationTable: `${pgTable}_copy`,
    writeMode: 'full_refresh' as const,
    ...overrides,
  };
}

describe('the destination, judged by server identity at save time', () => {
  it('refuses the source table reached through another connection (PostgreSQL 127.0.0.1 vs localhost)', async () => {
    const error = await expectFailure(h.caller.syncs.create(pgSync({ destinationTable: pgTable })), {
      code: 'BAD_REQUEST',
      appCode: 'SAME_TABLE',
    });
    expect(fieldErrorsOf(error)).toEqual({
      destinationTable: [
        expect.stringMatching(/is the source table itself \(connections .* reach the same database\)/),
      ],
    });
  });

  it('refuses a 70-character destination name that PostgreSQL truncates onto the source name', async () => {
    expect(Buffer.byteLength(stored63)).toBe(63);
    await expectFailure(h.caller.syncs.create(pgSync({ sourceTable: stored63, destinationTable: long70 })), {
      appCode: 'SAME_TABLE',
    });
  });

  it('refuses a second sync writing the same table under another long name, naming the first', async () => {
    const first = await h.caller.syncs.create(pgSync({ destinationTable: `${stored63}_one` }));
    const error = await expectFailure(
      h.caller.syncs.create(pgSync({ destinationConnectionId: ids.pg, destinationTable: `${stored63}_two` })),
      { code: 'CONFLICT', appCode: 'DESTINATION_TAKEN' },
    );
    expect(fieldErrorsOf(error)).toEqual({
      destinationTable: [expect.stringContaining(`Sync "${first.name}" already writes`)],
    });
    // Moving another sync onto that table is refused the same way; other tables stay free.
    const second = await h.caller.syncs.create(pgSync({ destinationTable: `${pgTable}_second` }));
    await expectFailure(h.caller.syncs.update({ id: second.id, destinationTable: `${stored63}_three` }), {
      appCode: 'DESTINATION_TAKEN',
    });
    // Renaming the first sync does not trip over its own destination.
    await h.caller.syncs.update({ id: first.id, name: uniqueName('renamed') });
    await h.caller.syncs.delete({ id: second.id });
    await h.caller.syncs.delete({ id: first.id });
  });

  it('refuses the source table reached through another connection (MariaDB 127.0.0.1 vs localhost)', async () => {
    const error = await expectFailure(
      h.caller.syncs.create({
        name: uniqueName('sync'),
        sourceConnectionId: ids.my,
        sourceSchema: mySchema,
        sourceTable: myTable,
        destinationConnectionId: ids.myAlias,
        destinationSchema: mySchema,
        destinationTable: myTable,
        writeMode: 'full_refresh',
      }),
      { appCode: 'SAME_TABLE' },
    );
    expect(fieldErrorsOf(error)).toHaveProperty('destinationTable');
  });

  it('saves when the destination server cannot be reached (the run checks again)', async () => {
    const sync = await h.caller.syncs.create(
      pgSync({ destinationConnectionId: ids.unreachable, destinationTable: pgTable }),
    );
    expect(sync.destination.table).toBe(pgTable);
    await h.caller.syncs.delete({ id: sync.id });
  });
});
