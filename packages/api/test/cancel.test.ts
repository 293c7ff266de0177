import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  adminQuery,
  countRows,
  defaultSchema,
  myAdmin,
  pgAdmin,
  qualified,
  uniqueName,
  type TestDialect,
} from '@pipecraft/test-support';
import { createSampleTable, harnessWithConnections } from './support/databases.js';
import { expectFailure, waitFor } from './support/harness.js';

/**
 * `runs.cancel` against the real servers (issue 12): during PostgreSQL COPY, during MySQL LOAD
 * DATA, and while the run's statement waits for a lock another session holds. Each time the run
 * is recorded `cancelled` within 5 s, no statement of the run is left on the server, and the
 * destination keeps exactly its previous rows.
 */
const fixture = harnessWithConnections();
const { connections, tables } = fixture;

/**
 * A sync whose destination holds 10 rows (ids 1–10, from a first run) and whose source then grows
 * to `rows` rows, so the next run has work to cancel.
 */
async function syncWithTenRows(from: TestDialect, to: TestDialect, rows: number) {
  const table = uniqueName('pc_cancel');
  tables.push([from, table], [to, `${table}_dst`]);
  await createSampleTable(from, table, 10);
  const sync = await fixture.h.caller.syncs.create({
    name: uniqueName(`cancel-${from}-${to}`),
    sourceConnectionId: connections.get(from)!,
    sourceSchema: defaultSchema(from),
    sourceTable: table,
    destinationConnectionId: connections.get(to)!,
    destinationSchema: defaultSchema(to),
    destinationTable: `${table}_dst`,
    writeMode: 'full_refresh',
  });
  expect((await finished((await fixture.h.caller.runs.start({ syncId: sync.id })).runId)).status).toBe('success');
  if (rows > 10) {
    const source = qualified(from, defaultSchema(from), table);
    await adminQuery(
      from,
      from === 'postgres'
        ? `INSERT INTO ${source} (id, name, amount) SELECT g, 'row ' || g, g * 1.25 FROM generate_series(11, $1::int) g`
        : `INSERT INTO ${source} (id, name, amount) WITH RECURSIVE seq(n) AS (SELECT 11 UNION ALL SELECT n + 1 FROM seq WHERE n < ?) SELECT n, CONCAT('row ', n), n * 1.25 FROM seq`,
      [rows],
    );
  }
  return sync;
}

async function finished(runId: string) {
  return waitFor(async () => {
    const run = await fixture.h.caller.runs.get({ id: runId });
    return ['success', 'failed', 'cancelled'].includes(run.status) ? run : null;
  }, 60_000);
}

/** Statements other sessions run that mention `table` (the run's own, if any survived). */
async function statementsOn(dialect: TestDialect, table: string): Promise<string[]> {
  if (dialect === 'postgres') {
    const rows = await adminQuery<{ query: string }>(
      'postgres',
      `SELECT query FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE $1`,
      [`%${table}%`],
    );
    return rows.map((row) => row.query);
  }
  const rows = await adminQuery<{ INFO: string }>(
    'mysql',
    `SELECT INFO FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND <> 'Sleep' AND INFO LIKE ?`,
    [`%${table}%`],
  );
  return rows.map((row) => row.INFO);
}

/** Sessions waiting for a lock on `table` (qualified, quoted). */
async function waitingForLock(table: string): Promise<number[]> {
  const rows = await adminQuery<{ pid: number }>(
    'postgres',
    'SELECT pid FROM pg_locks WHERE NOT granted AND relation = $1::regclass',
    [table],
  );
  return rows.map((row) => row.pid);
}

/** Cancels and checks the common promise: recorded cancelled within 5 s, by the caller's answer. */
async function cancelWithin5s(runId: string) {
  const started = Date.now();
  const answer = await fixture.h.caller.runs.cancel({ id: runId });
  const elapsedMs = Date.now() - started;
  expect(answer).toEqual({ cancelled: true, status: 'cancelled' });
  expect(elapsedMs).toBeLessThan(5_000);
  const run = await fixture.h.caller.runs.get({ id: runId });
  expect(run).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
  return run;
}

