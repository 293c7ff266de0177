/**
 * @pipecraft/sync-engine — public surface. The API package imports only from here.
 *
 * To be implemented (see docs/architecture.md and the contract in ./contract.ts):
 *   testConnection(config): Promise<ConnectionTestResult>          — bounded by config.connectTimeoutMs, throws EngineError
 *   listSchemas(config): Promise<string[]>                           — PostgreSQL hides system schemas; MySQL databases are schemas
 *   listTables(config, schema): Promise<TableInfo[]>
 *   listColumns(config, { schema, table }): Promise<ColumnInfo[]>    — TABLE_NOT_FOUND when missing
 *   planSync({ source, destination }): Promise<SyncPlan>              — touches nothing
 *   runSync(request: SyncRequest): Promise<SyncResult>
 */
export type * from './contract.js';
export { EngineError, isEngineError } from './engine-error.js';
