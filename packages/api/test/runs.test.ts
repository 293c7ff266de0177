import { describe, expect, it } from 'vitest';
import { Sync, SyncRun } from '@pipecraft/store';
import {
  adminQuery,
  countRows,
  DIALECT_PAIRS,
  defaultSchema,
  dropTable,
  quote,
  uniqueName,
  type TestDialect,
} from '@pipecraft/test-support';
import { createSampleTable, harnessWithConnections } from './support/databases.js';
import { expectFailure, waitFor } from './support/harness.js';

const fixture = harnessWithConnections();
const { connections, tables } = fixture;

async function sourceTable(dialect: TestDialect, rows: number): Promise<string> {
  const table = uniqueName();
  tables.push([dialect, table]);
  await createSampleTable(dialect, table, rows);
  return table;
}

async function createSync(from: TestDialect, table: string, to: TestDialect) {
  const destinationTable = `${table}_to_${to}`;
  tables.push([to, destinationTable]);
  return fixture.h.caller.syncs.create({
    name: uniqueName(`${from}-${to}`),
    sourceConnectionId: connections.get(from)!,
    sourceSchema: defaultSchema(from),
    sourceTable: table,
    destinationConnectionId: connections.get(to)!,
    destinationSchema: defaultSchema(to),
    destinationTable,
    writeMode: 'full_refresh',
  });
}

async function finished(runId: string) {
  return waitFor(async () => {
    const run = await fixture.h.caller.runs.get({ id: runId });
    return run.status === 'success' || run.status === 'failed' ? run : null;
  });
}

describe.each(DIALECT_PAIRS)('a run %s → %s', (from, to) => {
  it('creates the destination when missing, then empties and refills it', async () => {
    const table = await sourceTable(from, 42);
    const sync = await createSync(from, table, to);

    const { runId } = await fixture.h.caller.runs.start({ syncId: sync.id });
    const first = await finished(runId);
    expect(first.error).toBeNull();
    expect(first).toMatchObject({
      status: 'success',
      rowCount: 42,
      rowsCopied: 42,
      syncId: sync.id,
      syncName: sync.name,
    });
    expect(first.startedAt).toBeInstanceOf(Date);
    expect(first.finishedAt!.getTime()).toBeGreaterThanOrEqual(first.startedAt!.getTime());
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    expect(await countRows(to, defaultSchema(to), sync.destination.table)).toBe(42);

    // A stray destination row must be gone after the next run (truncate + insert).
    await adminQuery(to, `INSERT INTO ${quote(to, sync.destination.table)} (id, name) VALUES (9999, 'stray')`);
    const second = await finished((await fixture.h.caller.runs.start({ syncId: sync.id })).runId);
    expect(second).toMatchObject({ status: 'success', rowCount: 42 });
    expect(await countRows(to, defaultSchema(to), sync.destination.table)).toBe(42);

    expect((await fixture.h.caller.syncs.get({ id: sync.id })).lastRun?.id).toBe(second.id);
  });
});

/** Enough rows that a PostgreSQL → PostgreSQL run lasts well over the harness's 100 ms progress interval. */
const PROGRESS_ROWS = 600_000;

