import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, openStore, SQLITE_FILE, Sync, SyncRun, type Store, type StoreDialect } from '../src/index.js';
import { migrationsList } from '../src/migrations/index.js';
import { createStoreTarget, STORE_DIALECTS, type StoreTarget } from './store-targets.js';

/** The key the fixtures' password was encrypted with (see fixtures/mikro-orm-6/README.md). */
const FIXTURE_KEY = Buffer.alloc(32, 7).toString('base64');
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'mikro-orm-6');

/** Recreates, in the target's (new) database, a store dumped from the MikroORM 6 code. */
async function loadFixture(target: StoreTarget): Promise<void> {
  const dump = await readFile(path.join(fixtures, `${target.dialect}.sql`), 'utf8');
  switch (target.dialect) {
    case 'sqlite': {
      const db = new DatabaseSync(path.join(target.dataDir, SQLITE_FILE));
      db.exec(dump);
      db.close();
      return;
    }
    case 'postgresql': {
      const url = new URL(target.url);
      const database = url.pathname.slice(1);
      const admin = new pg.Client({
        connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString(),
      });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${database}"`).finally(() => admin.end());
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      await client.query(dump).finally(() => client.end());
      return;
    }
    case 'mysql': {
      const url = new URL(target.url);
      const database = url.pathname.slice(1);
      const connection = await mysql.createConnection({
        uri: target.url.replace(`/${database}`, '/'),
        multipleStatements: true,
      });
      try {
        // mysqldump writes tables alphabetically, runs before the syncs they reference.
        await connection.query(
          `CREATE DATABASE \`${database}\`; USE \`${database}\`; SET FOREIGN_KEY_CHECKS = 0; ${dump}`,
        );
      } finally {
        await connection.end();
      }
    }
  }
}

describe.each(STORE_DIALECTS)('a store created with MikroORM 6 on %s', (dialect: StoreDialect) => {
  let target: StoreTarget;
  let store: Store;

  beforeAll(async () => {
    target = await createStoreTarget(dialect);
    await loadFixture(target);
    store = await openStore({ dataDir: target.dataDir, url: target.url, secretKey: FIXTURE_KEY });
  });

  afterAll(async () => {
    await store?.close();
    await target?.cleanup();
  });

  it('opens with its migration history intact, the later migrations applied on open', async () => {
    expect(await store.appliedMigrations()).toEqual(migrationsList.map((migration) => migration.name));
    expect(await store.migrate()).toEqual([]);
  });

  it('keeps its connections, syncs, runs and encrypted passwords', async () => {
    const em = store.em();
    const sync = await em.findOneOrFail(Sync, { name: 'v6-sync' });
    expect(sync.sourceConnection.name).toBe('v6-source');
    expect(sync.destinationConnection.isDestination).toBe(true);
    // Saved as `truncate_insert`; migration 006 renamed the mode.
    expect(sync.writeMode).toBe('full_refresh');
    expect(sync.deleteMissing).toBe('keep');
    expect(sync.watermarkJson).toBeNull();
    expect(sync.createdAt.toISOString()).toMatch(/^2026-11-26T23:\d\d:\d\d\.\d{3}Z$/);
    const run = await em.findOneOrFail(SyncRun, { sync });
    expect(run.rowCount).toBe(3_000_000_000);
    const source = await em.findOneOrFail(Connection, { name: 'v6-source' });
    expect(source.isSource).toBe(true);
    expect(store.secrets.decrypt(source.passwordEncrypted!)).toBe('v6-secret');
  });

  it('takes new writes beside the old rows', async () => {
    const em = store.em();
    const sync = await em.findOneOrFail(Sync, { name: 'v6-sync' });
    em.create(SyncRun, { sync, status: 'pending' });
    await em.flush();
    expect(await store.em().count(SyncRun, { sync })).toBe(2);
  });
});
