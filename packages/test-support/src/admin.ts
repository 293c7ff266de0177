import mysql from 'mysql2/promise';
import pg from 'pg';
import { TEST_SERVERS, type TestDialect, type TestServer } from './databases.js';

/**
 * Admin access to the test servers for fixtures and read-backs, always over a connection of its
 * own (never the engine's), in UTC, with every value as text: what a test reads back is what the
 * server holds, not what a driver made of it. Values go in as parameters, identifiers quoted.
 */
export async function pgAdmin<T>(
  work: (client: pg.Client) => Promise<T>,
  options: { database?: string } = {},
): Promise<T> {
  const server = TEST_SERVERS.postgres;
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    database: options.database ?? server.database,
    user: server.user,
    password: server.password || undefined,
  });
  await client.connect();
  try {
    await client.query("SET TimeZone = 'UTC'");
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Where a MySQL admin connection goes: the shared test server unless a test brings its own (a private MariaDB). */
export type MysqlAddress = Pick<TestServer, 'host' | 'port' | 'user' | 'password' | 'database'>;

export async function myAdmin<T>(
  work: (connection: mysql.Connection) => Promise<T>,
  options: { database?: string; server?: MysqlAddress } = {},
): Promise<T> {
  const server = options.server ?? TEST_SERVERS.mysql;
  const connection = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: options.database ?? server.database,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    jsonStrings: true,
    timezone: 'Z',
    charset: 'utf8mb4',
    multipleStatements: true,
  });
  try {
    await connection.query("SET time_zone = '+00:00'");
    return await work(connection);
  } finally {
    await connection.end();
  }
}

export const pgQuote = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const myQuote = (name: string) => `\`${name.replaceAll('`', '``')}\``;

export function quote(dialect: TestDialect, name: string): string {
  return dialect === 'postgres' ? pgQuote(name) : myQuote(name);
}

/** `schema.table`, quoted for the dialect. */
export function qualified(dialect: TestDialect, schema: string, table: string): string {
  return `${quote(dialect, schema)}.${quote(dialect, table)}`;
}

/** Runs one admin statement (placeholders: `$1` on PostgreSQL, `?` on MySQL) and returns its rows. */
export async function adminQuery<Row = Record<string, unknown>>(
  dialect: TestDialect,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  if (dialect === 'postgres') return pgAdmin(async (client) => (await client.query(sql, params)).rows as Row[]);
  return myAdmin(async (connection) => {
    const [rows] = await connection.query(sql, params);
    return (Array.isArray(rows) ? rows : []) as Row[];
  });
}

/** A throwaway schema (PostgreSQL) or database (MySQL) owned by one test file. */
export async function createScratch(dialect: TestDialect, name: string): Promise<void> {
  await adminQuery(
    dialect,
    dialect === 'postgres'
      ? `CREATE SCHEMA ${pgQuote(name)}`
      : `CREATE DATABASE ${myQuote(name)} CHARACTER SET utf8mb4`,
  );
}

export async function dropScratch(dialect: TestDialect, name: string): Promise<void> {
  await adminQuery(
    dialect,
    dialect === 'postgres'
      ? `DROP SCHEMA IF EXISTS ${pgQuote(name)} CASCADE`
      : `DROP DATABASE IF EXISTS ${myQuote(name)}`,
  );
}

/** `CREATE TABLE schema.table (<columns>)`, the column list in the dialect's own syntax. */
export async function createTable(dialect: TestDialect, schema: string, table: string, columns: string): Promise<void> {
  await adminQuery(dialect, `CREATE TABLE ${qualified(dialect, schema, table)} (${columns})`);
}

export async function dropTable(dialect: TestDialect, schema: string, table: string): Promise<void> {
  await adminQuery(dialect, `DROP TABLE IF EXISTS ${qualified(dialect, schema, table)}`);
}

export async function countRows(dialect: TestDialect, schema: string, table: string): Promise<number> {
  const rows = await adminQuery<{ n: unknown }>(
    dialect,
    `SELECT COUNT(*) AS n FROM ${qualified(dialect, schema, table)}`,
  );
  return Number(rows[0]?.n);
}

/** Rows as arrays of text (or Buffers for binary), ordered by the first column. */
export async function selectRows(
  dialect: TestDialect,
  schema: string,
  table: string,
  columns: string[],
): Promise<unknown[][]> {
  if (dialect === 'postgres') {
    return pgAdmin(async (client) => {
      const list = columns.map((column) => `${pgQuote(column)}::text`).join(', ');
      const result = await client.query({
        text: `SELECT ${list} FROM ${qualified(dialect, schema, table)} ORDER BY 1`,
        rowMode: 'array',
      });
      return result.rows as unknown[][];
    });
  }
  return myAdmin(async (connection) => {
    const list = columns.map(myQuote).join(', ');
    const [rows] = await connection.query({
      sql: `SELECT ${list} FROM ${qualified(dialect, schema, table)} ORDER BY 1`,
      rowsAsArray: true,
    });
    return rows as unknown[][];
  });
}
