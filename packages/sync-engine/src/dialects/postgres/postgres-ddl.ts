import type { TableRef } from '../../contract.js';
import type { DdlBuilder } from '../../dialect.js';
import { quotePostgresLiteral } from './postgres-type-mapper.js';

/** Double quotes, embedded ones doubled: any name (spaces, quotes, unicode, reserved words) survives. */
export function quotePostgresIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualifyPostgres(table: TableRef): string {
  return `${quotePostgresIdentifier(table.schema)}.${quotePostgresIdentifier(table.table)}`;
}

export const postgresDdl: DdlBuilder = {
  createTable(table, columns) {
    const lines = columns.map((column) => {
      const name = quotePostgresIdentifier(column.name);
      let line = `  ${name} ${column.nativeType}${column.nullable ? '' : ' NOT NULL'}`;
      if (column.checkValues) {
        const list = column.checkValues.values.map(quotePostgresLiteral).join(', ');
        line +=
          column.checkValues.kind === 'in'
            ? ` CHECK (${name} IN (${list}))`
            : ` CHECK (${name} <@ ARRAY[${list}]::text[])`;
      }
      return line;
    });
    const pk = columns
      .filter((column) => column.primaryKeyPosition !== null)
      .sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0))
      .map((column) => quotePostgresIdentifier(column.name));
    if (pk.length > 0) lines.push(`  PRIMARY KEY (${pk.join(', ')})`);
    return `CREATE TABLE ${qualifyPostgres(table)} (\n${lines.join(',\n')}\n)`;
  },
  createTableLike(table, like) {
    return `CREATE TABLE ${qualifyPostgres(table)} (LIKE ${qualifyPostgres(like)} INCLUDING ALL)`;
  },
  dropTable(table) {
    return `DROP TABLE IF EXISTS ${qualifyPostgres(table)}`;
  },
  truncate(table) {
    return `TRUNCATE TABLE ${qualifyPostgres(table)}`;
  },
  setComment(table, comment) {
    return `COMMENT ON TABLE ${qualifyPostgres(table)} IS ${quotePostgresLiteral(comment)}`;
  },
  swap(live, staging, old) {
    // Only used by dialects without transactional DDL; PostgreSQL refreshes inside one transaction.
    const parts = [];
    if (old) parts.push(`ALTER TABLE ${qualifyPostgres(live)} RENAME TO ${quotePostgresIdentifier(old.table)}`);
    parts.push(`ALTER TABLE ${qualifyPostgres(staging)} RENAME TO ${quotePostgresIdentifier(live.table)}`);
    return parts.join('; ');
  },
};
