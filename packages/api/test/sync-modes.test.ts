import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, defaultSchema, dropTable, qualified, uniqueName } from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { createHarness, expectFailure, fieldErrorsOf, waitFor, type Harness } from './support/harness.js';

/** Write modes through the API: options checked at save, counts per run, the watermark and its reset. */
let h: Harness;
const table = uniqueName();
const copies: string[] = [];
let pg: { id: string };
let my: { id: string };

beforeAll(async () => {
  h = await createHarness();
  await createSampleTable('postgres', table, 50);
  pg = await h.caller.connections.create(connectionInput('postgres', uniqueName('pg')));
  my = await h.caller.connections.create(connectionInput('mysql', uniqueName('my')));
});
afterAll(async () => {
  await dropTable('postgres', defaultSchema('postgres'), table);
  for (const copy of copies) await dropTable('mysql', defaultSchema('mysql'), copy);
  await h?.close();
});

function syncInput(overrides: Record<string, unknown> = {}) {
  const destinationTable = uniqueName('copy');
  copies.push(destinationTable);
  return {
    name: uniqueName('sync'),
    sourceConnectionId: pg.id,
    sourceSchema: defaultSchema('postgres'),
    sourceTable: table,
    destinationConnectionId: my.id,
    destinationSchema: defaultSchema('mysql'),
    destinationTable,
    writeMode: 'incremental_merge' as const,
    cursorColumn: 'created',
    ...overrides,
  };
}

async function run(syncId: string) {
  const { runId } = await h.caller.runs.start({ syncId });
  return waitFor(async () => {
    const found = await h.caller.runs.get({ id: runId });
    return found.status === 'success' || found.status === 'failed' ? found : null;
  });
}

describe('sync write modes', () => {
  it('refuses a cursor mode without a cursor, and a cursor of the wrong type, beside the field', async () => {
    const missing = await expectFailure(h.caller.syncs.create(syncInput({ cursorColumn: null })), {
      code: 'BAD_REQUEST',
    });
    expect(fieldErrorsOf(missing)?.cursorColumn?.[0]).toMatch(/needs a cursor column/);
    const wrongType = await expectFailure(h.caller.syncs.create(syncInput({ cursorColumn: 'name' })), {
      appCode: 'SYNC_OPTIONS_INVALID',
    });
    expect(fieldErrorsOf(wrongType)?.cursorColumn?.[0]).toMatch(/"name" is character varying\(64\); a cursor must be/);
    const unknown = await expectFailure(h.caller.syncs.create(syncInput({ keyColumns: ['nope'] })), {
      appCode: 'SYNC_OPTIONS_INVALID',
    });
    expect(fieldErrorsOf(unknown)?.keyColumns?.[0]).toMatch(/"nope" is not a column/);
  });

  it('runs record inserted/updated counts, the watermark moves, and can be reset and set by hand', async () => {
    const sync = await h.caller.syncs.create(syncInput({ lookbackSeconds: 0 }));
    expect(sync).toMatchObject({ writeMode: 'incremental_merge', cursorColumn: 'created', watermark: null });
    const first = await run(sync.id);
    expect(first).toMatchObject({ status: 'success', rowsInserted: 50, rowsUpdated: 0, rowsDeleted: 0 });
    expect((await h.caller.syncs.get({ id: sync.id })).watermark).toEqual({
      cursor: '2024-01-01 00:50:00',
      key: ['50'],
    });

    await adminQuery(
      'postgres',
      `UPDATE ${qualified('postgres', defaultSchema('postgres'), table)} SET name = 'changed', created = timestamp '2024-02-01 00:00:00' WHERE id = 3`,
    );
    const second = await run(sync.id);
    expect(second).toMatchObject({ status: 'success', rowsInserted: 0, rowsUpdated: 1 });
    expect((await h.caller.syncs.get({ id: sync.id })).watermark).toEqual({
      cursor: '2024-02-01 00:00:00',
      key: ['3'],
    });

    const reset = await h.caller.syncs.resetWatermark({ id: sync.id });
    expect(reset.watermark).toBeNull();
    // Every row read again and upserted: identical, so neither inserted nor updated.
    expect(await run(sync.id)).toMatchObject({ status: 'success', rowsCopied: 50, rowsInserted: 0, rowsUpdated: 0 });

    const set = await h.caller.syncs.setWatermark({
      id: sync.id,
      watermark: { cursor: '2024-01-01 00:45:00', key: ['45'] },
    });
    expect(set.watermark).toEqual({ cursor: '2024-01-01 00:45:00', key: ['45'] });
    expect(await run(sync.id)).toMatchObject({ status: 'success', rowsCopied: 6, rowsUpdated: 0 });
    await expectFailure(h.caller.syncs.setWatermark({ id: sync.id, watermark: { cursor: 'x', key: [] } }), {
      appCode: 'VALIDATION_FAILED',
    });

    // A new cursor column makes the old position meaningless: the watermark goes with it.
    await h.caller.syncs.setWatermark({ id: sync.id, watermark: { cursor: '2024-01-01 00:45:00', key: ['45'] } });
    const changed = await h.caller.syncs.update({ id: sync.id, cursorColumn: 'id' });
    expect(changed).toMatchObject({ cursorColumn: 'id', watermark: null });
  });

  it('previews what the first and the following runs of a mode do', async () => {
    const input = syncInput({ writeMode: 'full_merge', deleteMissing: 'soft' });
    const plan = await h.caller.syncs.preview({
      sourceConnectionId: input.sourceConnectionId,
      sourceSchema: input.sourceSchema,
      sourceTable: input.sourceTable,
      destinationConnectionId: input.destinationConnectionId,
      destinationSchema: input.destinationSchema,
      destinationTable: input.destinationTable,
      writeMode: 'full_merge',
      deleteMissing: 'soft',
    });
    expect(plan.createTableDdl).toContain('`_pipecraft_deleted_at` datetime(6) NULL');
    expect(plan.runs?.next).toMatch(/Upserts every source row on \(id\) and sets _pipecraft_deleted_at/);
  });
});
