import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { Connection, openStore, Sync, SyncRun, type Store } from '@pipecraft/store';
import type { DialectName } from '@pipecraft/sync-engine';
import {
  adminQuery,
  countRows,
  createScratch,
  createTable,
  dropScratch,
  qualified,
  startPrivateMariadb,
  startPrivatePostgres,
  TEST_SERVERS,
  uniqueName,
  type PrivateServer,
} from '@pipecraft/test-support';
import { defaultRunEngine, RunExecutor, type RunEngine } from '../src/index.js';

/**
 * Fault test (issue 9): the store's server goes away while a run commits, on a private PostgreSQL
 * and a private MariaDB store. The run's record must end up true — success, with the slot freed at
 * once — and a process that never got to record it must be settled truthfully by the next start.
 * Source and destinations are the shared test servers; only the private store servers go down.
 */
const scratch = uniqueName('pc_outage');
const ROWS = 50_000;
const OUTAGE_MS = 3_000;
const quiet = createLogger({ level: 'error', write: () => undefined });

/** Where a Connection row and the engine reach a shared test server (passwordless, as by default). */
function address(dialect: DialectName) {
  const { host, port, database, user } = TEST_SERVERS[dialect];
  return { host, port, database, user };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

beforeAll(async () => {
  await createScratch('postgres', scratch);
  await createTable('postgres', scratch, 'src', 'id integer PRIMARY KEY, note text');
  await adminQuery(
    'postgres',
    `INSERT INTO ${qualified('postgres', scratch, 'src')} SELECT g, 'n' || g FROM generate_series(1, ${ROWS}) g`,
  );
  await createScratch('mysql', scratch);
}, 60_000);

afterAll(async () => {
  await dropScratch('postgres', scratch);
  await dropScratch('mysql', scratch);
});

describe.each([
  ['PostgreSQL', startPrivatePostgres],
  ['MariaDB', startPrivateMariadb],
] as const)('store on a private %s', (_label, startServer) => {
  let server: PrivateServer;
  let dataDir: string;
  let store: Store;

  beforeAll(async () => {
    server = await startServer();
    dataDir = await mkdtemp(path.join(tmpdir(), 'pc-outage-'));
    store = await openStore({ dataDir, url: server.url('store') });
  }, 90_000);

  afterAll(async () => {
    await store?.close().catch(() => undefined);
    await server?.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function createSync(to: DialectName, table: string): Promise<string> {
    const em = store.em();
    const connection = (name: string, dialect: DialectName) => {
      const { user, ...rest } = address(dialect);
      return em.create(Connection, { name, dialect, ...rest, username: user });
    };
    const sourceConnection = connection(`src-${table}`, 'postgres');
    const destinationConnection = connection(`dst-${table}`, to);
    const sync = em.create(Sync, {
      name: table,
      sourceConnection,
      sourceSchema: scratch,
      sourceTable: 'src',
      destinationConnection,
      destinationSchema: scratch,
      destinationTable: table,
      writeMode: 'full_refresh',
    });
    await em.flush();
    return sync.id;
  }

  /** The real engine; the store goes down at the run's first progress report, so the commit and
   * the outcome write both fall in the outage, and comes back OUTAGE_MS after the run ended. */
  function engineWithOutage(): RunEngine & { outageEnded: Promise<void> } {
    let stopping: Promise<void> | null = null;
    let ended!: () => void;
    const outageEnded = new Promise<void>((resolve) => (ended = resolve));
    return {
      outageEnded,
      readRunMarker: defaultRunEngine.readRunMarker,
      async runSync(request) {
        const result = await defaultRunEngine.runSync({
          ...request,
          onProgress: (progress) => {
            stopping ??= server.stop();
            request.onProgress?.(progress);
          },
        });
        await (stopping ??= server.stop());
        setTimeout(() => void server.start().then(ended), OUTAGE_MS);
        return result;
      },
    };
  }

  describe.each(['postgres', 'mysql'] as const)('into %s', (to) => {
    it('records the run as succeeded once the store is back; the slot is free at once', async () => {
      const table = `live_${_label}_${to}`.toLowerCase();
      const syncId = await createSync(to, table);
      const engine = engineWithOutage();
      const runner = new RunExecutor({
        store,
        logger: quiet,
        engine,
        progressIntervalMs: 50,
        recordRetry: { initialDelayMs: 100, maxDelayMs: 500 },
      });
      const { runId } = await runner.start(syncId);
      // The engine finishes while the store is down: the slot is released without the store.
      await waitFor(async () => runner.load.running === 0, 60_000);
      await engine.outageEnded;
      const settleMs = await waitFor(
        async () => (await store.em().findOneOrFail(SyncRun, runId)).status === 'success',
        15_000,
      );
      const run = await store.em().findOneOrFail(SyncRun, runId);
      expect(run).toMatchObject({ status: 'success', rowCount: ROWS, errorCode: null });
      expect(await countRows(to, scratch, table)).toBe(ROWS);
      expect(await defaultRunEngine.readRunMarker({ dialect: to, ...address(to) }, { schema: scratch, table })).toBe(
        runId,
      );
      expect(settleMs).toBeLessThan(5_000);
      // And the sync can run again.
      await expect(runner.start(syncId)).resolves.toHaveProperty('runId');
      await runner.shutdown();
    }, 120_000);

    it('a process that died before recording: the next start reads the destination and says succeeded', async () => {
      const table = `crash_${_label}_${to}`.toLowerCase();
      const syncId = await createSync(to, table);
      const engine = engineWithOutage();
      // giveUpAfterMs 0: the first failed outcome write is the last, as if the process died there.
      const crashed = new RunExecutor({ store, logger: quiet, engine, recordRetry: { giveUpAfterMs: 0 } });
      const { runId } = await crashed.start(syncId);
      await waitFor(async () => crashed.load.running === 0, 60_000);
      await engine.outageEnded;
      await crashed.shutdown();
      await waitFor(async () => (await store.status()).ok, 15_000);
      expect((await store.em().findOneOrFail(SyncRun, runId)).status).toBe('running');

      const restarted = new RunExecutor({ store, logger: quiet });
      expect(await restarted.recoverOrphanedRuns()).toBe(1);
      const run = await store.em().findOneOrFail(SyncRun, runId);
      expect(run.status).toBe('success');
      expect(run.warningsJson).toContain(`held the rows of run ${runId}`);
      expect(await countRows(to, scratch, table)).toBe(ROWS);

      // An orphan whose rows never landed is said to have kept the previous rows.
      const em = store.em();
      const lost = em.create(SyncRun, { sync: em.getReference(Sync, syncId), status: 'running', rowsCopied: 10 });
      await em.flush();
      expect(await restarted.recoverOrphanedRuns()).toBe(1);
      expect(await store.em().findOneOrFail(SyncRun, lost.id)).toMatchObject({
        status: 'failed',
        errorCode: 'INTERRUPTED',
        errorMessage: new RegExp(`kept its previous rows \\(it holds the rows of run ${runId}\\)`),
      });
      await restarted.shutdown();
    }, 120_000);
  });
});