describe('runs', () => {
  it('allows one active run per sync: a concurrent start gets CONFLICT naming the active run', async () => {
    const table = await sourceTable('postgres', PROGRESS_ROWS);
    const sync = await createSync('postgres', table, 'postgres');

    const attempts = await Promise.allSettled([
      fixture.h.caller.runs.start({ syncId: sync.id }),
      fixture.h.caller.runs.start({ syncId: sync.id }),
      fixture.h.caller.runs.start({ syncId: sync.id }),
    ]);
    const started = attempts.filter((a): a is PromiseFulfilledResult<{ runId: string }> => a.status === 'fulfilled');
    expect(started).toHaveLength(1);
    const runId = started[0]!.value.runId;
    for (const attempt of attempts.filter((a) => a.status === 'rejected')) {
      await expectFailure(Promise.reject(attempt.reason), {
        code: 'CONFLICT',
        appCode: 'RUN_ALREADY_ACTIVE',
        message: new RegExp(runId),
      });
    }
    await expectFailure(fixture.h.caller.syncs.delete({ id: sync.id }), {
      code: 'CONFLICT',
      appCode: 'RUN_ALREADY_ACTIVE',
    });

    // Live progress reaches the store while the run is active: a run that ends before any
    // non-zero progress was read back fails the test (the harness writes progress every 100 ms).
    const progressed = await waitFor(
      async () => {
        const run = await fixture.h.caller.runs.get({ id: runId });
        if (run.status !== 'running' && run.status !== 'pending')
          throw new Error(`run ended (${run.status}) before progress reached the store`);
        return run.status === 'running' && run.rowsCopied > 0 ? run : null;
      },
      60_000,
      20,
    );
    expect(progressed.rowsCopied).toBeLessThan(PROGRESS_ROWS);
    expect(progressed.rowsPerSecond).toBeGreaterThan(0);

    const done = await finished(runId);
    expect(done).toMatchObject({ status: 'success', rowCount: PROGRESS_ROWS, rowsCopied: PROGRESS_ROWS });
    expect(done.rowsPerSecond).toBeGreaterThan(0);

    // Once finished, a new start is accepted again.
    const again = await fixture.h.caller.runs.start({ syncId: sync.id });
    expect(again.runId).not.toBe(runId);
    await finished(again.runId);
  });

  it("lists a sync's runs newest first, paginated, and recent runs across syncs", async () => {
    const table = await sourceTable('mysql', 5);
    const sync = await createSync('mysql', table, 'mysql');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { runId } = await fixture.h.caller.runs.start({ syncId: sync.id });
      await finished(runId);
      ids.push(runId);
    }
    const page1 = await fixture.h.caller.runs.list({ syncId: sync.id, limit: 2 });
    expect(page1.total).toBe(3);
    expect(page1.items.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(page1.nextCursor).toBe(2);
    const page2 = await fixture.h.caller.runs.list({ syncId: sync.id, limit: 2, cursor: page1.nextCursor });
    // A cursor beyond any real offset is a field error, not a 500 (odd input).
    await expectFailure(fixture.h.caller.runs.list({ syncId: sync.id, cursor: 2 ** 63 }), {
      appCode: 'VALIDATION_FAILED',
    });
    expect(page2.items.map((r) => r.id)).toEqual([ids[0]]);
    expect(page2.nextCursor).toBeNull();

    const recent = await fixture.h.caller.runs.recent({ limit: 2 });
    expect(recent.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect((await fixture.h.caller.runs.recent()).length).toBeLessThanOrEqual(10);
  });

  it("records a failed run with the engine's code and message", async () => {
    const table = await sourceTable('postgres', 3);
    const sync = await createSync('postgres', table, 'mysql');
    await dropTable('postgres', defaultSchema('postgres'), table);
    const run = await finished((await fixture.h.caller.runs.start({ syncId: sync.id })).runId);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('TABLE_NOT_FOUND');
    expect(run.error?.message).toMatch(table);
    expect(run.rowCount).toBeNull();
  });

  it('answers NOT_FOUND for unknown runs and syncs', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    await expectFailure(fixture.h.caller.runs.get({ id }), { code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
    await expectFailure(fixture.h.caller.runs.start({ syncId: id }), { code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
  });

  it('on shutdown aborts an active run and records it failed; the destination keeps its rows', async () => {
    const table = await sourceTable('postgres', 300_000);
    const sync = await createSync('postgres', table, 'mysql');
    await finished((await fixture.h.caller.runs.start({ syncId: sync.id })).runId);
    await adminQuery('mysql', `DELETE FROM ${quote('mysql', sync.destination.table)} WHERE id > 10`);

    const { runId } = await fixture.h.caller.runs.start({ syncId: sync.id });
    await waitFor(async () => (await fixture.h.caller.runs.get({ id: runId })).status === 'running', 30_000, 20);
    await fixture.h.runner.shutdown();
    const run = await fixture.h.caller.runs.get({ id: runId });
    expect(run.status).toBe('failed');
    expect(run.error).toEqual({
      code: 'INTERRUPTED',
      message: 'PipeCraft stopped while this run was active; the destination kept its previous rows.',
      hint: expect.stringMatching(/run again/i),
    });
    expect(await countRows('mysql', defaultSchema('mysql'), sync.destination.table)).toBe(10);
    await expectFailure(fixture.h.caller.runs.start({ syncId: sync.id }), {
      code: 'SERVICE_UNAVAILABLE',
      appCode: 'SHUTTING_DOWN',
    });
    await fixture.h.restart();
  });

  it('after a crash, settles runs left running by what the destination holds on the next start', async () => {
    const table = await sourceTable('mysql', 3);
    const sync = await createSync('mysql', table, 'postgres');
    const em = fixture.h.store.em();
    const orphan = em.create(SyncRun, {
      sync: em.getReference(Sync, sync.id),
      status: 'running',
      rowsCopied: 7,
      startedAt: new Date(),
    });
    await em.flush();
    expect((await fixture.h.caller.runs.get({ id: orphan.id })).status).toBe('running');
    await expectFailure(fixture.h.caller.runs.start({ syncId: sync.id }), {
      appCode: 'RUN_ALREADY_ACTIVE',
      message: new RegExp(orphan.id),
    });

    await fixture.h.restart();
    const run = await fixture.h.caller.runs.get({ id: orphan.id });
    expect(run).toMatchObject({
      status: 'failed',
      // What the crashed run had counted was read, not written: none of it landed.
      rowsCopied: 0,
      rowsRead: 7,
      error: {
        code: 'INTERRUPTED',
        // Checked against the destination's run marker, not guessed.
        message: expect.stringMatching(
          /^PipeCraft stopped while this run was active; checked at the next start, .+ kept its previous rows \(it holds no rows of this run\)\.$/,
        ),
      },
    });
    expect(run.finishedAt).toBeInstanceOf(Date);
    // And the sync can run again.
    expect((await finished((await fixture.h.caller.runs.start({ syncId: sync.id })).runId)).status).toBe('success');
  });
});

describe('values changed under a declared policy', () => {
  it('are on the run record, structured: column, policy, count and the first row’s key', async () => {
    const table = uniqueName();
    tables.push(['mysql', table]);
    await adminQuery(
      'mysql',
      `CREATE TABLE ${quote('mysql', defaultSchema('mysql'))}.${quote('mysql', table)} (id int PRIMARY KEY, t text)`,
    );
    await adminQuery(
      'mysql',
      `INSERT INTO ${quote('mysql', defaultSchema('mysql'))}.${quote('mysql', table)} VALUES (1, 'ok'), (7, ?), (9, ?)`,
      ['a\u0000b', '\u0000'],
    );
    const sync = await createSync('mysql', table, 'postgres');
    const { runId } = await fixture.h.caller.runs.start({ syncId: sync.id });
    const run = await finished(runId);
    expect(run.status).toBe('success');
    expect(run.valueWarnings).toEqual([
      {
        column: 't',
        policy: 'nul-stripped',
        description: expect.stringMatching(/NUL characters/),
        count: 2,
        sampleKey: 'id=7',
      },
    ]);
    expect(run.warnings).toEqual([expect.stringMatching(/^Column "t": NUL .*\(2 values, first at id=7\)$/)]);
  });
});

describe('schema drift', () => {
  it('is on the run record: refused under fail, handled under add_columns, and listed by withSchemaChanges', async () => {
    const table = uniqueName('pcui_drift');
    tables.push(['postgres', table]);
    await createSampleTable('postgres', table, 3);
    const sync = await createSync('postgres', table, 'mysql');
    expect((await finished((await fixture.h.caller.runs.start({ syncId: sync.id })).runId)).schemaChanges).toEqual([]);
    await adminQuery(
      'postgres',
      `ALTER TABLE ${quote('postgres', defaultSchema('postgres'))}.${quote('postgres', table)} ADD COLUMN extra integer`,
    );

    const refused = await finished((await fixture.h.caller.runs.start({ syncId: sync.id })).runId);
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'DESTINATION_MISMATCH' } });
    const change = { column: 'extra', change: 'added', sourceType: 'integer', destinationType: null };
    expect(refused.schemaChanges).toEqual([
      { ...change, action: 'run_failed', description: expect.stringMatching(/not changed/) },
    ]);

    await fixture.h.caller.syncs.update({ id: sync.id, driftPolicy: 'add_columns' });
    const handled = await finished((await fixture.h.caller.runs.start({ syncId: sync.id })).runId);
    expect(handled.status).toBe('success');
    expect(handled.schemaChanges).toEqual([
      { ...change, action: 'column_added', description: expect.stringMatching(/ALTER TABLE/) },
    ]);
    expect(handled.warnings).toContainEqual(expect.stringMatching(/^Schema drift: added column "extra"/));
    await fixture.h.caller.runs.start({ syncId: sync.id }).then(({ runId }) => finished(runId));

    const withChanges = await fixture.h.caller.runs.list({ syncId: sync.id, withSchemaChanges: true, limit: 1 });
    expect(withChanges.items.map((run) => run.id)).toEqual([handled.id]);
    expect(withChanges.total).toBe(2);
  });
});
