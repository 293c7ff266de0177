import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { Connection, openStore, Pipeline, Schedule, Sync, SyncRun, type Store } from '@pipecraft/store';
import type { SyncRequest, SyncResult } from '@pipecraft/sync-engine';
import { adminQuery, PG_URL, uniqueName, withDatabase } from '@pipecraft/test-support';
import { PipelineRunner, RunExecutor, RunMetrics, Scheduler, type Clock, type RunEngine } from '../src/index.js';

/**
 * The scheduler against real stores (issue 12): a SQLite store for one process, a PostgreSQL store
 * shared by two. The clock is the test's own and moves by hand; the engine is a stand-in whose runs
 * finish when the test says, so "still running" is under the test's control. No sleeps.
 */
const quiet = createLogger({ level: 'error', write: () => undefined });

class ManualClock implements Clock {
  #now: Date;
  constructor(iso: string) {
    this.#now = new Date(iso);
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(iso: string): void {
    this.#now = new Date(iso);
  }
}

/** Runs finish at once, or (`hold`) stay open until `finishAll()`. */

/** What the fake engine answers for every run: one row read and inserted. */
function oneRowCopied(): SyncResult {
  return {
    rowsRead: 1,
    rowsWritten: 1,
    rowsInserted: 1,
    rowsUpdated: 0,
    rowsDeleted: 0,
    createdTable: false,
    warnings: [],
    valueWarnings: [],
    schemaChanges: [],
  };
}

class HeldEngine implements RunEngine {
  readonly requests: SyncRequest[] = [];
  #open: Array<() => void> = [];
  constructor(readonly hold = false) {}
  runSync(request: SyncRequest): Promise<SyncResult> {
    this.requests.push(request);
    if (!this.hold) return Promise.resolve(oneRowCopied());
    return new Promise((resolve, reject) => {
      request.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      this.#open.push(() => resolve(oneRowCopied()));
    });
  }
  async readRunMarker(): Promise<string | null> {
    return null;
  }
  finishAll(): void {
    for (const finish of this.#open.splice(0)) finish();
  }
}

interface Process {
  store: Store;
  runner: RunExecutor;
  scheduler: Scheduler;
}

const processes: Process[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

async function startProcess(storeAt: { dataDir: string; url?: string }, clock: Clock, engine: RunEngine) {
  const store = await openStore(storeAt);
  const runner = new RunExecutor({ store, logger: quiet, engine, progressIntervalMs: 20 });
  const scheduler = new Scheduler({ store, runner, logger: quiet, clock });
  const process = { store, runner, scheduler };
  processes.push(process);
  return process;
}

async function stopProcess(process: Process) {
  await process.scheduler.stop();
  await process.runner.shutdown();
  await process.store.close();
  processes.splice(processes.indexOf(process), 1);
}

afterEach(async () => {
  for (const process of [...processes]) await stopProcess(process);
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function newDataDir() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-scheduler-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

/** A sync with a schedule; the schedule's first time is planned by the first tick. */
async function scheduledSync(store: Store, cron: string): Promise<{ syncId: string; scheduleId: string }> {
  const em = store.em();
  const endpoint = { host: '127.0.0.1', database: 'test', username: 'postgres', isSource: true, isDestination: true };
  const name = uniqueName('sched');
  const source = em.create(Connection, { ...endpoint, name: `${name}-src`, dialect: 'postgres', port: 5432 });
  const destination = em.create(Connection, { ...endpoint, name: `${name}-dst`, dialect: 'postgres', port: 5432 });
  const sync = em.create(Sync, {
    name,
    sourceConnection: source,
    sourceSchema: 'public',
    sourceTable: 'a',
    destinationConnection: destination,
    destinationSchema: 'public',
    destinationTable: 'b',
  });
  const schedule = em.create(Schedule, { sync, cron, timeZone: 'Europe/Paris' });
  await em.flush();
  return { syncId: sync.id, scheduleId: schedule.id };
}

const runsOf = (store: Store, syncId: string) =>
  store.em().find(SyncRun, { sync: syncId }, { orderBy: { createdAt: 'asc', id: 'asc' } });

async function settle(store: Store, syncId: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const runs = await runsOf(store, syncId);
    if (runs.every((run) => run.finishedAt !== null)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('runs did not finish');
}

describe('Scheduler', () => {
  it('sets pipecraft_scheduler_lag_seconds to how late each fire came, against the time it was due', async () => {
    const clock = new ManualClock('2026-06-01T10:01:00Z');
    const engine = new HeldEngine();
    const store = await openStore({ dataDir: await newDataDir() });
    const runner = new RunExecutor({ store, logger: quiet, engine, progressIntervalMs: 20 });
    const metrics = new RunMetrics();
    const scheduler = new Scheduler({ store, runner, logger: quiet, clock, metrics });
    processes.push({ store, runner, scheduler });
    const { syncId } = await scheduledSync(store, '*/5 * * * *');
    const lag = async () =>
      Number(/^pipecraft_scheduler_lag_seconds (\S+)$/m.exec((await metrics.render()).body)?.[1] ?? 'NaN');

    await scheduler.tick(); // plans 10:05; nothing fired, nothing measured
    expect(await lag()).toBe(0);
    clock.set('2026-06-01T10:05:07.250Z');
    expect(await scheduler.tick()).toBe(1);
    expect(await lag()).toBe(7.25);
    engine.finishAll();
    await settle(store, syncId);
    // Two hours down: the missed ticks fire once, and the lag says how late that one came.
    clock.set('2026-06-01T12:07:00Z');
    expect(await scheduler.tick()).toBe(1);
    expect(await lag()).toBe(2 * 3600 - 3 * 60);
    engine.finishAll();
    await settle(store, syncId);
  });

  it('fires once per tick, also across a restart (next times come from the store)', async () => {
    const dataDir = await newDataDir();
    const clock = new ManualClock('2026-06-01T10:01:00Z');
    const engine = new HeldEngine();
    let process = await startProcess({ dataDir }, clock, engine);
    const { syncId, scheduleId } = await scheduledSync(process.store, '*/5 * * * *');

    expect(await process.scheduler.tick()).toBe(0); // plans 10:05
    expect((await process.store.em().findOneOrFail(Schedule, scheduleId)).nextRunAt?.toISOString()).toBe(
      '2026-06-01T10:05:00.000Z',
    );
    clock.set('2026-06-01T10:05:00Z');
    expect(await process.scheduler.tick()).toBe(1);
    expect(await process.scheduler.tick()).toBe(0);
    engine.finishAll();
    await settle(process.store, syncId);

    // A restart at the same instant fires nothing more; the next tick fires once.
    await stopProcess(process);
    process = await startProcess({ dataDir }, clock, engine);
    expect(await process.scheduler.tick()).toBe(0);
    clock.set('2026-06-01T10:10:00.500Z');
    expect(await process.scheduler.tick()).toBe(1);
    engine.finishAll();
    await settle(process.store, syncId);
    const runs = await runsOf(process.store, syncId);
    expect(runs.map((run) => [run.status, run.trigger])).toEqual([
      ['success', 'schedule'],
      ['success', 'schedule'],
    ]);
  });

  it('records a tick that comes while the previous run is active as skipped (no pile-up)', async () => {
    const clock = new ManualClock('2026-06-01T10:00:30Z');
    const engine = new HeldEngine(true);
    const { store, scheduler } = await startProcess({ dataDir: await newDataDir() }, clock, engine);
    const { syncId } = await scheduledSync(store, '* * * * *');
    await scheduler.tick();
    clock.set('2026-06-01T10:01:00Z');
    expect(await scheduler.tick()).toBe(1);
    clock.set('2026-06-01T10:02:00Z');
    expect(await scheduler.tick()).toBe(1);
    clock.set('2026-06-01T10:03:00Z');
    expect(await scheduler.tick()).toBe(1);
    for (let i = 0; i < 100 && engine.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    engine.finishAll();
    await settle(store, syncId);
    expect(engine.requests).toHaveLength(1);
    const runs = await runsOf(store, syncId);
    expect(runs.map((run) => run.status).sort()).toEqual(['skipped', 'skipped', 'success']);
    const skipped = runs.find((run) => run.status === 'skipped')!;
    expect(skipped).toMatchObject({ trigger: 'schedule', errorCode: 'RUN_ALREADY_ACTIVE' });
    expect(skipped.errorMessage).toMatch(/^Skipped: /);
  });

  it('after downtime, runs a schedule that missed many ticks once, and plans the next from now', async () => {
    const dataDir = await newDataDir();
    const clock = new ManualClock('2026-06-01T10:00:30Z');
    const engine = new HeldEngine();
    let process = await startProcess({ dataDir }, clock, engine);
    const { syncId, scheduleId } = await scheduledSync(process.store, '*/5 * * * *');
    await process.scheduler.tick();
    await stopProcess(process);

    clock.set('2026-06-01T13:42:10Z'); // 3 h 40 min later: 44 ticks missed
    process = await startProcess({ dataDir }, clock, engine);
    expect(await process.scheduler.tick()).toBe(1);
    expect(await process.scheduler.tick()).toBe(0);
    engine.finishAll();
    await settle(process.store, syncId);
    expect(await runsOf(process.store, syncId)).toHaveLength(1);
    expect((await process.store.em().findOneOrFail(Schedule, scheduleId)).nextRunAt?.toISOString()).toBe(
      '2026-06-01T13:45:00.000Z',
    );
  });

  it('fires a pipeline schedule through the pipeline runner, and skips every member while it still runs', async () => {
    const clock = new ManualClock('2026-06-01T10:00:30Z');
    const engine = new HeldEngine(true);
    const { store, runner } = await startProcess({ dataDir: await newDataDir() }, clock, engine);
    const pipelines = new PipelineRunner({ store, runner, logger: quiet, pollMs: 10 });
    const scheduler = new Scheduler({ store, runner, pipelines, logger: quiet, clock });
    const first = await scheduledSync(store, '0 0 1 1 *');
    const second = await scheduledSync(store, '0 0 1 1 *');
    const em = store.em();
    const [a, b] = await Promise.all([em.findOneOrFail(Sync, first.syncId), em.findOneOrFail(Sync, second.syncId)]);
    const pipeline = em.create(Pipeline, {
      name: uniqueName('pipe'),
      sourceConnection: a.sourceConnection,
      sourceSchema: 'public',
      destinationConnection: a.destinationConnection,
      destinationSchema: 'public',
      concurrency: 2,
    });
    a.pipeline = pipeline;
    b.pipeline = pipeline;
    em.create(Schedule, { pipeline, cron: '* * * * *', timeZone: 'UTC' });
    await em.flush();

    await scheduler.tick();
    clock.set('2026-06-01T10:01:00Z');
    expect(await scheduler.tick()).toBe(1);
    for (let i = 0; i < 200 && engine.requests.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(engine.requests).toHaveLength(2);
    clock.set('2026-06-01T10:02:00Z');
    expect(await scheduler.tick()).toBe(1);
    engine.finishAll();
    for (const syncId of [first.syncId, second.syncId]) {
      await settle(store, syncId);
      const runs = await runsOf(store, syncId);
      expect(runs.map((run) => `${run.status}/${run.trigger}`).sort()).toEqual([
        'skipped/schedule',
        'success/schedule',
      ]);
    }
    await pipelines.stop();
  });

  it('leaves a paused schedule alone', async () => {
    const clock = new ManualClock('2026-06-01T10:00:30Z');
    const { store, scheduler } = await startProcess({ dataDir: await newDataDir() }, clock, new HeldEngine());
    const { syncId, scheduleId } = await scheduledSync(store, '* * * * *');
    await scheduler.tick();
    await store.em().nativeUpdate(Schedule, { id: scheduleId }, { paused: true, nextRunAt: null });
    clock.set('2026-06-01T10:05:00Z');
    expect(await scheduler.tick()).toBe(0);
    expect(await runsOf(store, syncId)).toHaveLength(0);
  });
});

describe('two schedulers sharing a PostgreSQL store', () => {
  const database = uniqueName('pipecraft_sched_test');
  beforeAll(() => {
    cleanups.push(() => adminQuery('postgres', `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  });

  it('fire each tick once', async () => {
    const url = withDatabase(PG_URL, database);
    const clock = new ManualClock('2026-06-01T10:00:30Z');
    const engine = new HeldEngine();
    const a = await startProcess({ dataDir: await newDataDir(), url }, clock, engine);
    const b = await startProcess({ dataDir: await newDataDir(), url }, clock, engine);
    // Twenty syncs each due every minute, ticked by both processes at once for five minutes.
    const syncs = [];
    for (let i = 0; i < 20; i++) syncs.push(await scheduledSync(a.store, '* * * * *'));
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    let fired = 0;
    for (let minute = 1; minute <= 5; minute++) {
      clock.set(`2026-06-01T10:0${minute}:00Z`);
      const [byA, byB] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      fired += byA + byB;
      for (const { syncId } of syncs) await settle(a.store, syncId);
    }
    expect(fired).toBe(100);
    for (const { syncId } of syncs) {
      const runs = await runsOf(a.store, syncId);
      expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
    }
  });
});
