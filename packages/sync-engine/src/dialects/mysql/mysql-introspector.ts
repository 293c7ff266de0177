import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { TableInfo, TableRef } from '../../contract.js';
import type { LogicalColumn } from '../../types/logical-type.js';
import { EngineError } from '../../engine-error.js';
import { quoteMysqlIdentifier } from './mysql-ddl.js';
import { mysqlToLogical } from './mysql-type-mapper.js';

const SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys'];

/**
 * `column` names exactly the name given (two `?` placeholders, both the name: pass `twice(name)`).
 * information_schema's name columns are utf8mb3 with a case-insensitive collation, so a plain
 * `= ?` with a utf8mb4 parameter holding a 4-byte character failed with "Illegal mix of
 * collations" (a 500 for a table name with an emoji). Both tests compare bytes, so `cafe` never
 * matches `café` or `CAFE` (lower_case_table_names=0 allows all three). The first keeps an
 * equality on a constant, which the server's information_schema lookup needs ("Scanned 0
 * databases" in EXPLAIN; `CAST(col AS BINARY)` alone scans every database and waits behind any
 * metadata lock); the second makes it exact, since CONVERT turns a 4-byte character into `?`.
 * No identifier holds a 4-byte character (MariaDB and MySQL refuse them), so such a name finds
 * nothing, as it should.
 */
export function sameMysqlName(column: string): string {
  return `(${column} = CONVERT(? USING utf8mb3) COLLATE utf8mb3_bin AND CAST(${column} AS BINARY) = CAST(? AS BINARY))`;
}

/** The parameters of `sameMysqlName`: the name, twice. */
export function twice(name: string): [string, string] {
  return [name, name];
}

export async function listMysqlSchemas(connection: Connection): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME',
    [SYSTEM_SCHEMAS],
  );
  return rows.map((row) => String(row.name));
}

export async function mysqlSchemaExists(connection: Connection, schema: string): Promise<boolean> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT 1 FROM information_schema.SCHEMATA WHERE ${sameMysqlName('SCHEMA_NAME')}`,
    twice(schema),
  );
  if (rows.length > 0) return true;
  // information_schema hides a database the user has no privilege on, so "no row" is not yet
  // "does not exist": ask the server directly. It answers ER_BAD_DB_ERROR for a missing database
  // and ER_DBACCESS_DENIED_ERROR when the user may not use it (also, to a user without global
  // privileges, for one that does not exist — the message says both).
  try {
    await connection.query(`SHOW TABLES FROM ${quoteMysqlIdentifier(schema)} LIKE ''`);
    return true;
  } catch (error) {
    // A lost connection stays an error. Otherwise only a refusal changes the answer: any other
    // server error (ER_BAD_DB_ERROR, or a name it cannot even parse, such as an emoji on MariaDB)
    // means there is no such database to use.
    if ((error as { fatal?: unknown }).fatal === true) throw error;
    if ((error as { code?: unknown }).code !== 'ER_DBACCESS_DENIED_ERROR') return false;
    throw new EngineError(
      'PERMISSION_DENIED',
      `The user may not use database "${schema}" (MySQL refused: ${(error as Error).message}). Grant it access, or check the name.`,
      { cause: error },
    );
  }
}

/** `TABLE_ROWS` of one table (InnoDB's estimate): asked by name, so the server opens only that table. */
export async function mysqlRowEstimate(connection: Connection, table: TableRef): Promise<number | null> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_ROWS AS estimate FROM information_schema.TABLES
      WHERE ${sameMysqlName('TABLE_SCHEMA')} AND ${sameMysqlName('TABLE_NAME')}`,
    [...twice(table.schema), ...twice(table.table)],
  );
  const estimate: unknown = rows[0]?.estimate;
  return estimate === null || estimate === undefined ? null : Number(estimate);
}

export async function listMysqlTables(connection: Connection, schema: string): Promise<TableInfo[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS name, TABLE_TYPE AS type, TABLE_ROWS AS estimate,
            DATA_LENGTH + INDEX_LENGTH AS size FROM information_schema.TABLES
      WHERE ${sameMysqlName('TABLE_SCHEMA')} ORDER BY TABLE_NAME`,
    twice(schema),
  );
  return rows.map((row) => ({
    name: String(row.name),
    kind: row.type === 'VIEW' ? 'view' : 'table',
    rowEstimate: row.estimate === null || row.estimate === undefined ? null : Number(row.estimate),
    // A view has no storage: NULL lengths.
    sizeBytes: row.size === null || row.size === undefined ? null : Number(row.size),
  }));
}

export async function listMysqlTablesWithPrefix(
  connection: Connection,
  schema: string,
  prefix: string,
): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE ${sameMysqlName('TABLE_SCHEMA')}
        AND LEFT(CAST(TABLE_NAME AS BINARY), LENGTH(CAST(? AS BINARY))) = CAST(? AS BINARY)`,
    [...twice(schema), prefix, prefix],
  );
  return rows.map((row) => String(row.name));
}

/** MariaDB stores JSON as LONGTEXT plus a `json_valid()` CHECK; find those columns. */
async function jsonColumns(connection: Connection, table: TableRef): Promise<Set<string>> {
  try {
    const [rows] = await connection.query<RowDataPacket[]>(
      `SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS
        WHERE ${sameMysqlName('CONSTRAINT_SCHEMA')} AND ${sameMysqlName('TABLE_NAME')}`,
      [...twice(table.schema), ...twice(table.table)],
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

/**
 * Primary-key columns and their positions. A query of its own, filtered on schema and table in
 * the WHERE clause: joined to COLUMNS, the server scanned every database and opened every table
 * ("Open_full_table; Scanned all databases" in EXPLAIN), so it waited behind any metadata lock on
 * the server. This form reads one .frm ("Open_frm_only; Scanned 0 databases").
 */
async function primaryKeyPositions(connection: Connection, table: TableRef): Promise<Map<string, number>> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name, SEQ_IN_INDEX AS pos FROM information_schema.STATISTICS
      WHERE ${sameMysqlName('TABLE_SCHEMA')} AND ${sameMysqlName('TABLE_NAME')} AND INDEX_NAME = 'PRIMARY'`,
    [...twice(table.schema), ...twice(table.table)],
  );
  return new Map(rows.map((row) => [String(row.name), Number(row.pos)]));
}

export async function describeMysqlTable(connection: Connection, table: TableRef): Promise<LogicalColumn[] | null> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def,
            CASE WHEN EXTRA LIKE '%GENERATED%' OR IS_GENERATED = 'ALWAYS' THEN GENERATION_EXPRESSION END AS generated
       FROM information_schema.COLUMNS
      WHERE ${sameMysqlName('TABLE_SCHEMA')} AND ${sameMysqlName('TABLE_NAME')}
      ORDER BY ORDINAL_POSITION`,
    [...twice(table.schema), ...twice(table.table)],
  );
  if (rows.length === 0) return null;
  const json = await jsonColumns(connection, table);
  const primaryKey = await primaryKeyPositions(connection, table);
  return rows.map((row) => {
    const name = String(row.name);
    const type = String(row.type);
    const column: LogicalColumn = {
      name,
      nativeType: json.has(name) ? 'json' : type,
      logical: mysqlToLogical(type, json.has(name)),
      nullable: row.nullable === 'YES',
      primaryKeyPosition: primaryKey.get(name) ?? null,
      default: row.def === null || row.def === undefined ? null : String(row.def),
    };
    if (row.generated !== null && row.generated !== undefined) column.generated = String(row.generated);
    return column;
  });
}
