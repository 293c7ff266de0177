import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { Connection, openStore, ORPHANED_RUN_ERROR, Sync, SyncRun, type Store } from '@pipecraft/store';
import { EngineError, type SyncRequest, type SyncResult } from '@pipecraft/sync-engine';
import { RunExecutor, RunnerError, type RunEngine } from '../src/index.js';

/**
 * The runner on a real (SQLite) store with a scripted engine: the lifecycle of a run without
 * talking to user databases. The API's runs tests cover the same paths with the real engine.
 */

/** An engine whose runs stay open until the test settles them, or until they are aborted. */
class ScriptedEngine implements RunEngine {
  readonly requests: SyncRequest[] = [];
  /** What `readRunMarker` answers: a run id, null, or an error to throw. */
  marker: string | null | Error = null;
  #settle: Array<(result: SyncResult | Error) => void> = [];

  runSync(request: SyncRequest): Promise<SyncResult> {
    this.requests.push(request);
    return new Promise((resolve, reject) => {
      const abort = () => reject(new EngineError('ABORTED', 'The run was cancelled.'));
      if (request.signal?.aborted) return abort();
      request.signal?.addEventListener('abort', abort, { once: true });
      this.#settle.push((outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)));
    });
  }

  async readRunMarker(): Promise<string | null> {
    if (this.marker instanceof Error) throw this.marker;
    return this.marker;
  }

  /** Settles the oldest open run. */
  finish(outcome: SyncResult | Error): void {
    const settle = this.#settle.shift();
    if (!settle) throw new Error('no open run');
    settle(outcome);
  }

  /** Resolves once `n` runs have reached the engine. */
  async reached(n: number): Promise<void> {
    await waitFor(async () => this.requests.length >= n);
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let dataDir: string;
let store: Store;
let engine: ScriptedEngine;
let runner: RunExecutor;
let logLines: string[];
let syncId: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-runner-test-'));
  store = await openStore({ dataDir });
  engine = new ScriptedEngine();
  logLines = [];
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  runner = new RunExecutor({ store, logger, engine, progressIntervalMs: 20, shutdownGraceMs: 1_000 });
  const em = store.em();
  const endpoint = { host: '127.0.0.1', database: 'test', isSource: true, isDestination: true };
  const source = em.create(Connection, {
    ...endpoint,
    name: 'source',
    dialect: 'postgres',
    port: 5432,
    username: 'postgres',
  });
  const destination = em.create(Connection, {
    ...endpoint,
    name: 'destination',
    dialect: 'mysql',
    port: 3306,
    username: 'root',
    passwordEncrypted: store.secrets.encrypt('s3cret'),
  });
  const sync = em.create(Sync, {
    name: 'items',
    sourceConnection: source,
    sourceSchema: 'public',
    sourceTable: 'items',
    destinationConnection: destination,
    destinationSchema: 'test',
    destinationTable: 'items_copy',
    writeMode: 'full_refresh',
  });
  await em.flush();
  syncId = sync.id;
});

