import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@pipecraft/logger';
import { RunExecutor } from '@pipecraft/runner';
import { openStore, Sync, SyncRun, type Store } from '@pipecraft/store';
import { createApiDeps } from '../src/index.js';
import {
  adminQuery,
  defaultSchema,
  dropTable,
  MYSQL_URL,
  PG_URL,
  uniqueName,
  withDatabase,
} from '@pipecraft/test-support';
import { connectionInput, createSampleTable } from './support/databases.js';
import { callerFor, setupAdmin, waitFor } from './support/harness.js';

/**
 * The API's queries (joins, $in, ordering, counting, native updates) on a PostgreSQL and a MariaDB
 * store, not only SQLite. Each store is a test-owned database, dropped afterwards.
 */
const table = uniqueName();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await dropTable('postgres', defaultSchema('postgres'), table);
  await dropTable('mysql', defaultSchema('mysql'), `${table}_copy`);
});

describe.each(['postgresql', 'mysql'] as const)('the API on a %s store', (storeDialect) => {
  it('keeps connections, syncs and runs, and recovers orphaned runs', async () => {
    if (cleanups.length === 0) await createSampleTable('postgres', table, 20);
    const database = uniqueName('pipecraft_store_test');
    const storeUrl = withDatabase(storeDialect === 'postgresql' ? PG_URL : MYSQL_URL, database);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-api-store-'));
    cleanups.push(async () => {
      await rm(dataDir, { recursive: true, force: true });
      if (storeDialect === 'postgresql')
        await adminQuery('postgres', `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      else await adminQuery('mysql', `DROP DATABASE IF EXISTS \`${database}\``);
    });

    let store: Store = await openStore({ dataDir, url: storeUrl });
    let runner = new RunExecutor({ store, logger: silentLogger });
    let deps = createApiDeps({ store, logger: silentLogger, runner });
    const admin = await setupAdmin(deps);
    let c = callerFor(deps, admin);
    try {
      expect(store.dialect).toBe(storeDialect);
      const pg = await c.connections.create({
        ...connectionInput('postgres', 'Source PG'),
        password: 'stored-encrypted',
      });
      const my = await c.connections.create(connectionInput('mysql', 'Destination My'));
      await expect(c.connections.create(connectionInput('mysql', 'source pg'))).rejects.toThrow(/already exists/);
      const sync = await c.syncs.create({
        name: 'PG to MariaDB',
        sourceConnectionId: pg.id,
        sourceSchema: 'public',
        sourceTable: table,
        destinationConnectionId: my.id,
        destinationSchema: defaultSchema('mysql'),
        destinationTable: `${table}_copy`,
        writeMode: 'full_refresh',
      });
      const { runId } = await c.runs.start({ syncId: sync.id });
      const run = await waitFor(async () => {
        const r = await c.runs.get({ id: runId });
        return r.status === 'success' || r.status === 'failed' ? r : null;
      });
      expect(run).toMatchObject({ status: 'success', rowCount: 20, syncName: 'PG to MariaDB' });
      expect((await c.runs.list({ syncId: sync.id })).items.map((r) => r.id)).toEqual([runId]);
      expect((await c.syncs.list()).find((s) => s.id === sync.id)?.lastRun?.id).toBe(runId);
      await expect(c.connections.delete({ id: pg.id })).rejects.toThrow(/"PG to MariaDB"/);

      // A crash leaves a running run; the next start marks it failed.
      const em = store.em();
      const orphan = em.create(SyncRun, { sync: em.getReference(Sync, sync.id), status: 'running', rowsCopied: 3 });
      await em.flush();
      await runner.shutdown();
      await store.close();
      store = await openStore({ dataDir, url: storeUrl });
      runner = new RunExecutor({ store, logger: silentLogger });
      deps = createApiDeps({ store, logger: silentLogger, runner });
      c = callerFor(deps, admin);
      expect(await runner.recoverOrphanedRuns()).toBe(1);
      expect(await c.runs.get({ id: orphan.id })).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
      expect((await c.connections.get({ id: pg.id })).hasPassword).toBe(true);
      expect((await c.connections.test({ id: pg.id })).ok).toBe(true);
      await c.syncs.delete({ id: sync.id });
      expect((await c.runs.recent()).length).toBe(0);
    } finally {
      await runner.shutdown();
      await store.close();
    }
  });
});
