import type { TableRef } from '../../contract.js';
import type { DdlBuilder } from '../../dialect.js';
import { quotePostgresLiteral } from './postgres-type-mapper.js';

/** Double quotes, embedded ones doubled: any name (spaces, quotes, unicode, reserved words) survives. */
export function quotePostgresIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** PostgreSQL's NAMEDATALEN - 1: identifiers are cut to this many bytes. */
const POSTGRES_MAX_IDENTIFIER_BYTES = 63;

/**
 * The name PostgreSQL stores for `name`: at most 63 bytes of UTF-8, cut on a character boundary
 * (as the server's `truncate_identifier` does), so a 70-character name and its first 63 bytes are
 * the same table.
 */
export function truncatePostgresIdentifier(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length <= POSTGRES_MAX_IDENTIFIER_BYTES) return name;
  let end = POSTGRES_MAX_IDENTIFIER_BYTES;
  // Back up over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
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
  createSchemaIfMissing(schema) {
    return `CREATE SCHEMA IF NOT EXISTS ${quotePostgresIdentifier(schema)}`;
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