afterEach(async () => {
  await runner.shutdown();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const runOf = (runId: string) => store.em().findOneOrFail(SyncRun, runId);
const result = (
  rows: number,
  warnings: string[] = [],
  valueWarnings: SyncResult['valueWarnings'] = [],
): SyncResult => ({
  rowsRead: rows,
  rowsWritten: rows,
  rowsInserted: rows,
  rowsUpdated: 0,
  rowsDeleted: 0,
  createdTable: false,
  warnings,
  valueWarnings,
  schemaChanges: [],
});

describe('RunExecutor', () => {
  it('claims a pending run, runs it with decrypted connections, writes progress, and records success', async () => {
    const { runId } = await runner.start(syncId);
    await engine.reached(1);
    const request = engine.requests[0]!;
    expect(request.source.table).toEqual({ schema: 'public', table: 'items' });
    expect(request.destination.connection).toMatchObject({ dialect: 'mysql', user: 'root', password: 's3cret' });
    expect((await runOf(runId)).status).toBe('running');

    request.onProgress?.({ rowsCopied: 42 });
    await waitFor(async () => (await runOf(runId)).rowsCopied === 42);

    const changed = { column: 't', policy: 'nul-stripped' as const, count: 2, sampleKey: 'id=7' };
    engine.finish(result(100, ['a value was changed'], [changed]));
    await waitFor(async () => (await runOf(runId)).status === 'success');
    expect(await runOf(runId)).toMatchObject({
      rowsCopied: 100,
      rowCount: 100,
      errorCode: null,
      warningsJson: '["a value was changed"]',
    });
    expect(JSON.parse((await runOf(runId)).valueWarningsJson ?? 'null')).toEqual([changed]);
  });

  it('records each step with its timing, the estimate, and the sync as it was at the start', async () => {
    const { runId } = await runner.start(syncId);
    await engine.reached(1);
    // An edit after the start must not change the run's history.
    await store.em().nativeUpdate(Sync, { id: syncId }, { destinationTable: 'renamed' });
    const request = engine.requests[0]!;
    request.onPhase?.({ phase: 'connect' });
    request.onPhase?.({ phase: 'lock' });
    await waitFor(async () => (await runOf(runId)).phase === 'lock');
    request.onPhase?.({ phase: 'copy', sourceRowEstimate: 1_000 });
    await waitFor(async () => (await runOf(runId)).rowEstimate === 1_000);
    engine.finish(result(100));
    await waitFor(async () => (await runOf(runId)).status === 'success');
    const run = await runOf(runId);
    expect(run).toMatchObject({ phase: null, rowsRead: 100, rowEstimate: 1_000 });
    const phases = JSON.parse(run.phasesJson ?? '[]') as Array<{ phase: string; durationMs: number | null }>;
    expect(phases.map((p) => p.phase)).toEqual(['connect', 'lock', 'copy']);
    expect(phases.every((p) => typeof p.durationMs === 'number' && p.durationMs >= 0)).toBe(true);
    expect(JSON.parse(run.configJson ?? '{}')).toMatchObject({
      syncName: 'items',
      writeMode: 'full_refresh',
      source: { connectionName: 'source', dialect: 'postgres', schema: 'public', table: 'items' },
      destination: { connectionName: 'destination', dialect: 'mysql', schema: 'test', table: 'items_copy' },
    });
    expect(run.sourceConnectionId).not.toBeNull();
  });

  it('a failed run records 0 rows written and how many it read before the failure', async () => {
    const { runId } = await runner.start(syncId);
    await engine.reached(1);
    const request = engine.requests[0]!;
    request.onPhase?.({ phase: 'copy' });
    request.onProgress?.({ rowsCopied: 77 });
    await waitFor(async () => (await runOf(runId)).rowsCopied === 77);
    engine.finish(new EngineError('CONNECTION_LOST', 'The connection was lost.'));
    await waitFor(async () => (await runOf(runId)).status === 'failed');
    const run = await runOf(runId);
    expect(run).toMatchObject({ rowsCopied: 0, rowsRead: 77, phase: null, errorCode: 'CONNECTION_LOST' });
    expect(JSON.parse(run.phasesJson ?? '[]')).toEqual([expect.objectContaining({ phase: 'copy' })]);
  });

  it('tells every notifier once the outcome is recorded', async () => {
    const seen: Array<{ status: string; stored: string }> = [];
    const notified = new RunExecutor({
      store,
      logger: createLogger({ write: () => undefined }),
      engine,
      notifiers: [
        {
          runFinished: (run) => {
            void runOf(run.runId).then((stored) => seen.push({ status: run.status, stored: stored.status }));
          },
        },
      ],
    });
    try {
      await notified.start(syncId);
      await engine.reached(1);
      engine.finish(new EngineError('TABLE_NOT_FOUND', 'gone'));
      await waitFor(async () => seen.length === 1);
      expect(seen).toEqual([{ status: 'failed', stored: 'failed' }]);
    } finally {
      await notified.shutdown();
    }
  });

  it('tells notifiers about runs it settles at start, once', async () => {
    const em = store.em();
    const orphan = em.create(SyncRun, { sync: syncId, status: 'running', rowsCopied: 5, startedAt: new Date() });
    await em.flush();
    const heard: string[] = [];
    const restarted = new RunExecutor({
      store,
      logger: createLogger({ write: () => undefined }),
      engine,
      notifiers: [{ runFinished: (run) => heard.push(`${run.runId}:${run.status}:${run.errorCode}`) }],
    });
    try {
      expect(await restarted.recoverOrphanedRuns()).toBe(1);
      expect(heard).toEqual([`${orphan.id}:failed:INTERRUPTED`]);
      expect(await runOf(orphan.id)).toMatchObject({ rowsCopied: 0, rowsRead: 5 });
      await restarted.recoverOrphanedRuns();
      expect(heard).toHaveLength(1);
    } finally {
      await restarted.shutdown();
    }
  });

  it('refuses a second start while a run of the sync is active, and an unknown sync', async () => {
    const { runId } = await runner.start(syncId);
    await expect(runner.start(syncId)).rejects.toMatchObject({
      code: 'RUN_ALREADY_ACTIVE',
      message: new RegExp(runId),
    });
    await expect(runner.start('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(RunnerError);
    await engine.reached(1);
    engine.finish(result(1));
    await waitFor(async () => (await runOf(runId)).status === 'success');
    await expect(runner.start(syncId)).resolves.toHaveProperty('runId');
  });

  it("records the engine's code and message when a run fails", async () => {
    const { runId } = await runner.start(syncId);
    await engine.reached(1);
    engine.finish(new EngineError('TABLE_NOT_FOUND', 'Table "public.items" does not exist.'));
    await waitFor(async () => (await runOf(runId)).status === 'failed');
    expect(await runOf(runId)).toMatchObject({
      errorCode: 'TABLE_NOT_FOUND',
      errorMessage: 'Table "public.items" does not exist.',
    });
  });

  it('records the schema changes of a run refused for drift, and of one that handled it', async () => {
    const change = {
      column: 'extra',
      change: 'added' as const,
      sourceType: 'integer',
      destinationType: null,
      action: 'run_failed' as const,
    };
    const refused = await runner.start(syncId);
    await engine.reached(1);
    engine.finish(new EngineError('DESTINATION_MISMATCH', 'does not match', { schemaChanges: [change] }));
    await waitFor(async () => (await runOf(refused.runId)).status === 'failed');
    expect(JSON.parse((await runOf(refused.runId)).schemaChangesJson ?? 'null')).toEqual([change]);

    const handled = await runner.start(syncId);
    await engine.reached(2);
    const added = { ...change, action: 'column_added' as const };
    engine.finish({ ...result(1), schemaChanges: [added] });
    await waitFor(async () => (await runOf(handled.runId)).status === 'success');
    expect(JSON.parse((await runOf(handled.runId)).schemaChangesJson ?? 'null')).toEqual([added]);
  });

  it('cancels a running run: aborted, recorded cancelled, and the sync can start again', async () => {
    const { runId } = await runner.start(syncId);
    await engine.reached(1);
    expect(await runner.cancel(runId)).toEqual({ cancelled: true });
    expect(engine.requests[0]!.signal?.aborted).toBe(true);
    expect(await runOf(runId)).toMatchObject({
      status: 'cancelled',
      errorCode: 'CANCELLED',
      errorMessage: /cancelled/,
    });
    // Nothing left to cancel, an unknown run, and a new start all behave.
    expect(await runner.cancel(runId)).toEqual({ cancelled: false });
    await expect(runner.cancel('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runner.start(syncId)).resolves.toHaveProperty('runId');
  });

  it('on shutdown aborts active runs, records them interrupted, and refuses new ones', async () => {
    const { runId } = await runner.start(syncId);
    await engine.reached(1);
    await runner.shutdown();
    expect(await runOf(runId)).toMatchObject({
      status: 'failed',
      errorCode: ORPHANED_RUN_ERROR.code,
      errorMessage: ORPHANED_RUN_ERROR.message,
    });
    await expect(runner.start(syncId)).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });

  it('marks runs a previous process left active as failed', async () => {
    const em = store.em();
    const orphan = em.create(SyncRun, { sync: em.getReference(Sync, syncId), status: 'running', rowsCopied: 3 });
    await em.flush();
    expect(await runner.recoverOrphanedRuns()).toBe(1);
    expect(await runOf(orphan.id)).toMatchObject({
      status: 'failed',
      errorCode: ORPHANED_RUN_ERROR.code,
      errorMessage: /checked at the next start, test.items_copy kept its previous rows/,
    });
    expect(logLines.join('\n')).toContain('Marked runs interrupted by a previous stop as settled');
  });

  it("recovers a run as succeeded when the destination's run marker names it", async () => {
    const em = store.em();
    const orphan = em.create(SyncRun, { sync: em.getReference(Sync, syncId), status: 'running', rowsCopied: 3 });
    await em.flush();
    engine.marker = orphan.id;
    expect(await runner.recoverOrphanedRuns()).toBe(1);
    const run = await runOf(orphan.id);
    expect(run).toMatchObject({ status: 'success', errorCode: null });
    expect(run.warningsJson).toContain(`held the rows of run ${orphan.id}`);
  });

  it('says the outcome is unknown when the destination cannot be reached at recovery', async () => {
    const em = store.em();
    const orphan = em.create(SyncRun, { sync: em.getReference(Sync, syncId), status: 'running', rowsCopied: 3 });
    const queued = em.create(SyncRun, { sync: em.getReference(Sync, syncId), status: 'queued', rowsCopied: 0 });
    await em.flush();
    engine.marker = new EngineError('CONNECTION_REFUSED', 'refused');
    expect(await runner.recoverOrphanedRuns()).toBe(2);
    expect(await runOf(orphan.id)).toMatchObject({
      status: 'failed',
      errorCode: 'OUTCOME_UNKNOWN',
      errorMessage: /Whether the new rows landed is unknown/,
    });
    expect(await runOf(queued.id)).toMatchObject({ status: 'failed', errorMessage: /was not touched/ });
  });

  it('records success when the engine fails after its commit (the marker names the run)', async () => {
    const { runId } = await runner.start(syncId);
    await engine.reached(1);
    engine.marker = runId;
    engine.finish(new EngineError('ENGINE_ERROR', 'The connection was lost while closing.'));
    await waitFor(async () => (await runOf(runId)).status !== 'running');
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: 'success', errorCode: null });
    expect(run.warningsJson).toContain('after its rows were committed');
  });

  it('retries recording the outcome while the store refuses writes, and releases the slot at once', async () => {
    await runner.shutdown();
    const flaky = {
      failures: 3,
      em: () => {
        const em = store.em();
        const nativeUpdate = em.nativeUpdate.bind(em);
        em.nativeUpdate = ((...args: Parameters<typeof em.nativeUpdate>) => {
          const fields = args[2] as { status?: string };
          if (fields.status === 'success' && flaky.failures-- > 0) return Promise.reject(new Error('store down'));
          return nativeUpdate(...args);
        }) as typeof em.nativeUpdate;
        return em;
      },
    };
    const flakyStore = new Proxy(store, {
      get: (target, key) => (key === 'em' ? flaky.em : Reflect.get(target, key)),
    });
    runner = new RunExecutor({
      store: flakyStore,
      logger: createLogger({ level: 'error', write: () => undefined }),
      engine,
      recordRetry: { initialDelayMs: 20, maxDelayMs: 50 },
    });
    const { runId } = await runner.start(syncId);
    await engine.reached(1);
    engine.finish(result(7));
    await waitFor(async () => runner.load.running === 0);
    await waitFor(async () => (await runOf(runId)).status === 'success');
    expect(flaky.failures).toBeLessThan(0);
  });
});

describe('RunExecutor caps', () => {
  async function addSync(name: string): Promise<string> {
    const em = store.em();
    const base = await em.findOneOrFail(Sync, syncId);
    const sync = em.create(Sync, {
      name,
      sourceConnection: base.sourceConnection,
      sourceSchema: 'public',
      sourceTable: name,
      destinationConnection: base.destinationConnection,
      destinationSchema: 'test',
      destinationTable: `${name}_copy`,
      writeMode: 'full_refresh',
    });
    await em.flush();
    return sync.id;
  }

  it('queues runs over the cap, starts them in order, and settles queued ones on cancel and shutdown', async () => {
    await runner.shutdown();
    runner = new RunExecutor({
      store,
      logger: createLogger({ level: 'error', write: () => undefined }),
      engine,
      caps: { maxRuns: 1 },
    });
    const second = await addSync('second');
    const third = await addSync('third');
    const fourth = await addSync('fourth');
    const a = await runner.start(syncId);
    const b = await runner.start(second);
    const c = await runner.start(third);
    const d = await runner.start(fourth);
    await engine.reached(1);
    expect((await runOf(b.runId)).status).toBe('queued');
    expect(runner.load).toEqual({ running: 1, queued: 3 });
    await expect(runner.start(second)).rejects.toMatchObject({ code: 'RUN_ALREADY_ACTIVE' });
    expect(await runner.cancel(c.runId)).toEqual({ cancelled: true });
    expect(await runOf(c.runId)).toMatchObject({ status: 'cancelled', errorCode: 'CANCELLED' });
    engine.finish(result(1));
    await engine.reached(2);
    expect(engine.requests[1]!.runId).toBe(b.runId);
    expect((await runOf(d.runId)).status).toBe('queued');
    await runner.shutdown();
    expect(await runOf(a.runId)).toMatchObject({ status: 'success' });
    expect(await runOf(b.runId)).toMatchObject({ status: 'failed', errorCode: 'INTERRUPTED' });
    expect(await runOf(d.runId)).toMatchObject({ status: 'failed', errorMessage: /was not touched/ });
  });

  it('holds the per-connection cap', async () => {
    await runner.shutdown();
    runner = new RunExecutor({
      store,
      logger: createLogger({ level: 'error', write: () => undefined }),
      engine,
      caps: { maxRuns: 10, maxRunsPerConnection: 2 },
    });
    const ids = [syncId, await addSync('s2'), await addSync('s3')];
    const runs = [];
    for (const id of ids) runs.push(await runner.start(id));
    await engine.reached(2);
    expect(runner.load).toEqual({ running: 2, queued: 1 });
    expect((await runOf(runs[2]!.runId)).status).toBe('queued');
    engine.finish(result(1));
    await engine.reached(3);
    expect(runner.load.running).toBe(2);
  });
});
