import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ConnectionConfig, DialectName } from '../../src/contract.js';
import type { SyncRequest } from '../../src/sync-request.js';

/**
 * The servers the suite uses (README: PIPECRAFT_TEST_PG_URL, PIPECRAFT_TEST_MYSQL_URL); by default
 * the local ones: trust-auth PostgreSQL, passwordless root on MariaDB.
 */
export const PG = configFromUrl(
  'postgres',
  process.env.PIPECRAFT_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
);
export const MY = configFromUrl('mysql', process.env.PIPECRAFT_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test');

function configFromUrl(dialect: DialectName, href: string): ConnectionConfig {
  const url = new URL(href);
  return {
    dialect,
    host: url.hostname,
    port: Number(url.port || (dialect === 'postgres' ? 5432 : 3306)),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : dialect === 'mysql' ? '' : null,
  };
}

export const CONFIGS: Record<DialectName, ConnectionConfig> = { postgres: PG, mysql: MY };

/** A full-refresh request between the test servers, each table in the schema given for its dialect. */
export function syncRequest(
  schemaOf: Record<DialectName, string>,
  from: DialectName,
  to: DialectName,
  sourceTable: string,
  destinationTable: string,
): SyncRequest {
  return {
    source: { connection: CONFIGS[from], table: { schema: schemaOf[from], table: sourceTable } },
    destination: { connection: CONFIGS[to], table: { schema: schemaOf[to], table: destinationTable } },
    writeMode: 'truncate_insert',
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Admin access for setting up fixtures; values go in as parameters, identifiers quoted. */
export async function pgAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: PG.host,
    port: PG.port,
    database: PG.database,
    user: PG.user,
    password: PG.password ?? undefined,
  });
  await client.connect();
  try {
    await client.query("SET TimeZone = 'UTC'");
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function myAdmin<T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({
    host: MY.host,
    port: MY.port,
    user: MY.user,
    password: MY.password ?? '',
    database: MY.database,
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

export const pgQuote = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const myQuote = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** A throwaway schema (PostgreSQL) or database (MySQL) owned by one test file. */
export async function createScratch(dialect: DialectName, name: string): Promise<void> {
  if (dialect === 'postgres') await pgAdmin((client) => client.query(`CREATE SCHEMA ${pgQuote(name)}`));
  else await myAdmin((connection) => connection.query(`CREATE DATABASE ${myQuote(name)} CHARACTER SET utf8mb4`));
}

export async function dropScratch(dialect: DialectName, name: string): Promise<void> {
  if (dialect === 'postgres') await pgAdmin((client) => client.query(`DROP SCHEMA IF EXISTS ${pgQuote(name)} CASCADE`));
  else await myAdmin((connection) => connection.query(`DROP DATABASE IF EXISTS ${myQuote(name)}`));
}

export async function execIn(dialect: DialectName, sql: string, params: unknown[] = []): Promise<void> {
  if (dialect === 'postgres') await pgAdmin((client) => client.query(sql, params));
  else await myAdmin((connection) => connection.query(sql, params));
}

/** Rows as arrays of text (or Buffers for binary), ordered by the first column. */
export async function selectRows(
  dialect: DialectName,
  schema: string,
  table: string,
  columns: string[],
): Promise<unknown[][]> {
  if (dialect === 'postgres') {
    return pgAdmin(async (client) => {
      const list = columns.map((column) => `${pgQuote(column)}::text`).join(', ');
      const result = await client.query({
        text: `SELECT ${list} FROM ${pgQuote(schema)}.${pgQuote(table)} ORDER BY 1`,
        rowMode: 'array',
      });
      return result.rows as unknown[][];
    });
  }
  return myAdmin(async (connection) => {
    const list = columns.map(myQuote).join(', ');
    const [rows] = await connection.query({
      sql: `SELECT ${list} FROM ${myQuote(schema)}.${myQuote(table)} ORDER BY 1`,
      rowsAsArray: true,
    });
    return rows as unknown[][];
  });
}

export async function countRows(dialect: DialectName, schema: string, table: string): Promise<number> {
  if (dialect === 'postgres') {
    return pgAdmin(async (client) =>
      Number((await client.query(`SELECT count(*) AS n FROM ${pgQuote(schema)}.${pgQuote(table)}`)).rows[0].n),
    );
  }
  return myAdmin(async (connection) => {
    const [rows] = await connection.query(`SELECT COUNT(*) AS n FROM ${myQuote(schema)}.${myQuote(table)}`);
    return Number((rows as Array<{ n: string }>)[0]!.n);
  });
}
