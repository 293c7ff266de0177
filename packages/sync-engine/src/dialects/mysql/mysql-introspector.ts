import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { TableInfo, TableRef } from '../../contract.js';
import type { LogicalColumn } from '../../types/logical-type.js';
import { mysqlToLogical } from './mysql-type-mapper.js';

const SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys'];

export async function listMysqlSchemas(connection: Connection): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME',
    [SYSTEM_SCHEMAS],
  );
  return rows.map((row) => String(row.name));
}

export async function mysqlSchemaExists(connection: Connection, schema: string): Promise<boolean> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [schema]);
  return rows.length > 0;
}

export async function listMysqlTables(connection: Connection, schema: string): Promise<TableInfo[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS name, TABLE_TYPE AS type, TABLE_ROWS AS estimate FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
    [schema],
  );
  return rows.map((row) => ({
    name: String(row.name),
    kind: row.type === 'VIEW' ? 'view' : 'table',
    rowEstimate: row.estimate === null || row.estimate === undefined ? null : Number(row.estimate),
  }));
}

export async function listMysqlTablesWithPrefix(connection: Connection, schema: string, prefix: string): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND LEFT(TABLE_NAME, CHAR_LENGTH(?)) = ?',
    [schema, prefix, prefix],
  );
  return rows.map((row) => String(row.name));
}

/** MariaDB stores JSON as LONGTEXT plus a `json_valid()` CHECK; find those columns. */
async function jsonColumns(connection: Connection, table: TableRef): Promise<Set<string>> {
  try {
    const [rows] = await connection.query<RowDataPacket[]>(
      'SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?',
      [table.schema, table.table],
    );
    const names = new Set<string>();
    for (const row of rows) {
      const match = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(String(row.clause).trim());
      if (match) names.add(match[1]!.replace(/``/g, '`'));
    }
    return names;
  } catch {
    // MySQL 8 has no TABLE_NAME there and a real JSON type, so nothing to find.
    return new Set();
  }
}

export async function describeMysqlTable(connection: Connection, table: TableRef): Promise<LogicalColumn[] | null> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, c.IS_NULLABLE AS nullable, c.COLUMN_DEFAULT AS def, k.ORDINAL_POSITION AS pkpos
       FROM information_schema.COLUMNS c
       LEFT JOIN information_schema.KEY_COLUMN_USAGE k
         ON k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME AND k.COLUMN_NAME = c.COLUMN_NAME AND k.CONSTRAINT_NAME = 'PRIMARY'
      WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ?
      ORDER BY c.ORDINAL_POSITION`,
    [table.schema, table.table],
  );
  if (rows.length === 0) return null;
  const json = await jsonColumns(connection, table);
  return rows.map((row) => {
    const name = String(row.name);
    const type = String(row.type);
    return {
      name,
      nativeType: json.has(name) ? 'json' : type,
      logical: mysqlToLogical(type, json.has(name)),
      nullable: row.nullable === 'YES',
      primaryKeyPosition: row.pkpos === null || row.pkpos === undefined ? null : Number(row.pkpos),
      default: row.def === null || row.def === undefined ? null : String(row.def),
    };
  });
}