describe('runs.cancel', () => {
  it('during a PostgreSQL COPY: cancelled, the COPY gone from the server, the destination unchanged', async () => {
    const sync = await syncWithTenRows('postgres', 'postgres', 1_000_000);
    const { runId } = await fixture.h.caller.runs.start({ syncId: sync.id });
    await waitFor(async () => (await fixture.h.caller.runs.get({ id: runId })).rowsCopied > 0, 30_000, 20);
    expect((await statementsOn('postgres', sync.destination.table)).join()).toMatch(/COPY/);

    await cancelWithin5s(runId);
    expect(await statementsOn('postgres', sync.destination.table)).toEqual([]);
    expect(await countRows('postgres', defaultSchema('postgres'), sync.destination.table)).toBe(10);
    // Cancelling again finds nothing to cancel.
    expect(await fixture.h.caller.runs.cancel({ id: runId })).toEqual({ cancelled: false, status: 'cancelled' });
  });

  it('during a MySQL LOAD DATA: cancelled, the load gone from the server, the destination unchanged', async () => {
    const sync = await syncWithTenRows('postgres', 'mysql', 400_000);
    const { runId } = await fixture.h.caller.runs.start({ syncId: sync.id });
    await waitFor(async () => (await fixture.h.caller.runs.get({ id: runId })).rowsCopied > 0, 30_000, 20);

    await cancelWithin5s(runId);
    // The run loads a staging table named by a hash of the destination's name (the engine's full refresh).
    const staging = `_pc_s_${createHash('sha1').update(sync.destination.table).digest('hex').slice(0, 10)}_`;
    expect(await statementsOn('mysql', staging)).toEqual([]);
    expect(await countRows('mysql', defaultSchema('mysql'), sync.destination.table)).toBe(10);
    const audit = await fixture.h.caller.audit.list({ action: 'run.cancel' });
    expect(audit.items.some((event) => event.targetId === runId)).toBe(true);
  });

  it('while the swap waits for a MySQL metadata lock: the waiting RENAME is killed, the lock holder never sees a change', async () => {
    const sync = await syncWithTenRows('mysql', 'mysql', 1_000);
    await myAdmin(async (holder) => {
      // An open transaction that read the table holds a shared metadata lock until it ends.
      await holder.query('BEGIN');
      await holder.query(`SELECT count(*) FROM ${qualified('mysql', defaultSchema('mysql'), sync.destination.table)}`);
      try {
        const { runId } = await fixture.h.caller.runs.start({ syncId: sync.id });
        await waitFor(async () => (await statementsOn('mysql', sync.destination.table)).some((q) => /RENAME/i.test(q)));

        await cancelWithin5s(runId);
        // Without KILL QUERY the RENAME would wait on the server for lock_wait_timeout (30 s).
        expect(await statementsOn('mysql', sync.destination.table)).toEqual([]);
      } finally {
        await holder.query('COMMIT');
      }
    });
    expect(await countRows('mysql', defaultSchema('mysql'), sync.destination.table)).toBe(10);
  });

  it('while waiting for a PostgreSQL lock held by an open transaction: cancelled, the destination unchanged', async () => {
    const sync = await syncWithTenRows('postgres', 'postgres', 1_000);
    await pgAdmin(async (holder) => {
      await holder.query('BEGIN');
      await holder.query(
        `SELECT count(*) FROM ${qualified('postgres', defaultSchema('postgres'), sync.destination.table)}`,
      );
      try {
        const { runId } = await fixture.h.caller.runs.start({ syncId: sync.id });
        await waitFor(async () =>
          /Waiting for a lock/.test((await fixture.h.caller.runs.get({ id: runId })).detail ?? ''),
        );

        await cancelWithin5s(runId);
        expect(await statementsOn('postgres', sync.destination.table)).toEqual([]);
      } finally {
        await holder.query('COMMIT');
      }
    });
    expect(await countRows('postgres', defaultSchema('postgres'), sync.destination.table)).toBe(10);
  });

  it('while reading a PostgreSQL source locked by another session: pg_cancel_backend ends the waiting read', async () => {
    const sync = await syncWithTenRows('postgres', 'postgres', 1_000);
    const source = qualified('postgres', defaultSchema('postgres'), sync.source.table);
    await pgAdmin(async (holder) => {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE ${source} IN ACCESS EXCLUSIVE MODE`);
      try {
        const { runId } = await fixture.h.caller.runs.start({ syncId: sync.id });
        await waitFor(async () => (await waitingForLock(source)).length > 0);

        await cancelWithin5s(runId);
        // A backend waiting for a lock does not notice its client is gone: only a cancel ends it.
        expect(await waitingForLock(source)).toEqual([]);
      } finally {
        await holder.query('COMMIT');
      }
    });
  });

  it('answers NOT_FOUND for an unknown run', async () => {
    await expectFailure(fixture.h.caller.runs.cancel({ id: '00000000-0000-4000-8000-000000000000' }), {
      code: 'NOT_FOUND',
      appCode: 'NOT_FOUND',
    });
  });
});
