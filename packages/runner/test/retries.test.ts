import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { Connection, openStore, Sync, SyncRun, type Store } from '@pipecraft/store';
import type { DialectName } from '@pipecraft/sync-engine';
import {
  adminQuery,
  countRows,
  createScratch,
  createTable,
  dropScratch,
  freePort,
  pgAdmin,
  qualified,
  TEST_SERVERS,
  uniqueName,
} from '@pipecraft/test-support';
import { RunExecutor } from '../src/index.js';

/**
 * Retries against the real servers (issue 12): a transient failure (a lock held past the run's
 * bound, a refused connection) is retried as the sync says, each attempt its own run linked to the
 * one before; a permanent one (a missing table) is not.
 */
const scratch = uniqueName('pc_retry');
const quiet = createLogger({ level: 'error', write: () => undefined });
const BACKOFF_MS = 50;

let dataDir: string;
let store: Store;
let runner: RunExecutor;

beforeAll(async () => {
  await createScratch('postgres', scratch);
  await createTable('postgres', scratch, 'src', 'id integer PRIMARY KEY, note text');
  await adminQuery(
    'postgres',
    `INSERT INTO ${qualified('postgres', scratch, 'src')} SELECT g, 'n' || g FROM generate_series(1, 100) g`,
  );
}, 60_000);
afterAll(async () => {
  await dropScratch('postgres', scratch);
});

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-retry-'));
  store = await openStore({ dataDir });
  runner = new RunExecutor({ store, logger: quiet, lockWaitMs: 300, connectTimeoutMs: 2_000, progressIntervalMs: 50 });
});
afterEach(async () => {
  await runner.shutdown();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function createSync(options: { sourceTable?: string; sourcePort?: number; retryCount: number }): Promise<Sync> {
  const em = store.em();
  const connection = (name: string, dialect: DialectName, port?: number) => {
    const { host, port: serverPort, database, user } = TEST_SERVERS[dialect];
    return em.create(Connection, {
      name,
      dialect,
      host,
      port: port ?? serverPort,
      database,
      username: user,
      isSource: true,
      isDestination: true,
    });
  };
  const name = uniqueName('retry');
  const sync = em.create(Sync, {
    name,
    sourceConnection: connection(`src-${name}`, 'postgres', options.sourcePort),
    sourceSchema: scratch,
    sourceTable: options.sourceTable ?? 'src',
    destinationConnection: connection(`dst-${name}`, 'postgres'),
    destinationSchema: scratch,
    destinationTable: `dst_${name}`,
    writeMode: 'full_refresh',
    retryCount: options.retryCount,
    retryBackoffMs: BACKOFF_MS,
  });
  await em.flush();
  return sync;
}

const runsOf = (syncId: string) => store.em().find(SyncRun, { sync: syncId }, { orderBy: { attempt: 'asc' } });

async function waitFor<T>(check: () => Promise<T | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until no run of the sync is active and `settleMs` passed without a new one appearing. */
async function settled(syncId: string, settleMs = 8 * BACKOFF_MS): Promise<SyncRun[]> {
  let seen = -1;
  for (;;) {
    const runs = await waitFor(async () => {
      const all = await runsOf(syncId);
      return all.every((run) => run.finishedAt !== null) ? all : null;
    });
    if (runs.length === seen) return runs;
    seen = runs.length;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  }
}

describe('retries', () => {
  it('retries a LOCK_TIMEOUT once the lock is gone: the second attempt succeeds, linked to the first', async () => {
    const sync = await createSync({ retryCount: 2 });
    // A first run creates the destination, so the next one has a table to wait for.
    const first = await runner.start(sync.id);
    await waitFor(async () => (await store.em().findOneOrFail(SyncRun, first.runId)).status === 'success');
    const live = qualified('postgres', scratch, sync.destinationTable);

    const [failed, retried] = await pgAdmin(async (holder) => {
      await holder.query('BEGIN');
      await holder.query(`SELECT count(*) FROM ${live}`);
      const { runId } = await runner.start(sync.id);
      // The retry is claimed as soon as the first attempt failed; let the lock go then.
      const retry = await waitFor(() => store.em().findOne(SyncRun, { retryOf: runId }));
      await holder.query('COMMIT');
      return [runId, retry.id];
    });
    const runs = await settled(sync.id);
    expect(runs.map((run) => [run.attempt, run.status, run.errorCode, run.trigger])).toEqual([
      [1, 'success', null, 'manual'],
      [1, 'failed', 'LOCK_TIMEOUT', 'manual'],
      [2, 'success', null, 'retry'],
    ]);
    expect(runs[1]!.id).toBe(failed);
    expect(runs[2]).toMatchObject({ id: retried, retryOf: failed, rowCount: 100 });
    expect(await countRows('postgres', scratch, sync.destinationTable)).toBe(100);
  });

  it('gives up after the retry count: a refused connection is tried 1 + 2 times, each attempt its own run', async () => {
    const sync = await createSync({ retryCount: 2, sourcePort: await freePort() });
    const { runId } = await runner.start(sync.id);
    const runs = await settled(sync.id);
    expect(runs.map((run) => [run.attempt, run.status, run.errorCode])).toEqual([
      [1, 'failed', 'CONNECTION_REFUSED'],
      [2, 'failed', 'CONNECTION_REFUSED'],
      [3, 'failed', 'CONNECTION_REFUSED'],
    ]);
    expect(runs.map((run) => run.retryOf)).toEqual([null, runId, runs[1]!.id]);
    // The backoff doubles. A retry's run is created when the attempt before it fails and starts
    // after its backoff (decision 133): attempt 2 waited one backoff, attempt 3 two. (Measured
    // between the runs' creations, the second gap also holds attempt 2's own run time, which
    // only hid the doubling on a busy machine.) A timer may fire a millisecond early.
    const waited = (run: SyncRun) => run.startedAt!.getTime() - run.createdAt.getTime();
    expect(waited(runs[1]!)).toBeGreaterThanOrEqual(BACKOFF_MS - 1);
    expect(waited(runs[2]!)).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 1);
  });

  it('never retries a permanent failure (a missing source table)', async () => {
    const sync = await createSync({ retryCount: 3, sourceTable: 'no_such_table' });
    await runner.start(sync.id);
    const runs = await settled(sync.id);
    expect(runs.map((run) => [run.attempt, run.status, run.errorCode])).toEqual([[1, 'failed', 'TABLE_NOT_FOUND']]);
  });

  it('a retry waiting out its backoff can be cancelled', async () => {
    const sync = await createSync({ retryCount: 1, sourcePort: await freePort() });
    await store.em().nativeUpdate(Sync, { id: sync.id }, { retryBackoffMs: 60_000 });
    const { runId } = await runner.start(sync.id);
    const retry = await waitFor(() => store.em().findOne(SyncRun, { retryOf: runId }));
    expect(retry).toMatchObject({
      status: 'pending',
      statusDetail: expect.stringMatching(/^Attempt 2 of 2 starts in 1 min/),
    });
    expect(await runner.cancel(retry.id)).toEqual({ cancelled: true });
    expect(await store.em().findOneOrFail(SyncRun, retry.id)).toMatchObject({ status: 'cancelled' });
  });
});
