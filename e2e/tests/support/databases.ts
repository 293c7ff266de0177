import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';

/** Where the suite's own PostgreSQL and MariaDB are; the same variables as the other test suites. */
export const PG_URL = process.env.PIPECRAFT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.PIPECRAFT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface DbAddress {
  host: string;
  port: string;
  database: string;
  username: string;
  password: string;
}

/** The pieces a user types into the connection form. */
export function addressOf(url: string, defaultPort: number): DbAddress {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port || String(defaultPort),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

export const pgAddress = addressOf(PG_URL, 5432);
export const mysqlAddress = addressOf(MYSQL_URL, 3306);

/** `pc_e2e_<random>`: unique per run, so parallel suites on the same servers never collide. */
export function uniqueName(prefix = 'pc_e2e'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export async function withPg<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function withMysql<T>(fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({
    uri: MYSQL_URL,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

/** A PostgreSQL schema with one table of `rows` known rows, for a sync to read. */
export async function createPgSourceTable(schema: string, table: string, rows: number): Promise<void> {
  await withPg(async (c) => {
    await c.query(`CREATE SCHEMA "${schema}"`);
    await c.query(
      `CREATE TABLE "${schema}"."${table}" (
         id integer PRIMARY KEY,
         name text NOT NULL,
         amount numeric(12,2),
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await c.query(
      `INSERT INTO "${schema}"."${table}" (id, name, amount)
       SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, $1::int) AS g`,
      [rows],
    );
  });
}

export async function dropPgSchema(schema: string): Promise<void> {
  await withPg((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/** A MariaDB user with a password, so a wrong password can be shown failing (PostgreSQL here trusts everyone). */
export async function createMysqlUser(user: string, password: string, database: string): Promise<void> {
  await withMysql(async (c) => {
    await c.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
    await c.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ?@?`, [user, '%']);
  });
}

export async function dropMysqlUser(user: string): Promise<void> {
  await withMysql((c) => c.query('DROP USER IF EXISTS ?@?', [user, '%']));
}

export async function dropMysqlTable(database: string, table: string): Promise<void> {
  await withMysql((c) => c.query(`DROP TABLE IF EXISTS \`${database}\`.\`${table}\``));
}
