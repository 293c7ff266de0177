import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@pipecraft/logger';
import { Connection, openStore, Sync, SyncRun, type Store } from '@pipecraft/store';
import type { DialectName } from '@pipecraft/sync-engine';
import {
  adminQuery,
  createScratch,
  createTable,
  dropScratch,
  qualified,
  selectRows,
  TEST_SERVERS,
  uniqueName,
} from '@pipecraft/test-support';
import { defaultRunEngine, RunExecutor, type RunEngine } from '../src/index.js';

/**
 * The watermark through the runner: saved with the run that committed it, and — when the process
 * died between the destination's commit and the store write — recovered from the destination's
 * run-state row at the next start, so the next run neither skips nor repeats rows.
 */
const scratch = uniqueName('pc_wm');
const quiet = createLogger({ level: 'error', write: () => undefined });

function address(dialect: DialectName) {
  const { host, port, database, user } = TEST_SERVERS[dialect];
  return { host, port, database, user };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let dataDir: string;
let store: Store;

beforeAll(async () => {
  await createScratch('postgres', scratch);
  await createScratch('mysql', scratch);
  await createTable('postgres', scratch, 'src', 'id integer PRIMARY KEY, ver integer NOT NULL, note text');
  await adminQuery(
    'postgres',
    `INSERT INTO ${qualified('postgres', scratch, 'src')} SELECT g, 1, 'n' || g FROM generate_series(1, 300) g`,
  );
  dataDir = await mkdtemp(path.join(tmpdir(), 'pc-wm-'));
  store = await openStore({ dataDir });
});

afterAll(async () => {
  await store?.close();
  await rm(dataDir, { recursive: true, force: true });
  await dropScratch('postgres', scratch);
  await dropScratch('mysql', scratch);
});

async function createSync(to: DialectName, table: string): Promise<string> {
  const em = store.em();
  const connection = (name: string, dialect: DialectName) => {
    const { user, ...rest } = address(dialect);
    return em.create(Connection, { name, dialect, ...rest, username: user });
  };
  const sync = em.create(Sync, {
    name: table,
    sourceConnection: connection(`src-${table}`, 'postgres'),
    sourceSchema: scratch,
    sourceTable: 'src',
    destinationConnection: connection(`dst-${table}`, to),
    destinationSchema: scratch,
    destinationTable: table,
    writeMode: 'incremental_merge',
    cursorColumn: 'ver',
  });
  await em.flush();
  return sync.id;
}

async function finished(executor: RunExecutor, syncId: string): Promise<SyncRun> {
  const { runId } = await executor.start(syncId);
  await waitFor(
    async () => (await store.em().findOneOrFail(SyncRun, runId)).status !== 'running' && executor.load.running === 0,
  );
  await waitFor(async () => ['success', 'failed'].includes((await store.em().findOneOrFail(SyncRun, runId)).status));
  return store.em().findOneOrFail(SyncRun, runId);
}

describe.each(['postgres', 'mysql'] as const)('into %s', (to) => {
  it('saves the watermark with the run and its inserted/updated counts', async () => {
    const syncId = await createSync(to, `saved_${to}`);
    const executor = new RunExecutor({ store, logger: quiet });
    const first = await finished(executor, syncId);
    expect(first).toMatchObject({ status: 'success', rowsInserted: 300, rowsUpdated: 0, rowsDeleted: 0 });
    expect(JSON.parse((await store.em().findOneOrFail(Sync, syncId)).watermarkJson!)).toEqual({
      cursor: '1',
      key: ['300'],
    });
    await adminQuery('postgres', `UPDATE ${qualified('postgres', scratch, 'src')} SET ver = 2 WHERE id = 5`);
    const second = await finished(executor, syncId);
    expect(second).toMatchObject({ status: 'success', rowsInserted: 0, rowsUpdated: 1 });
    expect(JSON.parse((await store.em().findOneOrFail(Sync, syncId)).watermarkJson!)).toEqual({
      cursor: '2',
      key: ['5'],
    });
    await adminQuery('postgres', `UPDATE ${qualified('postgres', scratch, 'src')} SET ver = 1 WHERE id = 5`);
    await executor.shutdown();
  });

  it('a process that died after the commit: the next start takes the watermark from the destination', async () => {
    const table = `crash_${to}`;
    const syncId = await createSync(to, table);
    // The engine commits, then the process "dies" before the store hears of it.
    let release!: () => void;
    const dead = new Promise<never>(() => undefined);
    const engine: RunEngine = {
      ...defaultRunEngine,
      async runSync(request) {
        await defaultRunEngine.runSync(request);
        release();
        return dead;
      },
    };
    const committed = new Promise<void>((resolve) => (release = resolve));
    const crashed = new RunExecutor({ store, logger: quiet, engine, shutdownGraceMs: 10 });
    const { runId } = await crashed.start(syncId);
    await committed;
    await crashed.shutdown();
    expect((await store.em().findOneOrFail(SyncRun, runId)).status).toBe('running');
    expect((await store.em().findOneOrFail(Sync, syncId)).watermarkJson).toBeNull();

    const restarted = new RunExecutor({ store, logger: quiet });
    expect(await restarted.recoverOrphanedRuns()).toBeGreaterThanOrEqual(1);
    expect((await store.em().findOneOrFail(SyncRun, runId)).status).toBe('success');
    expect(JSON.parse((await store.em().findOneOrFail(Sync, syncId)).watermarkJson!)).toEqual({
      cursor: '1',
      key: ['300'],
    });
    // The next run starts past it: nothing new, nothing repeated.
    const next = await finished(restarted, syncId);
    expect(next).toMatchObject({ status: 'success', rowsInserted: 0, rowsUpdated: 0 });
    expect(await selectRows(to, scratch, table, ['id'])).toHaveLength(300);
    await restarted.shutdown();
  });
});
