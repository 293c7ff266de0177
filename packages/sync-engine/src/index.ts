/**
 * @pipecraft/sync-engine — public surface. The API package imports only from here.
 *
 *   testConnection(config): Promise<ConnectionTestResult>          — bounded by config.connectTimeoutMs, throws EngineError
 *   listSchemas(config): Promise<string[]>                           — PostgreSQL hides system schemas; MySQL databases are schemas
 *   listTables(config, schema): Promise<TableInfo[]>
 *   listColumns(config, { schema, table }): Promise<ColumnInfo[]>    — TABLE_NOT_FOUND when missing
 *   planSync({ source, destination }): Promise<SyncPlan>              — touches nothing
 *   runSync(request: SyncRequest): Promise<SyncResult>
 */
export type * from './contract.js';
export { EngineError, isEngineError } from './engine-error.js';
export { testConnection } from './test-connection.js';
export { listSchemas, listTables, listColumns } from './discovery.js';
export { planSync } from './plan-sync.js';
export type { SyncEndpoints } from './plan-sync.js';
export { runSync } from './run-sync.js';
export {
  DIALECT_NAMES,
  WRITE_MODE_NAMES,
  DEFAULT_CONNECT_TIMEOUT_MS,
  listDialects,
  listWriteModes,
  type DialectName,
  type WriteModeName,
} from './terms-stub.js';
