import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, defaultSchema, dropScratch, dropTable, uniqueName, TEST_SERVERS } from '@pipecraft/test-support';
import { WRITE_MODE_NAMES } from '@pipecraft/sync-engine/terms';
import { connectionInput, createSampleTable } from './support/databases.js';
import { createHarness, expectFailure, fieldErrorsOf, waitFor, type Harness } from './support/harness.js';

/** What the connection pages and forms need beyond CRUD: draft tests, staleness, usage, schema scope, sizes. */
let h: Harness;
const user = uniqueName('pc_draft_user');
const password = `right-${uniqueName('pw')}`;

beforeAll(async () => {
  h = await createHarness();
  for (const host of ['%', 'localhost']) {
    await adminQuery('mysql', `CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`);
    await adminQuery('mysql', `GRANT SELECT ON \`${defaultSchema('mysql')}\`.* TO '${user}'@'${host}'`);
  }
});
afterAll(async () => {
  for (const host of ['%', 'localhost']) await adminQuery('mysql', `DROP USER IF EXISTS '${user}'@'${host}'`);
  await h?.close();
});

describe('connections.testDraft', () => {
  const draft = () => ({ ...connectionInput('mysql', uniqueName('draft')), username: user });

  it('tests values as typed, wrong password included, and saves nothing', async () => {
    const before = await h.caller.connections.list();
    expect(await h.caller.connections.testDraft({ ...draft(), password: 'wrong' })).toMatchObject({
      ok: false,
      code: 'AUTH_FAILED',
    });
    const right = await h.caller.connections.testDraft({ ...draft(), password });
    expect(right.ok ? 'ok' : right.message).toBe('ok');
    expect((await h.caller.connections.list()).length).toBe(before.length);
  });

  it('uses the stored password for a blank field on edit, and never the stored one for another server', async () => {
    const saved = await h.caller.connections.create({ ...draft(), password });
    const { id: _id, ...typed } = { ...draft(), id: saved.id };
    // Blank password, same server: the stored one is used.
    const kept = await h.caller.connections.testDraft({ ...typed, id: saved.id });
    expect(kept.ok ? 'ok' : kept.message).toBe('ok');
    // "Remove the stored password" ticked: tested without it.
    expect(await h.caller.connections.testDraft({ ...typed, id: saved.id, clearPassword: true })).toMatchObject({
      ok: false,
      code: 'AUTH_FAILED',
    });
    // Another port (or host, user): the stored password stays home, as for update.
    const refused = await expectFailure(h.caller.connections.testDraft({ ...typed, id: saved.id, port: 1 }), {
      appCode: 'VALIDATION_FAILED',
    });
    expect(fieldErrorsOf(refused)).toHaveProperty('password');
    // The draft test leaves the stored connection as it was.
    expect((await h.caller.connections.get({ id: saved.id })).lastTest).toBeNull();
    await h.caller.connections.delete({ id: saved.id });
  });

  it('answers a bad input with field errors, not a 500', async () => {
    const refused = await expectFailure(h.caller.connections.testDraft({ ...draft(), port: 0 }), {
      appCode: 'VALIDATION_FAILED',
    });
    expect(fieldErrorsOf(refused)).toHaveProperty('port');
  });
});

describe('a test result after an edit', () => {
  it('is stale once the address changes, and fresh again after the next test', async () => {
    const c = await h.caller.connections.create(connectionInput('postgres', uniqueName('stale')));
    await h.caller.connections.test({ id: c.id });
    expect((await h.caller.connections.get({ id: c.id })).lastTest).toMatchObject({ ok: true, stale: false });
    // A new name changes nothing about reaching the server.
    await h.caller.connections.update({ id: c.id, name: uniqueName('renamed') });
    expect((await h.caller.connections.get({ id: c.id })).lastTest?.stale).toBe(false);
    await h.caller.connections.update({ id: c.id, database: 'postgres' });
    expect((await h.caller.connections.get({ id: c.id })).lastTest?.stale).toBe(true);
    await h.caller.connections.test({ id: c.id });
    expect((await h.caller.connections.get({ id: c.id })).lastTest?.stale).toBe(false);
    await h.caller.connections.delete({ id: c.id });
  });
});

