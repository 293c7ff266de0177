import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSchema, dropTable, uniqueName } from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { createHarness, expectFailure, fieldErrorsOf, type Harness } from './support/harness.js';

let h: Harness;
const table = uniqueName();
let pg: { id: string };
let my: { id: string };
let sourceOnly: { id: string };
let destinationOnly: { id: string };

beforeAll(async () => {
  h = await createHarness();
  await createSampleTable('postgres', table, 10);
  pg = await h.caller.connections.create(connectionInput('postgres', uniqueName('pg')));
  my = await h.caller.connections.create(connectionInput('mysql', uniqueName('my')));
  sourceOnly = await h.caller.connections.create({
    ...connectionInput('postgres', uniqueName('src-only')),
    isDestination: false,
  });
  destinationOnly = await h.caller.connections.create({
    ...connectionInput('mysql', uniqueName('dst-only')),
    isSource: false,
  });
});
afterAll(async () => {
  await dropTable('postgres', defaultSchema('postgres'), table);
  await h?.close();
});

function syncInput(overrides: Record<string, unknown> = {}) {
  return {
    name: uniqueName('sync'),
    sourceConnectionId: pg.id,
    sourceSchema: defaultSchema('postgres'),
    sourceTable: table,
    destinationConnectionId: my.id,
    destinationSchema: defaultSchema('mysql'),
    // Each sync its own destination table: two syncs writing one table are refused.
    destinationTable: uniqueName('copy'),
    writeMode: 'full_refresh' as const,
    ...overrides,
  };
}

