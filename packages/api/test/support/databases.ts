import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import mysql from 'mysql2/promise';

/** The servers the suite uses (README: PIPECRAFT_TEST_PG_URL, PIPECRAFT_TEST_MYSQL_URL). */
const PG_URL = new URL(process.env.PIPECRAFT_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test');
const MYSQL_URL = new URL(process.env.PIPECRAFT_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test');

export type TestDialect = 'postgres' | 'mysql';
export const DIALECTS: TestDialect[] = ['postgres', 'mysql'];

/** `connections.create` input for the test server of a dialect. */
export function connectionInput(dialect: TestDialect, name: string) {
  const url = dialect === 'postgres' ? PG_URL : MYSQL_URL;
  return {
    name,
    dialect,
    host: url.hostname,
    port: Number(url.port || (dialect === 'postgres' ? 5432 : 3306)),
    database: decodeURIComponent(url.pathname.slice(1)),
    username: decodeURIComponent(url.username),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    isSource: true,
    isDestination: true,
  };
}

/** The schema tables live in by default: `public` on PostgreSQL, the database on MySQL. */
export function defaultSchema(dialect: TestDialect): string {
  return dialect === 'postgres' ? 'public' : decodeURIComponent(MYSQL_URL.pathname.slice(1));
}

/** A unique, test-owned name, e.g. `pc_api_3f9a1c2e`. */
export function uniqueName(prefix = 'pc_api'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Runs admin SQL (table setup/cleanup) on a test server. */
export async function adminQuery(dialect: TestDialect, sql: string, params: unknown[] = []): Promise<unknown[]> {
  if (dialect === 'postgres') {
    const client = new pg.Client({ connectionString: PG_URL.toString() });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
  const connection = await mysql.createConnection({ uri: MYSQL_URL.toString() });
  try {
    const [rows] = await connection.query(sql, params);
    return Array.isArray(rows) ? rows : [];
  } finally {
    await connection.end();
  }
}

export function quote(dialect: TestDialect, identifier: string): string {
  return dialect === 'postgres' ? `"${identifier.replaceAll('"', '""')}"` : `\`${identifier.replaceAll('`', '``')}\``;
}

/** A small source table: id int PK, name text, amount decimal, created timestamp, with `rows` rows. */
export async function createSampleTable(dialect: TestDialect, table: string, rows: number): Promise<void> {
  const q = quote(dialect, table);
  if (dialect === 'postgres') {
    await adminQuery(
      dialect,
      `CREATE TABLE ${q} (id integer PRIMARY KEY, name varchar(64) NOT NULL, amount numeric(12,2), created timestamp DEFAULT now())`,
    );
    await adminQuery(
      dialect,
      `INSERT INTO ${q} (id, name, amount, created) SELECT g, 'row ' || g, g * 1.25, timestamp '2024-01-01 00:00:00' + g * interval '1 minute' FROM generate_series(1, $1::int) g`,
      [rows],
    );
    await adminQuery(dialect, `ANALYZE ${q}`);
  } else {
    await adminQuery(
      dialect,
      `CREATE TABLE ${q} (id int PRIMARY KEY, name varchar(64) NOT NULL, amount decimal(12,2), created datetime DEFAULT CURRENT_TIMESTAMP)`,
    );
    await adminQuery(
      dialect,
      `INSERT INTO ${q} (id, name, amount, created)
       WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
       SELECT n, CONCAT('row ', n), n * 1.25, TIMESTAMP('2024-01-01') + INTERVAL n MINUTE FROM seq`,
      [rows],
    );
    await adminQuery(dialect, `ANALYZE TABLE ${q}`);
  }
}

export async function dropTable(dialect: TestDialect, table: string): Promise<void> {
  await adminQuery(dialect, `DROP TABLE IF EXISTS ${quote(dialect, table)}`);
}

export async function countRows(dialect: TestDialect, table: string): Promise<number> {
  const rows = (await adminQuery(dialect, `SELECT COUNT(*) AS n FROM ${quote(dialect, table)}`)) as Array<{
    n: unknown;
  }>;
  return Number(rows[0]?.n);
}

/** A TCP port nobody listens on (bound once by us, then released). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
