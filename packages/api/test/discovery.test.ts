import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, defaultSchema, dropTable, uniqueName, freePort } from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { createHarness, expectFailure, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe.each(TEST_DIALECTS)('discovery on %s', (dialect) => {
  const table = uniqueName();
  let connectionId: string;

  beforeAll(async () => {
    await createSampleTable(dialect, table, 25);
    connectionId = (await h.caller.connections.create(connectionInput(dialect, uniqueName(dialect)))).id;
  });
  afterAll(async () => {
    await dropTable(dialect, defaultSchema(dialect), table);
  });

  it('lists schemas (system schemas hidden on PostgreSQL, databases on MySQL)', async () => {
    const schemas = await h.caller.discovery.schemas({ connectionId });
    expect(schemas).toContain(defaultSchema(dialect));
    if (dialect === 'postgres') {
      expect(schemas).not.toContain('pg_catalog');
      expect(schemas).not.toContain('information_schema');
      expect(schemas.some((s) => s.startsWith('pg_toast'))).toBe(false);
    } else {
      expect(schemas).not.toContain('mysql');
      expect(schemas).not.toContain('performance_schema');
    }
  });

  it('lists tables with a row estimate', async () => {
    const tables = await h.caller.discovery.tables({ connectionId, schema: defaultSchema(dialect) });
    const mine = tables.find((t) => t.name === table);
    expect(mine).toMatchObject({ name: table, kind: 'table' });
    expect(mine?.rowEstimate === null || typeof mine?.rowEstimate === 'number').toBe(true);
    if (dialect === 'postgres') expect(mine?.rowEstimate).toBe(25);
  });

  it('lists columns with native type, nullability, primary-key position and default', async () => {
    const columns = await h.caller.discovery.columns({ connectionId, schema: defaultSchema(dialect), table });
    expect(columns.map((c) => c.name)).toEqual(['id', 'name', 'amount', 'created']);
    const [id, name, amount, created] = columns;
    expect(id).toMatchObject({ nullable: false, primaryKeyPosition: 1 });
    expect(id?.nativeType).toMatch(/int/);
    expect(name).toMatchObject({ nullable: false, primaryKeyPosition: null, default: null });
    expect(name?.nativeType).toMatch(/varchar|character varying/);
    expect(amount?.nativeType).toMatch(/(numeric|decimal)\(12,2\)/);
    expect(amount?.nullable).toBe(true);
    expect(created?.default).toMatch(/now|current_timestamp/i);
  });

  it('answers TABLE_NOT_FOUND for a missing table', async () => {
    await expectFailure(
      h.caller.discovery.columns({ connectionId, schema: defaultSchema(dialect), table: uniqueName('missing') }),
      { code: 'NOT_FOUND', appCode: 'TABLE_NOT_FOUND' },
    );
  });

  it('maps an unreachable server to CONNECTION_REFUSED (bad gateway)', async () => {
    const dead = await h.caller.connections.create({
      ...connectionInput(dialect, uniqueName('dead')),
      port: await freePort(),
    });
    await expectFailure(h.caller.discovery.schemas({ connectionId: dead.id }), {
      code: 'BAD_GATEWAY',
      appCode: 'CONNECTION_REFUSED',
    });
  });
});

it('answers NOT_FOUND for an unknown connection', async () => {
  await expectFailure(h.caller.discovery.schemas({ connectionId: '00000000-0000-4000-8000-000000000000' }), {
    code: 'NOT_FOUND',
    appCode: 'NOT_FOUND',
  });
});
