/**
 * @pipecraft/sync-engine — public surface. The API package imports only from here.
 *
 *   testConnection(config): Promise<ConnectionTestResult>          — bounded by config.connectTimeoutMs, throws EngineError
 *   listSchemas(config, { all? }): Promise<string[]>                — PostgreSQL hides system schemas; MySQL: the connection's database, or every database with `all`
 *   listTables(config, schema): Promise<TableInfo[]>
 *   listColumns(config, { schema, table }): Promise<ColumnInfo[]>    — TABLE_NOT_FOUND when missing
 *   planSync({ source, destination, writeMode?, … }): Promise<SyncPlan> — touches nothing; with a mode, checks its options
 *   checkSyncOptions(source, mode): Promise<void>                    — a mode's options against the source table (SYNC_OPTIONS_INVALID)
 *   runSync(request: SyncRequest): Promise<SyncResult>
 *   serverIdentity(config): Promise<ServerIdentity>                 — who the server is, as it says itself
 *   tableIdentity(identity, table): string                          — equal ⇔ same table (truncation, case folding applied)
 *   readRunMarker(config, table): Promise<string | null>            — the run whose rows the table holds (after a lost outcome)
 *   readRunState(config, table): Promise<RunState | null>            — the same for append/merge modes, with their watermark
 *
 * The engine's terms, each defined once here for the store, the API's zod enums and the web:
 *   DIALECT_NAMES / DialectName, listDialects()          — name, label, default port
 *   WRITE_MODE_NAMES / WriteModeName, listWriteModes()   — name, label, description
 *   DEFAULT_CONNECT_TIMEOUT_MS                           — when ConnectionConfig.connectTimeoutMs is unset
 */
export type * from './contract.js';
export type { SyncRequest, WriteMode } from './sync-request.js';
export { EngineError, isEngineError } from './engine-error.js';
export { DEFAULT_CONNECT_TIMEOUT_MS } from './connect-timeout.js';
export { DEFAULT_LOCK_WAIT_MS } from './lock-wait.js';
export { RUN_PHASES, type RunPhase, type PhaseEvent } from './run-phases.js';
export { DIALECT_NAMES } from './dialects/dialect-names.js';
export { TLS_MODES, DEFAULT_TLS_MODE } from './tls-modes.js';
export { listDialects } from './dialects/index.js';
export type { DialectDescriptor } from './dialects/index.js';
export { WRITE_MODE_NAMES, listWriteModes } from './write-modes/index.js';
export {
  CURSOR_WRITE_MODES,
  KEYED_WRITE_MODES,
  DELETE_MISSING_POLICIES,
  SOFT_DELETE_COLUMN,
  type DeleteMissingPolicy,
} from './write-modes/write-mode-names.js';
export type { WriteModeName } from './write-modes/index.js';
export type { WriteModeDescriptor } from './write-modes/write-mode.js';
export { testConnection } from './test-connection.js';
export { listSchemas, listTables, listColumns } from './discovery.js';
export { planSync, checkSyncOptions } from './plan-sync.js';
export type { SyncEndpoints, PlanRequest } from './plan-sync.js';
export type { SyncModeOptions } from './write-modes/mode-plan.js';
export type { ColumnMapping } from './column-mapping.js';
export { DRIFT_POLICIES, type DriftPolicy } from './drift-policies.js';
export { runSync } from './run-sync.js';
export { serverIdentity, tableIdentity } from './server-identity.js';
export { readRunMarker, readRunState } from './run-marker.js';
export type { RunState } from './run-marker.js';