describe('syncs', () => {
  it('creates, lists, gets, updates and deletes', async () => {
    const created = await h.caller.syncs.create({
      ...syncInput({ name: 'Orders to MySQL', destinationTable: `${table}_copy` }),
      description: 'Every night',
    });
    expect(created).toMatchObject({
      name: 'Orders to MySQL',
      description: 'Every night',
      source: { connectionId: pg.id, schema: 'public', table },
      destination: { connectionId: my.id, table: `${table}_copy` },
      writeMode: 'full_refresh',
      lastRun: null,
    });
    expect(created.source.connectionName).toMatch(/^pg_/);
    expect((await h.caller.syncs.list()).map((s) => s.id)).toContain(created.id);
    expect(await h.caller.syncs.get({ id: created.id })).toEqual(created);

    const updated = await h.caller.syncs.update({
      id: created.id,
      description: null,
      destinationTable: `${table}_other`,
    });
    expect(updated).toMatchObject({
      name: 'Orders to MySQL',
      description: null,
      destination: { table: `${table}_other` },
    });

    expect(await h.caller.syncs.delete({ id: created.id })).toEqual({ id: created.id });
    await expectFailure(h.caller.syncs.get({ id: created.id }), { code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
  });

  it('keeps retry settings: none by default, set on create and update, bounded', async () => {
    const plain = await h.caller.syncs.create(syncInput());
    expect(plain.retry).toEqual({ count: 0, backoffMs: 30_000 });
    const retried = await h.caller.syncs.create(syncInput({ retryCount: 3, retryBackoffMs: 5_000 }));
    expect(retried.retry).toEqual({ count: 3, backoffMs: 5_000 });
    expect((await h.caller.syncs.update({ id: retried.id, retryCount: 1 })).retry).toEqual({
      count: 1,
      backoffMs: 5_000,
    });
    const error = await expectFailure(h.caller.syncs.update({ id: retried.id, retryCount: 11 }), {
      code: 'BAD_REQUEST',
      appCode: 'VALIDATION_FAILED',
    });
    expect(fieldErrorsOf(error)).toEqual({ retryCount: ['At most 10 retries.'] });
    await h.caller.syncs.delete({ id: plain.id });
    await h.caller.syncs.delete({ id: retried.id });
  });

  it('refuses a duplicate name with a field error', async () => {
    const first = await h.caller.syncs.create(syncInput({ name: 'Duplicate me' }));
    const error = await expectFailure(h.caller.syncs.create(syncInput({ name: 'duplicate ME' })), {
      code: 'CONFLICT',
      appCode: 'NAME_TAKEN',
    });
    expect(fieldErrorsOf(error)).toEqual({ name: [expect.stringMatching(/already exists/)] });
    const second = await h.caller.syncs.create(syncInput());
    await expectFailure(h.caller.syncs.update({ id: second.id, name: 'Duplicate me' }), { appCode: 'NAME_TAKEN' });
    await h.caller.syncs.delete({ id: first.id });
    await h.caller.syncs.delete({ id: second.id });
  });

  it('refuses a source that is not a source and a destination that is not a destination', async () => {
    const notSource = await expectFailure(
      h.caller.syncs.create(syncInput({ sourceConnectionId: destinationOnly.id })),
      {
        code: 'BAD_REQUEST',
        appCode: 'NOT_A_SOURCE',
      },
    );
    expect(fieldErrorsOf(notSource)).toEqual({ sourceConnectionId: [expect.stringMatching(/not marked as a source/)] });
    const notDestination = await expectFailure(
      h.caller.syncs.create(syncInput({ destinationConnectionId: sourceOnly.id })),
      {
        code: 'BAD_REQUEST',
        appCode: 'NOT_A_DESTINATION',
      },
    );
    expect(fieldErrorsOf(notDestination)).toEqual({
      destinationConnectionId: [expect.stringMatching(/not marked as a destination/)],
    });

    // Both at once, with a taken name: every field gets its message.
    const taken = await h.caller.syncs.create(syncInput());
    const all = await expectFailure(
      h.caller.syncs.create(
        syncInput({ name: taken.name, sourceConnectionId: destinationOnly.id, destinationConnectionId: sourceOnly.id }),
      ),
      { code: 'CONFLICT', appCode: 'NAME_TAKEN' },
    );
    expect(Object.keys(fieldErrorsOf(all) ?? {}).sort()).toEqual([
      'destinationConnectionId',
      'name',
      'sourceConnectionId',
    ]);
    await h.caller.syncs.delete({ id: taken.id });
  });

  it('refuses a source table that does not exist (checked on create and update)', async () => {
    const error = await expectFailure(h.caller.syncs.create(syncInput({ sourceTable: uniqueName('missing') })), {
      code: 'NOT_FOUND',
      appCode: 'TABLE_NOT_FOUND',
    });
    expect(fieldErrorsOf(error)).toEqual({ sourceTable: [expect.stringMatching(/was not found/)] });
    const sync = await h.caller.syncs.create(syncInput());
    await expectFailure(h.caller.syncs.update({ id: sync.id, sourceSchema: uniqueName('noschema') }), {
      appCode: 'TABLE_NOT_FOUND',
    });
    await h.caller.syncs.delete({ id: sync.id });
  });

  it('refuses the source table as its own destination, and unknown connections', async () => {
    await expectFailure(
      h.caller.syncs.create(
        syncInput({ destinationConnectionId: pg.id, destinationSchema: 'public', destinationTable: table }),
      ),
      { appCode: 'SAME_TABLE' },
    );
    const unknown = await expectFailure(
      h.caller.syncs.create(syncInput({ destinationConnectionId: '00000000-0000-4000-8000-000000000000' })),
      { code: 'NOT_FOUND', appCode: 'NOT_FOUND' },
    );
    expect(fieldErrorsOf(unknown)).toHaveProperty('destinationConnectionId');
  });

  it('previews the plan for a missing destination without creating it', async () => {
    const input = syncInput();
    const plan = await h.caller.syncs.preview({
      sourceConnectionId: input.sourceConnectionId,
      sourceSchema: input.sourceSchema,
      sourceTable: input.sourceTable,
      destinationConnectionId: input.destinationConnectionId,
      destinationSchema: input.destinationSchema,
      destinationTable: input.destinationTable,
    });
    expect(plan.destinationExists).toBe(false);
    expect(plan.createTableDdl).toMatch(/CREATE TABLE/i);
    expect(plan.columns.map((c) => c.name)).toEqual(['id', 'name', 'amount', 'created']);
    expect(plan.mismatches).toEqual([]);
    const tables = await h.caller.discovery.tables({ connectionId: my.id, schema: defaultSchema('mysql') });
    expect(tables.map((t) => t.name)).not.toContain(input.destinationTable);
  });

  it('answers NOT_FOUND for unknown ids', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    await expectFailure(h.caller.syncs.get({ id }), { code: 'NOT_FOUND' });
    await expectFailure(h.caller.syncs.update({ id, name: 'x' }), { code: 'NOT_FOUND' });
    await expectFailure(h.caller.syncs.delete({ id }), { code: 'NOT_FOUND' });
  });
});
