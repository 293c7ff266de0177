import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
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

/** The servers the suite uses (README: PIPECRAFT_TEST_PG_URL, PIPECRAFT_TEST_MYSQL_URL). */
const PG_URL = new URL(process.env.PIPECRAFT_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test');
const MYSQL_URL = new URL(process.env.PIPECRAFT_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test');

/** The same server and credentials, another database. */
function withDatabase(url: URL, database: string): string {
  const copy = new URL(url);
  copy.pathname = `/${database}`;
  return copy.toString();
}

/** The three store dialects, each in its own test-owned database (`pipecraft_store_test_<random>`). */
export const STORE_DIALECTS: StoreDialect[] = ['sqlite', 'postgresql', 'mysql'];

export async function createStoreTarget(dialect: StoreDialect): Promise<StoreTarget> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pc-store-test-'));
  const database = `pipecraft_store_test_${randomBytes(4).toString('hex')}`;
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
          const client = new pg.Client({ connectionString: withDatabase(PG_URL, 'postgres') });
          await client.connect();
          try {
            await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
          } finally {
            await client.end();
          }
          await removeDir();
        },
      };
    case 'mysql':
      return {
        dialect,
        dataDir,
        url: withDatabase(MYSQL_URL, database),
        async cleanup() {
          const connection = await mysql.createConnection({ uri: MYSQL_URL.toString() });
          try {
            await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
          } finally {
            await connection.end();
          }
          await removeDir();
        },
      };
  }
}