describe('a connection used by syncs', () => {
  const table = uniqueName();
  beforeAll(() => createSampleTable('postgres', table, 5));
  afterAll(async () => {
    await dropTable('postgres', defaultSchema('postgres'), table);
    await dropTable('postgres', defaultSchema('postgres'), `${table}_copy`);
  });

  it('lists its syncs and the newest finished run using it', async () => {
    const c = await h.caller.connections.create(connectionInput('postgres', uniqueName('used')));
    expect(await h.caller.connections.get({ id: c.id })).toMatchObject({ usedBy: [], lastRun: null });
    const sync = await h.caller.syncs.create({
      name: uniqueName('users'),
      sourceConnectionId: c.id,
      sourceSchema: defaultSchema('postgres'),
      sourceTable: table,
      destinationConnectionId: c.id,
      destinationSchema: defaultSchema('postgres'),
      destinationTable: `${table}_copy`,
      writeMode: WRITE_MODE_NAMES[0],
    });
    const { runId } = await h.caller.runs.start({ syncId: sync.id });
    const detail = await waitFor(async () => {
      const got = await h.caller.connections.get({ id: c.id });
      return got.lastRun ? got : null;
    });
    expect(detail.usedBy).toEqual([{ id: sync.id, name: sync.name }]);
    expect(detail.lastRun).toMatchObject({
      id: runId,
      syncId: sync.id,
      syncName: sync.name,
      ok: true,
      errorCode: null,
    });
    const listed = (await h.caller.connections.list()).find((row) => row.id === c.id);
    expect(listed?.usedBy).toEqual(detail.usedBy);
    expect(listed?.lastRun?.id).toBe(runId);
    await h.caller.syncs.delete({ id: sync.id });
    await h.caller.connections.delete({ id: c.id });
  });
});

describe('discovery scope and sizes', () => {
  const other = uniqueName('pc_other_db');
  const table = uniqueName();
  beforeAll(async () => {
    await adminQuery('mysql', `CREATE DATABASE \`${other}\``);
    await createSampleTable('mysql', table, 10);
  });
  afterAll(async () => {
    await dropScratch('mysql', other);
    await dropTable('mysql', defaultSchema('mysql'), table);
  });

  it("lists only a MySQL connection's own database unless it asks for all", async () => {
    const c = await h.caller.connections.create(connectionInput('mysql', uniqueName('scope')));
    expect(c.listAllSchemas).toBe(false);
    expect(await h.caller.discovery.schemas({ connectionId: c.id })).toEqual([TEST_SERVERS.mysql.database]);
    await h.caller.connections.update({ id: c.id, listAllSchemas: true });
    expect(await h.caller.discovery.schemas({ connectionId: c.id })).toContain(other);
    await h.caller.connections.delete({ id: c.id });
  });

  it('reports table sizes in bytes', async () => {
    const c = await h.caller.connections.create(connectionInput('mysql', uniqueName('size')));
    const tables = await h.caller.discovery.tables({ connectionId: c.id, schema: defaultSchema('mysql') });
    expect(tables.find((t) => t.name === table)?.sizeBytes).toBeGreaterThan(0);
    await h.caller.connections.delete({ id: c.id });
  });
});

describe('a sync into a schema that does not exist yet', () => {
  const table = uniqueName();
  const missing = uniqueName('pc_missing_schema');
  beforeAll(() => createSampleTable('postgres', table, 3));
  afterAll(async () => {
    await dropTable('postgres', defaultSchema('postgres'), table);
    await dropScratch('postgres', missing);
  });

  it('is refused by the preview unless the sync may create it, then created by the run', async () => {
    const c = await h.caller.connections.create(connectionInput('postgres', uniqueName('mkschema')));
    const pair = {
      sourceConnectionId: c.id,
      sourceSchema: defaultSchema('postgres'),
      sourceTable: table,
      destinationConnectionId: c.id,
      destinationSchema: missing,
      destinationTable: 'copy',
    };
    await expectFailure(h.caller.syncs.preview(pair), { appCode: 'SCHEMA_NOT_FOUND' });
    const plan = await h.caller.syncs.preview({ ...pair, createDestinationSchema: true });
    expect(plan.createSchemaDdl).toBe(`CREATE SCHEMA IF NOT EXISTS "${missing}"`);
    const sync = await h.caller.syncs.create({ ...pair, name: uniqueName('mk'), createDestinationSchema: true });
    expect(sync.createDestinationSchema).toBe(true);
    const { runId } = await h.caller.runs.start({ syncId: sync.id });
    const run = await waitFor(async () => {
      const got = await h.caller.runs.get({ id: runId });
      return got.status === 'success' || got.status === 'failed' ? got : null;
    });
    expect(run.error).toBeNull();
    expect(run.rowCount).toBe(3);
    await h.caller.syncs.delete({ id: sync.id });
    await h.caller.connections.delete({ id: c.id });
  });
});
