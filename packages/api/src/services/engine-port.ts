import * as syncEngine from '@pipecraft/sync-engine';
import type {
  ColumnInfo,
  ConnectionConfig,
  ConnectionTestResult,
  PlanRequest,
  ServerIdentity,
  SyncModeOptions,
  SyncPlan,
  TableInfo,
  TableRef,
} from '@pipecraft/sync-engine';

/** One side of a planned sync: a connection and a table in it. */
interface EngineEndpoint {
  connection: ConnectionConfig;
  table: TableRef;
}

/**
 * The part of `@pipecraft/sync-engine` the API calls (tests, discovery, previews; runs go through
 * the runner). Services receive it as a dependency so the server wires the real engine once (and a
 * test may wrap it, e.g. to count calls).
 */
export interface SyncEnginePort {
  testConnection(config: ConnectionConfig): Promise<ConnectionTestResult>;
  listSchemas(config: ConnectionConfig, options?: { all?: boolean }): Promise<string[]>;
  listTables(config: ConnectionConfig, schema: string): Promise<TableInfo[]>;
  listColumns(config: ConnectionConfig, table: TableRef): Promise<ColumnInfo[]>;
  planSync(request: PlanRequest): Promise<SyncPlan>;
  /** A mode's options against the source table (cursor type, key); SYNC_OPTIONS_INVALID names the column. */
  checkSyncOptions(source: EngineEndpoint, mode: SyncModeOptions): Promise<void>;
  /** Who the server behind `config` is (same-table and same-destination checks at save time). */
  serverIdentity(config: ConnectionConfig): Promise<ServerIdentity>;
}

/** The real engine. */
export const defaultEngine: SyncEnginePort = syncEngine;
