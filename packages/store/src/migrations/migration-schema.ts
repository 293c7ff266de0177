import type { Migration } from '@mikro-orm/migrations';
import { BaseMySqlPlatform, SqlitePlatform } from '@mikro-orm/sql';

type SchemaModule = ReturnType<ReturnType<Migration['getEntityManager']>['getKysely']>['schema'];
/** A column type as Kysely's `addColumn` accepts it. */
type ColumnType = Parameters<ReturnType<SchemaModule['createTable']>['addColumn']>[1];
/** Any schema builder; a migration adds its compiled SQL with `addSql`. */
export interface SchemaStatement {
  compile(): { sql: string };
}

/**
 * What a migration needs to describe tables once for SQLite, PostgreSQL and MySQL/MariaDB:
 * Kysely's schema builder, compiling for the store's dialect (MikroORM 7 replaced knex with Kysely),
 * plus the two places where the DDL differs per dialect.
 */
export interface MigrationSchema {
  schema: SchemaModule;
  /** Millisecond timestamps: `timestamptz(3)`, `datetime(3)`; SQLite's `datetime` (stored as epoch ms). */
  timestamp: ColumnType;
  /**
   * A named unique rule on one column of an existing table: a unique index on SQLite (which cannot
   * add constraints to a table), a constraint on the servers — the statements knex emitted before
   * MikroORM 7, so that stores created then and now have the same shape.
   */
  addUnique(table: string, name: string, column: string): SchemaStatement;
  /** Drops an index: MySQL names its table (`DROP INDEX i ON t`), the others must not. */
  dropIndex(table: string, name: string): SchemaStatement;
}

export function migrationSchema(migration: Migration): MigrationSchema {
  const em = migration.getEntityManager();
  const schema = em.getKysely().schema;
  const platform = em.getPlatform();
  return {
    schema,
    timestamp: platform.getDateTimeTypeDeclarationSQL({ length: 3 }) as ColumnType,
    addUnique: (table, name, column) =>
      platform instanceof SqlitePlatform
        ? schema.createIndex(name).unique().on(table).column(column)
        : schema.alterTable(table).addUniqueConstraint(name, [column]),
    dropIndex: (table, name) =>
      platform instanceof BaseMySqlPlatform ? schema.dropIndex(name).on(table) : schema.dropIndex(name),
  };
}
