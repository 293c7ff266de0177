import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { Connection, openStore, Sync, SyncRun, type Store, type StoreDialect } from '@pipecraft/store';
import { adminQuery, MYSQL_URL, PG_URL, uniqueName, withDatabase } from '@pipecraft/test-support';
import { LeaseReaper } from '../src/distributed/lease-reaper.js';
import { createRetryRun } from '../src/distributed/retry-run.js';
import { claimRun } from '../src/distributed/run-claim.js';
import type { FinishedRun, RunEngine } from '../src/index.js';
import { RunEndHandler } from '../src/run-end-handler.js';

/**
 * The distributed claim and the lease reaper on each store dialect: the caps counted under the
 * claim lock hold when many claims race, a claim is taken once, and a reaper takes an expired lease
 * over so the old holder's writes match nothing. (apps/worker's tests run the whole fleet.)
 */
const DIALECTS: StoreDialect[] = ['sqlite', 'postgresql', 'mysql'];
const logger = createLogger({ level: 'error', write: () => undefined });

describe.each(DIALECTS)('run claims on a %s store', (dialect) => {
  const database = uniqueName('pc_claim');
  let dataDir: string;
  let store: Store;
  let connections: string[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'pc-claim-'));
    const url =
      dialect === 'postgresql'
        ? withDatabase(PG_URL, database)
        : dialect === 'mysql'
          ? withDatabase(MYSQL_URL, database)
          : '';
    store = await openStore({ dataDir, url });
    const em = store.em();
    connections = ['a', 'b', 'c'].map(
      (name) =>
        em.create(Connection, {
          name,
          dialect: 'postgres',
          host: '127.0.0.1',
          port: 5432,
          database: 'test',
          username: 'postgres',
          isSource: true,
          isDestination: true,
        }).id,
    );
    await em.flush();
  });

  afterAll(async () => {
    await store?.close();
    if (dialect === 'postgresql') await adminQuery('postgres', `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    if (dialect === 'mysql') await adminQuery('mysql', `DROP DATABASE IF EXISTS \`${database}\``);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** `count` queued runs, each of its own sync from `source` to `destination`. */
  async function queuedRuns(count: number, source: string, destination: string): Promise<string[]> {
    const em = store.em();
    const runs = Array.from({ length: count }, () => {
      const sync = em.create(Sync, {
        name: uniqueName('sync'),
        sourceConnection: source,
        sourceSchema: 'public',
        sourceTable: 's',
        destinationConnection: destination,
        destinationSchema: 'public',
        destinationTable: uniqueName('d'),
        writeMode: 'full_refresh',
      });
      return em.create(SyncRun, { sync, status: 'queued' });
    });
    await em.flush();
    return runs.map((run) => run.id);
  }

  async function settleAll(): Promise<void> {
    await store
      .em()
      .nativeUpdate(SyncRun, { status: { $in: ['pending', 'running'] } }, { status: 'failed', finishedAt: new Date() });
  }

  it('claims a queued run once, and holds the global cap when claims race', async () => {
    const runIds = await queuedRuns(12, connections[0]!, connections[1]!);
    const caps = { maxRuns: 3, maxRunsPerConnection: 100 };
    const results = await Promise.all(
      runIds.map((runId, i) => claimRun(store, runId, `w${i % 4}`, caps, 10_000, Date.now)),
    );
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(3);
    expect(results.filter((r) => r.kind === 'capped')).toHaveLength(9);
    const claimed = await store.em().find(SyncRun, { status: 'pending' });
    expect(claimed).toHaveLength(3);
    expect(claimed.every((run) => run.leaseToken !== null && run.workerId !== null)).toBe(true);
    // A second delivery of a claimed run's job: nothing to do.
    expect(await claimRun(store, claimed[0]!.id, 'w9', caps, 10_000, Date.now)).toEqual({ kind: 'gone' });
    await settleAll();
  });

  it('holds the per-connection cap across connections', async () => {
    const ab = await queuedRuns(3, connections[0]!, connections[1]!);
    const bc = await queuedRuns(1, connections[1]!, connections[2]!);
    const ca = await queuedRuns(1, connections[2]!, connections[0]!);
    const caps = { maxRuns: 100, maxRunsPerConnection: 2 };
    const claim = (runId: string) => claimRun(store, runId, 'w', caps, 10_000, Date.now).then((r) => r.kind);
    expect(await claim(ab[0]!)).toBe('claimed');
    expect(await claim(ab[1]!)).toBe('claimed');
    expect(await claim(ab[2]!)).toBe('capped'); // a and b both at 2
    expect(await claim(bc[0]!)).toBe('capped'); // b at 2
    await store.em().nativeUpdate(SyncRun, { id: ab[0]! }, { status: 'success' });
    expect(await claim(ca[0]!)).toBe('claimed'); // a and c at 1 now
    expect(await claim(bc[0]!)).toBe('claimed');
    await settleAll();
  });

  it('reaps an expired lease: takes the run over, settles it by the marker, and fences the old holder out', async () => {
    const [lost, landed] = await queuedRuns(2, connections[0]!, connections[1]!);
    let now = Date.now();
    const clock = () => now;
    const caps = { maxRuns: 10, maxRunsPerConnection: 10 };
    const first = await claimRun(store, lost!, 'dead-worker', caps, 1_000, clock);
    const second = await claimRun(store, landed!, 'dead-worker', caps, 1_000, clock);
    if (first.kind !== 'claimed' || second.kind !== 'claimed') throw new Error('not claimed');
    await store.em().nativeUpdate(SyncRun, { id: { $in: [lost!, landed!] } }, { status: 'running' });
    const engine: RunEngine = {
      runSync: () => Promise.reject(new Error('not used')),
      // The second run's rows landed before its worker died; the first's did not.
      readRunMarker: () => Promise.resolve(landed!),
    };
    const reaper = new LeaseReaper({ store, engine, logger }, logger, clock);
    expect(await reaper.reapOnce()).toEqual([]); // leases still valid
    now += 1_001;
    expect((await reaper.reapOnce()).sort()).toEqual([lost!, landed!].sort());
    const settled = await store.em().find(SyncRun, { id: { $in: [lost!, landed!] } });
    const byId = new Map(settled.map((run) => [run.id, run]));
    expect(byId.get(lost!)).toMatchObject({ status: 'failed', errorCode: 'INTERRUPTED', workerId: 'dead-worker' });
    expect(byId.get(lost!)!.errorMessage).toContain('Worker dead-worker stopped renewing its claim');
    expect(byId.get(landed!)).toMatchObject({ status: 'success', errorCode: null });
    // The old holder wakes up: its token matches nothing any more.
    const late = await store
      .em()
      .nativeUpdate(SyncRun, { id: lost!, leaseToken: first.leaseToken }, { status: 'success' });
    expect(late).toBe(0);
    expect(await reaper.reapOnce()).toEqual([]);
  });

  it("retries a reaped run once under the sync's policy, however many reapers race for it", async () => {
    const [lost] = await queuedRuns(1, connections[0]!, connections[2]!);
    const run = await store.em().findOneOrFail(SyncRun, lost!, { populate: ['sync'] });
    await store.em().nativeUpdate(Sync, { id: run.sync.id }, { retryCount: 2, retryBackoffMs: 1_000 });
    let now = Date.now();
    const clock = () => now;
    const claim = await claimRun(store, lost!, 'dead-worker', { maxRuns: 10, maxRunsPerConnection: 10 }, 1_000, clock);
    if (claim.kind !== 'claimed') throw new Error('not claimed');
    await store.em().nativeUpdate(SyncRun, { id: lost! }, { status: 'running' });
    const engine: RunEngine = {
      runSync: () => Promise.reject(new Error('not used')),
      readRunMarker: () => Promise.resolve(null), // the destination kept its previous rows
    };
    const heard: FinishedRun[] = [];
    const retriesStarted: string[] = [];
    const reapers = Array.from({ length: 4 }, () => {
      const ended = new RunEndHandler({
        store,
        logger,
        notifiers: [{ runFinished: (finished) => heard.push(finished) }],
        startRetry: async (syncId, plan) => {
          const runId = await createRetryRun(store, syncId, plan);
          if (runId) retriesStarted.push(runId);
          return runId ? { runId } : null;
        },
      });
      return new LeaseReaper({ store, engine, logger }, logger, clock, (settled) => ended.ended(settled));
    });
    now += 1_001;
    const settledBy = await Promise.all(reapers.map((reaper) => reaper.reapOnce()));
    expect(settledBy.flat()).toEqual([lost!]);
    expect(heard.map((finished) => [finished.runId, finished.status, finished.errorCode])).toEqual([
      [lost!, 'failed', 'INTERRUPTED'],
    ]);
    const retries = await store.em().find(SyncRun, { retryOf: lost! });
    expect(retries).toHaveLength(1);
    expect(retriesStarted).toEqual([retries[0]!.id]);
    expect(retries[0]).toMatchObject({ status: 'queued', attempt: 2, trigger: 'retry', workerId: null });
    expect(retries[0]!.statusDetail).toBe('Attempt 2 of 3 starts in 1 s: attempt 1 lost its worker.');
    // A second creation of the same retry (a replayed end) is a no-op.
    expect(await createRetryRun(store, run.sync.id, { attempt: 2, retryOf: lost!, delayMs: 0, detail: '' })).toBeNull();
    await store.em().nativeUpdate(SyncRun, { id: retries[0]!.id }, { status: 'failed', finishedAt: new Date() });
  });
});
