import type { ColumnInfo, ConnectionConfig, TableInfo, TableRef } from './contract.js';
import { EngineError } from './engine-error.js';
import { withSession } from './session-scope.js';
import type { LogicalColumn } from './types/logical-type.js';

/** Columns as the public contract shows them. */
function toColumnInfo(column: LogicalColumn): ColumnInfo {
  return {
    name: column.name,
    nativeType: column.nativeType,
    nullable: column.nullable,
    primaryKeyPosition: column.primaryKeyPosition,
    default: column.default,
  };
}

/**
 * Schemas a user can pick (PostgreSQL hides system schemas). Where a schema is a database (MySQL),
 * the connection's own database is its one schema unless `options.all` asks for every database the
 * server shows: those are usually other people's.
 */
export function listSchemas(config: ConnectionConfig, options: { all?: boolean } = {}): Promise<string[]> {
  return withSession(config, (session) => {
    // Connecting already proved the database exists (a missing one is DATABASE_NOT_FOUND).
    if (session.dialect.capabilities.schemaModel === 'databases' && !options.all && config.database !== '')
      return Promise.resolve([config.database]);
    return session.listSchemas();
  });
}

/** Tables and views in a schema; SCHEMA_NOT_FOUND when the schema is missing. */
export function listTables(config: ConnectionConfig, schema: string): Promise<TableInfo[]> {
  return withSession(config, async (session) => {
    if (!(await session.schemaExists(schema)))
      throw new EngineError('SCHEMA_NOT_FOUND', `Schema "${schema}" does not exist.`);
    return session.listTables(schema);
  });
}

/** Columns of one table in their declared order; TABLE_NOT_FOUND when it is missing. */
export function listColumns(config: ConnectionConfig, table: TableRef): Promise<ColumnInfo[]> {
  return withSession(config, async (session) => {
    const columns = await session.describeTable(table);
    if (!columns) throw new EngineError('TABLE_NOT_FOUND', `Table ${table.schema}.${table.table} does not exist.`);
    return columns.map(toColumnInfo);
  });
}
