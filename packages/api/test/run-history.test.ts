import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_PHASES } from '@pipecraft/sync-engine/terms';
import { defaultSchema, dropTable, pgAdmin, pgQuote, uniqueName, type TestDialect } from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { createHarness, expectFailure, waitFor, type Harness } from './support/harness.js';

/** Run records (steps, rows read, the configuration at start, hints) and the searchable history. */
let h: Harness;
const connections = new Map<TestDialect, string>();
const tables: Array<[TestDialect, string]> = [];

beforeAll(async () => {
  h = await createHarness();
  for (const dialect of ['postgres', 'mysql'] as const) {
    connections.set(dialect, (await h.caller.connections.create(connectionInput(dialect, uniqueName(dialect)))).id);
  }
});
afterAll(async () => {
  await h?.close();
  for (const [dialect, table] of tables) await dropTable(dialect, defaultSchema(dialect), table);
});

async function syncOf(from: TestDialect, to: TestDialect, rows: number) {
  const table = uniqueName();
  tables.push([from, table], [to, `${table}_copy`]);
  await createSampleTable(from, table, rows);
  return h.caller.syncs.create({
    name: uniqueName(`${from}-${to}`),
    sourceConnectionId: connections.get(from)!,
    sourceSchema: defaultSchema(from),
    sourceTable: table,
    destinationConnectionId: connections.get(to)!,
    destinationSchema: defaultSchema(to),
    destinationTable: `${table}_copy`,
  });
}

async function runToEnd(syncId: string) {
  const { runId } = await h.caller.runs.start({ syncId });
  return waitFor(async () => {
    const run = await h.caller.runs.get({ id: runId });
    return run.status === 'success' || run.status === 'failed' ? run : null;
  });
}

