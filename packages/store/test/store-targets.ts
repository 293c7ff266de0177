import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminQuery, MYSQL_URL, PG_URL, uniqueName, withDatabase } from '@pipecraft/test-support';
import type { StoreDialect } from '../src/index.js';

/** One store database a test can open and throw away afterwards. */
export interface StoreTarget {
  dialect: StoreDialect;
  dataDir: string;
  /** Empty for SQLite. */
  url: string;
  /** Drops the database (server dialects) and the data directory. */
  cleanup(): Promise<void>;
}

/** The three store dialects, each in its own test-owned database (`pipecraft_store_test_<random>`). */
export const STORE_DIALECTS: StoreDialect[] = ['sqlite', 'postgresql', 'mysql'];

export async function createStoreTarget(dialect: StoreDialect): Promise<StoreTarget> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-store-test-'));
  const database = uniqueName('pipecraft_store_test');
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  switch (dialect) {
    case 'sqlite':
      return { dialect, dataDir, url: '', cleanup: removeDir };
    case 'postgresql':
      return {
        dialect,
        dataDir,
        // MikroORM creates the database on first open (ensureDatabase).
        url: withDatabase(PG_URL, database),
        async cleanup() {
          await adminQuery('postgres', `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
          await removeDir();
        },
      };
    case 'mysql':
      return {
        dialect,
        dataDir,
        url: withDatabase(MYSQL_URL, database),
        async cleanup() {
          await adminQuery('mysql', `DROP DATABASE IF EXISTS \`${database}\``);
          await removeDir();
        },
      };
  }
}
