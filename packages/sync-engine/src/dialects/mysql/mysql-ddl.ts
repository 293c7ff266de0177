import type { TableRef } from '../../contract.js';
import type { DdlBuilder } from '../../dialect.js';

/** Backticks, embedded ones doubled (works whatever sql_mode says about ANSI_QUOTES). */
export function quoteMysqlIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A string literal; backslashes escaped too (our sessions keep sql_mode without NO_BACKSLASH_ESCAPES). */
function quoteMysqlLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function qualifyMysql(table: TableRef): string {
  return `${quoteMysqlIdentifier(table.schema)}.${quoteMysqlIdentifier(table.table)}`;
}

export const mysqlDdl: DdlBuilder = {
  createTable(table, columns) {
    const lines = columns.map(
      (column) =>
        `  ${quoteMysqlIdentifier(column.name)} ${column.nativeType}${column.nullable ? ' NULL' : ' NOT NULL'}`,
    );
    const pk = columns
      .filter((column) => column.primaryKeyPosition !== null)
      .sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0))
      .map((column) => quoteMysqlIdentifier(column.name));
    if (pk.length > 0) lines.push(`  PRIMARY KEY (${pk.join(', ')})`);
    // utf8mb4 holds all of Unicode. A binary collation keeps 'a' and 'A' distinct, as they are in
    // PostgreSQL; it must also be NO PAD, or 'a' and 'a ' are the same key (utf8mb4_bin is PAD
    // SPACE). Each server runs only its own comment: MySQL 8 the /*!80000 … */ (utf8mb4_0900_bin),
    // MariaDB 10.2+ the /*M!100202 … */ (utf8mb4_nopad_bin; it skips MySQL 5.7+ version comments).
    // See decision 113.
    return `CREATE TABLE ${qualifyMysql(table)} (\n${lines.join(',\n')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 /*!80000 COLLATE=utf8mb4_0900_bin */ /*M!100202 COLLATE=utf8mb4_nopad_bin */`;
  },
  createTableLike(table, like) {
    return `CREATE TABLE ${qualifyMysql(table)} LIKE ${qualifyMysql(like)}`;
  },
  createSchemaIfMissing(schema) {
    // The same charset and collation as the tables this engine creates.
    return `CREATE DATABASE IF NOT EXISTS ${quoteMysqlIdentifier(schema)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`;
  },
  dropTable(table) {
    return `DROP TABLE IF EXISTS ${qualifyMysql(table)}`;
  },
  truncate(table) {
    return `TRUNCATE TABLE ${qualifyMysql(table)}`;
  },
  setComment(table, comment) {
    return `ALTER TABLE ${qualifyMysql(table)} COMMENT = ${quoteMysqlLiteral(comment)}`;
  },
  swap(live, staging, old) {
    // One RENAME TABLE statement is atomic: readers see the old table or the new one, never none.
    return old
      ? `RENAME TABLE ${qualifyMysql(live)} TO ${qualifyMysql(old)}, ${qualifyMysql(staging)} TO ${qualifyMysql(live)}`
      : `RENAME TABLE ${qualifyMysql(staging)} TO ${qualifyMysql(live)}`;
  },
};