describe.each([
  ['postgres', 'mysql'],
  ['mysql', 'postgres'],
] as const)('a run %s → %s', (from, to) => {
  it('records every step in order with its timing, rows read, the estimate and the configuration at start', async () => {
    const sync = await syncOf(from, to, 30);
    const run = await runToEnd(sync.id);
    expect(run).toMatchObject({ status: 'success', rowsCopied: 30, rowsRead: 30, phase: null, error: null });
    expect(run.phases.map((step) => step.phase)).toEqual([...RUN_PHASES]);
    for (const step of run.phases) {
      expect(step.startedAt.getTime()).toBeGreaterThanOrEqual(run.startedAt!.getTime());
      expect(step.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(run.progress?.rowEstimate).toBeGreaterThan(0);
    // Edit the sync: the run keeps what it ran with.
    await h.caller.syncs.update({ id: sync.id, name: uniqueName('renamed'), destinationTable: uniqueName('other') });
    const again = await h.caller.runs.get({ id: run.id });
    expect(again.config).toEqual({
      syncName: sync.name,
      writeMode: 'full_refresh',
      source: {
        connectionId: connections.get(from),
        connectionName: sync.source.connectionName,
        dialect: from,
        schema: sync.source.schema,
        table: sync.source.table,
      },
      destination: {
        connectionId: connections.get(to),
        connectionName: sync.destination.connectionName,
        dialect: to,
        schema: sync.destination.schema,
        table: sync.destination.table,
      },
    });
  });
});

describe('a run waiting for a lock', () => {
  it('says so: step `lock` and who holds it, until the holder lets go', async () => {
    const sync = await syncOf('postgres', 'postgres', 20);
    expect((await runToEnd(sync.id)).status).toBe('success');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const live = `${pgQuote(sync.destination.schema)}.${pgQuote(sync.destination.table)}`;
    // A reader's open transaction: the refresh's TRUNCATE must wait for it.
    const holder = pgAdmin(async (client) => {
      await client.query('BEGIN');
      await client.query(`SELECT count(*) FROM ${live}`);
      locked();
      await released;
      await client.query('ROLLBACK');
    });
    await holding;
    try {
      const { runId } = await h.caller.runs.start({ syncId: sync.id });
      const waiting = await waitFor(async () => {
        const run = await h.caller.runs.get({ id: runId });
        return run.phase === 'lock' && run.detail ? run : null;
      }, 15_000);
      expect(waiting.detail).toMatch(/lock/i);
      expect(waiting.status).toBe('running');
    } finally {
      release();
      await holder;
    }
    const [last] = (await h.caller.runs.list({ syncId: sync.id, limit: 1 })).items;
    const done = await waitFor(async () => {
      const run = await h.caller.runs.get({ id: last!.id });
      return run.status === 'success' ? run : null;
    });
    expect(done.phase).toBeNull();
    expect(done.detail).toBeNull();
    expect(done.phases.map((step) => step.phase)).toContain('lock');
  });
});

describe('history', () => {
  it('a failed run says 0 rows written, with its code, message and a hint', async () => {
    const sync = await syncOf('postgres', 'mysql', 3);
    await dropTable('postgres', defaultSchema('postgres'), sync.source.table);
    const run = await runToEnd(sync.id);
    expect(run).toMatchObject({ status: 'failed', rowsCopied: 0, rowCount: null });
    expect(run.error).toMatchObject({ code: 'TABLE_NOT_FOUND', hint: expect.stringMatching(/edit the sync/i) });
    expect(run.phases.at(-1)?.phase).toBe('plan');
  });

  it('filters across syncs by status, sync, connection and time range; sorts; pages', async () => {
    const good = await syncOf('mysql', 'mysql', 5);
    const bad = await syncOf('mysql', 'postgres', 2);
    const ok1 = await runToEnd(good.id);
    const ok2 = await runToEnd(good.id);
    await dropTable('mysql', defaultSchema('mysql'), bad.source.table);
    const failed = await runToEnd(bad.id);
    expect([ok1.status, ok2.status, failed.status]).toEqual(['success', 'success', 'failed']);
    const since = ok1.createdAt;
    const mine = (page: { items: Array<{ id: string }> }) =>
      page.items.map((run) => run.id).filter((id) => [ok1.id, ok2.id, failed.id].includes(id));

    expect(mine(await h.caller.runs.list({ from: since, limit: 100 }))).toEqual([failed.id, ok2.id, ok1.id]);
    expect(mine(await h.caller.runs.list({ from: since, status: ['failed'], limit: 100 }))).toEqual([failed.id]);
    const onlyFailed = await h.caller.runs.list({ status: ['failed'], limit: 100 });
    expect(onlyFailed.items.every((run) => run.status === 'failed')).toBe(true);
    expect(mine(await h.caller.runs.list({ syncId: good.id }))).toEqual([ok2.id, ok1.id]);
    // The PostgreSQL connection was used only by the failed run (as its destination).
    expect(mine(await h.caller.runs.list({ from: since, connectionId: connections.get('postgres')! }))).toEqual([
      failed.id,
    ]);
    expect(mine(await h.caller.runs.list({ from: since, to: ok2.createdAt }))).toEqual([ok1.id]);
    expect(
      mine(await h.caller.runs.list({ from: since, sort: { by: 'createdAt', direction: 'asc' }, limit: 100 })),
    ).toEqual([ok1.id, ok2.id, failed.id]);
    const page = await h.caller.runs.list({ from: since, limit: 1, cursor: 1 });
    expect(page).toMatchObject({ total: 3, nextCursor: 2 });
    expect(page.items.map((run) => run.id)).toEqual([ok2.id]);

    await expectFailure(h.caller.runs.list({ from: ok2.createdAt, to: ok1.createdAt }), {
      appCode: 'VALIDATION_FAILED',
      message: /after its start/,
    });
    await expectFailure(h.caller.runs.list({ status: ['exploded' as 'failed'] }), { appCode: 'VALIDATION_FAILED' });
  });
});
